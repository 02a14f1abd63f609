"""The data model: articles, and the positions and demands found in them.

Every class here is an immutable `attrs` class.  Vocabularies that
depend on the conflict (actor names, issue ids, metric ids, units) are plain
strings checked against a `Lexicon`, never enums:
a user can bring another conflict's vocabulary without touching this module.
The few closed sets that describe *how* something was said (stance, act,
modality, bound, date precision) are string enums.

>>> from peacetalks import Article, Demand, Quantity, Bound
>>> article = Article(title="Talks", text="Russia wants a cap of 85,000 troops.")
>>> evidence = article.evidence(article.text.index("85,000"), len(article.text) - 1)
>>> evidence.quote
'85,000 troops'
>>> demand = Demand(
...     actor="Russia", target="Ukraine", metric="troops",
...     quantity=Quantity(85_000, unit="personnel", bound=Bound.MAX),
...     evidence=evidence,
... )
>>> demand.quantity
Quantity(value=85000.0, low=None, high=None, unit='personnel', bound=<Bound.MAX: 'max'>)
"""

from __future__ import annotations

import calendar
import datetime
import enum
import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Self, TypeVar, cast

import attrs

from peacetalks import _figures, seams
from peacetalks._terminal import escape_controls
from peacetalks.errors import FieldValueError, ValidationError

if TYPE_CHECKING:
    from peacetalks.extract.protocol import ExtractorSource
    from peacetalks.findings import Findings
    from peacetalks.lexicon import Lexicon

__all__ = [
    "Act",
    "Article",
    "Bound",
    "Demand",
    "Evidence",
    "Modality",
    "Position",
    "Precision",
    "Producer",
    "Published",
    "Quantity",
    "QuantityKind",
    "Stance",
    "content_id",
]


class Precision(enum.StrEnum):
    """How much of a date is known.

    >>> from peacetalks import Precision, parse_date
    >>> parse_date("March 2022").precision
    <Precision.MONTH: 'month'>
    >>> [precision.value for precision in Precision]
    ['day', 'month', 'year', 'unknown']
    """

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class Stance(enum.StrEnum):
    """An actor's stance on an issue's proposition.

    >>> from peacetalks import Stance
    >>> Stance("opposes") is Stance.OPPOSES
    True
    >>> [stance.value for stance in Stance]
    ['supports', 'opposes']
    """

    SUPPORTS = "supports"
    OPPOSES = "opposes"


class Act(enum.StrEnum):
    """What the actor does with a position or a number.

    >>> from peacetalks import Act
    >>> [act.value for act in Act]
    ['demand', 'offer', 'accept', 'reject', 'statement']
    >>> Act.OFFER == "offer"
    True
    """

    DEMAND = "demand"
    OFFER = "offer"
    ACCEPT = "accept"
    REJECT = "reject"
    STATEMENT = "statement"


class Modality(enum.StrEnum):
    """How the text frames the statement.

    ``REPORTED_PAST`` is a position the text reports as held before ("which
    Moscow has previously viewed as unacceptable").

    >>> from peacetalks import Modality
    >>> [modality.value for modality in Modality]
    ['asserted', 'negated', 'hypothetical', 'reported-past']
    """

    ASSERTED = "asserted"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    REPORTED_PAST = "reported-past"


class Bound(enum.StrEnum):
    """How a number constrains: a cap, a floor, an exact figure or an estimate.

    >>> from peacetalks import Bound, Quantity
    >>> Quantity(40, unit="km", bound="max").bound
    <Bound.MAX: 'max'>
    >>> [bound.value for bound in Bound]
    ['max', 'min', 'exact', 'approx']
    """

    MAX = "max"
    MIN = "min"
    EXACT = "exact"
    APPROX = "approx"


class QuantityKind(enum.StrEnum):
    """What a number found in a text is: an amount, or a calendar year.

    `peacetalks.quantities.find_quantities` gives years (and decades, as a
    range) only when asked to, with ``years=True``.

    >>> from peacetalks.quantities import find_quantities
    >>> [(f.text, f.kind.value) for f in find_quantities("in 2022, 40 km", years=True)]
    [('2022', 'year'), ('40 km', 'amount')]
    """

    AMOUNT = "amount"
    YEAR = "year"


_E = TypeVar("_E", bound=enum.StrEnum)


# -- field helpers ----------------------------------------------------------
#
# A field's converter turns what has one obvious meaning into the field's
# type (a number into a float, a date string into a `Published`) and lets
# anything else through; the field's check then refuses it with a
# TypeError that names the field.  So a wrong value fails at construction,
# where it was given, not later where it is used.


# The field checks below are plain functions, not objects: a finding is made
# many times over, and each check costs a call per field.


def _wrong_type(
    attribute: attrs.Attribute[Any], value: object, expected: str
) -> TypeError:
    got = f"{type(value).__name__}: {value!r}"
    if len(got) > 80:
        got = got[:77] + "..."
    return TypeError(f"'{attribute.name}' must be {expected} (got {got})")


def _is_number(value: object) -> bool:
    # bool is an int subclass; a True troop count is always a mistake.
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_day(value: object) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _wrong_type(attribute, value, "a string")


def _optional_text_check(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None and not isinstance(value, str):
        raise _wrong_type(attribute, value, "a string or None")


def _strings(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not (isinstance(value, tuple) and all(isinstance(v, str) for v in value)):
        raise _wrong_type(attribute, value, "a sequence of strings")


def _end(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _wrong_type(attribute, value, "an integer")


def _optional_day(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None and not _is_day(value):
        raise _wrong_type(attribute, value, "a datetime.date or None")


def _quantity(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, Quantity):
        raise _wrong_type(attribute, value, "a Quantity or a number")


def _optional_evidence(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None and not isinstance(value, Evidence):
        raise _wrong_type(attribute, value, "an Evidence or None")


def _optional_producer(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None and not isinstance(value, Producer):
        raise _wrong_type(attribute, value, "a Producer or None")


#: The enum of each field that holds one (the fields share these names).
_ENUM_FIELDS: Final[Mapping[str, type[enum.StrEnum]]] = {
    "stance": Stance,
    "act": Act,
    "modality": Modality,
    "bound": Bound,
    "precision": Precision,
}


def _member(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    kind = _ENUM_FIELDS[attribute.name]
    if isinstance(value, kind):
        return
    if isinstance(value, str):
        values = " or ".join(repr(member.value) for member in kind)
        msg = f"'{attribute.name}' must be {values} (got {value!r})"
        raise FieldValueError(attribute.name, msg)
    raise _wrong_type(attribute, value, f"a {kind.__name__} or one of its values")


def _optional_text(value: str | None) -> str | None:
    """Canonicalise optional text: the empty string means "not known"."""
    return None if value == "" else value


def _to_float(value: float | None) -> float | None:
    if value.__class__ is float or not _is_number(value):
        return value  # anything but a number is for the field's check
    return float(cast("float", value))


def _to_quantity(value: Quantity | float) -> Quantity:
    """A bare number is an exact figure without a unit."""
    if value.__class__ is Quantity or not _is_number(value):
        return cast("Quantity", value)  # anything but a number is for the check
    return Quantity(cast("float", value))


def _to_member(kind: type[_E], value: _E | str) -> _E:
    if value.__class__ is not kind and isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass  # the field's check says what is wrong
    return cast("_E", value)


def _to_stance(value: Stance | str) -> Stance:
    return value if value.__class__ is Stance else _to_member(Stance, value)


def _to_act(value: Act | str) -> Act:
    return value if value.__class__ is Act else _to_member(Act, value)


def _to_modality(value: Modality | str) -> Modality:
    return value if value.__class__ is Modality else _to_member(Modality, value)


def _to_bound(value: Bound | str) -> Bound:
    return value if value.__class__ is Bound else _to_member(Bound, value)


def _to_precision(value: Precision | str) -> Precision:
    return value if value.__class__ is Precision else _to_member(Precision, value)


def _to_strings(values: Iterable[str]) -> tuple[str, ...]:
    # A bare string is refused by the field's check, not split into letters.
    if isinstance(values, str) or not isinstance(values, Iterable):
        return cast("tuple[str, ...]", values)
    return tuple(values)


def _to_json_object(value: Mapping[str, Any]) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else cast("dict[str, Any]", value)


def _to_published(value: Published | datetime.date | str | None) -> Published:
    """A date in any form a person gives one: a `Published`, a date, a string."""
    if value.__class__ is Published or value is None:
        return value or Published()
    if _is_day(value):
        return Published(None, cast("datetime.date", value), Precision.DAY)
    if isinstance(value, str):
        # parse_date (peacetalks.io.dates) builds on the model: reach it
        # through its seam.
        try:
            return seams.PARSE_DATE.implementation(value)
        except ValidationError:
            pass  # _published says why, naming the field
    return cast("Published", value)


def _published(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if isinstance(value, Published):
        return
    if isinstance(value, str):
        try:
            seams.PARSE_DATE.implementation(value, field=attribute.name)
        except ValidationError as exc:
            reason = exc.errors[0].partition(": ")[2]
            msg = f"'{attribute.name}': {reason}"
            raise FieldValueError(attribute.name, msg) from None
    expected = "a Published, a datetime.date or a date string such as '2022-03-29'"
    raise _wrong_type(attribute, value, expected)


#: The checks that only say a field's type is wrong (`schema` has the types).
_TYPE_CHECKS: Final = frozenset(
    {
        _text,
        _optional_text_check,
        _strings,
        _end,
        _optional_day,
        _quantity,
        _optional_evidence,
        _optional_producer,
        _member,
        _published,
    }
)


def _invalid(attribute: attrs.Attribute[Any], requirement: str) -> FieldValueError:
    return FieldValueError(attribute.name, f"'{attribute.name}' {requirement}")


# The checks of values below check their type first: one call per field.


def _non_empty(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value.__class__ is not str and not isinstance(value, str):
        raise _wrong_type(attribute, value, "a string")
    if not value.strip():
        raise _invalid(attribute, f"must not be empty (got {value!r})")


def _non_negative(
    _instance: object, attribute: attrs.Attribute[int], value: int
) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _wrong_type(attribute, value, "an integer")
    if value < 0:
        raise _invalid(attribute, f"must not be negative (got {value!r})")


def _finite(
    _instance: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is None:
        return
    if value.__class__ is not float and not _is_number(value):
        raise _wrong_type(attribute, value, "a number or None")
    if not math.isfinite(value):
        raise _invalid(attribute, f"must be a finite number (got {value!r})")


def _json_value(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that ``extra`` holds only what JSON can carry losslessly."""
    if not isinstance(value, dict):
        raise _wrong_type(attribute, value, "a mapping of JSON data")
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise _invalid(attribute, f"must hold JSON data only ({exc})") from None
    if json.loads(text) != value:
        # Tuples become lists and non-str keys become str: not lossless.
        raise _invalid(attribute, f"must hold JSON data only (got {value!r})")


def _in_unit_interval(
    _instance: object, attribute: attrs.Attribute[float], value: float
) -> None:
    if value.__class__ is not float and not _is_number(value):
        raise _wrong_type(attribute, value, "a number")
    if not 0.0 <= value <= 1.0:
        raise _invalid(attribute, f"must be between 0 and 1 (got {value!r})")


# -- short reprs ------------------------------------------------------------
#
# A notebook or a traceback shows an article or a finding by its repr: one
# line a person recognises it by, never the whole text (attrs would print
# every field, thousands of characters for an article).

#: How many characters of a title or a quote a repr shows.
REPR_TEXT: Final = 40

_REPR_SIGNS: Final = {"max": "≤", "min": "≥", "approx": "≈", "exact": ""}


def _short(text: str, limit: int = REPR_TEXT) -> str:
    """``text`` on one line, cut at ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat[: limit - 1]
        space = cut.rfind(" ")
        # At a word's end when one is near: "…guaranteeing armies…", not "arm…".
        flat = (cut[:space] if space > limit // 2 else cut).rstrip() + "…"
    return escape_controls(flat)


def _amount(quantity: Quantity) -> str:
    """A quantity as a person writes it: ``≤85,000 personnel``, ``40-280 km``."""
    unit = f" {_short(quantity.unit)}" if quantity.unit else ""
    return f"{_REPR_SIGNS[quantity.bound.value]}{_figures.span(quantity)}{unit}"


def _finding_repr(kind: str, head: str, finding: Position | Demand) -> str:
    """``<Kind head: act[, modality][, date][ 'quote…']>`` on one line."""
    notes = [finding.act.value]
    if finding.modality is not Modality.ASSERTED:
        notes.append(finding.modality.value)
    if finding.date.date is not None:
        notes.append(finding.date.label)
    text = f"<{kind} {head}: {', '.join(notes)}"
    if finding.evidence is not None:
        text += f" {_short(finding.evidence.quote)!r}"
    return text + ">"


# -- small value types ------------------------------------------------------


@attrs.frozen
class Published:
    """A date as a source gives it: the raw text, the resolved date, its precision.

    A date known to the month is stored as the first of that month, and one
    known to the year as the first of January, with ``precision`` saying so.
    Missing parts are never filled in from today's date.

    Args:
        raw: The text the date was read from, exactly as found, if any.
        date: The resolved date, or ``None`` when it is unknown.
        precision: `Precision.UNKNOWN` exactly when ``date`` is ``None``.

    >>> Published("March 2022", datetime.date(2022, 3, 1), Precision.MONTH).label
    '2022-03'
    >>> Published().label
    'unknown'
    """

    raw: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_text_check
    )
    date: datetime.date | None = attrs.field(default=None, validator=_optional_day)
    precision: Precision = attrs.field(
        default=Precision.UNKNOWN, converter=_to_precision, validator=_member
    )

    def __attrs_post_init__(self) -> None:
        if type(self.date) is datetime.datetime:
            msg = "'date' must be a datetime.date, not a datetime"
            raise TypeError(msg)
        if (self.date is None) != (self.precision is Precision.UNKNOWN):
            msg = (
                "'precision' must be 'unknown' exactly when 'date' is None "
                f"(got date={self.date!r}, precision={self.precision.value!r})"
            )
            raise ValueError(msg)
        if self.date is not None and (
            (self.precision is not Precision.DAY and self.date.day != 1)
            or (self.precision is Precision.YEAR and self.date.month != 1)
        ):
            msg = (
                f"a date of precision {self.precision.value!r} must be the first "
                f"day of its period (got {self.date.isoformat()})"
            )
            raise ValueError(msg)

    def __str__(self) -> str:
        """The date as a person reads it: its `label`, as ``str(datetime.date)``.

        >>> from peacetalks import parse_date
        >>> str(parse_date("29 March 2022")), str(parse_date("March 2022"))
        ('2022-03-29', '2022-03')
        >>> print(Published())
        unknown
        """
        return self.label

    @property
    def label(self) -> str:
        """The date at its honest precision: ``2022-03-29``, ``2022-03``, ``2022``.

        >>> from peacetalks import parse_date
        >>> parse_date("29 March 2022").label, parse_date("March 2022").label
        ('2022-03-29', '2022-03')
        >>> Published().label
        'unknown'
        """
        if self.date is None:
            return "unknown"
        iso = self.date.isoformat()
        return {Precision.DAY: iso, Precision.MONTH: iso[:7]}.get(
            self.precision, iso[:4]
        )

    @property
    def range(self) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day the date may stand for, or ``None`` if unknown.

        >>> Published("2022", datetime.date(2022, 1, 1), Precision.YEAR).range
        (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
        """
        if self.date is None:
            return None
        start = self.date
        if self.precision is Precision.DAY:
            return start, start
        if self.precision is Precision.YEAR:
            return start, datetime.date(start.year, 12, 31)
        last_day = calendar.monthrange(start.year, start.month)[1]
        return start, start.replace(day=last_day)


@attrs.frozen
class Producer:
    """What produced a position or demand: an extractor, an annotator, a dataset.

    >>> Producer("peacetalks.extract", "0.1.0")
    Producer(name='peacetalks.extract', version='0.1.0')
    """

    name: str = attrs.field(validator=_non_empty)
    version: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_text_check
    )


@attrs.frozen
class Evidence:
    """The exact text a finding rests on, and where it is in its article.

    Build it with `Article.evidence`, which guarantees that
    ``article.text[start:end] == quote``; this class checks what it can on
    its own (the span has the quote's length).

    Args:
        article_id: The `Article.id` of the article quoted.
        quote: The quoted text.
        start: Offset of the quote's first character in ``Article.text``.
        end: Offset just past its last character.

    >>> article = Article(text="Russia wants a cap of 85,000 troops.")
    >>> evidence = article.evidence(22, 35)
    >>> evidence.quote, evidence.start, evidence.end
    ('85,000 troops', 22, 35)
    >>> Evidence(article.id, "85,000", 22, 30)
    Traceback (most recent call last):
        ...
    ValueError: span 22:30 has length 8 but the quote has length 6
    """

    article_id: str = attrs.field(validator=_non_empty)
    quote: str = attrs.field(validator=_text)
    start: int = attrs.field(validator=_non_negative)
    end: int = attrs.field(validator=_end)

    def __attrs_post_init__(self) -> None:
        if self.end - self.start != len(self.quote):
            msg = (
                f"span {self.start}:{self.end} has length {self.end - self.start} "
                f"but the quote has length {len(self.quote)}"
            )
            raise ValueError(msg)

    def matches(self, article: Article) -> bool:
        """Tell whether this evidence quotes ``article`` exactly where it says.

        >>> article = Article(text="Russia wants a cap of 85,000 troops.")
        >>> article.evidence(22, 28).matches(article)
        True
        >>> Evidence(article.id, "85,000", 0, 6).matches(article)
        False
        """
        return (
            article.id == self.article_id
            and article.text[self.start : self.end] == self.quote
        )


@attrs.frozen
class Quantity:
    """A number with a unit: a point value, or a range from ``low`` to ``high``.

    Args:
        value: The figure, when the text gives one number.
        low: The lower end of a range ("200,000-250,000"), if any.
        high: The upper end of a range, if any.
        unit: The canonical unit (``"personnel"``, ``"km"``, ``"percent"``...).
        bound: Whether the number is a cap, a floor, exact or approximate.

    At least one of ``value``, ``low`` and ``high`` is given, and
    ``low <= value <= high`` wherever they are.

    >>> Quantity(low=200_000, high=250_000, unit="personnel").midpoint
    225000.0
    """

    value: float | None = attrs.field(
        default=None, converter=_to_float, validator=_finite
    )
    low: float | None = attrs.field(
        default=None,
        converter=_to_float,
        validator=_finite,
        kw_only=True,
    )
    high: float | None = attrs.field(
        default=None,
        converter=_to_float,
        validator=_finite,
        kw_only=True,
    )
    unit: str | None = attrs.field(
        default=None,
        converter=_optional_text,
        validator=_optional_text_check,
        kw_only=True,
    )
    bound: Bound = attrs.field(
        default=Bound.EXACT, converter=_to_bound, validator=_member, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        known = [v for v in (self.low, self.value, self.high) if v is not None]
        if not known:
            msg = "a Quantity needs a value or a low-high range"
            raise ValueError(msg)
        if known != sorted(known):
            msg = (
                "a Quantity must satisfy low <= value <= high "
                f"(got low={self.low}, value={self.value}, high={self.high})"
            )
            raise ValueError(msg)

    @property
    def midpoint(self) -> float:
        """The value, or the middle of the range when there is no single value.

        >>> Quantity(85_000).midpoint
        85000.0
        >>> Quantity(low=40, high=280, unit="km").midpoint
        160.0
        """
        if self.value is not None:
            return self.value
        low = self.low if self.low is not None else self.high
        high = self.high if self.high is not None else self.low
        assert low is not None and high is not None  # noqa: PT018 - checked in __attrs_post_init__
        if low == high:
            return low
        return low / 2 + high / 2  # never overflows, unlike (low + high) / 2


# -- articles ---------------------------------------------------------------


_ID_PIECE: Final = 1 << 16  # characters of a text `content_id` encodes at a time


def content_id(title: str, text: str) -> str:
    """Derive a stable article id from its title and text.

    The id is the first 16 hex digits of a SHA-256 over the NFC-normalised
    title and text, so the same article gets the same id on every machine.

    >>> content_id("Talks resume", "Delegations met in Istanbul.")
    'f4bc2de5f4e863c2'
    """
    digest = hashlib.sha256()
    for part in (title, "\x1f", text):
        normal = unicodedata.normalize("NFC", part)
        # Encoded a piece at a time: a huge text is not copied whole as UTF-8.
        for start in range(0, len(normal), _ID_PIECE):
            piece = normal[start : start + _ID_PIECE]
            digest.update(piece.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _default_id(article: Article) -> str:
    title: object = article.title
    text: object = article.text
    if not isinstance(title, str) or not isinstance(text, str):
        return "-"  # never kept: the title's or the text's check refuses them
    return content_id(title, text)


@attrs.frozen(unsafe_hash=False, repr=False)
class Article:
    """One news article: its text and what is known about it.

    Args:
        title: The headline ("" when there is none).
        text: The body, exactly as kept; every `Evidence` span points
            into it.
        id: A stable id; by default derived from ``title`` and ``text`` with
            `content_id`, so it is the same on every machine.
        url: Where it was published, if known.
        outlet: The news organisation ("Fox News", "CNN"), if known.
        authors: Bylines, in order.
        published: The publication date with its precision.
        language: An IETF language tag such as ``"en"``, if known.
        path: The file it was loaded from, if any (POSIX form).
        extra: Any other metadata, as JSON-compatible data.

    >>> a = Article(title="Talks resume", text="Delegations met in Istanbul.")
    >>> a.id
    'f4bc2de5f4e863c2'
    >>> a
    <Article f4bc2de5 'Talks resume', 4 words>
    >>> a.evidence(19, 27).quote
    'Istanbul'
    """

    title: str = attrs.field(default="", validator=_text)
    text: str = attrs.field(default="", validator=_text)
    id: str = attrs.field(
        default=attrs.Factory(_default_id, takes_self=True),
        validator=_non_empty,
        kw_only=True,
    )
    url: str | None = attrs.field(
        default=None,
        converter=_optional_text,
        validator=_optional_text_check,
        kw_only=True,
    )
    outlet: str | None = attrs.field(
        default=None,
        converter=_optional_text,
        validator=_optional_text_check,
        kw_only=True,
    )
    authors: tuple[str, ...] = attrs.field(
        default=(), converter=_to_strings, validator=_strings, kw_only=True
    )
    published: Published = attrs.field(
        factory=Published,
        converter=_to_published,
        validator=_published,
        kw_only=True,
    )
    language: str | None = attrs.field(
        default=None,
        converter=_optional_text,
        validator=_optional_text_check,
        kw_only=True,
    )
    path: str | None = attrs.field(
        default=None,
        converter=_optional_text,
        validator=_optional_text_check,
        kw_only=True,
    )
    extra: Mapping[str, Any] = attrs.field(
        factory=dict,
        converter=_to_json_object,
        validator=_json_value,
        kw_only=True,
    )

    # ``extra`` is a dict, so the generated hash would fail; the id stands
    # for the article (equal articles have equal ids).
    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        """One line: the id's start, the title, outlet, date and length.

        >>> import peacetalks as pt
        >>> pt.datasets.sample()[0]
        <Article 32d892fe 'Ukraine seeks deal guaranteeing armies…' Fox News
        2022-03-29, 448 words>
        """
        parts = [f"<Article {escape_controls(self.id[:8])}"]
        parts.append(repr(_short(self.title)) if self.title else "(untitled)")
        if self.outlet:
            parts.append(_short(self.outlet))
        if self.published.date is not None:
            parts.append(self.published.label)
        words = len(self.text.split())
        return f"{' '.join(parts)}, {words:,} word{'s' * (words != 1)}>"

    def evidence(self, start: int, end: int) -> Evidence:
        """Quote ``text[start:end]`` as `Evidence` for this article.

        Raises:
            ValueError: If the span does not lie within the text.

        >>> article = Article(text="Russia wants a cap of 85,000 troops.")
        >>> article.evidence(0, 6)
        Evidence(article_id='4383397c1a1c3645', quote='Russia', start=0, end=6)
        >>> article.evidence(30, 99)
        Traceback (most recent call last):
            ...
        ValueError: span 30:99 is outside the text (length 36)
        """
        if not 0 <= start <= end <= len(self.text):
            msg = f"span {start}:{end} is outside the text (length {len(self.text)})"
            raise ValueError(msg)
        return Evidence(self.id, self.text[start:end], start, end)

    def _repr_html_(self) -> str:
        """The article's metadata and the start of its text, for notebooks."""
        from peacetalks import _html

        excerpt = self.text if len(self.text) <= 600 else self.text[:600] + "…"
        rows = [
            ("title", self.title),
            ("outlet", self.outlet),
            ("published", self.published.label if self.published.date else None),
            ("authors", "; ".join(self.authors) or None),
            ("url", self.url),
            ("path", self.path),
            ("id", self.id),
            ("text", excerpt),
        ]
        return _html.table(["field", "value"], [r for r in rows if r[1]])

    def replace(self, **changes: Any) -> Self:
        """Return a copy with ``changes`` applied (``attrs.evolve``).

        The id is kept unless ``changes`` gives one: metadata and even text
        fixes do not change an article's identity once it has an id.

        >>> article = Article(title="Talks", text="Russia wants 85,000 troops.")
        >>> fixed = article.replace(title="Talks in Istanbul")
        >>> fixed.title, fixed.id == article.id
        ('Talks in Istanbul', True)
        """
        return attrs.evolve(self, **changes)

    def extract(
        self,
        lexicon: Lexicon | None = None,
        *,
        extractor: ExtractorSource | None = None,
    ) -> Findings:
        """Find the positions and demands this article states.

        This convenience reaches the extraction layer through the
        `peacetalks.seams.EXTRACT` seam (`peacetalks.parallel.extract_findings`).

        Args:
            lexicon: The vocabulary to read with; the default lexicon if None.
            extractor: A `peacetalks.Extractor` (or a factory of one) to use
                instead (give one or the other); the default lexicon's rule
                engine is built once and shared.

        Returns:
            The findings in text order.

        >>> article = Article(text="Russia wants to cap Ukraine's army at 85,000.")
        >>> found = article.extract()
        >>> found
        <Findings: ...1 demand from 1 article>
        >>> found.demands[0].quantity.value, found.demands[0].evidence.quote
        (85000.0, "Russia wants to cap Ukraine's army at 85,000.")
        """
        extract = seams.EXTRACT.implementation
        return extract([self], lexicon=lexicon, extractor=extractor, workers=1)


# -- findings ---------------------------------------------------------------


@attrs.frozen(repr=False)
class Position:
    """An actor's stance on an issue, as a text states it.

    "Ukraine offered to never join NATO" is
    ``Position("Ukraine", "nato_membership", Stance.OPPOSES, act=Act.OFFER)``.

    Args:
        actor: The canonical name of the party whose position it is.
        issue: The issue id from the lexicon.
        stance: Whether the actor supports or opposes the issue's proposition.
        act: What the actor does: demand, offer, accept, reject or a statement.
        modality: Asserted, negated, hypothetical, or reported as held before.
        date: When the position was stated, as far as known.
        speaker: Who said it, when someone speaks for the actor.
        evidence: The text it rests on.
        confidence: How sure the producer is, between 0 and 1.
        producer: What produced it.

    >>> from peacetalks import Act, Position, Stance
    >>> position = Position("Ukraine", "nato_membership", Stance.OPPOSES, act=Act.OFFER)
    >>> position.stance, position.act, position.modality
    (<Stance.OPPOSES: 'opposes'>, <Act.OFFER: 'offer'>, <Modality.ASSERTED: 'asserted'>)
    >>> position
    <Position Ukraine opposes nato_membership: offer>
    >>> Position("Ukraine", "nato_membership", "maybe")
    Traceback (most recent call last):
        ...
    peacetalks.errors.FieldValueError: 'stance' must be 'supports' or 'opposes' (got
    'maybe')
    >>> Position("Ukraine", "nato_membership", 1)
    Traceback (most recent call last):
        ...
    TypeError: 'stance' must be a Stance or one of its values (got int: 1)
    """

    actor: str = attrs.field(validator=_non_empty)
    issue: str = attrs.field(validator=_non_empty)
    stance: Stance = attrs.field(converter=_to_stance, validator=_member)
    act: Act = attrs.field(
        default=Act.STATEMENT, converter=_to_act, validator=_member, kw_only=True
    )
    modality: Modality = attrs.field(
        default=Modality.ASSERTED,
        converter=_to_modality,
        validator=_member,
        kw_only=True,
    )
    date: Published = attrs.field(
        factory=Published,
        converter=_to_published,
        validator=_published,
        kw_only=True,
    )
    speaker: str | None = attrs.field(
        default=None,
        converter=_optional_text,
        validator=_optional_text_check,
        kw_only=True,
    )
    evidence: Evidence | None = attrs.field(
        default=None, validator=_optional_evidence, kw_only=True
    )
    confidence: float = attrs.field(
        default=1.0,
        converter=_to_float,
        validator=_in_unit_interval,
        kw_only=True,
    )
    producer: Producer | None = attrs.field(
        default=None, validator=_optional_producer, kw_only=True
    )

    def __repr__(self) -> str:
        """One line: who takes which stance on what, how, when, and the quote.

        >>> article = Article(text="Kyiv said it would stay out of NATO for good.")
        >>> Position("Ukraine", "nato_membership", "opposes", act="offer",
        ...          date="2022-03-29", evidence=article.evidence(0, 45))
        <Position Ukraine opposes nato_membership: offer, 2022-03-29 'Kyiv said it
        would stay out of NATO…'>
        """
        head = f"{_short(self.actor)} {self.stance.value} {_short(self.issue)}"
        return _finding_repr("Position", head, self)


@attrs.frozen(repr=False)
class Demand:
    """One measurable term an actor puts on the table, usually a cap.

    "Russia wants to limit Ukraine's army to 85,000 soldiers" is
    ``Demand("Russia", "troops", Quantity(85000, unit="personnel",
    bound=Bound.MAX), target="Ukraine")``.

    Args:
        actor: Who proposes the figure.
        metric: The metric id from the lexicon (``"troops"``, ``"missile_range"``).
        quantity: The figure, in the metric's unit.
        target: Whose forces or obligations the figure concerns, if known.
        act: Demand (the default), offer, accept, reject or statement.
        modality: Asserted, negated, hypothetical, or reported as held before.
        date: When the figure was put forward, as far as known.
        speaker: Who said it, when someone speaks for the actor.
        evidence: The text it rests on.
        confidence: How sure the producer is, between 0 and 1.
        producer: What produced it.

    >>> from peacetalks import Bound, Demand, Quantity
    >>> demand = Demand(
    ...     "Russia", "troops", Quantity(85_000, unit="personnel", bound=Bound.MAX),
    ...     target="Ukraine",
    ... )
    >>> demand.act, demand.quantity.midpoint, demand.date.label
    (<Act.DEMAND: 'demand'>, 85000.0, 'unknown')
    >>> demand
    <Demand Russia troops ≤85,000 personnel (target Ukraine): demand>
    """

    actor: str = attrs.field(validator=_non_empty)
    metric: str = attrs.field(validator=_non_empty)
    quantity: Quantity = attrs.field(converter=_to_quantity, validator=_quantity)
    target: str | None = attrs.field(
        default=None,
        converter=_optional_text,
        validator=_optional_text_check,
        kw_only=True,
    )
    act: Act = attrs.field(
        default=Act.DEMAND, converter=_to_act, validator=_member, kw_only=True
    )
    modality: Modality = attrs.field(
        default=Modality.ASSERTED,
        converter=_to_modality,
        validator=_member,
        kw_only=True,
    )
    date: Published = attrs.field(
        factory=Published,
        converter=_to_published,
        validator=_published,
        kw_only=True,
    )
    speaker: str | None = attrs.field(
        default=None,
        converter=_optional_text,
        validator=_optional_text_check,
        kw_only=True,
    )
    evidence: Evidence | None = attrs.field(
        default=None, validator=_optional_evidence, kw_only=True
    )
    confidence: float = attrs.field(
        default=1.0,
        converter=_to_float,
        validator=_in_unit_interval,
        kw_only=True,
    )
    producer: Producer | None = attrs.field(
        default=None, validator=_optional_producer, kw_only=True
    )

    def __repr__(self) -> str:
        """One line: who puts which figure on the table, how, when, and the quote.

        >>> Demand("Ukraine", "troops",
        ...        Quantity(low=200_000, high=250_000, unit="personnel"),
        ...        act="offer", modality="hypothetical", date="March 2022")
        <Demand Ukraine troops 200,000-250,000 personnel: offer, hypothetical,
        2022-03>
        """
        head = f"{_short(self.actor)} {_short(self.metric)} {_amount(self.quantity)}"
        if self.target:
            head += f" (target {_short(self.target)})"
        return _finding_repr("Demand", head, self)
