# ruff: noqa: RUF001, RUF002, RUF003 -- this module is about such characters
r"""Bytes to text, robustly: encoding detection and mojibake repair.

`decode_bytes` reads the bytes of a scraped article file.  With no
``encoding`` it decides, in this order:

1. A **byte-order mark** wins: UTF-32 (``FF FE 00 00`` or ``00 00 FE FF``),
   UTF-8 (``EF BB BF``), UTF-16 (``FF FE`` or ``FE FF``).  The mark is not
   part of the text.  UTF-16 or UTF-32 that does not decode after its mark is
   an error (except that ``FF FE 00 00`` which is not UTF-32 is tried as
   UTF-16 starting with a NUL); UTF-8 that does not is read on as below (a
   UTF-8 editor's mark on a file with Windows-1252 bytes in it).
2. **UTF-16 without a mark** when the NUL bytes say so: the file has an even
   length, at least half the two-byte units of its first KB have a NUL high
   byte and at most a tenth have a NUL low byte (ASCII-heavy UTF-16).  This
   is checked before UTF-8 because such bytes are also valid UTF-8 (NUL is a
   character), but text files never contain NULs.  UTF-32 without a mark is
   recognised the same way (three NULs in every four bytes).
3. **UTF-8** when the bytes are valid UTF-8 (pure ASCII included).
4. **Windows-1252** when it decodes strictly, i.e. when the bytes hold none
   of 0x81, 0x8D, 0x8F, 0x90, 0x9D, the five bytes it leaves undefined.
5. Otherwise a `peacetalks.errors.DecodeError` names the file, the line and
   the offset and value of the first byte that could not be decoded.

No byte is ever dropped or replaced: either every byte is decoded or the
call fails.  Line breaks are left as they are.  A file that mixes UTF-8 with
a few Windows-1252 bytes is not valid UTF-8, so it is read as Windows-1252
and its UTF-8 parts come out as mojibake, which the repair then undoes.  ``Decoded.encoding`` is a Python codec name such that
``data.decode(encoding) == text`` whenever nothing was repaired
(``"utf-8-sig"``, ``"utf-16"`` and ``"utf-32"`` mean "with a byte-order
mark").

`repair_mojibake` (applied by `decode_bytes` unless ``repair=False``) undoes
the commonest damage in scraped news: UTF-8 that was once read as
Windows-1252 (or Latin-1) and saved again, so that ``’`` shows as ``â€™``
and ``é`` as ``Ã©``.

>>> decoded = decode_bytes("Kyiv’s “neutral” status".encode())
>>> decoded.text, decoded.encoding, decoded.repaired
('Kyiv’s “neutral” status', 'utf-8', 0)
>>> decode_bytes(b"caf\xe9 \x93Kyiv\x94").text
'café “Kyiv”'
>>> decode_bytes("Erdoâ€™s ErdoÄŸan".encode()).text
'Erdo’s Erdoğan'
>>> decode_bytes(b"bad \x81 byte", path="a.txt")
Traceback (most recent call last):
...
peacetalks.errors.DecodeError: a.txt:1: undecodable byte 0x81 at offset 4 (not UTF-8, UTF-16 or Windows-1252; pass encoding='latin-1' to read it as Latin-1)
"""  # noqa: E501

from __future__ import annotations

import codecs
import contextlib
import functools
import operator
import re
from collections.abc import Callable
from typing import Any, Final, TypeVar, cast

import attrs

from peacetalks.errors import DecodeError

__all__ = ["Decoded", "decode_bytes", "repair_mojibake", "replace_surrogates"]

T = TypeVar("T")


@attrs.frozen
class Decoded:
    r"""Text decoded from bytes, with how it was decoded.

    Attributes:
        text: The text, with any byte-order mark removed.
        encoding: The Python codec that decoded it, e.g. ``"utf-8"``,
            ``"utf-8-sig"``, ``"utf-16"``, ``"utf-16-le"`` or ``"cp1252"``.
        repaired: How many mojibake sequences `repair_mojibake` fixed (each
            one stood for one character); ``0`` without repair.

    >>> decoded = decode_bytes(b"caf\xe9")
    >>> decoded.text, decoded.encoding, decoded.repaired
    ('café', 'cp1252', 0)
    """

    text: str
    encoding: str
    repaired: int = 0


# -- detection --------------------------------------------------------------------

#: Byte-order marks, longest first (the UTF-32 LE mark starts like UTF-16 LE's).
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: The codec to use when the caller names a BOM-less Unicode codec but the
#: data starts with that codec's byte-order mark.
_WITH_BOM: Final = {
    "utf-8": (codecs.BOM_UTF8, "utf-8-sig"),
    "utf-16-le": (codecs.BOM_UTF16_LE, "utf-16"),
    "utf-16-be": (codecs.BOM_UTF16_BE, "utf-16"),
    "utf-32-le": (codecs.BOM_UTF32_LE, "utf-32"),
    "utf-32-be": (codecs.BOM_UTF32_BE, "utf-32"),
}

#: How much of the data the NUL-byte test looks at.
_SNIFF_BYTES: Final = 1024


def _nul_pattern(data: bytes) -> str | None:
    """Name the BOM-less UTF-16 or UTF-32 codec the NUL bytes point to, if any."""
    head = data[:_SNIFF_BYTES]
    if len(data) % 4 == 0 and len(head) >= 4:
        units = len(head) // 4
        lanes = [head[i::4].count(0) for i in range(4)]
        if lanes[1] == lanes[2] == lanes[3] == units and lanes[0] * 10 <= units:
            return "utf-32-le"
        if lanes[0] == lanes[1] == lanes[2] == units and lanes[3] * 10 <= units:
            return "utf-32-be"
    if len(data) % 2 or len(head) < 2:
        return None
    units = len(head) // 2
    low_first = head[0::2].count(0)  # NULs in the first byte of each unit
    high_first = head[1::2].count(0)  # NULs in the second byte of each unit
    if high_first * 2 >= units and low_first * 10 <= units:
        return "utf-16-le"
    if low_first * 2 >= units and high_first * 10 <= units:
        return "utf-16-be"
    return None


def _line_at(data: bytes, offset: int, codec: str) -> int:
    """Return the 1-based line of the byte at ``offset``."""
    try:
        return data[:offset].decode(codec).count("\n") + 1
    except (UnicodeDecodeError, LookupError):
        return data.count(b"\n", 0, offset) + 1


def _failure(
    data: bytes, exc: UnicodeDecodeError, codec: str, detail: str, path: str | None
) -> DecodeError:
    """Build the error for the first byte ``codec`` could not decode."""
    offset = exc.start
    line = _line_at(data, offset, codec)
    reason = f"undecodable byte 0x{data[offset]:02x} at offset {offset} ({detail})"
    return DecodeError(reason, path=path, line=line)


def _decode_as(data: bytes, encoding: str, path: str | None) -> tuple[str, str]:
    """Decode strictly with the codec the caller named; return text and codec."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}", path=path) from None
    bom, with_bom = _WITH_BOM.get(codec, (b"", codec))
    if bom and data.startswith(bom):
        codec = with_bom
    try:
        return data.decode(codec), codec
    except LookupError:
        raise DecodeError(f"{encoding!r} is not a text encoding", path=path) from None
    except UnicodeDecodeError as exc:
        detail = f"{exc.reason}; not valid {encoding}"
        raise _failure(data, exc, codec, detail, path) from None


def _detect(data: bytes, path: str | None) -> tuple[str, str]:
    """Decode ``data`` by the rules in the module docstring; return text and codec."""
    for bom, codec in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            if codec == "utf-8-sig":
                break  # read on: UTF-8 failed, try Windows-1252
            if codec == "utf-32" and bom == codecs.BOM_UTF32_LE:
                continue  # perhaps UTF-16 LE whose first character is NUL
            detail = (
                f"{exc.reason}; not valid {codec.upper()} despite its byte-order mark"
            )
            raise _failure(data, exc, codec, detail, path) from None
    else:
        guess = _nul_pattern(data)
        if guess is not None:
            try:
                return data.decode(guess), guess
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        detail = (
            "not UTF-8, UTF-16 or Windows-1252; "
            "pass encoding='latin-1' to read it as Latin-1"
        )
        raise _failure(data, exc, "cp1252", detail, path) from None


def decode_bytes(
    data: bytes,
    *,
    path: str | None = None,
    encoding: str | None = None,
    repair: bool = True,
) -> Decoded:
    r"""Decode the bytes of a text file, detecting the encoding if not given.

    Args:
        data: The file's bytes.
        path: The file's name, for error messages.
        encoding: A codec to decode with, strictly (e.g. ``"latin-1"``,
            ``"cp1252"``, ``"utf-16"``); ``None`` to detect it as the module
            docstring describes.
        repair: Whether to fix mojibake with `repair_mojibake`.

    Returns:
        The text, the codec used and the number of repairs.

    Raises:
        DecodeError: If the bytes are not valid in the named encoding, or in
            none of the detected ones; the message gives the line, the byte
            offset and the byte's value.

    >>> decode_bytes("Київ".encode("utf-16"))
    Decoded(text='Київ', encoding='utf-16', repaired=0)
    >>> decode_bytes(b"\x81", encoding="latin-1").text
    '\x81'
    >>> decode_bytes(b"a\nb\xff", encoding="utf-8", path="x.txt")
    Traceback (most recent call last):
    ...
    peacetalks.errors.DecodeError: x.txt:2: undecodable byte 0xff at offset 3 (invalid start byte; not valid utf-8)
    """  # noqa: E501
    if encoding is None:
        text, codec = _detect(data, path)
    else:
        text, codec = _decode_as(data, encoding, path)
    count = 0
    if repair:
        text, count = repair_mojibake(text)
        if count and text.startswith("\ufeff"):
            text = text[1:]  # a byte-order mark that had itself become "ï»¿"
    return Decoded(text=text, encoding=codec, repaired=count)


# -- mojibake repair --------------------------------------------------------------


def _byte_table() -> dict[str, int]:
    """Map each character Windows-1252 or Latin-1 gives a byte 0x80-0xFF to it."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        table[chr(byte)] = byte  # Latin-1, which includes the C1 controls
        # Windows-1252 leaves five bytes undefined; those keep the Latin-1 one.
        with contextlib.suppress(UnicodeDecodeError):
            table[bytes([byte]).decode("cp1252")] = byte
    return table


_BYTE_OF: Final = _byte_table()

#: Characters that stand for a UTF-8 continuation byte (0x80-0xBF).
_CONT: Final = (
    "["
    + "".join(re.escape(char) for char, byte in _BYTE_OF.items() if byte < 0xC0)
    + "]"
)

#: One UTF-8 sequence read as single bytes: a lead byte (Â..ß for two bytes,
#: à..ï for three, ð..ô for four) and its continuation bytes, or "Â" and a
#: space (a non-breaking space whose second byte was turned into a space).
#: Every alternative has a fixed length, so matching is linear.
_SEQUENCE: Final = re.compile(
    f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{_CONT}"
    f"|[\u00f0-\u00f4]{_CONT}{_CONT}{_CONT}|\u00c2 "
)

#: The characters a repair may produce.  Mojibake is only repaired into
#: characters that news in European, Cyrillic, Greek, Armenian, Georgian and
#: Arabic script carries, so that rare blocks (IPA, NKo, CJK...) that
#: ordinary text can imitate, such as "CAFÉ”" (``C9 94``, "ɔ"), are left alone.
_ALLOWED: Final = (
    (0x00A0, 0x00FF),  # Latin-1: é, ü, ñ, £, °, «, », non-breaking space
    (0x0100, 0x023F),  # Latin Extended-A and most of B: ł, ğ, ş, ș, ț, ő
    (0x02B0, 0x033F),  # modifier letters (ʼ) and combining accents
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic
    (0x0531, 0x0587),  # Armenian letters
    (0x060C, 0x060C),  # Arabic comma
    (0x061B, 0x061B),  # Arabic semicolon
    (0x061F, 0x064A),  # Arabic question mark and letters
    (0x0660, 0x06FF),  # Arabic digits and extended (Persian, Urdu) letters
    (0x10A0, 0x10FF),  # Georgian
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Welsh)
    (0x2000, 0x206F),  # general punctuation: ’ “ ” — – … • ‰ ′
    (0x20A0, 0x20CF),  # currency: € ₴ ₽
    (0x2100, 0x22FF),  # letterlike (№, ™), number forms, arrows, maths (−)
    (0x2500, 0x27BF),  # box drawing, shapes (■ ●), symbols, dingbats
    (0xFE0F, 0xFE0F),  # emoji variation selector
    (0xFEFF, 0xFEFF),  # byte-order mark
    (0x1F000, 0x1FAFF),  # emoji, flags
)

#: Punctuation that often follows a word: after a word-final capital such as
#: "Ù" or "Ã" ("PERÙ…", "IRMÃ”") it is real text, not mojibake.
_CLOSING: Final = frozenset("’”…–—»›")


def _allowed(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _ALLOWED)


@functools.lru_cache(maxsize=4096)
def _decode_run(run: str) -> str | None:
    """Return the allowed character ``run``'s bytes encode in UTF-8, or ``None``."""
    try:
        char = bytes(_BYTE_OF[c] for c in run).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return char if _allowed(char) else None


def _is_ascii_upper(char: str) -> bool:
    return "A" <= char <= "Z"


def repair_mojibake(text: str) -> tuple[str, int]:
    r"""Undo UTF-8 that was read as Windows-1252 (or Latin-1).

    Each run of characters that stands for the bytes of one UTF-8 sequence
    (a lead-byte character ``Â``..``ô`` followed by the right number of
    continuation-byte characters) is replaced by the character those bytes
    encode, if they are valid UTF-8 and that character is one news text
    plausibly holds (Latin, Cyrillic, Greek, Armenian, Georgian or Arabic
    letters, punctuation, currency, symbols, emoji).  The Windows-1252
    continuation characters (``€``, ``™``, ``œ``...) and, for the bytes it
    leaves undefined and for text read as Latin-1, the C1 control characters
    are both accepted.  Three cases stay as they are, since real text makes
    them: a two-character run whose second character is closing punctuation
    (``’ ” … – — » ›``) after an ASCII capital and before a non-letter
    (``"PERÙ…"``); ``"Â"`` then a space after a capital; anything that does
    not decode.  ``"Â "`` elsewhere is a non-breaking space whose second
    byte became a space, and becomes ``"\xa0"``.

    Args:
        text: Any text.

    Returns:
        The repaired text and the number of sequences repaired.

    >>> repair_mojibake("Itâ€™s a â€œdealâ€\x9d â€” cafÃ© in Å\x81Ã³dÅº")
    ('It’s a “deal” — café in Łódź', 8)
    >>> repair_mojibake("Łódź, São Paulo, Müller, Erdoğan, naïve, CAFÉ”")
    ('Łódź, São Paulo, Müller, Erdoğan, naïve, CAFÉ”', 0)
    """
    if text.isascii():
        return text, 0
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        run = match.group()
        start, end = match.span()
        before = text[start - 1] if start else ""
        if run == "\u00c2 ":
            if before.isupper():
                return run
            count += 1
            return "\u00a0"
        if len(run) == 2 and run[1] in _CLOSING and _is_ascii_upper(before):
            after = text[end] if end < len(text) else ""
            if not after.isalnum():
                return run
        char = _decode_run(run)
        if char is None:
            return run
        count += 1
        return char

    repaired = _SEQUENCE.sub(fix, text)
    return repaired, count


# -- lone surrogates ---------------------------------------------------------------

#: A surrogate code point: half of a UTF-16 pair, which no UTF-8 text can hold.
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _replace_in(text: str, where: Callable[[], str], found: list[str]) -> str:
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    # A pair of halves is joined into its character; a lone half is replaced.
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    lone = joined.count("\ufffd") - text.count("\ufffd")
    if lone:
        halves = "a lone surrogate" if lone == 1 else f"{lone} lone surrogates"
        found.append(
            f"{where()}: {halves} (half of a UTF-16 pair, such as a JSON "
            "'\\ud83d' escape, which no UTF-8 text can hold) replaced with U+FFFD"
        )
    return joined


def _member(where: str, key: object) -> str:
    """The path of a dict's member: ``$.title``, or ``$['a b']``."""
    if isinstance(key, str) and key.isidentifier():
        return f"{where}.{key}"
    return f"{where}[{key!r}]"


#: The (name, alias) of each init field of the attrs classes met, or None.
_FIELDS: dict[type, tuple[tuple[str, str], ...] | None] = {}


def _init_fields(cls: type) -> tuple[tuple[str, str], ...] | None:
    """The (name, alias) of each init field of an attrs class; None for others."""
    if cls not in _FIELDS:
        _FIELDS[cls] = (
            tuple((f.name, f.alias) for f in attrs.fields(cls) if f.init)
            if attrs.has(cls)
            else None
        )
    return _FIELDS[cls]


def _at_index(where: Callable[[], str], index: int) -> str:
    return f"{where()}[{index}]"


def _at_key(where: Callable[[], str], key: object) -> str:
    return _member(where(), key)


def _as_key(where: Callable[[], str]) -> str:
    return f"{where()} (a key)"


def _at_field(where: Callable[[], str], name: str) -> str:
    return f"{where()}.{name}"


def _replace(value: Any, where: Callable[[], str], found: list[str]) -> Any:
    """`replace_surrogates`, the path of ``value`` made only when needed."""
    if isinstance(value, str):
        return _replace_in(value, where, found)
    if isinstance(value, list | tuple):
        items = [
            _replace(item, functools.partial(_at_index, where, index), found)
            for index, item in enumerate(value)
        ]
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return type(value)(items)
        return value
    if isinstance(value, dict):
        pairs = [
            (
                _replace(key, functools.partial(_as_key, where), found),
                _replace(item, functools.partial(_at_key, where, key), found),
            )
            for key, item in value.items()
        ]
        if any(
            new_key is not key or new is not item
            for (new_key, new), (key, item) in zip(pairs, value.items(), strict=True)
        ):
            return dict(pairs)
        return value
    fields = None if value is None else _init_fields(type(value))
    if not fields:
        return value
    changes = {}
    for name, alias in fields:
        old = getattr(value, name)
        new = _replace(old, functools.partial(_at_field, where, name), found)
        if new is not old:
            changes[alias] = new
    return attrs.evolve(value, **changes) if changes else value


def replace_surrogates(value: T, where: str = "$", found: list[str] | None = None) -> T:
    r"""``value`` with every lone surrogate in its strings replaced with U+FFFD.

    A JSON escape such as ``"\ud83d"`` gives a Python string that holds
    half of a UTF-16 pair: it cannot be written as UTF-8, so any output
    would fail on it.  Strings are looked for in ``value`` itself, in lists,
    tuples and dicts (keys too) and in the fields of attrs instances; a
    pair of halves is joined into the character it stands for.  Nothing
    that needs no change is copied: ``value`` itself comes back when it
    holds no surrogate.

    Args:
        value: A string, JSON data or an attrs instance (an article).
        where: The path of ``value``, for the messages.
        found: Where to add one message per string changed, starting with
            its path (``$.title: a lone surrogate ... replaced with U+FFFD``).

    >>> found = []
    >>> ascii(replace_surrogates({"title": "Kyiv \ud83d"}, found=found))
    "{'title': 'Kyiv \\ufffd'}"
    >>> found[0][:31]
    '$.title: a lone surrogate (half'
    >>> replace_surrogates("\ud83d\ude00") == "\N{GRINNING FACE}"
    True
    """
    if not _holds_surrogate(value):
        return value  # the common case, checked without building paths
    messages = [] if found is None else found
    return cast(T, _replace(value, lambda: where, messages))  # the same type


def _holds_surrogate(value: object) -> bool:
    """Tell whether any string in ``value`` holds a surrogate (a quick walk)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        if isinstance(item, str):  # enums of strings too
            if not item.isascii() and _SURROGATE.search(item) is not None:
                return True
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif item is not None and (values := _values_of(type(item))) is not None:
            stack.extend(values(item))
    return False


#: For each attrs class met, a getter of its init fields' values (a tuple).
_GETTERS: dict[type, Callable[[Any], tuple[object, ...]] | None] = {}


def _values_of(cls: type) -> Callable[[Any], tuple[object, ...]] | None:
    """A fast getter of an attrs class's init field values; None for others."""
    if cls not in _GETTERS:
        fields = _init_fields(cls)
        names = [name for name, _ in fields or ()]
        # attrgetter of two names or more gives a tuple; of one, the value.
        _GETTERS[cls] = (
            operator.attrgetter(*(names * 2 if len(names) == 1 else names))
            if names
            else None
        )
    return _GETTERS[cls]
