"""Bridges to other tools, each behind an optional extra.

* `peacetalks.integrations.dask`: a Dask bag of articles read from files,
  extraction mapped over it, and a Dask dataframe of records (the ``dask``
  extra).
* `peacetalks.integrations.parquet`: Parquet files of findings and
  articles, for DuckDB, Spark and pandas (the ``parquet`` extra).

``import peacetalks`` imports neither dask nor pyarrow: import the module
you need.  (It imports `peacetalks.integrations.parquet`, which imports
pyarrow only when a file is written or read, so that `peacetalks.Findings.save`
and `peacetalks.Corpus.save` write a ``.parquet`` file by its suffix.)
"""

from __future__ import annotations

__all__: list[str] = []
