"""The colours of the charts: one colour per actor, safe for colour-blind readers.

Actors take the Okabe-Ito colours (Okabe and Ito, *Color Universal Design*,
2008), which readers with any common colour-vision deficiency can tell apart,
in the lexicon's actor order (`peacetalks.plot.actor_colours`): the first
actor of the lexicon (Russia in the default) always gets the first colour,
the second (Ukraine) the second, and so on, so an actor has the same colour
in every chart.  A lexicon has more actors than there are safe colours, so
colours come round again; when two actors of one chart would share a colour,
the later one in the lexicon takes the next colour the chart has not used
(the first seven actors of the lexicon therefore never change colour).  Only
a chart with more than seven actors repeats a colour.

Example:
    >>> actor_colours(["Ukraine", "Russia"], ["Russia", "Ukraine", "Turkey"])
    {'Russia': '#D55E00', 'Ukraine': '#0072B2'}
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["PALETTE", "STANCE_COLOURS", "actor_colours"]

#: The Okabe-Ito colours, the most distinct first: vermillion, blue, bluish
#: green, reddish purple, orange, sky blue, black (its yellow is left
#: out: a hollow yellow marker is hard to see on white).
PALETTE: Final = (
    "#D55E00",
    "#0072B2",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
)

#: The stance cells: light blue supports, light orange opposes, grey mixed
#: (a diverging pair that colour-blind readers tell apart; the cells also
#: carry ``+``, ``-`` or ``±``, so the chart reads in greyscale too).
STANCE_COLOURS: Final = {
    "supports": "#9CC9E8",
    "opposes": "#F5B27F",
    "mixed": "#D4D4D4",
}


def _home(actor: str, order: dict[str, int]) -> int:
    """The actor's own colour index: its place in the lexicon, or a fixed hash."""
    place = order.get(actor)
    if place is None:  # not in the lexicon: stable across runs, unlike hash()
        place = zlib.crc32(actor.encode("utf-8"))
    return place % len(PALETTE)


def actor_colours(actors: Iterable[str], order: Sequence[str]) -> dict[str, str]:
    """A colour for each of ``actors``, by their place in ``order``.

    Args:
        actors: The actors of one chart.
        order: Every actor the charts may show, the main ones first (a
            lexicon's actor names).

    Returns:
        Each actor's colour as ``#RRGGBB``, in ``order`` (actors not in it
        last, alphabetically).

    Two actors of one call share a colour only when there are more than
    seven of them.

    >>> actor_colours(["Austria", "Russia"], ["Russia", "Ukraine"])["Russia"]
    '#D55E00'
    """
    place = {name: n for n, name in enumerate(order)}
    ranked = sorted(set(actors), key=lambda a: (place.get(a, len(place)), a))
    taken: set[int] = set()
    colours: dict[str, str] = {}
    for actor in ranked:
        home = _home(actor, place)
        free = [
            (home + step) % len(PALETTE)
            for step in range(len(PALETTE))
            if (home + step) % len(PALETTE) not in taken
        ]
        chosen = free[0] if free else home  # more actors than colours
        taken.add(chosen)
        colours[actor] = PALETTE[chosen]
    return colours
