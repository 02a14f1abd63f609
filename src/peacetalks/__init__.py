"""peacetalks: news coverage of peace negotiations as typed, comparable data.

>>> import peacetalks as pt
>>> corpus = pt.datasets.sample()
>>> corpus
<Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>
>>> corpus[0].published.label
'2022-03-29'
>>> corpus.extract().filter(metric="tanks").demands[0].quantity.value
342.0
"""

from peacetalks import datasets, errors, serialize
from peacetalks._version import __version__
from peacetalks.comparison import (
    Comparison,
    Move,
    Proposal,
    ProposalsTable,
    compare,
    moves,
    proposals_table,
)
from peacetalks.corpus import Corpus
from peacetalks.errors import (
    DecodeError,
    DuplicateIdError,
    FieldValueError,
    FormatError,
    LoadError,
    MissingExtraError,
    PeacetalksError,
    SchemaVersionError,
    UnknownNameError,
    ValidationError,
    WorkerError,
    WorkerTimeoutError,
    WriteError,
)
from peacetalks.extract.demands import extract_demands
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.positions import extract_positions
from peacetalks.extract.protocol import Extractor
from peacetalks.findings import Findings

# Provides seams.PARQUET (Findings.save to .parquet); pyarrow is imported
# only when a Parquet file is written or read.
from peacetalks.integrations import parquet as _parquet  # noqa: F401
from peacetalks.io import (
    Loader,
    LoadReport,
    iter_articles,
    iter_findings,
    load,
    load_findings,
    save,
    save_findings,
)
from peacetalks.io.dates import parse_date
from peacetalks.io.report import LoadWarning
from peacetalks.io.sources import ArchiveLimits
from peacetalks.lexicon import Lexicon
from peacetalks.model import (
    Act,
    Article,
    Bound,
    Demand,
    Evidence,
    Modality,
    Position,
    Precision,
    Producer,
    Published,
    Quantity,
    QuantityKind,
    Stance,
    content_id,
)
from peacetalks.parallel import extract_stream
from peacetalks.quantities import Found, find_quantities
from peacetalks.serialize import SCHEMA_VERSION, Finding, converter, dumps, loads
from peacetalks.stances import (
    Agreement,
    Clash,
    StanceCell,
    StanceChange,
    StanceMatrix,
    clashes,
    common_ground,
    stance_changes,
    stance_matrix,
)

__all__ = [
    "SCHEMA_VERSION",
    "Act",
    "Agreement",
    "ArchiveLimits",
    "Article",
    "Bound",
    "Clash",
    "Comparison",
    "Corpus",
    "DecodeError",
    "Demand",
    "DuplicateIdError",
    "Evidence",
    "Extractor",
    "FieldValueError",
    "Finding",
    "Findings",
    "FormatError",
    "Found",
    "Lexicon",
    "LoadError",
    "LoadReport",
    "LoadWarning",
    "Loader",
    "MissingExtraError",
    "Modality",
    "Move",
    "PeacetalksError",
    "Position",
    "Precision",
    "Producer",
    "Proposal",
    "ProposalsTable",
    "Published",
    "Quantity",
    "QuantityKind",
    "RuleExtractor",
    "SchemaVersionError",
    "Stance",
    "StanceCell",
    "StanceChange",
    "StanceMatrix",
    "UnknownNameError",
    "ValidationError",
    "WorkerError",
    "WorkerTimeoutError",
    "WriteError",
    "__version__",
    "clashes",
    "common_ground",
    "compare",
    "content_id",
    "converter",
    "datasets",
    "dumps",
    "errors",
    "extract_demands",
    "extract_positions",
    "extract_stream",
    "find_quantities",
    "iter_articles",
    "iter_findings",
    "load",
    "load_findings",
    "loads",
    "moves",
    "parse_date",
    "proposals_table",
    "save",
    "save_findings",
    "serialize",
    "stance_changes",
    "stance_matrix",
]
