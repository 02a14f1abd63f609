"""Named extraction rules, the steps they leave, and the confidence table.

Every decision the position and demand finders take is made by a rule
with a stable id (``holder.act_subject``, ``demand.cap_verb``...): a small
function in an ordered table for its decision (`DECISIONS`), whose
docstring states the rule in words.  Each rule that fires leaves a `Step`
(the rule, the words it used, why); a finding's steps are its trace, and a
candidate that a rule blocked keeps the blocking step
(`peacetalks.extract.explain`).

A finding's ``confidence`` comes from `CONFIDENCE`, keyed by the id of
the rule that found who holds or proposes it.

Example:
    >>> RULES["holder.act_subject"].decision
    'holder'
    >>> CONFIDENCE["holder.act_subject"]
    0.9
    >>> Step("holder.act_subject", None, "the subject of 'wants'")
    Step(rule='holder.act_subject', span=None, why="the subject of 'wants'")
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TypeVar

import attrs

from peacetalks.extract.sentences import Span
from peacetalks.model import Demand, Position

__all__ = [
    "CONFIDENCE",
    "DECISIONS",
    "RULES",
    "Candidate",
    "Rule",
    "Step",
    "confidence_of",
    "describe",
    "register",
    "rule_id",
    "rules_markdown",
]

F = TypeVar("F", bound=Callable[..., object])


@attrs.frozen
class Step:
    """One rule firing: which rule, on which words, and why.

    Attributes:
        rule: The rule's id (a key of `RULES`).
        span: The words the rule used, in article offsets, or ``None``
            when it used none (a default).
        why: What the rule found, in words.

    Example:
        >>> from peacetalks.extract.sentences import Span
        >>> Step("act.word", Span(5, 10, "wants"), "the act word").span.text
        'wants'
    """

    rule: str
    span: Span | None
    why: str


@attrs.frozen
class Rule:
    """A named rule: its id, the decision it takes part in, and its statement.

    Attributes:
        id: Stable id, ``decision.name``.
        decision: One of `DECISIONS`.
        doc: The rule in words (its function's docstring).
        confidence: The confidence a finding gets when this rule found its
            holder or proposer, or ``None`` for rules that do not.

    Example:
        >>> print(RULES["demand.negated"].doc)
        A negation before the figure: not a demand ("will not accept 85,000").
    """

    id: str
    decision: str
    doc: str
    confidence: float | None = None


#: The decisions, in the order the finders take them, with what each decides.
DECISIONS: dict[str, str] = {
    "position": "which issue cues can become positions at all",
    "holder": "who holds a position",
    "act": "the act of a position (demand, offer, accept, reject, statement)",
    "stance": "whether the holder supports or opposes the issue",
    "modality": "asserted, hypothetical or reported-past",
    "metric": "which metric of the lexicon a figure measures",
    "proposer": "who puts a figure on the table",
    "demand": "which figures that have a metric and a proposer become demands",
    "bound": "whether a figure is a maximum, a minimum or exact",
    "target": "whose forces or territory a figure is about",
    "date": "when a finding was put forward: its own words' date, else the article's",
}

#: Every rule by id, in the order the finders try them.
RULES: dict[str, Rule] = {}

_IDS: dict[object, str] = {}

#: The confidence of a finding, by the id of the rule that found its
#: holder (positions) or proposer (demands).
CONFIDENCE: dict[str, float] = {}


def register(rule_id: str, confidence: float | None = None) -> Callable[[F], F]:
    """Add the decorated function to `RULES` as the rule ``rule_id``.

    The decision is the part of the id before the dot; the statement is the
    function's docstring, which every rule must have.

    Raises:
        ValueError: If the id is taken, its decision unknown, or the
            function has no docstring.

    Example:
        >>> sorted(r for r in RULES if r.startswith("bound."))[:2]
        ['bound.after', 'bound.cap_before']
    """

    def add(function: F) -> F:
        decision = rule_id.split(".", 1)[0]
        doc = inspect.getdoc(function)
        if rule_id in RULES or decision not in DECISIONS or not doc:
            msg = f"bad rule {rule_id!r}: taken, unknown decision, or no docstring"
            raise ValueError(msg)
        statement = " ".join(doc.split("\n\n", 1)[0].split())
        RULES[rule_id] = Rule(rule_id, decision, statement, confidence)
        if confidence is not None:
            CONFIDENCE[rule_id] = confidence
        _IDS[function] = rule_id
        return function

    return add


def describe(rule_id: str, confidence: float | None = None, *, doc: str) -> None:
    """Add a rule that is not a function of its own (a decision's default).

    Example:
        >>> RULES["act.statement"].doc
        'Without an act word the act is a statement.'
    """
    register(rule_id, confidence)(_Described(doc))


class _Described:
    def __init__(self, doc: str) -> None:
        self.__doc__ = doc

    def __call__(self) -> None:  # pragma: no cover - never called
        pass


def rule_id(function: object) -> str:
    """The id a rule function was registered with (`register`).

    Raises:
        KeyError: If the function is not a rule.

    Example:
        >>> rule_id(describe)
        Traceback (most recent call last):
            ...
        KeyError: 'not a rule: describe'
    """
    try:
        return _IDS[function]
    except KeyError:
        name = getattr(function, "__name__", repr(function))
        raise KeyError(f"not a rule: {name}") from None


def confidence_of(rule_id: str) -> float:
    """The confidence a finding gets from the rule ``rule_id``.

    Raises:
        KeyError: If the rule sets no confidence.

    Example:
        >>> confidence_of("proposer.speaker")
        0.6
    """
    return CONFIDENCE[rule_id]


@attrs.frozen
class Candidate:
    """What a finder considered: a finding with its trace, or a blocked one.

    Attributes:
        kind: ``"position"`` or ``"demand"``.
        span: What was considered (the issue cue or the figure), in
            article offsets.
        steps: The rules that fired for it, in order: its trace.
        finding: The `~peacetalks.model.Position` or
            `~peacetalks.model.Demand`, or ``None`` when a rule blocked it.
        blocked: The step of the rule that blocked it, if one did.

    Example:
        >>> from peacetalks.extract.sentences import Span
        >>> step = Step("demand.negated", Span(0, 3, "not"), "negated")
        >>> Candidate("demand", Span(4, 6, "85"), (), None, step).blocked.rule
        'demand.negated'
    """

    kind: str
    span: Span
    steps: tuple[Step, ...]
    finding: Position | Demand | None
    blocked: Step | None = None


def rules_markdown() -> str:
    """The rule tables as Markdown: one table per decision, rules in order.

    The "Explaining findings" page of the docs holds this text (a test
    checks it is the same), so the list there cannot go stale.

    Example:
        >>> from peacetalks.extract import pipeline  # registers every rule
        >>> print(rules_markdown().splitlines()[0])
        ### position: which issue cues can become positions at all
    """
    parts = []
    for decision, what in DECISIONS.items():
        rows = [
            "| rule | confidence | what it does |",
            "| --- | --- | --- |",
        ]
        for rule in RULES.values():
            if rule.decision != decision:
                continue
            confidence = "" if rule.confidence is None else f"{rule.confidence:g}"
            statement = " ".join(rule.doc.split()).replace("|", "\\|")
            rows.append(f"| `{rule.id}` | {confidence} | {statement} |")
        parts.append(f"### {decision}: {what}\n\n" + "\n".join(rows))
    return "\n\n".join(parts) + "\n"
