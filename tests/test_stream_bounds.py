"""Streams of many articles, and stuck workers: bounded memory, bounded waits.

Issue 16: ``extract -o`` kept about 100 bytes an article to extract the same
story read twice once (12 million tiny records: 1.5 GB), and a worker
stopped with SIGSTOP hung ``--workers 2`` for ever.  Memory is measured
with `tracemalloc` and waits are counted in steps; the only clock is the
time-out of the `slow` test's real subprocess.
"""

from __future__ import annotations

import collections
import contextlib
import json
import math
import multiprocessing
import os
import signal
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import cli, evaluate, parallel
from peacetalks._seen import SHARDS, SeenIds
from peacetalks.errors import WorkerError, WorkerTimeoutError
from peacetalks.evaluate import evaluate_corpus
from peacetalks.model import Article
from tests.test_cli_trust import (
    PRECIOUS,
    _alive,
    _env,
    _wait_for,
    _workers,
    leftovers,
    run,
)

SEEDS = Path(__file__).parent / "fixtures" / "gold" / "seeds.jsonl"

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


# -- a worker that stops ----------------------------------------------------


class _NeverDone:
    """A future that is never done: each wait times out, and is recorded."""

    def __init__(self, done_after: int | None = None) -> None:
        self.waits: list[float | None] = []
        self.done_after = done_after

    def result(self, timeout: float | None = None) -> list[list[pt.Finding]]:
        self.waits.append(timeout)
        if self.done_after is not None and len(self.waits) > self.done_after:
            return [[]]
        raise TimeoutError


@pytest.fixture
def kills(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The pools `parallel._kill` is asked to kill (none is killed)."""
    killed: list[object] = []
    monkeypatch.setattr(parallel, "_kill", killed.append)
    return killed


class TestWatchdog:
    def test_gives_up_after_timeout(self, kills: list[object]) -> None:
        """A chunk that never comes back: steps up to the timeout, a kill, an error."""
        future, pool = _NeverDone(), object()

        with pytest.raises(WorkerTimeoutError) as info:
            parallel._result(pool, future, 3.5)  # type: ignore[arg-type]  # fakes

        assert future.waits == [1.0, 1.0, 1.0, 0.5]
        assert kills == [pool]
        assert info.value.seconds == 3.5
        assert isinstance(info.value, WorkerError)

    def test_a_slow_chunk_in_time(self, kills: list[object]) -> None:
        """A chunk back after a few steps, within the timeout: its findings."""
        future = _NeverDone(done_after=4)

        found = parallel._result(object(), future, 300.0)  # type: ignore[arg-type]  # fakes

        assert found == [[]]
        assert future.waits == [1.0] * 5
        assert kills == []

    def test_none_waits_for_ever(self, kills: list[object]) -> None:
        future = _NeverDone(done_after=0)

        parallel._result(object(), future, None)  # type: ignore[arg-type]  # fakes

        assert future.waits == [None]

    @pytest.mark.parametrize(
        "timeout", [0, -1, 0.0, math.nan, math.inf, True, "5", [1]]
    )
    def test_bad_timeout(self, timeout: Any) -> None:
        """A timeout is a positive number of seconds, or None."""
        with pytest.raises(ValueError, match="'timeout' must be a positive number"):
            list(parallel.extract_stream([], timeout=timeout))
        with pytest.raises(ValueError, match="'timeout' must be a positive number"):
            evaluate_corpus([], [], timeout=timeout)


#: The id of the article at which `_stop_at_third` stops its worker.
THIRD = pt.datasets.sample()[2].id


def _no_extractor(lexicon: pt.Lexicon) -> None:
    """`parallel._start_worker` but for the extractor, which the fakes need not."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parallel._watch_parent()


def _stop_at_third(articles: Sequence[Article]) -> list[list[pt.Finding]]:
    """A worker's chunk: nothing found, but the third article stops the process."""
    if articles[0].id == THIRD:
        os.kill(os.getpid(), signal.SIGSTOP)
    return [[] for _ in articles]


class TestStoppedWorkerInProcess:
    def test_what_came_back_then_an_error(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A worker stops at the third article: two articles, then the error.

        The pool's processes are killed, the stopped one too (SIGKILL), and
        reaped: none is left.  The other chunks take no time (forked
        workers, nothing extracted), well within the second of the timeout.
        """
        monkeypatch.setattr(parallel, "_start_worker", _no_extractor)
        monkeypatch.setattr(parallel, "_extract_chunk", _stop_at_third)
        sample = pt.datasets.sample()
        got: list[Article] = []

        stream = parallel.extract_stream(
            sample, workers=2, chunksize=1, start_method="fork", timeout=1
        )

        def read() -> None:
            for article, _ in stream:
                got.append(article)

        with pytest.raises(WorkerTimeoutError, match=r"for 1 s: all were killed"):
            read()

        assert got == list(sample[:2])
        assert multiprocessing.active_children() == []


def _first_one_stops(flag: str, lexicon: pt.Lexicon) -> None:
    """A worker's start: the first to create ``flag`` stops before any work."""
    _no_extractor(lexicon)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(flag, os.O_CREAT | os.O_EXCL))
        os.kill(os.getpid(), signal.SIGSTOP)


def _nothing_found(articles: Sequence[Article]) -> list[list[pt.Finding]]:
    return [[] for _ in articles]


class TestIdleWorkerStopped:
    def test_the_stream_ends_and_the_worker_is_killed(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A worker stopped before it took any work: the other does it all.

        Every article comes back, in order, and no error is raised: nothing
        was lost.  At the end the stopped worker cannot obey the pool's
        shutdown; it is killed after the timeout, and reaped.
        """
        flag = str(tmp_path / "stopped")
        monkeypatch.setattr(parallel, "_extract_chunk", _nothing_found)
        monkeypatch.setattr(
            parallel, "_start_worker", lambda lexicon: _first_one_stops(flag, lexicon)
        )
        sample = pt.datasets.sample()

        stream = parallel.extract_stream(
            sample, workers=2, chunksize=1, start_method="fork", timeout=1
        )

        assert [article for article, _ in stream] == list(sample)
        assert Path(flag).exists()
        assert multiprocessing.active_children() == []


class TestWorkerTimeoutOption:
    @pytest.mark.parametrize(
        ("argv", "given", "expected"),
        [
            (["extract", "--format", "csv"], [], parallel.WORKER_TIMEOUT),
            (["extract"], ["--worker-timeout", "2.5"], 2.5),
            (["report", "--format", "json"], ["--worker-timeout", "7"], 7.0),
            (["compare"], ["--worker-timeout", "0"], None),
        ],
    )
    def test_reaches_the_stream(
        self,
        argv: list[str],
        given: list[str],
        expected: float | None,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Each command with --workers hands --worker-timeout to extract_stream."""
        timeouts = _spy_on_timeouts(monkeypatch)

        assert run(capsys, *argv, *given)[0] == 0
        assert timeouts == [expected]

    def test_evaluate(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        timeouts = _spy_on_timeouts(monkeypatch)

        code, _, _ = run(
            capsys, "evaluate", "--gold", str(SEEDS), "--worker-timeout", "9"
        )

        assert code == 0
        assert timeouts == [9.0]

    @pytest.mark.parametrize("value", ["-1", "abc", "nan", "inf", ""])
    def test_bad_value(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exited:
            cli.main(["extract", "--worker-timeout", value])

        assert exited.value.code == 2
        assert (
            f"expected a number of seconds (0 for no limit), got {value!r}"
            in capsys.readouterr().err
        )

    def test_timed_out_run(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The error: one line saying how to wait longer, exit 1, no file replaced."""
        precious = tmp_path / "precious.jsonl"
        precious.write_bytes(PRECIOUS)

        def stuck(articles: Any, **_: Any) -> Iterator[tuple[Article, list[Any]]]:
            for article in articles:
                yield article, []
                raise WorkerTimeoutError(2)

        monkeypatch.setattr(cli, "extract_stream", stuck)

        code, _, err = run(capsys, "extract", "-o", str(precious))

        assert code == 1
        assert err.splitlines()[-1] == (
            "peacetalks extract: error: no worker process handed back its articles "
            "for 2 s: all were killed (--worker-timeout SECONDS to wait longer)"
        )
        assert precious.read_bytes() == PRECIOUS
        assert leftovers(tmp_path) == []


def _spy_on_timeouts(monkeypatch: pytest.MonkeyPatch) -> list[float | None]:
    """The ``timeout`` of each call of `extract_stream`, from the CLI or evaluate."""
    timeouts: list[float | None] = []
    real = parallel.extract_stream

    def spy(*args: Any, **kwargs: Any) -> Any:
        timeouts.append(kwargs["timeout"])
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "extract_stream", spy)
    monkeypatch.setattr(cli, "extract_stream", spy)
    monkeypatch.setattr(evaluate, "extract_stream", spy)
    return timeouts


# -- a real peacetalks process ---------------------------------------------


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A corpus that takes a while to extract (seconds, even with two workers)."""
    sample = list(pt.datasets.sample())
    articles = [
        sample[n % 5].replace(id=f"a{n}", title=f"Talks {n}", path=None)
        for n in range(1500)
    ]
    path = tmp_path / "big.jsonl"
    pt.Corpus(articles).save(path)
    return path


@pytest.mark.slow
class TestStoppedWorker:
    def test_sigstop(self, big: Path, tmp_path: Path) -> None:
        """Workers stopped mid-run: one error line, exit 1, the old file, no process.

        ``--worker-timeout 2``: the run ends by itself (within the
        subprocess time-out); the stopped workers are killed, not left.
        Both are stopped: one stopped while it waits for work would hold up
        no chunk (`TestIdleWorkerStopped`), and which one holds a chunk at
        a given moment cannot be told from outside.
        """
        out = tmp_path / "precious.jsonl"
        out.write_bytes(PRECIOUS)
        process = subprocess.Popen(
            [sys.executable, "-m", "peacetalks", "extract", str(big), "-o", str(out),
             "--workers", "2", "--worker-timeout", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
            start_new_session=True,
        )  # fmt: skip
        workers: list[int] = []
        try:

            def started() -> bool:
                workers[:] = _workers(process.pid)
                return len(workers) >= 2 and bool(leftovers(tmp_path))

            _wait_for(started, "2 workers writing")
            for worker in workers:
                os.kill(worker, signal.SIGSTOP)

            _, err = process.communicate(timeout=120)

            assert process.returncode == 1
            assert err.decode() == (
                "peacetalks extract: error: no worker process handed back its "
                "articles for 2 s: all were killed (--worker-timeout SECONDS to "
                "wait longer)\n"
            )
            assert out.read_bytes() == PRECIOUS
            assert leftovers(tmp_path) == []
            assert not any(_alive(worker) for worker in workers)
        finally:  # a stopped worker obeys SIGKILL; an ended parent's pid is not ours
            running = process.poll() is None
            for pid in workers:
                if running or _alive(pid):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            if running:
                process.kill()
                process.communicate()
