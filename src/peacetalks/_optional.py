"""Optional dependencies, imported when a feature first needs them.

`pandas`, `pyplot`, `dask_bag`, `dask_delayed`, `dask_dataframe`,
`pyarrow` and `parquet` import the module (or function) or raise
`MissingExtraError` naming the extra to install, so ``import peacetalks``
stays light.  The message gives the command both from a package index
(``pip install 'peacetalks[plot]'``) and from a clone of the repository
(``pip install '.[plot]'``): see `peacetalks.errors.install_hint`.

Example:
    >>> pandas("to_pandas()").__name__
    'pandas'
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from peacetalks.errors import MissingExtraError

__all__ = [
    "dask_bag",
    "dask_dataframe",
    "dask_delayed",
    "pandas",
    "parquet",
    "pyarrow",
    "pyplot",
]


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


def dask_bag(feature: str) -> ModuleType:
    """The ``dask.bag`` module, for ``feature`` (the ``dask`` extra)."""
    return _import("dask.bag", "dask", feature)


def dask_delayed(feature: str) -> Any:
    """The ``dask.delayed`` function, for ``feature`` (the ``dask`` extra)."""
    return _import("dask", "dask", feature).delayed


def dask_dataframe(feature: str) -> ModuleType:
    """The ``dask.dataframe`` module, for ``feature`` (the ``dask`` extra)."""
    return _import("dask.dataframe", "dask", feature)


def pyarrow(feature: str) -> ModuleType:
    """The pyarrow module, for ``feature`` (the ``parquet`` extra)."""
    return _import("pyarrow", "parquet", feature)


def parquet(feature: str) -> ModuleType:
    """The ``pyarrow.parquet`` module, for ``feature`` (the ``parquet`` extra)."""
    return _import("pyarrow.parquet", "parquet", feature)
