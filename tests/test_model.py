"""Tests for peacetalks.model: the attrs classes and their invariants."""

from __future__ import annotations

import datetime
import math
import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks import (
    Act,
    Article,
    Bound,
    Demand,
    Evidence,
    FieldValueError,
    Modality,
    Position,
    Precision,
    Producer,
    Published,
    Quantity,
    Stance,
    content_id,
)
from tests.strategies import (
    articles,
    articles_with_evidence,
    demands,
    finite_floats,
    json_values,
    positions,
    published,
    quantities,
    texts,
)

DAY = Precision.DAY
MONTH = Precision.MONTH
YEAR = Precision.YEAR


class TestPublished:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Published(), "unknown"),
            (Published("x", datetime.date(2022, 3, 29), DAY), "2022-03-29"),
            (Published("x", datetime.date(2022, 3, 1), MONTH), "2022-03"),
            (Published("x", datetime.date(2022, 1, 1), YEAR), "2022"),
            (Published(None, datetime.date(33, 1, 1), YEAR), "0033"),
        ],
    )
    def test_label(self, value: Published, expected: str) -> None:
        """The label shows the date at its precision, and nothing more."""
        assert value.label == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Published(), None),
            (
                Published(None, datetime.date(2022, 3, 29), DAY),
                (datetime.date(2022, 3, 29), datetime.date(2022, 3, 29)),
            ),
            (
                Published(None, datetime.date(2024, 2, 1), MONTH),
                (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
            ),
            (
                Published(None, datetime.date(2023, 2, 1), MONTH),
                (datetime.date(2023, 2, 1), datetime.date(2023, 2, 28)),
            ),
            (
                Published(None, datetime.date(2022, 12, 1), MONTH),
                (datetime.date(2022, 12, 1), datetime.date(2022, 12, 31)),
            ),
            (
                Published(None, datetime.date(2022, 1, 1), YEAR),
                (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)),
            ),
        ],
    )
    def test_range(
        self,
        value: Published,
        expected: tuple[datetime.date, datetime.date] | None,
    ) -> None:
        """The range spans the day, month or year the date stands for."""
        assert value.range == expected

    def test_range_of_last_month_of_calendar(self) -> None:
        """A month-precision date in December 9999 has a range, not an overflow."""
        value = Published(None, datetime.date(9999, 12, 1), MONTH)

        assert value.range == (datetime.date(9999, 12, 1), datetime.date(9999, 12, 31))

    @given(published())
    def test_range_contains_date(self, value: Published) -> None:
        """A known date starts its own range, which is never empty."""
        if value.date is None:
            assert value.range is None
            assert value.label == "unknown"
        else:
            assert value.range is not None
            assert value.range[0] == value.date <= value.range[1]
            assert value.date.isoformat().startswith(value.label)

    @pytest.mark.parametrize(
        ("date", "precision"),
        [
            (None, DAY),
            (None, MONTH),
            (None, YEAR),
            (datetime.date(2022, 3, 29), Precision.UNKNOWN),
            (datetime.date(2022, 3, 29), MONTH),
            (datetime.date(2022, 3, 1), YEAR),
            (datetime.date(2022, 2, 2), YEAR),
        ],
    )
    def test_inconsistent_precision(
        self, date: datetime.date | None, precision: Precision
    ) -> None:
        """A date must fit its precision, and be None exactly when unknown."""
        with pytest.raises(ValueError, match="precision"):
            Published("raw", date, precision)

    def test_datetime_is_not_a_date(self) -> None:
        """A datetime (which is a date subclass) is refused."""
        with pytest.raises(TypeError, match="datetime"):
            Published(None, datetime.datetime(2022, 3, 29, 12), DAY)

    @pytest.mark.parametrize(("value", "expected"), [("", None), ("x", "x")])
    def test_empty_raw_is_none(self, value: str, expected: str | None) -> None:
        """An empty raw string means the raw text is not known."""
        assert Published(value).raw == expected

    def test_precision_from_string(self) -> None:
        """The precision may be given as its string value."""
        value = Published(None, datetime.date(2022, 3, 1), "month")

        assert value.precision is MONTH

    def test_unknown_precision_string(self) -> None:
        """A precision that is not one of the enum's values is refused."""
        with pytest.raises(ValueError, match="week"):
            Published(None, datetime.date(2022, 3, 1), "week")

    def test_frozen(self) -> None:
        """Published values cannot be changed in place."""
        value = Published()

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            value.raw = "x"  # type: ignore[misc]  # testing that assignment fails


class TestProducer:
    @pytest.mark.parametrize("name", ["", " ", "\n\t", "\u3000"])
    def test_blank_name(self, name: str) -> None:
        """A producer needs a name with some visible character."""
        with pytest.raises(ValueError, match="'name' must not be empty"):
            Producer(name)

    @pytest.mark.parametrize(("value", "expected"), [("", None), ("0.1", "0.1")])
    def test_empty_version_is_none(self, value: str, expected: str | None) -> None:
        """An empty version string means the version is not known."""
        assert Producer("x", value).version == expected


class TestEvidence:
    @given(articles_with_evidence(full=True))
    def test_article_evidence_matches(self, pair: tuple[Article, Evidence]) -> None:
        """Evidence built from an article quotes exactly its span of the text."""
        article, evidence = pair

        assert evidence.article_id == article.id
        assert article.text[evidence.start : evidence.end] == evidence.quote
        assert evidence.matches(article)

    @given(articles_with_evidence(), texts())
    def test_other_text_does_not_match(
        self, pair: tuple[Article, Evidence], suffix: str
    ) -> None:
        """Evidence stops matching when the quoted span of the text changes."""
        article, evidence = pair
        changed = article.replace(text=article.text[: evidence.start] + "\x00" + suffix)
        quoted = changed.text[evidence.start : evidence.end]

        assert evidence.matches(changed) == (quoted == evidence.quote)

    def test_other_article_does_not_match(self) -> None:
        """Evidence does not match an article with another id, same text or not."""
        article = Article(title="t", text="Russia wants 85,000 troops.")
        evidence = article.evidence(13, 19)

        assert evidence.quote == "85,000"
        assert evidence.matches(article)
        assert not evidence.matches(article.replace(id="other"))

    @pytest.mark.parametrize(("start", "end"), [(-1, 0), (0, 99), (5, 4), (3, 100)])
    def test_span_outside_text(self, start: int, end: int) -> None:
        """An article refuses to quote a span that is not inside its text."""
        article = Article(text="0123456789")

        with pytest.raises(ValueError, match="outside the text"):
            article.evidence(start, end)

    @pytest.mark.parametrize(
        ("quote", "start", "end"), [("abc", 0, 2), ("", 1, 2), ("a", 3, 2)]
    )
    def test_span_must_fit_quote(self, quote: str, start: int, end: int) -> None:
        """The span's length must be the quote's length."""
        with pytest.raises(ValueError, match="has length"):
            Evidence("a1", quote, start, end)

    def test_negative_start(self) -> None:
        """A span cannot start before the text."""
        with pytest.raises(ValueError, match="'start' must not be negative"):
            Evidence("a1", "", -1, -1)

    @pytest.mark.parametrize("article_id", ["", "  "])
    def test_blank_article_id(self, article_id: str) -> None:
        """Evidence must name its article."""
        with pytest.raises(ValueError, match="'article_id' must not be empty"):
            Evidence(article_id, "x", 0, 1)

    def test_evidence_uses_given_id(self) -> None:
        """Evidence of an article with an explicit id carries that id."""
        article = Article(text="abc", id="my-id")

        assert article.evidence(1, 3) == Evidence("my-id", "bc", 1, 3)


class TestQuantity:
    @given(quantities())
    def test_ordered(self, quantity: Quantity) -> None:
        """Every Quantity has a number, in the order low <= value <= high."""
        known = [
            v for v in (quantity.low, quantity.value, quantity.high) if v is not None
        ]

        assert known
        assert known == sorted(known)
        assert all(type(v) is float for v in known)
        assert min(known) <= quantity.midpoint <= max(known)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Quantity(85_000), 85_000.0),
            (Quantity(low=200_000, high=250_000), 225_000.0),
            (Quantity(low=40), 40.0),
            (Quantity(high=40), 40.0),
            (Quantity(3, low=1, high=100), 3.0),
            (Quantity(low=5e-324), 5e-324),
            (Quantity(high=-5e-324), -5e-324),
            (Quantity(low=1.7976931348623157e308), 1.7976931348623157e308),
            (Quantity(low=-1e308, high=1e308), 0.0),
        ],
    )
    def test_midpoint(self, value: Quantity, expected: float) -> None:
        """The midpoint is the value, or the middle of the range."""
        assert value.midpoint == expected

    @pytest.mark.parametrize(
        ("value", "expected"), [(1, 1.0), (85_000, 85_000.0), (0.5, 0.5)]
    )
    def test_numbers_become_floats(self, value: float, expected: float) -> None:
        """Integers are stored as floats."""
        stored = Quantity(value).value

        assert type(stored) is float
        assert stored == expected

    def test_negative_zero_is_kept(self) -> None:
        """The sign of -0.0 survives construction."""
        stored = Quantity(-0.0).value

        assert stored is not None
        assert math.copysign(1.0, stored) == -1.0

    @pytest.mark.parametrize("field", ["value", "low", "high"])
    @pytest.mark.parametrize("number", [True, False])
    def test_booleans_refused(self, field: str, number: bool) -> None:
        """A boolean is never a number of troops: a TypeError naming the field.

        (The message named no field before issue 12; the match says it now.)
        """
        fields: dict[str, Any] = {field: number}

        with pytest.raises(TypeError, match=f"'{field}' must be a number or None"):
            Quantity(**fields)

    @pytest.mark.parametrize("field", ["value", "low", "high"])
    @pytest.mark.parametrize("number", [math.inf, -math.inf, math.nan])
    def test_non_finite_refused(self, field: str, number: float) -> None:
        """Infinities and NaN are not quantities."""
        fields: dict[str, Any] = {field: number}

        with pytest.raises(ValueError, match="finite"):
            Quantity(**fields)

    def test_needs_a_number(self) -> None:
        """A Quantity without any number is refused."""
        with pytest.raises(ValueError, match="needs a value"):
            Quantity(unit="km")

    @pytest.mark.parametrize(
        "fields",
        [
            {"low": 2, "high": 1},
            {"value": 5, "high": 4},
            {"value": 5, "low": 6},
            {"value": 5, "low": 1, "high": 4},
        ],
    )
    def test_unordered_refused(self, fields: dict[str, Any]) -> None:
        """low <= value <= high must hold wherever they are given."""
        with pytest.raises(ValueError, match="low <= value <= high"):
            Quantity(**fields)

    def test_defaults(self) -> None:
        """A bare number is exact and has no unit; an empty unit means none."""
        assert Quantity(1) == Quantity(1, unit="", bound=Bound.EXACT)
        assert Quantity(1).unit is None

    def test_bound_from_string(self) -> None:
        """The bound may be given as its string value."""
        assert Quantity(1, bound="max").bound is Bound.MAX


class TestContentId:
    def test_documented_value(self) -> None:
        """The id is the same on every machine (the documented example)."""
        assert content_id("Talks resume", "Delegations met in Istanbul.") == (
            "f4bc2de5f4e863c2"
        )

    @given(texts(), texts())
    def test_shape(self, title: str, text: str) -> None:
        """An id is 16 lowercase hex digits."""
        value = content_id(title, text)

        assert len(value) == 16
        assert set(value) <= set("0123456789abcdef")

    @given(texts(), texts())
    def test_normalisation(self, title: str, text: str) -> None:
        """Canonically equivalent texts (NFC and NFD) get the same id."""
        assert content_id(title, text) == content_id(
            unicodedata.normalize("NFD", title), unicodedata.normalize("NFD", text)
        )

    @pytest.mark.parametrize(
        ("one", "other"),
        [(("ab", ""), ("a", "b")), (("", "x"), ("x", "")), (("T", "x"), ("t", "x"))],
    )
    def test_title_and_text_are_separate(
        self, one: tuple[str, str], other: tuple[str, str]
    ) -> None:
        """Moving characters between title and text changes the id."""
        assert content_id(*one) != content_id(*other)


def _other_value(name: str, value: Any) -> Any:
    """A value for field ``name`` of an Article that differs from ``value``."""
    alternatives: dict[str, Any] = {
        "title": "another title",
        "text": "another text",
        "id": "another-id",
        "url": "https://example.org/other",
        "outlet": "Another Outlet",
        "authors": ("Someone Else",),
        "published": Published("2000", datetime.date(2000, 1, 1), YEAR),
        "language": "uk",
        "path": "other/path.txt",
        "extra": {"another": ["value"]},
    }
    alternative = alternatives[name]
    return alternative if alternative != value else None


ARTICLE_FIELDS = [field.name for field in attrs.fields(Article)]


class TestArticle:
    @given(articles())
    def test_default_id(self, article: Article) -> None:
        """Without an explicit id, the id is the content id of title and text."""
        built = Article(title=article.title, text=article.text)

        assert built.id == content_id(article.title, article.text)

    def test_replace_keeps_id(self) -> None:
        """Replacing the text keeps the article's identity."""
        article = Article(title="t", text="old")

        assert article.replace(text="new").id == article.id
        assert article.replace(id="x").id == "x"

    @pytest.mark.parametrize("value", ["", " ", "\n"])
    def test_blank_id(self, value: str) -> None:
        """An article id must have a visible character."""
        with pytest.raises(ValueError, match="'id' must not be empty"):
            Article(id=value)

    @pytest.mark.parametrize("field", ["url", "outlet", "language", "path"])
    @pytest.mark.parametrize(("value", "expected"), [("", None), ("x", "x")])
    def test_empty_optional_text_is_none(
        self, field: str, value: str, expected: str | None
    ) -> None:
        """Empty optional strings are stored as None."""
        fields: dict[str, Any] = {field: value}

        assert getattr(Article(**fields), field) == expected

    def test_authors_become_tuple(self) -> None:
        """Authors given as a list are stored as a tuple, in order."""
        article = Article(authors=["b", "a"])

        assert article.authors == ("b", "a")

    @given(st.dictionaries(texts(), json_values(), max_size=4))
    def test_json_extra_accepted(self, extra: dict[str, Any]) -> None:
        """Any JSON object is accepted as extra metadata, as an equal dict."""
        article = Article(extra=extra)

        assert article.extra == extra
        assert type(article.extra) is dict

    @pytest.mark.parametrize(
        "extra",
        [
            {"a": (1, 2)},
            {"a": [1, (2,)]},
            {"a": {1: "x"}},
            {"a": {"b": {1, 2}}},
            {"a": math.nan},
            {"a": [math.inf]},
            {"a": object()},
            {"a": datetime.date(2022, 1, 1)},
            {"a": b"bytes"},
        ],
    )
    def test_non_json_extra_refused(self, extra: dict[str, Any]) -> None:
        """Extra metadata must survive JSON unchanged: no tuples, sets or NaN."""
        with pytest.raises(ValueError, match="'extra' must hold JSON data only"):
            Article(extra=extra)

    @pytest.mark.parametrize("field", ARTICLE_FIELDS)
    def test_equality_uses_every_field(self, field: str) -> None:
        """Two articles differing in any one field are not equal."""
        article = Article(
            title="t",
            text="x",
            url="u",
            outlet="o",
            authors=["a"],
            published=Published("2022", datetime.date(2022, 1, 1), YEAR),
            language="en",
            path="p",
            extra={"k": 1},
        )
        changed = article.replace(
            **{field: _other_value(field, getattr(article, field))}
        )

        assert getattr(changed, field) != getattr(article, field)
        assert changed != article

    @given(articles())
    def test_hash_follows_equality(self, article: Article) -> None:
        """Equal articles hash alike, so they can be kept in sets."""
        copy = attrs.evolve(article)

        assert copy == article
        assert hash(copy) == hash(article)
        assert len({article, copy}) == 1

    def test_frozen(self) -> None:
        """Articles cannot be changed in place."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            Article().title = "x"  # type: ignore[misc]  # testing that assignment fails


class TestPosition:
    def test_defaults(self) -> None:
        """A position is an asserted statement, fully confident, by default."""
        position = Position("Ukraine", "nato_membership", "opposes")

        assert position.stance is Stance.OPPOSES
        assert position.act is Act.STATEMENT
        assert position.modality is Modality.ASSERTED
        assert position.date == Published()
        assert position.confidence == 1.0
        assert (position.speaker, position.evidence, position.producer) == (
            None,
            None,
            None,
        )

    @pytest.mark.parametrize("confidence", [-0.01, 1.01, math.nan, math.inf])
    def test_confidence_in_unit_interval(self, confidence: float) -> None:
        """Confidence lies between 0 and 1."""
        with pytest.raises(ValueError, match="'confidence' must be between 0 and 1"):
            Position("a", "b", Stance.SUPPORTS, confidence=confidence)

    @pytest.mark.parametrize("field", ["actor", "issue"])
    def test_blank_names(self, field: str) -> None:
        """Actor and issue must be named."""
        fields: dict[str, Any] = {"actor": "a", "issue": "b", "stance": "supports"}
        fields[field] = " "

        with pytest.raises(ValueError, match=f"'{field}' must not be empty"):
            Position(**fields)

    @pytest.mark.parametrize("stance", ["maybe", "SUPPORTS", ""])
    def test_unknown_stance(self, stance: str) -> None:
        """A stance must be one of the enum's values; the error names the field.

        (It was the enum's own "is not a valid Stance"; now a FieldValueError,
        still a ValueError, that names the field and the values it takes.)
        """
        with pytest.raises(FieldValueError, match="'stance' must be 'supports' or"):
            Position("a", "b", stance)

    @given(positions())
    def test_confidence_is_float(self, position: Position) -> None:
        """Confidence is always a float between 0 and 1."""
        assert type(position.confidence) is float
        assert 0.0 <= position.confidence <= 1.0


class TestDemand:
    def test_defaults(self) -> None:
        """A demand is an asserted demand, fully confident, by default."""
        demand = Demand("Russia", "troops", Quantity(85_000, bound=Bound.MAX))

        assert demand.act is Act.DEMAND
        assert demand.modality is Modality.ASSERTED
        assert demand.target is None
        assert demand.confidence == 1.0

    @pytest.mark.parametrize(
        ("value", "expected"), [("", None), ("Ukraine", "Ukraine")]
    )
    def test_empty_target_is_none(self, value: str, expected: str | None) -> None:
        """An empty target means the target is not known."""
        assert Demand("a", "m", Quantity(1), target=value).target == expected

    @given(demands(), finite_floats())
    def test_equality_sees_quantity(self, demand: Demand, number: float) -> None:
        """Demands with different quantities are different."""
        other = attrs.evolve(demand, quantity=Quantity(number))

        assert (other == demand) == (other.quantity == demand.quantity)


class TestReprs:
    """Articles and findings print as one short line a person recognises."""

    def test_article_is_one_line(self) -> None:
        """A long article: id start, title start, outlet, date, word count."""
        text = "Delegations met in Istanbul again.\n" * 20_000  # 100,000 words
        article = Article(
            title="Ukraine seeks deal guaranteeing armies will defend it",
            text=text,
            outlet="Fox News",
            published="2022-03-29",
        )
        assert repr(article) == (
            f"<Article {article.id[:8]} 'Ukraine seeks deal guaranteeing armies…'"
            " Fox News 2022-03-29, 100,000 words>"
        )

    def test_article_without_metadata(self) -> None:
        """No title, outlet or date: the repr says what is there."""
        assert (
            repr(Article(text="Talks.", id="a1")) == "<Article a1 (untitled), 1 word>"
        )
        month = Article(title="T", text="", id="a2", published="March 2022")
        assert repr(month) == "<Article a2 'T' 2022-03, 0 words>"

    def test_position(self) -> None:
        """Who takes which stance on what, how, when, and the quote's start."""
        article = Article(
            text="Ukraine offered to stay out of NATO for ever and a day."
        )
        position = Position(
            "Ukraine", "nato_membership", "opposes", act="offer",
            modality="hypothetical", date="2022-03-29",
            evidence=article.evidence(0, len(article.text)),
        )  # fmt: skip
        assert repr(position) == (
            "<Position Ukraine opposes nato_membership: offer, hypothetical, "
            "2022-03-29 'Ukraine offered to stay out of NATO…'>"
        )

    @pytest.mark.parametrize(
        ("quantity", "shown"),
        [
            (Quantity(85_000, unit="personnel", bound="max"), "≤85,000 personnel"),
            (Quantity(250_000, unit="personnel", bound="min"), "≥250,000 personnel"),
            (Quantity(20, unit="percent", bound="approx"), "≈20 percent"),
            (Quantity(low=40, high=280, unit="km"), "40-280 km"),
            (Quantity(2.5), "2.5"),
        ],
    )
    def test_demand(self, quantity: Quantity, shown: str) -> None:
        """The figure as a person writes it, with its bound and unit."""
        demand = Demand("Russia", "troops", quantity, target="Ukraine")
        assert (
            repr(demand) == f"<Demand Russia troops {shown} (target Ukraine): demand>"
        )

    @given(st.one_of(articles(), positions(), demands()))
    def test_any_is_one_short_line(self, value: Article | Position | Demand) -> None:
        """Whatever the data: one line, no control character, a bounded length."""
        text = repr(value)
        assert text.startswith(f"<{type(value).__name__} ")
        assert text.endswith(">")
        assert "\n" not in text
        assert "\r" not in text
        controls = {"Cc", "Zl", "Zp"}  # what breaks a line or a terminal
        assert not any(unicodedata.category(char) in controls for char in text)
        assert len(text) <= 400

    def test_equality_and_hash_are_kept(self) -> None:
        """A custom repr leaves attrs' eq and hash as they were."""
        a = Position("Russia", "neutrality", "supports")
        b = Position("Russia", "neutrality", "supports")
        assert a == b
        assert hash(a) == hash(b)
        assert len({a, b}) == 1
        c = Demand("Russia", "tanks", 342)
        assert c == Demand("Russia", "tanks", 342)
        assert c != Demand("Russia", "tanks", 1)
        assert hash(c) == hash(Demand("Russia", "tanks", 342))
