"""Scenario components, one module each: the declaration of every field."""
