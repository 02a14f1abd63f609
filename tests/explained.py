"""What the rule engine's explanations say, for tests of its rules."""

from __future__ import annotations

from peacetalks.extract.pipeline import RuleExtractor


def blocked_by(text: str, extractor: RuleExtractor) -> list[str]:
    """The rules that blocked the candidates of ``text``, in the text's order."""
    return [b.by.rule for b in extractor.explain(text).blocked]
