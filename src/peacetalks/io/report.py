"""What a load did: files read, files that failed, problems kept, duplicates found.

A :class:`LoadReport` is filled by :class:`peacetalks.io.loader.Loader` as it
goes, so it is complete once loading has finished (or the iterator is
exhausted).  Nothing is dropped silently: every skipped file, failed file or
record, field-level problem, note, removed debris line and duplicate cluster
is listed.
"""

from __future__ import annotations

import attrs

from peacetalks.errors import LoadError
from peacetalks.io.dedup import DuplicateCluster

__all__ = ["Failure", "LoadReport", "LoadWarning", "Note", "Problem", "plural"]


def plural(count: int, noun: str) -> str:
    """Say ``count noun`` with the noun in the plural when it needs one.

    >>> plural(1, "file"), plural(2, "file")
    ('1 file', '2 files')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"


class LoadWarning(UserWarning):
    """Issued for each failed file when loading with ``errors="warn"``.

    >>> import pathlib, tempfile, warnings
    >>> import peacetalks as pt
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "bad.json").write_text("{", encoding="utf-8")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     corpus = pt.load(folder, errors="warn")
    >>> [type(w.message).__name__ for w in caught], len(corpus)
    (['LoadWarning'], 0)
    """


@attrs.frozen
class Failure:
    """A file (or record) that could not be read; the others were.

    Attributes:
        path: The file, or archive member (``archive.zip!/a.txt``).
        line: The 1-based line, when the failure is in one record.
        reason: What went wrong.
        error: The name of the exception class (``"DecodeError"``...).

    >>> failure = Failure("news/a.json", 3, "invalid JSON", "DecodeError")
    >>> failure.path, failure.line, failure.reason
    ('news/a.json', 3, 'invalid JSON')
    """

    path: str | None
    line: int | None
    reason: str
    error: str

    @classmethod
    def from_error(cls, error: LoadError) -> Failure:
        """Describe a failure from the error that reported it.

        >>> from peacetalks.errors import DecodeError
        >>> Failure.from_error(DecodeError("invalid JSON", path="a.json", line=3))
        Failure(path='a.json', line=3, reason='invalid JSON', error='DecodeError')
        """
        return cls(error.path, error.line, error.reason, type(error).__name__)

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason} ({self.error})"


@attrs.frozen
class Problem:
    """A field that could not be read; the article was kept without it.

    Attributes:
        path: The file the article came from.
        line: The 1-based line of its record, if any.
        article_id: The id of the article that was kept.
        message: The field's path and the reason, e.g.
            ``$.published: invalid date '20221399' (there is no month 13)``.

    >>> problem = Problem("a.csv", 4, "a1", "published: not a date: 'soon'")
    >>> problem.article_id, problem.message
    ('a1', "published: not a date: 'soon'")
    """

    path: str | None
    line: int | None
    article_id: str
    message: str


@attrs.frozen
class Note:
    """Something the user should know about the input that cost no article.

    A sidecar row that names no file that was read, or a sidecar's dates
    that no unambiguous date puts in order, are notes: nothing was lost,
    but the result may not be what was meant.

    Attributes:
        path: The file the note is about.
        line: The 1-based line, if any.
        message: What was noticed, and what to do about it.

    >>> print(Note("dates.csv", 4, "the row for 'c.txt' matches no file read"))
    dates.csv:4: the row for 'c.txt' matches no file read
    """

    path: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


@attrs.define(repr=False)
class LoadReport:
    """Everything a load noticed, for the user to check.

    Attributes:
        loaded: How many articles were produced.
        files: How many files (and archive members) were read.
        skipped: Files passed over because their suffix is not a known
            format (hidden files are not listed), or for the reason in
            `why_skipped`.
        why_skipped: Why a skipped file was passed over, when it is not
            for its suffix: a findings file found in a folder or an
            archive, say (``peacetalks extract -o`` into the folder read).
        failures: Files or records that could not be read.
        problems: Fields that could not be read on articles that were kept.
        duplicates: Clusters of the same story loaded more than once.
        notes: Things noticed that cost no article (see `Note`); they do
            not make the report less `ok`.
        removed_lines: How many debris lines cleaning took out (each
            article keeps its own in ``extra["removed"]``).

    >>> import peacetalks as pt
    >>> loader = pt.Loader(pattern="*.txt")
    >>> corpus = loader.load(pt.datasets.sample_path())
    >>> loader.report.loaded, loader.report.files, loader.report.failures
    (5, 5, [])
    >>> loader.report
    <LoadReport ok: 5 articles from 5 files, 2 debris lines removed>
    """

    loaded: int = 0
    files: int = 0
    skipped: list[str] = attrs.Factory(list)
    why_skipped: dict[str, str] = attrs.Factory(dict)
    failures: list[Failure] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)
    duplicates: list[DuplicateCluster] = attrs.Factory(list)
    removed_lines: int = 0
    notes: list[Note] = attrs.Factory(list)

    def __repr__(self) -> str:
        """One line: whether the load is `ok`, and its `summary`.

        >>> LoadReport(loaded=1, files=2, failures=[
        ...     Failure("a.json", None, "invalid JSON", "DecodeError")])
        <LoadReport not ok: 1 article from 2 files, 1 failed>
        """
        return f"<LoadReport {'ok' if self.ok else 'not ok'}: {self.summary()}>"

    @property
    def ok(self) -> bool:
        """True when no file failed and no field was lost.

        >>> LoadReport(loaded=2, files=2).ok
        True
        >>> failure = Failure("a.json", None, "invalid JSON", "DecodeError")
        >>> LoadReport(failures=[failure]).ok
        False
        """
        return not self.failures and not self.problems

    def summary(self) -> str:
        """One line for people: counts of everything above.

        >>> LoadReport(loaded=1, files=2, removed_lines=3).summary()
        '1 article from 2 files, 3 debris lines removed'
        """
        parts = [f"{plural(self.loaded, 'article')} from {plural(self.files, 'file')}"]
        for count, phrase in (
            (len(self.failures), "{} failed"),
            (len(self.problems), plural(len(self.problems), "field problem")),
            (len(self.duplicates), plural(len(self.duplicates), "duplicate cluster")),
            (len(self.skipped), "{} skipped"),
            (len(self.notes), plural(len(self.notes), "note")),
            (
                self.removed_lines,
                plural(self.removed_lines, "debris line") + " removed",
            ),
        ):
            if count:
                parts.append(phrase.format(count))
        return ", ".join(parts)

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [f"  skipped: {name}: {why}" for name, why in self.why_skipped.items()]
        lines += [f"  failed: {failure}" for failure in self.failures]
        for problem in self.problems:
            where = problem.path or "<input>"
            if problem.line is not None:
                where = f"{where}:{problem.line}"
            lines.append(f"  problem: {where}: {problem.message}")
        lines += [
            f"  duplicates ({cluster.kind}): {', '.join(cluster.ids)}"
            for cluster in self.duplicates
        ]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)
