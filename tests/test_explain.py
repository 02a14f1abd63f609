"""The annotated document, the named rules with their traces, and `explain`."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks.cli import main
from peacetalks.extract import attribution, positions
from peacetalks.extract.doc import Annotator
from peacetalks.extract.explain import Explanation
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.rules import (
    CONFIDENCE,
    DECISIONS,
    RULES,
    rule_id,
    rules_markdown,
)
from peacetalks.model import Article, Demand, Position
from peacetalks.serialize import dumps, loads, structure

EXTRACTOR = RuleExtractor()

#: A quote paragraph that continues the speaker of the one before it.
CONTINUED = (
    "“Ukraine must stay out of every military bloc,” Lavrov told the envoys.\n"
    "“We want to cap their army at 50,000 troops.”"
)


#: The last step of a finding whose words give no date of its own.
DATED = "date.article"


def rules_of(explanation: Explanation) -> list[list[str]]:
    return [[step.rule for step in e.trace] for e in explanation.findings]


class TestDoc:
    def test_one_attribution_per_article(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Both finders read one Doc: speech is attributed once per article."""
        calls = []
        real = attribution.attribute

        def counted(*args: object, **kwargs: object) -> object:
            calls.append(1)
            return real(*args, **kwargs)  # type: ignore[arg-type] # a spy

        monkeypatch.setattr("peacetalks.extract.doc.attribute", counted)
        EXTRACTOR.extract(Article(text=CONTINUED))
        assert len(calls) == 1

    def test_layers_are_computed_once(self) -> None:
        """A layer asked for twice is the same object, not worked out again."""
        doc = Annotator().read(Article(text="Kyiv wants 800 tanks."))
        assert doc.signals(0) is doc.signals(0)
        assert doc.quantities(0) is doc.quantities(0)


class TestSharedSpeaker:
    def test_continued_quote_gives_its_figure_to_the_speaker(self) -> None:
        """A quote continuing an earlier speaker: the demand is theirs too.

        Before the Doc, demands attributed speech one sentence at a time and
        dropped this figure, while positions gave the quote to Lavrov.
        """
        found = EXTRACTOR.extract(Article(text=CONTINUED))
        demands = [f for f in found if isinstance(f, Demand)]
        positions = [f for f in found if isinstance(f, Position)]
        assert [(d.actor, d.speaker, d.quantity.value) for d in demands] == [
            ("Russia", "Sergei Lavrov", 50000.0)
        ]
        assert {
            p.speaker for p in positions if p.evidence and p.evidence.start > 70
        } == {"Sergei Lavrov"}
        (explained,) = [
            e for e in EXTRACTOR.explain(CONTINUED).findings if e.finding == demands[0]
        ]
        assert "proposer.speaker" in [step.rule for step in explained.trace]

    def test_a_pronoun_tag_alone_gives_no_figure(self) -> None:
        """ "he said" resolved to a person named sentences before: no demand.

        The figure's speaker must be named in its sentence, or its quote
        must continue the quote just before.
        """
        text = (
            "Lavrov met the envoys on Monday. The talks went on for hours.\n"
            "“We want to cap their army at 50,000 troops,” he said."
        )
        explanation = EXTRACTOR.explain(text)
        assert not [e for e in explanation.findings if isinstance(e.finding, Demand)]
        assert [b.by.rule for b in explanation.blocked if b.kind == "demand"] == [
            "demand.no_proposer"
        ]


class TestRules:
    def test_every_rule_has_a_statement_and_a_decision(self) -> None:
        for rule in RULES.values():
            assert rule.doc
            assert rule.decision in DECISIONS
            assert rule.id.startswith(rule.decision + ".")

    def test_confidence_is_keyed_by_rule(self) -> None:
        """Each confidence value belongs to named rules, not to a code."""
        assert set(CONFIDENCE) <= set(RULES)
        assert {rule for rule, value in CONFIDENCE.items() if value == 0.8} >= {
            "holder.cue_subject",
            "holder.quote_speaker",
            "proposer.author",
        }

    def test_act_subject(self) -> None:
        explanation = EXTRACTOR.explain("Russia demands the neutrality of Ukraine.")
        (finding,) = explanation.findings
        assert rules_of(explanation) == [
            ["stance.cue", "act.word", "holder.act_subject", "modality.asserted", DATED]
        ]
        assert finding.finding.confidence == CONFIDENCE["holder.act_subject"]

    def test_sentence_speaker(self) -> None:
        explanation = EXTRACTOR.explain(
            "There will be no neutral status for Kyiv, Peskov said."
        )
        holders = [
            step.rule
            for e in explanation.findings
            for step in e.trace
            if step.rule.startswith("holder.")
        ]
        assert holders == ["holder.sentence_speaker"]

    def test_cap_verb_proposes_and_caps(self) -> None:
        explanation = EXTRACTOR.explain("Moscow wants to limit Kyiv's army to 85,000.")
        demand_rules = [r for r in rules_of(explanation) if r[0].startswith("metric.")]
        assert demand_rules == [
            [
                "metric.cap_forces",
                "demand.act_word",
                "proposer.subject",
                "bound.written",
                "target.owner",
                DATED,
            ]
        ]

    def test_a_figure_without_a_proposal_is_blocked(self) -> None:
        explanation = EXTRACTOR.explain("Russia lost 800 tanks.")
        assert explanation.findings == ()
        (blocked,) = explanation.blocked
        assert (blocked.kind, blocked.span.text, blocked.by.rule) == (
            "demand",
            "800",
            "demand.no_proposer",
        )
        assert [s.rule for s in blocked.trace] == ["metric.counted_noun"]

    def test_a_negated_figure_is_blocked(self) -> None:
        explanation = EXTRACTOR.explain("Kyiv will not accept 85,000 troops.")
        assert [b.by.rule for b in explanation.blocked if b.kind == "demand"] == [
            "demand.negated"
        ]

    def test_a_question_is_blocked(self) -> None:
        explanation = EXTRACTOR.explain("Will Ukraine join NATO?")
        assert [b.by.rule for b in explanation.blocked] == ["position.question"]

    def test_a_cue_without_reason_is_blocked(self) -> None:
        explanation = EXTRACTOR.explain("NATO membership was on the agenda.")
        assert explanation.findings == ()
        assert [b.by.rule for b in explanation.blocked] == ["position.no_holder"]


def traces(text: str) -> list[tuple[str, str, list[str]]]:
    """Each finding's actor, stance and rule ids, in text order."""
    return [
        (e.finding.actor, e.finding.stance.value, [s.rule for s in e.trace])
        for e in EXTRACTOR.explain(text).findings
        if isinstance(e.finding, Position)
    ]


def blocks(text: str) -> list[tuple[str, str, list[str]]]:
    """Each blocked cue's words, the blocking rule and the steps before it."""
    return [
        (b.span.text, b.by.rule, [s.rule for s in b.trace])
        for b in EXTRACTOR.explain(text).blocked
    ]


class TestPositionRuleFunctions:
    """The position, construction and act rules are named functions in tables."""

    def test_tables_in_order(self) -> None:
        """Each table holds its rules in the order the finder tries them."""
        assert [rule_id(rule) for rule in positions.POSITION_RULES] == [
            "position.question",
            "position.quoted_question",
            "position.epistemic",
            "position.quoted_other",
            "position.unsaid",
            "position.condition_party",
            "position.past_event",
            "position.no_holder",
            "position.no_reason",
        ]
        assert [rule_id(rule) for rule in positions.CONSTRUCTIONS] == [
            "holder.answering",
            "holder.aspiring_owner",
            "holder.relative_clause",
            "holder.agreed",
            "holder.document_topic",
        ]
        assert [rule_id(rule) for rule in positions.HOLDER_RULES] == [
            "holder.act_author",
            "holder.document",
            "holder.act_subject",
            "holder.list",
            "holder.cue_subject",
            "holder.quote_speaker",
            "holder.sentence_speaker",
            "holder.heading",
        ]
        for rule in ("act.word", "holder.answer"):
            assert RULES[rule].decision == rule.split(".")[0]

    def test_quoted_question(self) -> None:
        """A cue inside a quoted question: blocked after its cue step only."""
        text = "“Should Kyiv ever accept neutrality?” Lavrov asked the envoys."
        assert blocks(text) == [
            ("neutrality", "position.quoted_question", ["stance.cue"])
        ]

    def test_epistemic(self) -> None:
        """A cue after "whether" in its clause is a perception."""
        assert blocks("Nobody knows whether Ukraine may join NATO.") == [
            ("join NATO", "position.epistemic", ["stance.cue"])
        ]

    def test_no_reason(self) -> None:
        """A holder but no act word, negation, verdict or party's words."""
        assert blocks("Kyiv discussed NATO membership on Monday.") == [
            (
                "NATO membership",
                "position.no_reason",
                ["stance.cue", "holder.cue_subject"],
            )
        ]

    def test_act_word(self) -> None:
        """The act word before the cue names the act, and its subject holds it."""
        assert traces("Moscow demands sanctions relief from the West.") == [
            (
                "Russia",
                "supports",
                [
                    "stance.cue",
                    "act.word",
                    "holder.act_subject",
                    "modality.asserted",
                    DATED,
                ],
            )
        ]

    def test_answering(self) -> None:
        """Rejecting another party's owned demand answers its cue too."""
        assert traces("Ukraine rejected the Russian demand for neutrality.") == [
            (
                "Russia",
                "supports",
                [
                    "stance.cue",
                    "act.word",
                    "holder.act_subject",
                    "modality.asserted",
                    DATED,
                ],
            ),
            (
                "Ukraine",
                "opposes",
                [
                    "stance.cue",
                    "act.word",
                    "holder.answering",
                    "modality.asserted",
                    DATED,
                ],
            ),
        ]

    def test_aspiring_owner(self) -> None:
        """The owner of a bid supports the issue; the cue's own has no holder."""
        text = "Diplomats welcomed Ukraine's bid to join the EU."
        assert traces(text) == [
            (
                "Ukraine",
                "supports",
                [
                    "stance.cue",
                    "act.aspiration",
                    "holder.aspiring_owner",
                    "modality.asserted",
                    DATED,
                ],
            )
        ]
        assert [rule for _, rule, _ in blocks(text)] == ["position.no_holder"]

    def test_relative_clause(self) -> None:
        """ ", which Moscow rejects" gives Moscow's stance on the cue before."""
        text = "Kyiv wants to join NATO, which Moscow firmly rejects."
        assert traces(text)[-1] == (
            "Russia",
            "opposes",
            [
                "stance.cue",
                "act.word",
                "stance.negation",
                "holder.relative_clause",
                "modality.asserted",
                DATED,
            ],
        )

    def test_answer(self) -> None:
        """Accepting "this demand" answers the position of the sentence before."""
        text = "Moscow demands a ceasefire. Kyiv accepted this demand on Friday."
        assert traces(text)[-1] == (
            "Ukraine",
            "supports",
            ["act.answer", "act.word", "holder.answer", DATED],
        )


class TestExplain:
    def test_findings_are_what_extract_gives(self) -> None:
        article = Article(text=CONTINUED + " Kyiv rejected any cap on its army.")
        explained = [e.finding for e in EXTRACTOR.explain(article).findings]
        assert explained == EXTRACTOR.extract(article)

    def test_one_sentence(self) -> None:
        explanation = EXTRACTOR.explain(CONTINUED, sentence=1)
        assert {e.sentence for e in explanation.findings} == {1}
        assert [n for n, _ in explanation.sentences] == [1]

    def test_sentence_out_of_range(self) -> None:
        with pytest.raises(IndexError, match="2 sentences"):
            EXTRACTOR.explain(CONTINUED, sentence=5)

    def test_serialises_with_the_converter(self) -> None:
        explanation = EXTRACTOR.explain(CONTINUED)
        assert loads(dumps(explanation), Explanation) == explanation

    def test_text_names_rules_words_and_blocks(self) -> None:
        text = str(EXTRACTOR.explain("Kyiv wants 800 tanks. Russia lost 9 tanks."))
        assert re.search(r"proposer\.subject +'Kyiv'  proposed by Ukraine", text)
        assert re.search(r"blocked by demand\.no_proposer +'9'  no proposal cue", text)

    @given(st.text(max_size=200))
    @settings(max_examples=100, deadline=None)
    def test_any_text(self, text: str) -> None:
        """Any text explains, its findings are extract's, and it renders."""
        explanation = EXTRACTOR.explain(text)
        assert [e.finding for e in explanation.findings] == EXTRACTOR.extract(
            Article(text=text)
        )
        assert isinstance(str(explanation), str)
        for blocked in explanation.blocked:
            assert blocked.by.rule in RULES


class TestCommand:
    def run(
        self, capsys: pytest.CaptureFixture[str], *argv: str
    ) -> tuple[int, str, str]:
        code = main(["explain", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = self.run(capsys, "--text", "Kyiv wants 800 tanks.")
        assert (code, err) == (0, "")
        assert re.search(r"metric\.counted_noun +'800 tanks'", out)
        assert re.search(r"proposer\.subject +'Kyiv'", out)

    def test_file_and_sentence(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "a.txt"
        path.write_text(
            "Russia lost 800 tanks.\nKyiv wants a ceasefire.\n", encoding="utf-8"
        )
        code, out, _ = self.run(capsys, str(path), "--sentence", "1")
        assert code == 0
        assert "holder.act_subject" in out
        assert "demand.no_proposer" not in out  # sentence 0 is not shown

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = self.run(
            capsys, "--text", "Russia lost 800 tanks.", "--format", "json"
        )
        (data,) = json.loads(out)
        assert code == 0
        assert [b["by"]["rule"] for b in data["blocked"]] == ["demand.no_proposer"]
        assert structure(data, Explanation) == EXTRACTOR.explain(
            Article(text="Russia lost 800 tanks.", id="text")
        )

    def test_control_characters_are_escaped(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = self.run(capsys, "--text", "Kyiv wants\x1b[31m 800 tanks.")
        assert code == 0
        assert "\x1b" not in out
        assert "\\x1b" in out

    def test_sentence_out_of_range_names_the_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "a.txt"
        path.write_text("Kyiv wants a ceasefire.\n", encoding="utf-8")
        code, out, err = self.run(capsys, str(path), "--sentence", "4")
        assert code == 1
        assert f"{path}: --sentence: sentence 4 is out of range" in err
        assert out == ""

    @pytest.mark.parametrize(
        "argv",
        [[], ["a.txt", "--text", "x"], ["--text", "x", "--sentence", "-1"]],
    )
    def test_usage(
        self, argv: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        (tmp_path / "a.txt").write_text("x", encoding="utf-8")
        with contextlib.chdir(tmp_path):
            try:
                code, _, err = self.run(capsys, *argv)
            except SystemExit as exit_:  # argparse rejects the number
                code, err = int(str(exit_.code)), capsys.readouterr().err
        assert code == 2
        assert "peacetalks explain: error:" in err

    def test_missing_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = self.run(capsys, "no-such-file.txt")
        assert code == 1
        assert "no-such-file.txt: no such file or folder" in err


def test_docs_list_every_rule() -> None:
    """docs/explain.md holds the rule tables as generated from `RULES`."""
    page = (Path(__file__).parent.parent / "docs" / "explain.md").read_text("utf-8")
    listed = page.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->")[0]
    assert listed == rules_markdown()
    for rule in RULES:
        assert f"`{rule}`" in listed
