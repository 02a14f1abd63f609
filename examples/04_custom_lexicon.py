"""Write a lexicon for another conflict and run the same analysis with it.

Nothing in peacetalks is specific to Russia and Ukraine: the actors,
speakers, issues, metrics and units it knows come from a lexicon, which is
data (TOML). This example writes a small lexicon for a made-up border war
between Arland and Belmont, reads it with `Lexicon.from_toml`, and runs the
steps of the first three examples on four short reports written for it:
extraction, the proposals table, a comparison of two figures, how one
side's figure moved, and the stance matrix.

The conflict, its places and people, and the reports are invented for this
example; they stand for the articles of a real conflict.

Run it from the repository root::

    python examples/04_custom_lexicon.py [OUTPUT_FOLDER]

The lexicon file goes into OUTPUT_FOLDER (created if needed), or into a new
temporary folder whose path is printed. Nothing else is needed beyond
peacetalks itself.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import peacetalks as pt
from peacetalks.findings import describe

#: The lexicon, as a user would keep it in a file of their own. Its
#: sections are those of peacetalks' bundled ``lexicons/default.toml``.
LEXICON = """\
name = "arland-belmont"
description = "A made-up border war, to show a lexicon for another conflict."
# A term that binds no side in particular binds both.
default_target = "Arland and Belmont"

[[actors]]
name = "Arland"
kind = "state"
aliases = ["Arland's government", "Arlandic delegation", "Port Ardent"]
adjectives = ["Arlandic"]

[[actors]]
name = "Belmont"
kind = "state"
aliases = ["Belmont's government", "Belmontese delegation", "Valmere"]
adjectives = ["Belmontese"]

[[actors]]
name = "Arland and Belmont"
kind = "joint"
members = ["Arland", "Belmont"]
aliases = ["both sides", "the two sides"]

[[speakers]]
name = "Mara Ostrova"
actor = "Arland"
role = "foreign minister"
variants = ["Ostrova"]

[[speakers]]
name = "Tomas Rell"
actor = "Belmont"
role = "chief negotiator"
variants = ["Rell"]

[[issues]]
id = "ceasefire"
proposition = "a ceasefire along the border"
cues = ["ceasefire", "cease-fire", "truce", "halt to the fighting"]
against = ["resume fighting", "continue the offensive"]

[[issues]]
id = "border_commission"
proposition = "a joint commission demarcates the border"
cues = ["border commission", "demarcation commission", "demarcate the border"]

[[issues]]
id = "refugee_return"
proposition = "refugees return to their homes"
cues = ["return of refugees", "refugee return", "refugees to return"]

[[metrics]]
id = "buffer_zone_width"
unit = "km"
description = "width of the demilitarised zone along the border"
nouns = ["buffer zone", "demilitarised zone", "demilitarized zone"]

[[metrics]]
id = "ceasefire_duration"
unit = "days"
description = "length of a truce"
nouns = ["ceasefire", "truce"]

[[metrics]]
id = "observers"
unit = "personnel"
description = "size of an international monitoring mission"
nouns = ["observers", "monitors", "monitoring mission"]

[[units]]
id = "km"
aliases = ["kilometre", "kilometres", "kilometer", "kilometers"]

[[units]]
id = "miles"
aliases = ["mile"]
base = "km"
factor = 1.609344

[[units]]
id = "days"
aliases = ["day"]

[[units]]
id = "weeks"
aliases = ["week"]
base = "days"
factor = 7.0

[[units]]
id = "personnel"
aliases = ["troops", "soldiers", "observers", "monitors"]
# people are counted one by one: "200 observers" is a figure of the mission
counted = true
"""

#: Four short reports: (date, outlet, headline, text).
REPORTS = [
    (
        "2024-05-06",
        "Border Herald",
        "Arland sets out its terms",
        (
            "Arland demanded a 30-day ceasefire and a buffer zone 20 kilometres "
            "wide, foreign minister Mara Ostrova said on Monday."
        ),
    ),
    (
        "2024-05-08",
        "Valmere Daily",
        "Belmont answers",
        (
            "Belmont wants a buffer zone of no more than 5 kilometres. "
            "Belmont proposed a monitoring mission of up to 200 observers."
        ),
    ),
    (
        "2024-06-12",
        "Border Herald",
        "Arland narrows its demand",
        "Arland now demands a buffer zone 10 kilometres wide, Ostrova said.",
    ),
    (
        "2024-06-14",
        "Valmere Daily",
        "First agreement at the talks",
        "Both sides agreed to a border commission and to the return of refugees.",
    ),
]


def output_folder(argv: list[str] | None = None) -> Path:
    """The folder named on the command line, or a new temporary one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output", nargs="?", type=Path, help="where to write (default: a temp dir)"
    )
    folder: Path | None = parser.parse_args(argv).output
    if folder is None:
        return Path(tempfile.mkdtemp(prefix="peacetalks-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main(argv: list[str] | None = None) -> None:
    """Write and read the lexicon, then extract, tabulate and compare with it."""
    folder = output_folder(argv)

    # -- 1. The lexicon, from a file -----------------------------------------------
    path = folder / "arland-belmont.toml"
    path.write_text(LEXICON, encoding="utf-8")
    lexicon = pt.Lexicon.from_toml(path)
    print(f"read {path}")
    print(lexicon)
    print(f"  Ostrova speaks for {lexicon.speaker('Ostrova').actor}")
    print(f"  Valmere is {lexicon.actor('Valmere').name}")
    print(f"  3 miles = {lexicon.convert(3, 'miles', 'km'):.2f} km")

    # -- 2. Extraction -------------------------------------------------------------
    corpus = pt.Corpus(
        pt.Article(title, text, outlet=outlet, published=pt.parse_date(date))
        for date, outlet, title, text in REPORTS
    )
    findings = corpus.extract(lexicon)
    print()
    print(corpus)
    print(findings)
    for article in corpus:
        print(f"{article.published.label}  {article.outlet}: {article.title}")
        for finding in findings.filter(article=article.id):
            print(f"  {describe(finding)}")

    # -- 3. Compare, with the same lexicon -----------------------------------------
    print()
    table = pt.proposals_table(findings, lexicon=lexicon)
    print(table)
    arland = table.row("buffer_zone_width").latest("Arland")
    belmont = table.row("buffer_zone_width").latest("Belmont")
    assert arland is not None
    assert belmont is not None
    print(pt.compare(arland, belmont, lexicon=lexicon))
    for move in pt.moves(findings, lexicon=lexicon):
        print(move)

    print()
    print(pt.stance_matrix(findings.positions))


if __name__ == "__main__":
    main()
