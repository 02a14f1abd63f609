"""Bridges to other tools, each behind an optional extra.

* `peacetalks.integrations.dask`: a Dask bag of articles read from files,
  extraction mapped over it, and a Dask dataframe of records (the ``dask``
  extra).
* `peacetalks.integrations.parquet`: Parquet files of findings and
  articles, for DuckDB, Spark and pandas (the ``parquet`` extra).

Neither is imported by ``import peacetalks``; import the module you need.
"""

from __future__ import annotations

__all__: list[str] = []
