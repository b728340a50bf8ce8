"""Sampling and running: seeded draws, correlations, chunks of samples, blocks in order."""
