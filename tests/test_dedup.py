"""Tests for peacetalks.io.dedup: finding duplicate stories and resolving them."""

from __future__ import annotations

import collections
import datetime
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks import Article, Precision, Published
from peacetalks.io.dedup import (
    POLICIES,
    DuplicateCluster,
    apply_policy,
    find_duplicates,
)

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR

#: Corpora are slow to draw; the laws hold or fail on small ones.
laws = settings(max_examples=60, deadline=None)

# -- fixtures: an agency story, its syndicated copy, and look-alikes -----------

AGENCY_PARAGRAPHS = [
    (
        "ISTANBUL, March 29 (Wire) - Russian and Ukrainian negotiators meeting "
        "face to face in Istanbul on Tuesday made the most visible progress in "
        "weeks, as Moscow promised to scale down military operations around Kyiv "
        "and the northern city of Chernihiv."
    ),
    (
        "Ukraine's delegation proposed a neutral status in exchange for security "
        "guarantees from a group of countries that would act much like the mutual "
        "defence clause of the NATO alliance, according to documents shown to "
        "reporters after the session."
    ),
    (
        "Under the proposal, Ukraine would not join military alliances or host "
        "foreign bases, while the status of Crimea would be the subject of "
        "separate talks over a period of fifteen years."
    ),
    (
        "The head of the Russian delegation, Vladimir Medinsky, said the talks had "
        "been constructive and that the proposals would be studied quickly and "
        "reported to President Vladimir Putin."
    ),
    (
        "He said a meeting between Putin and Ukrainian President Volodymyr "
        "Zelenskiy could take place once a draft treaty was ready to be signed by "
        "the foreign ministers of both countries."
    ),
    (
        "Western officials reacted cautiously, saying they would judge Moscow by "
        "its actions rather than its words, and pointing to continued shelling in "
        "the east of the country overnight."
    ),
    (
        "Turkish President Tayyip Erdogan, who welcomed the delegations at the "
        "Dolmabahce Palace, urged both sides to reach a lasting ceasefire and said "
        "Turkey was ready to host a meeting of the two leaders."
    ),
]

AGENCY = "\n\n".join(AGENCY_PARAGRAPHS)

#: The same story as a partner site ran it: another headline, a photo
#: caption, one paragraph edited and the agency's boilerplate kept.
SYNDICATED = "\n\n".join(
    [
        (
            "Delegations arrive for talks at the Dolmabahce Palace in Istanbul. "
            "Photo: Wire"
        ),
        *AGENCY_PARAGRAPHS[:3],
        (
            "The head of the Russian delegation, Vladimir Medinsky, told reporters "
            "the talks had been constructive and that the proposals would be "
            "studied quickly and put to President Putin."
        ),
        *AGENCY_PARAGRAPHS[4:],
        "(Reporting by the Istanbul bureau; Editing by the Europe desk)",
    ]
)

#: A different story on the same talks: it shares names and phrases only.
SAME_TOPIC = (
    "KYIV, March 30 (Wire) - Ukrainian officials said on Wednesday they saw no "
    "sign that Russian forces were pulling back from around Kyiv, a day after "
    "Moscow promised at talks in Istanbul to scale down military operations "
    "there.\n\nA spokesman for the Ukrainian general staff said Russian units "
    "were regrouping rather than withdrawing, and that shelling of the "
    "northern city of Chernihiv had continued through the night.\n\nPresident "
    "Volodymyr Zelenskiy said in an evening video address that Ukrainians were "
    "not naive people and that the signals from the talks could not drown out "
    "the explosions of Russian shells.\n\nThe Kremlin said there had been no "
    "breakthrough in Istanbul and that a great deal of work remained before a "
    "meeting between Putin and Zelenskiy could be considered."
)


def _agency(**fields: Any) -> Article:
    fields.setdefault(
        "title", "Russia promises to scale down operations near Kyiv at Istanbul talks"
    )
    return Article(
        text=AGENCY,
        **fields,
    )


def _syndicated(**fields: Any) -> Article:
    fields.setdefault("title", "Moscow vows to cut back military activity around Kyiv")
    return Article(
        text=SYNDICATED,
        **fields,
    )


def _same_topic(**fields: Any) -> Article:
    fields.setdefault("title", "Kyiv sees no Russian pullback after Istanbul talks")
    return Article(
        text=SAME_TOPIC,
        **fields,
    )


def _ids(clusters: Sequence[DuplicateCluster]) -> list[tuple[str, ...]]:
    return [cluster.ids for cluster in clusters]


# -- strategies ------------------------------------------------------------------

#: A small vocabulary, so that drawn texts share shingles by chance.
WORDS = ("talks", "russia", "ukraine", "ceasefire", "troops", "nato", "kyiv", "the")

#: Word lists, short (compared exactly only) or long enough for near copies.
word_lists = st.lists(st.sampled_from(WORDS), max_size=8) | st.lists(
    st.sampled_from(WORDS), min_size=30, max_size=80
)


@st.composite
def _edited(draw: st.DrawFn, words: list[str]) -> list[str]:
    """A copy of ``words`` with a few words replaced, inserted or deleted."""
    edited = list(words)
    for _ in range(draw(st.integers(0, 2))):
        where = draw(st.integers(0, len(edited)))
        action = draw(st.sampled_from(("replace", "insert", "delete")))
        if action == "insert" or not edited:
            edited.insert(where, draw(st.sampled_from(WORDS)))
        elif action == "delete":
            del edited[min(where, len(edited) - 1)]
        else:
            edited[min(where, len(edited) - 1)] = draw(st.sampled_from(WORDS))
    return edited


def _render(words: list[str], style: int) -> str:
    """Write words out in one of a few styles that normalise alike."""
    if style == 1:
        return "  ".join(word.upper() for word in words) + "."
    if style == 2:
        return ",\n".join(words)
    return " ".join(words)


@st.composite
def corpora_with_duplicates(draw: st.DrawFn) -> list[Article]:
    """Articles among which some are exact or near copies of others."""
    originals = draw(st.lists(word_lists, min_size=1, max_size=6))
    articles = []
    for number in range(draw(st.integers(1, 12))):
        words = draw(st.sampled_from(originals))
        if draw(st.booleans()):
            words = draw(_edited(words))
        text = _render(words, draw(st.integers(0, 2)))
        given_id = draw(st.none() | st.sampled_from(("dup-a", "dup-b")))
        fields: dict[str, Any] = {"path": f"in/{number}.txt"}
        if given_id is not None:
            fields["id"] = given_id
        title = draw(st.sampled_from(("", "Talks", "Talks resume")))
        articles.append(Article(title=title, text=text, **fields))
    return articles


def _as_sets(clusters: Sequence[DuplicateCluster]) -> set[Any]:
    return {
        (tuple(sorted(cluster.ids)), cluster.kind, cluster.similarity)
        for cluster in clusters
    }


# -- DuplicateCluster ------------------------------------------------------------


class TestDuplicateCluster:
    def test_fields(self) -> None:
        """A cluster holds ids, kind, similarity and paths as given."""
        cluster = DuplicateCluster(["a", "b"], "near", 0.9, ["x.txt", None])

        assert cluster.ids == ("a", "b")
        assert cluster.paths == ("x.txt", None)
        assert cluster.similarity == 0.9

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"ids": ("a",), "paths": (None,)}, "two or more"),
            ({"paths": (None,)}, "one path per id"),
            ({"kind": "fuzzy"}, "kind"),
            ({"similarity": 1.5}, "between 0 and 1"),
            ({"similarity": -0.1}, "between 0 and 1"),
        ],
    )
    def test_invalid(self, fields: dict[str, Any], message: str) -> None:
        """An impossible cluster is refused with a message saying why."""
        values: dict[str, Any] = {
            "ids": ("a", "b"),
            "kind": "exact",
            "similarity": 1.0,
            "paths": (None, None),
        }
        with pytest.raises(ValueError, match=message):
            DuplicateCluster(**{**values, **fields})

    def test_frozen(self) -> None:
        """A cluster cannot be changed in place."""
        cluster = DuplicateCluster(("a", "b"), "exact", 1.0, (None, None))

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            cluster.kind = "near"  # type: ignore[misc]  # testing that assignment fails


# -- find_duplicates --------------------------------------------------------------


class TestFindDuplicates:
    def test_syndicated_copy(self) -> None:
        """A syndicated copy with a new headline, caption and paragraph is found."""
        agency, copy = _agency(path="wire.txt"), _syndicated(path="partner.html")

        [cluster] = find_duplicates([agency, _same_topic(), copy])

        assert cluster.ids == (agency.id, copy.id)
        assert cluster.paths == ("wire.txt", "partner.html")
        assert cluster.kind == "near"
        assert 0.8 <= cluster.similarity < 1.0

    def test_same_topic_is_not_a_duplicate(self) -> None:
        """Two different stories on the same talks do not cluster."""
        assert find_duplicates([_agency(), _same_topic()], threshold=0.3) == []

    @pytest.mark.parametrize(
        "variant",
        [
            AGENCY.replace("\n\n", "\n"),
            AGENCY.replace(" ", "   ").replace("\n\n", "\r\n\t"),
            "  " + AGENCY.upper() + "\n",
            AGENCY.replace("Ukraine's", "Ukraine\u2019s").replace(",", " , "),
            AGENCY.replace("-", "\u2014"),
        ],
    )
    def test_exact_copy(self, variant: str) -> None:
        """Copies that differ in whitespace, case or punctuation are exact."""
        agency = _agency()
        copy = Article(title="Another headline", text=variant)

        [cluster] = find_duplicates([agency, copy])

        assert cluster.ids == (agency.id, copy.id)
        assert cluster.kind == "exact"
        assert cluster.similarity == 1.0

    def test_same_id(self) -> None:
        """Articles with one id are one exact cluster, whatever their text."""
        first = _agency(id="story-1", path="a.json")
        second = _same_topic(id="story-1", path="b.json")

        [cluster] = find_duplicates([first, second])

        assert cluster.ids == ("story-1", "story-1")
        assert cluster.paths == ("a.json", "b.json")
        assert cluster.kind == "exact"

    @pytest.mark.parametrize(
        ("threshold", "clustered"),
        [(0.5, True), (0.8, True), (0.95, False), (1.0, False)],
    )
    def test_threshold(self, threshold: float, clustered: bool) -> None:
        """A near copy clusters only when its similarity meets the threshold."""
        clusters = find_duplicates([_agency(), _syndicated()], threshold=threshold)

        assert bool(clusters) is clustered

    @pytest.mark.parametrize("threshold", [0.0, -0.5, 1.01, float("nan"), True])
    def test_invalid_threshold(self, threshold: float) -> None:
        """A threshold outside (0, 1] is refused."""
        with pytest.raises(ValueError, match="'threshold'"):
            find_duplicates([_agency()], threshold=threshold)

    @pytest.mark.parametrize(
        ("first", "second", "clustered"),
        [
            ("Talks resume.", "talks RESUME", True),
            ("Talks resume.", "Talks resumed.", False),
            ("Russia and Ukraine met", "Russia and Ukraine meet", False),
            ("", "", False),
            ("...", "!!!", False),
            ("", "Talks resume.", False),
        ],
    )
    def test_short_texts(self, first: str, second: str, clustered: bool) -> None:
        """Texts shorter than a shingle, or without words, compare exactly only."""
        articles = [Article(title="A", text=first), Article(title="B", text=second)]

        assert bool(find_duplicates(articles, threshold=0.1)) is clustered

    def test_chain(self) -> None:
        """Clusters are connected components; similarity is the weakest pair."""
        words = [f"w{i}" for i in range(200)]
        middle = [*words[:100], "x", *words[100:]]
        far = [*middle[:50], "y", *middle[50:]]
        texts = [" ".join(w) for w in (words, middle, far)]
        articles = [Article(title=str(i), text=t) for i, t in enumerate(texts)]

        [cluster] = find_duplicates(articles, threshold=0.93)

        assert cluster.ids == tuple(a.id for a in articles)
        assert cluster.kind == "near"
        assert cluster.similarity == 188 / 206  # words and far share 188 of 206

    def test_clusters_in_first_seen_order(self) -> None:
        """Clusters come in the order of their first member, ids likewise."""
        a1, a2 = Article(title="1", text="one two"), Article(title="2", text="one two")
        b1, b2 = _agency(), _syndicated()
        c1, c2 = Article(title="x", text="x"), Article(title="y", text="X!")

        clusters = find_duplicates([b1, a1, c1, a2, b2, c2])

        assert _ids(clusters) == [(b1.id, b2.id), (a1.id, a2.id), (c1.id, c2.id)]

    def test_generator(self) -> None:
        """Any iterable is read once."""
        clusters = find_duplicates(a for a in [_agency(), _syndicated()])

        assert len(clusters) == 1

    def test_many_copies(self) -> None:
        """Many syndicated copies of one story form one cluster."""
        copies = [
            Article(title=f"copy {i}", text=f"{AGENCY}\n\nPhoto caption number {i}")
            for i in range(150)
        ]

        first, last = _same_topic(), _same_topic(id="x")

        exact, near = find_duplicates([first, *copies, last])

        assert (exact.ids, exact.kind) == ((first.id, "x"), "exact")
        assert near.ids == tuple(a.id for a in copies)
        assert near.kind == "near"
        assert near.similarity == 227 / 229  # copies differ in one shingle each

    @pytest.mark.slow  # several seconds: scale and process checks run with -m slow
    def test_deterministic_across_processes(self) -> None:
        """Results do not depend on the process's string-hash seed."""
        script = (
            "from tests.test_dedup import _agency, _syndicated, _same_topic\n"
            "from peacetalks.io.dedup import find_duplicates\n"
            "print(find_duplicates([_agency(), _same_topic(), _syndicated()],"
            " threshold=0.5))\n"
        )
        root = Path(__file__).resolve().parent.parent
        outputs = set()
        for seed in ("0", "1", "12345"):
            environment = {
                **os.environ,
                "PYTHONHASHSEED": seed,
                "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)]),
            }
            result = subprocess.run(
                [sys.executable, "-c", script],
                capture_output=True,
                text=True,
                check=True,
                env=environment,
                cwd=root,
            )
            outputs.add(result.stdout)

        assert len(outputs) == 1
        assert (
            repr(
                find_duplicates(
                    [_agency(), _same_topic(), _syndicated()], threshold=0.5
                )
            )
            + "\n"
            in outputs
        )

    @laws
    @given(corpora_with_duplicates())
    def test_clusters_partition(self, articles: list[Article]) -> None:
        """No id is in two clusters, and every cluster has two or more members."""
        clusters = find_duplicates(articles)

        seen: set[str] = set()
        for cluster in clusters:
            assert len(cluster.ids) >= 2
            assert seen.isdisjoint(cluster.ids)
            seen.update(cluster.ids)
        counts = collections.Counter(a.id for a in articles)
        clustered = collections.Counter(i for c in clusters for i in c.ids)
        assert clustered <= counts

    @laws
    @given(
        corpora_with_duplicates(),
        st.randoms(use_true_random=False),
        st.sampled_from((0.5, 0.8, 0.9)),
    )
    def test_order_does_not_matter(
        self, articles: list[Article], rng: Any, threshold: float
    ) -> None:
        """Shuffling the input changes the order of clusters, not what they are."""
        shuffled = list(articles)
        rng.shuffle(shuffled)

        assert _as_sets(find_duplicates(shuffled, threshold=threshold)) == _as_sets(
            find_duplicates(articles, threshold=threshold)
        )

    @laws
    @given(
        corpora_with_duplicates(),
        word_lists.filter(bool),
        st.integers(0, 2),
        st.data(),
    )
    def test_copy_is_clustered(
        self, articles: list[Article], words: list[str], style: int, data: Any
    ) -> None:
        """An article and a copy of it under another title always cluster."""
        article = Article(title="Original", text=" ".join(words))
        copy = Article(title="Copy", text=_render(words, style))
        where = data.draw(st.integers(0, len(articles)))
        articles = [*articles[:where], article, *articles[where:], copy]

        clusters = find_duplicates(articles)

        assert any({article.id, copy.id} <= set(c.ids) for c in clusters)

    @laws
    @given(corpora_with_duplicates())
    def test_deterministic(self, articles: list[Article]) -> None:
        """Finding duplicates twice gives the same clusters."""
        assert find_duplicates(articles) == find_duplicates(articles)


# -- apply_policy -----------------------------------------------------------------


def _dated(text: str, label: str | None, **fields: Any) -> Article:
    """An article whose date is given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    if label is None:
        published = Published()
    else:
        parts = [int(part) for part in label.split("-")]
        precision = {1: YEAR, 2: MONTH, 3: DAY}[len(parts)]
        published = Published(
            label, datetime.date(*parts, *[1] * (3 - len(parts))), precision
        )
    return Article(
        title=fields.pop("title", label or "undated"),
        text=text,
        published=published,
        **fields,
    )


class TestApplyPolicy:
    def _corpus(self) -> list[Article]:
        return [
            _agency(id="wire", path="wire.txt"),
            _same_topic(id="other"),
            _syndicated(id="partner", path="partner.html"),
            Article(title="again", text=AGENCY, id="again"),
        ]

    @pytest.mark.parametrize(
        ("policy", "kept"),
        [
            ("keep-all", ["wire", "other", "partner", "again"]),
            ("keep-first", ["wire", "other"]),
            ("merge", ["wire", "other"]),
        ],
    )
    def test_policies(self, policy: str, kept: list[str]) -> None:
        """Each policy keeps the articles it promises, in their original order."""
        articles = self._corpus()

        result = apply_policy(articles, find_duplicates(articles), policy)

        assert [a.id for a in result] == kept

    def test_keep_all_is_unchanged(self) -> None:
        """keep-all returns the very same articles."""
        articles = self._corpus()

        assert apply_policy(articles, find_duplicates(articles), "keep-all") == articles

    def test_unknown_policy(self) -> None:
        """An unknown policy is refused, naming the valid ones."""
        with pytest.raises(ValueError, match="'keep-all', 'keep-first' or 'merge'"):
            apply_policy([], [], "keep-last")

    def test_merge_records_duplicates(self) -> None:
        """merge records every folded article's id and path, text stays first's."""
        articles = self._corpus()

        wire = apply_policy(articles, find_duplicates(articles), "merge")[0]

        assert wire.extra["duplicates"] == [
            {"id": "partner", "path": "partner.html"},
            {"id": "again", "path": None},
        ]
        assert (wire.id, wire.title, wire.text, wire.path) == (
            "wire",
            articles[0].title,
            AGENCY,
            "wire.txt",
        )

    def test_merge_fills_metadata(self) -> None:
        """merge fills missing url, outlet, authors and language, in order."""
        first = _agency(id="a", outlet="Wire", extra={"section": "world"})
        second = _syndicated(
            id="b", url="https://partner.example/x", outlet="Partner", language="en"
        )
        third = _syndicated(id="c", title="t", authors=["A. Writer"], language="de")

        [merged] = apply_policy(
            [first, second, third], find_duplicates([first, second, third]), "merge"
        )

        assert merged.url == "https://partner.example/x"
        assert merged.outlet == "Wire"
        assert merged.authors == ("A. Writer",)
        assert merged.language == "en"
        assert merged.extra["section"] == "world"

    @pytest.mark.parametrize(
        ("dates", "expected"),
        [
            ([None, "2022-03-29"], "2022-03-29"),
            (["2022", "2022-03", "2022-03-29"], "2022-03-29"),
            (["2022-03", "2022"], "2022-03"),
            (["2022-03", "2022-04-02"], "2022-03"),
            (["2022-03", "2022-04-02", "2022-03-30"], "2022-03-30"),
            (["2022-03-29", "2022-03-30"], "2022-03-29"),
            ([None, None], "unknown"),
        ],
    )
    def test_merge_dates(self, dates: list[str | None], expected: str) -> None:
        """merge takes a more precise date that agrees with the one it has."""
        articles = [
            _dated(AGENCY, label, title=f"copy {i}") for i, label in enumerate(dates)
        ]

        [merged] = apply_policy(articles, find_duplicates(articles), "merge")

        assert merged.published.label == expected

    def test_merge_twice(self) -> None:
        """Merging merged articles keeps every id recorded."""
        a, b = _agency(id="a"), _syndicated(id="b")
        c, d = _agency(id="c", title="x"), _syndicated(id="d", title="y")
        [ab] = apply_policy([a, b], find_duplicates([a, b]), "merge")
        [cd] = apply_policy([c, d], find_duplicates([c, d]), "merge")

        [abcd] = apply_policy([ab, cd], find_duplicates([ab, cd]), "merge")

        assert [r["id"] for r in abcd.extra["duplicates"]] == ["b", "c", "d"]

    def test_merge_bad_record(self) -> None:
        """merge refuses to overwrite an extra['duplicates'] that is not a list."""
        a, b = _agency(id="a", extra={"duplicates": "b"}), _syndicated(id="b")

        with pytest.raises(TypeError, match="extra\\['duplicates'\\]"):
            apply_policy([a, b], find_duplicates([a, b]), "merge")

    @pytest.mark.parametrize(
        ("clusters", "message"),
        [
            (
                [DuplicateCluster(("wire", "nowhere"), "exact", 1.0, (None, None))],
                "not among the articles",
            ),
            (
                [
                    DuplicateCluster(("wire", "other"), "exact", 1.0, (None, None)),
                    DuplicateCluster(("other", "again"), "exact", 1.0, (None, None)),
                ],
                "in two clusters",
            ),
        ],
    )
    def test_mismatched_clusters(
        self, clusters: list[DuplicateCluster], message: str
    ) -> None:
        """Clusters that do not fit the articles are refused, not guessed at."""
        with pytest.raises(ValueError, match=message):
            apply_policy(self._corpus(), clusters, "keep-first")

    def test_same_id_twice(self) -> None:
        """With an id loaded twice, keep-first keeps its first occurrence."""
        first, second = _agency(id="s", path="1.txt"), _agency(id="s", path="2.txt")

        [kept] = apply_policy(
            [first, second], find_duplicates([first, second]), "merge"
        )

        assert kept.path == "1.txt"
        assert kept.extra["duplicates"] == [{"id": "s", "path": "2.txt"}]

    @laws
    @given(corpora_with_duplicates())
    def test_keep_first_is_a_subsequence(self, articles: list[Article]) -> None:
        """keep-first keeps one article per cluster, in the input's order."""
        clusters = find_duplicates(articles)

        kept = apply_policy(articles, clusters, "keep-first")

        remaining = iter(articles)
        assert all(any(a is b for b in remaining) for a in kept)
        dropped = sum(len(c.ids) - 1 for c in clusters)
        assert len(kept) == len(articles) - dropped

    @laws
    @given(corpora_with_duplicates())
    def test_merge_never_loses_an_id(self, articles: list[Article]) -> None:
        """merge keeps as many articles as keep-first and records all the others."""
        clusters = find_duplicates(articles)

        merged = apply_policy(articles, clusters, "merge")

        assert len(merged) == len(apply_policy(articles, clusters, "keep-first"))
        recorded = [r["id"] for a in merged for r in a.extra.get("duplicates", [])]
        assert collections.Counter([a.id for a in merged] + recorded) == (
            collections.Counter(a.id for a in articles)
        )

    @pytest.mark.parametrize("policy", POLICIES)
    def test_no_clusters(self, policy: str) -> None:
        """Without clusters, every policy keeps every article unchanged."""
        articles = self._corpus()

        assert apply_policy(articles, [], policy) == articles
