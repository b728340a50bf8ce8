"""The scenario language: YAML with units, uncertain values and time paths, validated into a Scenario."""
