"""The peacetalks test suite."""
