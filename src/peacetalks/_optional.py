"""Optional dependencies, imported when a feature first needs them.

`pandas` and `pyplot` import the module or raise `MissingExtraError`
naming the extra to install, so ``import peacetalks`` stays light.

Example:
    >>> pandas("to_pandas()").__name__
    'pandas'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from peacetalks.errors import MissingExtraError

__all__ = ["pandas", "pyplot"]


def _import(module: str, extra: str, feature: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(extra, feature) from None


def pandas(feature: str) -> ModuleType:
    """The pandas module, for ``feature`` (named in the error if missing)."""
    return _import("pandas", "pandas", feature)


def pyplot(feature: str) -> ModuleType:
    """The pyplot module of matplotlib, for ``feature`` (named if missing)."""
    return _import("matplotlib.pyplot", "plot", feature)
