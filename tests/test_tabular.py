"""Tests for peacetalks.io.tabular: other people's CSV, JSON and JSON Lines."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks import Article, DecodeError, FormatError, Published, ValidationError
from peacetalks.io.draft import Draft
from peacetalks.io.tabular import (
    DEFAULT_MAPPING,
    is_native_csv,
    is_native_json,
    iter_csv_records,
    iter_csv_rows,
    iter_json_records,
    iter_jsonl_records,
    normalize_name,
    record_fields,
    record_to_draft,
    split_authors,
)
from peacetalks.serialize import columns
from tests.strategies import json_values, names, texts

# -- fixtures in other people's styles ------------------------------------------

#: A Kaggle-style news table: a pandas index column, quoted bodies with
#: commas and line breaks, an empty link.
KAGGLE_CSV = (
    b",headline,body,pub_date,link,category\n"
    b'0,Talks resume in Istanbul,"Delegations met on Tuesday, and talked.\n'
    b'Second paragraph.",2022-03-29,https://example.org/a,WORLDPOST\n'
    b'1,"Russia says ""no breakthrough""",Moscow said so.,03/30/2022,,POLITICS\n'
)

#: A spreadsheet export: semicolons, a byte-order mark, CRLF line ends,
#: German column names and a quoted cell holding the delimiter.
SEMICOLON_CSV = (
    "\ufeffTitel;Text;Datum;Autor;Quelle\r\n"
    'Gespräche;"Die Delegationen; trafen sich.";29.03.2022;Jane Doe;Spiegel\r\n'
    "Zweite;Text zwei;30.03.2022;;\r\n"
).encode()

#: A scraper's JSON export: run metadata around an "items" array, nested
#: objects, NewsAPI-style source and authors, a library-style date.
SCRAPER_JSON = json.dumps(
    {
        "spider": "peace_talks",
        "scraped_at": "2022-04-01T10:00:00Z",
        "items": [
            {
                "Headline": "Ukraine offers neutrality",
                "Article Text": "Kyiv offered to stay out of NATO.",
                "source": {"id": "bi", "name": "Business Insider"},
                "authors": [{"name": "Jane Doe"}, {"name": "John Roe"}],
                "published": {
                    "raw": "20220329",
                    "date": "2022-03-29",
                    "precision": "day",
                },
                "meta": {"section": "world", "tags": ["ukraine", "nato"]},
                "word_count": 7,
            },
            {
                "headline": "Second",
                "article_text": "Body two.",
                "published": "March 2022",
                "meta": None,
            },
        ],
    },
    indent=2,
).encode()

#: A JSON Lines dump: "content" and "published_at", a blank line, a
#: trailing line without a line end.
JSONL_DUMP = (
    b'{"id": 101, "title": "Talks", "content": "They met.", '
    b'"published_at": "2022-03-29T09:00:00+03:00", "lang": "en"}\n'
    b"\n"
    b'{"id": 102, "content": "No title here.", "published_at": 1648512000, '
    b'"byline": "By Jane Doe and John Roe"}'
)


def _csv(data: bytes, **kwargs: Any) -> list[Draft]:
    return list(iter_csv_records(io.BytesIO(data), path="t.csv", **kwargs))


def _jsonl(data: bytes, **kwargs: Any) -> list[Draft]:
    return list(iter_jsonl_records(io.BytesIO(data), path="t.jsonl", **kwargs))


#: The synonyms the brief lists for each field.
SYNONYMS = {
    "title": ["title", "headline", "heading"],
    "text": [
        "text",
        "body",
        "content",
        "article",
        "article_text",
        "full_text",
        "story",
    ],
    "url": ["url", "link", "href", "source_url", "permalink"],
    "published_raw": [
        "published",
        "date",
        "pubdate",
        "pub_date",
        "publication_date",
        "published_at",
        "datetime",
        "timestamp",
        "created_at",
    ],
    "outlet": [
        "outlet",
        "source",
        "publisher",
        "site",
        "site_name",
        "domain",
        "newspaper",
    ],
    "authors": ["authors", "author", "byline", "by"],
    "language": ["language", "lang", "locale"],
    "id": ["id", "article_id", "uid", "guid"],
}
SYNONYM_PAIRS = [(field, name) for field, names in SYNONYMS.items() for name in names]


class TestNormalizeName:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Title", "title"),
            ("PUB_DATE", "pub_date"),
            ("pub-date", "pub_date"),
            ("Pub Date", "pub_date"),
            ("pubDate", "pub_date"),
            ("publishedAt", "published_at"),
            ("  article  text ", "article_text"),
            ("article__text", "article_text"),
            ("sourceURL", "source_url"),
            ("URL", "url"),
        ],
    )
    def test_forms(self, name: str, expected: str) -> None:
        """Case, separators and camelCase do not matter."""
        assert normalize_name(name) == expected


class TestDefaultMapping:
    @pytest.mark.parametrize(("field", "name"), SYNONYM_PAIRS)
    def test_synonym(self, field: str, name: str) -> None:
        """Every synonym the documentation promises maps to its field."""
        assert DEFAULT_MAPPING[name] == field

    def test_keys_are_normalized(self) -> None:
        """The mapping's keys are in normalize_name form, so lookups work."""
        assert all(normalize_name(key) == key for key in DEFAULT_MAPPING)

    def test_read_only(self) -> None:
        """The defaults cannot be changed by accident."""
        with pytest.raises(TypeError):
            DEFAULT_MAPPING["x"] = "title"  # type: ignore[index]


class TestRecordToDraft:
    def test_strings_as_they_are(self) -> None:
        """Text is never stripped or otherwise changed."""
        draft = record_to_draft({"title": "  T  ", "text": "\n body\r\n"})

        assert (draft.title, draft.text) == ("  T  ", "\n body\r\n")

    def test_every_field(self) -> None:
        """Each synonym fills its field and the rest goes to extra."""
        draft = record_to_draft(
            {
                "headline": "T",
                "story": "B",
                "permalink": "https://x.org",
                "pubdate": "2022",
                "site_name": "CNN",
                "by": "Jane Doe",
                "locale": "en",
                "guid": "g-1",
                "tags": ["a"],
            },
            path="f.json",
            line=4,
        )

        assert draft == Draft(
            title="T",
            text="B",
            id="g-1",
            url="https://x.org",
            outlet="CNN",
            authors=["Jane Doe"],
            published_raw="2022",
            language="en",
            path="f.json",
            line=4,
            extra={"tags": ["a"]},
        )

    @pytest.mark.parametrize(
        ("byline", "expected"),
        [
            ("Jane Doe", ["Jane Doe"]),
            ("By Jane Doe", ["Jane Doe"]),
            ("by Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
            ("Jane Doe, John Roe, and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
            ("Jane Doe,John Roe", ["Jane Doe", "John Roe"]),
            ("Doe, Jane; Roe, John", ["Doe, Jane", "Roe, John"]),
            ("Jane Doe;", ["Jane Doe"]),
            ("Alexandra Byrne", ["Alexandra Byrne"]),
            ("Sandy Anderson", ["Sandy Anderson"]),
            ("", []),
            (" , ; ", []),
        ],
    )
    def test_split_authors(self, byline: str, expected: list[str]) -> None:
        """Bylines split on ';' if present, else on ',' and the word 'and'."""
        assert split_authors(byline) == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (["A, B", "C"], ["A, B", "C"]),
            ([{"name": "A"}, "B"], ["A", "B"]),
            ([], []),
            ("A and B", ["A", "B"]),
        ],
    )
    def test_authors(self, value: object, expected: list[str]) -> None:
        """Authors come from a list kept as is, or a byline split into names."""
        assert record_to_draft({"text": "x", "author": value}).authors == expected

    @pytest.mark.parametrize(
        ("value", "raw"),
        [
            ("2022-03-29", "2022-03-29"),
            (20220329, "20220329"),
            (2022, "2022"),
            (1648512000, "1648512000"),
            ({"$date": "2022-03-29T00:00:00Z"}, "2022-03-29T00:00:00Z"),
        ],
    )
    def test_date_values(self, value: object, raw: str) -> None:
        """Strings, integers (as their digits) and Mongo dates become raw text."""
        draft = record_to_draft({"text": "x", "date": value})

        assert (draft.published_raw, draft.published) == (raw, None)

    @pytest.mark.parametrize(
        ("value", "label"),
        [(20220329, "2022-03-29"), (2022, "2022"), (1648512000, "unknown")],
    )
    def test_integer_dates_resolve(self, value: int, label: str) -> None:
        """YYYYMMDD and year integers resolve; epoch timestamps stay unknown."""
        article = record_to_draft({"text": "x", "timestamp": value}).build()

        assert article.published.label == label

    def test_published_object(self) -> None:
        """The library's own {raw, date, precision} shape is taken as resolved."""
        record = {
            "text": "x",
            "published": {
                "raw": "March 2022",
                "date": "2022-03-01",
                "precision": "month",
            },
        }

        draft = record_to_draft(record)

        assert draft.published == Published(
            "March 2022", datetime.date(2022, 3, 1), "month"
        )

    def test_bad_published_object(self) -> None:
        """A published object that does not fit names the inner field."""
        record = {"text": "x", "published": {"date": "2022-03-01", "precision": "day!"}}

        with pytest.raises(ValidationError) as info:
            record_to_draft(record, path="p.json", line=2)

        assert info.value.errors[0].startswith("$.published.precision:")
        assert (info.value.path, info.value.line) == ("p.json", 2)

    def test_nested_values_go_to_extra(self) -> None:
        """Unknown keys keep nested objects and lists as they are."""
        meta = {"a": [1, {"b": None}], "c": 1.5}

        draft = record_to_draft(
            {"title": "T", "text": "x", "meta": meta, "flag": False}
        )

        assert draft.extra == {"meta": meta, "flag": False}

    def test_extra_object_is_merged(self) -> None:
        """A key 'extra' holding an object is merged, other keys winning."""
        draft = record_to_draft(
            {
                "title": "T",
                "text": "x",
                "extra": {"a": 1, "b": 2},
                "b": 3,
                "path": "x.txt",
            }
        )

        assert draft.extra == {"a": 1, "b": 3, "path": "x.txt"}

    def test_first_synonym_wins(self) -> None:
        """With title and headline both given, title fills the field."""
        draft = record_to_draft({"headline": "H", "title": "T", "text": "x"})

        assert draft.title == "T"
        assert draft.extra == {"headline": "H"}

    def test_empty_synonym_gives_way(self) -> None:
        """An empty or null synonym fills nothing, and is not kept in extra."""
        draft = record_to_draft(
            {"title": "", "headline": "H", "url": None, "text": "x"}
        )

        assert (draft.title, draft.url, draft.extra) == ("H", None, {})

    def test_user_mapping_first(self) -> None:
        """The user's mapping wins over the defaults, which still apply."""
        record = {
            "Titel": "T",
            "title": "other",
            "Datum": "2022",
            "link": "u",
            "text": "x",
        }

        draft = record_to_draft(
            record, mapping={"titel": "title", "Datum": "published"}
        )

        assert (draft.title, draft.published_raw, draft.url) == ("T", "2022", "u")
        assert draft.extra == {"title": "other"}

    def test_mapping_to_extra(self) -> None:
        """Mapping a column to 'extra' keeps a synonym from claiming it."""
        draft = record_to_draft(
            {"text": "x", "source": "wire feed"}, mapping={"source": "extra"}
        )

        assert (draft.outlet, draft.extra) == (None, {"source": "wire feed"})

    def test_bad_mapping(self) -> None:
        """A mapping to something that is not a draft field is a ValueError."""
        with pytest.raises(ValueError, match="not a draft field"):
            record_to_draft({"text": "x"}, mapping={"a": "body"})

    def test_outlet_object(self) -> None:
        """A NewsAPI-style source gives its name, and is kept whole in extra."""
        source = {"id": None, "name": "CNN"}

        draft = record_to_draft({"text": "x", "source": source})

        assert (draft.outlet, draft.extra) == ("CNN", {"source": source})

    @pytest.mark.parametrize(("value", "expected"), [("7", "7"), (7, "7")])
    def test_ids(self, value: object, expected: str) -> None:
        """Ids may be strings or integers."""
        assert record_to_draft({"text": "x", "article_id": value}).id == expected

    def test_needs_title_or_text(self) -> None:
        """A record with neither title nor text is refused, listing its keys."""
        with pytest.raises(ValidationError) as info:
            record_to_draft({"url": "u", "n": 1, "text": ""}, path="a.json", line=9)

        assert info.value.errors == [
            "$: a record needs a title or a text (keys: 'url', 'n', 'text')"
        ]
        assert (info.value.path, info.value.line) == ("a.json", 9)

    @pytest.mark.parametrize(
        ("record", "message"),
        [
            ({"text": 5}, "$.text: expected a string, got int"),
            ({"text": {"a": 1}}, "$.text: expected a string, got dict"),
            ({"title": True}, "$.title: expected a string, got bool"),
            ({"body": None, "title": ["x"]}, "$.title: expected a string, got list"),
            ({"text": "x", "url": 1.5}, "$.url: expected a string, got float"),
            (
                {"text": "x", "link": 3},
                "$.link: expected a string, got int (read as url)",
            ),
            (
                {"text": "x", "Pub Date": 1.5},
                (
                    '$["Pub Date"]: expected a date string, an integer or a '
                    "{raw, date, precision} object, got float (read as published)"
                ),
            ),
            ({"text": "x", "id": " "}, "$.id: an id must not be blank (got ' ')"),
            (
                {"text": "x", "id": False},
                "$.id: expected a string or an integer, got bool",
            ),
            (
                {"text": "x", "authors": ["a", 1]},
                "$.authors[1]: expected a string, got int",
            ),
            (
                {"text": "x", "author": 3},
                (
                    "$.author: expected a string or a list of strings, got int "
                    "(read as authors)"
                ),
            ),
            (
                {"text": "x", "outlet": {"id": "x"}},
                "$.outlet: expected a string or an object with a 'name', got dict",
            ),
            (
                {"text": "x", "lang": 1},
                "$.lang: expected a string, got int (read as language)",
            ),
        ],
    )
    def test_wrong_types(self, record: dict[str, Any], message: str) -> None:
        """A value of the wrong type is named by its key's path."""
        with pytest.raises(ValidationError) as info:
            record_to_draft(record)

        assert info.value.errors == [message]

    @pytest.mark.parametrize("record", [[], "text", 3, None])
    def test_not_an_object(self, record: Any) -> None:
        """A record must be an object."""
        with pytest.raises(ValidationError, match=r"\$: expected a JSON object"):
            record_to_draft(record)

    def test_not_json_in_extra(self) -> None:
        """An unknown key holding data JSON cannot carry is refused."""
        with pytest.raises(ValidationError, match=r"\$\.when: expected JSON data"):
            record_to_draft({"text": "x", "when": datetime.date(2022, 1, 1)})

    def test_builds(self) -> None:
        """A draft from a record builds an article with the date resolved."""
        article = record_to_draft(
            {"headline": "T", "body": "B", "date": "29 March 2022"}
        ).build()

        assert isinstance(article, Article)
        assert article.published.date == datetime.date(2022, 3, 29)

    def test_record_fields_needs_nothing(self) -> None:
        """record_fields maps metadata without asking for a title or text."""
        assert record_fields({"date": "2022", "x": 1}) == {
            "published_raw": "2022",
            "extra": {"x": 1},
        }


class TestIterJsonRecords:
    def test_scraper_export(self) -> None:
        """A scraper's nested export maps by synonyms, keeping the rest."""
        first, second = iter_json_records(SCRAPER_JSON, path="s.json")

        assert first.title == "Ukraine offers neutrality"
        assert first.text == "Kyiv offered to stay out of NATO."
        assert first.outlet == "Business Insider"
        assert first.authors == ["Jane Doe", "John Roe"]
        assert first.published == Published(
            "20220329", datetime.date(2022, 3, 29), "day"
        )
        assert first.extra == {
            "source": {"id": "bi", "name": "Business Insider"},
            "authors": [{"name": "Jane Doe"}, {"name": "John Roe"}],
            "meta": {"section": "world", "tags": ["ukraine", "nato"]},
            "word_count": 7,
        }
        assert (second.published_raw, second.extra) == ("March 2022", {"meta": None})
        assert first.path == second.path == "s.json"

    @pytest.mark.parametrize("key", ["articles", "data", "items", "results"])
    def test_containers(self, key: str) -> None:
        """The array may sit under any of the usual keys."""
        data = json.dumps({"status": "ok", key: [{"title": "T", "text": "x"}]}).encode()

        assert [d.title for d in iter_json_records(data)] == ["T"]

    def test_array(self) -> None:
        """A bare array of articles is read, with or without a BOM."""
        data = "\ufeff" + json.dumps([{"title": "A", "text": ""}, {"body": "B"}])

        drafts = list(iter_json_records(data.encode()))

        assert [(d.title, d.text) for d in drafts] == [("A", ""), ("", "B")]

    def test_single_article(self) -> None:
        """One article object on its own is one record."""
        data = b'{"headline": "Only", "body": "", "extra_key": 1}'

        assert [d.title for d in iter_json_records(data)] == ["Only"]

    def test_native_document(self) -> None:
        """The library's own documents are refused, naming the right reader."""
        data = b'{"schema_version": 1, "articles": []}'

        assert is_native_json(json.loads(data))
        with pytest.raises(FormatError, match="peacetalks document"):
            list(iter_json_records(data, path="n.json"))

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b'"x"', "$: expected an array of articles or an object holding one"),
            (b'{"articles": {"a": 1}}', "$.articles: expected an array, got dict"),
            (b'{"status": "ok"}', "$: expected an array of articles or an object"),
            (b'[{"text": "ok"}, 3]', "$[1]: expected a JSON object, got int"),
            (
                b'{"items": [{"title": 1, "text": "x"}]}',
                "$.items[0].title: expected a string",
            ),
        ],
    )
    def test_shapes(self, data: bytes, message: str) -> None:
        """A document of another shape, or a bad record, is named by its path."""
        with pytest.raises(ValidationError) as info:
            list(iter_json_records(data, path="d.json"))

        assert info.value.errors[0].startswith(message)
        assert info.value.path == "d.json"

    @pytest.mark.parametrize("data", [b"[1,", b"\xff[]", b"[NaN]", b""])
    def test_invalid_json(self, data: bytes) -> None:
        """Invalid UTF-8 or JSON is a DecodeError."""
        with pytest.raises(DecodeError):
            list(iter_json_records(data, path="d.json"))


class TestIterJsonlRecords:
    def test_dump(self) -> None:
        """A dump with content and published_at is read line by line."""
        first, second = _jsonl(JSONL_DUMP)

        assert (first.id, first.title, first.text, first.language) == (
            "101",
            "Talks",
            "They met.",
            "en",
        )
        assert first.published_raw == "2022-03-29T09:00:00+03:00"
        assert (first.line, second.line) == (1, 3)
        assert second.authors == ["Jane Doe", "John Roe"]
        assert second.published_raw == "1648512000"

    def test_text_handle(self) -> None:
        """A text file is read as well as a binary one."""
        drafts = list(iter_jsonl_records(io.StringIO(JSONL_DUMP.decode())))

        assert [d.id for d in drafts] == ["101", "102"]

    @pytest.mark.parametrize(
        ("data", "error", "line"),
        [
            (b'{"text": "a"}\n{"title": \n', DecodeError, 2),
            (b'{"text": "a"}\n\n[1]\n', ValidationError, 3),
            (b'{"text": "a"}\n{"text": 1}\n', ValidationError, 2),
            (b'{"text": "a"}\n{"url": "u"}\n', ValidationError, 2),
            (b'\n{"title": "\xff"}\n', DecodeError, 2),
            (b'{"title": "a"} {"title": "b"}\n', DecodeError, 1),
        ],
    )
    def test_bad_lines(self, data: bytes, error: type[Exception], line: int) -> None:
        """A bad line is reported with its 1-based number and the file."""
        with pytest.raises(error) as info:
            _jsonl(data)

        assert isinstance(info.value, DecodeError | ValidationError)
        assert (info.value.path, info.value.line) == ("t.jsonl", line)

    def test_native_file(self) -> None:
        """A peacetalks JSON Lines file is refused, naming the right reader."""
        with pytest.raises(FormatError, match="peacetalks JSON Lines"):
            _jsonl(b'\n{"schema_version": 1}\n{"title": "a"}\n')

    def test_streams(self) -> None:
        """Records come one at a time from an endless stream of lines."""
        lines = (b'{"text": "%d"}\n' % n for n in itertools.count())

        drafts = list(itertools.islice(iter_jsonl_records(lines), 3))

        assert [d.text for d in drafts] == ["0", "1", "2"]


class TestIterCsvRecords:
    def test_kaggle(self) -> None:
        """A Kaggle news table maps headline, body, pub_date and link."""
        first, second = _csv(KAGGLE_CSV)

        assert first.title == "Talks resume in Istanbul"
        assert (
            first.text == "Delegations met on Tuesday, and talked.\nSecond paragraph."
        )
        assert (first.published_raw, first.url) == (
            "2022-03-29",
            "https://example.org/a",
        )
        assert first.extra == {"": "0", "category": "WORLDPOST"}
        assert (first.line, second.line) == (2, 4)
        assert second.title == 'Russia says "no breakthrough"'
        assert second.url is None
        assert second.build().published.date == datetime.date(2022, 3, 30)

    def test_semicolons_and_bom(self) -> None:
        """A semicolon table with a BOM is sniffed, and a mapping names columns."""
        mapping = {"Titel": "title", "Datum": "published", "Autor": "authors"}

        first, second = _csv(SEMICOLON_CSV, mapping=mapping)

        assert first.title == "Gespräche"
        assert first.text == "Die Delegationen; trafen sich."
        assert first.authors == ["Jane Doe"]
        assert first.extra == {"Quelle": "Spiegel"}
        assert first.build().published.date == datetime.date(2022, 3, 29)
        assert (second.authors, second.extra) == ([], {})

    @pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
    def test_sniffs(self, delimiter: str) -> None:
        """Each of the usual delimiters is found from the header."""
        data = delimiter.join(["title", "text", "date"]) + "\n"
        data += delimiter.join(["T", '"a, b; c|d\te"', "2022"]) + "\n"

        (draft,) = _csv(data.encode())

        assert (draft.title, draft.text, draft.published_raw) == (
            "T",
            "a, b; c|d\te",
            "2022",
        )

    def test_given_delimiter(self) -> None:
        """A given delimiter is used even where another one is more common."""
        data = b"text;x,y,z\nT;1,2,3\n"

        assert _csv(data, delimiter=";")[0].extra == {"x,y,z": "1,2,3"}

    def test_bad_delimiter(self) -> None:
        """A delimiter of more than one character is a ValueError."""
        with pytest.raises(ValueError, match="delimiter"):
            _csv(b"title\nT\n", delimiter=";;")

    def test_quoted_header_delimiters(self) -> None:
        """Delimiters inside a quoted header cell do not count."""
        data = b'title,"a;b;c",text\nT,1,B\n'

        assert _csv(data)[0].extra == {"a;b;c": "1"}

    @pytest.mark.parametrize(
        ("data", "line", "message"),
        [
            (b"title,text\nA,B\nC,D,E\n", 3, "3 cells, more than"),
            (b"title,text\nA,B\nC\n", 3, "1 cells, fewer than"),
            (b'title,text\n"A\nB",C\nD\n', 4, "fewer than"),
            (b'title,text\nA,"B\n', 2, "malformed CSV"),
            (b'title,text\nA,"B"x\n', 2, "malformed CSV"),
            (b"title,text\nA,B\n\xffC,D\n", 3, "invalid UTF-8"),
            (b"title,text\nA,B\rC,D\n", 2, "malformed CSV"),
        ],
    )
    def test_bad_rows(self, data: bytes, line: int, message: str) -> None:
        """A bad row is a DecodeError naming its line."""
        with pytest.raises(DecodeError, match=message) as info:
            _csv(data)

        assert (info.value.path, info.value.line) == ("t.csv", line)

    def test_record_error_line(self) -> None:
        """A row with neither title nor text names its line."""
        with pytest.raises(ValidationError) as info:
            _csv(b"title,text,url\nA,B,\n,,u\n")

        assert info.value.line == 3
        assert info.value.errors == [
            "$: a record needs a title or a text (keys: 'title', 'text', 'url')"
        ]

    def test_blank_lines(self) -> None:
        """Blank lines before the header and between rows are skipped."""
        drafts = _csv(b"\n\r\ntext\n\nA\n\nB")

        assert [(d.text, d.line) for d in drafts] == [("A", 5), ("B", 7)]

    @pytest.mark.parametrize("data", [b"", b"\n\n", b"title,text\n", b"\xef\xbb\xbf"])
    def test_no_rows(self, data: bytes) -> None:
        """An empty table or a header alone gives no drafts."""
        assert _csv(data) == []

    def test_duplicate_column(self) -> None:
        """A header naming a column twice is refused."""
        with pytest.raises(ValidationError, match="'date' twice"):
            _csv(b"title,date,date\nA,1,2\n")

    def test_native_table(self) -> None:
        """The library's own table is refused, naming the right reader."""
        header = ",".join(c.name for c in columns(Article))

        with pytest.raises(FormatError, match="peacetalks table"):
            _csv(f"{header}\n{',' * header.count(',')}\n".encode())

    def test_text_handle(self) -> None:
        """A text file decoded by the caller (here Latin-1) is read."""
        raw = "title;text\r\nGespräch;Über\r\n".encode("latin-1")
        handle = io.TextIOWrapper(io.BytesIO(raw), encoding="latin-1", newline="")

        (draft,) = iter_csv_records(handle)

        assert (draft.title, draft.text) == ("Gespräch", "Über")

    def test_streams(self) -> None:
        """Rows come one at a time from an endless stream of lines."""
        lines = itertools.chain([b"text\n"], (b"%d\n" % n for n in itertools.count()))

        drafts = list(itertools.islice(iter_csv_records(lines), 3))

        assert [d.text for d in drafts] == ["0", "1", "2"]

    def test_rows(self) -> None:
        """iter_csv_rows gives each row's starting line and its cells."""
        rows = list(iter_csv_rows(io.BytesIO(b'a,b\n"x\ny",2\n3,4\n')))

        assert rows == [(2, {"a": "x\ny", "b": "2"}), (4, {"a": "3", "b": "4"})]


class TestIsNativeCsv:
    @pytest.mark.parametrize(
        ("header", "expected"),
        [
            ([c.name for c in columns(Article)], True),
            (["title", "published.raw"], True),
            (["published.date"], True),
            (["title", "text", "id", "url"], False),
            (["title", "published"], False),
            (["a.b"], False),
            ([], False),
        ],
    )
    def test_header(self, header: list[str], expected: bool) -> None:
        """Only the library's full header or its dotted columns count."""
        assert is_native_csv(header) is expected


# -- properties ------------------------------------------------------------------

LIBRARY_ERRORS = (ValidationError, DecodeError, FormatError)


class TestProperties:
    @given(json_values())
    def test_any_json_record(self, record: Any) -> None:
        """Any JSON value as a record gives a draft or the library's error."""
        try:
            draft = record_to_draft(record)
        except ValidationError:
            return
        assert isinstance(draft, Draft)
        assert draft.title.strip() or draft.text.strip()
        draft.build()

    @given(
        st.dictionaries(
            st.sampled_from(sorted({n for ns in SYNONYMS.values() for n in ns}))
            | texts(max_size=6),
            json_values(),
            max_size=6,
        )
    )
    def test_any_synonym_record(self, record: dict[str, Any]) -> None:
        """Records with synonym keys and any values give a draft or an error."""
        try:
            draft = record_to_draft(record)
        except ValidationError:
            return
        draft.build()

    @settings(max_examples=300)
    @given(st.binary(max_size=200))
    def test_any_bytes_as_jsonl(self, data: bytes) -> None:
        """Any bytes as a JSON Lines file give drafts or the library's errors."""
        try:
            drafts = _jsonl(data)
        except LIBRARY_ERRORS:
            return
        assert all(isinstance(d, Draft) for d in drafts)

    @settings(max_examples=300)
    @given(
        st.binary(max_size=200)
        | st.lists(
            st.sampled_from([b"title", b"text", b",", b";", b'"', b"\n", b"\r", b"x"]),
            max_size=20,
        ).map(b"".join)
    )
    def test_any_bytes_as_csv(self, data: bytes) -> None:
        """Any bytes as a CSV file give drafts or the library's errors."""
        try:
            drafts = _csv(data)
        except LIBRARY_ERRORS:
            return
        assert all(isinstance(d, Draft) for d in drafts)

    @given(
        st.sampled_from(SYNONYM_PAIRS),
        st.sampled_from(
            [str.lower, str.upper, str.title, lambda s: s.replace("_", " ")]
        ),
        texts().filter(str.strip),
    )
    def test_synonyms_map(self, pair: tuple[str, str], spell: Any, value: str) -> None:
        """A value under any spelling of any synonym lands in its field."""
        field, name = pair
        record = {spell(name): value, "other": "x"}
        # The other of title and text, so that the record is an article.
        record["headline" if field == "text" else "body"] = "needed"

        draft = record_to_draft(record)

        expected: Any = split_authors(value) if field == "authors" else value
        assert getattr(draft, field) == expected
        assert draft.extra == {"other": "x"}

    @given(st.lists(st.tuples(names(), texts(), texts()), max_size=5))
    def test_csv_round_trip(self, rows: list[tuple[str, str, str]]) -> None:
        """Rows written by the csv module are read back cell for cell."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["Headline", "Body", "Section"])
        writer.writerows(rows)

        drafts = _csv(buffer.getvalue().encode())

        read = [(d.title, d.text, d.extra.get("Section", "")) for d in drafts]
        assert read == rows
