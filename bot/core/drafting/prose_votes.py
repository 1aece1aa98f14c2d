"""What a report's prose says of the result: the party that won, the votes it gives candidates."""

from __future__ import annotations

import re

from .parties import PartyNames
from .result_patterns import FIRST_MP_WORDS, POSSESSIVE_VOTES, PREVIOUS, PROSE_VOTES
from .tables import YEAR_LABEL, Line

PARTY_WON = re.compile(
    r"^(?:The\s+)?(?P<party>[A-Z][\w ]{1,30}?)\s+(?:(?:has|have)\s+(?:won|gained|taken|held)\b"
    r"|(?:woman|man|candidate)\s+(?:has\s+)?(?:won|triumphed)\b"  # "The Labour woman triumphed"
    rf"|{FIRST_MP_WORDS})"
)


# "It was a landslide victory for the Labour candidate who received 17,894 votes"
VICTORY_FOR = re.compile(
    r"\b(?:victory|win)\s+for\s+(?:the\s+)?(?P<party>[A-Z][\w]*(?:\s+[A-Z][\w]*){0,2})"
    r"(?=\s+(?:candidate|party)\b|[,.;]|$)"
)


VOTES_FOR = re.compile(r"(?<=votes)\s+for\s+(?:(?:the\s+)?[A-Z][\w]*(?:\s+[A-Z][\w]*)?['’]s\s+)?")


def winning_party(sentence: str, parties: PartyNames) -> str | None:
    """Return the party a sentence says won ('The Liberal Democrats have won ...', 'a landslide
    victory for the Labour candidate'), if it names one."""
    m = PARTY_WON.match(sentence.strip()) or VICTORY_FOR.search(sentence)
    return parties.name(m["party"]) if m and parties.is_party(m["party"]) else None


def prose_lines(sentences: list[tuple[int, str]], names: dict[str, tuple[str, str]]) -> list[Line]:
    """Return the candidates whose votes the prose gives ('X took the seat with 22,537 votes')."""
    found: dict[str, Line] = {}
    for number, sentence in sentences:
        if YEAR_LABEL.match(sentence):
            continue
        for m in PROSE_VOTES.finditer(sentence):
            votes = int(m["votes"].replace(",", ""))
            if votes < 10 or re.match(r"(?:19|20)\d\d$", m["votes"]):
                continue
            head = sentence[: m.start()]
            clause = re.split(r"[;]|\bwhile\b|\bcompared (?:to|with)\b|\bthan\b", head)[-1][-90:]
            who = [(clause.rfind(key) + len(key), key) for key in names if clause.rfind(key) >= 0]
            after = VOTES_FOR.match(sentence, m.end())  # "a mere 830 votes for Jo Bloggs"
            named = [k for k in names if after and sentence.startswith(k, after.end())]
            if named:
                who = [(0, max(named, key=len))]
            if not who:
                continue
            name, party = names[max(who)[1]]
            if name not in found and not PREVIOUS.search(head[-40:]):
                found[name] = Line(number, sentence, name, party, votes)
        for m in POSSESSIVE_VOTES.finditer(sentence):
            key = next((k for k in names if m["who"].endswith(k)), None)
            if key is not None and names[key][0] not in found:
                name, party = names[key]
                found[name] = Line(number, sentence, name, party, int(m["votes"].replace(",", "")))
    return list(found.values())
