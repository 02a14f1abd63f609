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
  into bands (LSH); texts sharing a band are candidates, and each candidate
  pair is confirmed by the Jaccard similarity of its shingle hashes, so a
  false candidate never joins a cluster.  The number of rows per band is
  the largest for which the usual banding estimate finds a pair lying
  exactly at ``threshold`` with probability 99.5% or more (6 rows and 21
  bands at the default 0.8, 42 bands of 3 at 0.5); more similar pairs are
  found almost surely, and texts that share no shingle are never compared.
  Every hash is BLAKE2b, and no step depends on the input's order beyond
  the order of the clusters, so results are the same on every run and
  machine.
* **Confirming** uses each text's *sketch*: the 4,096 least distinct
  shingle hashes.  A text of at most 4,096 distinct shingles (about 4,000
  words) keeps them all and is compared exactly; beyond that, the
  similarity is estimated as the share of the 4,096 least hashes of both
  texts together that both hold (a bottom-k estimate: about 0.006 standard
  error at 0.8).  The least hashes are a sample drawn from the whole text,
  so two long texts that differ only in their last pages are told apart
  as well as two that differ at the start.
* **Bounded work.**  In each band, a text is compared with at most the 16
  members of its bucket before it: every pair of a bucket of up to 17
  texts, as before, while a larger bucket (many short texts sharing most
  shingles, such as a template with a number changed) costs 16
  comparisons a member, not one per other member.  A large bucket is
  walked in the order of the next band's keys (then of the texts'
  hashes), so that texts alike in that band too are neighbours, and
  members already in one cluster are not compared again.  So a near copy
  in such a bucket is found when it is like one of its 16 neighbours, or
  shares another band with a copy; a pair alike only to each other, in
  crowded buckets in every band it shares, may be missed.  The bound only
  ever leaves links out: each cluster lies within one that comparing
  every pair of every bucket would give.
* **Bounded memory.**  A text is normalised and hashed a chunk of 256K
  characters at a time, so its words and shingles are never all held at
  once; the index keeps a few hundred bytes an article (its hashes and
  8 bytes a band), and at most 32 MiB of sketches at once.
* **Clusters** are the connected components of all these links, so a
  cluster may chain: A is like B and B is like C though A is less like C;
  `DuplicateCluster.similarity` reports the weakest pair.
"""

from __future__ import annotations

import array
import collections
import functools
import hashlib
import heapq
import operator
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
_SKETCH = 4096  # shingle hashes a text's sketch keeps at most
_SKETCH_BYTES = 1 << 25  # sketches kept at once while confirming candidates
_WINDOW = 16  # earlier members of a bucket each member is compared with
_CHUNK = 1 << 18  # characters of a text normalised and hashed at a time

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s")


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
            compared, so the value is an upper bound; for a text of more
            than 4,096 distinct shingles it is estimated from a sample of
            them (see the module's notes).
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


# -- text to words, shingle hashes, signatures and sketches ------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _word_chunks(text: str) -> Iterator[list[str]]:
    """The normalised words of ``text``, about ``_CHUNK`` characters at a time.

    A chunk ends just after a whitespace character: NFKC never composes a
    character across one (whitespace is a starter that nothing composes
    with), case folding maps each character alone, and no word holds one, so
    the chunks' words are exactly ``_words(text)``.  A text shorter than a
    chunk is one chunk, and is not copied.
    """
    start, size = 0, len(text)
    while start < size:
        stop = start + _CHUNK
        if stop < size:
            space = _SPACE.search(text, stop)
            stop = space.end() if space else size
        words = _words(text[start:stop])
        if words:
            yield words
        start = stop


def _shingle_strings(words: Sequence[str]) -> Iterator[str]:
    """The ``_SHINGLE``-word shingles in order; a shorter text is one shingle."""
    if len(words) < _SHINGLE:
        return iter([" ".join(words)] if words else [])
    return map(" ".join, zip(*(words[i:] for i in range(_SHINGLE)), strict=False))


_encode = operator.methodcaller("encode", "utf-8", "surrogatepass")
_blake2b64 = functools.partial(hashlib.blake2b, digest_size=8)
_digest = operator.methodcaller("digest")
_from_bytes = functools.partial(int.from_bytes, byteorder="little")


def _hash64(data: bytes) -> int:
    return _from_bytes(_blake2b64(data).digest())


def _hashes(strings: Iterable[str]) -> list[int]:
    """The 64-bit BLAKE2b hash of each string."""
    # Every step is a C-level map, which matters at one hash per shingle.
    return list(map(_from_bytes, map(_digest, map(_blake2b64, map(_encode, strings)))))


def _shingle_hashes(chunks: Iterable[list[str]]) -> Iterator[list[int]]:
    """The hashes of a text's shingles, one list for each chunk of its words.

    The last words of a chunk begin the first shingles of the next, so the
    shingles are those of all the words at once; a text of fewer than
    ``_SHINGLE`` words is one shingle.
    """
    tail: list[str] = []
    shingled = False
    for words in chunks:
        window = tail + words if tail else words
        if len(window) < _SHINGLE:
            tail = window
            continue
        shingled = True
        yield _hashes(_shingle_strings(window))
        tail = window[1 - _SHINGLE :]
    if tail and not shingled:
        yield _hashes(_shingle_strings(tail))


@functools.cache
def _probes() -> tuple[tuple[int, ...], ...]:
    """For each bin, a fixed pseudo-random order of the bins to borrow from."""

    def order(slot: int) -> tuple[int, ...]:
        others = (j for j in range(_PERMUTATIONS) if j != slot)
        return tuple(
            sorted(others, key=lambda j: _hash64(f"probe {slot} {j}".encode()))
        )

    return tuple(order(slot) for slot in range(_PERMUTATIONS))


def _keep_minima(bins: list[int], values: list[int]) -> None:
    """Lower each bin of a one-permutation MinHash to its least value in ``values``."""
    values.sort(reverse=True)
    # Smaller values come later and overwrite: each bin keeps its minimum.
    by_bin = dict(
        zip(map(operator.rshift, values, repeat(_BIN_SHIFT)), values, strict=True)
    )
    for slot, value in by_bin.items():
        if value < bins[slot]:
            bins[slot] = value


def _densified(bins: list[int]) -> list[int]:
    """The signature of the bins: an empty bin borrows a filled one's value."""
    if _EMPTY not in bins:
        return bins
    # Optimal densification (Shrivastava, 2017): an empty bin takes the
    # value of the first non-empty bin in its own fixed probe order, so two
    # similar sets borrow alike.
    dense = list(bins)
    probes = _probes()
    filled = {slot for slot, value in enumerate(bins) if value != _EMPTY}
    for slot, value in enumerate(bins):
        if value == _EMPTY:
            dense[slot] = bins[next(filter(filled.__contains__, probes[slot]))]
    return dense


def _fingerprint(text: str) -> tuple[bytes | None, list[int] | None]:
    """The hash of a text's normalised words and its MinHash signature.

    The hash is ``None`` for a text without words, the signature for a text
    of fewer than ``_SHINGLE`` words.  The text is read a chunk at a time,
    so the memory this takes does not grow with the text.
    """
    words_hash = hashlib.blake2b(digest_size=16)
    count = 0

    def words_counted() -> Iterator[list[str]]:
        nonlocal count
        for words in _word_chunks(text):
            joined = " ".join(words)
            words_hash.update(_encode(f" {joined}" if count else joined))
            count += len(words)
            yield words

    bins = [_EMPTY] * _PERMUTATIONS
    for values in _shingle_hashes(words_counted()):
        _keep_minima(bins, values)
    if not count:
        return None, None
    return words_hash.digest(), _densified(bins) if count >= _SHINGLE else None


@attrs.frozen
class _Sketch:
    """The least shingle hashes of a text (all of them if ``complete``)."""

    values: array.array[int]  # sorted, distinct
    complete: bool

    @property
    def size(self) -> int:
        """About the bytes the sketch takes."""
        return self.values.itemsize * len(self.values) + 200


def _sketch(text: str) -> _Sketch:
    """The ``_SKETCH`` least distinct shingle hashes of a text (a bottom-k sketch)."""
    kept: set[int] = set()
    complete = True
    for values in _shingle_hashes(_word_chunks(text)):
        kept.update(values)
        if len(kept) > _SKETCH:
            kept = set(heapq.nsmallest(_SKETCH, kept))
            complete = False
    return _Sketch(array.array("Q", sorted(kept)), complete)


def _similarity(a: _Sketch, b: _Sketch) -> float:
    """The Jaccard similarity of two texts' shingle sets, from their sketches.

    Exact (but for 64-bit hash collisions) when both sketches are complete;
    otherwise estimated from the ``_SKETCH`` least hashes of the union, which
    are all in the sketches: the share of them that both texts hold.
    """
    in_a = set(a.values)
    if a.complete and b.complete:
        common = len(in_a.intersection(b.values))
        union = len(a.values) + len(b.values) - common
        return common / union if union else 1.0
    in_b = set(b.values)
    least = heapq.nsmallest(_SKETCH, in_a.union(in_b))
    return sum(1 for value in least if value in in_a and value in in_b) / len(least)


class _Sketches:
    """The articles' sketches, the most recently used kept up to a budget."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles
        self._kept: collections.OrderedDict[int, _Sketch] = collections.OrderedDict()
        self._bytes = 0

    def __call__(self, position: int) -> _Sketch:
        kept = self._kept
        sketch = kept.get(position)
        if sketch is not None:
            kept.move_to_end(position)
            return sketch
        sketch = _sketch(self._articles[position].text)
        kept[position] = sketch
        self._bytes += sketch.size
        while self._bytes > _SKETCH_BYTES and len(kept) > 1:
            self._bytes -= kept.popitem(last=False)[1].size
        return sketch


def _bands(threshold: float) -> tuple[int, int]:
    """Choose ``(bands, rows)``: as many rows as recall at ``threshold`` allows."""
    for rows in range(_PERMUTATIONS, 0, -1):
        bands = _PERMUTATIONS // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= _RECALL:
            return bands, rows
    return _PERMUTATIONS, 1


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


def _buckets(band_keys: Sequence[int]) -> Iterator[list[int]]:
    """The indices that share a band key, for each key shared by two or more."""
    order = sorted(range(len(band_keys)), key=band_keys.__getitem__)
    start = 0
    while start < len(order):
        stop = start + 1
        key = band_keys[order[start]]
        while stop < len(order) and band_keys[order[stop]] == key:
            stop += 1
        if stop - start > 1:
            yield order[start:stop]
        start = stop


def _link(
    bucket: Sequence[int],
    components: _Components,
    similar: Callable[[int, int], bool],
) -> None:
    """Join each member of a bucket with the ``_WINDOW`` before it that it is like.

    In a bucket of at most ``_WINDOW + 1`` members that is every pair; in a
    larger one, each member's comparisons are bounded all the same.
    """
    find = components.find
    if len({find(member) for member in bucket}) == 1:
        return  # joined already: nothing to compare
    for index, b in enumerate(bucket):
        for a in bucket[max(0, index - _WINDOW) : index]:
            if find(a) != find(b) and similar(a, b):
                components.union(a, b, near=True)


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
    candidate_keys: list[bytes] = []  # and their normalised-text hashes
    # One compact array of 64-bit band hashes per band: 8 bytes per text.
    band_keys = [array.array("Q") for _ in range(bands)]
    components = _Components()

    for article in articles:
        position = components.add()
        kept.append(article)
        key, signature = _fingerprint(article.text)
        keys.append(key)
        first = by_id.setdefault(article.id, position)
        if first != position:
            components.union(first, position)
        if key is None:
            continue
        first = by_text.setdefault(key, position)
        if first != position:
            components.union(first, position)
        elif signature is not None:
            candidates.append(position)
            candidate_keys.append(key)
            for band, keys_of_band in enumerate(band_keys):
                values = signature[band * rows : (band + 1) * rows]
                keys_of_band.append(_hash64(band_pack(*values)))

    sketch_of = _Sketches(kept)

    def similar(a: int, b: int) -> bool:
        return _similarity(sketch_of(a), sketch_of(b)) >= threshold

    for band, keys_of_band in enumerate(band_keys):
        # A large bucket is walked in the order of the next band's keys (then
        # of the texts' hashes, which the input's order does not change), so
        # that the members that share that band too are neighbours.
        following = band_keys[(band + 1) % bands]
        for bucket in _buckets(keys_of_band):
            if len(bucket) > _WINDOW + 1:
                bucket.sort(key=lambda i: (following[i], candidate_keys[i]))
            _link([candidates[i] for i in bucket], components, similar)

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
            sample = [sketch_of(p) for p in list(distinct.values())[:_PAIRWISE_LIMIT]]
            similarity = min(
                (
                    _similarity(a, b)
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
