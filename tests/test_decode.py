# ruff: noqa: RUF001 -- mojibake and typographic quotes are the subject here
"""Tests for peacetalks.io.decode."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from peacetalks.errors import DecodeError
from peacetalks.io.decode import Decoded, decode_bytes, repair_mojibake

SAMPLES = sorted(
    (Path(__file__).parent.parent / "src/peacetalks/datasets/data/sample").glob("*.txt")
)

#: The five bytes Windows-1252 leaves undefined.
UNDEFINED_IN_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")


def mojibake(text: str) -> str:
    """Damage ``text`` as a Windows-1252 reader damages UTF-8 (Latin-1 for gaps)."""
    chars = []
    for byte in text.encode("utf-8"):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


def cp1252_encodable(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


#: Text without NUL (text files never hold it) and without surrogates.
unicode_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
)
cp1252_text = st.text(
    st.characters(max_codepoint=0x2122, exclude_characters="\x00").filter(
        cp1252_encodable
    )
)

#: Non-ASCII characters typical of news about Ukraine, Russia and Turkey.
NEWS_CHARS = (
    "’‘“”—–…•€№«»°£ éèêëàâäçôöüûïîñáíóúãõßÉÖÜÅÇ"
    "łóźżśąęćńŁŚŻğşıİšžčřőűțș"
    "абвгдеєжзиіїйклмнопрстуфхцчшщьюяґАБВДЗКЛМНПРСТУХЧ"
    "αβγδΑΘ\u00a0ʼ"
)
news_text = st.text(
    st.sampled_from(NEWS_CHARS + "abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?'\"()-\n")
)
NEWS_WORDS = (
    "Zelensky’s",
    "“ceasefire”",
    "—",
    "Erdoğan",
    "Łódź",
    "São Paulo",
    "Київ",
    "Міністерство",
    "Москва",
    "café",
    "Müller",
    "naïve",
    "€5bn",
    "№3",
    "İstanbul",
    "Hürriyet",
    "Şanlıurfa",
    "Ñandú",
    "Kraków",
    "Dvořák",
    "Bucureşti",
    "Timișoara",
    "Αθήνα",
    "Ελλάδα",
    "10\u00a0km",
    "…",
    "«Nein»",
    "Straße",
    "ÉTAT",
    "Öl",
)
news_words = st.lists(
    st.sampled_from((*NEWS_WORDS, "said", "the", "talks")), max_size=30
).map(" ".join)


class TestDetection:
    """Tests for how decode_bytes picks the encoding."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (b"", Decoded("", "utf-8")),
            (b"plain ASCII", Decoded("plain ASCII", "utf-8")),
            ("Київ’s".encode(), Decoded("Київ’s", "utf-8")),
            (codecs.BOM_UTF8 + "Київ".encode(), Decoded("Київ", "utf-8-sig")),
            ("Київ".encode("utf-16"), Decoded("Київ", "utf-16")),
            (
                codecs.BOM_UTF16_BE + "Київ".encode("utf-16-be"),
                Decoded("Київ", "utf-16"),
            ),
            ("Київ".encode("utf-32"), Decoded("Київ", "utf-32")),
            (
                codecs.BOM_UTF32_BE + "Kyiv".encode("utf-32-be"),
                Decoded("Kyiv", "utf-32"),
            ),
            (
                "Talks in Kyiv\n".encode("utf-16-le"),
                Decoded("Talks in Kyiv\n", "utf-16-le"),
            ),
            (
                "Talks in Kyiv\n".encode("utf-16-be"),
                Decoded("Talks in Kyiv\n", "utf-16-be"),
            ),
            ("Ankara—Kyiv".encode("utf-16-le"), Decoded("Ankara—Kyiv", "utf-16-le")),
            ("Kyiv".encode("utf-32-le"), Decoded("Kyiv", "utf-32-le")),
            (b"caf\xe9", Decoded("café", "cp1252")),
            (b"\x93Kyiv\x94 \x96 M\xfcller", Decoded("“Kyiv” – Müller", "cp1252")),
            (b"\x80 5bn", Decoded("€ 5bn", "cp1252")),
        ],
    )
    def test_detects(self, value: bytes, expected: Decoded) -> None:
        """BOMs win, then UTF-16 by NULs, then UTF-8, then Windows-1252."""
        assert decode_bytes(value) == expected

    def test_utf16_bom_with_nul_first_character(self) -> None:
        """A UTF-16 LE mark then NUL, which UTF-32 cannot decode, is read as UTF-16."""
        data = "\x00Kyiv!".encode("utf-16")  # FF FE 00 00 ...: looks like UTF-32 LE

        assert decode_bytes(data, repair=False) == Decoded("\x00Kyiv!", "utf-16")

    def test_mixed_file_reads_as_cp1252_and_is_repaired(self) -> None:
        """UTF-8 with stray Windows-1252 bytes is read whole, its UTF-8 repaired."""
        data = "Zelensky’s offer".encode() + b" \x96 caf\xe9"

        decoded = decode_bytes(data)

        assert decoded == Decoded("Zelensky’s offer – café", "cp1252", repaired=1)

    def test_utf8_bom_with_bad_bytes_reads_on(self) -> None:
        """A UTF-8 mark before Windows-1252 bytes does not stop detection."""
        decoded = decode_bytes(codecs.BOM_UTF8 + b"caf\xe9")

        assert decoded == Decoded("café", "cp1252", repaired=1)

    def test_repair_can_be_turned_off(self) -> None:
        """With repair=False the text is exactly the decoded bytes."""
        data = "Itâ€™s".encode()

        assert decode_bytes(data, repair=False) == Decoded("Itâ€™s", "utf-8", 0)
        assert decode_bytes(data) == Decoded("It’s", "utf-8", 1)

    def test_mojibake_bom_is_dropped(self) -> None:
        """A byte-order mark that became "ï»¿" is repaired away at the start."""
        assert decode_bytes("ï»¿Kyiv".encode()) == Decoded("Kyiv", "utf-8", 1)

    @pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
    def test_samples(self, path: Path) -> None:
        """The bundled samples are clean UTF-8 and need no repair."""
        decoded = decode_bytes(path.read_bytes(), path=str(path))

        assert decoded.encoding == "utf-8"
        assert decoded.repaired == 0
        assert decoded.text == path.read_text(encoding="utf-8")


class TestExplicitEncoding:
    """Tests for decode_bytes with encoding=."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ((b"a\x81b", "latin-1"), Decoded("a\x81b", "iso8859-1")),
            ((b"\x93q\x94", "cp1252"), Decoded("“q”", "cp1252")),
            ((b"\x93q\x94", "latin-1"), Decoded("\x93q\x94", "iso8859-1")),
            (("Київ".encode("utf-16"), "utf-16"), Decoded("Київ", "utf-16")),
            ((codecs.BOM_UTF8 + b"Kyiv", "utf-8"), Decoded("Kyiv", "utf-8-sig")),
            ((codecs.BOM_UTF8 + b"Kyiv", "UTF8"), Decoded("Kyiv", "utf-8-sig")),
            (("Kyiv".encode("utf-16"), "utf-16-le"), Decoded("Kyiv", "utf-16")),
            (("Kyiv".encode("utf-16-le"), "utf-16-le"), Decoded("Kyiv", "utf-16-le")),
            (("Київ".encode("cp1251"), "cp1251"), Decoded("Київ", "cp1251")),
        ],
    )
    def test_decodes_strictly(
        self, value: tuple[bytes, str], expected: Decoded
    ) -> None:
        """The named codec decodes every byte; a matching BOM is honoured."""
        data, encoding = value

        assert decode_bytes(data, encoding=encoding) == expected

    def test_utf8_mojibake_is_repaired_too(self) -> None:
        """Repair applies to explicitly decoded text as well."""
        assert decode_bytes("â€œaâ€\x9d".encode(), encoding="utf-8").text == "“a”"

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ((b"ok\nok\n\xff", "utf-8"), (3, 6, "0xff")),
            ((b"\x81", "cp1252"), (1, 0, "0x81")),
            ((b"ab\x80", "ascii"), (1, 2, "0x80")),
            (("a\nb".encode("utf-16") + b"\x00", "utf-16"), (2, 8, "0x00")),
        ],
    )
    def test_failure_names_line_offset_and_byte(
        self, value: tuple[bytes, str], expected: tuple[int, int, str]
    ) -> None:
        """A byte the codec rejects is reported with its line, offset and value."""
        data, encoding = value
        line, offset, byte = expected

        with pytest.raises(DecodeError) as info:
            decode_bytes(data, encoding=encoding, path="f.txt")

        assert info.value.path == "f.txt"
        assert info.value.line == line
        assert f"undecodable byte {byte} at offset {offset} (" in info.value.reason
        assert f"not valid {encoding}" in info.value.reason

    @pytest.mark.parametrize("value", ["no-such-codec", "rot13", "base64"])
    def test_unknown_or_non_text_encoding(self, value: str) -> None:
        """An encoding that is not a text codec is a DecodeError, not a LookupError."""
        with pytest.raises(DecodeError, match=repr(value)):
            decode_bytes(b"x", encoding=value, path="f.txt")


class TestErrors:
    """Tests for what decode_bytes reports when nothing decodes."""

    def test_message(self) -> None:
        """The message names the file, line, offset and byte, and the way out."""
        data = b"caf\xe9\nline two\nbad \x81 here"

        with pytest.raises(DecodeError) as info:
            decode_bytes(data, path="article.txt")

        assert str(info.value) == (
            "article.txt:3: undecodable byte 0x81 at offset 18 (not UTF-8, UTF-16 or "
            "Windows-1252; pass encoding='latin-1' to read it as Latin-1)"
        )
        assert (info.value.path, info.value.line) == ("article.txt", 3)
        assert decode_bytes(data, encoding="latin-1").text.endswith("\x81 here")

    @pytest.mark.parametrize("value", sorted(UNDEFINED_IN_CP1252))
    def test_each_undefined_byte(self, value: int) -> None:
        """Each byte Windows-1252 leaves undefined makes undetectable input fail."""
        with pytest.raises(DecodeError, match=f"undecodable byte 0x{value:02x}"):
            decode_bytes(b"\xe9" + bytes([value]))

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (codecs.BOM_UTF16_LE + b"K\x00y", "utf-16"),
            (codecs.BOM_UTF16_BE + b"\xdc\x00", "utf-16"),
            (codecs.BOM_UTF32_BE + b"\x00\x11\x00\x00", "utf-32"),
        ],
    )
    def test_broken_utf16_after_its_bom(self, value: bytes, expected: str) -> None:
        """UTF-16 or UTF-32 that breaks after its mark is an error, not cp1252."""
        with pytest.raises(DecodeError, match=f"not valid {expected.upper()}"):
            decode_bytes(value, path="x")

    @given(st.binary())
    @example(b"\xff\xfe\x00")
    @example(b"\xff\xfe\x00\x00\x00")
    @example(b"\x00\x00\xfe\xff\x00")
    @example(b"\xef\xbb\xbf\x81")
    @example(b"\x00a" * 5 + b"\x00")
    def test_any_bytes(self, data: bytes) -> None:
        """Any bytes give a faithful Decoded or a DecodeError, nothing else."""
        error: DecodeError | None = None
        try:
            decoded = decode_bytes(data, repair=False, path="any.bin")
        except DecodeError as exc:
            error = exc
        if error is None:
            assert data.decode(decoded.encoding) == decoded.text
            assert decoded.repaired == 0
        else:
            assert error.path == "any.bin"
            assert error.line is not None
            assert error.line >= 1
            assert "undecodable byte 0x" in error.reason

    @given(st.binary())
    def test_any_bytes_with_repair(self, data: bytes) -> None:
        """Repair never turns a decodable input into a failure or vice versa."""
        try:
            plain = decode_bytes(data, repair=False)
        except DecodeError:
            with pytest.raises(DecodeError):
                decode_bytes(data)
        else:
            decoded = decode_bytes(data)
            assert decoded.encoding == plain.encoding
            assert (decoded.repaired == 0) == (decoded.text == plain.text)


class TestRoundTrip:
    """Properties: text encoded in a supported encoding decodes back to itself."""

    @given(unicode_text)
    def test_utf8(self, text: str) -> None:
        """UTF-8 comes back as it was (a leading U+FEFF is a byte-order mark)."""
        decoded = decode_bytes(text.encode("utf-8"), repair=False)

        assert decoded.text == text.removeprefix("\ufeff")
        assert decoded.encoding in ("utf-8", "utf-8-sig")

    @given(unicode_text)
    def test_utf8_sig(self, text: str) -> None:
        """UTF-8 with a byte-order mark comes back without the mark."""
        decoded = decode_bytes(text.encode("utf-8-sig"), repair=False)

        assert decoded == Decoded(text, "utf-8-sig")

    @given(unicode_text)
    def test_utf16(self, text: str) -> None:
        """UTF-16 with a byte-order mark comes back as it was."""
        decoded = decode_bytes(text.encode("utf-16"), repair=False)

        assert decoded == Decoded(text, "utf-16")

    @given(cp1252_text.filter(lambda text: not text.startswith(("ÿþ", "þÿ"))))
    def test_cp1252(self, text: str) -> None:
        """Windows-1252 comes back as it was unless its bytes are also valid UTF-8.

        Text that starts with "ÿþ" or "þÿ" is left out: its bytes start with a
        UTF-16 byte-order mark, which wins.
        """
        data = text.encode("cp1252")

        decoded = decode_bytes(data, repair=False)

        assert data.decode(decoded.encoding) == decoded.text
        if decoded.encoding == "cp1252":
            assert decoded.text == text
        else:
            # Only UTF-8 or a byte-order mark can take precedence.
            assert decoded.encoding in ("utf-8", "utf-8-sig")

    @given(cp1252_text.filter(lambda text: not text.isascii()))
    def test_cp1252_that_is_not_utf8(self, text: str) -> None:
        """Windows-1252 bytes that are not UTF-8 and carry no mark are Windows-1252."""
        data = text.encode("cp1252")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return

        assert decode_bytes(data, repair=False) == Decoded(text, "cp1252")

    @given(news_words)
    def test_news_text_survives_repair(self, text: str) -> None:
        """Correct news text decodes unchanged with repair on."""
        assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8", 0)
        assert decode_bytes(text.encode("utf-16")) == Decoded(text, "utf-16", 0)


class TestRepairMojibake:
    """Tests for repair_mojibake."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("Itâ€™s", ("It’s", 1)),
            ("â€œTalksâ€\x9d", ("“Talks”", 2)),
            ("â€œTalksâ€", ("“Talks”".replace("”", "â€"), 1)),
            ("Kyiv â€” Ankara â€“ Moscow", ("Kyiv — Ankara – Moscow", 2)),
            ("waitâ€¦", ("wait…", 1)),
            ("cafÃ©", ("café", 1)),
            ("MÃ¼ller", ("Müller", 1)),
            ("SÃ£o Paulo", ("São Paulo", 1)),
            ("ErdoÄŸan", ("Erdoğan", 1)),
            ("Å\x81Ã³dÅº", ("Łódź", 3)),
            ("naÃ¯ve", ("naïve", 1)),
            ("Ã\x89TAT", ("ÉTAT", 1)),
            ("Â£5bn and 40Â°C", ("£5bn and 40°C", 2)),
            ("Â«NeinÂ»", ("«Nein»", 2)),
            ("10Â\xa0km", ("10\xa0km", 1)),
            ("10Â km", ("10\xa0km", 1)),
            ("saidÂ that", ("said\xa0that", 1)),
            ("â‚¬5bn", ("€5bn", 1)),
            ("â„–3", ("№3", 1)),
            ("ÐšÐ¸Ñ—Ð²", ("Київ", 4)),
            ("Ð\xa0Ð¾Ñ\x81Ñ\x81Ð¸Ñ\x8f", ("Россия", 6)),
            ("Î‘Î¸Î®Î½Î±", ("Αθήνα", 5)),
            ("TimiÈ™oara", ("Timișoara", 1)),
            (
                "Ukrainian apostrophe: ZhytomyrÊ¼s",
                ("Ukrainian apostrophe: Zhytomyrʼs", 1),
            ),
            ("ðŸ‡ºðŸ‡¦", ("🇺🇦", 2)),
            ("â\x80\x99 read as Latin-1", ("’ read as Latin-1", 1)),
            ("CÃ”TE", ("CÔTE", 1)),
            ("ZÅ\x81OTY", ("ZŁOTY", 1)),
        ],
    )
    def test_repairs(self, value: str, expected: tuple[str, int]) -> None:
        """Common UTF-8-as-Windows-1252 damage is undone and counted."""
        assert repair_mojibake(value) == expected

    @pytest.mark.parametrize(
        "value",
        [
            "café",
            "Müller",
            "São Paulo",
            "Erdoğan",
            "Łódź",
            "naïve",
            "Straße’s",
            "Strauß”",
            "CAFÉ”",
            "CAFÉ…",
            "ÉTÉ»",
            "NESTLÉ®",
            "IRMÃ”",
            "PERÙ…",
            "“IRMÃ” and “PERÙ…”",
            "MAÇÃ ao lado",
            "ROMÂ nia",
            "3 ×\xa05",
            "déjà…»",
            "«Qué…”»",
            "Ñandú",
            "ÑOÑO’s",
            "Açaí",
            "Hürriyet’s “İbrahim Kalın”",
            "Dvořák—Janáček",
            "Київ — Львів",
            "Αθήνα",
            "C’est là",
            "Ø’s",
            "ß—",
            "£5 — 10°C ±2",
            "\u00c2",
            "\u00e2\u20ac",
        ],
    )
    def test_leaves_real_text_alone(self, value: str) -> None:
        """Correct text in European languages is not mistaken for mojibake."""
        assert repair_mojibake(value) == (value, 0)

    @given(news_text)
    def test_recovers_news_text(self, text: str) -> None:
        """Mojibake of typical news text is fully undone."""
        assert repair_mojibake(mojibake(text))[0] == text

    @given(news_words)
    def test_recovers_news_words(self, text: str) -> None:
        """Mojibake of sentences made of real names and words is fully undone."""
        repaired, count = repair_mojibake(mojibake(text))

        assert repaired == text
        assert count == sum(not char.isascii() for char in text)

    @given(news_words)
    def test_correct_news_words_unchanged(self, text: str) -> None:
        """Sentences of real names and words are left as they are."""
        assert repair_mojibake(text) == (text, 0)

    @given(st.text(st.characters(max_codepoint=0x7F)))
    def test_ascii_unchanged(self, text: str) -> None:
        """Pure ASCII is never changed."""
        assert repair_mojibake(text) == (text, 0)

    @given(st.text())
    def test_any_text(self, text: str) -> None:
        """Any text is repaired without error, only ever getting shorter."""
        repaired, count = repair_mojibake(text)

        assert (count == 0) == (repaired == text)
        assert count <= len(text) - len(repaired)

    @pytest.mark.parametrize(
        "value",
        [
            "â€" * 300_000,
            "Ã" * 1_000_000,
            "€" * 1_000_000,
            "é’" * 500_000,
            "é’”" * 300_000,
            "Â " * 500_000,
            "“" * 1_000_000,
            " " * 1_000_000,
            "x" * 1_000_000,
        ],
        ids=[
            "lead-pairs",
            "leads",
            "conts",
            "no-match",
            "failing",
            "nbsp",
            "quotes",
            "spaces",
            "ascii",
        ],
    )
    def test_long_inputs(self, value: str) -> None:
        """Long pathological runs are handled (a super-linear regex would hang here)."""
        repaired, _ = repair_mojibake(value)

        assert len(repaired) <= len(value)

    def test_long_input_bytes(self) -> None:
        """A megabyte of mixed bytes decodes in one pass."""
        data = ("Itâ€™s “talks” " * 70_000).encode()

        decoded = decode_bytes(data)

        assert decoded.repaired == 70_000
        assert decoded.text == "It’s “talks” " * 70_000
