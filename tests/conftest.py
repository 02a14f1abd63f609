"""Test-wide settings."""

from hypothesis import settings

# Speed is measured in benchmarks/, never asserted by a test: hypothesis's
# per-example deadline would fail examples on a busy machine, not on a bug.
settings.register_profile("peacetalks", deadline=None)
settings.load_profile("peacetalks")
