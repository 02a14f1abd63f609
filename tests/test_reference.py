"""Tests for the reference data: istanbul_2022(), proposals(), left_out(), check()."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import Bound, Demand, Quantity
from peacetalks.datasets import reference
from peacetalks.datasets.reference import (
    CheckStatus,
    Confirmation,
    Reference,
    check,
    istanbul_2022,
    left_out,
    proposals,
    proposals_path,
)

SHARED = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "proposals.jsonl"
)
LEXICON = pt.Lexicon.default()


def figures(ref: Reference) -> dict[tuple[str, str], float | None]:
    return {(d.actor, d.metric): d.quantity.value for d in ref}


class TestIstanbul2022:
    def test_headline_figures(self) -> None:
        """Russia 85,000 / 342 / 40 km against Ukraine 250,000 / 800 / 280 km."""
        found = figures(istanbul_2022())
        assert {
            key: found[key]
            for key in [
                ("Russia", "troops"),
                ("Russia", "tanks"),
                ("Russia", "missile_range"),
                ("Ukraine", "troops"),
                ("Ukraine", "tanks"),
                ("Ukraine", "missile_range"),
            ]
        } == {
            ("Russia", "troops"): 85_000,
            ("Russia", "tanks"): 342,
            ("Russia", "missile_range"): 40,
            ("Ukraine", "troops"): 250_000,
            ("Ukraine", "tanks"): 800,
            ("Ukraine", "missile_range"): 280,
        }

    def test_one_entry_per_side_and_metric(self) -> None:
        """The annex has eight metrics for each side, each a cap on Ukraine."""
        ref = istanbul_2022()
        assert len(ref) == 16
        assert len(figures(ref)) == 16
        for demand in ref:
            assert demand.target == "Ukraine"
            assert demand.quantity.bound is Bound.MAX
            assert demand.quantity.unit == LEXICON.metric(demand.metric).unit
            assert demand.date.label == "2022-04-15"
            assert demand.date.precision is pt.Precision.DAY

    def test_confirmation(self) -> None:
        """85,000 is confirmed by several outlets; 280 km rests on one source."""
        ref = istanbul_2022()
        russia = ref.filter(actor="Russia", metric="troops").entries[0]
        assert russia.confirmation is Confirmation.SEVERAL
        assert {
            "The Wall Street Journal",
            "Welt am Sonntag",
            "The New York Times",
        } <= set(russia.outlets)
        km = ref.filter(actor="Ukraine", metric="missile_range").entries[0]
        assert km.confirmation is Confirmation.SINGLE
        assert km.outlets == ("The New York Times",)
        assert km.notes
        assert "presumably Ukraine's position" in km.notes[0]
        single = {
            (e.demand.actor, e.demand.metric)
            for e in ref.entries
            if e.confirmation is Confirmation.SINGLE
        }
        assert single == {
            ("Ukraine", "armored_vehicles"),
            ("Ukraine", "mlrs"),
            ("Russia", "mortars"),
            ("Ukraine", "mortars"),
            ("Ukraine", "missile_range"),
        }

    def test_readings_with_most_outlets(self) -> None:
        """Variant readings (245,000; 343) are in proposals() but not in the annex."""
        every = proposals().filter(actor="Ukraine", metric="troops")
        assert 245_000 in [d.quantity.value for d in every]
        assert 245_000 not in [d.quantity.value for d in istanbul_2022()]
        tanks = proposals().filter(actor="Russia", metric="tanks")
        assert [d.quantity.value for d in tanks][:2] == [342, 343]

    def test_sources(self) -> None:
        """Each source keeps its title, publisher, URL, quote and line."""
        entry = istanbul_2022().entries[0]
        lines = proposals_path().read_text(encoding="utf-8").splitlines()
        for source in entry.sources:
            row = json.loads(lines[source.line - 1])
            assert (source.title, source.publisher, source.url, source.quote) == (
                row["source_title"],
                row["source_publisher"],
                row["source_url"],
                row["quote"],
            )
            assert (
                "85,000" in source.quote
                or "85.000" in source.quote
                or "85 tys" in source.quote
            )


class TestProposals:
    def test_shipped_file_is_the_compiled_one(self) -> None:
        """The package ships proposals.jsonl unchanged: 128 rows."""
        shipped = proposals_path().read_bytes()
        assert len(shipped.decode("utf-8").splitlines()) == 128
        if SHARED.exists():
            assert shipped == SHARED.read_bytes()

    def test_every_row_is_used_or_left_out(self) -> None:
        """Each of the 128 rows is a source of one entry or is left out, once."""
        used = [s.line for e in proposals().entries for s in e.sources]
        dropped = [row.line for row in left_out()]
        assert sorted(used + dropped) == list(range(1, 129))
        assert len(proposals()) == 48
        assert len(left_out()) == 40

    def test_actors_metrics_and_units_are_the_lexicons(self) -> None:
        """Every entry uses canonical actors, metric ids and the metric's unit."""
        for demand in proposals():
            assert LEXICON.actor(demand.actor).name == demand.actor
            assert demand.quantity.unit == LEXICON.metric(demand.metric).unit
            assert demand.target == LEXICON.target_for(demand.metric)
            if demand.speaker is not None:
                assert LEXICON.speaker(demand.speaker).name == demand.speaker

    def test_actor_decisions(self) -> None:
        """Joint and group actors are normalised as documented."""
        ref = proposals()
        europe = ref.filter(actor="Europe", metric="troops")
        assert [(d.quantity.value, d.speaker) for d in europe] == [
            (800_000, None),
            (800_000, "Emmanuel Macron"),
        ]
        assert europe.entries[0].confirmation is Confirmation.SEVERAL
        jeddah = [d for d in ref.filter(actor="Ukraine") if d.date.label == "2025-03"]
        assert [(d.metric, d.act) for d in jeddah] == [
            ("ceasefire_duration", pt.Act.ACCEPT)
        ]
        putin = [d for d in ref if d.speaker == "Vladimir Medinsky"]
        assert [(d.actor, d.metric) for d in putin] == [("Russia", "prisoner_exchange")]
        assert not [d for d in ref if d.actor not in LEXICON.actor_names]

    def test_units_and_ranges(self) -> None:
        """Billions become USD; a low-high range stays a range."""
        assets = proposals().filter(metric="frozen_assets")[0]
        assert assets.quantity.value == 100e9
        assert assets.target == "Russia"
        years = proposals().filter(actor="Ukraine", metric="guarantee_duration")[0]
        assert (years.quantity.low, years.quantity.high) == (30, 50)

    def test_left_out_reasons(self) -> None:
        """Outlets, analysts and unclear actors are left out, with a reason."""
        reasons = {row.line: row.reason for row in left_out()}
        assert reasons[52] == "the source does not say whose figure it is"
        assert reasons[119] == "an outlet's figure, not a party's"
        assert reasons[120] == "an analyst's figure, not a party's"
        assert reasons[72] == "no number given"
        assert reasons[107] == "not one number or a range ('5/10/40')"
        assert "superseded" in reasons[85]

    def test_mapping_is_complete_and_valid(self) -> None:
        """Every mapped actor, speaker, metric and unit is in the default lexicon."""
        data = tomllib.loads(
            proposals_path().with_name("mapping.toml").read_text(encoding="utf-8")
        )
        for party in data["actors"].values():
            assert LEXICON.actor(party["actor"]).name == party["actor"]
            if "speaker" in party:
                LEXICON.speaker(party["speaker"])
        for metric in data["metrics"].values():
            LEXICON.metric(metric)
        for unit in data["units"].values():
            LEXICON.unit(unit["unit"])

    def test_repr_and_sequence(self) -> None:
        """A Reference is a sequence of demands with a summary repr."""
        ref = istanbul_2022()
        assert (
            repr(ref)
            == "<Reference istanbul_2022: 16 demands, 11 confirmed by several outlets>"
        )
        assert ref[0] in ref
        assert ref[:2].demands == ref.demands[:2]
        assert list(ref) == [e.demand for e in ref.entries]

    def test_records_and_pandas(self) -> None:
        """Records and the data frame carry the figure and its sourcing."""
        frame = istanbul_2022().to_pandas()
        assert len(frame) == 16
        first = frame.iloc[0].to_dict()
        assert (
            first["actor"],
            first["metric"],
            first["value"],
            first["confirmation"],
        ) == (
            "Russia",
            "troops",
            85000.0,
            "several outlets",
        )
        assert first["sources"] == 6

    def test_bad_mapping_names_the_line(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A row the mapping does not cover is a ValidationError naming the line."""
        data = tmp_path / "proposals.jsonl"
        row = json.loads(proposals_path().read_text(encoding="utf-8").splitlines()[0])
        row["actor"] = "Belarus"
        data.write_text(json.dumps(row) + "\n", encoding="utf-8")
        (tmp_path / "mapping.toml").write_bytes(
            proposals_path().with_name("mapping.toml").read_bytes()
        )
        monkeypatch.setattr(reference, "proposals_path", lambda: data)
        with pytest.raises(
            pt.ValidationError, match=r"proposals.jsonl:1: 'actor' 'Belarus'"
        ):
            reference._read_rows()

    def test_deterministic(self) -> None:
        """Reading the file again gives the same entries and the same rows left out."""
        rows, dropped = reference._read_rows()
        assert dropped == left_out()
        again, _ = reference._read_rows()
        assert again == rows

    @given(st.sampled_from(proposals().demands))
    def test_round_trip(self, demand: Demand) -> None:
        """Every reference demand survives the serializer unchanged."""
        assert pt.loads(pt.dumps(demand), Demand) == demand
        assert (
            pt.converter.structure(pt.converter.unstructure(demand), Demand) == demand
        )


class TestCheck:
    def test_sample_is_confirmed(self) -> None:
        """The sample's Istanbul figures all check as confirmed."""
        demands = pt.datasets.sample().extract().demands
        results = {
            (c.demand.actor, c.demand.metric, c.demand.quantity.value): c.status
            for c in check(demands)
        }
        for key in [
            ("Russia", "troops", 85000),
            ("Russia", "tanks", 342),
            ("Russia", "missile_range", 40),
            ("Ukraine", "troops", 250000),
            ("Ukraine", "tanks", 800),
            ("Ukraine", "missile_range", 280),
        ]:
            assert results[key] is CheckStatus.CONFIRMED
        assert results["Russia", "territory_share", 20] is CheckStatus.UNKNOWN

    def test_confirmed_lists_the_matching_entries(self) -> None:
        """A confirmed check holds only the entries with the same figure."""
        (result,) = check([Demand("Russia", "tanks", Quantity(342, unit="units"))])
        assert [e.demand.quantity.value for e in result.reference] == [342]
        assert result.values == (Quantity(342, unit="units"),)

    def test_differs_lists_the_reference_values(self) -> None:
        """A different figure lists every reference value of that actor and metric."""
        (result,) = check(
            [Demand("Ukraine", "troops", Quantity(300_000, unit="personnel"))]
        )
        assert result.status is CheckStatus.DIFFERS
        assert [q.value for q in result.values] == [245_000, 250_000, 800_000]

    def test_units_are_converted(self) -> None:
        """Miles are converted before comparing; an unconvertible unit differs."""
        miles = 40 / 1.609344
        checks = check(
            [
                Demand("Russia", "missile_range", Quantity(miles, unit="miles")),
                Demand("Russia", "missile_range", Quantity(40, unit="days")),
                Demand("Russia", "missile_range", Quantity(40)),
            ],
            istanbul_2022(),
        )
        assert [c.status for c in checks] == [
            CheckStatus.CONFIRMED,
            CheckStatus.DIFFERS,
            CheckStatus.CONFIRMED,
        ]

    def test_ranges(self) -> None:
        """A range is confirmed by the same range only."""
        checks = check(
            [
                Demand(
                    "Ukraine",
                    "guarantee_duration",
                    Quantity(low=30, high=50, unit="years"),
                ),
                Demand("Ukraine", "guarantee_duration", Quantity(50, unit="years")),
            ]
        )
        assert [c.status for c in checks] == [
            CheckStatus.CONFIRMED,
            CheckStatus.DIFFERS,
        ]

    def test_iterable_of_entries(self) -> None:
        """The reference may be any iterable of sourced entries."""
        entries = istanbul_2022().filter(actor="Ukraine").entries
        (result,) = check([Demand("Russia", "troops", Quantity(85_000))], entries)
        assert result.status is CheckStatus.UNKNOWN

    def test_not_demands(self) -> None:
        """Positions are not demands: checking them is a TypeError."""
        with pytest.raises(TypeError, match="expected demands, got Position"):
            check([pt.Position("Russia", "neutrality", "supports")])  # type: ignore[list-item]  # the point of the test

    @given(st.lists(st.sampled_from(proposals().demands), max_size=5))
    def test_reference_confirms_itself(self, demands: list[Demand]) -> None:
        """Every reference demand checks as confirmed against the reference."""
        assert all(c.status is CheckStatus.CONFIRMED for c in check(demands))
        assert [c.demand for c in check(demands)] == demands


class TestPackaging:
    def test_data_is_in_the_package(self) -> None:
        """The data folder is inside the package, so the wheel carries it."""
        root = Path(pt.__file__).parent
        assert proposals_path().is_relative_to(root)
        assert proposals_path().with_name("mapping.toml").is_file()
