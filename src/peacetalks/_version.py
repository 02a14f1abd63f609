"""The single place the version of peacetalks is defined."""

__version__ = "0.1.0"
