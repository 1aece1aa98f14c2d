"""Read a typed message: drop the chatter around it and find the question or questions it asks.

A message is split into sentences (at ? ! . ; and new lines, and at reactions such as "lol"),
then into clauses (at commas and dashes). A clause that asks nothing is read with the next one
("lib dems vs reform, who finished higher?"); one left over at the end is commentary and is
dropped, though its years and contests still qualify the questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import QUESTION_WORDS, words
from .analysis import AUXILIARIES, quoted_fragment, subordinate
from .lexicon import Lexicon

_SENTENCES = re.compile(r"(?<=[?!.;])\s+|\n+")
_AND = re.compile(r"\s[+&]\s")


def with_and(text: str) -> str:
    """Read '+' and '&' between words as 'and' ("turnout + declaration time")."""
    return _AND.sub(" and ", text)


_CLAUSES = re.compile(r"(?<=,)\s+|\s+[-–—]+\s+")
# A polite request is no yes/no question: "could you tell me who won?", "can u give me the maj"
_REQUEST = re.compile(
    r"(^|[.?!]\s+)(?:please\s+)?(?:can|could|would|will)\s+(?:you|u|someone|anyone|somebody)\s+"
    r"(?:please\s+)?(?:tell|give|show|remind|let)\s+(?:me|us)\s+(?:know\s+)?",
    re.I,
)
# A name set off by commas inside a clause: "the Conservative candidate, Jo Bloggs, say ..."
_APPOSED = re.compile(r",\s+((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+),\s+(?=[a-z])")
GLUE = 4  # a clause asking nothing is read with the next if it is this short: "guy otten - party?"
THIN = 5  # ... or if the question after it is this short: "... - real quote or made up?"
TOPIC = 2  # a clause this short names what the next, which asks nothing either, is about
CONJUNCTIONS = frozenset({"and", "also", "plus", "n", "aswell", "or"})
WH_OPENERS = frozenset(QUESTION_WORDS) | {"what", "how", "which"}
OPENERS = WH_OPENERS | AUXILIARIES


@dataclass(frozen=True, slots=True)
class Part:
    """One question of a message: its words (spellings read, chatter dropped)."""

    words: tuple[str, ...]
    marked: bool = False  # it ended in '?': "she said 12 months?" asks yes or no
    guess: tuple[str, ...] = ()  # words guessing the answer: "which channel was he on, bbc?"


@dataclass(frozen=True)
class Message:
    """A message read for answering: its questions, or the whole when it names a quotation."""

    text: str
    parts: tuple[Part, ...]
    whole: tuple[str, ...]  # every word of the message (for its qualifiers: years, contests)
    quoted: bool = False
    # When nothing asks: each sentence read whole ("lib dems - candidate and votes please").
    joined: tuple[Part, ...] = ()


def _asks(clause: list[str], marked: bool) -> bool:
    """Tell whether a clause asks something: a '?', an opening question word, or one inside it."""
    return marked or clause[0] in OPENERS or any(w in WH_OPENERS for w in clause)


TAG_WORDS = AUXILIARIES | frozenset(
    "he she they it that this anyone anybody actually really say said right true so then or not "
    "nah".split()
)


def _tag(clause: list[str]) -> bool:
    """Tell whether a clause only asks whether what went before is so ("did he", "true?")."""
    return len(clause) <= THIN and all(w in TAG_WORDS for w in clause)


def _guess(clause: list[str], marked: bool) -> bool:
    """Tell whether a clause only offers a guess ("like 15%?", "3k?"): no question word of its own."""
    return marked and len(clause) <= 3 and not any(w in OPENERS for w in clause)


def read_message(text: str, cleaned: str, lexicon: Lexicon) -> Message:
    """Split a message into the questions it asks, with the chatter around them dropped.

    A message quoting words ("who said '...'") stays whole: its punctuation belongs to the quote.
    """
    if quoted_fragment(cleaned) is not None:
        whole = tuple(w for s in lexicon.sentences(words(cleaned)) for w in s)
        return Message(text, (Part(whole),) if whole else (), whole, quoted=True)
    asking: list[Part] = []
    others: list[Part] = []
    everything: list[str] = []
    joined: list[Part] = []
    plain = _APPOSED.sub(r" \1 ", _REQUEST.sub(r"\1", cleaned))
    for sentence in _SENTENCES.split(plain):
        pending: list[str] = []
        start = len(everything)
        clauses = [c for c in _CLAUSES.split(sentence) if c.strip()]
        for number, clause in enumerate(clauses):
            marked = clause.rstrip().endswith("?") or (
                number == len(clauses) - 1 and sentence.rstrip().endswith("?")
            )
            pieces = lexicon.sentences(words(clause))
            for i, piece in enumerate(pieces):
                everything += piece
                last = marked and i == len(pieces) - 1
                if _guess(piece, last) and asking and not pending:
                    # "what's the swing, like 15%?": a guess belongs to the question before it
                    last_part = asking[-1]
                    asking[-1] = Part(
                        last_part.words + tuple(piece),
                        last_part.marked,
                        last_part.guess + tuple(piece),
                    )
                elif _asks(piece, last):
                    # glued when short ("guy otten - party?") or when the question is only a tag
                    # ("X said Y - real quote or made up?"); a long one before a question is chatter
                    thin = len(piece) <= THIN
                    glued = pending if len(pending) <= GLUE or thin else []
                    if not pending and _tag(piece) and others and not asking:
                        # "<@x> says X claimed Y. did he": the claim is the sentence before
                        glued = list(others.pop().words)
                    asking.append(Part(tuple(glued + piece), last))
                    pending = []
                else:
                    if pending and len(pending) <= TOPIC:  # "lib dems - candidate and votes pls"
                        pending = pending + list(piece)
                    else:
                        if pending:  # two longer clauses asking nothing: each stands alone
                            others.append(Part(tuple(pending)))
                        pending = list(piece)
                    if i < len(pieces) - 1:  # a reaction ends it: "labour are done lol ..."
                        others.append(Part(tuple(pending)))
                        pending = []
        if pending:
            others.append(Part(tuple(pending)))
        if len(everything) > start:
            joined.append(Part(tuple(everything[start:])))
    if asking:
        return Message(text, tuple(asking), tuple(everything))
    return Message(text, tuple(others), tuple(everything), joined=tuple(joined))


RELATIVES = frozenset({"who", "which", "whose", "whom"})  # may open a clause, not a question


def readings(part: Part) -> list[tuple[str, ...]]:
    """Return ways to read one question, the whole first: then from each inner question word on.

    "cant believe whats happening what was the turnout" is also read as "what was the turnout",
    so that chatter before a question does not drown it.
    """
    out = [part.words]
    wh = any(w in WH_OPENERS for w in part.words)
    opener = WH_OPENERS if wh else OPENERS  # no question word: "... on this did X win?"
    first = part.words[0] if part.words else ""
    if first in WH_OPENERS:
        # a question from its first word: a later "who" is a relative clause, read alone only
        # when it asks the same ("who's the mp who posted ...", not "how long since ... an MP
        # who was Conservative")
        opener = opener - (RELATIVES - {first})
    for i in range(1, len(part.words)):
        rest = part.words[i:]
        opens = part.words[i] in opener and part.words[i - 1] not in WH_OPENERS
        # not "when he won" in "what did he say when he won"
        # (not "did anyone actually say that": it asks whether what went before was said)
        said = _tag(list(rest)) and {"say", "said"} & set(rest)
        if opens and len(rest) >= 3 and not subordinate(part.words, i) and not said:
            out.append(rest)
    return out


def halves(
    words_: tuple[str, ...], names: list[tuple[int, int]] = ()
) -> list[tuple[tuple[str, ...], ...]]:
    """Return the ways to split a question in two at 'and', 'also'... ("turnout and when's it due").

    `names` are the spans of names ("Runcorn and Helsby"), never split.
    """
    out: list[tuple[tuple[str, ...], ...]] = []
    for i in range(1, len(words_) - 1):
        inside = any(start < i < end for start, end in names)
        if words_[i] in CONJUNCTIONS and not inside:
            out.append((words_[:i], words_[i + 1 :]))
    return out
