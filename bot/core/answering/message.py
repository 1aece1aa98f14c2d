"""Read a typed message: drop the chatter around it and find the question or questions it asks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import QUESTION_WORDS, words
from .analysis import AUXILIARIES, quoted_fragment
from .lexicon import Lexicon

_PIECES = re.compile(r"(?<=[?!.;,])\s+|\n+|\s+[-–—]+\s+")
CONJUNCTIONS = frozenset({"and", "also", "plus", "n", "aswell"})
WH_OPENERS = frozenset(QUESTION_WORDS) | {"what", "how", "which"}
OPENERS = WH_OPENERS | AUXILIARIES


@dataclass(frozen=True, slots=True)
class Part:
    """One question of a message: its words, and how it may be read."""

    words: tuple[str, ...]  # spellings read, chatter dropped
    asks: bool  # it ends in '?' or opens or turns like a question


@dataclass(frozen=True)
class Message:
    """A message read for answering: its questions, or the whole when it names a quotation."""

    text: str
    parts: tuple[Part, ...]
    whole: tuple[str, ...]  # every word of the message (for its qualifiers: years, contests)


def read_message(text: str, cleaned: str, lexicon: Lexicon) -> Message:
    """Split a message into the questions it asks, with the chatter around them dropped.

    A message quoting words ("who said '...'") stays whole: its punctuation belongs to the quote.
    """
    if quoted_fragment(cleaned) is not None:
        whole = tuple(w for s in lexicon.sentences(words(cleaned)) for w in s)
        return Message(text, (Part(whole, True),) if whole else (), whole)
    parts: list[Part] = []
    for piece in _PIECES.split(cleaned):
        asked = piece.rstrip().endswith("?")
        for sentence in lexicon.sentences(words(piece)):
            asks = asked or sentence[0] in OPENERS or any(w in WH_OPENERS for w in sentence)
            parts.append(Part(tuple(sentence), asks))
    asking = [p for p in parts if p.asks] or parts
    whole = tuple(w for p in parts for w in p.words)
    return Message(text, tuple(asking), whole)


def readings(part: Part) -> list[tuple[str, ...]]:
    """Return ways to read one question, the whole first: then from each inner question word on.

    "cant believe whats happening what was the turnout" is also read as "what was the turnout",
    so that chatter before a question does not drown it.
    """
    out = [part.words]
    for i in range(1, len(part.words)):
        if part.words[i] in WH_OPENERS and part.words[i - 1] not in WH_OPENERS:
            out.append(part.words[i:])
    return out


def halves(words_: tuple[str, ...]) -> list[tuple[tuple[str, ...], ...]]:
    """Return the ways to split a question in two at 'and', 'also'... ("turnout and when's it due")."""
    out: list[tuple[tuple[str, ...], ...]] = []
    for i in range(1, len(words_) - 1):
        if words_[i] in CONJUNCTIONS:
            left, right = words_[:i], words_[i + 1 :]
            out.append((left, right))
    return out
