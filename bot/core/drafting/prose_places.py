"""Read the places from parties' votes the prose gives, when the article prints no table.

"Labour won 13,872 votes, compared to the Conservatives' 12,680 votes. The Liberal Democrats
won 9,420 votes." names no candidate, so nothing can be declared, but it says who came second
and third: one fact each, citing the sentence that gives those votes.
"""

from __future__ import annotations

import re

from .factbook import FactBook
from .parties import PartyNames
from .result_facts import PLACES
from .result_patterns import PREVIOUS

# "won 13,872 votes", "the Conservatives' 12,680 votes", "Reform UK on 3,568 votes"
VOTES_AT = re.compile(r"(?<![\d,.])(?P<votes>\d{1,3}(?:,\d{3})+|\d{3,})\s+votes\b")
BREAK = re.compile(r"[,;:.]|\b(?:compared (?:to|with)|while|whereas|than|and|but)\b")


def party_votes(
    sentences: list[tuple[int, str]], parties: PartyNames
) -> list[tuple[str, int, int, str]]:
    """Return (party, votes, paragraph, sentence) for each party whose votes a sentence gives.

    The party is the one named in the same clause just before the figure; a clause about an
    earlier election ("in 2019", "previously") gives none. Each party's first figure counts.
    """
    found: dict[str, tuple[str, int, int, str]] = {}
    for number, sentence in sentences:
        for m in VOTES_AT.finditer(sentence):
            head = sentence[: m.start()]
            clause = BREAK.split(head)[-1] if BREAK.search(head) else head
            party = parties.in_prose(clause)
            if party is None or PREVIOUS.search(clause) or PREVIOUS.match(sentence, m.end()):
                continue
            if re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", clause[party.end() :]):
                continue  # "Labour's Jane Example won 12,345 votes": a candidate's line
            name = parties.name(party.group(0))
            votes = int(m["votes"].replace(",", ""))
            found.setdefault(name, (name, votes, number, sentence))
    return list(found.values())


def place_facts(book: FactBook, found: list[tuple[str, int, int, str]], winner: str | None) -> None:
    """Propose who came second, third ... from three or more parties' votes, the winner's first.

    Nothing when the most votes are not the winning party's (the figures may be another
    election's) or when two parties share a place.
    """
    ranked = sorted(found, key=lambda f: -f[1])
    if len(ranked) < 3 or winner is None or ranked[0][0] != winner:
        return
    for i, (party, votes, paragraph, sentence) in enumerate(ranked[1 : len(PLACES) + 1], start=1):
        if sum(f[1] == votes for f in ranked) > 1:
            continue
        place = PLACES[i - 1]
        book.add(
            f"place-{place}",
            [f"Who came {place}?", f"Which party came {place}?", f"Who finished {place}?"],
            [(paragraph, sentence)],
            answer=f"The {party} candidate came {place}, with {votes:,} votes: {sentence} [¶{paragraph}]",
            parties=[party],
        )
