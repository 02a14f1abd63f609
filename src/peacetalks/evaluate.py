"""Score extraction against gold annotations.

Gold annotations are JSON Lines, one fact a line, as in the bundled
``gold/seeds.jsonl``::

    {"file": "000_x.txt", "type": "position", "actor": "Ukraine",
     "issue": "neutrality", "stance": "supports", "act": "offer", "quote": "..."}
    {"file": "002_y.txt", "type": "demand", "actor": "Russia",
     "metric": "troops", "value": 85000, "unit": "personnel", "quote": "..."}

`read_gold` reads them into `GoldItem` objects; `evaluate` compares what
extraction found in each article with them and returns an `Evaluation`;
`evaluate_corpus` runs extraction over a corpus (in one process, or in
``workers`` processes) and evaluates it in one step.

The conventions, so that a score means the same thing on every corpus:

- **Keys.** A position is judged on ``(actor, issue, stance)``; its act,
  modality, speaker and evidence are not part of the key.  A demand is
  judged on ``(actor, metric, value)``: values are in the metric's unit,
  so the unit is not part of the key, and two values match when they are
  equal within a relative tolerance of ``1e-9`` (`VALUE_TOLERANCE`).  A
  found demand whose quantity is a range is judged on its midpoint.
  Names are compared exactly (case and spelling included).
- **Sets.** Each article is compared as two sets of keys, positions and
  demands: an item found (or annotated) twice counts once.
- **Articles.** Articles are matched by file *base name*, so
  ``"sample/000_x.txt"`` in ``found`` is the gold's ``"000_x.txt"``.  An
  article with gold annotations but absent from ``found`` has all its
  gold items missed.  An article in ``found`` that has no gold annotation
  is not judged at all (the gold does not say what it contains); its
  name is listed in `Evaluation.unannotated`.  An article that the
  annotators read and found nothing in cannot be written in the gold
  format, so it too is not judged.
- **Vocabulary.** Extraction can only find the issues and metrics its
  lexicon names.  Given a vocabulary (``issues=``, ``metrics=``;
  `evaluate_corpus` takes it from the lexicon it extracts with), gold items
  outside it (the dev set's ``other:*`` rows, say) are not scored: they
  are listed in `Evaluation.unscored`, and the summary says how many.
  Without one, every gold item is scored.
- **Scores.** Precision is ``tp / (tp + fp)``, or 1.0 when nothing was
  found; recall is ``tp / (tp + fn)``, or 1.0 when there was nothing to
  find; F1 is their harmonic mean, or 0.0 when both are 0.  Totals are
  micro-averaged: counts are added up (`Score.__add__`), then divided.

>>> from peacetalks import Position, Demand, Quantity
>>> gold = [
...     GoldItem("000_x.txt", "position", "Ukraine", issue="neutrality",
...              stance="supports"),
...     GoldItem("000_x.txt", "demand", "Russia", metric="troops", value=85000),
... ]
>>> found = {"sample/000_x.txt": [
...     Position("Ukraine", "neutrality", "supports", act="offer"),
...     Position("Russia", "neutrality", "supports"),
...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
... ]}
>>> result = evaluate(found, gold)
>>> result.positions
Score(true_positives=1, false_positives=1, false_negatives=0)
>>> result.positions.precision, result.demands.f1
(0.5, 1.0)
>>> print(result.summary())
type           P      R     F1   TP   FP   FN
positions  0.500  1.000  0.667    1    1    0
demands    1.000  1.000  1.000    1    0    0
all        0.667  1.000  0.800    2    1    0
1 article judged
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, TypeVar

import attrs

from peacetalks.errors import FieldValueError, FormatError, ValidationError
from peacetalks.io.native import decode_utf8, parse_json
from peacetalks.model import Act, Article, Demand, Position, Quantity, Stance
from peacetalks.parallel import (
    WORKER_TIMEOUT,
    check_positive,
    check_timeout,
    choose_extractor,
    extract_stream,
)
from peacetalks.serialize import unstructure

if TYPE_CHECKING:
    from peacetalks.extract.protocol import ExtractorSource
    from peacetalks.lexicon import Lexicon

__all__ = [
    "GOLD_TYPES",
    "VALUE_TOLERANCE",
    "Evaluation",
    "GoldItem",
    "Score",
    "evaluate",
    "evaluate_corpus",
    "iter_gold",
    "read_gold",
]

#: The relative tolerance within which a found demand's value matches gold's.
VALUE_TOLERANCE: Final = 1e-9

#: The values of a gold item's ``type``.
GOLD_TYPES: Final = ("position", "demand")

_STANCES: Final = tuple(s.value for s in Stance)
_ACTS: Final = tuple(a.value for a in Act)


# -- gold items --------------------------------------------------------------------


@attrs.frozen
class GoldItem:
    """One annotated fact: a position or a demand that an article states.

    Args:
        file: The article's file name (compared by base name).
        type: ``"position"`` or ``"demand"``.
        actor: The canonical name of the party.
        issue: The issue id (positions).
        stance: ``"supports"`` or ``"opposes"`` (positions).
        act: ``"demand"``, ``"offer"``, ... if annotated (positions; not judged).
        metric: The metric id (demands).
        value: The figure, in the metric's unit (demands).
        unit: The unit, if annotated (demands; not judged).
        quote: The annotated passage, if any.
        line: The 1-based line of the gold file it was read from, or 0.

    A position needs ``issue`` and ``stance``, a demand ``metric`` and
    ``value``; otherwise `~peacetalks.errors.FieldValueError` is raised.

    >>> item = GoldItem("000_x.txt", "position", "Ukraine",
    ...                 issue="nato_membership", stance="opposes", act="offer")
    >>> position = item.to_finding()
    >>> position.issue, position.stance.value, position.act.value
    ('nato_membership', 'opposes', 'offer')
    """

    file: str
    type: str
    actor: str
    issue: str | None = attrs.field(default=None, kw_only=True)
    stance: str | None = attrs.field(default=None, kw_only=True)
    act: str | None = attrs.field(default=None, kw_only=True)
    metric: str | None = attrs.field(default=None, kw_only=True)
    value: float | None = attrs.field(default=None, kw_only=True)
    unit: str | None = attrs.field(default=None, kw_only=True)
    quote: str | None = attrs.field(default=None, kw_only=True)
    line: int = attrs.field(default=0, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for name in ("file", "actor"):
            if not getattr(self, name).strip():
                raise FieldValueError(name, f"'{name}' must not be empty")
        if self.type not in GOLD_TYPES:
            msg = f"'type' must be one of {list(GOLD_TYPES)} (got {self.type!r})"
            raise FieldValueError("type", msg)
        if self.type == "position":
            _require(self, ("issue", "stance"))
            if self.stance not in _STANCES:
                msg = f"'stance' must be one of {list(_STANCES)} (got {self.stance!r})"
                raise FieldValueError("stance", msg)
            if self.act is not None and self.act not in _ACTS:
                msg = f"'act' must be one of {list(_ACTS)} (got {self.act!r})"
                raise FieldValueError("act", msg)
        else:
            _require(self, ("metric", "value"))
            if not math.isfinite(self.value or 0.0):
                msg = f"'value' must be a finite number (got {self.value!r})"
                raise FieldValueError("value", msg)

    def to_finding(self) -> Position | Demand:
        """The `Position` or `Demand` that extraction should find for this item.

        A position without an annotated act gets the default act (statement).

        >>> item = GoldItem("a.txt", "demand", "Russia", metric="troops", value=85000,
        ...                 unit="personnel")
        >>> item.to_finding().quantity
        Quantity(value=85000.0, low=None, high=None, unit='personnel',
        bound=<Bound.EXACT: 'exact'>)
        """
        if self.type == "position":
            assert self.issue is not None
            assert self.stance is not None
            return Position(
                self.actor, self.issue, self.stance, act=self.act or Act.STATEMENT
            )
        assert self.metric is not None
        assert self.value is not None
        return Demand(self.actor, self.metric, Quantity(self.value, unit=self.unit))


def _require(item: GoldItem, names: tuple[str, ...]) -> None:
    for name in names:
        value = getattr(item, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            msg = f"'{name}' is required for a {item.type}"
            raise FieldValueError(name, msg)


# -- reading gold ------------------------------------------------------------------

_POSITION_KEYS: Final = {"issue": True, "stance": True, "act": False}
_DEMAND_KEYS: Final = {"metric": True, "value": True, "unit": False}


def _text_field(data: Mapping[str, Any], key: str, errors: list[str]) -> str | None:
    """Check that ``data[key]``, if present, is a string or null."""
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    errors.append(f"$.{key}: expected a string, got {type(value).__name__}")
    return None


def _number_field(data: Mapping[str, Any], key: str, errors: list[str]) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.append(f"$.{key}: expected a number, got {type(value).__name__}")
        return None
    try:
        return float(value)
    except OverflowError:
        errors.append(f"$.{key}: the number is too large ({value})")
        return None


def _gold_item(data: Any, *, path: str | None, line: int) -> GoldItem:
    """Build a `GoldItem` from one parsed line, or raise `ValidationError`."""
    if not isinstance(data, dict):
        got = type(data).__name__
        raise ValidationError(
            [f"$: expected a JSON object, got {got}"], path=path, line=line
        )
    errors: list[str] = []
    fields: dict[str, Any] = {}
    for key in ("file", "type", "actor"):
        if data.get(key) is None:
            errors.append(f"$.{key}: required")
        fields[key] = _text_field(data, key, errors)
    kind = fields["type"]
    if kind is not None and kind not in GOLD_TYPES:
        errors.append(f"$.type: must be one of {list(GOLD_TYPES)} (got {kind!r})")
    specific = _POSITION_KEYS if kind == "position" else _DEMAND_KEYS
    if kind in GOLD_TYPES:
        for key, required in specific.items():
            if key == "value":
                fields[key] = _number_field(data, key, errors)
            else:
                fields[key] = _text_field(data, key, errors)
            if required and data.get(key) is None:
                errors.append(f"$.{key}: required for a {kind}")
    fields["quote"] = _text_field(data, "quote", errors)
    if errors:
        raise ValidationError(errors, path=path, line=line)
    try:
        return GoldItem(**fields, line=line)
    except FieldValueError as exc:
        raise ValidationError([f"$.{exc.field}: {exc}"], path=path, line=line) from None


def _open(path: str | os.PathLike[str]) -> IO[bytes]:
    try:
        return Path(path).open("rb")
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        raise FormatError(reason, path=os.fspath(path)) from None


def iter_gold(path: str | os.PathLike[str]) -> Iterator[GoldItem]:
    r"""Yield the gold items of a JSON Lines file, one line at a time.

    Blank lines are skipped; keys other than those a `GoldItem` has (such
    as ``target`` and ``bound``) are ignored.  Memory stays flat however
    large the file is.

    Raises:
        FormatError: If the file cannot be read.
        DecodeError: For invalid UTF-8 or JSON, naming the path and line.
        ValidationError: For a line that is not a gold item (a missing key,
            an unknown type or stance, a value that is not a number),
            naming the path, the line and the key.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = path.write_text(
    ...     '{"file": "a.txt", "type": "demand", "actor": "Russia", '
    ...     '"metric": "troops", "value": 85000}\n'
    ...     '\n'
    ...     '{"file": "a.txt", "type": "position", "actor": "Ukraine", '
    ...     '"issue": "neutrality", "stance": "supports"}\n', encoding="utf-8")
    >>> [(item.type, item.actor, item.line) for item in iter_gold(path)]
    [('demand', 'Russia', 1), ('position', 'Ukraine', 3)]
    >>> _ = path.write_text('{"file": "a.txt", "type": "demand"}\n', encoding="utf-8")
    >>> list(iter_gold(path))
    Traceback (most recent call last):
        ...
    peacetalks.errors.ValidationError: .../gold.jsonl:1: $.actor: required; ...
    """
    where = os.fspath(path)
    with _open(path) as handle:
        for number, raw in enumerate(handle, start=1):
            text = decode_utf8(raw, path=where, line=number, strip_bom=number == 1)
            if not text.strip():
                continue
            data = parse_json(text, path=where, line=number)
            yield _gold_item(data, path=where, line=number)


def read_gold(path: str | os.PathLike[str]) -> list[GoldItem]:
    r"""Read every gold item of a JSON Lines file; see `iter_gold`.

    Raises:
        FormatError: If the file cannot be read.
        DecodeError: For invalid UTF-8 or JSON, naming the path and line.
        ValidationError: For a line that is not a gold item.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = path.write_text(
    ...     '{"file": "a.txt", "type": "demand", "actor": "Russia", '
    ...     '"metric": "troops", "value": 85000}\n'
    ...     '\n'
    ...     '{"file": "a.txt", "type": "position", "actor": "Ukraine", '
    ...     '"issue": "neutrality", "stance": "supports"}\n', encoding="utf-8")
    >>> gold = read_gold(path)
    >>> len(gold), gold[1].issue, gold[1].stance
    (2, 'neutrality', 'supports')
    """
    return list(iter_gold(path))


# -- scores ------------------------------------------------------------------------


def _count(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"'{attribute.name}' must be a count >= 0 (got {value!r})"
        raise FieldValueError(attribute.name, msg)


@attrs.frozen
class Score:
    """Counts of matches and mistakes, and the precision, recall and F1 they give.

    ``Score()`` is zero, so ``sum(scores, Score())`` micro-averages.

    >>> s = Score(true_positives=3, false_positives=1, false_negatives=2)
    >>> s.precision, s.recall, round(s.f1, 3)
    (0.75, 0.6, 0.667)
    >>> Score().precision, Score().recall, Score().f1
    (1.0, 1.0, 1.0)
    >>> s + Score(0, 0, 1)
    Score(true_positives=3, false_positives=1, false_negatives=3)
    """

    true_positives: int = attrs.field(default=0, validator=_count)
    false_positives: int = attrs.field(default=0, validator=_count)
    false_negatives: int = attrs.field(default=0, validator=_count)

    @property
    def precision(self) -> float:
        """``tp / (tp + fp)``, or 1.0 when nothing was found.

        >>> Score(true_positives=3, false_positives=1).precision
        0.75
        >>> Score(false_negatives=2).precision
        1.0
        """
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        """``tp / (tp + fn)``, or 1.0 when there was nothing to find.

        >>> Score(true_positives=3, false_negatives=1).recall
        0.75
        >>> Score(false_positives=2).recall
        1.0
        """
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall, or 0.0 when both are 0.

        >>> round(Score(true_positives=3, false_positives=1, false_negatives=2).f1, 3)
        0.667
        >>> Score(false_positives=1).f1
        0.0
        """
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        if not isinstance(other, Score):
            return NotImplemented
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    def to_dict(self) -> dict[str, int | float]:
        """The counts and the three measures, as JSON-compatible data.

        >>> Score(true_positives=3, false_positives=1, false_negatives=0).to_dict()
        {'true_positives': 3, 'false_positives': 1, 'false_negatives': 0, 'precision':
        0.75, 'recall': 1.0, 'f1': 0.8571428571428571}
        """
        return {
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


# -- the evaluation ----------------------------------------------------------------


def _gold_dict(item: GoldItem) -> dict[str, Any]:
    return {k: v for k, v in attrs.asdict(item).items() if v is not None}


@attrs.frozen
class Evaluation:
    """The result of `evaluate`: scores overall, per article, and the mistakes.

    Attributes:
        positions: The positions' score over all judged articles.
        demands: The demands' score over all judged articles.
        per_article: For each article in the gold, by base name, its
            ``(positions, demands)`` scores.
        misses: The gold items not found, one per missed key (the first
            in the gold's order), by article then in gold order.
        false_hits: The found items not in the gold, one per wrong key
            (the first found), by article.
        unannotated: The base names of articles in ``found`` that the gold
            does not cover; they are not judged.
        unscored: The gold items whose issue or metric is outside the
            vocabulary `evaluate` was given, in gold order; they are
            neither found nor missed.

    >>> from peacetalks import Demand, Quantity
    >>> gold = [GoldItem("a.txt", "demand", "Russia", metric="troops", value=85000),
    ...         GoldItem("a.txt", "demand", "Russia", metric="tanks", value=342)]
    >>> found = {"news/a.txt": [Demand("Russia", "troops", Quantity(85_000)),
    ...                         Demand("Russia", "tanks", Quantity(800))]}
    >>> result = evaluate(found, gold)
    >>> result.demands
    Score(true_positives=1, false_positives=1, false_negatives=1)
    >>> [(item.metric, item.value) for item in result.misses]
    [('tanks', 342)]
    >>> [(d.metric, d.quantity.value) for d in result.false_hits]
    [('tanks', 800.0)]
    """

    positions: Score
    demands: Score
    per_article: Mapping[str, tuple[Score, Score]]
    misses: tuple[GoldItem, ...]
    false_hits: tuple[Position | Demand, ...]
    unannotated: tuple[str, ...] = ()
    unscored: tuple[GoldItem, ...] = ()

    @property
    def overall(self) -> Score:
        """Positions and demands together (micro-averaged).

        >>> from peacetalks import Demand, Quantity
        >>> gold = [GoldItem("a.txt", "demand", "Russia", metric="troops", value=85000),
        ...         GoldItem("a.txt", "demand", "Russia", metric="tanks", value=342)]
        >>> found = {"news/a.txt": [Demand("Russia", "troops", Quantity(85_000)),
        ...                         Demand("Russia", "tanks", Quantity(800))]}
        >>> result = evaluate(found, gold)
        >>> result.overall
        Score(true_positives=1, false_positives=1, false_negatives=1)
        """
        return self.positions + self.demands

    def summary(self) -> str:
        """A table of precision, recall, F1 and counts, by type and overall.

        >>> from peacetalks import Demand, Quantity
        >>> gold = [GoldItem("a.txt", "demand", "Russia", metric="troops", value=85000),
        ...         GoldItem("a.txt", "demand", "Russia", metric="tanks", value=342)]
        >>> found = {"news/a.txt": [Demand("Russia", "troops", Quantity(85_000)),
        ...                         Demand("Russia", "tanks", Quantity(800))]}
        >>> result = evaluate(found, gold)
        >>> print(result.summary())
        type           P      R     F1   TP   FP   FN
        positions  1.000  1.000  1.000    0    0    0
        demands    0.500  0.500  0.500    1    1    1
        all        0.500  0.500  0.500    1    1    1
        1 article judged
        """
        rows = [
            f"{'type':<9} {'P':>6} {'R':>6} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4}"
        ]
        for name, s in (
            ("positions", self.positions),
            ("demands", self.demands),
            ("all", self.overall),
        ):
            rows.append(
                f"{name:<9} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.true_positives:4d} {s.false_positives:4d} {s.false_negatives:4d}"
            )
        judged = len(self.per_article)
        line = f"{judged} article{'' if judged == 1 else 's'} judged"
        if self.unannotated:
            n = len(self.unannotated)
            line += f"; {n} without gold annotations not judged"
        if self.unscored:
            n = len(self.unscored)
            line += (
                f"; {n} gold item{'' if n == 1 else 's'} outside the lexicon's "
                "issues and metrics not scored"
            )
        rows.append(line)
        return "\n".join(rows)

    def to_dict(self) -> dict[str, Any]:
        """The whole evaluation as JSON-compatible data.

        >>> from peacetalks import Demand, Quantity
        >>> gold = [GoldItem("a.txt", "demand", "Russia", metric="troops", value=85000),
        ...         GoldItem("a.txt", "demand", "Russia", metric="tanks", value=342)]
        >>> found = {"news/a.txt": [Demand("Russia", "troops", Quantity(85_000)),
        ...                         Demand("Russia", "tanks", Quantity(800))]}
        >>> result = evaluate(found, gold)
        >>> data = result.to_dict()
        >>> list(data)
        ['positions', 'demands', 'overall', 'per_article', 'misses', 'false_hits',
        'unannotated', 'unscored']
        >>> data["demands"]
        {'true_positives': 1, 'false_positives': 1, 'false_negatives': 1, 'precision':
        0.5, 'recall': 0.5, 'f1': 0.5}
        """
        return {
            "positions": self.positions.to_dict(),
            "demands": self.demands.to_dict(),
            "overall": self.overall.to_dict(),
            "per_article": {
                name: {"positions": p.to_dict(), "demands": d.to_dict()}
                for name, (p, d) in self.per_article.items()
            },
            "misses": [_gold_dict(item) for item in self.misses],
            "false_hits": [unstructure(item) for item in self.false_hits],
            "unannotated": list(self.unannotated),
            "unscored": [_gold_dict(item) for item in self.unscored],
        }


def _base_name(name: str) -> str:
    """The last component of a path, with either kind of separator."""
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _demand_value(demand: Demand) -> float:
    return demand.quantity.midpoint


_PositionKey = tuple[str, str, str]
_DemandGroup = tuple[str, str]


def _score_positions(
    gold: list[GoldItem], found: list[Position]
) -> tuple[Score, list[GoldItem], list[Position]]:
    expected: dict[_PositionKey, GoldItem] = {}
    for item in gold:
        assert item.issue is not None
        assert item.stance is not None
        expected.setdefault((item.actor, item.issue, item.stance), item)
    got: dict[_PositionKey, Position] = {}
    for position in found:
        got.setdefault((position.actor, position.issue, str(position.stance)), position)
    misses = [item for key, item in expected.items() if key not in got]
    wrong = [position for key, position in got.items() if key not in expected]
    score = Score(len(expected) - len(misses), len(wrong), len(misses))
    return score, misses, wrong


_T = TypeVar("_T")


def _distinct(items: list[tuple[float, _T]]) -> list[tuple[float, _T]]:
    """Sort by value and keep the first of each run of values close together."""
    kept: list[tuple[float, _T]] = []
    for value, item in sorted(items, key=lambda pair: pair[0]):
        if not kept or not math.isclose(kept[-1][0], value, rel_tol=VALUE_TOLERANCE):
            kept.append((value, item))
    return kept


def _score_demands(
    gold: list[GoldItem], found: list[Demand]
) -> tuple[Score, list[GoldItem], list[Demand]]:
    expected: dict[_DemandGroup, list[tuple[float, GoldItem]]] = {}
    for item in gold:
        assert item.metric is not None
        assert item.value is not None
        expected.setdefault((item.actor, item.metric), []).append((item.value, item))
    got: dict[_DemandGroup, list[tuple[float, Demand]]] = {}
    for demand in found:
        key = (demand.actor, demand.metric)
        got.setdefault(key, []).append((_demand_value(demand), demand))
    score = Score()
    misses: list[GoldItem] = []
    wrong: list[Demand] = []
    for group in {**expected, **got}:
        # Both sides sorted and deduplicated: match them in one sweep.
        want = _distinct(expected.get(group, []))
        have = _distinct(got.get(group, []))
        i = j = 0
        while i < len(want) and j < len(have):
            if math.isclose(want[i][0], have[j][0], rel_tol=VALUE_TOLERANCE):
                score += Score(1, 0, 0)
                i, j = i + 1, j + 1
            elif want[i][0] < have[j][0]:
                misses.append(want[i][1])
                i += 1
            else:
                wrong.append(have[j][1])
                j += 1
        misses.extend(item for _, item in want[i:])
        wrong.extend(demand for _, demand in have[j:])
    score += Score(0, len(wrong), len(misses))
    order = {id(item): n for n, item in enumerate(gold)}
    misses.sort(key=lambda item: order[id(item)])
    found_order = {id(demand): n for n, demand in enumerate(found)}
    wrong.sort(key=lambda demand: found_order[id(demand)])
    return score, misses, wrong


def _finding(name: str, item: object) -> Position | Demand:
    if not isinstance(item, Position | Demand):
        got = type(item).__name__
        msg = f"{name!r}: expected a Position or a Demand, got {got}"
        raise TypeError(msg)
    return item


def _in_vocabulary(
    item: GoldItem, issues: Collection[str] | None, metrics: Collection[str] | None
) -> bool:
    """Tell whether a gold item's issue or metric is one extraction can find."""
    if item.type == "position":
        return issues is None or item.issue in issues
    return metrics is None or item.metric in metrics


def evaluate(
    found: Mapping[str, Iterable[Position | Demand]],
    gold: Iterable[GoldItem],
    *,
    issues: Collection[str] | None = None,
    metrics: Collection[str] | None = None,
) -> Evaluation:
    """Compare what extraction found in each article with the gold annotations.

    See the module's documentation for the conventions (keys, tolerance,
    sets, file names, the 0/0 cases).

    Args:
        found: For each article, by file name (any directory is ignored),
            the positions and demands that extraction found in it.
        gold: The gold items, as `read_gold` gives them.
        issues: The issue ids extraction can find; gold positions on other
            issues are not scored (`Evaluation.unscored`).  None scores
            them all.
        metrics: The same for demands' metrics.

    Returns:
        The scores, per type and per article, and what was missed or wrong.

    Raises:
        ValueError: If two keys of ``found`` have the same base name.
        TypeError: If ``found`` holds something other than positions and
            demands.

    >>> from peacetalks import Demand, Quantity
    >>> gold = [GoldItem("a.txt", "demand", "Russia", metric="troops", value=85000),
    ...         GoldItem("a.txt", "demand", "Russia", metric="tanks", value=342)]
    >>> found = {"news/a.txt": [Demand("Russia", "troops", Quantity(85_000)),
    ...                         Demand("Russia", "tanks", Quantity(800))]}
    >>> result = evaluate(found, gold)
    >>> result.demands.precision, result.demands.recall
    (0.5, 0.5)
    >>> evaluate({"a/x.txt": [], "b/x.txt": []}, gold)
    Traceback (most recent call last):
        ...
    ValueError: two articles in 'found' have the base name 'x.txt'

    A gold item outside the vocabulary is neither found nor missed:

    >>> gold.append(GoldItem("a.txt", "demand", "Russia", metric="other:bodies",
    ...                      value=500))
    >>> result = evaluate(found, gold, metrics={"troops", "tanks"})
    >>> result.demands, [item.metric for item in result.unscored]
    (Score(true_positives=1, false_positives=1, false_negatives=1), ['other:bodies'])
    """
    by_name: dict[str, list[Position | Demand]] = {}
    for name, items in found.items():
        base = _base_name(name)
        if base in by_name:
            msg = f"two articles in 'found' have the base name {base!r}"
            raise ValueError(msg)
        by_name[base] = [_finding(name, finding) for finding in items]
    expected: dict[str, list[GoldItem]] = {}
    unscored: list[GoldItem] = []
    for gold_item in gold:
        if not _in_vocabulary(gold_item, issues, metrics):
            unscored.append(gold_item)
            # The article is still judged: its findings can be false hits.
            expected.setdefault(_base_name(gold_item.file), [])
            continue
        expected.setdefault(_base_name(gold_item.file), []).append(gold_item)

    per_article: dict[str, tuple[Score, Score]] = {}
    misses: list[GoldItem] = []
    false_hits: list[Position | Demand] = []
    positions = demands = Score()
    for name, annotated in expected.items():
        here = by_name.get(name, [])
        p_score, p_misses, p_wrong = _score_positions(
            [i for i in annotated if i.type == "position"],
            [f for f in here if isinstance(f, Position)],
        )
        d_score, d_misses, d_wrong = _score_demands(
            [i for i in annotated if i.type == "demand"],
            [f for f in here if isinstance(f, Demand)],
        )
        per_article[name] = (p_score, d_score)
        positions += p_score
        demands += d_score
        order = {id(item): n for n, item in enumerate(annotated)}
        misses.extend(sorted(p_misses + d_misses, key=lambda i: order[id(i)]))
        false_hits.extend(p_wrong)
        false_hits.extend(d_wrong)
    unannotated = tuple(name for name in by_name if name not in expected)
    return Evaluation(
        positions=positions,
        demands=demands,
        per_article=per_article,
        misses=tuple(misses),
        false_hits=tuple(false_hits),
        unannotated=unannotated,
        unscored=tuple(unscored),
    )


def evaluate_corpus(
    corpus: Iterable[Article],
    gold: Iterable[GoldItem] | str | os.PathLike[str],
    lexicon: Lexicon | None = None,
    *,
    extractor: ExtractorSource | None = None,
    workers: int = 1,
    timeout: float | None = WORKER_TIMEOUT,
) -> Evaluation:
    """Extract from every article with one extractor and score it against gold.

    Each article is judged under the base name of its `Article.path`
    (``"sample/002_x.txt"`` is the gold's ``"002_x.txt"``); an article
    without a path goes by its id, which no gold file name matches.

    Args:
        corpus: The articles (a `Corpus`, or any iterable, read once).
        gold: Gold items, or the path of a gold JSON Lines file (`read_gold`).
        lexicon: The vocabulary to extract with; the default if None.
        extractor: A `peacetalks.Extractor` to use instead, or a
            zero-argument factory of one (give one or the other).
        workers: How many processes extract, as in
            `peacetalks.parallel.extract_stream`: ``1`` extracts in this
            process, more in a pool of worker processes that ends before
            this returns, each sent the extractor once.  The evaluation
            does not depend on it.
        timeout: With workers, the seconds to wait for a chunk of articles
            before the workers are taken for stuck, as in `extract_stream`
            (`WORKER_TIMEOUT`, five minutes, by default; None waits for
            ever).

    Returns:
        The `Evaluation`, as `evaluate` gives it.  When the extractor is the
        rule engine (the default, or a `RuleExtractor`), gold items on
        issues and metrics its lexicon does not name are not scored
        (`Evaluation.unscored`); another extractor is scored on them all.

    Raises:
        LoadError: If ``gold`` is a path that cannot be read as gold, naming
            the file and line.
        WorkerError: If a worker process died, or made no progress for
            ``timeout`` seconds (`WorkerTimeoutError`).
        ValueError: If ``workers`` is not a positive integer or ``timeout``
            not a positive number or None (before anything is read), or if
            two articles have the same file base name.

    >>> import peacetalks as pt
    >>> gold = [GoldItem("002_de5fcd0c532bc2fc.txt", "demand", "Russia",
    ...                  metric="tanks", value=342)]
    >>> result = evaluate_corpus(pt.datasets.sample(), gold)
    >>> result.demands
    Score(true_positives=1, false_positives=6, false_negatives=0)
    >>> evaluate_corpus(pt.datasets.sample(), gold, workers=2) == result
    True
    >>> evaluate_corpus(pt.datasets.sample(), gold, workers=0)
    Traceback (most recent call last):
        ...
    ValueError: 'workers' must be a positive integer (got 0)
    """
    # extract_stream checks only once advanced: check first, so that a bad
    # count fails before a large gold file is read.
    workers = check_positive("workers", workers)
    timeout = check_timeout(timeout)
    chosen = choose_extractor(lexicon, extractor)
    items = read_gold(gold) if isinstance(gold, str | os.PathLike) else list(gold)
    found: dict[str, list[Position | Demand]] = {}
    # closing(): a duplicate name raised mid-stream still ends the pool now.
    with contextlib.closing(
        extract_stream(corpus, workers=workers, extractor=chosen, timeout=timeout)
    ) as extracted:
        for article, findings in extracted:
            name = article.path or article.id
            if name in found:
                msg = f"two articles have the file name {name!r}"
                raise ValueError(msg)
            found[name] = list(findings)
    vocabulary = _lexicon_of(chosen)
    if vocabulary is None:
        return evaluate(found, items)
    return evaluate(
        found,
        items,
        issues={issue.id for issue in vocabulary.issues},
        metrics={metric.id for metric in vocabulary.metrics},
    )


def _lexicon_of(source: ExtractorSource) -> Lexicon | None:
    """The lexicon of the rule engine, or None for another extractor."""
    from peacetalks.extract.pipeline import RuleExtractor

    return source.lexicon if isinstance(source, RuleExtractor) else None
