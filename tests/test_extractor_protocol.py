"""The `Extractor` protocol, the rule engine as one extractor, and shipping.

Any extractor object (or a factory of one) given to `extract_stream`,
`Corpus.extract`, `evaluate_corpus` or the Dask integration is the one that
reads, in this process and in every worker: a subclassed or composite
extractor finds the same with one worker as with two.  The tests that start
real process pools are marked slow.
"""

from __future__ import annotations

import pickle
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import Article, Extractor, Lexicon, Position, Producer, RuleExtractor
from peacetalks.evaluate import GoldItem, evaluate_corpus
from peacetalks.extract.explain import (
    ExplainByExtracting,
    Explanation,
    explain_by_extracting,
    finding_order,
)
from peacetalks.extract.protocol import build_extractor
from peacetalks.parallel import extract_stream, shippable
from peacetalks.serialize import dumps, loads

GAZA = Lexicon.from_toml(Path(__file__).parent / "fixtures" / "lexicons" / "gaza.toml")

#: Sentences our own extractors and the rule engine react to.
SENTENCES = [
    "Russia wants to cap Ukraine's army at 85,000 troops.",
    "Ukraine offered to never join NATO.",
    "Kyiv could stay neutral, an adviser said.",
    "The talks were adjourned until Friday.",
    "Moscow demanded that Kyiv accept neutrality.",
    "Nobody said anything about neutral ground.",
]


class OnlyDemands(RuleExtractor):
    """A subclassed rule engine: it keeps demands and tags them.

    Before extractors were shipped, a worker rebuilt a plain rule engine
    from the lexicon, and this subclass lost its behaviour at ``workers=2``.
    """

    def __init__(self, lexicon: Lexicon | None = None, *, tag: str) -> None:
        super().__init__(lexicon)
        self.tag = tag
        self.producer = Producer(f"only-demands-{tag}", "1")

    def extract(self, article: Article) -> list[pt.Finding]:
        return [f for f in super().extract(article) if isinstance(f, pt.Demand)]


class Neutrality(ExplainByExtracting):
    """Our own extractor: a table of regular expressions, one position each."""

    producer = Producer("neutrality-table", "1")

    def __init__(self, table: Sequence[tuple[str, str, str, str]]) -> None:
        self.table = [(re.compile(p), actor, issue, s) for p, actor, issue, s in table]

    def extract(self, article: Article) -> list[pt.Finding]:
        found: list[pt.Finding] = []
        for pattern, actor, issue, stance in self.table:
            for match in pattern.finditer(article.text):
                evidence = article.evidence(match.start(), match.end())
                found.append(
                    Position(
                        actor, issue, stance, evidence=evidence, producer=self.producer
                    )
                )
        return found


class Both:
    """A composite: the rule engine's findings, then the table's."""

    producer = Producer("both", "1")

    def __init__(self, *parts: Extractor) -> None:
        self.parts = parts

    def extract(self, article: Article) -> list[pt.Finding]:
        return [finding for part in self.parts for finding in part.extract(article)]

    def explain(self, article: Article) -> Explanation:
        return Explanation.merge(*(part.explain(article) for part in self.parts))


class NoExplain:
    """An extractor written before the protocol asked for ``explain``."""

    producer = Producer("no-explain", "1")

    def extract(self, article: Article) -> list[pt.Finding]:
        return []


TABLE = [(r"\bneutral\b", "Ukraine", "neutrality", "supports")]

#: One rule engine, for the property tests (compiling one takes a while).
ENGINE = RuleExtractor()


def make_both() -> Both:
    """A zero-argument factory of the composite."""
    return Both(RuleExtractor(), Neutrality(TABLE))


@st.composite
def articles(draw: st.DrawFn) -> list[Article]:
    """A few articles made of the sentences above, each with its own id."""
    texts = draw(
        st.lists(
            st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    return [Article(text=text) for text in texts]


class TestProtocol:
    def test_rule_engine_is_an_extractor(self) -> None:
        """The rule engine, a subclass and our own classes all follow the protocol."""
        for extractor in (RuleExtractor(), Neutrality(TABLE), make_both()):
            assert isinstance(extractor, Extractor)
        assert not isinstance("text", Extractor)

    def test_producer_names_the_engine_and_version(self) -> None:
        """The rule engine's producer is its name and the library's version."""
        assert RuleExtractor().producer == Producer(
            "peacetalks.extract", pt.__version__
        )

    def test_calling_the_protocol_builds_the_rule_engine(self) -> None:
        """``Extractor(lexicon)`` still works, warns, and names the new spelling."""
        with pytest.warns(DeprecationWarning, match=r"RuleExtractor\(lexicon\)"):
            extractor = Extractor(GAZA)  # type: ignore[call-arg,misc]  # the old spelling, on purpose
        assert type(extractor) is RuleExtractor
        assert extractor.lexicon == GAZA

    def test_subclass_of_protocol_is_built_as_usual(self) -> None:
        """A class that subclasses the protocol is itself, and says what it lacks."""

        class Declared(Extractor):
            producer = Producer("declared")

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            declared = Declared()
        assert type(declared) is Declared
        with pytest.raises(
            NotImplementedError, match=r"subclass peacetalks\.RuleExtractor"
        ):
            declared.extract(Article(text="Talks resumed."))
        with pytest.raises(NotImplementedError, match="ExplainByExtracting"):
            declared.explain(Article(text="Talks resumed."))

    def test_build_extractor(self) -> None:
        """An object is used as it is; a class or function is called once."""
        table = Neutrality(TABLE)
        assert build_extractor(table) is table
        assert type(build_extractor(RuleExtractor)) is RuleExtractor
        assert type(build_extractor(make_both)) is Both
        with pytest.raises(TypeError, match="got int"):
            build_extractor(42)
        with pytest.raises(TypeError, match="built a str, not an Extractor"):
            build_extractor(lambda: "no")

    def test_extractor_without_explain_is_refused_with_advice(self) -> None:
        """An object with only ``producer`` and ``extract`` is told what to add."""
        assert not isinstance(NoExplain(), Extractor)
        advice = r"NoExplain has 'producer' and 'extract' but no 'explain'.*Explain"
        with pytest.raises(TypeError, match=f"got NoExplain; {advice}"):
            build_extractor(NoExplain())
        with pytest.raises(TypeError, match=f"built a NoExplain, .*; {advice}"):
            build_extractor(NoExplain)


class TestExplain:
    """Every extractor explains: the rule engine by its rules, others by extracting."""

    def test_custom_extractor_explained(self) -> None:
        """Each finding of our own extractor has one step naming the extractor."""
        text = "Talks resumed. Kyiv could stay neutral, an adviser said."
        explanation = Neutrality(TABLE).explain(Article(text=text))
        (explained,) = explanation.findings
        assert explained.finding == Neutrality(TABLE).extract(Article(text=text))[0]
        assert explained.sentence == 1
        (step,) = explained.trace
        assert (step.rule, step.why) == (
            "neutrality-table",
            "found by neutrality-table 1",
        )
        assert step.span is not None
        assert (step.span.start, step.span.text) == (text.index("neutral"), "neutral")
        assert explanation.blocked == ()
        assert [n for n, _ in explanation.sentences] == [0, 1]

    def test_text_and_one_sentence(self) -> None:
        """A text is read as an article; ``sentence=`` keeps one sentence."""
        text = "Kyiv could stay neutral. Talks resumed. Neutral ground, neutral."
        table = Neutrality(TABLE)
        only = table.explain(text, sentence=2)
        assert [n for n, _ in only.sentences] == [2]
        assert [e.sentence for e in only.findings] == [2]
        with pytest.raises(IndexError, match="sentence 3 is out of range"):
            explain_by_extracting(table, text, sentence=3)

    def test_composite_explained_by_both_parts(self) -> None:
        """A composite's explanation holds its parts' steps, in text order."""
        article = Article(text=" ".join(SENTENCES))
        composite = make_both()
        explanation = composite.explain(article)
        assert sorted(map(repr, (e.finding for e in explanation.findings))) == sorted(
            map(repr, composite.extract(article))
        )
        rules = {step.rule for e in explanation.findings for step in e.trace}
        assert "neutrality-table" in rules
        assert "holder.act_subject" in rules
        blocked = RuleExtractor().explain(article).blocked
        assert blocked
        assert explanation.blocked == blocked
        starts = [e.finding.evidence.start for e in explanation.findings]  # type: ignore[union-attr]  # every finding here has evidence
        assert starts == sorted(starts)

    def test_merge_refuses_other_articles_and_nothing(self) -> None:
        """Explanations of two articles, or none, do not merge."""
        table = Neutrality(TABLE)
        with pytest.raises(ValueError, match="different articles"):
            Explanation.merge(table.explain("neutral"), table.explain("Neutral."))
        with pytest.raises(ValueError, match="at least one"):
            Explanation.merge()

    @given(
        st.lists(st.sampled_from([*SENTENCES, "Will Kyiv stay neutral?"]), max_size=6)
    )
    @settings(max_examples=30, deadline=None)
    def test_merge_laws(self, sentences: list[str]) -> None:
        """Merging one is itself; merging keeps every finding, in text order.

        And an explanation by extracting holds exactly what ``extract`` finds.
        """
        article = Article(text=" ".join(sentences))
        rules, table = (
            ENGINE.explain(article),
            Neutrality(TABLE).explain(article),
        )
        assert Explanation.merge(rules) == rules
        assert [e.finding for e in table.findings] == Neutrality(TABLE).extract(article)
        merged = Explanation.merge(rules, table)
        assert sorted(map(repr, merged.findings)) == sorted(
            map(repr, (*rules.findings, *table.findings))
        )
        assert merged.blocked == rules.blocked
        order = [finding_order(e.finding) for e in merged.findings]
        assert order == sorted(order)
        assert loads(dumps(merged), Explanation) == merged

    def test_explanation_round_trips(self) -> None:
        """A composite's explanation goes through the converter unchanged."""
        explanation = make_both().explain(Article(text=" ".join(SENTENCES)))
        assert loads(dumps(explanation), Explanation) == explanation


class TestPickle:
    def test_rule_engine_pickles_as_its_lexicon(self) -> None:
        """A pickled rule engine is hardly more than its lexicon's pickle."""
        extractor = RuleExtractor(GAZA)
        size = len(pickle.dumps(extractor))
        assert size < len(pickle.dumps(GAZA)) + 500

    def test_unpickled_reads_the_same(self) -> None:
        """The rule engine, compiled again from its pickle, finds the same."""
        extractor = RuleExtractor()
        copy = pickle.loads(pickle.dumps(extractor))
        article = Article(text=" ".join(SENTENCES))
        assert copy.lexicon == extractor.lexicon
        assert copy.extract(article) == extractor.extract(article)
        assert copy.producer == extractor.producer

    def test_subclass_keeps_what_it_adds(self) -> None:
        """A subclass's own attributes survive, without calling its ``__init__``."""
        extractor = OnlyDemands(GAZA, tag="x")
        copy = pickle.loads(pickle.dumps(extractor))
        assert type(copy) is OnlyDemands
        assert (copy.tag, copy.producer, copy.lexicon) == (
            "x",
            extractor.producer,
            GAZA,
        )
        article = Article(text=" ".join(SENTENCES))
        assert copy.extract(article) == extractor.extract(article)

    def test_unpicklable_is_said_at_once(self) -> None:
        """An extractor that cannot be sent to workers fails here, with advice."""

        class Local(Neutrality):
            pass

        with pytest.raises(TypeError, match="give a factory"):
            shippable(Local(TABLE))
        stream = extract_stream(
            [Article(text="neutral")], workers=2, extractor=Local(TABLE)
        )
        with pytest.raises(TypeError, match="cannot be sent to worker processes"):
            next(stream)


class TestAnyExtractorServes:
    def test_corpus_extract(self) -> None:
        """`Corpus.extract` reads with the object (or factory) given."""
        corpus = pt.Corpus([Article(text=" ".join(SENTENCES))])
        composite = make_both()
        expected = [f for a in corpus for f in composite.extract(a)]
        assert list(corpus.extract(extractor=composite)) == expected
        assert list(corpus.extract(extractor=make_both)) == expected
        assert any(f.producer == Neutrality.producer for f in expected)

    def test_article_extract(self) -> None:
        """`Article.extract` too."""
        article = Article(text="Kyiv could stay neutral.")
        found = article.extract(extractor=Neutrality(TABLE))
        assert [(p.actor, p.evidence and p.evidence.quote) for p in found] == [
            ("Ukraine", "neutral")
        ]

    def test_corpus_workers_are_checked(self) -> None:
        """`Corpus.extract` takes ``workers=``, and says when it is wrong."""
        with pytest.raises(ValueError, match="'workers' must be a positive integer"):
            pt.Corpus([Article(text="Talks.")]).extract(workers=0)

    def test_lexicon_and_factory_are_refused(self) -> None:
        """A factory reads no lexicon: giving both is a mistake, said out loud."""
        with pytest.raises(ValueError, match="not both"):
            pt.Corpus([]).extract(GAZA, extractor=make_both)

    def test_evaluate_corpus(self) -> None:
        """`evaluate_corpus` scores the extractor given."""
        article = Article(text="Kyiv could stay neutral.", path="a.txt")
        gold = [
            GoldItem(
                "a.txt", "position", "Ukraine", issue="neutrality", stance="supports"
            )
        ]
        assert evaluate_corpus([article], gold).positions.true_positives == 0
        result = evaluate_corpus([article], gold, extractor=Neutrality(TABLE))
        assert result.positions.true_positives == 1


@pytest.mark.slow
class TestWorkers:
    """Real process pools (spawned interpreters): run with ``-m slow``."""

    @settings(
        max_examples=4,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(articles(), st.sampled_from(["a", "b"]))
    def test_subclass_same_at_any_worker_count(
        self, corpus: list[Article], tag: str
    ) -> None:
        """A subclassed rule engine finds the same with one worker and two."""
        extractor = OnlyDemands(tag=tag)
        one = list(extract_stream(corpus, extractor=extractor))
        two = list(extract_stream(corpus, workers=2, chunksize=1, extractor=extractor))
        assert two == one
        assert all(isinstance(f, pt.Demand) for _, found in two for f in found)

    def test_composite_and_factory_at_two_workers(self) -> None:
        """A composite, given as an object or a factory, reads the same in workers."""
        corpus = pt.Corpus(Article(text=text) for text in SENTENCES)
        expected = corpus.extract(extractor=make_both())
        assert corpus.extract(extractor=make_both(), workers=2) == expected
        assert corpus.extract(extractor=make_both, workers=2) == expected
        assert any(f.producer == Neutrality.producer for f in expected)

    def test_evaluate_corpus_ships_the_extractor(self) -> None:
        """`evaluate_corpus` with workers scores the given extractor, not a new one."""
        corpus = [Article(text=t, path=f"{n}.txt") for n, t in enumerate(SENTENCES)]
        gold = [
            GoldItem(
                "2.txt", "position", "Ukraine", issue="neutrality", stance="supports"
            )
        ]
        one = evaluate_corpus(corpus, gold, extractor=OnlyDemands(tag="a"))
        two = evaluate_corpus(corpus, gold, extractor=OnlyDemands(tag="a"), workers=2)
        assert two == one
        assert two.positions.false_positives == 0

    def test_dask_processes(self) -> None:
        """The Dask bag runs the given extractor in its worker processes."""
        import dask.bag

        from peacetalks.integrations.dask import extract_bag

        corpus = [Article(text=text) for text in SENTENCES]
        bag: Any = cast(Any, dask.bag).from_sequence(corpus, npartitions=2)
        composite = make_both()
        found = cast(Any, extract_bag(bag, extractor=composite)).compute(
            scheduler="processes"
        )
        assert found == [f for a in corpus for f in composite.extract(a)]
