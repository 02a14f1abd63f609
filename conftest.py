"""Collection rules for every test path, doctests of src/ and docs/ included."""

from __future__ import annotations

import re

import pytest

#: A doctest example that starts worker processes: about three seconds each
#: (every worker imports peacetalks and builds its extractor).
_STARTS_A_POOL = re.compile(r"\bworkers=[2-9]")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Doctests that start a worker pool run with ``-m slow``, as pool tests do."""
    for item in items:
        examples = getattr(getattr(item, "dtest", None), "examples", ())
        if any(_STARTS_A_POOL.search(example.source) for example in examples):
            item.add_marker(pytest.mark.slow)
