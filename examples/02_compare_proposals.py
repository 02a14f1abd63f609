"""Compare the sides' proposals: figures, moves over time, and stances.

The second part of the story: the figures that extraction found in the
bundled sample are set side by side (the 2022 Istanbul draft: Russia's caps
on Ukraine's army against Ukraine's own), two figures are compared in
detail, the sourced reference data shows how the proposals moved from 2022
to 2026, the stance matrix shows where each side stands on each issue, and
the extracted figures are checked against the reference table of the
Istanbul draft.

Run it from the repository root::

    python examples/02_compare_proposals.py

It writes no files and needs nothing beyond peacetalks itself.
"""

from __future__ import annotations

import argparse
import datetime

import peacetalks as pt


def heading(title: str) -> None:
    """Print a section heading."""
    print()
    print(title)
    print("-" * len(title))


def main(argv: list[str] | None = None) -> None:
    """Tabulate, compare, follow the moves, and check."""
    # No arguments; --help says what the script does.
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    findings = pt.datasets.sample().extract()
    demands = findings.demands

    # -- 1. The proposals table ----------------------------------------------------
    # One row per metric, one column per actor, each actor's latest figure;
    # gap and ratio compare the two main parties (Russia and Ukraine).
    heading("Proposals in the sample")
    table = pt.proposals_table(findings)
    print(table)

    # Every figure keeps the quote it rests on.
    troops = table.row("troops")
    russia = troops.latest("Russia")
    ukraine = troops.latest("Ukraine")
    assert russia is not None
    assert ukraine is not None
    if russia.evidence is not None:
        print(f'\nRussia\'s troops figure: "{russia.evidence.quote[:70]}…"')

    # -- 2. Two figures in detail --------------------------------------------------
    heading("Russia's troop cap against Ukraine's")
    result = pt.compare(russia, ukraine)
    print(result)
    print(f"midpoint (splitting the difference): {result.midpoint:,.0f}")
    print(f"more restrictive: {result.more_restrictive}")

    # -- 3. How the proposals moved, 2022-2026 -------------------------------------
    # The bundled reference data: every figure with its sources.
    reference = pt.datasets.proposals()
    heading("How the proposals moved, 2022-2026 (the reference data)")
    print(reference)
    for move in pt.moves(reference, metric="troops"):
        print(move)
    for move in pt.moves(reference, actor="Russia"):
        if move.metric != "troops":
            print(move)

    # The US 28-point plan against the European counter-proposal.
    heading("November 2025: the US plan against the European counter-proposal")
    november = pt.proposals_table(
        reference,
        start=datetime.date(2025, 11, 1),
        end=datetime.date(2025, 11, 30),
        actors=["United States", "Europe"],
    )
    print(november)
    us = reference.filter(actor="United States", metric="troops")[0]
    europe = reference.filter(actor="Europe", metric="troops")[0]
    print(pt.compare(us, europe))

    # -- 4. Stances: where each side stands ----------------------------------------
    heading("Stances of Russia and Ukraine in the sample")
    matrix = pt.stance_matrix(findings.positions, actors=["Russia", "Ukraine"])
    print(matrix)
    agreed = pt.common_ground(findings.positions, "Russia", "Ukraine")
    opposed = pt.clashes(findings.positions, "Russia", "Ukraine")
    print("\ncommon ground:")
    for agreement in agreed:
        print(f"  {agreement.issue:<20} both {agreement.stance.value}")
    print("clashes:")
    for clash in opposed:
        print(
            f"  {clash.issue:<20} Russia {clash.a_stance.value}, "
            f"Ukraine {clash.b_stance.value}"
        )

    # -- 5. Check the extracted figures against the reference ----------------------
    istanbul = pt.datasets.istanbul_2022()
    heading("The extracted figures against the reference")
    print(istanbul)
    for check in pt.datasets.check(demands, istanbul):
        demand = check.demand
        value = demand.quantity.value
        figure = f"{value:,.0f}" if value is not None else "-"
        unit = demand.quantity.unit or ""
        print(
            f"{demand.actor:<8} {demand.metric:<16} {figure:>8} {unit:<10}"
            f"{check.status.value}"
        )
    print()
    print("The reference table of the Istanbul draft:")
    print(pt.proposals_table(istanbul))


if __name__ == "__main__":
    main()
