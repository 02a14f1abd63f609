"""Tests for the notebook layer: `to_pandas()`, HTML reprs and missing extras."""

from __future__ import annotations

import pickle
import sys
from typing import Any

import pandas
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import _html, _optional
from peacetalks.errors import MissingExtraError, PeacetalksError
from peacetalks.findings import RECORD_KEYS

SAMPLE = pt.datasets.sample()
FINDINGS = SAMPLE.extract()


class TestToPandas:
    def test_corpus(self) -> None:
        """One row per article, indexed by id, with the documented columns."""
        frame = SAMPLE.to_pandas()
        assert list(frame.index) == [a.id for a in SAMPLE]
        assert list(frame.columns) == [
            "title", "outlet", "date", "precision", "published",
            "authors", "url", "language", "path", "text",
        ]  # fmt: skip
        assert frame.loc[SAMPLE[0].id, "text"] == SAMPLE[0].text
        assert frame["published"].tolist()[:2] == ["2022-03-29", "2022-03"]

    def test_empty_corpus(self) -> None:
        """An empty corpus is an empty frame with the same columns."""
        frame = pt.Corpus([]).to_pandas()
        assert frame.empty
        assert "title" in frame.columns

    def test_findings(self) -> None:
        """Every record key is a column, with date_precision after date."""
        frame = FINDINGS.to_pandas()
        assert list(frame.columns) == [*RECORD_KEYS[:4], "date_precision",
                                       *RECORD_KEYS[4:]]  # fmt: skip
        assert len(frame) == len(FINDINGS)
        assert frame["type"].tolist() == [
            "position" if isinstance(f, pt.Position) else "demand" for f in FINDINGS
        ]

    def test_demands_only(self) -> None:
        """Filtering first gives a frame of one kind."""
        frame = FINDINGS.filter(type="demand").to_pandas()
        rows = set(zip(frame["actor"], frame["metric"], frame["value"], strict=True))
        assert ("Russia", "troops", 85000) in rows
        assert ("Ukraine", "missile_range", 280) in rows


class TestDtypes:
    """to_pandas() gives dates as datetime64 and names as categories."""

    def test_corpus_dates(self) -> None:
        """A day is itself, a month its first day, an unknown date NaT.

        The precision column says which, with every precision a category.
        """
        corpus = pt.Corpus([
            pt.Article(text="a", published="2022-03-29"),
            pt.Article(text="b", published="March 2022"),
            pt.Article(text="c", published="2025"),
            pt.Article(text="d"),
        ])  # fmt: skip
        frame = corpus.to_pandas()
        assert str(frame["date"].dtype) == "datetime64[ns]"
        dates = frame["date"].tolist()
        assert dates[:3] == [pandas.Timestamp("2022-03-29"),
                             pandas.Timestamp("2022-03-01"),
                             pandas.Timestamp("2025-01-01")]  # fmt: skip
        assert pandas.isna(dates[3])
        assert str(frame["precision"].dtype) == "category"
        assert list(frame["precision"].cat.categories) == [
            "day", "month", "year", "unknown",
        ]  # fmt: skip
        assert frame["precision"].tolist() == ["day", "month", "year", "unknown"]
        assert frame["published"].tolist()[:3] == ["2022-03-29", "2022-03", "2025"]
        assert pandas.isna(frame["published"].tolist()[3])

    def test_corpus_categories(self) -> None:
        """Outlets and languages are categories of the values found."""
        frame = SAMPLE.to_pandas()
        assert str(frame["outlet"].dtype) == "category"
        assert set(frame["outlet"].cat.categories) == {a.outlet for a in SAMPLE}
        assert str(frame["language"].dtype) == "category"

    def test_findings_dtypes(self) -> None:
        """Findings: datetime64 dates with precision, categorical names."""
        frame = FINDINGS.to_pandas()
        assert str(frame["date"].dtype) == "datetime64[ns]"
        assert frame["date"].tolist() == [
            pandas.NaT if f.date.date is None else pandas.Timestamp(f.date.date)
            for f in FINDINGS
        ]
        assert frame["date_precision"].tolist() == [
            f.date.precision.value for f in FINDINGS
        ]
        categorical = ["type", "actor", "target", "issue", "metric", "unit",
                       "stance", "act", "modality", "bound",
                       "date_precision"]  # fmt: skip
        for column in categorical:
            assert str(frame[column].dtype) == "category", column
        # Closed vocabularies keep every value, found or not.
        assert list(frame["stance"].cat.categories) == [s.value for s in pt.Stance]
        assert list(frame["bound"].cat.categories) == [b.value for b in pt.Bound]
        assert str(frame["value"].dtype) == "float64"

    def test_empty_findings(self) -> None:
        """No findings: every column, with its dtype."""
        frame = pt.Findings([]).to_pandas()
        assert frame.empty
        assert str(frame["date"].dtype) == "datetime64[ns]"
        assert str(frame["actor"].dtype) == "category"

    def test_groupby_month(self) -> None:
        """The point of it: group demands by month without parsing labels."""
        demands = FINDINGS.filter(type="demand").to_pandas()
        months = demands.groupby(demands["date"].dt.to_period("M"), observed=True)
        assert sum(len(rows) for _, rows in months) == demands["date"].notna().sum()

    def test_dates_beyond_nanoseconds(self) -> None:
        """A date pandas cannot hold in nanoseconds keeps a datetime column."""
        old = pt.Article(text="old", published="1500-06-01")
        corpus = pt.Corpus([old, pt.Article(text="new", published="2022-03-29")])
        frame = corpus.to_pandas()
        assert str(frame["date"].dtype) == "datetime64[s]"
        assert frame["date"].tolist() == [pandas.Timestamp("1500-06-01"),
                                          pandas.Timestamp("2022-03-29")]  # fmt: skip


class TestHtml:
    def test_corpus(self) -> None:
        """The corpus table lists every article and its repr as caption."""
        page = SAMPLE._repr_html_()
        assert page.count("<tr>") == len(SAMPLE) + 1
        assert "&lt;Corpus: 5 articles" in page

    def test_article_is_escaped(self) -> None:
        """Titles and text are escaped: no markup from the data gets through."""
        article = pt.Article(title="<script>alert(1)</script>", text="a & b")
        page = article._repr_html_()
        assert "<script>" not in page
        assert "&lt;script&gt;" in page
        assert "a &amp; b" in page

    def test_findings(self) -> None:
        """A findings table of up to MAX_ROWS findings has a row per finding."""
        few = FINDINGS[: _html.MAX_ROWS]
        page = few._repr_html_()
        assert page.count("<tr>") == len(few) + 1
        assert "more</td>" not in page

    def test_long_corpus_is_cut(self) -> None:
        """5,000 articles show as pandas shows a long frame: 5 first, 5 last.

        The rows between are one line saying how many are left out, and only
        the rows shown are made (the middle titles are nowhere in the page).
        """
        corpus = pt.Corpus(
            pt.Article(title=f"Talks day {n}", text="Delegations met.")
            for n in range(5000)
        )
        page = corpus._repr_html_()
        assert page.count("<tr>") == 1 + 2 * _html.EDGE_ROWS
        assert page.count('<tr class="omitted">') == 1
        assert '<td colspan="5">… 4,990 more</td>' in page
        for n in (0, 4, 4995, 4999):
            assert f"Talks day {n}<" in page
        for n in (5, 2500, 4994):
            assert f"Talks day {n}<" not in page
        assert "<td>5000</td>" in page  # rows keep their numbers
        assert "&lt;Corpus: 5000 articles" in page

    def test_cut_starts_past_max_rows(self) -> None:
        """MAX_ROWS findings are listed whole; one more and the middle is cut."""
        demand = pt.Demand("Russia", "tanks", 10)
        whole = pt.Findings([demand] * _html.MAX_ROWS)._repr_html_()
        cut = pt.Findings([demand] * (_html.MAX_ROWS + 1))._repr_html_()
        assert whole.count("<tr>") == _html.MAX_ROWS + 1
        assert cut.count("<tr>") == 2 * _html.EDGE_ROWS + 1
        more = _html.MAX_ROWS + 1 - 2 * _html.EDGE_ROWS
        assert f'<td colspan="2">… {more} more</td>' in cut

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=40), st.text(max_size=40))
    def test_any_article(self, title: str, text: str) -> None:
        """Any title and text render without raw angle brackets from the data."""
        page = pt.Article(title=title, text=text)._repr_html_()
        body = page.replace("<table>", "").replace("</table>", "")
        for tag in ("thead", "tbody", "tr", "th", "td"):
            body = body.replace(f"<{tag}>", "").replace(f"</{tag}>", "")
        assert "<" not in body


class TestMissingExtra:
    def test_message_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, to_pandas() says which extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
        with pytest.raises(
            MissingExtraError, match=r"pip install 'peacetalks\[pandas\]'"
        ):
            SAMPLE.to_pandas()
        with pytest.raises(ImportError):  # also an ImportError
            FINDINGS.to_pandas()

    @pytest.mark.parametrize("extra", ["pandas", "plot", "dask", "parquet"])
    def test_hint_works_from_a_clone_too(
        self, monkeypatch: pytest.MonkeyPatch, extra: str
    ) -> None:
        """The message names the command from an index and from a clone."""
        modules = {"pandas": "pandas", "plot": "matplotlib.pyplot",
                   "dask": "dask.bag", "parquet": "pyarrow"}  # fmt: skip
        helpers = {"pandas": _optional.pandas, "plot": _optional.pyplot,
                   "dask": _optional.dask_bag,
                   "parquet": _optional.pyarrow}  # fmt: skip
        monkeypatch.setitem(sys.modules, modules[extra], None)  # as if not installed
        with pytest.raises(MissingExtraError) as raised:
            helpers[extra]("feature()")
        message = str(raised.value)
        assert f"pip install 'peacetalks[{extra}]'" in message
        assert f"pip install '.[{extra}]'" in message
        assert message.startswith(f"feature() needs {extra}: ")

    def test_is_a_peacetalks_error(self) -> None:
        """It sits in the library's error tree and keeps the extra's name."""
        error = MissingExtraError("plot", "plot_proposals()")
        assert isinstance(error, PeacetalksError)
        assert error.extra == "plot"

    def test_pickles(self) -> None:
        """The error survives pickling (multiprocessing), message and all."""
        error = MissingExtraError("pandas", "Corpus.to_pandas()")
        copy = pickle.loads(pickle.dumps(error))
        assert (str(copy), copy.extra, copy.feature) == (
            str(error),
            "pandas",
            "Corpus.to_pandas()",
        )

    def test_modules(self) -> None:
        """The helpers return the real modules when installed."""
        assert _optional.pandas("x").__name__ == "pandas"
        assert _optional.pyplot("x").__name__ == "matplotlib.pyplot"


class TestShortReprs:
    """What a notebook prints for the other objects: one readable line."""

    def test_load_report(self, tmp_path: Any) -> None:
        """A LoadReport says whether the load is ok and counts what it did."""
        (tmp_path / "a.txt").write_text("Talks resumed.", encoding="utf-8")
        (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
        loader = pt.Loader(errors="collect")
        loader.load(tmp_path)
        text = repr(loader.report)
        assert text.startswith("<LoadReport not ok: 1 article from 2 files, 1 failed")
        assert text == f"<LoadReport not ok: {loader.report.summary()}>"
        assert repr(pt.LoadReport(loaded=3, files=3)) == (
            "<LoadReport ok: 3 articles from 3 files>"
        )

    def test_lexicon_and_reference(self) -> None:
        """Lexicon and Reference: one line with their name and counts."""
        for value in (pt.Lexicon.default(), pt.datasets.istanbul_2022()):
            text = repr(value)
            assert "\n" not in text
            assert len(text) < 120
        assert repr(pt.datasets.istanbul_2022()).startswith(
            "<Reference istanbul_2022: 16 demands"
        )
