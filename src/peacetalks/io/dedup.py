"""Finding the same story loaded twice, and deciding what to do about it.

`find_duplicates` reports clusters of articles that carry the same story:
*exact* duplicates (the same text once whitespace, case and punctuation are
normalised away, or the same id) and *near* duplicates (a syndicated copy
with another headline, an added caption or boilerplate line, a paragraph
reworded).  `apply_policy` then keeps, drops or merges them as the user
chooses.  Nothing is dropped unless a policy says so, and ``"merge"``
records every article it folds in.

>>> from peacetalks import Article
>>> story = (
...     "Russian and Ukrainian negotiators met in Istanbul on Tuesday for the "
...     "first face-to-face talks in more than two weeks, and both sides said "
...     "afterwards that the meeting had been constructive."
... )
>>> wire = Article(title="Talks resume in Istanbul", text=story, id="wire")
>>> copy = Article(
...     title="Negotiators meet again",
...     text=story.upper().replace(",", " ,") + " (Reporting by the wire desk.)",
...     id="copy",
... )
>>> other = Article(title="Grain deal", text="Ships left Odesa on Monday.", id="x")
>>> [cluster] = find_duplicates([wire, other, copy])
>>> cluster.ids, cluster.kind, round(cluster.similarity, 2)
(('wire', 'copy'), 'near', 0.85)
>>> [a.id for a in apply_policy([wire, other, copy], [cluster], "keep-first")]
['wire', 'x']
>>> merged = apply_policy([wire, other, copy], [cluster], "merge")[0]
>>> merged.extra["duplicates"]
[{'id': 'copy', 'path': None}]

How it works:

* **Normalisation.**  A text is NFKC-normalised and case-folded, and split
  into words (runs of letters, digits and ``_``); everything else -- spaces,
  line breaks, punctuation, typographic quotes -- only separates words.
* **Exact duplicates** share the BLAKE2b hash of their normalised words.  A
  text with no words at all is not evidence of anything and is never an
  exact duplicate (articles with the same id still are).
* **Near duplicates** are pairs whose sets of 5-word shingles have a
  Jaccard similarity of at least ``threshold``.  Each text with at least
  five words gets a 128-value MinHash signature, computed with one
  permutation (a 64-bit BLAKE2b hash of each shingle, split into 128 bins by
  its top 7 bits) and optimal densification for empty bins, so that a
  signature costs one hash per shingle rather than 128.  Signatures are cut
  into bands (LSH); texts sharing a band are candidates, and every candidate
  pair is confirmed with the exact Jaccard similarity of its shingle sets,
  so a false candidate never joins a cluster.  The number of rows per band
  is the largest for which the usual banding estimate finds a pair lying
  exactly at ``threshold`` with probability 99.5% or more (6 rows and 21
  bands at the default 0.8, 42 bands of 3 at 0.5); more similar pairs are
  found almost surely, and texts that share no shingle are never compared.
  No step compares all pairs, and every hash is BLAKE2b, so results are
  the same on every run and machine.
* **Clusters** are the connected components of all these links, so a
  cluster may chain: A is like B and B is like C though A is less like C;
  `DuplicateCluster.similarity` reports the weakest pair.
"""

from __future__ import annotations

import array
import functools
import hashlib
import operator
import re
import struct
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any

import attrs

from peacetalks.errors import one_of
from peacetalks.model import Article, Precision, Published

__all__ = ["POLICIES", "DuplicateCluster", "apply_policy", "find_duplicates"]

#: The policies `apply_policy` understands, in order of how much they change.
POLICIES = ("keep-all", "keep-first", "merge")

_KINDS = ("exact", "near")  # of `DuplicateCluster`

_SHINGLE = 5  # words per shingle
_PERMUTATIONS = 128  # MinHash values per signature (a power of two)
_BIN_SHIFT = 64 - (_PERMUTATIONS.bit_length() - 1)  # top bits pick the bin
_EMPTY = 1 << 64  # greater than any 64-bit hash: marks an empty bin
_RECALL = 0.995  # chance of finding a pair whose similarity is the threshold
_PAIRWISE_LIMIT = 100  # distinct texts compared pairwise for `similarity`
_SHINGLE_CACHE = 1024  # shingle sets kept while confirming candidates

_WORD = re.compile(r"\w+")


# -- the result -------------------------------------------------------------


def _to_strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _to_paths(values: Iterable[str | None]) -> tuple[str | None, ...]:
    return tuple(values)


@attrs.frozen
class DuplicateCluster:
    """Articles that carry the same story.

    Args:
        ids: The articles' ids in the order they were first seen, one per
            article (an id loaded twice appears twice).
        kind: ``"exact"`` when every member has the same normalised text (or
            the same id), ``"near"`` otherwise.
        similarity: The lowest Jaccard similarity of the 5-word shingle sets
            of any two members; 1.0 for an exact cluster.  It may be below
            the threshold when the cluster chains.  For a cluster of more than
            100 distinct texts, only the pairs among the first 100 are
            compared, so the value is an upper bound.
        paths: The file each article was loaded from, aligned with ``ids``.

    >>> cluster = DuplicateCluster(["a", "b"], "exact", 1.0, ["x.json", None])
    >>> cluster.ids, cluster.paths
    (('a', 'b'), ('x.json', None))
    """

    ids: tuple[str, ...] = attrs.field(converter=_to_strings)
    kind: str = attrs.field(validator=attrs.validators.in_(_KINDS))
    similarity: float = attrs.field(converter=float)
    paths: tuple[str | None, ...] = attrs.field(converter=_to_paths)

    def __attrs_post_init__(self) -> None:
        if len(self.ids) < 2:
            msg = f"a DuplicateCluster needs two or more ids (got {self.ids!r})"
            raise ValueError(msg)
        if len(self.paths) != len(self.ids):
            msg = (
                f"a DuplicateCluster needs one path per id "
                f"(got {len(self.ids)} ids and {len(self.paths)} paths)"
            )
            raise ValueError(msg)
        if not 0.0 <= self.similarity <= 1.0:
            msg = f"'similarity' must be between 0 and 1 (got {self.similarity!r})"
            raise ValueError(msg)


# -- text to shingles and signatures ----------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _shingle_strings(words: Sequence[str]) -> Iterator[str]:
    """The ``_SHINGLE``-word shingles in order; a shorter text is one shingle."""
    if len(words) < _SHINGLE:
        return iter([" ".join(words)] if words else [])
    return map(" ".join, zip(*(words[i:] for i in range(_SHINGLE)), strict=False))


def _shingles(words: Sequence[str]) -> frozenset[str]:
    return frozenset(_shingle_strings(words))


_encode = operator.methodcaller("encode", "utf-8", "surrogatepass")
_blake2b64 = functools.partial(hashlib.blake2b, digest_size=8)
_digest = operator.methodcaller("digest")
_from_bytes = functools.partial(int.from_bytes, byteorder="little")


def _hash64(data: bytes) -> int:
    return _from_bytes(_blake2b64(data).digest())


@functools.cache
def _probes() -> tuple[tuple[int, ...], ...]:
    """For each bin, a fixed pseudo-random order of the bins to borrow from."""

    def order(slot: int) -> tuple[int, ...]:
        others = (j for j in range(_PERMUTATIONS) if j != slot)
        return tuple(
            sorted(others, key=lambda j: _hash64(f"probe {slot} {j}".encode()))
        )

    return tuple(order(slot) for slot in range(_PERMUTATIONS))


def _signature(shingles: Iterable[str]) -> list[int]:
    """A densified one-permutation MinHash signature of a non-empty set."""
    # Every step is a C-level map, which matters at one hash per shingle.
    values = sorted(
        map(_from_bytes, map(_digest, map(_blake2b64, map(_encode, shingles)))),
        reverse=True,
    )
    # Smaller values come later and overwrite: each bin keeps its minimum.
    by_bin = dict(
        zip(map(operator.rshift, values, repeat(_BIN_SHIFT)), values, strict=True)
    )
    bins = [by_bin.get(slot, _EMPTY) for slot in range(_PERMUTATIONS)]
    if _EMPTY in bins:
        # Optimal densification (Shrivastava, 2017): an empty bin takes the
        # value of the first non-empty bin in its own fixed probe order, so
        # two similar sets borrow alike.
        filled = list(bins)
        probes = _probes()
        for slot, value in enumerate(bins):
            if value == _EMPTY:
                donor = next(j for j in probes[slot] if bins[j] != _EMPTY)
                filled[slot] = bins[donor]
        bins = filled
    return bins


def _bands(threshold: float) -> tuple[int, int]:
    """Choose ``(bands, rows)``: as many rows as recall at ``threshold`` allows."""
    for rows in range(_PERMUTATIONS, 0, -1):
        bands = _PERMUTATIONS // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= _RECALL:
            return bands, rows
    return _PERMUTATIONS, 1


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


# -- union-find ---------------------------------------------------------------


class _Components:
    """Union-find over article positions, remembering near-duplicate links."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.near: set[int] = set()  # roots of components joined by a near link

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    def union(self, a: int, b: int, *, near: bool = False) -> bool:
        """Join the components of ``a`` and ``b``; the smaller position wins."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        root, other = min(root_a, root_b), max(root_a, root_b)
        self.parent[other] = root
        if near or other in self.near or root in self.near:
            self.near.discard(other)
            self.near.add(root)
        return True


# -- finding duplicates -------------------------------------------------------


def find_duplicates(
    articles: Iterable[Article], *, threshold: float = 0.8
) -> list[DuplicateCluster]:
    """Find clusters of articles that carry the same story.

    Args:
        articles: The articles, in any iterable; it is read once.
        threshold: The lowest Jaccard similarity of two texts' 5-word shingle
            sets that makes them near duplicates, above 0 and at most 1.
            Texts of fewer than five words are compared exactly only.

    Returns:
        The clusters of two or more articles, ordered by the position of
        their first member; articles in no cluster are duplicates of none.

    Raises:
        ValueError: If ``threshold`` is not in (0, 1].

    >>> from peacetalks import Article
    >>> a = Article(title="A", text="Talks resume in Istanbul.")
    >>> b = Article(title="B", text=" TALKS  resume in ISTANBUL")
    >>> [cluster] = find_duplicates([a, b, Article(title="C", text="Other.")])
    >>> cluster.ids == (a.id, b.id), cluster.kind, cluster.similarity
    (True, 'exact', 1.0)
    """
    if isinstance(threshold, bool) or not (
        isinstance(threshold, int | float) and 0.0 < threshold <= 1.0
    ):
        msg = f"'threshold' must be above 0 and at most 1 (got {threshold!r})"
        raise ValueError(msg)
    bands, rows = _bands(float(threshold))
    band_pack = struct.Struct(f"<{rows}Q").pack

    kept: list[Article] = []
    keys: list[bytes | None] = []  # each article's normalised-text hash
    by_id: dict[str, int] = {}
    by_text: dict[bytes, int] = {}
    candidates: list[int] = []  # positions of the texts in the LSH index
    # One compact array of 64-bit band hashes per band: 8 bytes per text.
    band_keys = [array.array("Q") for _ in range(bands)]
    components = _Components()

    for article in articles:
        position = components.add()
        kept.append(article)
        words = _words(article.text)
        key = (
            hashlib.blake2b(
                "\x20".join(words).encode("utf-8", "surrogatepass"), digest_size=16
            ).digest()
            if words
            else None
        )
        keys.append(key)
        first = by_id.setdefault(article.id, position)
        if first != position:
            components.union(first, position)
        if key is None:
            continue
        first = by_text.setdefault(key, position)
        if first != position:
            components.union(first, position)
        elif len(words) >= _SHINGLE:
            signature = _signature(_shingle_strings(words))
            candidates.append(position)
            for band, keys_of_band in enumerate(band_keys):
                values = signature[band * rows : (band + 1) * rows]
                keys_of_band.append(_hash64(band_pack(*values)))

    @functools.lru_cache(maxsize=_SHINGLE_CACHE)
    def shingles_of(position: int) -> frozenset[str]:
        return _shingles(_words(kept[position].text))

    find = components.find
    rejected: set[tuple[int, int]] = set()
    for keys_of_band in band_keys:
        order = sorted(range(len(candidates)), key=keys_of_band.__getitem__)
        start = 0
        while start < len(order):
            stop = start + 1
            bucket_key = keys_of_band[order[start]]
            while stop < len(order) and keys_of_band[order[stop]] == bucket_key:
                stop += 1
            if stop - start > 1:
                bucket = sorted(candidates[i] for i in order[start:stop])
                for index, a in enumerate(bucket):
                    for b in bucket[index + 1 :]:
                        if find(a) == find(b) or (a, b) in rejected:
                            continue
                        if _jaccard(shingles_of(a), shingles_of(b)) >= threshold:
                            components.union(a, b, near=True)
                        else:
                            rejected.add((a, b))
            start = stop

    members: dict[int, list[int]] = {}
    for position in range(len(kept)):
        members.setdefault(components.find(position), []).append(position)
    clusters = []
    for root, positions in members.items():  # roots are in first-seen order
        if len(positions) < 2:
            continue
        near = root in components.near
        similarity = 1.0
        if near:
            distinct: dict[bytes | None, int] = {}
            for position in positions:
                # Every text without words is its own distinct text.
                distinct.setdefault(keys[position] or position.to_bytes(8), position)
            sample = [shingles_of(p) for p in list(distinct.values())[:_PAIRWISE_LIMIT]]
            similarity = min(
                (
                    _jaccard(a, b)
                    for index, a in enumerate(sample)
                    for b in sample[index + 1 :]
                ),
                default=1.0,
            )
        clusters.append(
            DuplicateCluster(
                ids=(kept[p].id for p in positions),
                kind="near" if near else "exact",
                similarity=similarity,
                paths=(kept[p].path for p in positions),
            )
        )
    return clusters


# -- policies ---------------------------------------------------------------


_RANK = {
    Precision.UNKNOWN: 0,
    Precision.YEAR: 1,
    Precision.MONTH: 2,
    Precision.DAY: 3,
}


def _better_date(current: Published, other: Published) -> Published:
    """Take ``other`` if it is more precise and agrees with ``current``."""
    if _RANK[other.precision] <= _RANK[current.precision]:
        return current
    if current.range is not None and other.range is not None:
        low, high = current.range
        if not low <= other.range[0] <= other.range[1] <= high:
            return current  # a contradiction is not a refinement
    return other


def _recorded(article: Article) -> list[Any]:
    """The duplicates already recorded in ``article.extra``."""
    recorded = article.extra.get("duplicates", [])
    if not isinstance(recorded, list):
        msg = (
            f"article {article.id!r} has extra['duplicates'] of type "
            f"{type(recorded).__name__}; 'merge' needs a list there"
        )
        raise TypeError(msg)
    return list(recorded)


def _merge(keeper: Article, others: Sequence[Article]) -> Article:
    url, outlet, language = keeper.url, keeper.outlet, keeper.language
    authors, published = keeper.authors, keeper.published
    duplicates = _recorded(keeper)
    for other in others:
        url = url or other.url
        outlet = outlet or other.outlet
        language = language or other.language
        authors = authors or other.authors
        published = _better_date(published, other.published)
        duplicates.append({"id": other.id, "path": other.path})
        duplicates.extend(_recorded(other))
    extra: Mapping[str, Any] = {**keeper.extra, "duplicates": duplicates}
    return keeper.replace(
        url=url,
        outlet=outlet,
        language=language,
        authors=authors,
        published=published,
        extra=extra,
    )


def apply_policy(
    articles: Sequence[Article], clusters: Sequence[DuplicateCluster], policy: str
) -> list[Article]:
    """Resolve duplicate clusters by ``policy``.

    Args:
        articles: The articles the clusters were found in.
        clusters: The clusters, from `find_duplicates`.
        policy: One of `POLICIES`:

            * ``"keep-all"``: every article, unchanged.
            * ``"keep-first"``: the first article of each cluster (the first
              in ``articles`` whose id is in it); the others are dropped.
            * ``"merge"``: as ``"keep-first"``, but the article kept takes
              the url, outlet, authors and language it lacks from the others,
              in order, and their publication date when its own is unknown or
              less precise (and the more precise date lies within it).  Its
              title, text, id and path stay.  Each article folded in is
              recorded in ``extra["duplicates"]`` as ``{"id": ..., "path":
              ...}``, followed by whatever it had recorded there itself, so
              merging twice never loses an id.

    Returns:
        The articles kept, in their original order.

    Raises:
        ValueError: If ``policy`` is unknown, if a cluster names an id that
            is not among ``articles``, or if an id is in two clusters.
        TypeError: If ``"merge"`` meets an ``extra["duplicates"]`` that is
            not a list.

    >>> from peacetalks import Article
    >>> a = Article(title="A", text="Talks resume.", id="a")
    >>> b = Article(title="B", text="Talks resume!", id="b", outlet="AP")
    >>> merged = apply_policy([a, b], find_duplicates([a, b]), "merge")
    >>> [(m.id, m.outlet, m.extra) for m in merged]
    [('a', 'AP', {'duplicates': [{'id': 'b', 'path': None}]})]
    >>> apply_policy([a, b], [], "drop-all")
    Traceback (most recent call last):
    ...
    ValueError: unknown policy 'drop-all'; expected 'keep-all', 'keep-first' or 'merge'
    """
    if policy not in POLICIES:
        msg = f"unknown policy {policy!r}; expected {one_of(POLICIES)}"
        raise ValueError(msg)
    cluster_of: dict[str, int] = {}
    for number, cluster in enumerate(clusters):
        for article_id in cluster.ids:
            if cluster_of.setdefault(article_id, number) != number:
                msg = f"id {article_id!r} is in two clusters"
                raise ValueError(msg)
    present = {article.id for article in articles}
    missing = [article_id for article_id in cluster_of if article_id not in present]
    if missing:
        msg = f"the clusters name ids that are not among the articles: {missing!r}"
        raise ValueError(msg)
    if policy == "keep-all":
        return list(articles)

    keepers: dict[int, int] = {}  # cluster number -> position of its keeper
    folded: dict[int, list[Article]] = {}  # keeper position -> the others
    result: list[Article | None] = []
    for position, article in enumerate(articles):
        if article.id not in cluster_of:
            result.append(article)
            continue
        keeper = keepers.setdefault(cluster_of[article.id], position)
        if keeper == position:
            result.append(article)
            folded[position] = []
        else:
            result.append(None)
            folded[keeper].append(article)
    if policy == "merge":
        for position, others in folded.items():
            keeper_article = result[position]
            assert keeper_article is not None
            result[position] = _merge(keeper_article, others)
    return [article for article in result if article is not None]
