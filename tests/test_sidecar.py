"""Tests for peacetalks.io.sidecar: metadata files for folders of articles."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks.datasets
from peacetalks import DecodeError, FormatError, Published, ValidationError
from peacetalks.io.draft import Draft
from peacetalks.io.sidecar import FILE_KEYS, Sidecar, read_sidecar
from tests.strategies import texts

SAMPLE_METADATA = (
    Path(peacetalks.datasets.__file__).parent / "data" / "sample" / "metadata.json"
)


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


class TestReadCsv:
    def test_synonyms(self, tmp_path: Path) -> None:
        """A file column and metadata columns named by any synonym are read."""
        path = _write(
            tmp_path,
            "meta.csv",
            "Filename,Headline,Pub Date,Link,Byline,Desk\r\n"
            "2022/a.txt,Talks,2022-03-29,https://x.org/a,"
            "Jane Doe and John Roe,world\r\n"
            "b.txt,,March 2022,,,\r\n",
        )

        sidecar = read_sidecar(path)

        assert sidecar.path == str(path)
        assert dict(sidecar.entries) == {
            "2022/a.txt": {
                "title": "Talks",
                "published_raw": "2022-03-29",
                "url": "https://x.org/a",
                "authors": ["Jane Doe", "John Roe"],
                "extra": {"Desk": "world"},
            },
            "b.txt": {"published_raw": "March 2022"},
        }

    @pytest.mark.parametrize(
        "column", ["file", "File", "filename", "File Name", "path", "file_path", "name"]
    )
    def test_file_columns(self, tmp_path: Path, column: str) -> None:
        """Any of the usual names may head the file column."""
        path = _write(tmp_path, "m.csv", f"{column},date\na.txt,2022\n")

        assert read_sidecar(path).lookup("a.txt") == {"published_raw": "2022"}

    def test_file_column_preference(self, tmp_path: Path) -> None:
        """With file and name both present, file names the file."""
        path = _write(tmp_path, "m.csv", "name,file\nJane,a.txt\n")

        assert read_sidecar(path).lookup("a.txt") == {"extra": {"name": "Jane"}}

    def test_semicolons_bom_and_mapping(self, tmp_path: Path) -> None:
        """A semicolon sidecar with a BOM is sniffed; a mapping names columns."""
        path = _write(
            tmp_path,
            "m.csv",
            "\ufeffFile;Datum;Quelle\r\nä.txt;29.03.2022;Spiegel\r\n".encode(),
        )

        sidecar = read_sidecar(path, mapping={"Datum": "published"})

        assert sidecar.lookup("ä.txt") == {
            "published_raw": "29.03.2022",
            "extra": {"Quelle": "Spiegel"},
        }

    def test_tsv(self, tmp_path: Path) -> None:
        """A .tsv sidecar is split on tabs."""
        path = _write(tmp_path, "m.tsv", "file\ttitle\na.txt\tA, B; C\n")

        assert read_sidecar(path).lookup("a.txt") == {"title": "A, B; C"}

    def test_no_file_column(self, tmp_path: Path) -> None:
        """A sidecar without a file column is refused."""
        path = _write(tmp_path, "m.csv", "title,date\nA,2022\n")

        with pytest.raises(ValidationError, match="a column naming the file") as info:
            read_sidecar(path)

        assert (info.value.path, info.value.line) == (str(path), 2)

    def test_duplicate_names_both_lines(self, tmp_path: Path) -> None:
        """A file described twice is refused, naming both lines."""
        path = _write(
            tmp_path, "m.csv", 'file,title\na.txt,A\nb.txt,"B\nB"\n./a.txt,C\n'
        )

        with pytest.raises(ValidationError) as info:
            read_sidecar(path)

        assert info.value.errors == [
            "$.file: the file 'a.txt' is described twice (lines 2 and 5)"
        ]
        assert info.value.line == 5

    def test_empty_file_cell(self, tmp_path: Path) -> None:
        """A row without a file name is refused, naming its line."""
        path = _write(tmp_path, "m.csv", "file,title\na.txt,A\n ,B\n")

        with pytest.raises(ValidationError, match="expected a file name") as info:
            read_sidecar(path)

        assert info.value.line == 3

    def test_wrong_cells(self, tmp_path: Path) -> None:
        """A row with the wrong number of cells is a DecodeError with its line."""
        path = _write(tmp_path, "m.csv", "file,title\na.txt,A,x\n")

        with pytest.raises(DecodeError) as info:
            read_sidecar(path)

        assert info.value.line == 2

    @pytest.mark.parametrize("content", ["", "file,title\n"])
    def test_empty(self, tmp_path: Path, content: str) -> None:
        """An empty sidecar, or one with a header only, has no entries."""
        assert read_sidecar(_write(tmp_path, "m.csv", content)).entries == {}


class TestReadJson:
    def test_object_by_file_name(self, tmp_path: Path) -> None:
        """An object keyed by file name is read, nested metadata kept."""
        document = {
            "a.txt": {"date": "2022-03-29", "outlet": "CNN", "meta": {"n": [1]}},
            "sub\\b.txt": {"title": "B"},
        }
        path = _write(tmp_path, "m.json", json.dumps(document))

        sidecar = read_sidecar(path)

        assert sidecar.lookup("a.txt") == {
            "published_raw": "2022-03-29",
            "outlet": "CNN",
            "extra": {"meta": {"n": [1]}},
        }
        assert sidecar.lookup("sub/b.txt") == {"title": "B"}

    def test_array(self, tmp_path: Path) -> None:
        """An array of objects with a file key is read."""
        document = [{"filename": "a.txt", "headline": "A"}, {"path": "b.txt"}]
        path = _write(tmp_path, "m.json", json.dumps(document))

        sidecar = read_sidecar(path)

        assert dict(sidecar.entries) == {"a.txt": {"title": "A"}, "b.txt": {}}

    def test_sample_metadata(self) -> None:
        """The shipped sample's metadata.json is read: dates, language, notes."""
        sidecar = read_sidecar(SAMPLE_METADATA)

        assert len(sidecar.entries) == 5
        entry = sidecar.lookup("003_3996b4a5bdcd3b6a.txt")
        assert entry is not None
        assert entry["published_raw"] == "2022-03-30"
        assert entry["language"] == "en"
        extra = entry["extra"]
        assert isinstance(extra, dict)
        assert extra["date_note"].startswith("not in the file")

    def test_duplicate_keys(self, tmp_path: Path) -> None:
        """A file named twice in an object is refused, though JSON allows it."""
        path = _write(tmp_path, "m.json", '{"a.txt": {}, "b.txt": {}, "a.txt": {}}')

        with pytest.raises(ValidationError, match=r"'a\.txt' is described twice"):
            read_sidecar(path)

    def test_duplicate_entries(self, tmp_path: Path) -> None:
        """A file named twice in an array is refused, naming both entries."""
        document = {"articles": [{"file": "a.txt"}, {"file": "b"}, {"file": "a.txt"}]}
        path = _write(tmp_path, "m.json", json.dumps(document))

        with pytest.raises(ValidationError) as info:
            read_sidecar(path)

        assert info.value.errors == [
            (
                "$.articles[2].file: the file 'a.txt' is described twice "
                "($.articles[0].file and $.articles[2].file)"
            )
        ]

    @pytest.mark.parametrize(
        ("document", "message"),
        [
            ("3", "$: expected an object or an array of entries, got int"),
            ('[{"title": "x"}]', "$[0]: an entry needs a key naming the file"),
            ('["a.txt"]', "$[0]: expected a JSON object, got str"),
            ('{"a.txt": "2022"}', '$["a.txt"]: expected a JSON object, got str'),
            ('[{"file": 3}]', "$[0].file: expected a file name, got int"),
            ('[{"file": ""}]', "$[0].file: expected a file name, got ''"),
            ('{"a.txt": {"date": 1.5}}', '$["a.txt"].date: expected a date string'),
        ],
    )
    def test_bad_shapes(self, tmp_path: Path, document: str, message: str) -> None:
        """A sidecar of another shape is refused, naming the place."""
        path = _write(tmp_path, "m.json", document)

        with pytest.raises(ValidationError) as info:
            read_sidecar(path)

        assert info.value.errors[0].startswith(message)

    def test_invalid_json(self, tmp_path: Path) -> None:
        """Invalid JSON is a DecodeError."""
        with pytest.raises(DecodeError):
            read_sidecar(_write(tmp_path, "m.json", '{"a.txt": '))


class TestFormats:
    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """A suffix that names no sidecar format is a FormatError."""
        with pytest.raises(FormatError, match="sidecar"):
            read_sidecar(_write(tmp_path, "m.yaml", "a: 1"))

    def test_format_override(self, tmp_path: Path) -> None:
        """format= overrides the suffix."""
        path = _write(tmp_path, "meta.txt", "file,date\na.txt,2022\n")

        assert read_sidecar(path, format="csv").lookup("a.txt") is not None

    def test_missing_file(self, tmp_path: Path) -> None:
        """A sidecar that cannot be read is a FormatError naming it."""
        with pytest.raises(FormatError, match="cannot read"):
            read_sidecar(tmp_path / "missing.csv")


LOOKUP = Sidecar(
    "m.csv",
    {
        "2022/a.txt": {"title": "2022 a"},
        "2023/a.txt": {"title": "2023 a"},
        "b.txt": {"title": "b"},
        "c.html": {"title": "c"},
        "c.txt": {"title": "c txt"},
        "d": {"title": "d"},
    },
)


class TestLookup:
    @pytest.mark.parametrize(
        ("name", "title"),
        [
            ("2022/a.txt", "2022 a"),
            ("2023/a.txt", "2023 a"),
            ("./2022/a.txt", "2022 a"),
            ("2022\\a.txt", "2022 a"),
            ("a.txt", None),  # two entries have this base name
            ("2024/a.txt", None),
            ("b.txt", "b"),
            ("x/y/b.txt", "b"),
            ("b", "b"),
            ("b.html", "b"),
            ("c.txt", "c txt"),
            ("c.pdf", None),  # two entries have this stem
            ("d.txt", "d"),
            ("e.txt", None),
        ],
    )
    def test_matching(self, name: str, title: str | None) -> None:
        """Relative path first, then base name, then base name without suffix."""
        entry = LOOKUP.lookup(name)

        assert (entry or {}).get("title") == title

    def test_entries_read_only(self) -> None:
        """A sidecar's entries cannot be changed."""
        with pytest.raises(TypeError):
            LOOKUP.entries["b.txt"]["title"] = "x"  # type: ignore[index]


class TestApply:
    def test_sidecar_wins(self) -> None:
        """Given fields replace the draft's, others are kept."""
        draft = Draft(title="T", text="B", url="u", outlet="O", extra={"k": 1, "m": 2})
        sidecar = Sidecar(
            "m.csv",
            {"a.txt": {"title": "S", "outlet": "CNN", "extra": {"k": 9}}},
        )

        assert sidecar.apply(draft, "a.txt") is True
        assert draft == Draft(
            title="S", text="B", url="u", outlet="CNN", extra={"k": 9, "m": 2}
        )

    def test_date_replaces_resolved(self) -> None:
        """A raw date replaces a date the file had already resolved."""
        draft = Draft(
            text="B", published=Published("2021", datetime.date(2021, 1, 1), "year")
        )

        Sidecar("m", {"a.txt": {"published_raw": "2022-03-29"}}).apply(draft, "a.txt")

        assert draft.build().published.label == "2022-03-29"

    def test_published_object(self) -> None:
        """A resolved date replaces the draft's raw text."""
        published = Published("March 2022", datetime.date(2022, 3, 1), "month")
        draft = Draft(text="B", published_raw="yesterday")

        Sidecar("m", {"a.txt": {"published": published}}).apply(draft, "a.txt")

        assert (draft.published, draft.published_raw) == (published, "March 2022")

    def test_no_entry(self) -> None:
        """Without a matching entry the draft is unchanged."""
        draft = Draft(title="T")

        assert Sidecar("m", {"a.txt": {"title": "S"}}).apply(draft, "b.txt") is False
        assert draft == Draft(title="T")

    def test_drafts_do_not_share(self) -> None:
        """Two drafts filled from one entry do not share lists or dicts."""
        sidecar = Sidecar("m", {"a": {"authors": ["A"], "extra": {"x": [1]}}})
        first, second = Draft(text="1"), Draft(text="2")
        sidecar.apply(first, "a")
        sidecar.apply(second, "a")

        first.authors.append("B")
        first.extra["x"].append(2)

        assert (second.authors, second.extra) == (["A"], {"x": [1]})

    def test_sample_applies(self) -> None:
        """The sample metadata fills a plain-text draft's date and language."""
        draft = Draft(title="From the file", text="Body")

        read_sidecar(SAMPLE_METADATA).apply(draft, "sample/001_6f71dc9de3a03945.txt")
        article = draft.build()

        assert article.language == "en"
        assert article.published.label == "2022-03"
        assert article.title == "From the file"


# -- properties ------------------------------------------------------------------

_segment = st.text(st.sampled_from("abcXYZ019 _-.éü"), min_size=1, max_size=8).filter(
    lambda s: s.strip() not in ("", ".", "..") and s == s.strip()
)
_file_names = st.lists(_segment, min_size=1, max_size=3).map("/".join)
_authors = st.from_regex(r"[A-Za-zé][A-Za-zé ,.'-]{0,10}", fullmatch=True).filter(
    lambda name: not name.lower().startswith("by ")
)


class TestProperties:
    @settings(
        max_examples=50,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        st.dictionaries(
            _file_names,
            st.tuples(texts(), texts(), st.lists(_authors, max_size=3), texts()),
            max_size=6,
        ),
        st.sampled_from([",", ";", "\t"]),
    )
    def test_csv_round_trip(
        self,
        tmp_path: Path,
        entries: dict[str, tuple[str, str, list[str], str]],
        delimiter: str,
    ) -> None:
        """A CSV sidecar written from entries is read back; lookup finds each."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(["File", "Headline", "Pub-Date", "Authors", "Notes"])
        for name, (title, date, authors, notes) in entries.items():
            # A trailing ";" makes even one name split on ";" only.
            byline = "".join(f"{author};" for author in authors)
            writer.writerow([name, title, date, byline, notes])
        path = _write(tmp_path, "meta.csv", buffer.getvalue())

        sidecar = read_sidecar(path)

        assert len(sidecar.entries) == len(entries)
        for name, (title, date, authors, notes) in entries.items():
            entry = sidecar.lookup(name)
            assert entry is not None
            expected: dict[str, Any] = {
                "title": title,
                "published_raw": date,
                "authors": [a.strip() for a in authors],
                "extra": {"Notes": notes} if notes else {},
            }
            assert entry == {k: v for k, v in expected.items() if v not in ("", {}, [])}

    @given(st.lists(_file_names, unique=True, max_size=8))
    def test_lookup_finds_every_name(self, files: list[str]) -> None:
        """Every entry is found by its own name, whatever the others are."""
        sidecar = Sidecar("m", {name: {"id": name} for name in files})

        for name in files:
            assert sidecar.lookup(name) == {"id": name}


def test_file_keys_are_normalized() -> None:
    """The file keys are in the form normalize_name compares."""
    from peacetalks.io.tabular import normalize_name

    assert all(normalize_name(key) == key for key in FILE_KEYS)
