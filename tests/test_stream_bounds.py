"""Streams of many articles, and stuck workers: bounded memory, bounded waits.

Issue 16: ``extract -o`` kept about 100 bytes an article to extract the same
story read twice once (12 million tiny records: 1.5 GB), and a worker
stopped with SIGSTOP hung ``--workers 2`` for ever.  Memory is measured
with `tracemalloc` and waits are counted in steps; the only clock is the
time-out of the `slow` test's real subprocess.
"""

from __future__ import annotations

import collections
import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import cli
from peacetalks._seen import SHARDS, SeenIds
from peacetalks.model import Article
from tests.test_cli_trust import run

#: What `cli._FirstCopies` may keep an article, at most (docs/scale.md):
#: `SeenIds` tables between a third and two thirds full, 8 bytes a slot,
#: and one table's old and new slots while it doubles.
BYTES_AN_ARTICLE = 25

#: What it keeps whatever the number of articles: two `SeenIds` of
#: `SHARDS` empty tables (some 10 KB each).
FIXED_BYTES = 32 * 1024


def _tiny(count: int) -> list[Article]:
    """``count`` short articles with distinct ids.

    They are made before memory is measured, so their ids are not counted:
    the dict of the old `_FirstCopies` still kept some 40 bytes an article.
    """
    return [Article(text=f"Talks, round {n}.", path="tiny.jsonl") for n in range(count)]


def _kept(articles: list[Article]) -> tuple[cli._FirstCopies, int]:
    """`cli._FirstCopies` after ``articles``, and the peak of memory it took."""
    made: list[cli._FirstCopies] = []

    def stream() -> None:
        made.append(cli._FirstCopies())
        collections.deque(made[0](iter(articles)), maxlen=0)

    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        stream()
        return made[0], tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()


# -- the ids of a stream, in a few bytes each -------------------------------


class TestSeenIds:
    @given(st.lists(st.text(st.characters(exclude_categories=()), max_size=8)))
    def test_counts_as_a_counter_does(self, ids: list[str]) -> None:
        """add() says 0, 1, then 2 for an id seen before; len is the distinct ids.

        Any string, lone surrogates included (file names can hold them).
        """
        seen = SeenIds()
        counted: collections.Counter[str] = collections.Counter()

        said = []
        for id_ in ids:
            said.append(seen.add(id_))
            counted[id_] += 1

        expected, running = [], collections.Counter[str]()
        for id_ in ids:
            expected.append(min(running[id_], 2))
            running[id_] += 1
        assert said == expected
        assert len(seen) == len(counted)
        assert all(id_ in seen for id_ in counted)

    def test_growing_keeps_every_id(self) -> None:
        """Past many doublings of every shard, each id is found, none twice."""
        ids = [f"{number:016x}" for number in range(40 * SHARDS * 8)]
        seen = SeenIds()

        assert [seen.add(id_) for id_ in ids] == [0] * len(ids)
        assert [seen.add(id_) for id_ in ids[::7]] == [1] * len(ids[::7])
        assert len(seen) == len(ids)
        assert f"{len(ids):016x}" not in seen
        assert 42 not in seen

    def test_a_key_each(self) -> None:
        """Two tables digest with different keys: no id collides in both on purpose."""
        first, second = SeenIds(), SeenIds()

        assert first._digest("a") != second._digest("a")


class TestFirstCopiesMemory:
    @pytest.mark.parametrize("count", [4_000, 16_000])
    def test_peak_per_article(self, count: int) -> None:
        """A stream of distinct tiny articles: at most 25 bytes an article kept.

        The old dict of id to path kept about 100 bytes an article (1.5 GB
        for 12 million); both sizes fail with it.
        """
        first, peak = _kept(_tiny(count))

        assert peak <= BYTES_AN_ARTICLE * count + FIXED_BYTES
        assert len(first.ids) == count

    @pytest.mark.parametrize("count", [4_000, 16_000])
    def test_copies_cost_no_more(self, count: int) -> None:
        """Every article read twice, from its own file: still the same bound.

        The old `_FirstCopies` kept a list of paths for each id read twice.
        """
        twice = [
            article.replace(path=f"{number}{again}.txt")
            for number, article in enumerate(_tiny(count // 2))
            for again in ("", "-again")
        ]

        first, peak = _kept(twice)

        assert peak <= BYTES_AN_ARTICLE * count + FIXED_BYTES
        assert (first.clusters, first.copies) == (count // 2, count // 2)
        assert len(first.files) == count // 2


class TestFirstCopiesNote:
    def test_note_is_the_loaders(self, tmp_path: Path) -> None:
        """The streamed note says what `Loader.load`'s clusters would say."""
        sample = pt.datasets.sample()
        for name, part in [("a", sample[:3]), ("b", sample[1:]), ("c", sample[2:4])]:
            part.save(tmp_path / f"{name}.jsonl")
        paths = [str(tmp_path / f"{name}.jsonl") for name in "abc"]
        loader = pt.Loader()
        loader.load(paths)
        first = cli._FirstCopies()

        kept = list(first(pt.Loader().iter(paths)))

        assert [a.id for a in kept] == [a.id for a in sample]
        assert first.note() == cli._duplicates_note(
            loader.report.duplicates, "keep-all"
        )
        assert (first.clusters, first.copies) == (3, 4)

    def test_no_copy_no_note(self) -> None:
        first = cli._FirstCopies()

        collections.deque(first(iter(_tiny(3))), maxlen=0)

        assert first.note() is None

    def test_many_files_are_counted(self) -> None:
        """Three files are named, the others counted, as for loaded clusters."""
        first = cli._FirstCopies()
        article = Article(text="Talks.", path="0.txt")

        copies = [article.replace(path=f"{n}.txt") for n in range(10)]

        collections.deque(first(iter(copies)), maxlen=0)

        assert first.note() == (
            "duplicates: 1 cluster (1 exact), 9 duplicates kept once (the same "
            "id): 1.txt, 2.txt, 3.txt and 6 more"
        )


def _same_twice(folder: Path) -> list[str]:
    record = {"headline": "Talks", "body": "Russia wants to cap Ukraine's army."}
    paths = []
    for name in ("a.jsonl", "b.jsonl"):
        (folder / name).write_text(json.dumps(record) + "\n", encoding="utf-8")
        paths.append(str(folder / name))
    return paths


class TestNoIdCheck:
    def test_every_copy_is_extracted(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--no-id-check: the same story in two files is extracted twice."""
        paths = _same_twice(tmp_path)

        code, out, err = run(capsys, "extract", *paths, "--no-id-check")
        _, once, _ = run(capsys, "extract", *paths)

        assert code == 0
        assert [json.loads(line)["path"] for line in out.splitlines()] == [
            Path(path).as_posix() for path in paths
        ]
        assert out.splitlines()[0] == once.splitlines()[0]
        assert len(once.splitlines()) == 1
        assert "duplicates" not in err
        assert err.endswith("from 2 articles\n")

    def test_no_id_is_kept(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """--no-id-check keeps nothing an article: no id is added anywhere."""
        added: list[str] = []
        add = SeenIds.add

        def counting(self: SeenIds, id_: str) -> int:
            added.append(id_)
            return add(self, id_)

        monkeypatch.setattr(SeenIds, "add", counting)
        paths = _same_twice(tmp_path)

        assert run(capsys, "extract", *paths, "--no-id-check")[0] == 0
        assert added == []
        assert run(capsys, "extract", *paths)[0] == 0
        assert len(added) == 3  # two ids, and the file of the copy

    @pytest.mark.parametrize("policy", ["keep-first", "merge"])
    def test_not_with_loading_policies(
        self, policy: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Loading everything to find near duplicates is no stream: said, exit 2."""
        paths = _same_twice(tmp_path)

        code, out, err = run(
            capsys, "extract", *paths, "--no-id-check", "--duplicates", policy
        )

        assert (code, out) == (2, "")
        assert err == (
            f"peacetalks extract: error: --no-id-check is for streams: "
            f"--duplicates {policy} loads every article first, and keeps each "
            "id once\n"
        )
