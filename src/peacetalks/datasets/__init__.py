"""Data that ships with peacetalks: the sample articles and the reference figures.

The reference figures (`istanbul_2022`, `proposals`, `check`) are
described in `peacetalks.datasets.reference`.

>>> import peacetalks as pt
>>> corpus = pt.datasets.sample()
>>> [a.outlet for a in corpus]
['Fox News', 'CNN', 'Bloomberg', 'Antiwar.com', 'Business Insider']
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from peacetalks.corpus import Corpus
from peacetalks.datasets.reference import (
    Check,
    CheckStatus,
    Confirmation,
    LeftOut,
    Reference,
    Source,
    Sourced,
    check,
    istanbul_2022,
    left_out,
    proposals,
    proposals_path,
)
from peacetalks.io.loader import Loader

__all__ = [
    "Check",
    "CheckStatus",
    "Confirmation",
    "LeftOut",
    "Reference",
    "Source",
    "Sourced",
    "check",
    "istanbul_2022",
    "left_out",
    "proposals",
    "proposals_path",
    "sample",
    "sample_path",
]


def sample_path() -> Path:
    """The folder of the sample's raw article files and their sidecar.

    Handy to try the loaders on real, messy files:
    ``pt.load(pt.datasets.sample_path(), sidecar=...)``.

    >>> folder = sample_path()
    >>> sorted(path.name for path in folder.iterdir())
    ['000_5cce27d38276c5a9.txt', '001_6f71dc9de3a03945.txt', '002_de5fcd0c532bc2fc.txt',
    '003_3996b4a5bdcd3b6a.txt', '004_159fcc08f260e90c.txt', 'metadata.json']
    """
    root = resources.files("peacetalks.datasets").joinpath("data", "sample")
    return Path(str(root))


@functools.cache
def sample() -> Corpus:
    """The bundled sample: five news articles on Russia-Ukraine talks.

    The five files are real articles as scraped (shuffled paragraphs, photo
    captions and all), read with the ordinary loader: headline, date, URL,
    breadcrumb and author footer are detected and taken out of the text,
    debris is cleaned off (and kept in ``extra["removed"]``).  A sidecar,
    ``metadata.json``, adds what the files do not say: the language, and
    the dates of three of them, inferred from their text and kept at an
    honest precision (two to the day, two to the month).  Paths are given
    relative to the package, as ``sample/<file>``, so the corpus is the
    same on every machine.  It is built once and shared; it is immutable.

    >>> [a.published.label for a in sample()]
    ['2022-03-29', '2022-03', '2025-01', '2022-03-30', '2022-03-29']
    """
    folder = sample_path()
    loader = Loader(sidecar=folder / "metadata.json", pattern="*.txt")
    corpus = loader.load(folder)
    return Corpus(
        article.replace(path=f"sample/{Path(article.path or '').name}")
        for article in corpus
    )
