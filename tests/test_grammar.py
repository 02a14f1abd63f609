"""The grammar: English word lists as data, loaded and extended with checks.

`Grammar` is read from ``grammars/en.toml`` through the library's converter;
a lexicon's ``[grammar]`` section adds to it; the extraction modules read
their words from the lexicon's grammar.  These tests pin the loader's errors
(file, field path, suggestions), its laws (round trip, extension), and that
a word added as data changes what the extractor reads.
"""

from __future__ import annotations

import collections
import contextlib
import re
import tomllib
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks.errors import DecodeError, ValidationError
from peacetalks.extract.actors import ActorFinder, listed_with, owns
from peacetalks.extract.attribution import agentive, attribute, find_speech_tags
from peacetalks.extract.cues import SIGNAL_CATEGORIES, Signals, find_signals
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.sentences import split_sentences
from peacetalks.grammar import Category, Grammar
from peacetalks.lexicon import Lexicon, Metric, Unit
from peacetalks.model import Act, Article, Demand, Position
from peacetalks.quantities import find_quantities
from tests.strategies import json_values

ENGLISH = Grammar.default()
DEFAULT = Lexicon.default()


def _lexicon(**extra: Any) -> Lexicon:
    """A small lexicon with two parties, and ``extra`` top-level keys."""
    data: dict[str, Any] = {
        "name": "test",
        "actors": [
            {"name": "Arland", "aliases": ["Port Ardent"], "adjectives": ["Arlandic"]},
            {"name": "Belmont"},
        ],
    }
    return Lexicon.from_dict(data | extra)


# ---------------------------------------------------------------------------
# The English grammar file
# ---------------------------------------------------------------------------


class TestEnglish:
    def test_in_the_package(self) -> None:
        """en.toml is package data next to the code (it goes into the wheel)."""
        resource = resources.files("peacetalks") / "grammars" / "en.toml"
        data = tomllib.loads(resource.read_text("utf-8"))
        assert data["name"] == "en"
        assert Grammar.from_dict(data) == ENGLISH

    def test_every_category_is_documented(self) -> None:
        """Each category says what it is for, and docs/grammar.md lists it."""
        page = (Path(__file__).parents[1] / "docs" / "grammar.md").read_text()
        for category in ENGLISH.categories:
            assert category.about, category.name
            assert f"`{category.name}`" in page, category.name

    def test_signal_kinds_read_their_categories(self) -> None:
        for category in SIGNAL_CATEGORIES.values():
            assert ENGLISH[category].alternatives()

    def test_conflict_words_are_in_the_lexicon(self) -> None:
        """ "kremlin" is Russia's: the default lexicon adds it, English lacks it."""
        assert "kremlin" not in ENGLISH["speech.agent_nouns"].words
        assert "kremlin" in DEFAULT.grammar["speech.agent_nouns"].words
        text = "Kremlin officials met."
        (kremlin,) = ActorFinder().find("the Russian Kremlin said")
        assert agentive("the Russian Kremlin said", kremlin, DEFAULT.grammar)
        assert not agentive("the Russian Kremlin said", kremlin, ENGLISH)
        assert text  # the phrase reads the same either way otherwise

    def test_round_trip(self) -> None:
        assert Grammar.from_dict(ENGLISH.to_dict()) == ENGLISH
        assert hash(Grammar.from_dict(ENGLISH.to_dict())) == hash(ENGLISH)


# ---------------------------------------------------------------------------
# Errors: file, path, suggestion
# ---------------------------------------------------------------------------


class TestErrors:
    def test_a_bad_word_is_named_by_file_and_index(self, tmp_path: Path) -> None:
        path = tmp_path / "en.toml"
        path.write_text(
            'name = "en"\n[acts.demand]\nwords = ["asks", "wants", "needs", 3]\n'
        )
        with pytest.raises(ValidationError) as caught:
            Grammar.from_toml(path)
        assert caught.value.path == str(path)
        assert str(caught.value).startswith(f"{path}: $.acts.demand.words[3]: ")
        assert str(caught.value).endswith("expected a string, got an integer")

    def test_every_problem_is_reported(self) -> None:
        data = {
            "name": "x",
            "acts": {"demand": {"words": [1], "patterns": ["(unclosed"]}},
            "speech": {"tags": 5},
        }
        with pytest.raises(ValidationError) as caught:
            Grammar.from_dict(data)
        errors = "\n".join(caught.value.errors)
        assert "$.acts.demand.words[0]" in errors
        assert "$.speech.tags: expected a table or an array of words" in errors

    def test_a_whole_grammar_has_the_english_categories(self) -> None:
        data = ENGLISH.to_dict()
        speech = data["speech"]
        assert isinstance(speech, dict)
        del speech["pronouns"]
        speech["verbs"] = {"wrods": ["said"]}
        with pytest.raises(ValidationError) as caught:
            Grammar.from_dict(data)
        assert caught.value.errors == [
            "$.speech.verbs: missing",
            "$.speech.pronouns: missing",
            (
                "$.speech.verbs.wrods: unknown grammar category 'speech.verbs.wrods'; "
                "did you mean 'speech.verbs'?"
            ),
        ]

    def test_a_bad_pattern_is_named(self) -> None:
        data = {"name": "x", "acts": {"demand": {"patterns": ["ok", "(unclosed"]}}}
        with pytest.raises(ValidationError) as caught:
            Grammar.from_dict(data)
        (error,) = caught.value.errors
        assert error.startswith("$.acts.demand.patterns[1]: not a regular expression")

    def test_a_pattern_python_warns_about_is_refused(self) -> None:
        """``[[`` makes `re` warn (FutureWarning) rather than fail: refused too.

        The suite turns warnings into errors, so before the fix this raised
        FutureWarning out of the loader instead of the library's error.
        """
        with pytest.raises(ValidationError) as caught:
            ENGLISH.extend({"acts": {"offer": {"patterns": ["[[a]"]}}})
        (error,) = caught.value.errors
        assert error.startswith("$.acts.offer.patterns[0]: not a regular expression")

    def test_an_empty_word_is_refused(self) -> None:
        with pytest.raises(ValidationError, match=r"\$\.acts\.offer\.words\[0\]"):
            ENGLISH.extend({"acts": {"offer": ["  "]}})

    def test_an_unknown_category_suggests_the_closest(self) -> None:
        with pytest.raises(ValidationError) as caught:
            ENGLISH.extend({"acts": {"demnd": ["asks for"]}}, where="$.grammar")
        assert caught.value.errors == [
            (
                "$.grammar.acts.demnd: unknown grammar category 'acts.demnd'; "
                "did you mean 'acts.demand'?"
            )
        ]

    def test_a_missing_name(self) -> None:
        with pytest.raises(ValidationError, match=r"\$\.name: missing"):
            Grammar.from_dict({"acts": {"offer": ["give"]}})

    def test_not_toml(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        path.write_text('name = "x"\nname = "y"\n')
        with pytest.raises(DecodeError) as caught:
            Grammar.from_toml(path)
        assert caught.value.path == str(path)
        assert caught.value.line == 2

    def test_lookup_of_an_unknown_category(self) -> None:
        with pytest.raises(KeyError, match=r"did you mean 'speech\.verbs'"):
            ENGLISH["speech.verb"]


# ---------------------------------------------------------------------------
# Laws
# ---------------------------------------------------------------------------

_category_names = st.sampled_from(ENGLISH.names)
_words = st.lists(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(
        lambda word: bool(word.split())
    ),
    max_size=3,
)


@st.composite
def _additions(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in draw(st.lists(_category_names, max_size=4, unique=True)):
        section, key = name.split(".")
        data.setdefault(section, {})[key] = draw(_words)
    return data


class TestLaws:
    @given(
        st.text(alphabet="ab .?|()(?:\\[]+*{}", max_size=24)
        | st.lists(
            st.sampled_from(["ab", "c", "(?:", "|", ")", "?", " ", "\\."]), max_size=12
        ).map("".join)
    )
    def test_phrases_are_what_the_pattern_matches(self, pattern: str) -> None:
        """`Category.phrases` never raises, and each phrase it gives matches."""
        try:
            with warnings.catch_warnings():  # "possible nested set": not ours
                warnings.simplefilter("ignore", FutureWarning)
                compiled = re.compile(pattern)
        except re.error:
            return
        phrases = Category("x.y", patterns=(pattern,)).phrases()
        if phrases is not None:
            for phrase in phrases:
                assert compiled.fullmatch(phrase), (pattern, phrase)

    @given(json_values())
    def test_arbitrary_data_raises_only_validation_errors(self, data: Any) -> None:
        """Any JSON/TOML-shaped value is a grammar or a ValidationError."""
        with contextlib.suppress(ValidationError):
            Grammar.from_dict(data)
        with contextlib.suppress(ValidationError):
            ENGLISH.extend(data)

    @given(st.dictionaries(st.sampled_from(["acts", "speech", "x"]), json_values()))
    def test_arbitrary_sections_raise_only_validation_errors(
        self, data: dict[str, Any]
    ) -> None:
        with contextlib.suppress(ValidationError):
            Grammar.from_dict({"name": "x", **data})

    @given(_additions())
    def test_extension_round_trips(self, additions: dict[str, Any]) -> None:
        """Extending, writing and reading back give the same grammar."""
        grammar = ENGLISH.extend(additions)
        assert Grammar.from_dict(grammar.to_dict()) == grammar
        assert ENGLISH.extend(grammar.additions(ENGLISH)) == grammar

    @given(_additions())
    def test_extension_only_adds(self, additions: dict[str, Any]) -> None:
        grammar = ENGLISH.extend(additions)
        assert grammar.names == ENGLISH.names
        for before, after in zip(ENGLISH.categories, grammar.categories, strict=True):
            assert after.words[: len(before.words)] == before.words
            assert after.patterns == before.patterns
        assert grammar.extend(additions) == grammar  # idempotent

    def test_merge_is_extension(self) -> None:
        more = Grammar("more", [Category("acts.offer", ("will free",))])
        assert ENGLISH.merge(more) == ENGLISH.extend({"acts": {"offer": ["will free"]}})


# ---------------------------------------------------------------------------
# A lexicon extends the grammar
# ---------------------------------------------------------------------------


class TestLexiconGrammar:
    def test_the_section_adds_words(self) -> None:
        lexicon = _lexicon(grammar={"acts": {"offer": ["will free"]}})
        assert lexicon.grammar["acts.offer"].words == ("will free",)
        assert lexicon.grammar["acts.demand"] == ENGLISH["acts.demand"]

    def test_without_a_section_it_is_english(self) -> None:
        assert _lexicon().grammar == ENGLISH

    def test_an_unknown_category_is_an_error_with_its_path(self) -> None:
        with pytest.raises(ValidationError) as caught:
            _lexicon(grammar={"speech": {"verb": ["stated"]}})
        assert caught.value.errors == [
            (
                "$.grammar.speech.verb: unknown grammar category 'speech.verb'; "
                "did you mean 'speech.verbs'?"
            )
        ]

    def test_a_bad_word_is_named_with_the_lexicons_other_errors(self) -> None:
        with pytest.raises(ValidationError) as caught:
            _lexicon(grammar={"acts": {"offer": [5]}}, description=3)
        assert caught.value.errors == [
            "$.description: expected a string, got an integer",
            "$.grammar.acts.offer.words[0]: expected a string, got an integer",
        ]

    def test_pickles_with_its_grammar(self) -> None:
        """Worker processes get the lexicon's grammar, not English's."""
        import pickle

        lexicon = _lexicon(grammar={"acts": {"offer": ["will free"]}})
        copy = pickle.loads(pickle.dumps(lexicon))
        assert copy == lexicon
        assert copy.grammar["acts.offer"].words == ("will free",)
        assert hash(copy.grammar) == hash(lexicon.grammar)

    def test_round_trip_and_merge(self) -> None:
        lexicon = _lexicon(grammar={"acts": {"offer": ["will free"]}})
        assert Lexicon.from_dict(lexicon.to_dict()) == lexicon
        merged = DEFAULT.merge(lexicon)
        assert merged.grammar["acts.offer"].words == ("will free",)
        assert "kremlin" in merged.grammar["speech.agent_nouns"].words

    def test_an_added_act_word_makes_a_finding(self) -> None:
        """The same sentence, with and without the lexicon's act word."""
        text = "Arland will free 30 prisoners."
        metric = {"id": "prisoners", "unit": "persons", "nouns": ["prisoners"]}
        unit = {"id": "persons", "counted": True}
        plain = _lexicon(metrics=[metric], units=[unit])
        more = _lexicon(
            metrics=[metric], units=[unit], grammar={"acts": {"offer": ["will free"]}}
        )
        assert RuleExtractor(plain).extract(Article(text=text)) == []
        (demand,) = RuleExtractor(more).extract(Article(text=text))
        assert isinstance(demand, Demand)
        assert (demand.actor, demand.act, demand.quantity.value) == (
            "Arland",
            Act.OFFER,
            30.0,
        )

    def test_signals_of_a_grammar(self) -> None:
        more = ENGLISH.extend({"acts": {"demand": ["stipulates"]}})
        text = "The plan stipulates a truce."
        assert [s.kind for s in Signals.of(more).find(text)] == ["demand"]
        assert find_signals(text) == []
        assert Signals.of(more) is Signals.of(more)

    def test_an_added_speech_verb_finds_the_speaker(self) -> None:
        text = "“We will not move,” Arland's envoy stated flatly."
        lexicon = _lexicon(grammar={"speech": {"tags": ["stated flatly"]}})
        assert [t.text for t in find_speech_tags(text)] == ["stated"]
        assert [t.text for t in find_speech_tags(text, lexicon.grammar)] == [
            "stated flatly"
        ]
        (speech,) = attribute(text, split_sentences(text), ActorFinder(lexicon))
        assert speech.speaker is not None
        assert speech.speaker.actor == "Arland"

    def test_an_added_abbreviation_keeps_a_sentence_whole(self) -> None:
        text = "Talks at Ft. Ardent Bldg. Nine went on."
        more = ENGLISH.extend({"sentences": {"abbreviations": ["Bldg."]}})
        assert len(split_sentences(text)) == 2
        assert len(split_sentences(text, more)) == 1

    def test_an_added_connective_ends_a_clause(self) -> None:
        text = "Arland agreed, whilst Belmont refused."
        more = ENGLISH.extend({"clauses": {"connectives": ["whilst"]}})
        assert len(split_sentences(text)[0].clauses) == 1
        assert len(split_sentences(text, more)[0].clauses) == 2


# ---------------------------------------------------------------------------
# Every rule reads its words from the grammar
# ---------------------------------------------------------------------------

#: A lexicon with three parties, an issue and a counted metric.
PACT: dict[str, Any] = {
    "name": "pact",
    "actors": [
        {"name": "Arland", "aliases": ["Port Ardent"], "adjectives": ["Arlandic"]},
        {"name": "Belmont"},
        {"name": "Corvia"},
    ],
    "issues": [
        {
            "id": "pact_membership",
            "proposition": "Arland joins the Northern Pact",
            "cues": ["join the Northern Pact"],
        }
    ],
    "metrics": [{"id": "trucks", "unit": "vehicles", "nouns": ["trucks"]}],
    "units": [{"id": "vehicles", "counted": True}],
}


def _findings(text: str, grammar: dict[str, Any] | None = None) -> set[tuple[Any, ...]]:
    """What the pact lexicon, with ``grammar`` added, finds in ``text``."""
    lexicon = Lexicon.from_dict(PACT | ({"grammar": grammar} if grammar else {}))
    out: set[tuple[Any, ...]] = set()
    for finding in RuleExtractor(lexicon).extract(Article(text=text)):
        if isinstance(finding, Position):
            out.add((finding.actor, finding.issue, finding.stance.value))
        else:
            assert isinstance(finding, Demand)
            quantity = finding.quantity
            out.add((finding.actor, quantity.value, quantity.bound.value))
    return out


class TestAddedWords:
    """A word a lexicon adds to a category changes what the rules read.

    Each sentence is read twice: with English alone, and with the word.
    """

    def test_an_aspiration_makes_its_owner_a_supporter(self) -> None:
        text = "Arland's dream to join the Northern Pact is old."
        added = {"aspirations": {"nouns": ["dream"]}}
        assert _findings(text) == set()
        assert _findings(text, added) == {("Arland", "pact_membership", "supports")}

    def test_a_verb_of_giving_up_negates(self) -> None:
        text = "Arland wants to shelve plans to join the Northern Pact."
        added = {"negation": {"giving_up": ["shelve"]}}
        assert _findings(text) == {("Arland", "pact_membership", "supports")}
        assert _findings(text, added) == {("Arland", "pact_membership", "opposes")}

    def test_a_conjunction_lists_parties(self) -> None:
        text = "Belmont alongside Corvia rejected plans to join the Northern Pact."
        added = {"parties": {"conjunctions": ["alongside"]}}
        assert _findings(text) == {("Corvia", "pact_membership", "opposes")}
        assert _findings(text, added) == {
            ("Belmont", "pact_membership", "opposes"),
            ("Corvia", "pact_membership", "opposes"),
        }

    def test_an_answer_noun_answers_the_sentence_before(self) -> None:
        text = "Arland wants to join the Northern Pact. Belmont rejected this wish."
        added = {"answers": {"nouns": ["wish"]}}
        arland = ("Arland", "pact_membership", "supports")
        assert _findings(text) == {arland}
        assert _findings(text, added) == {
            arland,
            ("Belmont", "pact_membership", "opposes"),
        }

    def test_a_reported_future_is_not_hypothetical(self) -> None:
        """After a speech verb the added "could" reads as a plain statement."""
        text = "Arland said it could join the Northern Pact."
        lexicon = Lexicon.from_dict(
            PACT | {"grammar": {"modality": {"reported_future": ["could"]}}}
        )
        assert RuleExtractor(Lexicon.from_dict(PACT)).extract(Article(text=text)) == []
        (position,) = RuleExtractor(lexicon).extract(Article(text=text))
        assert isinstance(position, Position)
        assert (position.actor, position.modality.value) == ("Arland", "asserted")

    def test_a_bound_cue_makes_a_maximum(self) -> None:
        text = "Arland demands tops 300 trucks a day."
        added = {"bounds": {"maximum": ["tops"]}}
        assert _findings(text) == {("Arland", 300.0, "exact")}
        assert _findings(text, added) == {("Arland", 300.0, "max")}

    def test_a_bound_after_the_noun_makes_a_maximum(self) -> None:
        text = "Arland demands 300 trucks tops."
        added = {"bounds": {"maximum_after": ["tops"]}}
        assert _findings(text) == {("Arland", 300.0, "exact")}
        assert _findings(text, added) == {("Arland", 300.0, "max")}

    def test_a_limit_verb_makes_a_maximum(self) -> None:
        text = "Arland wants to trim the convoys to 300 trucks."
        added = {"bounds": {"limits": ["trim"]}}
        assert _findings(text) == {("Arland", 300.0, "exact")}
        assert _findings(text, added) == {("Arland", 300.0, "max")}

    def test_find_quantities_reads_the_lexicons_grammar(self) -> None:
        text = "a cap of 300 trucks, tops 40 buses"
        lexicon = _lexicon(
            grammar={
                "bounds": {"maximum": ["tops"]},
                "counted": {"not_nouns": ["trucks"]},
            }
        )
        english = [(f.text, f.noun) for f in find_quantities(text)]
        more = [(f.text, f.noun) for f in find_quantities(text, lexicon=lexicon)]
        assert english == [("cap of 300", "trucks"), ("40", "buses")]
        assert more == [("cap of 300", None), ("tops 40", "buses")]

    def test_a_month_or_reference_word_is_no_quantity(self) -> None:
        """German dates and references: "am 3 Mai", "Artikel 5"."""
        text = "am 3 Mai, laut Artikel 5, 40 Lastwagen"
        added = {"dates": {"months": ["Mai"]}, "numbers": {"references": ["artikel"]}}
        lexicon = _lexicon(grammar=added)
        assert [f.text for f in find_quantities(text)] == ["3", "5", "40"]
        assert [f.text for f in find_quantities(text, lexicon=lexicon)] == ["40"]

    def test_an_uncounted_noun_makes_a_year_like_number_a_year(self) -> None:
        """A number that looks like a year is a quantity only before a count."""
        text = "a convoy of 2000 trucks"
        added = Lexicon.from_dict(
            PACT | {"grammar": {"counted": {"uncounted": ["trucks"]}}}
        )
        assert [
            f.text for f in find_quantities(text, lexicon=Lexicon.from_dict(PACT))
        ] == ["2000"]
        assert find_quantities(text, lexicon=added) == []

    def test_a_cue_pattern_of_unknown_phrases_is_still_found(self) -> None:
        """A pattern ``Category.phrases`` cannot expand turns off the fast path."""
        cue = {"patterns": [r"give\s+or\s+take"]}
        lexicon = _lexicon(grammar={"bounds": {"approximate": cue}})
        assert lexicon.grammar["bounds.approximate"].phrases() is None
        (found,) = find_quantities("give  or  take 40 buses", lexicon=lexicon)
        assert (found.text, found.quantity.bound.value) == (
            "give  or  take 40",
            "approx",
        )

    def test_the_public_helpers_default_to_english(self) -> None:
        """`owns` and `listed_with` read English unless given a grammar."""
        lexicon = Lexicon.from_dict(
            PACT | {"grammar": {"parties": {"authoring": ["funded"]}}}
        )
        text = "the Arland-funded plan"
        (arland,) = ActorFinder(lexicon).find(text)
        at = text.index("plan")
        assert not owns(text, arland, at)
        assert owns(text, arland, at, grammar=lexicon.grammar)
        text = "Belmont plus Corvia"
        mentions = ActorFinder(lexicon).find(text)
        plus = ENGLISH.extend({"parties": {"conjunctions": ["plus"]}})
        assert listed_with(text, mentions, 1) == ()
        assert listed_with(text, mentions, 1, grammar=plus) == ("Belmont",)


class TestPatterns:
    """`Grammar.regex` and `Grammar.words`: the one way categories become patterns."""

    GRAMMAR = Grammar(
        "t",
        (
            Category("a.first", words=("no more", "stop")),
            Category("a.second", words=("halt",)),
        ),
    )

    def test_regex_joins_the_categories_in_order(self) -> None:
        """Both categories' alternatives, in order, in one group."""
        rx = self.GRAMMAR.regex("a.first", "a.second")

        assert re.fullmatch(rx, "no  more")
        assert re.fullmatch(rx, "halt")
        assert rx.index("stop") < rx.index("halt")

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            ("They said: STOP.", "STOP"),
            ("no more, they said", "no more"),
            ("a halt to it", "halt"),
            ("the stopgap and the halting", None),
            ("nonstop", None),
        ],
    )
    def test_words_are_whole_words_in_any_case(
        self, text: str, found: str | None
    ) -> None:
        """A match never starts or ends inside a word."""
        match = self.GRAMMAR.words("a.first", "a.second").search(text)

        assert (match.group() if match else None) == found

    def test_unknown_category_named(self) -> None:
        with pytest.raises(KeyError, match=r"a\.thrid"):
            self.GRAMMAR.words("a.thrid")


class TestCompiledOnce:
    def test_each_grammar_is_compiled_once_not_per_article(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Reading a grammar's words happens for its first article only.

        Every compiled object is built from `Category` methods; counting
        their calls shows what the per-grammar caches spare.
        """
        calls: collections.Counter[str] = collections.Counter()
        for name in ("regex", "alternatives", "folded", "phrases"):
            original = getattr(Category, name)

            def counted(
                self: Category, *args: Any, _f: Any = original, _n: str = name
            ) -> Any:
                calls[_n] += 1
                return _f(self, *args)

            monkeypatch.setattr(Category, name, counted)
        # a grammar no other test compiles
        data = DEFAULT.to_dict()
        data["grammar"] = {"acts": {"offer": ["compiles once"]}}
        lexicon = Lexicon.from_dict(data)
        texts = [
            "Britain and France offered up to 5,000 troops, Lavrov said.",
            "“Ukraine must never join NATO,” Peskov told reporters.",
            "Kyiv rejected Moscow's demand to cap its army at 85,000 troops.",
            "Russia's bid to join the EU, which Kyiv viewed as a threat, stalled.",
        ]
        extractor = RuleExtractor(lexicon)
        assert extractor.extract(Article(text=texts[0]))
        assert calls["regex"] > 0  # the first article compiled the grammar
        calls.clear()
        for text in texts:
            assert RuleExtractor(lexicon).extract(Article(text=text))
            extractor.extract(Article(text=text + " " + text))
        assert dict(calls) == {}


# ---------------------------------------------------------------------------
# Counted metrics are declared
# ---------------------------------------------------------------------------


class TestCounted:
    def test_the_default_lexicon_counts_what_it_did(self) -> None:
        """The units once named ``personnel``/``units`` now say it themselves."""
        counted = {m.id for m in DEFAULT.metrics if DEFAULT.counted(m.id)}
        by_name = {
            m.id
            for m in DEFAULT.metrics
            if DEFAULT.unit(m.unit).reference in ("personnel", "units")
        }
        assert counted == by_name
        assert {"troops", "tanks", "prisoner_exchange"} <= counted

    def test_a_unit_of_any_name_may_be_counted(self) -> None:
        text = "Arland demanded the release of 12 hostages."
        metric = {"id": "hostages", "unit": "heads", "nouns": ["hostages"]}
        counted = _lexicon(metrics=[metric], units=[{"id": "heads", "counted": True}])
        plain = _lexicon(metrics=[metric], units=[{"id": "heads"}])
        (demand,) = RuleExtractor(counted).extract(Article(text=text))
        assert isinstance(demand, Demand)
        assert (demand.metric, demand.quantity.value) == ("hostages", 12.0)
        assert RuleExtractor(plain).extract(Article(text=text)) == []

    def test_a_unit_counted_by_its_name_still_counts_and_warns(self) -> None:
        """A lexicon written before ``counted`` keeps its counted figures.

        Its ``personnel`` unit was counted because of its name; without the
        flag its figures would be lost in silence, so it is counted and the
        warning names the unit and the flag to declare.
        """
        metric = {"id": "troops", "unit": "personnel", "nouns": ["troops"]}
        with pytest.warns(DeprecationWarning, match=r"\$\.units\[0\].*counted = true"):
            lexicon = _lexicon(metrics=[metric], units=[{"id": "personnel"}])
        assert lexicon.counted("troops")

    def test_a_unit_named_personnel_that_says_it_is_not_counted_is_not(
        self,
    ) -> None:
        metric = {"id": "troops", "unit": "personnel", "nouns": ["troops"]}
        units = [{"id": "personnel", "counted": False}]
        assert not _lexicon(metrics=[metric], units=units).counted("troops")

    def test_the_metric_decides_over_its_unit(self) -> None:
        lexicon = Lexicon(
            "x",
            metrics=[
                Metric("a", "persons", nouns=("a",), counted=False),
                Metric("b", "persons", nouns=("b",)),
                Metric("c", "km", nouns=("c",), counted=True),
            ],
            units=[
                Unit("people", counted=True),
                Unit("persons", base="people"),
                Unit("km"),
            ],
        )
        assert [lexicon.counted(m) for m in "abc"] == [False, True, True]

    def test_a_bad_flag_is_named(self) -> None:
        with pytest.raises(ValidationError) as caught:
            _lexicon(units=[{"id": "heads", "counted": "yes"}])
        assert caught.value.errors == [
            "$.units[0].counted: expected true or false, got a string"
        ]


# ---------------------------------------------------------------------------
# The readers on arbitrary data
# ---------------------------------------------------------------------------

_LEXICON_KEYS = st.sampled_from(
    [
        "name",
        "description",
        "default_target",
        "actors",
        "speakers",
        "analysts",
        "issues",
        "metrics",
        "units",
        "grammar",
        "nme",
    ]
)
_TABLE_KEYS = st.sampled_from(
    ["name", "id", "unit", "aliases", "nouns", "counted", "factor", "base", "actor"]
)
_tables = st.dictionaries(_TABLE_KEYS, json_values(), max_size=4)
_lexicon_data = st.dictionaries(
    _LEXICON_KEYS,
    st.one_of(json_values(), st.lists(_tables, max_size=3), _additions()),
    max_size=5,
)


class TestReaders:
    @given(_lexicon_data)
    def test_lexicon_from_dict_raises_only_validation_errors(
        self, data: dict[str, Any]
    ) -> None:
        """Lexicon-shaped data, right or wrong, is a lexicon or a ValidationError."""
        lexicon: Lexicon | None = None
        errors: list[str] = []
        try:
            lexicon = Lexicon.from_dict(data)
        except ValidationError as error:
            errors = error.errors
        if lexicon is None:
            assert errors
            assert all(message.startswith("$") for message in errors)
        else:
            assert Lexicon.from_dict(lexicon.to_dict()) == lexicon

    @given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
    def test_grammar_from_toml_raises_only_documented_errors(self, data: bytes) -> None:
        import tempfile

        where: str | None = None
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "g.toml")
            path.write_bytes(data)
            try:
                Grammar.from_toml(path)
            except (DecodeError, ValidationError) as error:
                where = error.path
            else:
                where = str(path)
            assert where == str(path)
