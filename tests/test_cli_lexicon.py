"""``peacetalks lexicon``: the actors, issues and metrics of a lexicon."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peacetalks import Lexicon
from peacetalks.cli import lexicon_document, main, render_lexicon

GAZA = Path(__file__).parent / "fixtures" / "lexicons" / "gaza.toml"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["lexicon", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _section(out: str, title: str) -> list[str]:
    """The lines of one section (``issues (25)``) up to the next blank line."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{title} ("))
    rest = lines[start + 1 :]
    return rest[: rest.index("")] if "" in rest else rest


class TestText:
    def test_default_lexicon(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every actor, issue (with its proposition) and metric (with its unit)."""
        lexicon = Lexicon.default()
        code, out, err = _run(capsys)
        assert (code, err) == (0, "")
        assert out.splitlines()[0] == repr(lexicon)[1:-1].replace("L", "l", 1)
        actors = _section(out, "actors")
        issues = _section(out, "issues")
        metrics = _section(out, "metrics")
        assert len(actors) == len(lexicon.actors)
        assert len(issues) == len(lexicon.issues)
        assert len(metrics) == len(lexicon.metrics)
        for line, issue in zip(issues, lexicon.issues, strict=True):
            assert line.split() == [issue.id, *issue.proposition.split()]
        for line, metric in zip(metrics, lexicon.metrics, strict=True):
            assert line.split()[:2] == [metric.id, metric.unit]

    def test_aliases(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An actor shows its first three aliases and how many more it has."""
        russia = Lexicon.default().actor("Russia")
        _, out, _ = _run(capsys)
        line = next(a for a in _section(out, "actors") if a.split()[0] == "Russia")
        assert ", ".join(russia.aliases[:3]) in line
        assert line.endswith(f"(+{len(russia.aliases) - 3} more aliases)")

    def test_given_lexicon(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lexicon FILE lists that lexicon, none of the default's names."""
        gaza = Lexicon.from_toml(GAZA)
        code, out, _ = _run(capsys, "--lexicon", str(GAZA))
        assert code == 0
        assert out.startswith("lexicon 'israel-hamas': ")
        assert [line.split()[0] for line in _section(out, "issues")] == [
            issue.id for issue in gaza.issues
        ]
        assert "nato_membership" not in out

    def test_width(self) -> None:
        """No line is wider than asked; a cut line ends with an ellipsis.

        The heading wraps instead: the lexicon's name stays whole.
        """
        text = render_lexicon(Lexicon.default(), width=50)
        assert max(len(line) for line in text.splitlines()) <= 50
        assert any(line.endswith("…") for line in text.splitlines())

    def test_empty_sections(self) -> None:
        """A lexicon with no metrics says so rather than leaving a blank."""
        bare = Lexicon.from_dict({"name": "bare", "actors": [{"name": "A"}]})
        text = render_lexicon(bare)
        assert _section(text, "metrics") == ["  (none)"]
        assert _section(text, "actors") == ["  A"]


class TestJson:
    def test_document(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json: every alias, issue, metric and unit, as data."""
        lexicon = Lexicon.default()
        code, out, _ = _run(capsys, "--format", "json")
        data = json.loads(out)
        assert code == 0
        assert data == lexicon_document(lexicon)
        assert data["name"] == "russia-ukraine"
        assert [a["name"] for a in data["actors"]] == [a.name for a in lexicon.actors]
        assert data["actors"][0]["aliases"] == list(lexicon.actors[0].aliases)
        assert {i["id"]: i["proposition"] for i in data["issues"]} == {
            i.id: i.proposition for i in lexicon.issues
        }
        assert {m["id"]: m["unit"] for m in data["metrics"]} == {
            m.id: m.unit for m in lexicon.metrics
        }
        assert [u["id"] for u in data["units"]] == [u.id for u in lexicon.units]
        assert data["speakers"] == len(lexicon.speakers)


class TestBadLexicon:
    @pytest.mark.parametrize(
        ("content", "says"),
        [
            (None, "No such file"),
            ("name = [", "--lexicon"),
            ('name = "x"\n[[metrics]]\nid = "m"\nunit = "nowhere"\n', "nowhere"),
        ],
    )
    def test_usage_error(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        content: str | None,
        says: str,
    ) -> None:
        """A missing, broken or inconsistent file: exit 2, named, nothing printed."""
        path = tmp_path / "mine.toml"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        code, out, err = _run(capsys, "--lexicon", str(path))
        assert code == 2
        assert out == ""
        assert err.startswith("peacetalks lexicon: error: --lexicon")
        assert says in err
        if content is None:
            assert "mine.toml" in err
