"""A finding's date: the one its own words give, else its article's.

The sentences are written for these tests (no article text is copied), in
the phrasings of wire copy, explainers and retrospectives, and in another
conflict's lexicon (``fixtures/lexicons/gaza.toml``).  Each rule of the
``date`` decision is checked with at least three phrasings, through
`RuleExtractor.extract` (the date) and `RuleExtractor.explain` (the rule
and the words it used).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacetalks.extract.doc import Annotator
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.rules import RULES
from peacetalks.extract.timing import DateReader
from peacetalks.grammar import Grammar
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Precision, Published

EXTRACTOR = RuleExtractor()
GAZA = RuleExtractor(
    Lexicon.from_toml(Path(__file__).parent / "fixtures" / "lexicons" / "gaza.toml")
)
#: The date of the retrospective every sentence is read in.
PUBLISHED = datetime.date(2025, 10, 2)
DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR


def _dates(
    text: str,
    published: datetime.date | None = PUBLISHED,
    extractor: RuleExtractor = EXTRACTOR,
) -> set[tuple[str, str, str | None, Precision]]:
    """Each finding's kind, date label, the date's words and precision."""
    article = Article(text=text, published=published)
    return {
        (type(f).__name__, f.date.label, f.date.raw, f.date.precision)
        for f in extractor.extract(article)
    }


def _date_steps(
    text: str,
    published: datetime.date | None = PUBLISHED,
    extractor: RuleExtractor = EXTRACTOR,
) -> set[tuple[tuple[str, str | None], ...]]:
    """Each finding's ``date`` steps: the rule and the words it used."""
    article = Article(text=text, published=published)
    return {
        tuple(
            (s.rule, None if s.span is None else s.span.text)
            for s in e.trace
            if s.rule.startswith("date.")
        )
        for e in extractor.explain(article).findings
    }


def _article_dated(text: str) -> bool:
    article = Article(text=text, published=PUBLISHED)
    found = EXTRACTOR.extract(article)
    return bool(found) and all(f.date == article.published for f in found)


class TestAdjunct:
    """A date a preposition opens dates the finding of its clause."""

    @pytest.mark.parametrize(
        ("text", "label", "raw", "precision"),
        [
            (
                (
                    "In April 2023, the Kremlin demanded that Kyiv limit its army "
                    "to 90,000 soldiers."
                ),
                "2023-04",
                "April 2023",
                MONTH,
            ),
            (
                "On 14 April 2023 Kyiv offered to stay out of NATO.",
                "2023-04-14",
                "14 April 2023",
                DAY,
            ),
            (
                "Back in 2023, Moscow insisted on Ukrainian neutrality.",
                "2023",
                "2023",
                YEAR,
            ),
            (
                "On July 4, 2023, Moscow called for a ceasefire.",
                "2023-07-04",
                "July 4, 2023",
                DAY,
            ),
            (
                "Moscow proposed a cap of 90,000 soldiers in June 2023.",
                "2023-06",
                "June 2023",
                MONTH,
            ),
        ],
    )
    def test_the_date_keeps_its_words_and_precision(
        self, text: str, label: str, raw: str, precision: Precision
    ) -> None:
        found = _dates(text)
        assert found
        assert {(label, raw, precision)} == {(d, r, p) for _, d, r, p in found}

    def test_the_trace_names_the_rule_and_the_words(self) -> None:
        text = "On 14 April 2023 Kyiv offered to stay out of NATO."
        assert _date_steps(text) == {(("date.adjunct", "14 April 2023"),)}

    def test_a_date_without_a_year_is_read_in_the_articles_year(self) -> None:
        text = "On 3 August the Kremlin called for a ceasefire."
        assert _dates(text) == {("Position", "2025-08-03", "3 August", DAY)}

    @pytest.mark.parametrize(
        "text",
        [
            "In 2022 talks began. On 3 August the Kremlin called for a ceasefire.",
            "The 2022 draft was shelved; on 3 August Moscow called for a ceasefire.",
            "Since 2019 nothing moved. On 3 August the Kremlin called for a ceasefire.",
        ],
    )
    def test_a_date_without_a_year_after_another_year_is_not_read(
        self, text: str
    ) -> None:
        """A retrospective's "On 3 August" may be the year it told of before."""
        assert ("Position", "2025-10-02", None, DAY) in _dates(text)
        assert not any(raw == "3 August" for _, _, raw, _ in _dates(text))

    def test_a_date_without_a_year_is_left_alone_in_an_undated_article(
        self,
    ) -> None:
        text = "On 3 August the Kremlin called for a ceasefire."
        assert _dates(text, published=None) == {
            ("Position", "unknown", None, Precision.UNKNOWN)
        }

    def test_a_weekday_that_does_not_fit_the_year_is_no_date(self) -> None:
        # 3 August 2025 is a Sunday: "Tuesday, 3 August" is another year's
        text = "On Tuesday, 3 August the Kremlin called for a ceasefire."
        assert _article_dated(text)

    def test_a_date_after_the_figure_across_a_comma_is_not_its(self) -> None:
        text = (
            "Kyiv will never give up Crimea, which Moscow annexed "
            "with a vote in March 2014."
        )
        assert _article_dated(text)

    def test_the_nearest_date_before_the_figure_wins(self) -> None:
        text = (
            "In 2022 talks stalled; in May 2023 Moscow demanded that Kyiv "
            "limit its army to 90,000 soldiers."
        )
        assert {d for _, d, _, _ in _dates(text)} == {"2023-05"}


class TestModifier:
    """A date before a document or a meeting dates what it sets out."""

    @pytest.mark.parametrize(
        ("text", "label"),
        [
            (
                "Russia's 2023 draft treaty capped Ukraine's army at 90,000 soldiers.",
                "2023",
            ),
            (
                "Moscow's June 2023 memorandum called for Ukrainian neutrality.",
                "2023-06",
            ),
            (
                (
                    "At the April 2023 talks, Moscow demanded that Kyiv limit its army "
                    "to 90,000 soldiers."
                ),
                "2023-04",
            ),
        ],
    )
    def test_the_documents_date(self, text: str, label: str) -> None:
        found = _dates(text)
        assert found
        assert {d for _, d, _, _ in found} == {label}
        assert {steps[-1][0] for steps in _date_steps(text)} == {"date.modifier"}

    def test_a_year_before_an_event_is_no_date(self) -> None:
        text = (
            "Kyiv demanded security guarantees against a repeat of the 2022 invasion."
        )
        assert _article_dated(text)


class TestDocument:
    """A provision of a document an earlier sentence dated has its date."""

    @pytest.mark.parametrize(
        ("text", "label"),
        [
            (
                (
                    "In April 2023 Ukraine presented a peace plan. "
                    "It calls for a full Russian withdrawal."
                ),
                "2023-04",
            ),
            (
                (
                    "On 9 May 2023 Moscow unveiled a memorandum. "
                    "The memorandum calls for Ukrainian neutrality."
                ),
                "2023-05-09",
            ),
            (
                "Turkey's 2023 draft was sent to both sides. It calls for a ceasefire.",
                "2023",
            ),
        ],
    )
    def test_the_document_named_before(self, text: str, label: str) -> None:
        found = _dates(text)
        assert ("Position", label) in {(k, d) for k, d, _, _ in found}
        rules = {steps[-1][0] for steps in _date_steps(text)}
        assert "date.document" in rules


class TestPassedOver:
    """Dates of something else never date the finding, and the trace says so."""

    @pytest.mark.parametrize(
        ("text", "rule", "words"),
        [
            ("Moscow wants a ceasefire until March 2026.", "date.bound", "March 2026"),
            ("Moscow wants Ukraine to hold elections by 2027.", "date.bound", "2027"),
            (
                (
                    "Kyiv, which has pressed for NATO membership since 2008, wants "
                    "security guarantees."
                ),
                "date.bound",
                "2008",
            ),
            (
                "Zelensky, born in 1978, wants Ukraine to join NATO.",
                "date.other_event",
                "1978",
            ),
            (
                "Moscow, which annexed Crimea in 2014, demands that Kyiv stay neutral.",
                "date.other_event",
                "2014",
            ),
            (
                "Peskov, appointed in 2012, said Moscow wants a ceasefire.",
                "date.other_event",
                "2012",
            ),
            (
                "Kyiv, whose leader won a song contest in 2016, wants a ceasefire.",
                "date.other_event",
                "2016",
            ),
            (
                "Since Moscow invaded in 2022, Kyiv has demanded security guarantees.",
                "date.other_event",
                "2022",
            ),
            (
                (
                    'Kyiv, attacked after Moscow launched its "operation" in 2022, '
                    "wants security guarantees."
                ),
                "date.other_event",
                "2022",
            ),
            (
                "In December 2025, Moscow demanded a ceasefire.",
                "date.after_article",
                "December 2025",
            ),
            (
                "On 9 November 2025 Kyiv offered to stay out of NATO.",
                "date.after_article",
                "9 November 2025",
            ),
            (
                "Moscow demanded a cap of 90,000 soldiers in 2030.",
                "date.after_article",
                "2030",
            ),
            (
                "In 2023 Kyiv refused talks and today it wants a ceasefire.",
                "date.present",
                "today",
            ),
            (
                "Back in 2023 Moscow refused talks but it currently wants a ceasefire.",
                "date.present",
                "currently",
            ),
            (
                "In 2023 Moscow refused talks, and Kyiv now wants a ceasefire.",
                "date.present",
                "now",
            ),
        ],
    )
    def test_passed_over(self, text: str, rule: str, words: str) -> None:
        assert _article_dated(text)
        traces = _date_steps(text)
        assert traces
        for steps in traces:
            assert (rule, words) in steps
            assert steps[-1] == ("date.article", None)

    def test_a_deadline_in_an_undated_article_is_no_date(self) -> None:
        text = "Moscow wants a ceasefire until March 2026."
        assert _dates(text, published=None) == {
            ("Position", "unknown", None, Precision.UNKNOWN)
        }

    @pytest.mark.parametrize(
        "text",
        [
            "Moscow demanded that Ukraine's army be capped at 2000 tanks.",
            "Kyiv wants 1500 tanks and a ceasefire.",
            "Moscow demanded a cap of 1990 artillery pieces.",
        ],
    )
    def test_a_figure_is_not_a_year(self, text: str) -> None:
        assert _article_dated(text)


class TestUndated:
    """In an undated article a finding whose sentence gives a date gets it."""

    @pytest.mark.parametrize(
        ("text", "label"),
        [
            ("In March 2022, Moscow demanded Ukrainian neutrality.", "2022-03"),
            ("On 29 March 2022 Kyiv offered to stay out of NATO.", "2022-03-29"),
            ("Russia's 2022 draft capped Ukraine's army at 85,000 troops.", "2022"),
        ],
    )
    def test_the_sentences_date(self, text: str, label: str) -> None:
        found = _dates(text, published=None)
        assert found
        assert {d for _, d, _, _ in found} == {label}

    def test_without_a_date_the_trace_says_the_article_is_undated(self) -> None:
        article = Article(text="Kyiv wants a ceasefire.")
        (found,) = EXTRACTOR.explain(article).findings
        assert found.trace[-1].rule == "date.article"
        assert found.trace[-1].why == "the article is undated"
        assert found.finding.date == Published()


class TestOtherLexicon:
    """The dates read the same in another conflict's lexicon."""

    def test_adjunct(self) -> None:
        text = "In January 2024, Hamas demanded a permanent ceasefire."
        assert _dates(text, extractor=GAZA) == {
            ("Position", "2024-01", "January 2024", MONTH)
        }

    def test_modifier(self) -> None:
        text = "Israel's May 2024 proposal offered a six-week truce."
        assert {d for _, d, _, _ in _dates(text, extractor=GAZA)} == {"2024-05"}

    def test_bound(self) -> None:
        text = "Hamas wants a truce until March 2026."
        assert _date_steps(text, extractor=GAZA) == {
            (("date.bound", "March 2026"), ("date.article", None))
        }


class TestReader:
    def test_every_date_rule_is_registered(self) -> None:
        assert [r for r in RULES if r.startswith("date.")] == [
            "date.adjunct",
            "date.modifier",
            "date.document",
            "date.after_article",
            "date.bound",
            "date.other_event",
            "date.present",
            "date.article",
        ]

    def test_a_date_that_names_no_day_is_none(self) -> None:
        reader = DateReader(Grammar.default())
        assert reader.find("Talks resumed on 30 February 2023.") == ()

    def test_dates_are_read_once_per_sentence(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = []
        original = DateReader.find

        def counting(self: DateReader, text: str, year: int | None = None) -> object:
            calls.append(text)
            return original(self, text, year)

        monkeypatch.setattr(DateReader, "find", counting)
        text = (
            "In April 2023, the Kremlin demanded that Kyiv limit its army to "
            "90,000 soldiers and 500 tanks."
        )
        EXTRACTOR.extract(Article(text=text, published=PUBLISHED))
        assert calls == [text]


_WORDS = st.sampled_from(
    [
        "In", "in", "On", "on", "until", "by", "since", "born", "now", "the",
        "draft", "plan", "talks", "March", "May", "29", "2022", "2026", "1952",
        "Moscow", "Kyiv", "demanded", "wants", "a", "ceasefire", "cap", "army",
        "at", "85,000", "troops", "NATO", "neutrality", ",", ".", ";", "Tuesday",
        "2000", "tanks", "It", "calls", "for", "memorandum", "Russia's", "of",
    ]
)  # fmt: skip


@pytest.mark.slow  # ~2 s: 150 texts extracted whole
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(_WORDS, max_size=40),
    noise=st.text(max_size=30),
    published=st.one_of(
        st.none(),
        st.dates(min_value=datetime.date(1990, 1, 1)),
        st.builds(
            lambda y: Published(str(y), datetime.date(y, 1, 1), YEAR),
            st.integers(1990, 2030),
        ),
    ),
)
def test_never_raises_nor_dates_after_the_article(
    words: list[str], noise: str, published: datetime.date | Published | None
) -> None:
    """Any text: the dates are read without an error, none after the article's."""
    text = " ".join(words) + noise
    article = Article(text=text, published=published)
    doc = Annotator().read(article)
    for index in range(len(doc.sentences)):
        doc.dates(index)
    last = article.published.range
    for finding in EXTRACTOR.extract(article):
        own = finding.date.range
        if own is not None and last is not None:
            assert own[0] <= last[1]
        if finding.date != article.published:
            assert finding.date.raw is not None
            assert finding.date.raw in text
