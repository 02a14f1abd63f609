"""Glob patterns, matched one path segment at a time in linear time.

A pattern such as ``"2022/**/[0-1]*.txt"`` is split on ``/`` into
segments.  ``**``, a whole segment, spans any number of folders (none
too); any other segment matches exactly one name, with ``*`` (any
characters), ``?`` (one character), ``[abc]``, ``[a-z]`` and ``[!abc]``
as in `fnmatch`, case-sensitively.  A ``*`` never crosses a ``/``.

A `Glob` reads a path as an automaton reads a word: the set of pattern
segments it may have reached so far, advanced one name at a time.  Each
name is tested against each pattern segment at most once, so matching a
path of ``n`` folders costs at most ``n`` times the pattern's segments,
however many ``**`` it holds (a single regular expression backtracked
polynomially on ``**/**/**/*.txt``).  The folder walk keeps the set of
each folder, and so also knows which folders can hold no match at all.

>>> glob = Glob.compile("**/[0-1]*.txt")
>>> glob.matches("0001.txt"), glob.matches("2022/03/1.txt"), glob.matches("2.txt")
(True, True, False)
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import Final

import attrs

__all__ = ["Glob", "has_magic"]

#: The characters that make a path a pattern, as for `glob.glob`.
MAGIC: Final = frozenset("*?[")

#: Where a `Glob` stands: the positions of the pattern segments that the
#: next name may match (the length of the pattern means "matched whole").
States = frozenset[int]

#: One segment's test of a name; None for ``**``.
_Test = Callable[[str], bool] | None


def has_magic(text: str) -> bool:
    """Whether ``text`` holds a wildcard (``*``, ``?`` or ``[``).

    >>> has_magic("news/*.txt"), has_magic("news/a.txt")
    (True, False)
    """
    return not MAGIC.isdisjoint(text)


def _test(segment: str, pattern: str) -> _Test:
    """The test of one segment; raises ValueError for ``**`` inside a name."""
    if segment == "**":
        return None
    if "**" in segment:
        msg = (
            f"invalid pattern {pattern!r}: '**' can only be a whole folder name "
            f"(write '**/*.txt' for .txt files in any folder)"
        )
        raise ValueError(msg)
    if not has_magic(segment):
        return segment.__eq__
    compiled = re.compile(fnmatch.translate(segment))  # anchored at both ends
    return lambda name: compiled.match(name) is not None


@attrs.frozen
class Glob:
    """A compiled glob pattern of ``/``-separated segments.

    Attributes:
        text: The pattern as written.

    >>> glob = Glob.compile("2022/*/a?.txt")
    >>> glob.matches("2022/03/ab.txt"), glob.matches("2022/03/04/ab.txt")
    (True, False)
    >>> Glob.compile("*.txt").matches("sub/a.txt")
    False
    """

    text: str
    _tests: tuple[_Test, ...] = attrs.field(repr=False)

    @classmethod
    def compile(cls, text: str) -> Glob:
        """Compile ``text``.

        Raises:
            ValueError: If ``**`` is part of a longer segment (``a**.txt``),
                which could mean ``*`` or ``**/*``.

        >>> Glob.compile("**.txt")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: invalid pattern '**.txt': '**' can only be a whole folder name ...
        """
        return cls(text, tuple(_test(segment, text) for segment in text.split("/")))

    def start(self) -> States:
        """The states before any name is read.

        >>> Glob.compile("**/*.txt").start()
        frozenset({0, 1})
        """
        return self._closure({0})

    def step(self, states: States, name: str) -> States:
        """The states once ``name`` (one folder or file name) is read.

        >>> glob = Glob.compile("a/*.txt")
        >>> glob.step(glob.start(), "a"), glob.step(glob.start(), "b")
        (frozenset({1}), frozenset())
        """
        reached = set()
        for at in states:
            if at == len(self._tests):
                continue
            test = self._tests[at]
            if test is None:
                reached.add(at)  # ``**`` takes this name and may take more
            elif test(name):
                reached.add(at + 1)
        return self._closure(reached)

    def accepts(self, states: States) -> bool:
        """Whether the names read so far match the whole pattern.

        >>> glob = Glob.compile("2022/*.txt")
        >>> glob.accepts(glob.step(glob.step(glob.start(), "2022"), "a.txt"))
        True
        """
        return len(self._tests) in states

    def can_go_on(self, states: States) -> bool:
        """Whether a path that goes on below the names read so far may match.

        The walk does not list a folder for which this is false.

        >>> glob = Glob.compile("2022/*.txt")
        >>> glob.can_go_on(glob.step(glob.start(), "2022"))
        True
        >>> glob.can_go_on(glob.step(glob.start(), "2023"))
        False
        """
        return any(at < len(self._tests) for at in states)

    def matches(self, path: str) -> bool:
        """Whether the whole of ``path`` (``/``-separated) matches.

        >>> Glob.compile("**/*.txt").matches("a.txt")
        True
        """
        states = self.start()
        for name in path.split("/"):
            states = self.step(states, name)
            if not states:
                return False
        return self.accepts(states)

    def _closure(self, states: set[int]) -> States:
        """``states`` with, after each ``**``, the segment after it (no folder)."""
        pending = list(states)
        while pending:
            at = pending.pop()
            after = at + 1
            star = at < len(self._tests) and self._tests[at] is None
            if star and after not in states:
                states.add(after)
                pending.append(after)
        return frozenset(states)
