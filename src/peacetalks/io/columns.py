"""The columns of the flat files peacetalks writes.

Records of findings (`peacetalks.findings.to_record`, ``peacetalks extract``)
and rows of proposals tables (`peacetalks.comparison.ProposalsTable`,
``peacetalks compare``) have fixed keys, in a fixed order: the header of
their CSV files.  They are defined here, below the modules that write them,
because the readers that tell one file from another need them too.

>>> RECORD_KEYS[:5]
('type', 'article', 'path', 'date', 'actor')
>>> set(COMPARISON_KEYS) < set(TABLE_KEYS)
True
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "COMPARISON_KEYS",
    "DEMAND_KEYS",
    "POSITION_KEYS",
    "RECORD_KEYS",
    "TABLE_KEYS",
]

#: The keys of a position's record, in the order they are written.
POSITION_KEYS: Final = (
    "type",
    "article",
    "path",
    "date",
    "actor",
    "issue",
    "stance",
    "act",
    "modality",
    "speaker",
    "quote",
    "start",
    "end",
    "confidence",
    "producer",
    "producer_version",
)

#: The keys of a demand's record, in the order they are written.
DEMAND_KEYS: Final = (
    "type",
    "article",
    "path",
    "date",
    "actor",
    "target",
    "metric",
    "value",
    "low",
    "high",
    "unit",
    "bound",
    "act",
    "modality",
    "speaker",
    "quote",
    "start",
    "end",
    "confidence",
    "producer",
    "producer_version",
)

#: Every record key, in order: the header of a CSV file of records.
RECORD_KEYS: Final = (
    *POSITION_KEYS[:7],
    *DEMAND_KEYS[5:12],
    *POSITION_KEYS[7:],
)


#: The keys of a record of `peacetalks.comparison.ProposalsTable.to_records`
#: that compare the two
#: parties: the same on every record of a metric, computed, never read back.
COMPARISON_KEYS: Final = (
    "compared",
    "gap",
    "ratio",
    "midpoint",
    "more_restrictive",
    "overlap_low",
    "overlap_high",
)

#: The keys of `peacetalks.comparison.ProposalsTable.to_records`, in the order
#: they are written: the columns of a proposals table.  ``source`` and
#: ``outlet`` (the article's outlet, when the table was given the articles)
#: say where a figure comes from, for people; like the comparison, they are
#: not read back.
TABLE_KEYS: Final = (
    "metric",
    "unit",
    "actor",
    "target",
    "value",
    "low",
    "high",
    "bound",
    "act",
    "date",
    "confidence",
    "speaker",
    "source",
    "outlet",
    "article",
    "quote",
    "start",
    "end",
    *COMPARISON_KEYS,
)
