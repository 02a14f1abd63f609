# ruff: noqa: RUF001, RUF002 -- the ASCII forms of typographic characters
r"""Text for a terminal: control characters shown, not obeyed; any encoding.

Two guards for what the command line writes to standard output and error:

* `escape_controls` shows control characters as visible escapes, so that a
  file name, title or quote read from input can neither clear the screen,
  recolour it, move the cursor, reverse the text that follows (bidi
  overrides such as U+202E) nor start a line that forges a message.
* `Fallback` is a codec error handler for a stream whose encoding cannot
  hold every character (``cp1252``, ``ascii``): ``≤`` becomes ``<=``, ``–``
  becomes ``-`` and so on (`ASCII_FORMS`), anything else without an ASCII
  form becomes ``?``; `fallback_on` puts it on a stream for a while.

Example:
    >>> print(escape_controls("\x1b[2JAll files read OK\u202e"))
    \x1b[2JAll files read OK\u202e
    >>> "tanks ≤ 342 – 800".encode("ascii", errors=Fallback.named("doc").name)
    b'tanks <= 342 - 800'
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from collections.abc import Iterator
from typing import IO, ClassVar, Final

__all__ = ["ASCII_FORMS", "Fallback", "escape_controls", "escape_lines", "fallback_on"]

# C0 and C1 controls and DEL (category Cc), the bidirectional marks,
# embeddings, overrides and isolates, the Unicode line and paragraph
# separators, and lone surrogates (undecodable bytes in a file name).
_CONTROL: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)

_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    r"""``text`` with every control character shown as an escape.

    C0 and C1 controls (escape sequences, carriage returns, newlines, tabs),
    DEL, bidirectional controls (U+202E...), the line and paragraph
    separators and lone surrogates are written ``\x1b``, ``\n``,
    ``\u202e``...; everything else, backslashes included, is left as it is.

    >>> escape_controls("a.txt\r\nb\tc\x9b\u2066")
    'a.txt\\r\\nb\\tc\\x9b\\u2066'
    >>> escape_controls("Zelensky’s “plan” ≤ 85,000")
    'Zelensky’s “plan” ≤ 85,000'
    """
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(_visible, text)


def escape_lines(text: str) -> str:
    r"""`escape_controls` on each line of ``text``, keeping its line breaks.

    For text whose newlines are the writer's own: a table, a report.

    >>> print(escape_lines("title\x1b[31m\nquote\r"))
    title\x1b[31m
    quote\r
    """
    return "\n".join(escape_controls(line) for line in text.split("\n"))


#: ASCII stand-ins for the characters peacetalks itself prints, and for
#: common typography in quotes, for streams that cannot encode them.
ASCII_FORMS: Final = {
    "≤": "<=",
    "≥": ">=",
    "≈": "~",
    "≠": "!=",
    "±": "+/-",
    "–": "-",
    "—": "--",
    "−": "-",
    "…": "...",
    "→": "->",
    "←": "<-",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "×": "x",
    "•": "*",
    "·": ".",
    "\u00a0": " ",
    "\u202f": " ",
}


class Fallback:
    """A codec error handler: `ASCII_FORMS`, else the letters without accents, else ?.

    Registered with `codecs.register_error` under `name`.  It counts in
    `lossy` the characters it could only approximate (an accent dropped)
    or replace with ``?``, so that the caller can say so.

    Attributes:
        name: The error handler's name, for ``errors=``.
        lossy: How many characters were approximated or replaced.

    >>> handler = Fallback.named("example")
    >>> "≈ 20 % of Zaporizhzhia’s 中".encode("latin-1", errors=handler.name)
    b"~ 20 % of Zaporizhzhia's ?"
    >>> handler.lossy
    1
    """

    _registered: ClassVar[dict[str, Fallback]] = {}

    def __init__(self, name: str) -> None:
        self.name = name
        self.lossy = 0

    @classmethod
    def named(cls, role: str) -> Fallback:
        """The handler for ``role`` (``"stdout"``...), registered once, count reset."""
        name = f"peacetalks-{role}"
        if name not in cls._registered:
            cls._registered[name] = cls(name)
            codecs.register_error(name, cls._registered[name])
        handler = cls._registered[name]
        handler.lossy = 0
        return handler

    def __call__(self, error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        unencodable = error.object[error.start : error.end]
        return "".join(map(self._form, unencodable)), error.end

    def _form(self, char: str) -> str:
        if char in ASCII_FORMS:
            return ASCII_FORMS[char]
        self.lossy += 1
        bare = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        return bare if bare.isprintable() and bare else "?"


@contextlib.contextmanager
def fallback_on(stream: IO[str], role: str) -> Iterator[Fallback]:
    """Write to ``stream`` with the `Fallback` handler of ``role`` meanwhile.

    A stream that cannot be reconfigured (not a `io.TextIOWrapper`) is left
    as it is; its handler then counts nothing.

    >>> import io
    >>> raw = io.BytesIO()
    >>> out = io.TextIOWrapper(raw, encoding="cp1252")
    >>> with fallback_on(out, "doc-out") as handler:
    ...     _ = out.write("≤ 85,000 ✓")
    >>> raw.getvalue(), handler.lossy, out.errors
    (b'<= 85,000 ?', 1, 'strict')
    """
    handler = Fallback.named(role)
    reconfigure = getattr(stream, "reconfigure", None)
    before = getattr(stream, "errors", None)
    if reconfigure is None or not isinstance(before, str):
        yield handler
        return
    try:
        reconfigure(errors=handler.name)
    except (OSError, ValueError):  # closed, or a broken pipe while flushing
        yield handler
        return
    try:
        yield handler
    finally:
        with contextlib.suppress(OSError, ValueError):
            reconfigure(errors=before)
