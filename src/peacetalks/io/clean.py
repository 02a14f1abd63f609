# ruff: noqa: RUF001 -- debris is full of typographic characters
r"""Removing scraping debris: photo captions, promos, share lines, copyright.

`clean_text` removes whole lines that one of a list of `Rule`\ s calls debris
and keeps everything else exactly.  The rules are data: `DEFAULT_RULES` lists
them, each with a name, a regular expression and the longest line it may
remove, and ``clean_text(text, rules=...)`` takes any other list.

What counts as a line:
    Text is split at ``\r\n``, ``\n`` and ``\r``; a line is the characters
    between breaks and the break after them.  A rule sees the line without
    its break and without leading and trailing whitespace, and matches only
    when that is not empty and at most `Rule.max_length` characters long, so
    that a long paragraph is never removed for a phrase it quotes.

What removing a line does:
    * The line goes with its break; kept lines keep every character,
      breaks included, and stay in order.
    * A blank line is one that is empty or only whitespace.  When the line
      before a removed line is blank (or there is none), the blank lines
      right after it go too: ``"A\n\nCAPTION\n\nB"`` becomes ``"A\n\nB"``,
      never ``"A\n\n\nB"``, and blank lines that only separated debris from
      the start of the text disappear with it.
    * When the removed lines are the last non-blank lines, the blank lines
      before them go too, and the text ends as the input did: with a line
      break if the input ended with one, without one otherwise.
    * Nothing else changes; with nothing removed the text is returned as it
      was.  Blank lines dropped this way are not listed in
      `Cleaned.removed`.

The rules never remove datelines (``"(CNN)"``), bylines, ``Author:``
footers or ``"... contributed to this report"`` lines: those are metadata
that the readers take apart.  An author's bio that happens to say "follow him
on Twitter" is kept too, since it is more than the follow call.

>>> cleaned = clean_text(
...     "Talks resumed in Istanbul.\n"
...     "Delegates arrive. Maxym MarusenkoNurPhoto via Getty Images\n"
...     "Get the latest updates from the 2024 campaign trail.\n"
...     "Both sides said progress was made.\n"
... )
>>> print(cleaned.text, end="")
Talks resumed in Istanbul.
Both sides said progress was made.
>>> cleaned.removed[1]
'Get the latest updates from the 2024 campaign trail.'
>>> match_rule("Share this article").name
'share'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

__all__ = ["DEFAULT_RULES", "Cleaned", "Rule", "clean_text", "match_rule"]


def _compile(pattern: str | re.Pattern[str]) -> re.Pattern[str]:
    return pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)


@attrs.frozen
class Rule:
    """One kind of debris line.

    Attributes:
        name: A short name, e.g. ``"getty-images"``.
        pattern: A regular expression (a string is compiled); the line, its
            whitespace stripped, is debris when ``pattern.search`` finds it.
            Keep patterns linear: no nested quantifiers.
        max_length: The longest stripped line the rule may remove, in
            characters; longer lines are not even searched.
        description: What the rule removes, for people.

    >>> rule = Rule("listen", r"^Listen to this article$", max_length=40)
    >>> rule.matches("  Listen to this article "), rule.matches("Listen")
    (True, False)
    """

    name: str
    pattern: re.Pattern[str] = attrs.field(converter=_compile)
    max_length: int = 300
    description: str = ""

    def matches(self, line: str) -> bool:
        """Tell whether ``line`` (a line without its break) is this debris.

        >>> rule = Rule("listen", r"^Listen to this article$", max_length=40)
        >>> rule.matches("Listen to this article"), rule.matches("Listen to them")
        (True, False)
        """
        stripped = line.strip()
        return (
            0 < len(stripped) <= self.max_length
            and self.pattern.search(stripped) is not None
        )


# Agencies and photo services seen at the end of photo credits.
_AGENCIES = (
    r"(?:AFP|AP|Reuters|REUTERS|EPA|EPA-EFE|Anadolu|Anadolu Agency|AA|Getty|"
    r"Getty Images|Bloomberg|Pool|POOL|TASS|Sputnik|Ukrinform|UNIAN|Handout|"
    r"HANDOUT|Xinhua|dpa|DPA|Kyodo|ANSA|Imago|IMAGO|NurPhoto|LightRocket|"
    r"SOPA Images|ZUMA|ZUMA Press|ZUMA Wire|Shutterstock|Alamy|Sipa|Sipa USA|"
    r"Abaca|Redux|Kyiv Independent)"
)
_VIA = r"(?: via Getty Images| via REUTERS| via Reuters| via AP| via AFP)?"
_SOCIAL = (
    r"(?:Twitter|X|Facebook|Instagram|Telegram|YouTube|TikTok|LinkedIn|"
    r"Threads|Bluesky|Mastodon|WhatsApp|Google News|Viber)"
)

#: The debris lines `clean_text` removes by default, in the order tried.
DEFAULT_RULES: tuple[Rule, ...] = (
    # -- photo captions and credits
    Rule(
        "getty-images",
        r"\bGetty Images\W{0,3}$",
        400,
        "A caption or credit ending in a Getty Images credit "
        "('... Maxym MarusenkoNurPhoto via Getty Images').",
    ),
    Rule(
        "agency-credit",
        rf"[\w.)] ?/ ?{_AGENCIES}{_VIA}[)\].]?$",
        400,
        "A caption or credit ending in 'Photographer/AGENCY' "
        "('Genya Savilov/AFP', 'Efrem Lukatsky/AP').",
    ),
    Rule(
        "glued-credit",
        r"[a-z](?:NurPhoto|AFP|SOPA Images|Anadolu Agency|LightRocket)"
        rf"{_VIA}\W{{0,2}}$",
        400,
        "A caption ending in a photographer's name run into the agency's "
        "('Maxym MarusenkoNurPhoto').",
    ),
    Rule(
        "photo-by",
        r"\((?i:photos?|photograph|picture|image|video)(?i: by\b| ?:| credit\b)",
        600,
        "A caption with a parenthesised credit ('(Photo by Sergei Supinsky/AFP)').",
    ),
    Rule(
        "photo-label",
        r"(?:^|[.!?)\"”] )(?:Photo|Photos|Photograph|Picture|Pictures|Image|"
        r"Images|Credit|Credits|Photo credit|Image credit|Photo caption|"
        r"Image caption|Caption|Illustration|Top image|Main image|Cover photo|"
        r"PHOTO|IMAGE|CREDIT) ?: ",
        300,
        "A credit or caption labelled 'Photo:', 'Image:', 'Credit:', "
        "'Photograph:' (at the start, or after the caption's last sentence).",
    ),
    Rule(
        "media-label",
        r"^(?:Image|Media|Video|Audio) (?:source|caption) ?[,:]",
        400,
        "A BBC-style media label ('Image source, Reuters', 'Image caption, ...').",
    ),
    Rule(
        "reuters-credit",
        r"\bREUTERS ?/ ?[A-Z]",
        400,
        "A Reuters photo credit ('REUTERS/Gleb Garanich').",
    ),
    Rule(
        "ap-photo",
        r"\bAP Photo\b",
        600,
        "An AP photo credit ('(AP Photo/Efrem Lukatsky)').",
    ),
    Rule(
        "file-photo",
        r"(?:^|/ ?)File [Pp]hoto\b|\bFILE PHOTO\b|\((?i:file photo)\)|^FILE ?[-–—:]",
        600,
        "A file-photo caption ('.../File Photo', 'FILE - ...', 'FILE PHOTO: ...').",
    ),
    # -- newsletters, promos, advertising
    Rule(
        "latest-updates",
        r"^Get (?:the latest|all the latest|breaking news|the [A-Z]\w* app)\b",
        250,
        "A promo such as 'Get the latest updates from the 2024 campaign trail...'.",
    ),
    Rule(
        "sign-up",
        r"^(?:Sign up|Sign-up|Signup|SIGN UP|Subscribe|SUBSCRIBE|Register now)\b",
        250,
        "A newsletter or subscription call ('Sign up for our daily newsletter', "
        "'Subscribe to ...').",
    ),
    Rule(
        "read-more",
        r"^(?:Read more|Read More|READ MORE|Read also|Read Also|READ ALSO|"
        r"Also read|See also|More|MORE|Related|RELATED|Recommended|Watch|"
        r"WATCH|Listen|LISTEN) ?[:|»>]",
        300,
        "A link to another story ('Read more: ...', 'RELATED: ...', "
        "'Read also: ...', 'WATCH: ...').",
    ),
    Rule(
        "related-heading",
        r"^(?i:read more|related|related (?:articles|stories|coverage|content|"
        r"topics|news)|more on this story|more from [a-z][\w ]{0,30}|most read|"
        r"most popular|recommended(?: stories)?|top stories|trending|"
        r"you may also like|you might also like|keep reading|end of list|"
        r"list \d{1,2} of \d{1,2}(?: items)?)\W{0,2}$",
        80,
        "A heading of a related-links box ('Related stories', 'Most read', "
        "Al Jazeera's 'list 1 of 4').",
    ),
    Rule(
        "advertisement",
        r"^(?i:advertisement|advert|ad|sponsored|sponsored content|paid content|"
        r"story continues below(?: advertisement)?|"
        r"article continues (?:below|after (?:this )?advertisement)|"
        r"continue reading(?: below| the main story)?|"
        r"scroll to continue(?: with content)?|skip advert(?:isement)?)\W{0,2}$",
        80,
        "An advertising marker ('ADVERTISEMENT', 'Story continues below').",
    ),
    Rule(
        "click-here",
        r"\b(?i:click|tap) here\b",
        200,
        "A short line with 'Click here ...' / 'tap here'.",
    ),
    Rule(
        "download-app",
        r"^Download (?:the|our)\b[^\n]{0,80}\bapps?\b",
        200,
        "An app promo ('Download the BBC News app').",
    ),
    Rule(
        "support-us",
        r"^(?:Support (?:independent|our|quality) journalism|"
        r"Become a (?:member|subscriber|patron)|Donate now)\b",
        300,
        "A membership appeal ('Support independent journalism in Ukraine...').",
    ),
    # -- share and follow buttons
    Rule(
        "share",
        r"^(?i:share)(?: (?i:this|on|via|to|article|story|page|post|link)\b|$)",
        80,
        "A share button ('Share', 'Share this article', 'Share on Facebook').",
    ),
    Rule(
        "share-button",
        r"^(?i:facebook|twitter|x|email|e-mail|whatsapp|telegram|linkedin|reddit|"
        r"pinterest|messenger|print|copy link|copy|tweet|comments?)$",
        20,
        "A line that is only a share target ('Facebook', 'Email', 'Copy link').",
    ),
    Rule(
        "follow",
        rf"^[Ff]ollow (?:us\b|@|[^\n]{{1,60}}? on {_SOCIAL}\b)",
        120,
        "A short follow call ('Follow us on Twitter/X', "
        "'Follow Jane Doe on Twitter @jdoe').",
    ),
    # -- copyright
    Rule(
        "copyright",
        r"^(?:Copyright|COPYRIGHT)(?: ?©| \([cC]\)| \d{4}| by\b)|^©|^\([cC]\) ?\d{4}",
        300,
        "A copyright notice ('Copyright 2022 ...', '© 2024 Reuters').",
    ),
    Rule(
        "all-rights-reserved",
        r"\bAll [Rr]ights [Rr]eserved\b|\bALL RIGHTS RESERVED\b",
        300,
        "A short line saying 'All rights reserved'.",
    ),
    Rule(
        "redistribution",
        r"^This material may not be published, broadcast, rewritten",
        300,
        "The AP redistribution notice.",
    ),
)


@attrs.frozen
class Cleaned:
    r"""Text with its debris lines removed.

    Attributes:
        text: The text that was kept (see the module docstring for exactly
            what removing a line does).
        removed: The debris lines, in order, each exactly as it was, without
            its line break.

    >>> cleaned = clean_text("Talks resumed.\n\nShare this article\n")
    >>> cleaned.text, cleaned.removed
    ('Talks resumed.\n', ('Share this article',))
    """

    text: str
    removed: tuple[str, ...] = ()


_BREAK = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> Iterator[tuple[int, int, int]]:
    """Each line's start, end and end with its break (the last may have none)."""
    start = 0
    for found in _BREAK.finditer(text):
        yield start, found.start(), found.end()
        start = found.end()
    if start < len(text):
        yield start, len(text), len(text)


def match_rule(line: str, rules: Iterable[Rule] = DEFAULT_RULES) -> Rule | None:
    """Return the first rule that calls ``line`` debris, or ``None``.

    >>> match_rule("Maxym MarusenkoNurPhoto via Getty Images").name
    'getty-images'
    >>> match_rule('"We will follow the talks on Twitter," he said.') is None
    True
    """
    stripped = line.strip()  # once: each rule strips it again, at no cost
    for rule in rules:
        if rule.matches(stripped):
            return rule
    return None


def _blank(line: str) -> bool:
    return not line or line.isspace()


def clean_text(text: str, rules: Iterable[Rule] = DEFAULT_RULES) -> Cleaned:
    r"""Remove the lines of ``text`` that a rule calls debris.

    Args:
        text: An article's text.
        rules: The rules to apply (`DEFAULT_RULES` unless given).

    Returns:
        The kept text and the removed lines.

    >>> clean_text("A\n\nShare this article\n\nB\n")
    Cleaned(text='A\n\nB\n', removed=('Share this article',))
    >>> clean_text("A\n\nADVERTISEMENT")
    Cleaned(text='A', removed=('ADVERTISEMENT',))
    """
    rules = tuple(rules)
    # What is kept, as spans of ``text`` (adjacent lines make one span), so
    # that a long text of short lines is never held a line at a time.
    kept: list[list[int]] = []
    removed: list[str] = []
    last_blank = True  # the last line kept is blank, or none was kept
    content_end = 0  # where the last non-blank line kept ends, break included
    content_line_end = 0  # and without its break
    skip_blanks = False  # drop blank lines: they followed a removed line
    removed_at_end = False  # a line was removed after the last kept text
    ends_with_break = True
    for start, end, next_start in _lines(text):
        ends_with_break = end < next_start
        line = text[start:end]
        if _blank(line):
            if not skip_blanks:
                _keep(kept, start, next_start)
                last_blank = True
            continue
        if match_rule(line, rules) is not None:
            removed.append(line)
            skip_blanks = last_blank
            removed_at_end = True
            continue
        _keep(kept, start, next_start)
        last_blank = skip_blanks = removed_at_end = False
        content_end, content_line_end = next_start, end
    if not removed:
        return Cleaned(text=text)
    if removed_at_end:
        # The blank lines kept after the last text go, and the text ends as
        # the input did, with a break or without one.
        _cut(kept, content_end if ends_with_break else content_line_end)
    return Cleaned(
        text="".join(text[start:end] for start, end in kept), removed=tuple(removed)
    )


def _keep(kept: list[list[int]], start: int, end: int) -> None:
    """Keep ``text[start:end]``, joining it to the span it follows."""
    if kept and kept[-1][1] == start:
        kept[-1][1] = end
    else:
        kept.append([start, end])


def _cut(kept: list[list[int]], at: int) -> None:
    """Keep nothing from offset ``at`` on."""
    while kept and kept[-1][0] >= at:
        kept.pop()
    if kept:
        kept[-1][1] = min(kept[-1][1], at)
