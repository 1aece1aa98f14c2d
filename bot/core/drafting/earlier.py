"""What an article says about the seat before this by-election: an earlier result, who held it."""

from __future__ import annotations

import re

from .parties import PartyNames
from .tables import YEAR_LABEL

EARLIER_ITEM = re.compile(r"[A-Z][\w’'-]+ \(([^()]{1,30})\) \d{1,3}(?:,\d{3})*")
HELD = re.compile(
    r"^(?:The\s+)?(?P<party>[A-Z][\w ]{1,30}?)\s+(?:has|have)\s+(?:retained|held|kept|held on to|"
    r"held onto|hung on to|clung on to)\s+(?:the\s+|its\s+|their\s+)?seat\b"
)
GAIN_FROM = re.compile(
    r"\b(?:gain(?:ed|s)?|took|taken|seized|snatched|won)\s+(?:(?:the|a)\s+seat\s+|it\s+)?from\s+"
    r"(?:the\s+)?(?P<party>[A-Z][\w]*(?:\s+[A-Z][\w]*){0,3})"
)

_PARTY = r"(?P<party>[A-Z][\w]*(?:\s+[A-Z][\w]*){0,2}?)"
# Other ways an article says whose seat it was: "the first time, since 1935, that the
# constituency has not been Labour", "held by Labour since 1935", "Labour had held the seat
# since 1983", "its first non-Conservative MP"
HELD_AS = (
    re.compile(rf"\b(?:seat|constituency)\s+has\s+not\s+been\s+{_PARTY}(?=[\s,.;]|$)"),
    re.compile(rf"\bheld by (?:the\s+)?{_PARTY}(?:['’]s\b[^.;]{{0,40}})?\s+since\b"),
    re.compile(
        rf"(?:^|[,;]\s+)(?:The\s+)?{_PARTY}\s+(?:had|has)\s+held\s+(?:the\s+seat|it)\s+since\b"
    ),
    re.compile(rf"\bfirst non-{_PARTY}\s+MP\b"),
    # "the 5,459 majority held by Labour’s Ian Gibson"
    re.compile(rf"\bmajority held by (?:the\s+)?{_PARTY}(?=['’]s\b|[\s,.;]|$)"),
    # "increasing the Labour majority from 2,842", "overturning a 7,000 Labour majority"
    re.compile(
        r"\b(?:increas|overturn|cut|cutting|reduc|slash|defend|overc)\w*\s+(?:the|a|an|its|their)\s+"
        rf"(?:(?:[a-z]+|[\d,]+)\s+){{0,2}}{_PARTY}\s+majority\b"
    ),
)
# "The by-election was called after ... Labour MP Phil Woolas ...": the MP whose departure
# caused it (in a sentence that says so) held the seat
TRIGGER = re.compile(
    r"\b(?:triggered|caused by|sparked by|called (?:after|when|following)|was held (?:after|following)|"
    r"following the (?:resignation|death)|after the (?:resignation|death)|resignation of|death of|"
    r"vacated|recall petition|stood down|stepped down)\b",
    re.I,
)
PARTY_MP = re.compile(rf"\b{_PARTY}\s+MP\s+(?:[A-Z][\w’'-]+\s+)*[A-Z][\w’'-]+")

# "Local councillor Michael Thornton held on to the seat vacated by ...", "Samantha Dixon re-won
# the seat for Labour": a person kept the seat, for their party (named after it, or theirs)
KEPT_BY = re.compile(
    r"(?P<who>[A-Z][\w’'-]+)\s+(?:has\s+)?(?:held on to|held onto|hung on to|clung on to|"
    r"retained|kept|re-won|regained)\s+(?:the|his|her|their)\s+seat\b"
    r"(?:\s+for\s+(?:the\s+)?(?P<party>[A-Z][\w]*(?:\s+[A-Z][\w]*){0,2}))?"
)

Lines = list[tuple[int, str]]  # (paragraph, verbatim text)


def earlier_results(
    paragraphs: tuple[str, ...], parties: PartyNames
) -> tuple[list[tuple[int, Lines]], dict[int, list[str]]]:
    """Return each earlier election's result lines ('2019: C maj ...' then 'Adams (C) 33,995;
    ...'), by year, and the parties each names."""
    found: list[tuple[int, Lines]] = []
    named_by_year: dict[int, list[str]] = {}
    for number, text in enumerate(paragraphs, start=1):
        label = YEAR_LABEL.match(text)
        if label is None:
            continue
        year = int(label.group(0).strip(" :"))
        lines = [(number, text)]
        following = paragraphs[number] if number < len(paragraphs) else ""
        if len(EARLIER_ITEM.findall(following)) >= 2 and ";" in following:
            lines.append((number + 1, following))
            named = [parties.name(p) for p in EARLIER_ITEM.findall(following)]
            named_by_year[year] = [p for p in dict.fromkeys(named) if parties.is_party(p)]
        found.append((year, lines))
    return found, named_by_year


def held_before(
    sentences: Lines, parties: PartyNames, names: dict[str, tuple[str, str]] | None = None
) -> str | None:
    """Return whose seat it was, when the article says so without a majority ('The Conservatives
    have retained the seat', 'Labour gain from the Conservatives', 'Jo Bloggs held on to the
    seat' when the results give her party): the change is then known."""
    found = seat_holder(sentences, parties, names)
    return f"{found[0]} held the seat before" if found else None


def seat_holder(
    sentences: Lines, parties: PartyNames, names: dict[str, tuple[str, str]] | None = None
) -> tuple[str, int, str] | None:
    """Return the party that held the seat before, with the paragraph and sentence saying so."""
    for number, sentence in sentences:
        found: list[str] = []
        for kept in KEPT_BY.finditer(sentence):
            found.append(kept["party"] or (names or {}).get(kept["who"], ("", ""))[1])
        held = HELD.match(sentence.strip())
        found += [held["party"]] if held else []
        found += [gain["party"] for gain in GAIN_FROM.finditer(sentence)]
        found += [m["party"] for form in HELD_AS for m in form.finditer(sentence)]
        if TRIGGER.search(sentence):
            found += [m["party"] for m in PARTY_MP.finditer(sentence)][:1]
        for party in found:
            if party and parties.is_party(party):
                return parties.name(party), number, sentence
    return None
