"""Vocabularies of actors, speakers, issues, metrics and units, held as data.

A `Lexicon` tells the rest of peacetalks what a negotiation is about: who
the parties are and what they are called in the news (``"the Kremlin"`` is
Russia), who speaks for them, which issues they take positions on, which
measurable terms they put on the table and in which units.  None of this is
code: a lexicon is a TOML file, and the bundled default (the Russia-Ukraine
talks) is just one of them.  Load another conflict's file with
`Lexicon.from_toml`, or `Lexicon.merge` a small file of additions
over the default.

The file has a few scalar keys (``name``, ``description``, ``default_target``)
and arrays of tables: ``[[actors]]``, ``[[speakers]]``, ``[[analysts]]``
(speakers who are not parties), ``[[issues]]``, ``[[metrics]]`` and
``[[units]]``; see ``peacetalks/lexicons/default.toml`` for a commented
example.  A unit (or a metric) with ``counted = true`` is counted one by
one: a bare number before a metric's noun is its value ("33 hostages").  A
``[grammar]`` section adds words to the English grammar the extractor reads
(`Lexicon.grammar`, see `peacetalks.grammar`).  The file is read through
the library's converter (`peacetalks.tomlfile`).  Bad data raises
`ValidationError` whose ``errors`` name each bad field by its path, e.g.
``$.metrics[3].unit: unknown unit 'kms'``; an issue's cue phrase may have at
most `LONGEST_CUE` characters, the longest sentence extraction reads.

Names are looked up ignoring case, accents, repeated spaces and a leading
"the": ``"THE KREMLIN"``, ``"Kremlin"`` and ``"the Kremlin"`` are one name, and
so are ``"Erdoğan"`` and ``"Erdogan"``.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import reprlib
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import attrs

from peacetalks.errors import (
    UnknownNameError,
    ValidationError,
    close_names,
    one_of,
)
from peacetalks.extract.sentences import LONGEST_SENTENCE
from peacetalks.grammar import Grammar
from peacetalks.model import Quantity
from peacetalks.tomlfile import parse_toml, structure_toml

__all__ = [
    "LONGEST_CUE",
    "Actor",
    "Issue",
    "Lexicon",
    "Metric",
    "NameKind",
    "Names",
    "Speaker",
    "Unit",
    "UnknownNameError",
    "name_key",
]

_T = TypeVar("_T")

#: The kinds of names a lexicon holds.
NameKind = Literal["actor", "speaker", "issue", "metric", "unit"]

#: Issue and metric ids: lower-case snake_case, so they are safe as column names.
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")

#: How similar (difflib ratio) a known name must be to be suggested.
_CLOSE = 0.6


# ---------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    """Freeze a sequence of strings, refusing a bare string."""
    if isinstance(value, str):
        msg = f"expected a sequence of strings, got the string {value!r}"
        raise TypeError(msg)
    return tuple(value)


@attrs.frozen
class Actor:
    """A party to a negotiation, or a group of parties acting together.

    Attributes:
        name: The canonical name, e.g. ``"Russia"``.
        aliases: Other names and metonyms: ``"Russian Federation"``,
            ``"Moscow"``, ``"the Kremlin"``, ``"Russian delegation"``.
        adjectives: Adjectives that stand for the actor (``"Russian"``).
        kind: Free text; the default lexicon uses ``"state"``,
            ``"organization"``, ``"coalition"`` and ``"joint"``.
        members: For a joint actor (a term both sides agreed), the canonical
            names of the actors it joins.

    Example:
        >>> hamas = Actor("Hamas", aliases=("the group",), kind="armed group")
        >>> hamas.names
        ('Hamas', 'the group')
    """

    name: str
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    adjectives: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    kind: str = "state"
    members: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form of the actor: name, aliases, then adjectives.

        >>> Lexicon.default().actor("Ukraine").names[:4]
        ('Ukraine', 'Kyiv', 'Kiev', 'Ukrainian side')
        """
        return (self.name, *self.aliases, *self.adjectives)


@attrs.frozen
class Speaker:
    """A person quoted in the news, and the actor whose words they speak.

    Attributes:
        name: The canonical spelling, e.g. ``"Volodymyr Zelensky"``.
        actor: The canonical name of the actor they speak for, or ``None``
            for an analyst: when an analyst says what a party wants, the
            position is that party's; their own opinions are not positions.
        role: Free text, e.g. ``"president"``.
        variants: Other spellings and the bare surname (``"Zelenskyy"``).

    Example:
        >>> Speaker("Tatiana Stanovaya", role="analyst").party
        False
        >>> Speaker("Dmitry Peskov", "Russia", variants=("Peskov",)).names
        ('Dmitry Peskov', 'Peskov')
    """

    name: str
    actor: str | None = None
    role: str = ""
    variants: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    @property
    def party(self) -> bool:
        """Whether the speaker speaks for an actor (``False`` for analysts).

        >>> lexicon = Lexicon.default()
        >>> lexicon.speaker("Peskov").party, lexicon.speaker("Peskov").actor
        (True, 'Russia')
        """
        return self.actor is not None

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling of the speaker: name, then variants.

        >>> Lexicon.default().speaker("Podolyak").names[:3]
        ('Mykhailo Podolyak', 'Mykhailo Podoliak', 'Mykhaylo Podolyak')
        """
        return (self.name, *self.variants)


@attrs.frozen
class Issue:
    """A proposition that actors support or oppose.

    Attributes:
        id: A snake_case identifier, e.g. ``"nato_membership"``.
        proposition: What supporting the issue means, e.g. ``"Ukraine joins
            NATO"``.
        cues: Words and phrases that name the issue's proposition in English
            news text ("join NATO"): a plain mention supports it.
        against: Phrases that name its opposite ("barred from NATO",
            "territorial integrity" for keeping occupied land): a plain
            mention opposes it.
        topics: Words that signal the issue only with one of ``anchors``
            earlier in the same clause: "Crimea" is about recognising
            Crimea only after "recognition of".
        anchors: The words that make ``topics`` count.
        excludes: Phrases that hold one of the issue's cues, against
            phrases or topics but do not name the issue ("a neutral
            party" is no neutral status, "EU member states" no EU
            membership): a cue of the issue inside or overlapping one
            does not count.
        agent: The actor whose act the proposition is, if one is ("Russian
            forces withdraw": ``"Russia"``).  A cue whose doer, a party
            named right before it ("*Kyiv* must withdraw its forces"), is
            another party is not about this issue.
        otherwise: The issue such a cue is about instead (Ukraine
            withdrawing from land is ``"occupied_territory"``), or ``None``
            to ignore it.  Needs ``agent``.

    Example:
        >>> Issue("ceasefire", "the fighting stops", cues=("truce",)).cues
        ('truce',)
        >>> crimea = Issue("crimea", "Crimea is recognised as Russian",
        ...                topics=("Crimea",), anchors=("recognition of",))
        >>> crimea.topics, crimea.anchors
        (('Crimea',), ('recognition of',))
        >>> pullout = Issue("pullout", "Russian forces withdraw",
        ...                 cues=("withdraw its forces",), agent="Russia",
        ...                 otherwise="territory")
        >>> pullout.agent, pullout.otherwise
        ('Russia', 'territory')
    """

    id: str
    proposition: str
    cues: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    against: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    topics: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    anchors: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    excludes: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    agent: str | None = None
    otherwise: str | None = None


@attrs.frozen
class Metric:
    """A measurable term of a quantitative demand, such as a cap on troops.

    Attributes:
        id: A snake_case identifier, e.g. ``"missile_range"``.
        unit: The id of the unit values are stored in, e.g. ``"km"``.
        nouns: Words that name the measured thing in text (``"range"``).
        default_target: Whose forces the term constrains when the text does
            not say; ``None`` defers to `Lexicon.default_target`.
        description: One line for people.
        counted: Whether the metric is measured by counting things ("the
            release of 12 hostages", "300 aid trucks a day"), so that a bare
            number before one of its nouns is read as its value; ``None``
            defers to its unit's `Unit.counted` (see `Lexicon.counted`).

    Example:
        >>> Metric("tanks", "units", nouns=("tanks",)).unit
        'units'
    """

    id: str
    unit: str
    nouns: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    default_target: str | None = None
    description: str = ""
    counted: bool | None = None


@attrs.frozen
class Unit:
    """A unit of measurement and how to convert it.

    A unit without a ``base`` is a reference unit.  A unit with a ``base`` is
    defined by it: one ``id`` is ``factor`` ``base`` (one ``"miles"`` is
    1.609344 ``"km"``).  Units that share a reference unit convert into each
    other.

    Attributes:
        id: The unit's identifier, e.g. ``"km"``.
        aliases: Other ways to write it (``"kilometres"``, ``"kms"``).
        base: The id of the reference unit, or ``None`` if this is one.
        factor: How many ``base`` units one ``id`` is; 1 for a reference.
        counted: Whether a quantity in this unit is a count of things
            (persons, trucks, tanks): metrics in it are counted metrics
            unless they say otherwise.  A unit with a ``base`` is counted
            when it or its reference unit says so.

    Example:
        >>> Unit("weeks", ("week",), base="days", factor=7.0).reference
        'days'
    """

    id: str
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    base: str | None = None
    factor: float = 1.0
    counted: bool = False

    @property
    def reference(self) -> str:
        """The reference unit this unit converts through.

        >>> Lexicon.default().unit("miles").reference
        'km'
        """
        return self.id if self.base is None else self.base

    @property
    def names(self) -> tuple[str, ...]:
        """Every way to write the unit: id, then aliases.

        >>> Lexicon.default().unit("km").names[:3]
        ('km', 'kilometre', 'kilometres')
        """
        return (self.id, *self.aliases)


# ---------------------------------------------------------------------------
# Name normalisation and indices
# ---------------------------------------------------------------------------


def name_key(name: str) -> str:
    """Fold a name for lookup: case, accents, spacing and a leading "the".

    The Turkish dotless i folds to i and a curly apostrophe to a straight one.
    The lexicon finds actors, speakers and units by this key.

    Example:
        >>> name_key("The  Kremlin")
        'kremlin'
        >>> name_key("Z\u00fcrich")
        'zurich'
    """
    folded = unicodedata.normalize("NFKD", name.casefold().replace("\u0131", "i"))
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    folded = " ".join(folded.replace("\u2019", "'").split())
    return folded.removeprefix("the ")


def _id_key(name: str) -> str:
    """Fold an issue or metric id: ``"NATO membership"`` is ``nato_membership``."""
    return "_".join(name.casefold().replace("-", " ").split())


class _Index(Generic[_T]):
    """Names of one kind of entry, folded for lookup."""

    def __init__(self, kind: str, fold: Callable[[str], str]) -> None:
        self.kind = kind
        self.fold = fold
        # folded name -> (entry, name as written, owner's name, owner's path)
        self.entries: dict[str, tuple[_T, str, str, str]] = {}

    def add(
        self,
        name: str,
        entry: _T,
        owner: str,
        owner_path: str,
        path: str,
        errors: list[str],
    ) -> None:
        """Register ``name`` for ``entry``, reporting a clash with another."""
        key = self.fold(name)
        if not key:
            errors.append(f"{path}: must not be empty")
            return
        found = self.entries.get(key)
        if found is None:
            self.entries[key] = (entry, name, owner, owner_path)
        elif found[0] is not entry:
            errors.append(
                f"{path}: {name!r} already names {self.kind} {found[2]!r} ({found[3]})"
            )

    def find(self, name: str) -> _T | None:
        """The entry called ``name``, or ``None``."""
        found = self.entries.get(self.fold(name))
        return None if found is None else found[0]

    def suggest(self, name: str) -> list[str]:
        """Known names close to ``name``, as written, best first.

        At most three, one per entry, and none much worse than the best.
        Without a close spelling, names that contain ``name`` (``"nato"``
        in ``"nato_membership"``) are suggested, shortest first.
        """
        ranked = close_names(self.fold(name), self.entries)
        suggestions: dict[str, str] = {}  # owner -> name as written
        for key in ranked:
            _, written, owner, _ = self.entries[key]
            if len(suggestions) == 3:
                break
            suggestions.setdefault(owner, written)
        return list(suggestions.values())

    def unknown(self, name: str) -> str:
        """A message for a reference to a name that is not here."""
        message = f"unknown {self.kind} {name!r}"
        suggestions = self.suggest(name)
        if suggestions:
            message += f"; did you mean {one_of(suggestions)}?"
        return message

    def get(self, name: str, lexicon: str) -> _T:
        """The entry called ``name``; raise `UnknownNameError` if none."""
        entry = self.find(name)
        if entry is None:
            raise UnknownNameError(self.kind, name, lexicon, self.suggest(name))
        return entry


@attrs.frozen
class _Indices:
    """The lookup tables of one lexicon."""

    actors: _Index[Actor]
    speakers: _Index[Speaker]
    issues: _Index[Issue]
    metrics: _Index[Metric]
    units: _Index[Unit]


def _speaker_paths(speakers: Sequence[Speaker]) -> list[str]:
    """Paths of speakers as they appear in a file: parties, then analysts."""
    counts = {True: 0, False: 0}
    paths = []
    for speaker in speakers:
        section = "speakers" if speaker.party else "analysts"
        paths.append(f"$.{section}[{counts[speaker.party]}]")
        counts[speaker.party] += 1
    return paths


def _index(lexicon: Lexicon) -> tuple[_Indices, list[str]]:
    """Build the lookup tables of ``lexicon`` and list what is wrong with it."""
    errors: list[str] = []
    index = _Indices(
        actors=_Index("actor", name_key),
        speakers=_Index("speaker", name_key),
        issues=_Index("issue", _id_key),
        metrics=_Index("metric", _id_key),
        units=_Index("unit", name_key),
    )
    if not lexicon.name.strip():
        errors.append("$.name: must not be empty")

    for i, actor in enumerate(lexicon.actors):
        at = f"$.actors[{i}]"
        index.actors.add(actor.name, actor, actor.name, at, f"{at}.name", errors)
        for field in ("aliases", "adjectives"):
            for j, alias in enumerate(getattr(actor, field)):
                path = f"{at}.{field}[{j}]"
                index.actors.add(alias, actor, actor.name, at, path, errors)
        if not actor.kind.strip():
            errors.append(f"{at}.kind: must not be empty")

    def canonical(name: str, kind: _Index[_T], path: str, attribute: str) -> None:
        found = kind.find(name)
        if found is None:
            errors.append(f"{path}: {kind.unknown(name)}")
        elif getattr(found, attribute) != name:
            errors.append(
                f"{path}: write {getattr(found, attribute)!r}, the {kind.kind}'s "
                f"{attribute}, not {name!r}"
            )

    for i, actor in enumerate(lexicon.actors):
        for j, member in enumerate(actor.members):
            path = f"$.actors[{i}].members[{j}]"
            canonical(member, index.actors, path, "name")
            if name_key(member) == name_key(actor.name):
                errors.append(f"{path}: an actor cannot be its own member")

    for at, speaker in zip(
        _speaker_paths(lexicon.speakers), lexicon.speakers, strict=True
    ):
        index.speakers.add(
            speaker.name, speaker, speaker.name, at, f"{at}.name", errors
        )
        for j, variant in enumerate(speaker.variants):
            path = f"{at}.variants[{j}]"
            index.speakers.add(variant, speaker, speaker.name, at, path, errors)
        if speaker.actor is not None:
            canonical(speaker.actor, index.actors, f"{at}.actor", "name")

    for i, issue in enumerate(lexicon.issues):
        at = f"$.issues[{i}]"
        if _ID.match(issue.id) is None:
            errors.append(f"{at}.id: {issue.id!r} is not a snake_case identifier")
        index.issues.add(issue.id, issue, issue.id, at, f"{at}.id", errors)
        if not issue.proposition.strip():
            errors.append(f"{at}.proposition: must not be empty")
        errors.extend(
            f"{at}.cues[{j}]: must not be empty"
            for j, cue in enumerate(issue.cues)
            if not cue.strip()
        )

    for i, issue in enumerate(lexicon.issues):
        at = f"$.issues[{i}]"
        if issue.agent is not None:
            canonical(issue.agent, index.actors, f"{at}.agent", "name")
        if issue.otherwise is not None:
            if issue.agent is None:
                errors.append(f"{at}.otherwise: needs an agent")
            if _id_key(issue.otherwise) == _id_key(issue.id):
                errors.append(f"{at}.otherwise: an issue cannot be its own otherwise")
            else:
                canonical(issue.otherwise, index.issues, f"{at}.otherwise", "id")

    for i, unit in enumerate(lexicon.units):
        at = f"$.units[{i}]"
        for j, name in enumerate(unit.names):
            path = f"{at}.id" if j == 0 else f"{at}.aliases[{j - 1}]"
            index.units.add(name, unit, unit.id, at, path, errors)
        if not (math.isfinite(unit.factor) and unit.factor > 0):
            errors.append(
                f"{at}.factor: must be a finite number above 0, not {unit.factor!r}"
            )
        elif unit.base is None and unit.factor != 1:
            errors.append(
                f"{at}.factor: a reference unit (no base) has factor 1, "
                f"not {unit.factor!r}"
            )
    for i, unit in enumerate(lexicon.units):
        if unit.base is None:
            continue
        path = f"$.units[{i}].base"
        canonical(unit.base, index.units, path, "id")
        base = index.units.find(unit.base)
        if base is not None and base.base is not None:
            errors.append(
                f"{path}: {unit.base!r} is itself defined by {base.base!r}; "
                f"use {base.base!r} as the base"
            )

    for i, metric in enumerate(lexicon.metrics):
        at = f"$.metrics[{i}]"
        if _ID.match(metric.id) is None:
            errors.append(f"{at}.id: {metric.id!r} is not a snake_case identifier")
        index.metrics.add(metric.id, metric, metric.id, at, f"{at}.id", errors)
        canonical(metric.unit, index.units, f"{at}.unit", "id")
        if metric.default_target is not None:
            canonical(
                metric.default_target, index.actors, f"{at}.default_target", "name"
            )
        errors.extend(
            f"{at}.nouns[{j}]: must not be empty"
            for j, noun in enumerate(metric.nouns)
            if not noun.strip()
        )

    if lexicon.default_target is not None:
        canonical(lexicon.default_target, index.actors, "$.default_target", "name")
    return index, errors


# ---------------------------------------------------------------------------
# Reading plain data (parsed TOML)
# ---------------------------------------------------------------------------


#: The most characters an issue's cue phrase may have: a cue is found inside
#: one sentence, and extraction cuts sentences at this length.
LONGEST_CUE = LONGEST_SENTENCE


@attrs.frozen
class _SpeakerTable:
    """A ``[[speakers]]`` table: a speaker for an actor (required)."""

    name: str
    actor: str
    role: str = ""
    variants: tuple[str, ...] = ()


@attrs.frozen
class _AnalystTable:
    """An ``[[analysts]]`` table: a speaker who is not a party."""

    name: str
    role: str = ""
    variants: tuple[str, ...] = ()


@attrs.frozen
class _File:
    """A lexicon file as it is written; the converter reads it, checked."""

    name: str
    description: str = ""
    default_target: str | None = None
    actors: tuple[Actor, ...] = ()
    speakers: tuple[_SpeakerTable, ...] = ()
    analysts: tuple[_AnalystTable, ...] = ()
    issues: tuple[Issue, ...] = ()
    metrics: tuple[Metric, ...] = ()
    units: tuple[Unit, ...] = ()
    grammar: dict[str, Any] = attrs.field(factory=dict)


#: The fields of an issue that hold cue phrases, each found in one sentence.
_CUE_FIELDS = ("cues", "against", "topics", "anchors", "excludes")


def _long_cues(data: object) -> list[str]:
    """Cue phrases too long to fit in a sentence, by path."""
    issues = data.get("issues") if isinstance(data, Mapping) else None
    errors: list[str] = []
    for i, issue in enumerate(issues if isinstance(issues, list | tuple) else ()):
        for key in _CUE_FIELDS:
            cues = issue.get(key) if isinstance(issue, Mapping) else None
            for j, cue in enumerate(cues if isinstance(cues, list | tuple) else ()):
                if isinstance(cue, str) and len(cue) > LONGEST_CUE:
                    errors.append(
                        f"$.issues[{i}].{key}[{j}]: {reprlib.repr(cue)} has "
                        f"{len(cue):,} characters; at most {LONGEST_CUE:,} fit"
                        " in a sentence"
                    )
    return errors


def _read(data: object, source: str | None) -> Lexicon:
    """Build a lexicon from plain data, or raise one ValidationError for all."""
    errors = _long_cues(data)
    grammar = Grammar.default()
    if isinstance(data, Mapping) and isinstance(data.get("grammar"), Mapping):
        try:
            grammar = grammar.extend(data["grammar"], where="$.grammar")
        except ValidationError as error:
            errors += error.errors
    try:
        file = structure_toml(data, _File, path=source)
    except ValidationError as error:
        raise ValidationError([*error.errors, *errors], path=source) from None
    if errors:
        raise ValidationError(errors, path=source)
    speakers = [Speaker(s.name, s.actor, s.role, s.variants) for s in file.speakers]
    speakers += [Speaker(a.name, None, a.role, a.variants) for a in file.analysts]
    try:
        return Lexicon(
            file.name,
            actors=file.actors,
            speakers=speakers,
            issues=file.issues,
            metrics=file.metrics,
            units=_counted_by_name(data, file.units, source),
            default_target=file.default_target,
            description=file.description,
            grammar=grammar,
        )
    except ValidationError as error:
        raise ValidationError(error.errors, path=source) from None


_COUNTED_BY_NAME = frozenset({"personnel", "units"})  # the rule before `counted`


def _counted_by_name(
    data: object, units: Sequence[Unit], source: str | None
) -> tuple[Unit, ...]:
    """Keep counting the units that were counted by their name, with a warning.

    Before ``counted`` existed, a unit named ``personnel`` or ``units`` was
    counted because of its name.  A lexicon written then, without the flag,
    would silently lose its counted figures; it keeps them and is told to
    declare the flag.
    """
    raw = data.get("units") if isinstance(data, Mapping) else None
    if not isinstance(raw, list):
        return tuple(units)
    kept = list(units)
    for i, (unit, entry) in enumerate(zip(units, raw, strict=False)):
        if (
            unit.id in _COUNTED_BY_NAME
            and isinstance(entry, Mapping)
            and "counted" not in entry
        ):
            kept[i] = attrs.evolve(unit, counted=True)
            warnings.warn(
                f"{source or 'lexicon'}: $.units[{i}]: unit {unit.id!r} is "
                "counted because of its name; declare `counted = true` (the "
                "name rule will be removed)",
                DeprecationWarning,
                stacklevel=4,
            )
    return tuple(kept)


def _loads(data: bytes, source: str | None) -> Lexicon:
    """Parse TOML bytes into a lexicon."""
    return _read(parse_toml(data, source), source)


@functools.cache
def _default() -> Lexicon:
    """The bundled default lexicon, read once."""
    resource = resources.files("peacetalks") / "lexicons" / "default.toml"
    return _loads(resource.read_bytes(), str(resource))


# ---------------------------------------------------------------------------
# The lexicon
# ---------------------------------------------------------------------------


def _actors(value: Iterable[Actor]) -> tuple[Actor, ...]:
    return tuple(value)


def _speakers(value: Iterable[Speaker]) -> tuple[Speaker, ...]:
    # Parties first, then analysts, as in the file; otherwise in given order.
    return tuple(sorted(value, key=lambda speaker: not speaker.party))


def _issues(value: Iterable[Issue]) -> tuple[Issue, ...]:
    return tuple(value)


def _metrics(value: Iterable[Metric]) -> tuple[Metric, ...]:
    return tuple(value)


def _units(value: Iterable[Unit]) -> tuple[Unit, ...]:
    return tuple(value)


def _override(
    base: Sequence[_T], extra: Sequence[_T], key: Callable[[_T], str]
) -> tuple[_T, ...]:
    """``base`` with each entry of ``extra`` replacing its namesake or appended."""
    merged = list(base)
    position = {key(entry): i for i, entry in enumerate(merged)}
    for entry in extra:
        i = position.get(key(entry))
        if i is None:
            position[key(entry)] = len(merged)
            merged.append(entry)
        else:
            merged[i] = entry
    return tuple(merged)


@attrs.frozen(repr=False)
class Lexicon:
    """The vocabulary of one negotiation: actors, speakers, issues, metrics, units.

    A lexicon is immutable and checked when it is made: every cross-reference
    (a speaker's actor, a metric's unit, a unit's base) must resolve and no
    name may point at two entries, or `ValidationError`
    is raised listing every problem.

    >>> lexicon = Lexicon.default()
    >>> lexicon
    <Lexicon 'russia-ukraine': 54 actors, 56 speakers, 25 issues, 20 metrics, 18 units>
    >>> lexicon.actor("the Kremlin").name
    'Russia'
    >>> speaker = lexicon.speaker("Zelenskyy")
    >>> speaker.name, speaker.actor, speaker.role
    ('Volodymyr Zelensky', 'Ukraine', 'president')
    >>> lexicon.issue("nato_membership").proposition
    'Ukraine joins NATO / NATO expands to Ukraine'
    >>> lexicon.metric("missile_range").unit
    'km'
    >>> lexicon.convert(20, "miles", "km")
    32.18688

    Another negotiation is just other data:

    >>> border = Lexicon.from_dict(
    ...     {
    ...         "name": "south-caucasus",
    ...         "actors": [
    ...             {"name": "Armenia", "aliases": ["Yerevan"]},
    ...             {"name": "Azerbaijan", "aliases": ["Baku"]},
    ...         ],
    ...         "issues": [
    ...             {"id": "delimitation", "proposition": "the border is drawn"},
    ...         ],
    ...     }
    ... )
    >>> border.actor("BAKU").name
    'Azerbaijan'

    Attributes:
        name: A short name, e.g. ``"russia-ukraine"``.
        actors: The parties, each with its aliases.
        speakers: People quoted in the news: those who speak for an actor,
            then analysts (``actor`` is ``None``), who are not parties.
        issues: The propositions positions are taken on.
        metrics: The measurable terms of quantitative demands.
        units: The units metrics are measured in, and their conversions.
        default_target: The canonical name of the actor whose forces a
            demand constrains when neither the text nor the metric says.
        description: One line for people.
        grammar: The words the extractor reads the text with: English
            (`Grammar.default`) with what the file's ``[grammar]`` section
            adds (see `peacetalks.grammar`).
    """

    name: str
    actors: tuple[Actor, ...] = attrs.field(default=(), converter=_actors)
    speakers: tuple[Speaker, ...] = attrs.field(default=(), converter=_speakers)
    issues: tuple[Issue, ...] = attrs.field(default=(), converter=_issues)
    metrics: tuple[Metric, ...] = attrs.field(default=(), converter=_metrics)
    units: tuple[Unit, ...] = attrs.field(default=(), converter=_units)
    default_target: str | None = None
    description: str = ""
    grammar: Grammar = attrs.field(factory=Grammar.default)
    _index: _Indices = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index, errors = _index(self)
        if errors:
            raise ValidationError(errors)
        object.__setattr__(self, "_index", index)

    def __repr__(self) -> str:
        return (
            f"<Lexicon {self.name!r}: {len(self.actors)} actors, "
            f"{len(self.speakers)} speakers, {len(self.issues)} issues, "
            f"{len(self.metrics)} metrics, {len(self.units)} units>"
        )

    # -- loading -----------------------------------------------------------

    @classmethod
    def default(cls) -> Lexicon:
        """The bundled Russia-Ukraine lexicon (read once, then shared).

        Returns:
            The lexicon in ``peacetalks/lexicons/default.toml``.

        Example:
            >>> Lexicon.default() is Lexicon.default()
            True
        """
        return _default()

    @classmethod
    def from_toml(cls, path: str | Path) -> Lexicon:
        r"""Read a lexicon from a TOML file.

        Args:
            path: The file to read.

        Returns:
            The lexicon the file describes.

        Raises:
            DecodeError: The file is not UTF-8 or not valid TOML, or nests
                arrays or inline tables too deeply to read.
            ValidationError: The TOML does not describe a valid lexicon
                (an issue's cue longer than `LONGEST_CUE` too).
            OSError: The file cannot be read.

        Example:
            >>> import pathlib, tempfile
            >>> with tempfile.TemporaryDirectory() as folder:
            ...     path = pathlib.Path(folder, "talks.toml")
            ...     _ = path.write_text('name = "talks"\n[[actors]]\nname = "A"\n')
            ...     Lexicon.from_toml(path).actor_names
            ('A',)
        """
        return _loads(Path(path).read_bytes(), str(path))

    @classmethod
    def from_dict(
        cls, data: Mapping[str, object], *, source: str | None = None
    ) -> Lexicon:
        """Build a lexicon from plain data shaped like the TOML file.

        Args:
            data: A mapping such as `tomllib.load` returns.
            source: Where the data came from, reported as the error's ``path``.

        Returns:
            The lexicon ``data`` describes.

        Raises:
            ValidationError: ``data`` does not describe a valid lexicon (an
                issue's cue longer than `LONGEST_CUE` too); its ``errors``
                name every bad field by its path.

        Example:
            >>> Lexicon.from_dict(
            ...     {"name": "x", "metrics": [{"id": "range", "unit": "kms"}]}
            ... )
            Traceback (most recent call last):
            ...
            peacetalks.errors.ValidationError: $.metrics[0].unit: unknown unit 'kms'
        """
        return _read(data, source)

    def to_dict(self) -> dict[str, object]:
        """Plain data shaped like the TOML file; `from_dict` reads it back.

        Returns:
            A dict of strings, floats, lists and dicts.

        Example:
            >>> lexicon = Lexicon.default()
            >>> Lexicon.from_dict(lexicon.to_dict()) == lexicon
            True
        """
        data: dict[str, object] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        if self.default_target is not None:
            data["default_target"] = self.default_target
        data["actors"] = [
            {
                "name": actor.name,
                "kind": actor.kind,
                "aliases": list(actor.aliases),
                "adjectives": list(actor.adjectives),
                "members": list(actor.members),
            }
            for actor in self.actors
        ]
        data["speakers"] = [
            {
                "name": speaker.name,
                "actor": speaker.actor,
                "role": speaker.role,
                "variants": list(speaker.variants),
            }
            for speaker in self.speakers
            if speaker.party
        ]
        data["analysts"] = [
            {
                "name": speaker.name,
                "role": speaker.role,
                "variants": list(speaker.variants),
            }
            for speaker in self.speakers
            if not speaker.party
        ]
        data["issues"] = [
            {"id": issue.id, "proposition": issue.proposition, "cues": list(issue.cues)}
            | {
                key: list(value)
                for key, value in (
                    ("against", issue.against),
                    ("topics", issue.topics),
                    ("anchors", issue.anchors),
                    ("excludes", issue.excludes),
                )
                if value
            }
            | {
                key: value
                for key, value in (
                    ("agent", issue.agent),
                    ("otherwise", issue.otherwise),
                )
                if value is not None
            }
            for issue in self.issues
        ]
        data["metrics"] = [
            {
                "id": metric.id,
                "unit": metric.unit,
                "description": metric.description,
                "nouns": list(metric.nouns),
            }
            | (
                {}
                if metric.default_target is None
                else {"default_target": metric.default_target}
            )
            | ({} if metric.counted is None else {"counted": metric.counted})
            for metric in self.metrics
        ]
        data["units"] = [
            {"id": unit.id, "aliases": list(unit.aliases), "factor": unit.factor}
            | ({} if unit.base is None else {"base": unit.base})
            | ({"counted": True} if unit.counted else {})
            for unit in self.units
        ]
        additions = self.grammar.additions(Grammar.default())
        if additions:
            data["grammar"] = additions
        return data

    def merge(self, other: Lexicon) -> Lexicon:
        """Extend this lexicon with ``other``, whose entries win.

        An entry of ``other`` replaces the entry of the same name or id here
        (whole: to add one alias, restate the actor); new entries are
        appended.  ``other``'s name is the result's; its default target and
        description are too, unless it has none.

        Args:
            other: The lexicon to lay over this one.

        Returns:
            The merged lexicon.

        Raises:
            ValidationError: The merged entries clash (one alias for two
                actors, a reference to an entry that neither lexicon has).

        Example:
            >>> poland = {"name": "Poland", "aliases": ["Warsaw"]}
            >>> extra = Lexicon.from_dict({"name": "more", "actors": [poland]})
            >>> merged = Lexicon.default().merge(extra)
            >>> merged.actor("Warsaw").name, merged.actor("Kyiv").name
            ('Poland', 'Ukraine')
        """
        return Lexicon(
            other.name,
            actors=_override(self.actors, other.actors, lambda a: name_key(a.name)),
            speakers=_override(
                self.speakers, other.speakers, lambda s: name_key(s.name)
            ),
            issues=_override(self.issues, other.issues, lambda i: _id_key(i.id)),
            metrics=_override(self.metrics, other.metrics, lambda m: _id_key(m.id)),
            units=_override(self.units, other.units, lambda u: name_key(u.id)),
            default_target=(
                self.default_target
                if other.default_target is None
                else other.default_target
            ),
            description=other.description or self.description,
            grammar=self.grammar.merge(other.grammar),
        )

    # -- lookups -----------------------------------------------------------

    def actor(self, name: str) -> Actor:
        """The actor called ``name`` (its name, an alias or an adjective).

        Args:
            name: Any surface form; case, accents and a leading "the" are
                ignored.

        Returns:
            The canonical actor.

        Raises:
            UnknownNameError: No actor has that name (a `KeyError`);
                the message suggests close names.

        Example:
            >>> lexicon = Lexicon.default()
            >>> lexicon.actor("Kiev").name, lexicon.actor("U.S.").name
            ('Ukraine', 'United States')
            >>> try:
            ...     lexicon.actor("Rusia")
            ... except KeyError as error:
            ...     print(error)
            unknown actor 'Rusia' in lexicon 'russia-ukraine'; did you mean 'Russia'?
        """
        return self._index.actors.get(name, self.name)

    def speaker(self, name: str) -> Speaker:
        """The speaker called ``name`` (their name or a variant spelling).

        Args:
            name: Any spelling; case and accents are ignored.

        Returns:
            The speaker, whose ``actor`` is the party they speak for.

        Raises:
            UnknownNameError: No speaker has that name (a `KeyError`).

        Example:
            >>> Lexicon.default().speaker("podoliak").name
            'Mykhailo Podolyak'
        """
        return self._index.speakers.get(name, self.name)

    def issue(self, id: str) -> Issue:
        """The issue with this id.

        Args:
            id: The id; case is ignored and spaces or hyphens stand for
                underscores.

        Returns:
            The issue.

        Raises:
            UnknownNameError: No issue has that id (a `KeyError`).

        Example:
            >>> Lexicon.default().issue("NATO membership").id
            'nato_membership'
        """
        return self._index.issues.get(id, self.name)

    def metric(self, id: str) -> Metric:
        """The metric with this id.

        Args:
            id: The id; case is ignored and spaces or hyphens stand for
                underscores.

        Returns:
            The metric.

        Raises:
            UnknownNameError: No metric has that id (a `KeyError`).

        Example:
            >>> Lexicon.default().metric("troops").unit
            'personnel'
        """
        return self._index.metrics.get(id, self.name)

    def unit(self, name: str) -> Unit:
        """The unit called ``name`` (its id or an alias).

        Args:
            name: Any way to write the unit; case and accents are ignored.

        Returns:
            The unit.

        Raises:
            UnknownNameError: No unit has that name (a `KeyError`).

        Example:
            >>> Lexicon.default().unit("Kilometres").id
            'km'
        """
        return self._index.units.get(name, self.name)

    def canonical(self, kind: NameKind, name: str) -> str | None:
        """The canonical form of what ``name`` names, or ``None`` if nothing.

        An actor's or speaker's ``name``, or an issue's, metric's or unit's
        ``id``, looked up as `actor`, `speaker`, `issue`, `metric` and
        `unit` do (case, accents, aliases).  `Names` builds on it.

        Args:
            kind: ``"actor"``, ``"speaker"``, ``"issue"``, ``"metric"`` or
                ``"unit"``.
            name: Any name of the entry.

        Example:
            >>> lexicon = Lexicon.default()
            >>> lexicon.canonical("actor", "the kremlin")
            'Russia'
            >>> lexicon.canonical("issue", "NATO membership")
            'nato_membership'
            >>> print(lexicon.canonical("metric", "troop"))
            None
        """
        index, attribute = self._kinds[kind]
        entry = index.find(name)
        return None if entry is None else str(getattr(entry, attribute))

    def suggest(self, kind: NameKind, name: str) -> tuple[str, ...]:
        """The names of ``kind`` close to ``name``, best first (at most three).

        These are the "did you mean" of `UnknownNameError`.

        Example:
            >>> lexicon = Lexicon.default()
            >>> lexicon.suggest("metric", "troop"), lexicon.suggest("issue", "nato")
            (('troops',), ('nato_membership',))
        """
        index, _ = self._kinds[kind]
        return tuple(index.suggest(name))

    @property
    def _kinds(self) -> Mapping[str, tuple[_Index[Any], str]]:
        """Each kind's index and the attribute that holds its canonical form."""
        index = self._index
        return {
            "actor": (index.actors, "name"),
            "speaker": (index.speakers, "name"),
            "issue": (index.issues, "id"),
            "metric": (index.metrics, "id"),
            "unit": (index.units, "id"),
        }

    def convert(self, value: float, from_unit: str, to_unit: str) -> float:
        """Convert ``value`` between two units that share a reference unit.

        Args:
            value: The amount in ``from_unit``.
            from_unit: A unit id or alias.
            to_unit: A unit id or alias.

        Returns:
            The amount in ``to_unit``.

        Raises:
            UnknownNameError: A unit is unknown (a `KeyError`).
            ValueError: The units measure different things.

        Example:
            >>> lexicon = Lexicon.default()
            >>> lexicon.convert(6, "weeks", "days")
            42.0
            >>> lexicon.convert(1500, "metres", "km")
            1.5
        """
        source = self.unit(from_unit)
        target = self.unit(to_unit)
        if source is target:
            return float(value)
        if source.reference != target.reference:
            msg = (
                f"cannot convert {from_unit!r} (measured in {source.reference!r}) "
                f"to {to_unit!r} (measured in {target.reference!r})"
            )
            raise ValueError(msg)
        return value * source.factor / target.factor

    def convert_quantity(self, quantity: Quantity, to_unit: str) -> Quantity:
        """The same `Quantity` in ``to_unit``: value, low and high converted.

        A quantity without a unit is taken to be in ``to_unit`` already.

        Raises:
            UnknownNameError: A unit is unknown (a `KeyError`).
            ValueError: The units measure different things.

        Example:
            >>> from peacetalks.model import Quantity
            >>> q = Lexicon.default().convert_quantity(
            ...     Quantity(low=2, high=3, unit="weeks", bound="approx"), "days")
            >>> q.low, q.high, q.unit, q.bound.value
            (14.0, 21.0, 'days', 'approx')
        """
        source = quantity.unit or to_unit

        def convert(value: float | None) -> float | None:
            return None if value is None else self.convert(value, source, to_unit)

        return Quantity(
            convert(quantity.value),
            low=convert(quantity.low),
            high=convert(quantity.high),
            unit=self.unit(to_unit).id,
            bound=quantity.bound,
        )

    def counted(self, metric: str) -> bool:
        """Whether a metric is measured by counting things.

        The metric's own ``counted`` decides; without one, its unit's, or
        that of the unit's reference unit (``persons`` is counted because
        ``personnel`` is).

        Args:
            metric: A metric id (any spelling `metric` accepts).

        Raises:
            UnknownNameError: No metric has that id.

        Example:
            >>> lexicon = Lexicon.default()
            >>> lexicon.counted("tanks"), lexicon.counted("missile_range")
            (True, False)
        """
        entry = self.metric(metric)
        if entry.counted is not None:
            return entry.counted
        unit = self._index.units.find(entry.unit)
        if unit is None:
            return False
        reference = self._index.units.find(unit.reference)
        return unit.counted or (reference is not None and reference.counted)

    def target_for(self, metric: str) -> str | None:
        """Whose forces a demand on ``metric`` constrains when the text is silent.

        Args:
            metric: A metric id.

        Returns:
            The metric's own default target, else the lexicon's, else ``None``.

        Raises:
            UnknownNameError: No metric has that id (a `KeyError`).

        Example:
            >>> lexicon = Lexicon.default()
            >>> lexicon.target_for("troops"), lexicon.target_for("frozen_assets")
            ('Ukraine', 'Russia')
        """
        found = self.metric(metric)
        if found.default_target is not None:
            return found.default_target
        return self.default_target

    # -- names -------------------------------------------------------------

    @property
    def actor_names(self) -> tuple[str, ...]:
        """The canonical actor names, in file order.

        >>> Lexicon.default().actor_names[:4]
        ('Russia', 'Ukraine', 'United States', 'Turkey')
        """
        return tuple(actor.name for actor in self.actors)

    @property
    def speaker_names(self) -> tuple[str, ...]:
        """The canonical speaker names, in file order (analysts included).

        >>> Lexicon.default().speaker_names[:3]
        ('Vladimir Putin', 'Sergei Lavrov', 'Dmitry Peskov')
        """
        return tuple(speaker.name for speaker in self.speakers)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """The issue ids, in file order.

        >>> Lexicon.default().issue_ids[:4]
        ('nato_membership', 'neutrality', 'security_guarantees', 'eu_membership')
        """
        return tuple(issue.id for issue in self.issues)

    @property
    def metric_ids(self) -> tuple[str, ...]:
        """The metric ids, in file order.

        >>> Lexicon.default().metric_ids[:4]
        ('troops', 'tanks', 'armored_vehicles', 'artillery')
        """
        return tuple(metric.id for metric in self.metrics)

    @property
    def unit_ids(self) -> tuple[str, ...]:
        """The unit ids, in file order.

        >>> Lexicon.default().unit_ids[:4]
        ('personnel', 'persons', 'units', 'km')
        """
        return tuple(unit.id for unit in self.units)


# ---------------------------------------------------------------------------
# Names that callers give: the one resolver
# ---------------------------------------------------------------------------


def _fold_for(kind: str) -> Callable[[str], str]:
    return _id_key if kind in ("issue", "metric") else name_key


class Names:
    """The names of one kind a caller may give: the lexicon's and the data's.

    Every public function that takes an actor, issue or metric name (a
    target, a party and a counterpart are actors), or the name of a closed
    set such as a finding's type, resolves it here, by one rule:

    1. A name the lexicon knows, in any case and by any alias, stands for
       the lexicon's entry: ``"moscow"``, ``"the Kremlin"`` and ``"Russia"``
       are all ``"Russia"``.
    2. A name the lexicon does not know stands for a name in the data when
       the two differ only in case, accents and spacing (findings extracted
       with another lexicon, actors read from a file).  The data's
       spellings of such a name count as one name, written as the spelling
       that sorts first.
    3. Any other name is an error: `UnknownNameError`, whose message
       suggests the closest names of the lexicon and of the data.

    Names in the data are read by the same rule (`canonical`): a finding
    whose actor is ``"Moscow"`` is Russia's.  So selecting by any alias or
    case variant of a name selects what its canonical name does, and a
    name that is known but absent from the data selects nothing, quietly.

    Args:
        kind: ``"actor"``, ``"issue"``, ``"metric"`` (or ``"speaker"``,
            ``"unit"``).
        present: The names of this kind that occur in the data.
        lexicon: The lexicon; the default lexicon if None.

    Example:
        >>> names = Names("actor", ["Russia", "Ukraine", "Armenia"])
        >>> names.resolve("the kremlin"), names.resolve("ARMENIA")
        ('Russia', 'Armenia')
        >>> names.canonical("Kyiv"), names.canonical("Georgia")
        ('Ukraine', 'Georgia')
        >>> names.resolve("Ukrain")
        Traceback (most recent call last):
            ...
        peacetalks.errors.UnknownNameError: unknown actor 'Ukrain' in lexicon
        'russia-ukraine'; did you mean 'Ukraine'?
    """

    def __init__(
        self,
        kind: NameKind,
        present: Iterable[str] = (),
        lexicon: Lexicon | None = None,
    ) -> None:
        lexicon = lexicon if lexicon is not None else Lexicon.default()
        self.kind: str = kind
        self.lexicon: Lexicon | None = lexicon
        self._lookup: Callable[[str], str | None] | None = functools.partial(
            lexicon.canonical, kind
        )
        self._lexicon_suggest = functools.partial(lexicon.suggest, kind)
        self._fold = _fold_for(kind)
        self._known: dict[str, str | None] = {}  # the lexicon's answers, cached
        self._others: dict[str, str] = {}  # folded -> spelling, for the data's own
        for value in set(present):
            if self._in_lexicon(value) is None:
                key = self._fold(value)
                spelling = self._others.get(key)
                if spelling is None or value < spelling:
                    self._others[key] = value

    @classmethod
    def closed(cls, kind: str, choices: Iterable[str]) -> Names:
        """The names of a closed set, which no lexicon holds: case is ignored.

        Example:
            >>> types = Names.closed("type", ["position", "demand"])
            >>> types.resolve("Demand")
            'demand'
            >>> types.resolve("quote")
            Traceback (most recent call last):
                ...
            peacetalks.errors.UnknownNameError: unknown type 'quote'; did you mean
            'demand' or 'position'?
        """
        names = cls("actor", ())
        names.kind = kind
        names.lexicon = None
        names._lookup = None
        names._fold = name_key
        names._others = {name_key(choice): choice for choice in choices}
        return names

    def _in_lexicon(self, name: str) -> str | None:
        if self._lookup is None:
            return None
        try:
            return self._known[name]
        except KeyError:
            found = self._known[name] = self._lookup(name)
            return found

    def canonical(self, value: str) -> str:
        """The canonical form of a name found in the data (rules 1 and 2).

        A name that neither the lexicon nor the data knows is kept as it is.

        Example:
            >>> names = Names("actor", ["armenia", "Armenia"])
            >>> names.canonical("Moscow"), names.canonical("armenia")
            ('Russia', 'Armenia')
        """
        return self._in_lexicon(value) or self._others.get(self._fold(value), value)

    def resolve(self, name: object, *, argument: str | None = None) -> str:
        """The canonical form of a name a caller gave.

        Args:
            name: The name.
            argument: The caller's argument, for errors; the kind by default.

        Raises:
            TypeError: ``name`` is not a string (the message names
                ``argument``).
            UnknownNameError: Neither the lexicon nor the data knows it.

        Example:
            >>> names = Names("metric", ["troops"])
            >>> names.resolve("Missile range")
            'missile_range'
            >>> names.resolve(5, argument="metrics")
            Traceback (most recent call last):
                ...
            TypeError: 'metrics' must be a name, a string (got int: 5)
        """
        if not isinstance(name, str):
            what = argument or self.kind
            got = f"{type(name).__name__}: {name!r}"
            msg = f"{what!r} must be a name, a string (got {got})"
            raise TypeError(msg)
        found = self._in_lexicon(name) or self._others.get(self._fold(name))
        if found is None:
            lexicon = None if self.lexicon is None else self.lexicon.name
            raise UnknownNameError(self.kind, name, lexicon, self._suggest(name))
        return found

    def resolve_all(
        self, names: str | Iterable[str], *, argument: str | None = None
    ) -> tuple[str, ...]:
        """`resolve` one name, or each of several, in order (repeats kept).

        Example:
            >>> Names("issue").resolve_all(["NATO membership", "ceasefire"])
            ('nato_membership', 'ceasefire')
            >>> Names("metric").resolve_all("missile range")
            ('missile_range',)
        """
        given: object = names  # anything may come in at run time
        if isinstance(names, str):
            return (self.resolve(names, argument=argument),)
        if not isinstance(given, Iterable):
            what = argument or self.kind
            msg = f"{what!r} must be a name or several (got {names!r})"
            raise TypeError(msg)
        return tuple(self.resolve(name, argument=argument) for name in names)

    def among(
        self, name: object, labels: Sequence[str], *, argument: str | None = None
    ) -> str | None:
        """The one of ``labels`` (a table's rows, say) that ``name`` stands for.

        A label equal to ``name`` is taken as it is; otherwise ``name`` is
        resolved and matched with the labels' canonical forms.

        Returns:
            The label, or ``None`` when ``name`` is known but no label is it.

        Raises:
            TypeError: ``name`` is not a string.
            UnknownNameError: Neither the lexicon nor the data knows it.

        Example:
            >>> names = Names("actor", ["Russia", "Ukraine"])
            >>> names.among("moscow", ["Russia", "Ukraine"])
            'Russia'
            >>> print(names.among("Turkey", ["Russia", "Ukraine"]))
            None
        """
        if isinstance(name, str) and name in labels:
            return name
        wanted = self.resolve(name, argument=argument)
        return next(
            (label for label in labels if self.canonical(label) == wanted), None
        )

    def _suggest(self, name: str) -> tuple[str, ...]:
        found = [] if self._lookup is None else list(self._lexicon_suggest(name))
        close = difflib.get_close_matches(
            self._fold(name), list(self._others), n=3, cutoff=_CLOSE
        )
        found += [self._others[key] for key in close]
        if not found and self._lookup is None:
            found = sorted(self._others.values())  # a closed set is short
        return tuple(dict.fromkeys(found))[:3]
