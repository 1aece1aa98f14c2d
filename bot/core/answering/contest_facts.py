"""The contest source: which contest this is, and whether it is a by-election or a general one.

Answered from the contest's name (contest.yaml), cited where a source names it verbatim; a
contest its sources never name is not described.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import AUXILIARIES, Analysis
from .candidate import Candidate
from .concepts import BY_ELECTION, GENERAL_ELECTION, SEAT
from .index import ContestIndex
from .sentence_index import Sentence

KIND_WORDS = frozenset({GENERAL_ELECTION, BY_ELECTION, SEAT, "elect", "contest", "race", "poll"})
WHICH = frozenset({"which", "what"})
ABOUT_WORDS = frozenset({"report", "article", "piece", "stori", "stories", "stor"})
# Above a declared result's lead: "which seat is this?" names the contest, not its winner.
SCORE = 1.2


@dataclass(frozen=True)
class ContestFacts:
    """Evidence: the contest's name, a sentence of the sources that names it, and a verdict."""

    name: str
    sentence: Sentence
    general: bool | None  # None: not asked; False: "is this a general election?" -> no


def _naming_sentence(index: ContestIndex) -> Sentence | None:
    """Return the first sentence of the sources that names the contest: by its full name
    ("Newark by-election: result in full") if one does, else by an alias ("Newark")."""
    contest = index.contest
    names = [n.lower() for n in (contest.name, *contest.aliases) if len(n) >= 4]
    for found in ([names[0]] if names else [], names):
        for s in index.sentences.sentences:
            if any(n in s.key for n in found):
                return s
    return None


NEGATIONS = frozenset({"not", "isn't", "wasn't", "isnt", "wasnt", "never", "no"})


def _verdict(raw: list[str], general: bool) -> bool | None:
    """Return the yes or no to a question of whether this is a general election.

    "(a by-election,) not the general election, right?" asserts that it is not one: yes when
    it is not. "a by-election or a general election?" asks which: no yes or no.
    """
    if "or" in raw:
        return None
    at = raw.index("general") if "general" in raw else -1
    before = raw[max(0, at - 3) : at] if at > 0 else []
    if before and before[0] == raw[0] and raw[0] in AUXILIARIES:
        before = before[1:]  # "isn't this a general election?" asks; it does not deny
    negated = bool(NEGATIONS & set(before))
    return not general if negated else general


def propose(index: ContestIndex, query: Analysis) -> list[Candidate]:
    """Return a candidate for 'which seat is this?' and 'is this a general election?'."""
    bag = {t for t in query.bag if not t.startswith("#")}
    asks_general = GENERAL_ELECTION in bag
    asks_which = bool(WHICH & set(query.raw)) and (bag & KIND_WORDS or query.contests)
    bag -= ABOUT_WORDS  # "which constituency is this report about?"
    if not (asks_general or asks_which) or bag - KIND_WORDS or query.persons or query.parties:
        return []
    sentence = _naming_sentence(index)
    if sentence is None:
        return []
    name = index.contest.name
    general = None
    if asks_general:
        general = "general" in name.lower() or any(
            "general" in a.lower() for a in index.contest.aliases
        )
        general = _verdict(query.raw, general)
    evidence = ContestFacts(name, sentence, general)
    return [Candidate("fact", SCORE, evidence, "contest", frozenset({sentence.paragraph}))]
