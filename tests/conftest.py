"""Test-wide settings and fixtures."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import settings

from peacetalks import parallel

# Speed is measured in benchmarks/, never asserted by a test: hypothesis's
# per-example deadline would fail examples on a busy machine, not on a bug.
# `pytest` runs each property 50 times (a contributor's quick run); CI sets
# HYPOTHESIS_PROFILE=thorough for hypothesis's usual 100.  Properties that
# set their own max_examples run that many either way.
settings.register_profile("peacetalks", deadline=None, max_examples=50)
settings.register_profile("thorough", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "peacetalks"))


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the process pools `extract_stream` starts."""
    started: list[int] = []
    in_pool = parallel._in_pool

    def spy(articles: Any, lexicon: Any, workers: int, *rest: Any) -> Any:
        started.append(workers)
        return in_pool(articles, lexicon, workers, *rest)

    monkeypatch.setattr(parallel, "_in_pool", spy)
    return started
