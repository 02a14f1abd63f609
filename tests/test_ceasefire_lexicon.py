"""The ceasefire-and-hostages lexicon of the how-to, written with no Python.

``examples/ceasefire_hostages.toml`` declares persons and trucks as counted
units and adds act words ("provides for", "will free", "expects") in its
``[grammar]`` section.  The sentences below are written for these tests in
the phrasings of wire copy; each asserts the exact figures found, and that
without the lexicon's grammar words or its ``counted`` flags they are lost
(which is what happened before either existed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.lexicon import Lexicon
from peacetalks.model import Act, Article, Bound, Demand

PATH = Path(__file__).parents[1] / "examples" / "ceasefire_hostages.toml"
LEXICON = Lexicon.from_toml(PATH)
EXTRACTOR = RuleExtractor(LEXICON)


def _without(key: str, data: dict[str, Any] | None = None) -> Lexicon:
    """The lexicon without its ``[grammar]`` section, or its counted flags."""
    data = LEXICON.to_dict() if data is None else data
    if key == "grammar":
        data.pop("grammar")
    else:
        for unit in data["units"]:  # type: ignore[union-attr]  # a list of dicts
            unit.pop("counted", None)
    return Lexicon.from_dict(data)


#: (sentence, (actor, act, metric, value, unit)) for each demand it holds
CASES = [
    (
        "Hamas will free 33 hostages in the first phase, mediators said.",
        [("Hamas", Act.OFFER, "hostages_released", 33.0, "persons")],
    ),
    (
        "The Egyptian draft provides for 600 aid trucks a day.",
        [("Egypt", Act.OFFER, "aid_trucks", 600.0, "trucks")],
    ),
    (
        "Washington expects Hamas to release 40 hostages.",
        [("United States", Act.DEMAND, "hostages_released", 40.0, "persons")],
    ),
    (
        "Under the Qatari proposal, Hamas would free 25 captives.",
        [("Qatar", Act.OFFER, "hostages_released", 25.0, "persons")],
    ),
    (
        "Israel demanded the release of 12 hostages before any truce.",
        [("Israel", Act.DEMAND, "hostages_released", 12.0, "persons")],
    ),
    (
        "Israel offered to free 1,000 Palestinian prisoners.",
        [("Israel", Act.OFFER, "prisoners_released", 1000.0, "persons")],
    ),
    (
        "Egypt called for 300 aid trucks a day to enter Gaza.",
        [("Egypt", Act.DEMAND, "aid_trucks", 300.0, "trucks")],
    ),
]


def _demands(lexicon: Lexicon, text: str) -> list[tuple[object, ...]]:
    found = RuleExtractor(lexicon).extract(Article(text=text))
    return [
        (d.actor, d.act, d.metric, d.quantity.value, d.quantity.unit)
        for d in found
        if isinstance(d, Demand)
    ]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_figures_are_found(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _demands(LEXICON, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hamas will free 33 hostages in the first phase, mediators said.",
        "Washington expects Hamas to release 40 hostages.",
    ],
)
def test_the_act_words_come_from_the_grammar_section(text: str) -> None:
    """The only act word of these sentences is one the lexicon adds."""
    assert _demands(_without("grammar"), text) == []
    assert _demands(LEXICON, text) != []


def test_an_added_offer_word_decides_the_act() -> None:
    text = "The Egyptian draft provides for 600 aid trucks a day."
    ((_, act, *_),) = _demands(_without("grammar"), text)
    assert act is Act.DEMAND  # "draft" alone puts a figure on the table
    ((_, act, *_),) = _demands(LEXICON, text)
    assert act is Act.OFFER


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_counted_units_are_declared(
    text: str, expected: list[tuple[object, ...]]
) -> None:
    """Persons and trucks are not named "personnel" or "units": the flag decides."""
    assert expected
    assert _demands(_without("counted"), text) == []


def test_a_figure_with_a_bound() -> None:
    text = "Israel would allow no more than 200 aid trucks a day, officials said."
    found = EXTRACTOR.extract(Article(text=text))
    (demand,) = [d for d in found if isinstance(d, Demand)]
    assert (demand.actor, demand.metric, demand.quantity.value) == (
        "Israel",
        "aid_trucks",
        200.0,
    )
    assert demand.quantity.bound is Bound.MAX


def test_the_file_round_trips() -> None:
    assert Lexicon.from_dict(LEXICON.to_dict()) == LEXICON
    assert LEXICON.grammar["acts.offer"].words == (
        "provides for",
        "will free",
        "would free",
        "will release",
    )


def _rows(text: str) -> list[tuple[object, ...]]:
    found = EXTRACTOR.extract(Article(text=text))
    return [
        (d.actor, d.metric, d.quantity.value, d.quantity.bound)
        for d in found
        if isinstance(d, Demand)
    ]


def test_a_range_is_two_rows() -> None:
    """domain.md: a range gives a minimum and a maximum row, in any lexicon."""
    assert _rows("Qatar proposed a truce of 3 to 5 days.") == [
        ("Qatar", "ceasefire_days", 3.0, Bound.MIN),
        ("Qatar", "ceasefire_days", 5.0, Bound.MAX),
    ]


def test_a_proposal_after_a_reject_word() -> None:
    """The proposal word after "rejected" governs the figure after it."""
    rows = _rows("Hamas rejected the offer and proposed a pause of 2 weeks.")
    assert [row[:3] for row in rows] == [("Hamas", "ceasefire_days", 14.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hamas would like a pause of 10 days, mediators said.", ("Hamas", 10.0)),
        (
            (
                '"I told Doha that we would like a pause of 10 days," the Israeli '
                "negotiators said."
            ),
            ("Israel", 10.0),
        ),
        (
            (
                '"We told Cairo that we\'d like a pause of 2 weeks," Israeli '
                "negotiators said."
            ),
            ("Israel", 14.0),
        ),
    ],
)
def test_who_would_like_a_figure_proposes_it(
    text: str, expected: tuple[str, float]
) -> None:
    """English "would like" is a demand word in any lexicon; a first-person
    "we" after the party told is the subject, so the speaker proposes."""
    assert [(a, m, v) for a, _, m, v, _ in _demands(LEXICON, text)] == [
        (expected[0], "ceasefire_days", expected[1])
    ]


def test_a_swap_carried_out_is_the_joint_actors_by_data() -> None:
    """A lexicon that declares a joint actor and makes it a metric's default
    target gets each side of a swap for that actor, with no Python."""
    data = LEXICON.to_dict()
    actors = data["actors"]
    assert isinstance(actors, list)
    actors.append(
        {"name": "Israel and Hamas", "kind": "joint", "members": ["Israel", "Hamas"]}
    )
    metrics = data["metrics"]
    assert isinstance(metrics, list)
    for metric in metrics:
        if metric["id"] == "prisoners_released":
            metric["default_target"] = "Israel and Hamas"
    joint = Lexicon.from_dict(data)
    text = (
        "Egypt mediated the release of 90 prisoners in exchange for 90 "
        "detainees on Sunday."
    )
    assert [(a, m, v) for a, _, m, v, _ in _demands(joint, text)] == [
        ("Israel and Hamas", "prisoners_released", 90.0)
    ]
