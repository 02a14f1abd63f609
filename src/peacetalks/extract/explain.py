"""Why extraction found what it found: `Explanation`.

`peacetalks.extract.Extractor.explain` reads an article (or a text) and
returns every finding with its trace (the rules that fired for it, in
order, with the words each used) and every candidate a rule blocked, with
the rule and why.  The rule ids are the keys of
`peacetalks.extract.rules.RULES`.

An explanation is an attrs object: ``peacetalks.serialize.dumps`` writes
it as JSON and ``str()`` renders it for reading.

An extractor of your own explains itself with `explain_by_extracting`
(or the mixin `ExplainByExtracting`): each finding with one step that
names the extractor that found it, and nothing blocked.  A composite
extractor merges its parts' explanations with `Explanation.merge`.

Example:
    >>> from peacetalks.extract.pipeline import RuleExtractor
    >>> explanation = RuleExtractor().explain("Kyiv wants 800 tanks.")
    >>> [step.rule for step in explanation.findings[-1].trace]
    ['metric.counted_noun', 'demand.act_word', 'proposer.subject',
     'bound.exact', 'target.default', 'date.article']
    >>> print(explanation)  # doctest: +ELLIPSIS
    article ...
    <BLANKLINE>
    sentence 0: 'Kyiv wants 800 tanks.'
      demand: Ukraine tanks 800 (exact), demand, confidence 0.9
        metric.counted_noun  '800 tanks'  counts 'tanks'
    ...
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import attrs

from peacetalks.extract.doc import Doc
from peacetalks.extract.rules import Candidate, Step
from peacetalks.extract.sentences import Span, split_sentences
from peacetalks.model import Article, Demand, Position

if TYPE_CHECKING:
    from peacetalks.extract.protocol import Extractor

__all__ = [
    "Blocked",
    "ExplainByExtracting",
    "Explained",
    "Explanation",
    "explain_by_extracting",
    "explanation",
    "finding_order",
]


@attrs.frozen
class Explained:
    """A finding and the rules that made it.

    Attributes:
        finding: The position or demand.
        sentence: The index of the sentence it was found in.
        trace: The steps of the rules that fired for it, in order.

    >>> from peacetalks.extract.pipeline import RuleExtractor
    >>> (explained,) = RuleExtractor().explain("Kyiv wants a ceasefire.").findings
    >>> explained.finding.issue, explained.sentence, explained.trace[0].rule
    ('ceasefire', 0, 'stance.cue')
    """

    finding: Position | Demand
    sentence: int
    trace: tuple[Step, ...]


@attrs.frozen
class Blocked:
    """A candidate a rule stopped from becoming a finding.

    Attributes:
        kind: ``"position"`` (an issue cue) or ``"demand"`` (a figure).
        span: The cue or figure, in article offsets.
        sentence: The index of its sentence.
        trace: The steps of the rules that fired before it was blocked.
        by: The blocking rule's step: its id, the words, and why.

    >>> from peacetalks.extract.pipeline import RuleExtractor
    >>> (blocked,) = RuleExtractor().explain("Kyiv lost 800 tanks.").blocked
    >>> blocked.kind, blocked.span.text, blocked.by.rule
    ('demand', '800', 'demand.no_proposer')
    """

    kind: str
    span: Span
    sentence: int
    trace: tuple[Step, ...]
    by: Step


@attrs.frozen
class Explanation:
    """Every finding of an article with its trace, and the blocked candidates.

    Attributes:
        article_id: The id of the article explained.
        path: The file it was read from, if any.
        sentences: The sentences explained (article offsets), all of them
            unless one was chosen.
        findings: The findings, in text order, each with its trace.
        blocked: The candidates a rule blocked, in text order.

    >>> from peacetalks.extract.pipeline import RuleExtractor
    >>> text = "Kyiv wants a ceasefire. Kyiv lost 9 tanks."
    >>> explanation = RuleExtractor().explain(text)
    >>> len(explanation.findings), len(explanation.blocked), explanation.path
    (1, 1, None)
    """

    article_id: str
    path: str | None
    sentences: tuple[tuple[int, Span], ...]
    findings: tuple[Explained, ...]
    blocked: tuple[Blocked, ...]

    def __str__(self) -> str:
        return self.to_text()

    @classmethod
    def merge(cls, *explanations: Explanation) -> Explanation:
        """One explanation of an article from several (a composite's parts').

        The findings and blocked candidates of all, in text order; the
        article, path and sentences of the first.

        Raises:
            ValueError: If none is given, or they explain different articles.

        >>> from peacetalks.extract.pipeline import RuleExtractor
        >>> article = Article(text="Kyiv wants a ceasefire. Kyiv lost 9 tanks.")
        >>> rules = RuleExtractor().explain(article)
        >>> both = Explanation.merge(rules, rules)
        >>> len(both.findings), len(both.blocked)
        (2, 2)
        """
        if not explanations:
            msg = "Explanation.merge needs at least one explanation"
            raise ValueError(msg)
        first = explanations[0]
        others = {e.article_id for e in explanations} - {first.article_id}
        if others:
            msg = (
                f"cannot merge explanations of different articles: "
                f"{first.article_id!r} and {sorted(others)[0]!r}"
            )
            raise ValueError(msg)
        findings = [e for explanation in explanations for e in explanation.findings]
        blocked = [b for explanation in explanations for b in explanation.blocked]
        findings.sort(key=lambda e: finding_order(e.finding))
        blocked.sort(key=lambda b: (b.span.start, b.span.end))
        return cls(
            first.article_id,
            first.path,
            first.sentences,
            tuple(findings),
            tuple(blocked),
        )

    def to_text(self) -> str:
        """The explanation for reading: sentence by sentence, rule by rule.

        Each finding and blocked candidate is followed by its steps: the
        rule id, the words it used (quoted, control characters escaped)
        and why.

        >>> from peacetalks.extract.pipeline import RuleExtractor
        >>> print(RuleExtractor().explain("Will Kyiv join NATO?").to_text())
        ... # doctest: +ELLIPSIS
        article ...
        <BLANKLINE>
        sentence 0: 'Will Kyiv join NATO?'
          blocked position: 'join NATO'
            blocked by position.question  'Will Kyiv join NATO?'  the sentence ...
        """
        where = f" ({self.path})" if self.path else ""
        lines = [f"article {self.article_id}{where}"]
        for index, sentence in self.sentences:
            found = [e for e in self.findings if e.sentence == index]
            stopped = [b for b in self.blocked if b.sentence == index]
            if not (found or stopped or len(self.sentences) == 1):
                continue
            lines += ["", f"sentence {index}: {sentence.text!r}"]
            for explained in found:
                lines.append(f"  {_describe(explained.finding)}")
                lines += _steps(explained.trace)
            for blocked in stopped:
                lines.append(f"  blocked {blocked.kind}: {blocked.span.text!r}")
                lines += _steps(blocked.trace)
                lines += _steps((blocked.by,), prefix="blocked by ")
        if not (self.findings or self.blocked):
            lines += ["", "nothing found and no candidate blocked"]
        return "\n".join(lines)


def _describe(finding: Position | Demand) -> str:
    if isinstance(finding, Position):
        what = (
            f"position: {finding.actor} {finding.stance.value} {finding.issue}, "
            f"{finding.act.value}, {finding.modality.value}"
        )
    else:
        quantity = finding.quantity
        if quantity.value is not None:
            figure = f"{quantity.value:g}"
        else:  # a range: "tens of thousands" is 10,000 to 99,000
            ends = (quantity.low, quantity.high)
            figure = "-".join(f"{v:g}" for v in ends if v is not None)
        what = (
            f"demand: {finding.actor} {finding.metric} {figure} "
            f"({quantity.bound.value}), {finding.act.value}"
        )
    if finding.speaker:
        what += f", speaker {finding.speaker}"
    return f"{what}, confidence {finding.confidence:g}"


def _steps(steps: Sequence[Step], *, prefix: str = "") -> list[str]:
    width = max((len(prefix + s.rule) for s in steps), default=0)
    lines = []
    for step in steps:
        words = repr(step.span.text) if step.span is not None else "-"
        lines.append(f"    {(prefix + step.rule).ljust(width)}  {words}  {step.why}")
    return lines


def explanation(
    doc: Doc, candidates: Sequence[Candidate], sentence: int | None = None
) -> Explanation:
    """Sort the candidates of a document into an `Explanation`.

    Args:
        doc: The annotated document the candidates come from.
        candidates: Position and demand candidates, findings and blocked.
        sentence: Keep only this sentence's (an index into
            ``doc.sentences``).

    >>> from peacetalks.extract.demands import DemandFinder
    >>> from peacetalks.extract.doc import Annotator
    >>> from peacetalks.model import Article
    >>> doc = Annotator().read(Article(text="Kyiv wants 9 tanks. Kyiv lost 9 tanks."))
    >>> found = explanation(doc, DemandFinder().candidates(doc), sentence=1)
    >>> found.findings, [b.by.rule for b in found.blocked]
    ((), ['demand.no_proposer'])
    """
    starts = [s.start for s in doc.sentences]

    def index_of(span: Span) -> int:
        return max(0, bisect.bisect_right(starts, span.start) - 1)

    findings: list[Explained] = []
    blocked: list[Blocked] = []
    for candidate in candidates:
        where = index_of(candidate.span)
        if sentence is not None and where != sentence:
            continue
        if candidate.finding is not None:
            findings.append(Explained(candidate.finding, where, candidate.steps))
        elif candidate.blocked is not None:
            blocked.append(
                Blocked(
                    candidate.kind,
                    candidate.span,
                    where,
                    candidate.steps,
                    candidate.blocked,
                )
            )
    findings.sort(key=lambda e: finding_order(e.finding))
    blocked.sort(key=lambda b: (b.span.start, b.span.end))
    shown = [
        (n, Span(s.start, s.end, s.text))
        for n, s in enumerate(doc.sentences)
        if sentence is None or n == sentence
    ]
    return Explanation(
        doc.article.id, doc.article.path, tuple(shown), tuple(findings), tuple(blocked)
    )


def finding_order(finding: Position | Demand) -> tuple[int, int, int]:
    """The text order of findings: evidence start, end, positions first.

    >>> from peacetalks.model import Article
    >>> article = Article(text="Kyiv wants a ceasefire.")
    >>> finding_order(Position("Ukraine", "ceasefire", "supports",
    ...                        evidence=article.evidence(0, 4)))
    (0, 4, 0)
    """
    evidence = finding.evidence
    start = evidence.start if evidence is not None else -1
    end = evidence.end if evidence is not None else -1
    return (start, end, 0 if isinstance(finding, Position) else 1)


def explain_by_extracting(
    extractor: Extractor, article: Article | str, *, sentence: int | None = None
) -> Explanation:
    """Explain ``article`` for an extractor that keeps no trace: by extracting.

    Each finding of ``extractor.extract(article)`` comes with one step: its
    rule is the name of the producer that found it (the finding's own, or
    the extractor's), its span the finding's evidence, its why "found by"
    the producer.  Nothing is blocked.  The sentences are the article's,
    split as the library splits them; a finding is in the sentence where
    its evidence starts (the first, when it has none).

    Args:
        extractor: Any `peacetalks.Extractor`.
        article: The article, or a text to read as one.
        sentence: Explain only this sentence (0-based).

    Raises:
        IndexError: If ``sentence`` is not the index of a sentence.

    >>> import peacetalks as pt
    >>> class Neutral:
    ...     producer = pt.Producer("neutral-words", "1")
    ...     def extract(self, article):
    ...         start = article.text.find("neutral")
    ...         evidence = article.evidence(start, start + 7)
    ...         return [pt.Position("Ukraine", "neutrality", "supports",
    ...                             evidence=evidence, producer=self.producer)]
    ...     def explain(self, article):
    ...         return explain_by_extracting(self, article)
    >>> print(Neutral().explain("Talks went on. Kyiv could be neutral."))
    ... # doctest: +ELLIPSIS
    article ...
    <BLANKLINE>
    sentence 1: 'Kyiv could be neutral.'
      position: Ukraine supports neutrality, statement, asserted, confidence 1
        neutral-words  'neutral'  found by neutral-words 1
    """
    if isinstance(article, str):
        article = Article(text=article)
    sentences = split_sentences(article.text)
    if sentence is not None and not 0 <= sentence < len(sentences):
        msg = (
            f"sentence {sentence} is out of range: the article has "
            f"{len(sentences)} sentences"
        )
        raise IndexError(msg)
    starts = [s.start for s in sentences]
    findings = []
    for finding in extractor.extract(article):
        producer = finding.producer or extractor.producer
        why = " ".join(["found by", producer.name, producer.version or ""]).strip()
        evidence = finding.evidence
        span = (
            None
            if evidence is None
            else Span(evidence.start, evidence.end, evidence.quote)
        )
        where = (
            0 if span is None else max(0, bisect.bisect_right(starts, span.start) - 1)
        )
        if sentence is None or where == sentence:
            findings.append(
                Explained(finding, where, (Step(producer.name, span, why),))
            )
    findings.sort(key=lambda e: finding_order(e.finding))
    shown = tuple(
        (n, Span(s.start, s.end, s.text))
        for n, s in enumerate(sentences)
        if sentence is None or n == sentence
    )
    return Explanation(article.id, article.path, shown, tuple(findings), ())


class ExplainByExtracting:
    """A mixin that gives an extractor `explain` by `explain_by_extracting`.

    >>> import peacetalks as pt
    >>> class Silent(ExplainByExtracting):
    ...     producer = pt.Producer("silent", "1")
    ...     def extract(self, article):
    ...         return []
    >>> isinstance(Silent(), pt.Extractor), Silent().explain("Nothing.").findings
    (True, ())
    """

    def explain(
        self, article: Article | str, *, sentence: int | None = None
    ) -> Explanation:
        """Every finding of ``article`` with one step naming its producer.

        See `explain_by_extracting`.

        >>> from peacetalks.model import Position, Producer
        >>> class Kyiv(ExplainByExtracting):
        ...     producer = Producer("always-kyiv", "1")
        ...     def extract(self, article):
        ...         return [Position("Ukraine", "ceasefire", "supports",
        ...                          producer=self.producer)]
        >>> [step.why for step in Kyiv().explain("Talks.").findings[0].trace]
        ['found by always-kyiv 1']
        """
        # A class that mixes this in has ``producer`` and ``extract`` itself.
        return explain_by_extracting(
            cast("Extractor", self), article, sentence=sentence
        )
