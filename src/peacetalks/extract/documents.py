r"""Documents an article reports (plans, drafts, memoranda) and their authors.

Articles report a plan, a draft, a memorandum, a framework or a list of
terms, then give its provisions over several sentences.  A provision is
the document's author's position, whoever the sentence makes its
grammatical subject ("Under the US plan, *Ukraine* would renounce NATO"
is the United States' term, not Ukraine's).  This module reads the
documents once per article, as a layer of the `~peacetalks.extract.doc.Doc`:

* every **document noun** of the grammar (``documents.nouns``: *plan*,
  *draft*, *memorandum*, *framework*, *counter-proposal*, *list of
  demands* ...) in every sentence;
* its **author**, from the noun's own modifier ("the *US* plan",
  "*Kellogg's* plan", "a 12-point *Chinese* paper", "a *U.S.*-backed
  plan"), from an agent after it ("a plan drawn up *by Kyiv*", "the
  proposal *from Moscow*", ``documents.agents``), or from the subject of
  the verb that introduces it ("*Ankara* presented a plan",
  ``documents.authoring``);
* the **document in force** at a point of the article: the last document
  with an author named at or before it, which a definite noun ("*the*
  plan", "*this* draft", ``documents.definite``) refers back to.

`DocumentReader.frame` then tells whether a clause states a provision of
a document: the document is the subject of a provision verb before the
clause's cue ("the plan *calls for*", "the draft, which *envisages*",
``documents.provisions``), or the clause opens with a frame ("*Under* the
plan, ...", ``documents.frames``), or it is "It" right after a sentence
that named the document.

Example:
    >>> from peacetalks.extract.doc import Annotator
    >>> from peacetalks.model import Article
    >>> text = ("Turkey presented a peace plan on Monday. "
    ...         "The plan calls for Ukraine to stay out of NATO.")
    >>> doc = Annotator().read(Article(text=text))
    >>> [(d.sentence, d.text, d.actor) for d in doc.documents.mentioned[0]]
    [(0, 'plan', 'Turkey')]
    >>> frame = doc.documents.frame(1, doc.sentences[1].text.index("NATO"))
    >>> frame.document.actor, frame.verb.text
    ('Turkey', 'calls for')
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

import attrs

from peacetalks.extract.actors import Mention, owner_of
from peacetalks.extract.attribution import SentenceSpeech, agentive
from peacetalks.extract.scan import CASE_EXTRAS
from peacetalks.extract.sentences import Sentence, Span
from peacetalks.grammar import Grammar

__all__ = ["Document", "DocumentFrame", "DocumentReader", "Documents"]

#: How many words may stand between an author's modifier and the noun:
#: "the *US* 28-point peace *plan*".
_OWNER_WORDS = 3
#: How many words may stand between an introducing verb and the noun:
#: "presented *a new 12-point* plan".
_INTRO_WORDS = 4
#: How many words may stand between the author and the introducing verb:
#: "Indonesia's Defence Minister Prabowo Subianto on Saturday proposed".
_SUBJECT_WORDS = 7
#: How many sentences back "his plan" looks for the person it means.
_PERSON_REACH = 5
#: How far after a document noun its agent may start, in characters: "a
#: plan for victory presented by ...".
_AGENT_REACH = 70
#: How many sentences a document's provisions may go on after the one that
#: names the document as their subject.
_CONTINUED_REACH = 2
#: How many words may stand between a document noun and what it proposes:
#: "a proposal for a *full 30-day* truce".
_TOPIC_WORDS = 3
#: Punctuation a document's noun phrase does not cross.
_PUNCTUATION = re.compile(r"[,.;:!?\u201c\u201d\"()\u2013\u2014]")
#: Punctuation that ends a noun phrase or a subject run.
_STOP = re.compile(r"[.;:!?\u201c\u201d\"()\u2013\u2014]")


@attrs.frozen
class Document:
    """A mention of a document, and its author if the article names one.

    Attributes:
        sentence: The sentence the noun is in.
        start: Where the noun starts (sentence-relative).
        end: Where it ends.
        text: The noun.
        author: The mention of its author (in ``author_sentence``), or
            None when the mention names none.
        author_sentence: The sentence of ``author``; for a definite noun
            that refers back, the earlier document's.
        definite: Whether it points back ("the plan", "this draft").

    Example:
        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Qatar drew up a framework. "
        ...                                "The framework envisages a prisoner swap."))
        >>> later = doc.documents.mentioned[1][0]
        >>> later.text, later.definite, later.actor, later.author_sentence
        ('framework', True, 'Qatar', 0)
    """

    sentence: int
    start: int
    end: int
    text: str
    author: Mention | None = None
    author_sentence: int | None = None
    definite: bool = False

    @property
    def actor(self) -> str | None:
        """The author's actor, or None.

        >>> Document(0, 4, 8, "plan").actor is None
        True
        """
        return None if self.author is None else self.author.actor


@attrs.frozen
class DocumentFrame:
    """A clause under a document: its provisions are the document's author's.

    Attributes:
        document: The document, with its author.
        verb: The provision verb or the frame words (sentence-relative).
        rule: How the frame was found: ``"subject"`` (the document is the
            verb's subject), ``"frame"`` ("Under the plan, ...") or
            ``"pronoun"`` ("It calls for ..."), or ``"continued"`` (a
            provision that goes on from the sentence before).
        origin: The sentence whose frame the provisions go on from (the
            frame's own, except when continued).

    Example:
        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="The Norwegian draft was circulated. "
        ...                                "Under the draft, Russia would pull back."))
        >>> frame = doc.documents.frame(1, doc.sentences[1].text.index("pull"))
        >>> frame.document.actor, frame.verb.text, frame.rule, frame.origin
        ('Norway', 'Under', 'frame', 1)
    """

    document: Document
    verb: Span
    rule: str
    origin: int


@attrs.frozen
class _Words:
    """The grammar's document words, compiled once per grammar."""

    nouns: re.Pattern[str]
    #: The same, anchored where the stems found a noun may start.
    noun_at: re.Pattern[str]
    #: The letters every noun opens with, to skip sentences with none of
    #: them; None when a noun opens otherwise (a user's pattern).
    stems: tuple[str, ...] | None
    definite: re.Pattern[str]
    possessive: re.Pattern[str]
    genitive: re.Pattern[str]
    determiner: re.Pattern[str]
    provision: re.Pattern[str]
    frame: re.Pattern[str]
    authoring: re.Pattern[str]
    agent: re.Pattern[str]
    giving: re.Pattern[str]
    pronoun: re.Pattern[str]
    continued: re.Pattern[str]
    topic_link: re.Pattern[str]


_LETTERS = re.compile(r"[A-Za-z]+")
#: Characters that match a letter case-insensitively but do not lower to it
#: (the long s): a sentence with one is read without the stems' shortcut.
_EXTRAS = "".join(CASE_EXTRAS.values())


def _stems(patterns: Sequence[str]) -> tuple[str, ...] | None:
    r"""The letters each pattern opens with, lowered (None if one opens otherwise).

    >>> _stems(["plans?", "memorand(?:um|a)", r"road\s?maps?"])
    ('plan', 'memorand', 'road')
    >>> _stems(["(?:peace )?plan"]) is None
    True
    """
    stems = []
    for pattern in patterns:
        opening = _LETTERS.match(pattern)
        if opening is None:
            return None
        stem = opening.group()
        if pattern[opening.end() : opening.end() + 1] in ("?", "*", "{"):
            stem = stem[:-1]  # "plans?": the s is optional
        if not stem:
            return None
        stems.append(stem.lower())
    return tuple(dict.fromkeys(stems))


@functools.lru_cache(maxsize=16)
def _words(grammar: Grammar) -> _Words:
    provision = grammar.regex("documents.provisions")
    # what may stand between a document noun and its provision verb: a
    # qualifier ("of the Europeans", "for peace"), a relative pronoun, an
    # apposition between commas, adverbs and modals
    adverbs = grammar.regex("documents.adverbs")
    gap = (
        rf"(?:\s+(?:{grammar.regex('documents.qualifiers')})\s+[^,;:.()\u201c\u201d\"]{{1,60}}?)?"
        r"(?:\s*,[^,;:.]{1,80},)?"
        rf"(?:\s*,?\s+(?:{grammar.regex('documents.relatives')}))?"
        rf"(?:\s+(?:{adverbs}|,)){{0,3}}"
    )
    return _Words(
        re.compile(rf"(?<![\w\-])(?:{grammar.regex('documents.nouns')})(?!\w)", re.I),
        re.compile(rf"(?:{grammar.regex('documents.nouns')})(?!\w)", re.I),
        _stems(grammar["documents.nouns"].alternatives()),
        re.compile(
            rf"(?<!\w){grammar.regex('documents.definite')}\s+(?:[\w'\u2019\-]+\s+){{0,3}}\Z",
            re.I,
        ),
        re.compile(
            rf"(?<!\w)(?:{grammar.regex('documents.possessives')})\s+(?:[\w\u2019'\-]+\s+){{0,3}}\Z",
            re.I,
        ),
        re.compile(rf"(?:{grammar.regex('documents.genitives')})(?!\w)"),
        re.compile(rf"(?<!\w)(?:{grammar.regex('documents.definite')}|an?)\s+\Z", re.I),
        re.compile(rf"{gap}\s*(?<!\w)({provision})(?!\w)", re.I),
        re.compile(
            rf"(?<!\w)({grammar.regex('documents.frames')})\s+(?:[\w'\u2019\-.]+\s+){{0,4}}?\Z",
            re.I,
        ),
        re.compile(
            rf"(?<!\w){grammar.regex('documents.authoring')}\s+(?:[\w'\u2019\-.]+\s+){{0,{_INTRO_WORDS}}}?\Z",
            re.I,
        ),
        re.compile(
            # "a plan for victory presented by", "the draft, drawn up by"
            rf"\A[\u2019\u201d'\"]?(?:\s+(?:{grammar.regex('documents.qualifiers')})\s+"
            rf"[^,;:.()]{{1,40}}?[\u2019\u201d'\"]?)?"
            rf"\s*,?\s*(?:{grammar.regex('documents.authoring')}\s+)?"
            rf"{grammar.regex('documents.agents')}\s+(?:the\s+)?\Z",
            re.I,
        ),
        re.compile(rf"(?<!\w){grammar.regex('documents.giving')}(?!\w)", re.I),
        re.compile(
            rf"\W{{0,3}}(?:(?:{grammar.regex('documents.pronouns')})(?:\s+(?:{adverbs}))*\s+"
            rf"(?:{provision})"
            rf"|(?:{grammar.regex('documents.frames')})\s+its\s+(?:[\w\-]+\s+)?"
            rf"(?:{grammar.regex('documents.parts')}))(?!\w)",
            re.I,
        ),
        re.compile(rf"(?<!\w){grammar.regex('documents.continued')}(?!\w)", re.I),
        re.compile(rf"\s+{grammar.regex('documents.topic_links')}\s+", re.I),
    )


@attrs.frozen
class Documents:
    """The documents of one article: what each sentence names, and resolves.

    Attributes:
        mentioned: For each sentence, its document mentions in order, each
            with its author (a definite one with the document in force's).
        reader: What found them (the grammar's words).
        sentences: The article's sentences.
        speech: Who says each sentence.

    Example:
        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Qatar drew up a framework. "
        ...                                "The talks resumed."))
        >>> [[(d.text, d.actor) for d in found] for found in doc.documents.mentioned]
        [[('framework', 'Qatar')], []]
        >>> doc.documents.in_force(1, 0).text
        'framework'
    """

    mentioned: tuple[tuple[Document, ...], ...]
    reader: DocumentReader = attrs.field(repr=False)
    sentences: tuple[Sentence, ...] = attrs.field(repr=False)
    speech: tuple[SentenceSpeech, ...] = attrs.field(repr=False)
    #: The document each sentence asked so far ends with (`_ends_in`).
    _ended: dict[int, Document | None] = attrs.field(factory=dict, repr=False, eq=False)

    def in_force(self, index: int, at: int) -> Document | None:
        """The last document with an author named before ``at`` of sentence ``index``.

        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Kyiv's plan was sent. It rained."))
        >>> doc.documents.in_force(1, 0).actor
        'Ukraine'
        """
        for sentence in range(index, -1, -1):
            for document in reversed(self.mentioned[sentence]):
                if sentence == index and document.start >= at:
                    continue
                if document.author is not None:
                    return document
        return None

    def frame(self, index: int, at: int) -> DocumentFrame | None:
        """The document whose provision the clause around ``at`` states, if any.

        ``at`` is a cue's start in sentence ``index``; the document must have
        an author and its verb or frame must come before the cue, in the
        cue's clause.

        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="The Norwegian draft was circulated. "
        ...                                "Under the draft, Russia would pull back. "
        ...                                "Ukraine would receive guarantees."))
        >>> cues = [(1, "pull"), (2, "receive"), (0, "circulated")]
        >>> frames = [doc.documents.frame(index, doc.sentences[index].text.index(cue))
        ...           for index, cue in cues]
        >>> [(f.rule, f.verb.text, f.origin) if f else None for f in frames]
        [('frame', 'Under', 1), ('continued', 'would', 1), None]
        """
        sentence = self.sentences[index]
        text = sentence.text
        base = sentence.start
        clause_start = 0
        for clause in sentence.clauses:
            if clause.start - base <= at:
                clause_start = clause.start - base
        clause_end = len(text)
        for clause in sentence.clauses:
            if clause.start - base > at:
                clause_end = min(clause_end, clause.start - base)
        words = self.reader.words
        for document in reversed(self.mentioned[index]):
            if document.author is None or document.start >= clause_end:
                continue
            if document.end <= at:
                found = words.provision.match(text, document.end, at)
                if found is not None and found.start(1) >= clause_start:
                    verb = Span(found.start(1), found.end(1), found.group(1))
                    return DocumentFrame(document, verb, "subject", index)
            # "Under the plan, ...", "... under the EU draft"
            low = clause_start if document.start < at else at
            framed = words.frame.search(text, low, document.start)
            if framed is not None and not _STOP.search(text, low, document.start):
                verb = Span(framed.start(1), framed.end(1), framed.group(1))
                return DocumentFrame(document, verb, "frame", index)
        if clause_start == 0 and index > 0:
            pronoun = words.pronoun.match(text, 0, at)
            if pronoun is not None:
                # the document the sentence before names, or states a
                # provision of ("Among its points, ... It further provides")
                named = [d for d in self.mentioned[index - 1] if d.author is not None]
                before = named[-1] if named else self._ends_in(index - 1)
                if before is not None:
                    verb = Span(pronoun.start(), pronoun.end(), pronoun.group())
                    return DocumentFrame(before, verb, "pronoun", index)
        return self._continued(index, at)

    def _ends_in(self, index: int) -> Document | None:
        """The document whose provision sentence ``index`` ends with, if any."""
        if index not in self._ended:
            frame = self.frame(index, len(self.sentences[index].text))
            self._ended[index] = None if frame is None else frame.document
        return self._ended[index]

    def _continued(self, index: int, at: int) -> DocumentFrame | None:
        """The provisions of the sentences before, going on in this one.

        "The plan calls for a truce. *Sanctions would be lifted* ...": a
        sentence within `_CONTINUED_REACH` sentences of one that states a
        provision goes on with it when the cue's clause is a provision too
        (``documents.continued``: *would*, *will*, *is to* before the cue),
        no party says it, and it names no document of its own.
        """
        if index == 0 or not (
            self.mentioned[index - 1] or (index > 1 and self.mentioned[index - 2])
        ):
            return None
        if any(d.author is not None and not d.definite for d in self.mentioned[index]):
            return None
        said = self.speech[index].speaker
        if said is not None and said.actor is not None:
            return None
        text = self.sentences[index].text
        modal = self.reader.words.continued.search(text, 0, at)
        if modal is None:
            return None
        previous = self.sentences[index - 1].text
        before = self.frame(index - 1, len(previous))
        if before is None or index - before.origin > _CONTINUED_REACH:
            return None
        verb = Span(modal.start(), modal.end(), modal.group())
        return DocumentFrame(before.document, verb, "continued", before.origin)

    def naming(self, index: int, start: int, end: int) -> Document | None:
        """The authored document whose noun phrase holds ``start:end``, if any.

        The words name what the document proposes: between its author and
        its noun ("the US *ceasefire* proposal") or after the noun, or its
        author after it, and *for*, *on* or *to* ("Kyiv's proposal for a
        30-day *truce*", "a proposal by Kyiv to stay *neutral*",
        ``documents.topic_links``), with at most `_TOPIC_WORDS` words and no
        punctuation between.

        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> text = "Kyiv's proposal for a 30-day truce was turned down by Moscow."
        >>> documents = Annotator().read(Article(text=text)).documents
        >>> truce, moscow = text.index("truce"), text.index("Moscow")
        >>> documents.naming(0, truce, truce + len("truce")).actor
        'Ukraine'
        >>> documents.naming(0, moscow, moscow + len("Moscow")) is None
        True
        """
        sentence_text = self.sentences[index].text
        words = self.reader.words
        for document in self.mentioned[index]:
            author = document.author
            if author is None:
                continue
            if end <= document.start:
                if document.author_sentence != index or author.end > start:
                    continue
                gap = sentence_text[end : document.start]
            elif start >= document.end:
                after = document.end
                if document.author_sentence == index and author.start >= after:
                    after = author.end  # "a proposal by Kyiv for ..."
                link = words.topic_link.match(sentence_text, after, start)
                if link is None:
                    continue
                gap = sentence_text[link.end() : start]
            else:
                continue
            if len(gap.split()) <= _TOPIC_WORDS and not _PUNCTUATION.search(gap):
                return document
        return None

    def gives(self, index: int, start: int, end: int) -> bool:
        """Tell whether ``start:end`` of sentence ``index`` gives something.

        A provision that gives ("Ukraine would *receive* guarantees") is the
        author's offer; one that requires is a demand (``documents.giving``).

        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> text = ("Under the plan, Kyiv would receive aid "
        ...         "and Moscow would lift tariffs.")
        >>> documents = Annotator().read(Article(text=text)).documents
        >>> middle = text.index(" and ")
        >>> documents.gives(0, 0, middle), documents.gives(0, middle, len(text))
        (True, False)
        """
        text = self.sentences[index].text
        return self.reader.words.giving.search(text, start, end) is not None


def _matched_at(
    pattern: re.Pattern[str], text: str, places: Sequence[int]
) -> list[tuple[int, int, str]]:
    """The matches of ``pattern`` at ``places`` of ``text``, left to right, apart."""
    found: list[tuple[int, int, str]] = []
    end = 0
    for at in places:
        if at < end:
            continue
        match = pattern.match(text, at)
        if match is not None:
            found.append((at, match.end(), match.group()))
            end = match.end()
    return found


def _last_person(
    speech: Sequence[SentenceSpeech], index: int, before: int
) -> tuple[Mention | None, int | None]:
    """The person last named before ``before`` of sentence ``index``, and where.

    Looked for in the sentence and the `_PERSON_REACH` sentences before it,
    among their mentions and who says them and their quotes ("he said").
    """
    for back in range(index, max(-1, index - 1 - _PERSON_REACH), -1):
        said = speech[back]
        voices = [said.speaker, *(quoted.speaker for quoted in said.quotes)]
        for mention in reversed([*said.mentions, *voices]):
            if mention is None or (back == index and mention.end > before):
                continue
            if mention.kind == "speaker" and mention.actor is not None:
                return mention, back
    return None, None


class DocumentReader:
    """Finds the documents of an article, with a grammar's words compiled once.

    Args:
        grammar: The grammar whose ``documents.*`` categories to read.

    Example:
        >>> from peacetalks.grammar import Grammar
        >>> DocumentReader(Grammar.default())
        <DocumentReader 'en'>
    """

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.words = _words(grammar)

    def __repr__(self) -> str:
        return f"<DocumentReader {self.grammar.name!r}>"

    def read(
        self,
        text: str,
        sentences: Sequence[Sentence],
        speech: Sequence[SentenceSpeech],
    ) -> Documents:
        """The `Documents` of an article: its text, sentences and speech.

        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Ankara presented a ceasefire plan."))
        >>> reader = DocumentReader(Grammar.default())
        >>> documents = reader.read(doc.text, doc.sentences, doc.speech)
        >>> [(d.text, d.actor) for d in documents.mentioned[0]]
        [('plan', 'Turkey')]
        """
        words = self.words
        found: list[tuple[Document, ...]] = [()] * len(sentences)
        last: Document | None = None  # the document in force
        places = self._candidates(text, sentences)
        indexes = range(len(sentences)) if places is None else places
        for index in indexes:
            body = sentences[index].text
            if places is None:
                nouns = [
                    (match.start(), match.end(), match.group())
                    for match in words.nouns.finditer(body)
                ]
            else:
                nouns = _matched_at(words.noun_at, body, places[index])
            if not nouns:
                continue
            mentions = speech[index].mentions
            ends = [m.end for m in mentions]
            here: list[Document] = []
            for start, end, noun in nouns:
                author = self._author(body, mentions, ends, start, end)
                where = index if author is not None else None
                if author is None and words.possessive.search(body, 0, start):
                    # "his 10-point plan": the person last named
                    author, where = _last_person(speech, index, start)
                definite = words.definite.search(body, 0, start) is not None
                document = Document(index, start, end, noun, author, where, definite)
                if author is None and definite and last is not None:
                    document = attrs.evolve(
                        document,
                        author=last.author,
                        author_sentence=last.author_sentence,
                    )
                if document.author is not None:
                    last = document
                here.append(document)
            found[index] = tuple(here)
        return Documents(tuple(found), self, tuple(sentences), tuple(speech))

    def _candidates(
        self, text: str, sentences: Sequence[Sentence]
    ) -> dict[int, list[int]] | None:
        """Where a document noun may start: sentence-relative offsets by sentence.

        The places of the letters every noun opens with, found in one pass
        a letter over the lowered article, that start a word; None (read
        every sentence whole) when a noun opens otherwise or lowering may
        hide or move a letter.
        """
        stems = self.words.stems
        if stems is None or (
            not text.isascii() and any(map(text.__contains__, _EXTRAS))
        ):
            return None
        lowered = text.lower()
        if len(lowered) != len(text):
            return None
        starts = [sentence.start for sentence in sentences]
        found: dict[int, set[int]] = {}
        for stem in stems:
            at = lowered.find(stem)
            while at >= 0:
                before = lowered[at - 1 : at]
                if not (before.isalnum() or before in ("_", "-")):
                    index = bisect.bisect_right(starts, at) - 1
                    if index >= 0:
                        found.setdefault(index, set()).add(at - starts[index])
                at = lowered.find(stem, at + 1)
        return {index: sorted(found[index]) for index in sorted(found)}

    def _named_before(
        self, text: str, mentions: Sequence[Mention], ends: Sequence[int], start: int
    ) -> Mention | None:
        """A name used as a modifier of the noun: "the *US* plan", "*Trump*'s plan".

        The name stands after a determiner, with at most `_OWNER_WORDS`
        plain words and no punctuation before the noun; or it opens the
        sentence right before the noun ("US plan calls for ..."), not as a
        subject ("Arland wants to shelve plans").
        """
        at = bisect.bisect_right(ends, start) - 1
        if at < 0:
            return None
        mention = mentions[at]
        if mention.actor is None:
            return None
        if mention.kind == "speaker":
            # "Trump's initiative": a person owns what follows their genitive
            genitive = self.words.genitive.match(text, mention.end)
            if genitive is None:
                return None
            between = text[genitive.end() : start]
            if _STOP.search(between) or "," in between:
                return None
            return mention if len(between.split()) <= _OWNER_WORDS else None
        if mention.kind not in ("name", "alias"):
            return None
        between = text[mention.end : start]
        if _STOP.search(between) or "," in between:
            return None
        if len(between.split()) > _OWNER_WORDS or not (
            between[:1].isspace() or not between
        ):
            return None
        before = text[: mention.start]
        if not before.strip():
            return mention if not between.strip() else None
        if self.words.determiner.search(before) is None:
            return None
        return mention

    def _author(
        self,
        text: str,
        mentions: Sequence[Mention],
        ends: Sequence[int],
        start: int,
        end: int,
    ) -> Mention | None:
        """The author the sentence names for the document noun at ``start:end``."""
        grammar = self.grammar
        owner = owner_of(
            text, mentions, ends, start, words=_OWNER_WORDS, grammar=grammar
        )
        if owner is not None:
            return owner
        named = self._named_before(text, mentions, ends, start)
        if named is not None:
            return named
        # "a plan drawn up by Kyiv", "the proposal from Moscow"
        at = bisect.bisect_left([m.start for m in mentions], end)
        if at < len(mentions):
            after = mentions[at]
            gap = text[end : after.start]
            if (
                after.actor is not None
                and len(gap) <= _AGENT_REACH
                and self.words.agent.match(gap) is not None
            ):
                return after
        # "Ankara presented a plan": the introducing verb's subject
        intro = self.words.authoring.search(text, max(0, start - 80), start)
        if intro is None:
            return None
        verb_start = intro.start()
        if self.words.determiner.search(text, 0, verb_start) is not None:
            return None  # "the proposed plan": an adjective, not a verb
        for mention in reversed(mentions):
            if mention.end > verb_start or mention.actor is None:
                continue
            between = text[mention.end : verb_start]
            if _STOP.search(between) or "," in between:
                return None
            if len(between.split()) > _SUBJECT_WORDS:
                return None
            if agentive(text, mention, grammar):
                return mention
        return None
