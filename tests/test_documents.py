"""Documents an article reports, and their provisions held by the author.

The sentences are written for these tests, in the styles of wire copy,
explainers and live blogs, and in other conflicts (the ceasefire-and-
hostages lexicon of ``examples/``).  Each asserts who holds a provision and
that the party the provision constrains does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks.extract.doc import Annotator
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.lexicon import Lexicon
from peacetalks.model import Act, Article, Demand, Position

EXTRACTOR = RuleExtractor()
CEASEFIRE = RuleExtractor(
    Lexicon.from_toml(
        Path(__file__).parents[1] / "examples" / "ceasefire_hostages.toml"
    )
)


def _positions(
    text: str, extractor: RuleExtractor = EXTRACTOR
) -> set[tuple[str, str, str]]:
    return {
        (p.actor, p.issue, p.stance.value)
        for p in extractor.positions(Article(text=text))
    }


def _holder_rules(text: str, extractor: RuleExtractor = EXTRACTOR) -> list[str]:
    explanation = extractor.explain(text)
    return [
        step.rule
        for finding in explanation.findings
        for step in finding.trace
        if step.rule.startswith("holder.")
    ]


class TestAuthors:
    """Who the article names as a document's author."""

    @pytest.mark.parametrize(
        ("text", "noun", "author"),
        [
            ("The US plan was leaked.", "plan", "United States"),
            ("Moscow's memorandum arrived on Monday.", "memorandum", "Russia"),
            ("A 12-point Chinese paper circulated.", "paper", "China"),
            ("Beijing circulated a 12-point Chinese blueprint.", "blueprint", "China"),
            ("A draft drawn up by Kyiv was sent to allies.", "draft", "Ukraine"),
            ("The proposal from Washington came late.", "proposal", "United States"),
            (
                "Envoys read the 'Plan for Peace' presented by Turkish diplomats.",
                "Plan",
                "Turkey",
            ),
            ("Ankara presented a new peace plan on Tuesday.", "plan", "Turkey"),
            ("Talks on the proposed plan stalled in Kyiv.", "plan", None),
            ("A plan was discussed.", "plan", None),
        ],
    )
    def test_author_from_the_sentence(
        self, text: str, noun: str, author: str | None
    ) -> None:
        doc = Annotator().read(Article(text=text))
        found = {d.text: d.actor for d in doc.documents.mentioned[0]}
        assert found.get(noun, "absent") == author

    def test_a_definite_noun_is_the_document_in_force(self) -> None:
        text = (
            "Turkey presented a peace plan on Monday. Diplomats met. "
            "The plan was welcomed by some."
        )
        doc = Annotator().read(Article(text=text))
        (later,) = doc.documents.mentioned[2]
        assert later.definite
        assert later.actor == "Turkey"
        assert later.author_sentence == 0

    def test_an_indefinite_noun_does_not_refer_back(self) -> None:
        text = "Turkey presented a peace plan. Others floated a plan too."
        doc = Annotator().read(Article(text=text))
        (later,) = doc.documents.mentioned[1]
        assert later.actor is None


class TestHolderDocument:
    """holder.document: a provision is its author's, not its subject's."""

    @pytest.mark.parametrize(
        ("text", "expected", "not_expected"),
        [
            # wire copy: the plan named, then its provision in a later sentence
            (
                (
                    "Turkey presented a peace plan on Monday. "
                    "The plan calls for Ukraine to stay out of NATO."
                ),
                ("Turkey", "nato_membership", "opposes"),
                ("Ukraine", "nato_membership", "opposes"),
            ),
            # a frame before the constrained party
            (
                (
                    "Under Washington's proposal, Ukraine would give up its bid for "
                    "NATO membership."
                ),
                ("United States", "nato_membership", "opposes"),
                ("Ukraine", "nato_membership", "opposes"),
            ),
            # a relative clause after the author's document
            (
                (
                    "Moscow's memorandum, which was handed over on Monday, demands "
                    "that Kyiv withdraw from the four regions."
                ),
                ("Russia", "occupied_territory", "supports"),
                ("Ukraine", "occupied_territory", "supports"),
            ),
            # a frame after the cue, in a live-blog style
            (
                (
                    "Kyiv would have to accept a ceasefire along the front under "
                    "the EU draft, officials said."
                ),
                ("European Union", "ceasefire", "supports"),
                ("Ukraine", "ceasefire", "supports"),
            ),
            # "It" right after the sentence that names the document
            (
                (
                    "Ankara put forward a framework on Tuesday. "
                    "It envisages a ceasefire along the current line."
                ),
                ("Turkey", "ceasefire", "supports"),
                None,
            ),
            # another answers the document: the provision is still the author's
            (
                "Russia rejected the US plan, which calls for a ceasefire.",
                ("United States", "ceasefire", "supports"),
                ("Russia", "ceasefire", "opposes"),
            ),
        ],
    )
    def test_the_author_holds_the_provision(
        self,
        text: str,
        expected: tuple[str, str, str],
        not_expected: tuple[str, str, str] | None,
    ) -> None:
        found = _positions(text)
        assert expected in found
        if not_expected is not None:
            assert not_expected not in found
        assert "holder.document" in _holder_rules(text)

    def test_a_document_described_as_including(self) -> None:
        text = (
            "Ankara published a road map in May. Diplomats have described the "
            "road map as including security guarantees and a tribunal for war "
            "crimes."
        )
        found = _positions(text)
        assert ("Turkey", "security_guarantees", "supports") in found
        assert ("Turkey", "accountability", "supports") in found

    def test_another_conflict(self) -> None:
        """A ceasefire plan between other parties, in a user's lexicon."""
        text = (
            "Egypt unveiled a three-phase plan on Sunday. The plan calls for a "
            "truce and the release of the hostages."
        )
        found = _positions(text, CEASEFIRE)
        assert ("Egypt", "ceasefire", "supports") in found
        assert ("Egypt", "hostage_release", "supports") in found
        framed = "Under the Qatari proposal, Israel would agree to a truce."
        assert ("Qatar", "ceasefire", "supports") in _positions(framed, CEASEFIRE)
        assert ("Israel", "ceasefire", "supports") not in _positions(framed, CEASEFIRE)

    @pytest.mark.parametrize(
        "text",
        [
            # nobody named as the author: the subject rules decide
            "A plan calls for Ukraine to stay out of NATO.",
            # a document named, but the cue in another clause with its own subject
            "Turkey presented a plan; Kyiv wants NATO membership.",
            # a quote under a document is its speaker's words
            (
                'Under the US plan, "we will never accept a ceasefire on these '
                'terms," Zelensky said.'
            ),
        ],
    )
    def test_no_document_frame(self, text: str) -> None:
        assert "holder.document" not in _holder_rules(text)

    def test_the_act_is_an_offer_where_the_provision_gives(self) -> None:
        text = (
            "Under the US plan, Ukraine would receive security guarantees but "
            "give up its bid for NATO membership."
        )
        acts = {
            p.issue: p.act
            for p in EXTRACTOR.positions(Article(text=text))
            if p.actor == "United States"
        }
        assert acts == {
            "security_guarantees": Act.OFFER,
            "nato_membership": Act.DEMAND,
        }


class TestProposerDocument:
    """proposer.document: a figure in a provision is the author's."""

    @pytest.mark.parametrize(
        ("text", "actor", "value"),
        [
            (
                (
                    "Washington unveiled a 28-point plan on Friday. "
                    "The plan would cap Ukraine's army at 600,000 troops."
                ),
                "United States",
                600000.0,
            ),
            (
                (
                    "Under the European counter-proposal, Ukraine's armed forces "
                    "would be limited to 800,000 in peacetime."
                ),
                "Europe",
                800000.0,
            ),
            (
                "Russia rejected the US plan, which calls for a 30-day ceasefire.",
                "United States",
                30.0,
            ),
        ],
    )
    def test_the_author_proposes(self, text: str, actor: str, value: float) -> None:
        explanation = EXTRACTOR.explain(text)
        demands = [
            (e.finding, e.trace)
            for e in explanation.findings
            if isinstance(e.finding, Demand)
        ]
        assert [(d.actor, d.quantity.value) for d, _ in demands] == [(actor, value)]
        assert any(s.rule == "proposer.document" for s in demands[0][1])


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("plan draft the US by It calls for , . :\n"),
        max_size=120,
    )
)
def test_documents_read_any_text(text: str) -> None:
    """Reading documents never raises, whatever the text."""
    doc = Annotator().read(Article(text=text))
    layer = doc.documents
    assert len(layer.mentioned) == len(doc.sentences)
    for index, sentence in enumerate(doc.sentences):
        layer.frame(index, len(sentence.text))
        layer.in_force(index, len(sentence.text))


class TestColonLists:
    """holder.list: the items of a list a colon opens are its holder's."""

    @pytest.mark.parametrize(
        ("text", "expected", "not_expected"),
        [
            # unnumbered items in lowercase, one a paragraph
            (
                (
                    "Turkey proposes three steps to end the war:\n"
                    "a ceasefire along the front line;\n"
                    "an all-for-all prisoner exchange;\n"
                    "security guarantees for both sides.\n"
                    "Kyiv has yet to respond."
                ),
                {
                    ("Turkey", "ceasefire", "supports"),
                    ("Turkey", "prisoner_exchange", "supports"),
                    ("Turkey", "security_guarantees", "supports"),
                },
                None,
            ),
            # numbered items under a document's heading line
            (
                (
                    "Key points of the US plan:\n"
                    "1. A ceasefire along the current line.\n"
                    "2. Ukraine renounces NATO membership.\n"
                    "The Kremlin said it would study the text."
                ),
                {
                    ("United States", "ceasefire", "supports"),
                    ("United States", "nato_membership", "opposes"),
                },
                ("Ukraine", "nato_membership", "opposes"),
            ),
            # bullets after a sentence that names a plan's author
            (
                (
                    "Ankara unveiled a plan on Friday, which includes the following:\n"
                    "\u2022 an immediate ceasefire\n"
                    "\u2022 a prisoner swap"
                ),
                {
                    ("Turkey", "ceasefire", "supports"),
                    ("Turkey", "prisoner_exchange", "supports"),
                },
                None,
            ),
        ],
    )
    def test_items_hold_the_lists_holder(
        self,
        text: str,
        expected: set[tuple[str, str, str]],
        not_expected: tuple[str, str, str] | None,
    ) -> None:
        found = _positions(text)
        assert expected <= found
        if not_expected is not None:
            assert not_expected not in found

    def test_items_are_demands_unless_they_give(self) -> None:
        text = (
            "Key points of the Turkish plan:\n"
            "1. A ceasefire along the current line.\n"
            "2. Kyiv is granted security guarantees."
        )
        acts = {p.issue: p.act for p in EXTRACTOR.positions(Article(text=text))}
        assert acts == {"ceasefire": Act.DEMAND, "security_guarantees": Act.OFFER}
        assert "act.list" in {
            step.rule
            for finding in EXTRACTOR.explain(text).findings
            for step in finding.trace
        }

    def test_the_list_ends_at_a_paragraph_that_is_no_item(self) -> None:
        text = (
            "Turkey proposes two steps:\n"
            "a ceasefire along the front line;\n"
            "a prisoner swap.\n"
            "Kyiv wants security guarantees first."
        )
        found = _positions(text)
        assert ("Ukraine", "security_guarantees", "supports") in found
        assert ("Turkey", "security_guarantees", "supports") not in found

    def test_a_colon_inside_a_paragraph_opens_no_list(self) -> None:
        text = "Turkey said one thing: talks.\na ceasefire is far off."
        assert ("Turkey", "ceasefire", "supports") not in _positions(text)

    def test_another_conflict(self) -> None:
        text = (
            "Qatar set out its proposal:\n"
            "- a six-week truce;\n"
            "- the release of the hostages in two phases."
        )
        found = _positions(text, CEASEFIRE)
        assert ("Qatar", "ceasefire", "supports") in found
        assert ("Qatar", "hostage_release", "supports") in found


class TestContinuedProvisions:
    """holder.document: provisions go on over the sentences after the first."""

    PLAN = (
        "Turkey presented a peace plan on Monday. "
        "The plan calls for an immediate ceasefire. "
    )

    @pytest.mark.parametrize(
        ("text", "expected", "extractor"),
        [
            (
                PLAN + "Ukraine would receive security guarantees.",
                ("Turkey", "security_guarantees", "supports"),
                EXTRACTOR,
            ),
            (
                (
                    "European nations are working with Kyiv on a 12-point proposal. "
                    "The proposal envisages a prisoner swap. "
                    "Russia would have to pay reparations for the damage."
                ),
                ("Europe", "reparations", "supports"),
                EXTRACTOR,
            ),
            (
                (
                    "Officials say Egypt is working on a three-phase proposal. "
                    "It envisages a six-week truce. "
                    "Hamas is to free the hostages in the first phase."
                ),
                ("Egypt", "hostage_release", "supports"),
                CEASEFIRE,
            ),
        ],
    )
    def test_the_author_holds_what_follows(
        self,
        text: str,
        expected: tuple[str, str, str],
        extractor: RuleExtractor,
    ) -> None:
        assert expected in _positions(text, extractor)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # a party says it: its words
            (
                PLAN + "Ukraine would never give up its bid for NATO membership, "
                "Zelensky said.",
                ("Ukraine", "nato_membership", "supports"),
            ),
            # an answer to the plan, not a provision of it
            (
                PLAN + "Russia would reject any NATO membership for Kyiv.",
                ("Russia", "nato_membership", "opposes"),
            ),
            # a party's own act word
            (
                PLAN + "Kyiv would demand NATO membership in return.",
                ("Ukraine", "nato_membership", "supports"),
            ),
            # too far from the provision
            (
                PLAN + "Talks went on. Diplomats met. Envoys left. "
                "Kyiv would demand NATO membership later.",
                ("Ukraine", "nato_membership", "supports"),
            ),
        ],
    )
    def test_others_hold_their_own(
        self, text: str, expected: tuple[str, str, str]
    ) -> None:
        found = _positions(text)
        assert expected in found
        assert ("Turkey", expected[1], expected[2]) not in found


class TestDocumentTopic:
    """holder.document_topic: a document's author proposes what it names."""

    @pytest.mark.parametrize(
        ("text", "author", "issue"),
        [
            (
                "Russia agrees in principle with the U.S. ceasefire proposal.",
                "United States",
                "ceasefire",
            ),
            (
                "Moscow turned down Ankara's plan for a full truce on Sunday.",
                "Turkey",
                "ceasefire",
            ),
            (
                (
                    "The Kremlin said it would study the Turkish framework on "
                    "humanitarian corridors."
                ),
                "Turkey",
                "humanitarian_corridors",
            ),
            (
                (
                    "Lavrov recalled an earlier proposal by Kyiv to adopt a "
                    "neutral status."
                ),
                "Ukraine",
                "neutrality",
            ),
        ],
    )
    def test_the_author_supports_what_the_document_names(
        self, text: str, author: str, issue: str
    ) -> None:
        explanation = EXTRACTOR.explain(text)
        held = {
            (e.finding.actor, e.finding.issue, e.finding.stance.value)
            for e in explanation.findings
            if isinstance(e.finding, Position)
            and any(s.rule == "holder.document_topic" for s in e.trace)
        }
        assert held == {(author, issue, "supports")}

    def test_another_conflict(self) -> None:
        text = "Hamas rejected the Egyptian truce proposal outright."
        assert ("Egypt", "ceasefire", "supports") in _positions(text, CEASEFIRE)

    @pytest.mark.parametrize(
        "text",
        [
            # the cue is not in the document's noun phrase
            "Kyiv sent its plan to Ankara, and a ceasefire followed.",
            # punctuation between the noun and what follows
            "Turkey's plan, for now, says nothing; a ceasefire is far off.",
        ],
    )
    def test_only_inside_the_noun_phrase(self, text: str) -> None:
        explanation = EXTRACTOR.explain(text)
        assert not any(
            s.rule == "holder.document_topic"
            for e in explanation.findings
            for s in e.trace
        )


class TestIntroducingVerbs:
    """The subject of a verb that introduces a document is its author."""

    @pytest.mark.parametrize(
        ("text", "author"),
        [
            ("Trump's team is considering a plan to end the war.", "United States"),
            ("European nations are working with Kyiv on a proposal.", "Europe"),
            ("Ankara is drawing up a framework for talks.", "Turkey"),
        ],
    )
    def test_introduced(self, text: str, author: str) -> None:
        doc = Annotator().read(Article(text=text))
        assert [d.actor for d in doc.documents.mentioned[0]] == [author]


class TestHeadings:
    """holder.heading: a party's heading line holds the paragraphs under it."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                (
                    "Talks resumed in Geneva on Monday.\n"
                    "The Kremlin's version\n"
                    "Ukraine must withdraw from the four regions."
                ),
                ("Russia", "occupied_territory", "supports"),
            ),
            (
                (
                    "Both sides published their terms.\n"
                    "The Ukrainian proposal\n"
                    "An immediate ceasefire along the front line would come first."
                ),
                ("Ukraine", "ceasefire", "supports"),
            ),
            (
                (
                    "Envoys met in Riyadh.\n"
                    "Moscow's demands\n"
                    "The first is that there will be no foreign troops in Ukraine."
                ),
                ("Russia", "foreign_troops", "opposes"),
            ),
        ],
    )
    def test_the_heading_holds(self, text: str, expected: tuple[str, str, str]) -> None:
        assert expected in _positions(text)
        assert "holder.heading" in _holder_rules(text)

    def test_another_conflict(self) -> None:
        text = (
            "Negotiators met in Cairo.\n"
            "Israel's conditions\n"
            "Hostage release must come before any truce."
        )
        assert ("Israel", "hostage_release", "supports") in _positions(text, CEASEFIRE)

    def test_a_subject_or_a_speaker_wins(self) -> None:
        text = (
            "Talks resumed.\n"
            "The Kremlin's version\n"
            "Kyiv wants a ceasefire first.\n"
            "A ceasefire is far off, Zelensky said."
        )
        found = _positions(text)
        assert ("Ukraine", "ceasefire", "supports") in found
        assert ("Russia", "ceasefire", "supports") not in found

    def test_the_heading_reaches_three_paragraphs(self) -> None:
        paragraphs = ["Talks resumed.", "Russia's demands"]
        paragraphs += ["Diplomats met again."] * 3
        paragraphs.append("Ukraine must withdraw from the four regions.")
        assert ("Russia", "occupied_territory", "supports") not in _positions(
            "\n".join(paragraphs)
        )


def test_a_lexicon_adds_document_words() -> None:
    """A lexicon's [grammar] adds document nouns and provision verbs."""
    data = CEASEFIRE.lexicon.to_dict()
    data["grammar"]["documents"] = {  # type: ignore[index]  # a dict of dicts
        "nouns": {"words": ["outline"]},
        "provisions": {"words": ["lays down"]},
    }
    extractor = RuleExtractor(Lexicon.from_dict(data))
    text = (
        "Qatar drafted an outline on Sunday. "
        "The outline lays down a truce of six weeks."
    )
    assert ("Qatar", "ceasefire", "supports") in _positions(text, extractor)
    assert ("Qatar", "ceasefire", "supports") not in _positions(text, CEASEFIRE)


def test_a_subject_is_no_modifier() -> None:
    """A name that opens the sentence authors a noun only right before it."""
    doc = Annotator().read(
        Article(text="Ankara wants to shelve plans. Ankara plan leaked.")
    )
    assert [d.actor for d in doc.documents.mentioned[0]] == [None]
    assert [d.actor for d in doc.documents.mentioned[1]] == ["Turkey"]


def test_its_points_and_it_go_on_with_the_document() -> None:
    """'Among its other points' and a later 'It further provides' refer back."""
    text = (
        "Ankara put forward a framework on Tuesday. Among its other points, "
        "Kyiv would give up its bid for NATO membership. It further provides "
        "for a ceasefire."
    )
    found = _positions(text)
    assert ("Turkey", "nato_membership", "opposes") in found
    assert ("Turkey", "ceasefire", "supports") in found
    assert ("Ukraine", "nato_membership", "opposes") not in found


class TestPossessives:
    """'his plan': the person last named or speaking authors it."""

    @pytest.mark.parametrize(
        "text",
        [
            "Erdogan spoke in Ankara. His six-point plan calls for a ceasefire.",
            (
                'Erdogan took questions. "We want peace now," he said. '
                "His six-point plan calls for a ceasefire."
            ),
            "Erdogan urged leaders to back his plan for a ceasefire.",
        ],
    )
    def test_the_person_authors(self, text: str) -> None:
        assert ("Turkey", "ceasefire", "supports") in _positions(text)

    def test_nobody_in_reach(self) -> None:
        text = "Erdogan spoke. " + "Talks went on. " * 6 + "His plan was studied."
        doc = Annotator().read(Article(text=text))
        assert [d.actor for d in doc.documents.mentioned[-1]] == [None]


class TestNamedTerms:
    """A person's document, and a figure its noun phrase names."""

    @pytest.mark.parametrize(
        ("text", "actor"),
        [
            (
                (
                    "In response to Trump's initiative for a 30-day truce, the "
                    "Russian side outlined several conditions."
                ),
                "United States",
            ),
            ("Putin turned down Erdogan's proposal for a 30-day truce.", "Turkey"),
            ("Kyiv studied the Turkish plan for a 30-day truce.", "Turkey"),
        ],
    )
    def test_the_author_proposes_the_figure(self, text: str, actor: str) -> None:
        explanation = EXTRACTOR.explain(text)
        demands = [
            (e.finding.actor, e.finding.quantity.value)
            for e in explanation.findings
            if isinstance(e.finding, Demand)
        ]
        assert demands == [(actor, 30.0)]
        assert (actor, "ceasefire", "supports") in _positions(text)

    def test_another_conflict(self) -> None:
        text = "Hamas answered the Egyptian proposal for a 42-day truce."
        demands = [
            (d.actor, d.quantity.value) for d in CEASEFIRE.demands(Article(text=text))
        ]
        assert demands == [("Egypt", 42.0)]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "plan",
                "plans",
                "counter-proposal",
                "road map",
                "xplan",
                "-draft",
                "List of demands",
                "settlement",
                " ",
                ". ",
                "\n",
                "Kyiv's ",
                "İ",
                "the ",
                "memoranda",
                "proposals",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_the_stems_find_every_noun(text: str) -> None:
    """Reading at the stems' places finds what a scan of each sentence finds."""
    doc = Annotator().read(Article(text=text))
    words = doc.documents.reader.words
    for index, sentence in enumerate(doc.sentences):
        scanned = [(m.start(), m.end()) for m in words.nouns.finditer(sentence.text)]
        read = [(d.start, d.end) for d in doc.documents.mentioned[index]]
        assert read == scanned
