# ruff: noqa: RUF001 -- typographic quotes are the point of the encoding tests
"""Integration tests for the loader: any files in, a Corpus and a report out."""

from __future__ import annotations

import codecs
import contextlib
import datetime
import json
import os
import shutil
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import (
    Article,
    Corpus,
    DecodeError,
    FormatError,
    LoadError,
    Precision,
    Published,
)
from peacetalks.io.loader import ERROR_POLICIES, READERS, Loader
from peacetalks.io.report import LoadWarning
from peacetalks.io.sidecar import read_sidecar
from tests.archives import STORY, article_bytes, write_zip

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = FIXTURES / "text"
LOADING = FIXTURES / "loading"

#: Writing files is slow: few examples, no deadline, no shrinking.
file_settings = settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def collect(source: Any, **options: Any) -> tuple[Corpus, pt.LoadReport]:
    """Load with errors="collect"; the corpus and the report."""
    loader = Loader(errors="collect", **options)
    return loader.load(source), loader.report


def by_name(corpus: Corpus) -> dict[str, Article]:
    return {Path(a.path or "").name: a for a in corpus}


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


# -- plain text in every layout ------------------------------------------------

# name: title, outlet, outlet_from, published label, authors, text start, url
TEXT_TABLE: dict[
    str, tuple[str, str | None, str | None, str | None, tuple[str, ...]]
] = {
    "reuters.txt": (
        "Russia and Ukraine agree to meet again after Istanbul round",
        "Reuters",
        "url",
        "2022-03-29",
        ("Jane Doe", "John Roe"),
    ),
    "ap.txt": (
        "Ukraine offers neutrality in exchange for security guarantees",
        "AP",
        "byline",
        "2022-03-29",
        ("JANE DOE", "JOHN ROE"),
    ),
    "bbc.txt": (
        "Ukraine war: Kremlin says talks have brought no breakthrough",
        "BBC",
        "byline",
        "2022-03-29",
        ("Jane Doe",),
    ),
    "tass.txt": (
        "Kremlin sees no breakthrough yet in Istanbul talks",
        "TASS",
        "dateline",
        None,
        (),
    ),
    "headline_direct.txt": (
        "WSJ: Russia will ask for limits on Ukraine's army in any talks",
        "The Wall Street Journal",
        "headline_prefix",
        None,
        (),
    ),
    "author_footer.txt": (
        "Talks make slow progress on security guarantees",
        "Antiwar.com",
        "author_bio",
        None,
        ("Jane Doe",),
    ),
    "blog_front_matter.md": (
        "Why the Istanbul communique matters",
        "Example Policy Blog",
        "front_matter",
        "2022-03-30",
        ("Jane Doe", "John Roe"),
    ),
    "windows_crlf.txt": (
        "Talks in Istanbul end with a written proposal",
        "BBC",
        "url",
        "2022-03-29",
        (),
    ),
    "body_only.txt": ("", None, None, None, ()),
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """Every fixture of tests/fixtures/text."""
    return pt.load(TEXT)


@pytest.fixture(scope="module")
def loaded() -> tuple[Corpus, pt.LoadReport]:
    """The tree of tests/fixtures/loading, with its sidecar."""
    return collect(LOADING, sidecar=LOADING / "dates.csv")


class TestPlainText:
    """Every layout in tests/fixtures/text, loaded as one folder."""

    def test_every_file_is_an_article(self, corpus: Corpus) -> None:
        """One article per fixture, in sorted order, no failure."""
        loader = Loader()
        loaded = loader.load(TEXT)

        assert [Path(a.path or "").name for a in loaded] == sorted(
            p.name for p in TEXT.iterdir()
        )
        assert loader.report.ok
        assert loader.report.files == len(loaded) == len(corpus)

    @pytest.mark.parametrize("name", sorted(TEXT_TABLE))
    def test_fields(self, corpus: Corpus, name: str) -> None:
        """Title, outlet (and where it came from), date and authors per layout."""
        title, outlet, source, label, authors = TEXT_TABLE[name]
        article = by_name(corpus)[name]

        assert article.title == title
        assert article.outlet == outlet
        assert article.extra.get("outlet_from") == source
        assert (article.published.label if article.published.date else None) == label
        assert article.authors == authors

    @pytest.mark.parametrize("name", sorted(TEXT_TABLE))
    def test_text_is_the_rest_exactly(self, corpus: Corpus, name: str) -> None:
        """The text is one contiguous piece of the file, metadata taken out."""
        raw = (TEXT / name).read_bytes().decode("utf-8")
        article = by_name(corpus)[name]

        assert article.text in raw
        assert article.text == article.text.strip()
        if article.title:
            assert not article.text.startswith(article.title)
        if article.url:
            assert article.url not in article.text
        assert "Author:" not in article.text

    def test_dateline_stays_in_text(self, corpus: Corpus) -> None:
        """Datelines name the outlet and stay in the text."""
        assert by_name(corpus)["tass.txt"].text.startswith("MOSCOW, March 29. /TASS/.")
        assert by_name(corpus)["ap.txt"].text.startswith("KYIV, Ukraine (AP) — ")

    def test_crlf_kept(self, corpus: Corpus) -> None:
        """Windows line breaks inside the text are kept exactly."""
        assert "\r\n\r\nRussia said" in by_name(corpus)["windows_crlf.txt"].text

    def test_headline_prefix_kept_in_title(self, corpus: Corpus) -> None:
        """A "WSJ: ..." headline keeps its prefix; the outlet comes from it."""
        article = by_name(corpus)["headline_direct.txt"]

        assert article.title.startswith("WSJ: ")

    def test_front_matter_extra(self, corpus: Corpus) -> None:
        """Unknown front-matter keys go to extra; the Markdown heading is dropped."""
        article = by_name(corpus)["blog_front_matter.md"]

        assert article.extra["tags"] == ["ukraine", "russia", "negotiations"]
        assert (
            article.url == "https://blog.example-policy.net/posts/istanbul-communique"
        )
        assert article.language == "en"
        assert article.text.startswith("The communique")


class TestFixtureTree:
    """The realistic tree in tests/fixtures/loading."""

    def test_articles(self, loaded: tuple[Corpus, pt.LoadReport]) -> None:
        """Five articles in walk order; the sidecar itself is not an article."""
        corpus, report = loaded

        assert [a.path for a in corpus] == [
            f"{LOADING.as_posix()}/{name}"
            for name in (
                "2022/03/istanbul_talks.txt",
                "2022/03/kremlin_no_breakthrough.txt",
                "2022/04/bloomberg_prefix.txt",
                "opinion/front_matter.md",
                "opinion/with_footer.txt",
            )
        ]
        assert report.loaded == 5

    def test_report(self, loaded: tuple[Corpus, pt.LoadReport]) -> None:
        """The undecodable file fails, the log is skipped, hidden files unseen."""
        _, report = loaded

        [failure] = report.failures
        assert failure.path == f"{LOADING.as_posix()}/broken/undecodable.txt"
        assert failure.error == "DecodeError"
        assert failure.line == 3
        assert "0x81" in failure.reason
        assert report.skipped == [f"{LOADING.as_posix()}/scrape.log"]
        assert report.files == 6  # five articles and the undecodable file
        assert report.removed_lines == 2
        assert report.summary() == (
            "5 articles from 6 files, 1 failed, 1 skipped, 2 debris lines removed"
        )

    def test_sidecar_dates(self, loaded: tuple[Corpus, pt.LoadReport]) -> None:
        """Dates come from the sidecar, by relative path, name or stem."""
        corpus, _ = loaded
        dates = {Path(a.path or "").name: a.published for a in corpus}

        assert dates["istanbul_talks.txt"] == Published(
            "20220329", datetime.date(2022, 3, 29), Precision.DAY
        )
        assert dates["kremlin_no_breakthrough.txt"].label == "2022-03-30"
        assert dates["bloomberg_prefix.txt"] == Published(
            "Apr 2022", datetime.date(2022, 4, 1), Precision.MONTH
        )
        assert dates["with_footer.txt"].label == "2022-03-31"
        assert dates["front_matter.md"].label == "2022-04-02"  # not in the sidecar

    def test_sidecar_outlet_overrides(
        self, loaded: tuple[Corpus, pt.LoadReport]
    ) -> None:
        """An outlet in the sidecar fills the field; empty cells change nothing."""
        corpus, _ = loaded
        articles = by_name(corpus)

        assert articles["istanbul_talks.txt"].outlet == "Reuters"
        assert articles["kremlin_no_breakthrough.txt"].outlet == "CNN"

    def test_layouts(self, loaded: tuple[Corpus, pt.LoadReport]) -> None:
        """Each file's own layout is found."""
        articles = by_name(loaded[0])

        kremlin = articles["kremlin_no_breakthrough.txt"]
        assert kremlin.extra["layout"] == ["headline", "url", "dateline"]
        assert kremlin.text.startswith("(CNN)The Kremlin")
        bloomberg = articles["bloomberg_prefix.txt"]
        assert (bloomberg.outlet, bloomberg.extra["outlet_from"]) == (
            "Bloomberg",
            "headline_prefix",
        )
        footer = articles["with_footer.txt"]
        assert footer.extra["breadcrumb"] == "Home » World » Europe"
        assert footer.extra["section"] == "Europe"
        assert footer.extra["standfirst"] == (
            "Ukraine wants binding guarantees from several countries"
        )
        assert footer.authors == ("Dave DeCamp",)
        assert footer.extra["author_bio"] == (
            "Dave DeCamp is the news editor of Antiwar.com."
        )
        assert footer.outlet == "Antiwar.com"
        assert footer.text.startswith("Ukraine wants binding guarantees")
        assert footer.text.endswith("continue next week.")

    def test_debris_removed_and_kept(
        self, loaded: tuple[Corpus, pt.LoadReport]
    ) -> None:
        """Debris lines leave the text and are kept in extra["removed"]."""
        article = by_name(loaded[0])["istanbul_talks.txt"]

        assert article.extra["removed"] == [
            "Share this article",
            (
                "Delegates arrive at Dolmabahce palace. "
                "Maxym MarusenkoNurPhoto via Getty Images"
            ),
        ]
        assert "Share this" not in article.text
        assert "ceasefire.\n\nThe talks lasted" in article.text

    def test_no_clean(self) -> None:
        """clean=False keeps debris in the text and records nothing."""
        path = LOADING / "2022" / "03" / "istanbul_talks.txt"
        loader = Loader(clean=False)
        [article] = loader.load(path)

        assert "Share this article\nDelegates arrive" in article.text
        assert "removed" not in article.extra
        assert loader.report.removed_lines == 0

    def test_sidecar_file_loaded_without_sidecar_option(self) -> None:
        """Without sidecar=, dates.csv is just a CSV without articles: a failure."""
        _, report = collect(LOADING)

        assert f"{LOADING.as_posix()}/dates.csv" in [f.path for f in report.failures]

    def test_sidecar_by_relative_path_string(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A relative sidecar path (from the working folder) is still skipped."""
        shutil.copytree(LOADING, tmp_path / "t")
        monkeypatch.chdir(tmp_path)

        corpus, report = collect("t", sidecar="t/dates.csv")

        assert len(corpus) == 5
        assert [f.path for f in report.failures] == ["t/broken/undecodable.txt"]

    def test_sidecar_object(self) -> None:
        """A Sidecar already read may be passed instead of a path."""
        sidecar = read_sidecar(LOADING / "dates.csv")

        corpus, report = collect(LOADING, sidecar=sidecar)

        assert len(corpus) == 5
        assert len(report.failures) == 1
        assert by_name(corpus)["istanbul_talks.txt"].published.label == "2022-03-29"


class TestSidecar:
    def test_json_sidecar_overrides(self, tmp_path: Path) -> None:
        """A JSON sidecar fills missing fields and overrides the file's own."""
        write(
            tmp_path / "a.txt",
            article_bytes(
                "Talks resume",
                "Negotiators met.",
                "20220301",
                "https://www.bbc.co.uk/x",
            ),
        )
        write(tmp_path / "b.txt", article_bytes("Other", "A second story."))
        meta = write(
            tmp_path / "meta.json",
            json.dumps(
                {
                    "a.txt": {"date": "2022-03-29", "url": "https://www.reuters.com/y"},
                    "b": {"outlet": "TASS", "section": "world"},
                }
            ),
        )

        corpus, report = collect(tmp_path, sidecar=meta)
        a, b = by_name(corpus)["a.txt"], by_name(corpus)["b.txt"]

        assert report.failures == []  # meta.json is not loaded as articles
        assert a.published.label == "2022-03-29"
        assert a.url == "https://www.reuters.com/y"
        assert (b.outlet, b.extra["section"]) == ("TASS", "world")

    def test_bad_sidecar_date_is_a_problem(self, tmp_path: Path) -> None:
        """An impossible date in a sidecar keeps the article, with a Problem."""
        write(tmp_path / "a.txt", article_bytes("Talks resume", "Negotiators met."))
        meta = write(tmp_path / "m.csv", "file,date\na.txt,20221399\n")

        corpus, report = collect(tmp_path, sidecar=meta)

        assert corpus[0].published == Published("20221399")
        [problem] = report.problems
        assert problem.article_id == corpus[0].id
        assert "20221399" in problem.message

    def test_missing_sidecar_raises(self, tmp_path: Path) -> None:
        """A sidecar that cannot be read stops the load, naming it."""
        with pytest.raises(FormatError, match="cannot read"):
            pt.load(tmp_path, sidecar=tmp_path / "missing.csv", errors="collect")

    def test_sidecar_does_not_touch_tables(self, tmp_path: Path) -> None:
        """A sidecar describes single-article files, not records of a table."""
        write(tmp_path / "t.csv", "title,text,date\nT,Body.,2022-01-01\n")
        meta = write(tmp_path / "m.csv", "file,date\nt.csv,2022-03-29\n")

        [article] = pt.load(tmp_path / "t.csv", sidecar=meta)

        assert article.published.label == "2022-01-01"


# -- structured formats ----------------------------------------------------------


class TestStructured:
    def test_json_array(self, tmp_path: Path) -> None:
        """A JSON array of article objects, keys by the default mapping."""
        path = write(
            tmp_path / "a.json",
            json.dumps(
                [
                    {"title": "A", "text": "Alpha.", "published": "2022-03-29"},
                    {
                        "headline": "B",
                        "body": "Beta.",
                        "date": "March 2022",
                        "source": {"id": "r", "name": "Reuters"},
                        "url": "https://x.org/b",
                    },
                ]
            ),
        )

        a, b = pt.load(path)

        assert (a.title, a.text, a.published.label) == ("A", "Alpha.", "2022-03-29")
        assert (b.title, b.text, b.published.label) == ("B", "Beta.", "2022-03")
        assert (b.outlet, b.url) == ("Reuters", "https://x.org/b")
        assert b.extra["source"] == {"id": "r", "name": "Reuters"}
        assert a.path == b.path == path.as_posix()

    @pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv"])
    def test_own_formats(self, tmp_path: Path, suffix: str) -> None:
        """The library's own files load back exactly."""
        corpus = pt.datasets.sample()
        corpus.save(tmp_path / f"c{suffix}")

        assert pt.load(tmp_path / f"c{suffix}") == corpus
        assert pt.load([tmp_path / f"c{suffix}"]) == corpus

    def test_own_formats_in_a_zip(self, tmp_path: Path) -> None:
        """The library's own files are read strictly inside archives too."""
        corpus = pt.datasets.sample()
        corpus.save(tmp_path / "c.jsonl")
        bundle = write_zip(
            tmp_path / "b.zip", [("c.jsonl", (tmp_path / "c.jsonl").read_bytes())]
        )

        assert pt.load(bundle) == corpus

    def test_foreign_jsonl(self, tmp_path: Path) -> None:
        """JSON Lines of anyone's objects; blank lines are skipped."""
        path = write(
            tmp_path / "f.jsonl",
            '{"title": "C", "text": "Gamma.", "date": "2022"}\n\n'
            '{"headline": "D", "content": "Delta.", '
            '"publishedAt": "2022-03-29T10:00:00Z"}\n',
        )

        c, d = pt.load(path)

        assert c.published == Published("2022", datetime.date(2022, 1, 1), "year")
        assert (d.title, d.published.label) == ("D", "2022-03-29")

    def test_jsonl_bad_line_names_file_and_line(self, tmp_path: Path) -> None:
        """A bad JSON line is a failure at its line; earlier records are kept."""
        path = write(
            tmp_path / "f.jsonl",
            '{"title": "A", "text": "One."}\n{"title": "B", "text": "Two."}\n{bad\n',
        )

        corpus, report = collect(path)

        assert [a.title for a in corpus] == ["A", "B"]
        [failure] = report.failures
        assert (failure.path, failure.line, failure.error) == (
            path.as_posix(),
            3,
            "DecodeError",
        )

    def test_jsonl_streams_line_by_line(self, tmp_path: Path) -> None:
        """Records before a bad line are yielded before the error is raised."""
        path = write(
            tmp_path / "f.jsonl",
            '{"title": "A", "text": "One."}\n{"title": "B", "text": "Two."}\n[1,\n',
        )
        articles = pt.iter_articles(path)

        assert next(articles).title == "A"
        assert next(articles).title == "B"
        with pytest.raises(DecodeError) as info:
            next(articles)
        assert info.value.line == 3

    def test_csv_with_mapping(self, tmp_path: Path) -> None:
        """A user's mapping names the columns; the others go to extra."""
        path = write(
            tmp_path / "n.csv",
            "headline,text,when,link,section\n"
            'Talks,"Body, with a comma.",2022-03-29,https://www.reuters.com/a,world\n'
            "More talks,Second body.,29.03.2022,,\n",
        )

        first, second = pt.load(
            path, mapping={"headline": "title", "when": "published", "link": "url"}
        )

        assert (first.title, first.text) == ("Talks", "Body, with a comma.")
        assert first.url == "https://www.reuters.com/a"
        assert first.extra == {"section": "world"}
        assert second.published.label == "2022-03-29"

    def test_csv_default_names(self, tmp_path: Path) -> None:
        """title/text/url/published/date/body are recognised without a mapping."""
        path = write(
            tmp_path / "n.csv",
            "title,body,date,url\nT,Body.,2022-03-29,https://x.org/1\n"
            "U,Body two.,Mar 2022,\n",
        )

        first, second = pt.load(path)

        assert (first.title, first.text, first.url) == ("T", "Body.", "https://x.org/1")
        assert first.published.label == "2022-03-29"
        assert second.published.precision is Precision.MONTH

    def test_tsv(self, tmp_path: Path) -> None:
        """A .tsv table is read with tabs."""
        path = write(tmp_path / "n.tsv", "title\ttext\nT\tBody, with comma.\n")

        [article] = pt.load(path)

        assert article.text == "Body, with comma."

    def test_record_without_text_is_a_failure(self, tmp_path: Path) -> None:
        """A record with neither title nor text is a ValidationError at its line."""
        path = write(tmp_path / "n.csv", "title,text,date\nT,Body.,2022\n,,2023\n")

        corpus, report = collect(path)

        assert [a.title for a in corpus] == ["T"]
        assert [(f.line, f.error) for f in report.failures] == [(3, "ValidationError")]


# -- encodings --------------------------------------------------------------------

BODY = "Kyiv’s “neutral” status — café, Genève."


class TestEncodings:
    @pytest.mark.parametrize(
        ("codec", "recorded"),
        [
            ("utf-8", None),
            ("utf-8-sig", "utf-8-sig"),
            ("utf-16", "utf-16"),
            ("utf-16-le", "utf-16-le"),
            ("cp1252", "cp1252"),
        ],
    )
    def test_detected(self, tmp_path: Path, codec: str, recorded: str | None) -> None:
        """Each encoding decodes to the same text; the encoding is recorded."""
        raw = ("Talks resume in Istanbul\n\n" + BODY + "\n").encode(codec)
        path = write(tmp_path / "a.txt", raw)

        [article] = pt.load(path)

        assert article.title == "Talks resume in Istanbul"
        assert article.text == BODY
        assert article.extra.get("encoding") == recorded

    def test_latin1_forced(self, tmp_path: Path) -> None:
        """encoding="latin-1" reads bytes Windows-1252 leaves undefined."""
        raw = "Talks in Genève\n\nDélégués \x81 «neutral».\n".encode("latin-1")
        path = write(tmp_path / "a.txt", raw)

        with pytest.raises(DecodeError):
            pt.load(path)
        [article] = pt.load(path, encoding="latin-1")

        assert article.title == "Talks in Genève"
        assert article.text == "Délégués \x81 «neutral»."
        assert codecs.lookup(article.extra["encoding"]).name == "iso8859-1"

    def test_undecodable_is_reported_not_dropped(self, tmp_path: Path) -> None:
        """Undecodable bytes fail the file, naming it, line and byte."""
        bad = write(tmp_path / "bad.txt", b"Title here\n\nOne \x81 byte.\n")
        write(tmp_path / "good.txt", article_bytes("Good title", "Good body."))

        corpus, report = collect(tmp_path)

        assert [a.text for a in corpus] == ["Good body."]
        [failure] = report.failures
        assert (failure.path, failure.line, failure.error) == (
            bad.as_posix(),
            3,
            "DecodeError",
        )
        assert "0x81" in failure.reason
        assert str(failure).startswith(f"{bad.as_posix()}:3: ")

    def test_undecodable_raises_by_default(self, tmp_path: Path) -> None:
        """With errors="raise" the DecodeError is raised with the path."""
        bad = write(tmp_path / "bad.txt", b"Title\n\n\x8d\x8f\x90\n")

        with pytest.raises(DecodeError) as info:
            pt.load(bad)

        assert info.value.path == bad.as_posix()

    def test_mojibake_repaired(self, tmp_path: Path) -> None:
        """UTF-8 once read as Windows-1252 is repaired, and counted."""
        clean = "Talks resume\n\nKyiv’s status was discussed — café.\n"
        path = write(tmp_path / "m.txt", clean.encode().decode("cp1252").encode())
        assert "â€™" in path.read_text(encoding="utf-8")

        [article] = pt.load(path)

        assert article.text == "Kyiv’s status was discussed — café."
        assert article.extra["mojibake_repaired"] == 3

    def test_encoding_in_archive(self, tmp_path: Path) -> None:
        """Archive members are decoded like files."""
        bundle = write_zip(
            tmp_path / "b.zip",
            [("a.txt", ("Title\n\n" + BODY + "\n").encode("utf-16"))],
        )

        [article] = pt.load(bundle)

        assert article.text == BODY


# -- dates --------------------------------------------------------------------------


class TestDates:
    @pytest.mark.parametrize(
        ("raw", "date", "precision"),
        [
            ("20220329", datetime.date(2022, 3, 29), Precision.DAY),
            ("2022-03-29", datetime.date(2022, 3, 29), Precision.DAY),
            ("March 29, 2022", datetime.date(2022, 3, 29), Precision.DAY),
            ("29 March 2022", datetime.date(2022, 3, 29), Precision.DAY),
            ("29.03.2022", datetime.date(2022, 3, 29), Precision.DAY),
            ("Mar 2022", datetime.date(2022, 3, 1), Precision.MONTH),
            ("2022", datetime.date(2022, 1, 1), Precision.YEAR),
            ("2022-03-29T23:30:00-05:00", datetime.date(2022, 3, 29), Precision.DAY),
            ("2022-03-29T22:30:00Z", datetime.date(2022, 3, 29), Precision.DAY),
            ("2022-03-30T01:30:00+03:00", datetime.date(2022, 3, 30), Precision.DAY),
        ],
    )
    def test_forms(
        self, tmp_path: Path, raw: str, date: datetime.date, precision: Precision
    ) -> None:
        """Each form resolves at its precision, in a table and in a sidecar."""
        table = write(tmp_path / "t.csv", f'title,text,date\nT,Body.,"{raw}"\n')
        write(tmp_path / "f" / "a.txt", article_bytes("Talks resume", "Body."))
        meta = write(tmp_path / "m.csv", f'file,date\na.txt,"{raw}"\n')

        [from_table] = pt.load(table)
        [from_sidecar] = pt.load(tmp_path / "f", sidecar=meta)

        expected = Published(raw, date, precision)
        assert from_table.published == expected
        assert from_sidecar.published == expected

    @pytest.mark.parametrize(
        "raw",
        ["20220329", "2022-03-29", "March 29, 2022", "29 March 2022", "29.03.2022"],
    )
    def test_date_line_in_text(self, tmp_path: Path, raw: str) -> None:
        """A date line under the headline is read and taken out of the text."""
        path = write(tmp_path / "a.txt", article_bytes("Talks resume", "Body.", raw))

        [article] = pt.load(path)

        assert article.published.label == "2022-03-29"
        assert article.text == "Body."

    @pytest.mark.parametrize(
        ("dayfirst", "label"),
        [(None, "2022-03-04"), (False, "2022-03-04"), (True, "2022-04-03")],
    )
    def test_dayfirst(self, tmp_path: Path, dayfirst: bool | None, label: str) -> None:
        """dayfirst decides ambiguous slashed dates."""
        path = write(tmp_path / "a.txt", article_bytes("Talks", "Body.", "03/04/2022"))

        [article] = pt.load(path, dayfirst=dayfirst)

        assert article.published.label == label

    def test_dayfirst_false_refuses_day_first_date(self, tmp_path: Path) -> None:
        """A forced reading that does not fit is a Problem, not a guess."""
        path = write(tmp_path / "t.csv", "title,text,date\nT,Body.,29.03.2022\n")

        corpus, report = collect(path, dayfirst=False)

        assert corpus[0].published == Published("29.03.2022")
        assert len(report.problems) == 1

    def test_impossible_date(self, tmp_path: Path) -> None:
        """20221399: a Problem on the field, the article kept, date unknown."""
        path = write(tmp_path / "a.txt", article_bytes("Talks", "Body.", "20221399"))

        loader = Loader()
        [article] = loader.load(path)

        assert article.published == Published("20221399")
        assert article.published.precision is Precision.UNKNOWN
        [problem] = loader.report.problems
        assert (problem.path, problem.article_id) == (path.as_posix(), article.id)
        assert problem.message.startswith("$.published: invalid date '20221399'")
        assert not loader.report.ok
        assert loader.report.failures == []

    def test_impossible_date_in_table_names_line(self, tmp_path: Path) -> None:
        """A Problem in a table record names its line."""
        path = write(
            tmp_path / "a.jsonl",
            '{"title": "A", "text": "x"}\n{"title": "B", "text": "y", '
            '"date": "2022-02-30"}\n',
        )

        corpus, report = collect(path)

        assert len(corpus) == 2
        [problem] = report.problems
        assert (problem.line, problem.article_id) == (2, corpus[1].id)


# -- duplicates -------------------------------------------------------------------


def _duplicate_folder(root: Path) -> Path:
    """An original, its exact copy elsewhere, a syndicated copy, another story."""
    original = article_bytes(
        "Talks resume in Istanbul", STORY, "20220329", "https://www.reuters.com/w/t"
    )
    write(root / "a_wire.txt", original)
    write(root / "copies" / "wire.txt", original)
    write(
        root / "b_syndicated.txt",
        article_bytes(
            "Negotiators meet again",
            STORY + " (Reporting by the wire desk.)",
            "Mar 2022",
            "By Jane Doe",
        ),
    )
    write(root / "c_other.txt", article_bytes("Grain deal", "Ships left Odesa."))
    return root


def _separate_folder(root: Path) -> Path:
    """An exact pair and a near pair, in separate clusters."""
    write(root / "a.txt", article_bytes("Talks resume in Istanbul", STORY))
    write(root / "b.txt", article_bytes("Talks resume in Istanbul", STORY))
    other = STORY.replace("Istanbul", "Geneva").replace("Turkish", "Swiss")
    write(root / "c.txt", article_bytes("Talks in Geneva", other))
    write(root / "d.txt", article_bytes("Geneva talks", other + " More soon."))
    return root


class TestDuplicates:
    def test_clusters_reported(self, tmp_path: Path) -> None:
        """The exact copy and the syndicated copy form one reported cluster."""
        root = _duplicate_folder(tmp_path)
        loader = Loader(duplicates="keep-first")
        loader.load(root)

        [cluster] = loader.report.duplicates
        assert cluster.kind == "near"
        assert sorted(Path(p or "").name for p in cluster.paths) == [
            "a_wire.txt",
            "b_syndicated.txt",
            "wire.txt",
        ]
        assert "1 duplicate cluster" in loader.report.summary()

    def test_keep_all_separate_clusters(self, tmp_path: Path) -> None:
        """keep-all keeps near duplicates; the same id is kept once, recorded."""
        root = _separate_folder(tmp_path)
        loader = Loader()
        corpus = loader.load(root)

        assert [Path(a.path or "").name for a in corpus] == ["a.txt", "c.txt", "d.txt"]
        assert corpus[0].extra["duplicates"] == [
            {"id": corpus[0].id, "path": (root / "b.txt").as_posix()}
        ]
        assert {c.kind for c in loader.report.duplicates} == {"exact", "near"}
        assert loader.report.loaded == 3

    def test_keep_all_exact_copy_and_near_copy(self, tmp_path: Path) -> None:
        """keep-all with an exact copy in the same cluster as a syndicated one.

        Regression: Loader.load once merged same-id articles only when a
        cluster held nothing else, so both copies reached Corpus, which
        refused them (LoadError "occurs twice").
        """
        root = _duplicate_folder(tmp_path)

        corpus = pt.load(root)

        names = [Path(a.path or "").name for a in corpus]
        assert names == ["a_wire.txt", "b_syndicated.txt", "c_other.txt"]
        assert corpus[0].extra["duplicates"] == [
            {"id": corpus[0].id, "path": (root / "copies" / "wire.txt").as_posix()}
        ]

    def test_keep_first(self, tmp_path: Path) -> None:
        """keep-first keeps the first article of each cluster, unchanged."""
        root = _duplicate_folder(tmp_path)
        loader = Loader(duplicates="keep-first")
        corpus = loader.load(root)

        assert [Path(a.path or "").name for a in corpus] == [
            "a_wire.txt",
            "c_other.txt",
        ]
        assert corpus[0].published.label == "2022-03-29"
        assert corpus[0].authors == ()
        assert loader.report.loaded == 2

    def test_keep_first_records_same_id_copies(self, tmp_path: Path) -> None:
        """Same-id copies are recorded in extra["duplicates"] under every policy.

        Bug: Loader.load documents "Articles with the same id ... are kept
        once, the others' ids and paths recorded in extra["duplicates"]",
        but with duplicates="keep-first" the copy's path is dropped.
        """
        root = _separate_folder(tmp_path)

        corpus = pt.load(root, duplicates="keep-first")

        assert corpus[0].extra.get("duplicates") == [
            {"id": corpus[0].id, "path": (root / "b.txt").as_posix()}
        ]

    def test_merge(self, tmp_path: Path) -> None:
        """merge keeps the first and records every other, filling what it lacks."""
        root = _duplicate_folder(tmp_path)
        corpus = pt.load(root, duplicates="merge")

        first, other = corpus
        assert Path(first.path or "").name == "a_wire.txt"
        assert first.authors == ("Jane Doe",)  # taken from the syndicated copy
        assert first.published.label == "2022-03-29"  # its own, more precise
        assert sorted(
            (d["id"], Path(d["path"]).name) for d in first.extra["duplicates"]
        ) == sorted(
            [
                (first.id, "wire.txt"),
                (pt.load(root / "b_syndicated.txt")[0].id, "b_syndicated.txt"),
            ]
        )
        assert other.title == "Grain deal"

    @pytest.mark.parametrize("policy", ["keep-all", "keep-first", "merge"])
    def test_nothing_dropped_silently(self, tmp_path: Path, policy: str) -> None:
        """Every input id is kept, recorded on a kept article, or reported."""
        root = _duplicate_folder(tmp_path)
        inputs = list(pt.iter_articles(root))

        loader = Loader(duplicates=policy)
        corpus = loader.load(root)

        recorded = {d["id"] for a in corpus for d in a.extra.get("duplicates", [])}
        reported = {i for c in loader.report.duplicates for i in c.ids}
        for article in inputs:
            assert (
                article.id in corpus.ids
                or article.id in recorded
                or (policy == "keep-first" and article.id in reported)
            )
        if policy != "keep-first":
            assert {a.id for a in inputs} <= set(corpus.ids) | recorded

    def test_iter_does_not_deduplicate(self, tmp_path: Path) -> None:
        """iter_articles yields every copy; only load de-duplicates."""
        root = _duplicate_folder(tmp_path)

        assert len(list(pt.iter_articles(root))) == 4

    def test_threshold(self, tmp_path: Path) -> None:
        """A stricter threshold leaves the syndicated copy out of the cluster."""
        root = _separate_folder(tmp_path)
        loader = Loader(threshold=0.99)
        loader.load(root)

        assert [c.kind for c in loader.report.duplicates] == ["exact"]


# -- errors -------------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Good and bad files: undecodable text, broken JSON, empty HTML."""
    write(tmp_path / "a_good.txt", article_bytes("First good", "One."))
    write(tmp_path / "b_bad.txt", b"Title\n\nbad \x81\n")
    write(tmp_path / "c_bad.json", "[{")
    write(tmp_path / "d_good.txt", article_bytes("Second good", "Two."))
    write(tmp_path / "e_bad.html", "<html><body></body></html>")
    return tmp_path


class TestErrors:
    def test_policies(self) -> None:
        """The documented policies, and nothing else, are accepted."""
        assert ERROR_POLICIES == ("raise", "warn", "collect")
        with pytest.raises(ValueError, match="'errors' must be one of"):
            Loader(errors="ignore")
        with pytest.raises(ValueError, match="'duplicates' must be one of"):
            Loader(duplicates="drop")

    def test_raise_first_failure(self, mixed: Path) -> None:
        """errors="raise" (the default) raises the first failure."""
        with pytest.raises(DecodeError) as info:
            pt.load(mixed)

        assert info.value.path == (mixed / "b_bad.txt").as_posix()

    def test_collect(self, mixed: Path) -> None:
        """errors="collect" reads every other file and lists each failure."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            corpus, report = collect(mixed)

        assert [a.title for a in corpus] == ["First good", "Second good"]
        assert [(Path(f.path or "").name, f.error) for f in report.failures] == [
            ("b_bad.txt", "DecodeError"),
            ("c_bad.json", "DecodeError"),
            ("e_bad.html", "FormatError"),
        ]
        assert report.failures[0].line == 3
        assert report.files == 5
        assert "3 failed" in report.summary()
        assert f"failed: {report.failures[0]}" in str(report)

    def test_warn(self, mixed: Path) -> None:
        """errors="warn" issues a LoadWarning per failed file and goes on."""
        loader = Loader(errors="warn")
        with pytest.warns(LoadWarning) as record:
            corpus = loader.load(mixed)

        assert [a.title for a in corpus] == ["First good", "Second good"]
        assert [str(w.message) for w in record] == [
            str(f) for f in loader.report.failures
        ]
        assert len(record) == 3
        assert "b_bad.txt:3:" in str(record[0].message)

    def test_warn_points_at_the_caller(self, mixed: Path) -> None:
        """The LoadWarning of pt.load is attributed to the caller's line.

        Bug: Loader._fail uses a fixed stacklevel=4, right for Loader.load
        but pointing into peacetalks/io/__init__.py for pt.load (and past
        the caller for Loader.iter).
        """
        with pytest.warns(LoadWarning) as record:
            pt.load(mixed, errors="warn")

        assert {w.filename for w in record} == {__file__}

    def test_iter_with_collect(self, mixed: Path) -> None:
        """iter_articles goes on past failures with errors="collect"."""
        titles = [a.title for a in pt.iter_articles(mixed, errors="collect")]

        assert titles == ["First good", "Second good"]

    def test_iter_raises_after_earlier_articles(self, mixed: Path) -> None:
        """iter_articles yields the articles before the first failure."""
        articles = pt.iter_articles(mixed)

        assert next(articles).title == "First good"
        with pytest.raises(DecodeError):
            next(articles)

    def test_load_error_is_picklable_and_named(self, mixed: Path) -> None:
        """Every failure is a LoadError subclass naming the file."""
        for name in ("b_bad.txt", "c_bad.json", "e_bad.html"):
            with pytest.raises(LoadError) as info:
                pt.load(mixed / name)
            assert info.value.path == (mixed / name).as_posix()

    def test_report_is_per_call(self, mixed: Path) -> None:
        """Each load starts a fresh report."""
        loader = Loader(errors="collect")
        loader.load(mixed)
        loader.load(mixed / "a_good.txt")

        assert loader.report.failures == []
        assert loader.report.summary() == "1 article from 1 file"


# -- streaming ------------------------------------------------------------------------


class TestStreaming:
    def test_creating_the_iterator_reads_nothing(self, tmp_path: Path) -> None:
        """iter_articles only starts when consumed (a missing path raises late)."""
        articles = pt.iter_articles(tmp_path / "missing")

        with pytest.raises(FormatError):
            next(articles)

    def test_files_added_later_are_seen(self, tmp_path: Path) -> None:
        """A file added to a folder not yet walked is still read."""
        write(tmp_path / "a" / "1.txt", article_bytes("One", "First."))
        (tmp_path / "b").mkdir()
        articles = pt.iter_articles(tmp_path)

        assert next(articles).text == "First."
        write(tmp_path / "b" / "2.txt", article_bytes("Two", "Second."))

        assert [a.text for a in articles] == ["Second."]

    def test_files_read_only_when_consumed(self, tmp_path: Path) -> None:
        """Of 2,000 files, none after the first is read before it is consumed."""
        for number in range(2000):
            write(
                tmp_path / f"{number:04d}.txt",
                article_bytes(f"Story {number}", f"Body {number}."),
            )
        loader = Loader(errors="collect")
        articles = loader.iter(tmp_path)

        assert next(articles).text == "Body 0."
        assert loader.report.files == 1
        # Changed after the first article was taken: the loader sees the change.
        write(tmp_path / "1999.txt", b"Story\n\nbroken \x81\n")
        write(tmp_path / "0001.txt", article_bytes("Story 1", "Rewritten."))
        rest = list(articles)

        assert rest[0].text == "Rewritten."
        assert len(rest) == 1998
        assert [Path(f.path or "").name for f in loader.report.failures] == ["1999.txt"]
        assert loader.report.loaded == 1999

    def test_report_fills_as_iterating(self, tmp_path: Path) -> None:
        """The report counts what has been read so far."""
        write(tmp_path / "a.txt", article_bytes("One", "First."))
        write(tmp_path / "b.txt", article_bytes("Two", "Second."))
        loader = Loader()
        articles = loader.iter(tmp_path)

        next(articles)
        assert (loader.report.files, loader.report.loaded) == (1, 1)
        list(articles)
        assert (loader.report.files, loader.report.loaded) == (2, 2)


# -- properties ------------------------------------------------------------

SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".zip"]

_bytes = st.binary(max_size=300) | st.sampled_from(
    [
        b"",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"[]",
        b"{}",
        b"[1]",
        b"null",
        b'{"schema_version": 1}',
        b'{"schema_version": 99, "articles": []}',
        b'[{"title": 1}]',
        b'[{"title": "x", "text": "y", "published": 1.5}]',
        b"title,text\n,\n",
        b"PK\x05\x06" + bytes(18),
        b"---\n",
        b"<html>",
    ]
)


class TestProperties:
    @given(data=_bytes, suffix=st.sampled_from(SUFFIXES))
    @file_settings
    def test_any_bytes(
        self, tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
    ) -> None:
        """Any bytes with any suffix: articles or a LoadError, nothing else."""
        path = tmp_path_factory.mktemp("any") / f"f{suffix}"
        path.write_bytes(data)

        error: LoadError | None = None
        try:
            raised = pt.load(path)
        except LoadError as exc:
            error = exc
        corpus, report = collect(path)

        if error is None:
            assert corpus == raised
            assert report.failures == []
        else:
            assert report.failures
            assert all(
                (f.path or "").startswith(path.as_posix()) for f in report.failures
            )
            assert (error.path or "").startswith(path.as_posix())

    @given(
        data=st.binary(min_size=1, max_size=40),
        at=st.floats(0, 1),
        cut=st.booleans(),
    )
    @file_settings
    def test_damaged_archive(
        self,
        tmp_path_factory: pytest.TempPathFactory,
        data: bytes,
        at: float,
        cut: bool,
    ) -> None:
        """A real zip with bytes overwritten or cut: articles or LoadErrors.

        Bug: fails on zlib.error, EOFError, NotImplementedError, RuntimeError
        and BadZipFile from member reads (see test_sources.TestZip).
        """
        folder = tmp_path_factory.mktemp("zip")
        bundle = write_zip(
            folder / "b.zip",
            [
                ("a.txt", article_bytes("Talks", STORY)),
                ("b.jsonl", b'{"title": "T", "text": "Body."}\n' * 20),
            ],
            compression=zipfile.ZIP_DEFLATED,
        )
        raw = bytearray(bundle.read_bytes())
        start = int(at * (len(raw) - 1))
        if cut:
            raw = raw[:start]
        else:
            raw[start : start + len(data)] = data
        bundle.write_bytes(bytes(raw))

        with contextlib.suppress(LoadError):
            pt.load(bundle)
        collect(bundle)

    @given(
        st.lists(
            st.tuples(
                st.text(
                    st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60
                ),
                st.text(
                    st.characters(exclude_categories=["Cs"]), min_size=1, max_size=200
                ),
                st.sampled_from(
                    [None, "20220329", "March 29, 2022", "2022-03-29T10:00:00+03:00"]
                ),
            ),
            min_size=1,
            max_size=4,
        ),
        st.sampled_from([".txt", ".md"]),
    )
    @file_settings
    def test_round_trip_through_json(
        self,
        tmp_path_factory: pytest.TempPathFactory,
        files: list[tuple[str, str, str | None]],
        suffix: str,
    ) -> None:
        """Text files -> Corpus -> JSON -> Corpus loses nothing."""
        folder = tmp_path_factory.mktemp("rt")
        for number, (title, body, date) in enumerate(files):
            header = [title] if date is None else [title, date]
            (folder / f"{number}{suffix}").write_text(
                "\n".join(header) + "\n\n" + body + "\n", encoding="utf-8"
            )
        corpus, _ = collect(folder)
        saved = folder.parent / f"{folder.name}.json"

        corpus.save(saved)

        assert pt.load(saved) == corpus
        assert pt.load(saved, format="json") == corpus

    @given(
        st.lists(
            st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
            min_size=1,
            max_size=6,
        ),
        st.permutations(range(6)),
    )
    @file_settings
    def test_deterministic(
        self,
        tmp_path_factory: pytest.TempPathFactory,
        bodies: list[str],
        order: list[int],
    ) -> None:
        """Loading a folder twice gives equal corpora, whatever the write order."""
        folder = tmp_path_factory.mktemp("det")
        for number in [n for n in order if n < len(bodies)]:
            sub = "sub/" if number % 2 else ""
            write(
                folder / f"{sub}{number}.txt", f"Headline {number}\n\n{bodies[number]}"
            )

        first, first_report = collect(folder)
        second, second_report = collect(folder)

        assert first == second
        assert first_report == second_report


def test_readers_cover_the_documented_suffixes() -> None:
    """Every suffix the issue names has a reader (archives are sources)."""
    for suffix in (".txt", ".md", ".html", ".json", ".jsonl", ".csv"):
        assert suffix in READERS


def test_load_accepts_pathlike_and_options(tmp_path: Path) -> None:
    """pt.load passes its options to Loader; unknown options are a TypeError."""
    path = write(tmp_path / "a.txt", article_bytes("Title", "Body."))

    assert len(pt.load(os.fspath(path), clean=False, dayfirst=True)) == 1
    with pytest.raises(TypeError):
        pt.load(path, no_such_option=True)
