# ruff: noqa: RUF001 - news text has curly quotes and apostrophes
"""Tests for peacetalks.extract.actors."""

from __future__ import annotations

import pickle
import re
from importlib import resources
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks.extract import actors as actors_module
from peacetalks.extract.actors import KINDS, ActorFinder, Mention
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article

SAMPLE = resources.files("peacetalks.datasets").joinpath("data", "sample")

FINDER = ActorFinder()

CAUCASUS = Lexicon.from_dict(
    {
        "name": "south-caucasus",
        "actors": [
            {
                "name": "Armenia",
                "aliases": ["Yerevan", "the Armenian side"],
                "adjectives": ["Armenian"],
            },
            {
                "name": "Azerbaijan",
                "aliases": ["Baku", "the Azerbaijani side"],
                "adjectives": ["Azerbaijani"],
            },
            {"name": "OSCE", "aliases": ["the Minsk Group"]},
        ],
        "speakers": [
            {
                "name": "Nikol Pashinyan",
                "actor": "Armenia",
                "role": "prime minister",
                "variants": ["Pashinyan", "Pashinian"],
            },
            {
                "name": "Ilham Aliyev",
                "actor": "Azerbaijan",
                "role": "president",
                "variants": ["Aliyev"],
            },
        ],
        "analysts": [{"name": "Thomas de Waal", "variants": ["de Waal"]}],
    }
)


def found(text: str, finder: ActorFinder = FINDER) -> list[tuple[str, str | None]]:
    """The text and actor of each mention in ``text``."""
    return [(mention.text, mention.actor) for mention in finder.find(text)]


def check_invariants(source: str, mentions: list[Mention]) -> None:
    """Assert the offset invariants every result of find keeps."""
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(source)
        assert mention.text == source[mention.start : mention.end]
        assert mention.kind in KINDS
        assert (mention.kind == "speaker") == (mention.speaker is not None)
        previous_end = mention.end


def sample_sentences() -> list[str]:
    """Every line of the sample articles."""
    return [
        line
        for path in SAMPLE.iterdir()
        if path.name.endswith(".txt")
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


class TestMention:
    def test_is_a_span(self) -> None:
        """A mention has a span's length."""
        assert len(Mention(3, 7, "Kyiv", "Ukraine", None, "alias")) == 4

    def test_frozen(self) -> None:
        """Mentions are immutable."""
        mention = Mention(0, 4, "Kyiv", "Ukraine", None, "alias")
        with pytest.raises(AttributeError):
            mention.start = 1  # type: ignore[misc]


class TestOutlets:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # Reuters
            (
                (
                    "Russian President Vladimir Putin said on Tuesday Moscow was open "
                    "to talks."
                ),
                [
                    ("Russian", "Russia"),
                    ("Vladimir Putin", "Russia"),
                    ("Moscow", "Russia"),
                ],
            ),
            # AP
            (
                (
                    "Ukrainian President Volodymyr Zelenskyy told The Associated Press "
                    "that Kyiv would not cede land."
                ),
                [
                    ("Ukrainian", "Ukraine"),
                    ("Volodymyr Zelenskyy", "Ukraine"),
                    ("Kyiv", "Ukraine"),
                ],
            ),
            # The Guardian
            (
                "Nato allies and the EU said the Kremlin’s demands were a nonstarter.",
                [
                    ("Nato allies", "NATO"),
                    ("EU", "European Union"),
                    ("Kremlin’s", "Russia"),
                ],
            ),
            # TASS
            (
                (
                    "Kremlin spokesman Dmitry Peskov said the Russian Federation "
                    "sought guarantees from the alliance."
                ),
                [
                    ("Kremlin", "Russia"),
                    ("Dmitry Peskov", "Russia"),
                    ("Russian Federation", "Russia"),
                    ("the alliance", "NATO"),
                ],
            ),
            # Kyiv Independent
            (
                "Zelensky met Turkish President Recep Tayyip Erdoğan in Ankara.",
                [
                    ("Zelensky", "Ukraine"),
                    ("Turkish", "Turkey"),
                    ("Recep Tayyip Erdoğan", "Turkey"),
                    ("Ankara", "Turkey"),
                ],
            ),
            # Fox News
            (
                (
                    "Washington and Brussels want the U.K. and France on board, "
                    "analyst Rebekah Koffler said."
                ),
                [
                    ("Washington", "United States"),
                    ("Brussels", "European Union"),
                    ("U.K.", "United Kingdom"),
                    ("France", "France"),
                    ("Rebekah Koffler", None),
                ],
            ),
            # Headline style
            (
                "THE KREMLIN REJECTS ZELENSKY PLAN",
                [("KREMLIN", "Russia"), ("ZELENSKY", "Ukraine")],
            ),
        ],
    )
    def test_outlet_sentences(
        self, text: str, expected: list[tuple[str, str | None]]
    ) -> None:
        """Sentences in several outlets' styles yield the expected mentions."""
        assert found(text) == expected


class TestSamples:
    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            (
                (
                    "Podolyuak stressed the importance of NATO countries such as the "
                    "U.S., U.K., Turkey and Germany"
                ),
                [
                    ("Podolyuak", "Ukraine"),
                    ("NATO", "NATO"),
                    ("U.S.", "United States"),
                    ("U.K.", "United Kingdom"),
                    ("Turkey", "Turkey"),
                    ("Germany", "Germany"),
                ],
            ),
            (
                (
                    "But Ukraine's demands could still be a roadblock for Russia, "
                    "author and former DIA agent Rebekah Koffler told Fox News "
                    "Digital Tuesday."
                ),
                [
                    ("Ukraine's", "Ukraine"),
                    ("Russia", "Russia"),
                    ("Rebekah Koffler", None),
                ],
            ),
            (
                (
                    "The Kremlin's position is that individual NATO members are free "
                    "to send weapons to Ukraine as part of bilateral security "
                    "agreements, but they should not be used against Russia or to "
                    "retake territories, said one of the sources familiar with "
                    "Moscow's preparations for the talks."
                ),
                [
                    ("Kremlin's", "Russia"),
                    ("NATO", "NATO"),
                    ("Ukraine", "Ukraine"),
                    ("Russia", "Russia"),
                    ("Moscow's", "Russia"),
                ],
            ),
            (
                (
                    "The Ukrainian proposal includes a pledge not to join NATO, but "
                    "Kyiv wants security guarantees similar to NATO’s Article 5, which "
                    "outlines the alliance’s mutual defense agreement."
                ),
                [
                    ("Ukrainian", "Ukraine"),
                    ("NATO", "NATO"),
                    ("Kyiv", "Ukraine"),
                    ("NATO’s", "NATO"),
                    ("the alliance’s", "NATO"),
                ],
            ),
            (
                (
                    '"The Treaty on Security Guarantees essentially assumes an '
                    'effective instrument," Mihailo Podolyuak, top adviser to '
                    "Ukrainian President Volodymyr Zelenskyy, said of the talks."
                ),
                [
                    ("Mihailo Podolyuak", "Ukraine"),
                    ("Ukrainian", "Ukraine"),
                    ("Volodymyr Zelenskyy", "Ukraine"),
                ],
            ),
            (
                (
                    "“The issue of territories is not the main problem of the conflict,"
                    '" said Tatiana Stanovaya, founder of the R.'
                ),
                [("Tatiana Stanovaya", None)],
            ),
        ],
    )
    def test_sample_lines(
        self, line: str, expected: list[tuple[str, str | None]]
    ) -> None:
        """Lines from the sample articles yield the expected mentions."""
        assert found(line) == expected

    def test_sample_lines_are_real(self) -> None:
        """The sample articles contain the Podolyuak line quoted above."""
        lines = sample_sentences()
        assert any("Podolyuak stressed the importance" in line for line in lines)

    def test_whole_samples(self) -> None:
        """Every sample line keeps the invariants and the samples name all sides."""
        actors: set[str | None] = set()
        for line in sample_sentences():
            mentions = FINDER.find(line)
            check_invariants(line, mentions)
            actors.update(mention.actor for mention in mentions)
        assert {"Russia", "Ukraine", "NATO", "United States", None} <= actors


class TestRules:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Let us talk.", []),
            ("They told us the US would help.", [("US", "United States")]),
            ("un accord", []),
            ("the UN said", [("UN", "United Nations")]),
            ("turkey for dinner", []),
            ("a trump card", []),
            ("Russians said", [("Russians", "Russia")]),  # "the Russians" is the side
            ("Russianness", []),
            ("an anti-Russian stance", [("Russian", "Russia")]),
            ("the Soviet Union", []),
            (
                "the bloc and the Union",
                [("the bloc", "European Union"), ("Union", "European Union")],
            ),
            ("bloc members", []),
            ("Moscow and Kyiv agreed", [("Moscow and Kyiv", "Russia and Ukraine")]),
            ("Elysee and Élysée", [("Elysee", "France"), ("Élysée", "France")]),
        ],
    )
    def test_rules(self, text: str, expected: list[tuple[str, str | None]]) -> None:
        """Case, boundary, "the" and accent rules decide what matches."""
        assert found(text) == expected

    @pytest.mark.parametrize(
        ("text", "kinds"),
        [
            ("Russia", ["name"]),
            ("Moscow", ["alias"]),
            ("Russian", ["adjective"]),
            ("Russia's", ["possessive"]),
            ("Ukraine’s", ["possessive"]),
            ("Putin", ["speaker"]),
            ("Russian President Vladimir Putin", ["adjective", "speaker"]),
            ("Putin's", ["speaker"]),
        ],
    )
    def test_kinds(self, text: str, kinds: list[str]) -> None:
        """Each mention says what kind of form it is."""
        assert [mention.kind for mention in FINDER.find(text)] == kinds

    def test_possessive_span(self) -> None:
        """An actor's possessive covers the 's; a speaker's does not."""
        text = "Ukraine's and Putin's"
        assert [m.text for m in FINDER.find(text)] == ["Ukraine's", "Putin"]

    @pytest.mark.parametrize(
        ("text", "longest"),
        [
            ("the Russian Federation", "Russian Federation"),
            ("Vladimir Putin", "Vladimir Putin"),
            ("the Russian delegation", "Russian delegation"),
            ("the United States of America", "United States of America"),
        ],
    )
    def test_longest_match_wins(self, text: str, longest: str) -> None:
        """The longest form at a position wins over its prefixes."""
        assert [m.text for m in FINDER.find(text)] == [longest]

    @pytest.mark.parametrize(
        ("text", "speaker"),
        [
            ("Zelenksy", "Volodymyr Zelensky"),
            ("Zelenksky", "Volodymyr Zelensky"),
            ("Zelenskyy", "Volodymyr Zelensky"),
            ("Podolyak", "Mykhailo Podolyak"),
            ("Podoliak", "Mykhailo Podolyak"),
            ("Podolyuak", "Mykhailo Podolyak"),
            ("Podolyk", "Mykhailo Podolyak"),
            ("Lavrovv", "Sergei Lavrov"),
            ("Stanovya", "Tatiana Stanovaya"),
        ],
    )
    def test_spellings(self, text: str, speaker: str) -> None:
        """Variants and surnames one edit away resolve to the speaker."""
        (mention,) = FINDER.find(f"{text} said.")
        assert (mention.text, mention.speaker, mention.kind) == (
            text,
            speaker,
            "speaker",
        )

    @pytest.mark.parametrize(
        "text",
        [
            "Putn said",  # surnames under six letters are not corrected
            "Zelinskky said",  # two edits away
            "zelenksy said",  # not capitalised
            "Belensky said",  # the first letter must match
        ],
    )
    def test_no_fuzzy_match(self, text: str) -> None:
        """Short, distant, lower-case or wrong-initial words are not speakers."""
        assert FINDER.find(text) == []

    def test_analysts_have_no_actor(self) -> None:
        """Analysts are found as speakers with no actor."""
        mentions = FINDER.find("Koffler and Stanovaya agreed.")
        assert [(m.speaker, m.actor) for m in mentions] == [
            ("Rebekah Koffler", None),
            ("Tatiana Stanovaya", None),
        ]

    def test_default_lexicon(self) -> None:
        """Without a lexicon the finder uses the bundled default."""
        assert ActorFinder().lexicon is Lexicon.default()
        assert "russia-ukraine" in repr(ActorFinder())


class TestOtherConflict:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "Armenian Prime Minister Nikol Pashinyan met Ilham Aliyev in Baku.",
                [
                    ("Armenian", "Armenia", None),
                    ("Nikol Pashinyan", "Armenia", "Nikol Pashinyan"),
                    ("Ilham Aliyev", "Azerbaijan", "Ilham Aliyev"),
                    ("Baku", "Azerbaijan", None),
                ],
            ),
            (
                "Pashinian said Yerevan's offer stands; Aliev disagreed.",
                [
                    ("Pashinian", "Armenia", "Nikol Pashinyan"),
                    ("Yerevan's", "Armenia", None),
                ],
            ),
            (
                "Pashiyan and the Azerbaijani side, said Thomas de Waal.",
                [
                    ("Pashiyan", "Armenia", "Nikol Pashinyan"),
                    ("Azerbaijani side", "Azerbaijan", None),
                    ("Thomas de Waal", None, "Thomas de Waal"),
                ],
            ),
            (
                "Putin, Zelensky, Kyiv and the Kremlin are not in this lexicon.",
                [],
            ),
        ],
    )
    def test_caucasus(
        self, text: str, expected: list[tuple[str, str | None, str | None]]
    ) -> None:
        """The same code finds another conflict's parties from its lexicon."""
        finder = ActorFinder(CAUCASUS)
        assert [(m.text, m.actor, m.speaker) for m in finder.find(text)] == expected

    def test_empty_lexicon(self) -> None:
        """A lexicon with no names finds nothing."""
        finder = ActorFinder(Lexicon.from_dict({"name": "empty"}))
        assert finder.find("Russia and Ukraine") == []


class TestMoreStatesAndBodies:
    """States and bodies beyond the warring parties: by name, demonym, capital."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # by name
            ("Italy tabled a four-stage plan.", [("Italy", "Italy")]),
            (
                "Indonesia's proposal surprised Kyiv.",
                [("Indonesia's", "Indonesia"), ("Kyiv", "Ukraine")],
            ),
            (
                "Envoys from Saudi Arabia and Qatar met in Geneva.",
                [("Saudi Arabia", "Saudi Arabia"), ("Qatar", "Qatar")],
            ),
            ("The Holy See offered its good offices.", [("Holy See", "Vatican")]),
            # by demonym or title
            ("The Italian prime minister backed a truce.", [("Italian", "Italy")]),
            (
                "A Hungarian spokesman and Emirati mediators spoke.",
                [("Hungarian", "Hungary"), ("Emirati", "United Arab Emirates")],
            ),
            (
                "South African and Brazilian diplomats agreed.",
                [("South African", "South Africa"), ("Brazilian", "Brazil")],
            ),
            # by capital or seat, as news uses it for the government
            ("Jakarta wants a demilitarised zone.", [("Jakarta", "Indonesia")]),
            (
                "New Delhi and Pretoria abstained.",
                [("New Delhi", "India"), ("Pretoria", "South Africa")],
            ),
            (
                "Beijing and Canberra brokered the swap.",
                [("Beijing", "China"), ("Canberra", "Australia")],
            ),
            # international bodies and their heads
            ("The UN chief urged a pause.", [("UN chief", "United Nations")]),
            (
                "The U.N. Secretary-General spoke.",
                [("U.N. Secretary-General", "United Nations")],
            ),
            (
                "The OSCE and the African Union sent observers.",
                [("OSCE", "OSCE"), ("African Union", "African Union")],
            ),
            (
                "The UN nuclear watchdog asked for a safety zone.",
                [("UN nuclear watchdog", "IAEA")],
            ),
        ],
    )
    def test_found(self, text: str, expected: list[tuple[str, str]]) -> None:
        """The default lexicon knows the mediators, hosts and bodies of the talks."""
        assert found(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "The arsenal was given up under the Budapest Memorandum.",
            "The Minsk agreements never brought peace.",
            "The court applies the Rome Statute.",
            "Membership was promised at the Bucharest summit.",
            "The Helsinki Final Act guarantees borders.",
            "Sofia Ivanova, a student, was evacuated.",
            "Candidates must meet the Copenhagen criteria.",
            "Signatories of the Ottawa Treaty may not lay mines.",
            "Officials in Riyadh said the next round would be in Abu Dhabi or Doha.",
        ],
    )
    def test_capitals_that_name_other_things_are_not_states(self, text: str) -> None:
        """A capital that names a treaty, a summit, a person or a venue is no alias."""
        assert found(text) == []


class TestMoreStatesHoldPositions:
    """A new state or body holds what it says, however it is named."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Italy has proposed a ceasefire along the front line.", {"Italy"}),
            ("The Italian prime minister called for a ceasefire.", {"Italy"}),
            ("Jakarta called for an immediate ceasefire.", {"Indonesia"}),
            ("Hungary's prime minister urged a Christmas ceasefire.", {"Hungary"}),
            ("The UN chief called for a ceasefire over Easter.", {"United Nations"}),
            ("Brasília and New Delhi urged a ceasefire.", {"Brazil", "India"}),
            ("Orbán said he had proposed a Christmas ceasefire.", {"Hungary"}),
        ],
    )
    def test_holder(self, text: str, expected: set[str]) -> None:
        """By name, demonym with a title, possessive or capital."""
        positions = RuleExtractor().positions(Article(text=text))
        assert {(p.actor, p.issue) for p in positions} == {
            (actor, "ceasefire") for actor in expected
        }

    @pytest.mark.parametrize(
        ("text", "actor"),
        [
            (
                (
                    "Russian and Ukrainian delegations met in Riyadh, where Moscow "
                    "demanded Ukraine's neutrality."
                ),
                "Russia",
            ),
            (
                (
                    "At talks hosted by Qatar, Kyiv demanded the return of deported "
                    "children."
                ),
                "Ukraine",
            ),
            ("In Abu Dhabi, the Russian side called for a ceasefire at sea.", "Russia"),
        ],
    )
    def test_a_host_is_not_the_holder(self, text: str, actor: str) -> None:
        """Naming where the talks are held does not make the host a party."""
        positions = RuleExtractor().positions(Article(text=text))
        assert {p.actor for p in positions} == {actor}


def _every_form() -> list[tuple[str, str]]:
    """Each actor's name, aliases and adjectives, with the actor's name."""
    return [
        (form, actor.name) for actor in Lexicon.default().actors for form in actor.names
    ]


class TestEveryForm:
    @pytest.mark.parametrize(("form", "actor"), _every_form())
    def test_resolves_to_its_actor(self, form: str, actor: str) -> None:
        """Every form of the default lexicon is found, whole, as its own actor."""
        text = f"Reporters said {form} spoke."
        mentions = FINDER.find(text)
        assert [(m.actor, m.text) for m in mentions] == [
            (actor, form.removeprefix("the ") if form[4:5].isupper() else form)
        ]
        assert Lexicon.default().actor(form).name == actor

    def test_no_form_names_two_actors(self) -> None:
        """No name, alias or adjective of one actor is a form of another.

        Compared as the lexicon and the finder fold them: case, accents,
        spacing and a leading "the".
        """
        owners: dict[str, set[str]] = {}
        for form, actor in _every_form():
            key = " ".join(actors_module._strip_accents(form).casefold().split())
            owners.setdefault(key.removeprefix("the "), set()).add(actor)
        assert {key: names for key, names in owners.items() if len(names) > 1} == {}


_NAMES = sorted(
    {name for actor in Lexicon.default().actors for name in actor.names}
    | {name for speaker in Lexicon.default().speakers for name in speaker.names}
)
_FILLER = st.text(alphabet="xqz0123456789 .,;:!?()\n-", max_size=30)


class TestProperties:
    @given(st.text(max_size=200))
    def test_invariants(self, text: str) -> None:
        """For any text, mentions are ordered, disjoint and exact."""
        check_invariants(text, FINDER.find(text))

    @given(
        st.lists(
            st.one_of(st.sampled_from(_NAMES), st.text(max_size=8)), max_size=12
        ).map(" ".join)
    )
    def test_invariants_on_name_soup(self, text: str) -> None:
        """Text dense with names keeps the invariants too."""
        check_invariants(text, FINDER.find(text))

    @given(_FILLER, st.sampled_from(_NAMES), _FILLER)
    def test_inserted_name_is_found(self, before: str, name: str, after: str) -> None:
        """A known name inserted between unrelated text is found where it was put."""
        lexicon = Lexicon.default()
        text = f"{before} {name} {after}"
        start = len(before) + 1
        end = start + len(name)
        mentions = [m for m in FINDER.find(text) if m.start < end and start < m.end]
        assert len(mentions) == 1
        (mention,) = mentions
        assert (mention.start, mention.end) in {(start, end), (start + 4, end)}
        assert mention.text in {name, name.removeprefix("the ")}
        if mention.speaker is not None:
            assert lexicon.speaker(name).name == mention.speaker
        else:
            assert lexicon.actor(name).name == mention.actor


class TestAskedAgain:
    """The same sentence asked about twice (attribution, then demands)."""

    def test_a_fresh_list_each_time(self) -> None:
        finder = ActorFinder()
        text = "Zelenksy met Putin in Istanbul."
        first = finder.find(text)
        first.clear()  # the caller's list is the caller's
        again = finder.find(text)
        assert [m.text for m in again] == ["Zelenksy", "Putin"]
        assert again == ActorFinder().find(text)

    def test_a_pickled_finder_finds_the_same(self) -> None:
        finder = ActorFinder()
        text = "Podoliak said Kyiv's terms stand."
        expected = finder.find(text)
        copy = pickle.loads(pickle.dumps(finder))
        assert copy.find(text) == expected

    def test_a_form_matched_again_is_not_looked_up_again(self) -> None:
        """The entry of a text `_exact` matched before is remembered."""
        finder = ActorFinder()
        with mock.patch.object(
            actors_module, "_lookup_key", side_effect=actors_module._lookup_key
        ) as key:
            mentions = finder.find("Kyiv, Kyiv and Kyiv's allies")
        assert [m.kind for m in mentions] == ["alias", "alias", "possessive"]
        assert key.call_count == 1
        copy = pickle.loads(pickle.dumps(finder))
        assert copy._entry_of == {}


_NAME_SOUP = st.lists(
    st.sampled_from(_NAMES)
    | st.sampled_from(["the", "The", "x", "-", "'s", "’", ",", "\n", "é", "İ", "ı"])
    | st.text(max_size=6),
    max_size=12,
)


class TestOneBranchPerFirstCharacter:
    """`ActorFinder._exact`'s pattern, dispatched on first characters."""

    @given(_NAME_SOUP, st.sampled_from([" ", "", "-", "  "]))
    def test_matches_as_every_form_tried_in_order(
        self, words: list[str], glue: str
    ) -> None:
        """It matches exactly what the forms tried one after another match.

        The reference is the pattern that opens with ``(?<!\\w)`` and tries
        each letter's forms in order at every position.
        """
        text = glue.join(words)
        spans = [m.span() for m in FINDER._pattern.finditer(text)]
        assert spans == [m.span() for m in FINDER._reference.finditer(text)]

    def test_every_branch_opens_with_a_character(self) -> None:
        """The pattern opens with literals: the engine skips to them itself.

        A pattern that opens with a look-behind has no such start, and the
        regex engine tries it at every position of the text.
        """
        pattern = FINDER._pattern.pattern
        assert FINDER._pattern is not FINDER._reference
        assert re.match(r"\(\?:\\?.\(\?<!\\w\.\)", pattern)
        firsts = re.findall(r"(?:^\(\?:|\|)(\\?.)\(\?<!\\w\.\)", pattern)
        assert len(firsts) == len(set(firsts)) == pattern.count("(?<!\\w.)")

    def test_a_form_that_opens_with_an_apostrophe_keeps_the_reference(self) -> None:
        """A form whose first character is not its own first unit: no dispatch."""
        lexicon = Lexicon.default()
        odd = attrs.evolve(
            lexicon.actors[0], aliases=(*lexicon.actors[0].aliases, "’t Hooft")
        )
        finder = ActorFinder(attrs.evolve(lexicon, actors=(odd, *lexicon.actors[1:])))
        assert finder._pattern is finder._reference
        assert [m.text for m in finder.find("says ’t Hooft")] == ["’t Hooft"]


#: The words long enough to be a misspelt surname, as the rule was written.
LONG_WORD = re.compile(rf"(?<!\w)[^\W\d_]{{{actors_module._FUZZY_MIN},}}+(?!\w)")


def _fuzzy_as_written(finder: ActorFinder, text: str) -> list[Mention]:
    """The misspelt surnames of the module's rules: every long capital word.

    Each word of `LONG_WORD` that opens with a capital and overlaps no
    exact mention is compared with the surnames.
    """
    mentions = list(finder._exact(text))
    taken = [(m.start, m.end) for m in mentions]
    for word in LONG_WORD.finditer(text):
        start, end = word.span()
        if not word.group()[0].isupper() or any(
            a < end and start < b for a, b in taken
        ):
            continue
        speaker = finder._search_closest(word.group())
        if speaker is not None:
            mentions.append(
                Mention(
                    start, end, word.group(), speaker.actor, speaker.name, "speaker"
                )
            )
    return sorted(mentions, key=lambda m: m.start)


class TestMisspeltSurnames:
    @given(
        st.lists(
            st.text(alphabet="aZé_1İıǅ²ΣΩ", min_size=1, max_size=9)
            | st.sampled_from(_NAMES)
            | st.sampled_from([" ", "-", "\n", "Zelenksy", "zelensky", "Zelenskyy"])
            | st.sampled_from(["Peskow", "Pesckov", "Ermak", "Yermack", "Ümerov"])
            | st.sampled_from(["Ukraine", "Rusia", "\u212aellogg", "KELLOG"]),
            max_size=12,
        ).map("".join)
    )
    def test_every_long_capital_word_is_compared(self, text: str) -> None:
        """The words compared are those of `LONG_WORD` that open with a capital.

        Only those whose first letter starts some surname can match one,
        and a letter outside ASCII is always compared.
        """
        assert FINDER.find(text) == _fuzzy_as_written(FINDER, text)

    def test_a_capital_no_surname_starts_with_is_not_compared(self) -> None:
        """A word of such a capital is passed over: no speaker is asked about it."""
        finder = ActorFinder()
        assert not finder._misspellable.search("Qxxxxxxx Oxxxxxxx")
        with mock.patch.object(
            finder, "_search_closest", side_effect=finder._search_closest
        ) as search:
            assert [m.text for m in finder.find("Qxxxxxxx said Zelenksy")] == [
                "Zelenksy"
            ]
        assert search.call_count == 1
