"""Every write of a user file is atomic: the old file or the complete new one.

Each writer runs twice: once normally, to learn how long its output is, then
with the disk "filling up" (or the user pressing Ctrl-C) half-way through
that output.  The file that was there before must be byte-identical and no
temporary file may be left behind.  The fault is injected in the file object
that `peacetalks.io.atomic.atomic_write` opens, so a writer that bypassed
``atomic_write`` would not fail and would be caught by these tests too.
"""

from __future__ import annotations

import errno
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

import peacetalks as pt
from peacetalks.cli import main
from peacetalks.findings import save_records
from peacetalks.htmlreport import write_html

OLD = b"the old file, which must survive\n"


class _Budget:
    def __init__(self, size: int, error: BaseException) -> None:
        self.left = size
        self.error = error

    def spend(self, data: Any, write: Callable[[Any], int]) -> int:
        if len(data) <= self.left:
            self.left -= len(data)
            return write(data)
        write(data[: self.left])
        self.left = 0
        raise self.error


class _Failing:
    """A file object that fails once a number of characters is written."""

    def __init__(self, inner: Any, budget: _Budget) -> None:
        self._inner = inner
        self._budget = budget

    def write(self, data: Any) -> int:
        return self._budget.spend(data, self._inner.write)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> _Failing:
        return _Failing(self._inner.buffer, self._budget)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __iter__(self) -> Any:
        return iter(self._inner)

    def __enter__(self) -> _Failing:
        self._inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.__exit__(*exc)


def _inject(
    monkeypatch: pytest.MonkeyPatch, size: int, error: BaseException
) -> list[int]:
    real = os.fdopen
    opened: list[int] = []

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> IO[Any]:
        opened.append(fd)
        return _Failing(real(fd, *args, **kwargs), _Budget(size, error))  # type: ignore[return-value]  # a duck-typed file

    # atomic_write opens its temporary file with os.fdopen, and only it does
    monkeypatch.setattr(os, "fdopen", fdopen)
    return opened


@functools.cache
def _corpus() -> pt.Corpus:
    return pt.datasets.sample()


@functools.cache
def _findings() -> pt.Findings:
    return _corpus().extract()


#: Each writer, given the path to write; the suffix of that path.
WRITERS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "save json": (".json", lambda p: pt.save(_corpus(), p)),
    "save jsonl": (".jsonl", lambda p: pt.save(_corpus(), p)),
    "save csv": (".csv", lambda p: pt.save(_corpus(), p)),
    "Corpus.save": (".jsonl", lambda p: _corpus().save(p)),
    "save_findings json": (".json", lambda p: pt.save_findings(_findings(), p)),
    "save_findings jsonl": (".jsonl", lambda p: pt.save_findings(_findings(), p)),
    "Findings.save csv": (".csv", lambda p: _findings().save(p)),
    "Findings.save_records csv": (".csv", lambda p: _findings().save_records(p)),
    "Findings.save_records jsonl": (
        ".jsonl",
        lambda p: _findings().save_records(p),
    ),
    "save_records json": (
        ".json",
        lambda p: save_records(_findings().to_records(), p, format="json"),
    ),
    "write_html": (".html", lambda p: write_html(p, _corpus())),
}


def _cli(*argv: str) -> Callable[[Path], object]:
    def run(path: Path) -> object:
        if argv[0] == "convert":  # it reads the sample, saved beside
            source = path.parent.parent / "sample.jsonl"
            if not source.exists():
                pt.save(_corpus(), source)
            argv_ = ["convert", str(source), *argv[1:]]
        else:
            argv_ = list(argv)
        code = main([*argv_, str(path)])
        if code != 0:
            raise pt.WriteError("the command failed", path=str(path))
        return code

    return run


#: Commands that write the file given last.
COMMANDS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "convert json": (".json", _cli("convert", "-o")),
    "convert jsonl": (".jsonl", _cli("convert", "-o")),
    "convert csv": (".csv", _cli("convert", "-o")),
    "extract -o jsonl": (".jsonl", _cli("extract", "-o")),
    "extract -o csv": (".csv", _cli("extract", "-o")),
    "extract -o json": (".json", _cli("extract", "-o")),
    "compare -o csv": (".csv", _cli("compare", "-o")),
    "compare -o json": (".json", _cli("compare", "-o")),
    "report -o text": (".txt", _cli("report", "-o")),
    "report -o json": (".json", _cli("report", "-o")),
    "report --html": (".html", _cli("report", "--html")),
}


def _parquet_writers() -> dict[str, tuple[str, Callable[[Path], object]]]:
    try:
        from peacetalks.integrations import parquet  # optional
    except ImportError:  # the module is new; pyarrow is an optional extra
        return {}
    return {
        "write_articles_parquet": (
            ".parquet",
            lambda p: parquet.write_articles_parquet(_corpus(), p),
        ),
    }


ALL = {**WRITERS, **COMMANDS, **_parquet_writers()}


_SIZES: dict[tuple[str, int], int] = {}


def _size(suffix: str, write: Callable[[Path], object], tmp_path: Path) -> int:
    """The length of the complete output, written once per writer."""
    key = (suffix, id(write))
    if key not in _SIZES:
        full = tmp_path / "full" / f"out{suffix}"
        full.parent.mkdir()
        write(full)
        _SIZES[key] = len(full.read_bytes())
    return _SIZES[key]


def _fail_half_way(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    suffix: str,
    write: Callable[[Path], object],
    error: BaseException,
) -> Path:
    size = _size(suffix, write, tmp_path)
    assert size > 1
    target = tmp_path / "out" / f"out{suffix}"
    target.parent.mkdir()
    target.write_bytes(OLD)
    opened = _inject(monkeypatch, size // 2, error)
    with pytest.raises((pt.PeacetalksError, KeyboardInterrupt)):
        write(target)
    assert opened, "the writer did not go through atomic_write"
    return target


class TestInterruptedWrites:
    """A write that fails half-way leaves the old file and nothing else."""

    @pytest.mark.parametrize("name", ALL, ids=list(ALL))
    def test_disk_full(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
    ) -> None:
        """On a full disk the old file is byte-identical, no temp file is left."""
        suffix, write = ALL[name]
        error = OSError(errno.ENOSPC, "No space left on device")
        target = _fail_half_way(monkeypatch, tmp_path, suffix, write, error)
        assert target.read_bytes() == OLD
        assert sorted(p.name for p in target.parent.iterdir()) == [target.name]

    @pytest.mark.parametrize("name", ALL, ids=list(ALL))
    def test_ctrl_c(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
    ) -> None:
        """Ctrl-C half-way leaves the old file byte-identical, no temp file."""
        suffix, write = ALL[name]
        target = _fail_half_way(
            monkeypatch, tmp_path, suffix, write, KeyboardInterrupt()
        )
        assert target.read_bytes() == OLD
        assert sorted(p.name for p in target.parent.iterdir()) == [target.name]

    @pytest.mark.parametrize("name", ALL, ids=list(ALL))
    def test_no_old_file(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
    ) -> None:
        """Without an old file, a failed write leaves no file at all."""
        suffix, write = ALL[name]
        error = OSError(errno.ENOSPC, "No space left on device")
        target = _fail_half_way(monkeypatch, tmp_path, suffix, write, error)
        target.unlink()  # _fail_half_way wrote the old file; start again
        with pytest.raises(pt.PeacetalksError):
            write(target)
        assert list(target.parent.iterdir()) == []
