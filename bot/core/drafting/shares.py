"""Read a table of party shares printed without votes ("LAB: 61.2% (+11.6)") into facts.

Such a table cannot be declared (`/count declare` needs each candidate's votes), but it answers
what each party got, how its share moved and where it came: one fact each, citing its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .factbook import FactBook
from .parties import PartyNames
from .people import PersonDraft
from .result_facts import PLACES

# "LAB: 61.2% (+11.6)", "Lib Dem: 8.4% (+1.5)", "City of Chester by-election, result: LAB: 61.2%"
SHARE_LINE = re.compile(
    r"^\s*(?:[^:]{0,100}\bresult:\s*)?(?P<party>[A-Za-z][\w .&’'-]{0,50}?)\s*[:–-]\s*"
    r"(?P<share>\d{1,2}(?:\.\d+)?)\s?%\s*(?:\(\s*(?P<change>[+−–-]\s?\d{1,2}(?:\.\d+)?|new)\s*\))?"
    r"\s*\.?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Share:
    """One party's share of the vote as a table prints it, with the verbatim line."""

    paragraph: int
    span: str
    party: str
    share: float
    change: str | None


def read_shares(paragraphs: tuple[str, ...], parties: PartyNames) -> list[Share]:
    """Return the first block of three or more share lines, two or more of known parties."""
    block: list[Share] = []
    for number, text in enumerate([*paragraphs, ""], start=1):
        m = SHARE_LINE.match(text)
        if m is not None and len(m["party"].split()) <= 5:
            change = (
                m["change"].replace("−", "-").replace("–", "-").replace(" ", "")
                if m["change"]
                else None
            )
            span = text[m.start("party") :].strip()
            block.append(Share(number, span, parties.name(m["party"]), float(m["share"]), change))
            continue
        if len(block) >= 3 and sum(parties.is_party(s.party) for s in block) >= 2:
            return block
        block = []
    return []


def _answer(share: Share, place: str | None = None) -> str:
    """Say what a share line gives, with its paragraph mark."""
    moved = ""
    if share.change == "new":
        moved = ", standing for the first time"
    elif share.change:
        moved = f", {share.change} points on last time"
    where = f" came {place} with" if place else " got"
    return f"{share.party}{where} {share.share}% of the vote{moved} [¶{share.paragraph}]."


def share_facts(book: FactBook, shares: list[Share], people: dict[str, PersonDraft]) -> None:
    """Propose each party's share, how it moved, and the places, from a table of shares."""
    ranked = sorted(shares, key=lambda s: -s.share)
    for share in shares:
        person = next(
            (p for p in people.values() if not p.group and p.party == share.party and p.candidate),
            None,
        )
        questions = [
            f"What share of the vote did {share.party} get?",
            f"What percentage did {share.party} get?",
            f"How did {share.party} do?",
        ]
        if share.change:
            questions.append(f"How did {share.party}'s share change?")
        if person is not None:
            questions.append(f"What share of the vote did {person.name} get?")
        book.add(
            f"share-{share.party}",
            questions,
            [(share.paragraph, share.span)],
            answer=_answer(share),
            people=[person.id] if person else None,
            parties=[share.party],
            keywords=["share", "percent"],
        )
    for i, share in enumerate(ranked[1 : len(PLACES) + 1], start=1):
        tied = [s for s in ranked if s.share == share.share]
        if len(tied) > 1:
            continue  # "UKIP: 0.6%", "MRLP: 0.6%": neither came ahead of the other
        place = PLACES[i - 1]
        book.add(
            f"place-{place}",
            [f"Who came {place}?", f"Which party came {place}?", f"Who finished {place}?"],
            [(share.paragraph, share.span)],
            answer=_answer(share, place),
        )
