r"""The words and phrase rules of a language, held as data: a `Grammar`.

The extractor reads English through word lists: the verbs that make a
sentence a demand or an offer, the negators, the reporting verbs, the words
that cap a number, the abbreviations that do not end a sentence.  None of
them is code: they live in ``peacetalks/grammars/en.toml``, one *category*
each, and a lexicon's ``[grammar]`` section adds to them (a lexicon for
ceasefire talks adds "provides for" to the offer words, with no Python).

A category is named by its section and key (``acts.demand``,
``speech.verbs``) and holds two lists:

- ``words``: plain phrases, matched case-insensitively between word
  boundaries unless the category says otherwise; a space matches any run
  of spaces (``"calls for"`` finds ``"calls  for"``).
- ``patterns``: regular expressions, for what a word list cannot say
  (``demand(?:s|ed|ing)?``).  Patterns come first when a category is
  matched, then words.

In TOML a category is a table, or just an array of words::

    [acts.demand]
    about = "Words that make a sentence a demand."
    patterns = ['demand(?:s|ed|ing)?']
    words = ["calls for"]

    [acts]
    offer = ["will free", "provides for"]

Only the categories of the English grammar exist (see `Grammar.default`
and the reference page ``docs/grammar.md``); an extension that names
another is an error that suggests the closest names.  Bad data raises
`ValidationError` whose ``errors`` name each bad field by its path, e.g.
``$.acts.demand.words[3]: expected a string, got an integer``.

Example:
    >>> grammar = Grammar.default()
    >>> grammar["speech.verbs"].words[:3]
    ('according to', 'acknowledged', 'added')
    >>> more = grammar.extend({"acts": {"offer": ["will free"]}})
    >>> more["acts.offer"].words
    ('will free',)
    >>> grammar.extend({"acts": {"ofer": ["will free"]}})
    Traceback (most recent call last):
    ...
    peacetalks.errors.ValidationError: $.acts.ofer: unknown grammar category
    'acts.ofer'; did you mean 'acts.offer'?
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from peacetalks.errors import (
    ValidationError,
    close_names,
    one_of,
)
from peacetalks.tomlfile import parse_toml, structure_toml

__all__ = ["Category", "Grammar", "phrase_pattern"]

#: One part of a category's dotted name: lower-case snake_case.
_PART = re.compile(r"[a-z][a-z0-9_]*\Z")
#: The keys of a category's table.
_CATEGORY_KEYS = frozenset({"about", "words", "patterns"})
#: The top-level keys of a grammar file that are not categories.
_SCALARS = ("name", "description")


@attrs.frozen
class Category:
    r"""One list of a grammar: words and patterns that play one part.

    Attributes:
        name: The dotted name, e.g. ``"acts.demand"``.
        words: Plain phrases (a space matches any run of spaces).
        patterns: Regular expressions, tried before the words.
        about: What the category is for, one line for people.

    Example:
        >>> category = Category("acts.offer", words=("will free",))
        >>> category.alternatives()
        ['will\\s+free']
    """

    name: str
    words: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    about: str = ""

    def alternatives(self) -> list[str]:
        r"""Regular expressions for the category: its patterns, then its words.

        A word is escaped, and its spaces match any run of whitespace.

        Example:
            >>> Category("x.y", words=("a.m.",), patterns=("b+",)).alternatives()
            ['b+', 'a\\.m\\.']
        """
        return [*self.patterns, *(phrase_pattern(word) for word in self.words)]

    def regex(self) -> str:
        r"""The alternatives as one non-capturing group (``(?:a|b)``).

        Example:
            >>> Category("x.y", words=("no more",)).regex()
            '(?:no\\s+more)'
        """
        return "(?:" + "|".join(self.alternatives()) + ")"

    def folded(self) -> frozenset[str]:
        """The words, lower-case, with single spaces: for set lookups.

        Example:
            >>> sorted(Category("x.y", words=("Has  To", "must")).folded())
            ['has to', 'must']
        """
        return frozenset(" ".join(word.lower().split()) for word in self.words)

    def phrases(self, limit: int = 1000) -> tuple[str, ...] | None:
        r"""Every phrase the category matches, when they are few and plain.

        A pattern made only of literal characters, ``(?:...|...)`` groups
        and ``?`` is expanded; a word is itself (single spaces).  Anything
        else (``\s``, ``+``, classes, look-arounds), or more than ``limit``
        phrases, gives None: the phrases are unknown.

        Example:
            >>> Category("x.y", ("at most",), ("no (?:more|fewer) than",)).phrases()
            ('no more than', 'no fewer than', 'at most')
            >>> Category("x.y", patterns=("under\\s+",)).phrases() is None
            True
        """
        found: list[str] = []
        for pattern in self.patterns:
            expanded = _expand(pattern, limit)
            if expanded is None:
                return None
            found.extend(expanded)
        found.extend(" ".join(word.split()) for word in self.words)
        return tuple(found) if len(found) <= limit else None

    def merge(self, other: Category) -> Category:
        """This category with the words and patterns of ``other`` it lacks.

        Example:
            >>> a = Category("x.y", words=("a", "b"))
            >>> a.merge(Category("x.y", words=("b", "c"))).words
            ('a', 'b', 'c')
        """
        return attrs.evolve(
            self,
            words=tuple(dict.fromkeys((*self.words, *other.words))),
            patterns=tuple(dict.fromkeys((*self.patterns, *other.patterns))),
        )


def phrase_pattern(phrase: str) -> str:
    r"""The regular expression of a plain phrase: escaped, spaces flexible.

    Example:
        >>> phrase_pattern("calls for")
        'calls\\s+for'
    """
    return r"\s+".join(re.escape(part) for part in phrase.split())


#: Characters with a meaning in a pattern, unless escaped.
_SPECIAL = frozenset(".^$*+?{}[]|()\\")


def _expand(pattern: str, limit: int) -> list[str] | None:
    """The strings a plain pattern matches (see `Category.phrases`), or None."""
    at = 0

    def alternatives() -> list[str] | None:
        nonlocal at
        found: list[str] = []
        while True:
            strings = sequence()
            if strings is None:
                return None
            found.extend(strings)
            if at < len(pattern) and pattern[at] == "|":
                at += 1
                continue
            return found

    def sequence() -> list[str] | None:
        nonlocal at
        strings = [""]
        while at < len(pattern) and pattern[at] not in "|)":
            if pattern.startswith("(?:", at):
                at += 3
                inner = alternatives()
                if inner is None or not pattern.startswith(")", at):
                    return None
                at += 1
            elif pattern[at] == "\\" and at + 1 < len(pattern):
                if pattern[at + 1].isalnum():
                    return None  # a class such as \s, or a boundary
                inner = [pattern[at + 1]]
                at += 2
            elif pattern[at] in _SPECIAL:
                return None
            else:
                inner = [pattern[at]]
                at += 1
            if pattern.startswith("?", at):
                at += 1
                inner = ["", *inner]
            strings = [head + tail for head in strings for tail in inner]
            if len(strings) > limit:
                return None
        return strings

    found = alternatives()
    return found if found is not None and at == len(pattern) else None


@attrs.frozen
class _Entries:
    """A category's table as it is structured by the converter."""

    words: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    about: str = ""


def _leaves(
    table: Mapping[Any, Any], where: str, errors: list[str]
) -> list[tuple[str, object]]:
    """The categories of a (nested) table: ``(dotted name, value)`` pairs.

    A category is an array (its words) or a table with category keys, or
    an empty table; any other table is a section holding categories.
    """
    found: list[tuple[str, object]] = []
    todo: list[tuple[str, Mapping[Any, Any]]] = [("", table)]
    while todo:
        prefix, current = todo.pop(0)
        for key, value in current.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, list) or (
                isinstance(value, Mapping)
                and (not value or _CATEGORY_KEYS & set(value))
            ):
                found.append((name, value))
            elif isinstance(value, Mapping):
                todo.append((name, value))
            else:
                errors.append(
                    f"{where}.{name}: expected a table or an array of words, "
                    f"got {type(value).__name__}"
                )
    return found


def _category(
    name: str, value: object, where: str, source: str | None, errors: list[str]
) -> Category | None:
    """Structure one category through the converter; problems go to ``errors``."""
    parts = name.split(".")
    if len(parts) < 2 or not all(_PART.match(part) for part in parts):
        errors.append(f"{where}: a category is named section.key in lower case")
        return None
    data = {"words": value} if isinstance(value, list) else value
    try:
        entries = structure_toml(data, _Entries, where=where, path=source)
    except ValidationError as error:
        errors.extend(error.errors)
        return None
    bad = False
    for i, word in enumerate(entries.words):
        if not word.split():
            errors.append(f"{where}.words[{i}]: must not be empty")
            bad = True
    for i, pattern in enumerate(entries.patterns):
        try:
            with warnings.catch_warnings():
                # "[[" and the like: Python warns that their meaning will
                # change; a grammar must mean one thing, so it is refused.
                warnings.simplefilter("error", FutureWarning)
                re.compile(pattern)
        except (re.error, RecursionError, OverflowError, FutureWarning) as exc:
            errors.append(f"{where}.patterns[{i}]: not a regular expression: {exc}")
            bad = True
    if bad:
        return None
    return Category(name, entries.words, entries.patterns, entries.about)


def _categories(
    data: Mapping[Any, Any], where: str, source: str | None, skip: Iterable[str] = ()
) -> list[Category]:
    """The categories of plain data, or one `ValidationError` for all problems."""
    errors: list[str] = []
    skipped = set(skip)
    body = {key: value for key, value in data.items() if key not in skipped}
    leaves = _leaves(body, where, errors)
    categories = []
    for name, value in leaves:
        path = f"{where}.{name}"
        category = _category(name, value, path, source, errors)
        if category is not None:
            categories.append(category)
    if errors:
        raise ValidationError(errors, path=source)
    return categories


def _frozen(categories: Iterable[Category]) -> tuple[Category, ...]:
    return tuple(categories)


@attrs.frozen(cache_hash=True)
class Grammar:
    """The word lists and phrase rules of one language, by category.

    A grammar is immutable and hashable: the extractor compiles each one
    once.  `Grammar.default` is English; `extend` and `merge` add words.

    Attributes:
        name: A short name, e.g. ``"en"``.
        categories: Every category, in file order.
        description: One line for people.

    Example:
        >>> grammar = Grammar.default()
        >>> grammar.name, "acts.demand" in grammar
        ('en', True)
        >>> grammar["modality.deontic"].folded() >= {"must", "has to"}
        True
    """

    name: str
    categories: tuple[Category, ...] = attrs.field(converter=_frozen)
    description: str = ""
    _by_name: dict[str, Category] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        by_name: dict[str, Category] = {}
        for category in self.categories:
            if category.name in by_name:
                msg = f"$.{category.name}: the category is given twice"
                raise ValidationError([msg])
            by_name[category.name] = category
        object.__setattr__(self, "_by_name", by_name)

    def __getitem__(self, name: str) -> Category:
        """The category called ``name``; `KeyError` naming close ones if none."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(self._unknown(name)) from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def names(self) -> tuple[str, ...]:
        """The categories' names, in order.

        >>> Grammar.default().names[:2]
        ('acts.demand', 'acts.offer')
        """
        return tuple(self._by_name)

    def regex(self, *names: str) -> str:
        r"""The named categories' alternatives as one group, in order.

        The building block of the extractor's patterns, so that no module
        joins categories its own way.

        Example:
            >>> Grammar.default().regex("modality.deontic").startswith("(?:")
            True
        """
        return "(?:" + "|".join(a for n in names for a in self[n].alternatives()) + ")"

    def words(self, *names: str) -> re.Pattern[str]:
        r"""The named categories as whole words, in any case.

        A match neither starts nor ends inside a word: ``"must"`` is found
        in ``"they must go"``, not in ``"mustard"``.

        Example:
            >>> words = Grammar.default().words("modality.deontic")
            >>> bool(words.search("Kyiv MUST agree")), bool(words.search("mustard"))
            (True, False)
        """
        return re.compile(rf"(?<!\w){self.regex(*names)}(?!\w)", re.IGNORECASE)

    def _unknown(self, name: str) -> str:
        message = f"unknown grammar category {name!r}"
        suggestions = close_names(name, self._by_name)[:3]
        if suggestions:
            message += f"; did you mean {one_of(suggestions)}?"
        return message

    # -- loading -----------------------------------------------------------

    @classmethod
    def default(cls) -> Grammar:
        """The bundled English grammar (read once, then shared).

        Example:
            >>> Grammar.default() is Grammar.default()
            True
        """
        return _default()

    @classmethod
    def from_toml(cls, path: str | Path) -> Grammar:
        r"""Read a whole grammar from a TOML file shaped like ``en.toml``.

        Args:
            path: The file to read.

        Returns:
            The grammar.

        Raises:
            DecodeError: The file is not UTF-8 or not valid TOML.
            ValidationError: The data is not a grammar; ``errors`` name each
                bad field by its path.
            OSError: The file cannot be read.

        Example:
            >>> from importlib import resources
            >>> english = resources.files("peacetalks") / "grammars" / "en.toml"
            >>> Grammar.from_toml(str(english)) == Grammar.default()
            True
        """
        return cls.from_dict(parse_toml(Path(path).read_bytes(), str(path)), str(path))

    @classmethod
    def from_dict(cls, data: object, source: str | None = None) -> Grammar:
        """Build a grammar from plain data shaped like the TOML file.

        A whole grammar has exactly the categories of English (the ones the
        extractor reads), each with its words for the language.

        Args:
            data: A mapping such as `tomllib.load` returns.
            source: Where the data came from, reported as the error's path.

        Raises:
            ValidationError: The data is not a grammar: a value is bad, or
                a category is missing or unknown.

        Example:
            >>> Grammar.from_dict({"name": "x", "acts": {"offer": ["give", 3]}})
            Traceback (most recent call last):
            ...
            peacetalks.errors.ValidationError: $.acts.offer.words[1]: expected a
            string, got an integer
        """
        grammar, errors = _build(data, source)
        if grammar is not None:
            english = _default()
            errors += [
                f"$.{name}: missing" for name in english.names if name not in grammar
            ]
            errors += [
                f"$.{name}: {english._unknown(name)}"
                for name in grammar.names
                if name not in english
            ]
        if errors or grammar is None:
            raise ValidationError(errors, path=source)
        return grammar

    def to_dict(self) -> dict[str, object]:
        """Plain data shaped like the TOML file; `from_dict` reads it back.

        Example:
            >>> grammar = Grammar.default()
            >>> Grammar.from_dict(grammar.to_dict()) == grammar
            True
        """
        data: dict[str, Any] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        for category in self.categories:
            section = data
            *sections, key = category.name.split(".")
            for part in sections:
                section = section.setdefault(part, {})
            section[key] = _entries(category)
        return data

    # -- extending ---------------------------------------------------------

    def extend(
        self, additions: object, *, where: str = "$", source: str | None = None
    ) -> Grammar:
        """This grammar with words and patterns added to its categories.

        Args:
            additions: Plain data shaped like the grammar file's categories
                (a lexicon's ``[grammar]`` section), e.g.
                ``{"acts": {"demand": ["calls for"]}}``.
            where: The path of ``additions`` in its document, for errors.
            source: The file ``additions`` came from, for errors.

        Raises:
            ValidationError: A category is unknown (the message suggests
                close names) or its data is bad.

        Example:
            >>> grammar = Grammar.default().extend(
            ...     {"acts": {"demand": {"words": ["stipulates"]}}}
            ... )
            >>> grammar["acts.demand"].words
            ('stipulates',)
        """
        if not isinstance(additions, Mapping):
            msg = f"{where}: expected a table, got {type(additions).__name__}"
            raise ValidationError([msg], path=source)
        return self._merged(_categories(additions, where, source), where, source)

    def merge(self, other: Grammar) -> Grammar:
        """This grammar with the words and patterns of ``other`` it lacks.

        Every category of ``other`` must be one of this grammar's.

        Raises:
            ValidationError: ``other`` has a category this grammar lacks.

        Example:
            >>> extra = Grammar("more", [Category("acts.offer", ("will free",))])
            >>> Grammar.default().merge(extra)["acts.offer"].words
            ('will free',)
        """
        return self._merged(other.categories, "$", None)

    def _merged(
        self, categories: Iterable[Category], where: str, source: str | None
    ) -> Grammar:
        merged = dict(self._by_name)
        errors = []
        for category in categories:
            if category.name not in merged:
                unknown = self._unknown(category.name)
                errors.append(f"{where}.{category.name}: {unknown}")
                continue
            merged[category.name] = merged[category.name].merge(category)
        if errors:
            raise ValidationError(errors, path=source)
        return attrs.evolve(self, categories=tuple(merged.values()))

    def additions(self, base: Grammar) -> dict[str, object]:
        """What this grammar adds to ``base``, shaped like an extension.

        ``base.extend(grammar.additions(base)) == grammar`` when this grammar
        was made by extending ``base``.

        Example:
            >>> base = Grammar.default()
            >>> base.extend({"acts": {"offer": ["will free"]}}).additions(base)
            {'acts': {'offer': {'words': ['will free']}}}
        """
        data: dict[str, Any] = {}
        for category in self.categories:
            known = base._by_name.get(category.name)
            if known == category:
                continue
            extra = Category(
                category.name,
                tuple(w for w in category.words if not known or w not in known.words),
                tuple(
                    p for p in category.patterns if not known or p not in known.patterns
                ),
            )
            section = data
            *sections, key = category.name.split(".")
            for part in sections:
                section = section.setdefault(part, {})
            section[key] = _entries(extra)
        return data


def _entries(category: Category) -> dict[str, object]:
    """A category as TOML-shaped data: only its non-empty keys."""
    out: dict[str, object] = {}
    if category.about:
        out["about"] = category.about
    if category.patterns:
        out["patterns"] = list(category.patterns)
    if category.words:
        out["words"] = list(category.words)
    return out


def _build(data: object, source: str | None) -> tuple[Grammar | None, list[str]]:
    """A grammar from plain data, with any categories; or the errors."""
    if not isinstance(data, Mapping):
        return None, [f"$: expected a table, got {type(data).__name__}"]
    errors = [
        f"$.{key}: expected a string, got {type(data[key]).__name__}"
        for key in _SCALARS
        if key in data and not isinstance(data[key], str)
    ]
    if "name" not in data:
        errors.append("$.name: missing")
    categories: list[Category] = []
    try:
        categories = _categories(data, "$", source, skip=_SCALARS)
    except ValidationError as error:
        errors += error.errors
    if errors:
        return None, errors
    try:
        return Grammar(data["name"], categories, data.get("description", "")), []
    except ValidationError as error:
        return None, error.errors


@functools.cache
def _default() -> Grammar:
    """The bundled English grammar, read once."""
    resource = resources.files("peacetalks") / "grammars" / "en.toml"
    source = str(resource)
    grammar, errors = _build(parse_toml(resource.read_bytes(), source), source)
    if grammar is None:  # pragma: no cover - the package's own file
        raise ValidationError(errors, path=source)
    return grammar
