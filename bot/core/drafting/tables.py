"""Read a results table: one candidate per line, in the ways UK results are printed."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..knowledge.status import unnamed_candidate
from .names import TITLES
from .parties import PartyNames

PCT = r"(?:%|\s?per\s?cent)?"  # "55.89%", "55.89 per cent"
VOTES = r"(?P<votes>\d{1,3}(?:,\d{3})+|\d+)"
# (45.67%, +6.78%) / (86.10% of vote) / [12.3], or in columns: "16,867  42.10  +42.10" (a
# share printed bare has a decimal point; a change of "-" is none)
FIGURES = (
    rf"(?:\s*[(\[](?P<share>\d{{1,2}}(?:\.\d+)?){PCT}(?:\s+of\s+(?:the\s+)?(?:valid\s+)?votes?)?"
    rf"(?:[,;]\s*(?P<change>[+-−–]\s?\d{{1,2}}(?:\.\d+)?|new){PCT})?[)\]]"
    r"|\s+(?P<column>\d{1,2}\.\d{1,2})%?(?:\s+(?:(?P<moved>[+−–-]\s?\d{1,2}(?:\.\d+)?)%?|[-–—]))?)?"
)
# A name may start with a number: "77 Joseph" stood in Uxbridge in 2023
NAME = r"(?P<name>(?:\d{1,3}\s+)?[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){0,5}?)"
BULLET = r"^\s*(?:[•*·▪–—-]\s*)?"
LINE_FORMS = (
    # Jane Example (Lab) 12,345 (45.67%, +6.78%) / Azhar Ali (Labour) - 2,402
    re.compile(
        rf"{BULLET}{NAME}\s*\((?!elected\b|winner\b)(?P<party>[^()]{{1,60}})\)\s*[:=,–-]?\s*{VOTES}"
        rf"(?:\s+votes?)?{FIGURES}\.?\s*$"
    ),
    # Azhar Ali, Labour Party: 2,402 / Helen Morgan, Liberal Democrats - 17,957 (47.1%)
    re.compile(
        rf"{BULLET}{NAME},\s+(?P<party>[^:,\d]{{2,80}}?)\s*[:,–—-]\s*{VOTES}(?:\s+votes?)?{FIGURES}\.?\s*$"
    ),
    # Jane Example - Labour - 12,345 / Jane Example - Labour (elected): 12,345
    re.compile(
        rf"{BULLET}{NAME}\s+[–—-]\s+(?P<party>[^\d–—:()]{{2,80}}?)(?:\s*\((?:elected|winner)\))?"
        rf"(?:\s+[–—-]|\s*:)\s+{VOTES}(?:\s+votes?)?{FIGURES}\.?\s*$"
    ),
    # | Jane Example | Labour | 12,345 |
    re.compile(
        rf"^\|?\s*{NAME}\s*\|\s*(?P<party>[^|\d]{{2,80}}?)\s*\|\s*{VOTES}\s*\|?{FIGURES}\s*\|?\s*$"
    ),
)
# Conservative Trudy Harrison 13,748 votes / Michael Guest, independent 811 votes /
# Roy Ivinson 116 votes / David Powell – 32: the party, if any, is told apart from the name below
BARE = re.compile(
    rf"{BULLET}(?P<before>[A-Z][^\d()|:;]{{2,100}}?)\s*[,–—=-]?\s*{VOTES}(?:\s+votes?)?{FIGURES}\.?\s*$"
)
# Labour: 11,719 / The UK Independence Party: 436 (a party's votes; its candidate not named)
PARTY_ONLY = re.compile(
    rf"{BULLET}(?:The\s+)?(?P<party>[A-Z][^\d:()|;,]{{1,60}}?)\s*[:=]\s*{VOTES}(?:\s+votes?)?{FIGURES}\.?\s*$"
)
# The returning officer's list: SURNAME Forenames Description votes, "E" beside the elected
# ("FORBES Lisa Labour Party 10,484 E", "MOORE Andrew John 101")
OFFICIAL = re.compile(
    rf"{BULLET}(?P<surname>(?:[A-Z][A-Z'’`-]*\s+){{0,2}}[A-Z][A-Z'’`-]+)\s+(?P<rest>[A-Z][a-z][^\d]*?)"
    rf"\s+{VOTES}(?:\s+(?:E|Elected))?{FIGURES}\.?\s*$"
)
FORENAME = re.compile(r"^[A-Z][a-z][\w’'.-]*$")
LABEL_WORD = re.compile(r"^(?:[A-Z][\w’'.&-]*|of|the|and|for)$")
NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|de|van|von|der|la|le|du|di|da|al|bin|of)$")
YEAR_LABEL = re.compile(r"^\s*(?:19|20)\d\d\s*:")


@dataclass(frozen=True)
class Line:
    """One candidate as the article prints them, with the verbatim text it came from."""

    paragraph: int
    span: str
    name: str
    party: str
    votes: int
    title: str | None = None
    share: float | None = None
    change: str | None = None
    above: int | None = None  # the paragraph printing the name over the votes, if another


def _share(m: re.Match[str]) -> float | None:
    """Return the share a line prints, in brackets or in a column, if any."""
    share = m["share"] or m["column"]
    return float(share) if share else None


def _span(text: str) -> str:
    """Return a results line as cited: without its bullet."""
    return text.strip().lstrip("•*·▪–—- ").strip()


def _is_name(words: list[str]) -> bool:
    """Tell whether words can be a candidate's name: two to five, capitalised ("Jack Lenox")."""
    return 2 <= len(words) <= 5 and all(NAME_WORD.match(w) for w in words) and words[0][0].isupper()


def _name_and_party(before: str, parties: PartyNames) -> tuple[str, str] | None:
    """Split what a bare line prints before its votes into a name and a party ("" if none).

    "Liberal Democrat Rebecca Hanson" (a party, then a name), "Michael Guest, independent"
    (a name, a comma, a party) or "Roy Ivinson" (a name alone).
    """
    before = before.strip(" ,")
    if "," in before:
        name, _, party = before.rpartition(",")
        ok = _is_name(name.split()) and parties.is_party(party.strip())
        return (name.strip(), party.strip()) if ok else None
    words = before.split()
    for k in range(len(words) - 2, 0, -1):  # the longest party: "Green Party Jack Lenox"
        if parties.is_party(" ".join(words[:k])) and _is_name(words[k:]):
            return " ".join(words[k:]), " ".join(words[:k])
    return (before, "") if _is_name(words) and not parties.is_party(before) else None


def _official(text: str, parties: PartyNames) -> tuple[str, str, re.Match[str]] | None:
    """Read a line of the returning officer's list: "BRISTOW Paul The Conservative Party 7,243".

    The forenames are the capitalised words after the surname, up to three, until a word of a
    party's name; the rest is the description (none for some independents). A first word that
    is a party ("UKIP Jane Doe 1,234") is another form.
    """
    m = OFFICIAL.match(text)
    if m is None or parties.is_party(m["surname"]) or sum(c.isalpha() for c in m["surname"]) < 2:
        return None
    words = m["rest"].split()
    forenames: list[str] = []
    for word in words[:3]:
        if not FORENAME.match(word) or word == "The" or parties.is_word(word):
            break
        forenames.append(word)
    if not forenames:
        return None
    surname = " ".join(w[:1] + w[1:].lower() for w in m["surname"].split())
    described = " ".join(words[len(forenames) :]).split(" -")[0].strip(" -“”\"'")
    return f"{' '.join(forenames)} {surname}", described, m


def _forms(text: str, parties: PartyNames) -> tuple[str, str, re.Match[str]] | None:
    """Return the name, party (as printed) and match of the first line form `text` fits."""
    if (official := _official(text, parties)) is not None:
        return official
    for form in LINE_FORMS:
        m = form.match(text)
        if m is not None:
            return m["name"].strip(" ,"), m["party"].strip(" ,"), m
    m = BARE.match(text)
    if m is not None and (split := _name_and_party(m["before"], parties)) is not None:
        return *split, m
    return None


def parse_line(text: str, paragraph: int, parties: PartyNames) -> Line | None:
    """Read one candidate line of a results table, or None if the paragraph is not one.

    A line printing no party gets "" (the people the article describes may say it).
    """
    if ";" in text or YEAR_LABEL.match(text):
        return None
    found = _forms(text, parties)
    if found is not None:
        name, printed, m = found
        if parties.is_party(name) or not re.search(r"[a-z]", name) or len(name.split()) > 6:
            return None
        if printed.lower().startswith(("the ", "a ")) and not parties.is_party(printed):
            printed = re.sub(r"^(?:the|a)\s+", "", printed, flags=re.I)
        tokens = name.split()
        title = TITLES.get(tokens[0]) if len(tokens) > 2 else None
        if title:
            name = " ".join(tokens[1:])
        moved = m["change"] or m["moved"]
        change = moved.replace("−", "-").replace("–", "-").replace(" ", "") if moved else None
        return Line(
            paragraph,
            _span(text),
            name,
            parties.name(printed) if printed else "",
            int(m["votes"].replace(",", "")),
            title,
            _share(m),
            change,
        )
    return _party_only(text, paragraph, parties)


def _party_only(text: str, paragraph: int, parties: PartyNames) -> Line | None:
    """Read "Labour: 11,719": a party's votes, with no name (a line of a party-only table)."""
    m = PARTY_ONLY.match(text)
    words = m["party"].split() if m else []
    if m is None or not 1 <= len(words) <= 6 or not all(LABEL_WORD.match(w) for w in words):
        return None
    return Line(
        paragraph,
        _span(text),
        "",
        parties.name(m["party"]),
        int(m["votes"].replace(",", "")),
        share=_share(m),
    )


def read_table(paragraphs: tuple[str, ...], parties: PartyNames) -> list[Line]:
    """Return the first block of two or more consecutive candidate lines (the results table).

    Lines giving a party's votes alone ("Labour: 11,719") have no name: the article's people
    may give it. Such a block counts only when at least two of its labels are known parties.
    """
    block: list[Line] = []
    texts = [*paragraphs, ""]
    named: str | None = None  # the name printed on the line before, over this line's votes
    for number, text in enumerate(texts, start=1):
        if _named_above(text, texts[number] if number < len(texts) else "", parties):
            named = text.strip()  # "Edward Timpson" over "Conservative: 20,539"
            continue
        line = parse_line(text, number, parties) if text else None
        if line is not None and not line.name and named is not None:
            line = replace(line, name=named, above=number - 1)
        named = None
        if line is not None:
            block.append(line)
            continue
        unnamed = [line for line in block if not line.name]
        known = sum(parties.is_party(line.party) for line in unnamed)
        if len(block) >= 2 and (not unnamed or known >= 2):
            return _party_first(block)
        block = []
    return []


def _named_above(text: str, below: str, parties: PartyNames) -> bool:
    """Tell whether a line is a name alone printed over its party's votes ("Edward Timpson",
    then "Conservative: 20,539")."""
    words = text.split()
    if not _is_name(words) or parties.is_party(text.strip()) or not below:
        return False
    line = _party_only(below, 0, parties)
    return line is not None and parties.is_party(line.party)


def _party_first(block: list[Line]) -> list[Line]:
    """Split a party the lexicon does not know off its candidate in a party-first table.

    When two or more lines print the party before the name ("UKIP Jane Doe 16,867"), a line
    read as a name of three or more words with no party ("Britain First Jayda Fransen") is a
    party then a name: up to the last word "Party", else all but the last two words.
    """
    first = [line for line in block if line.party and line.span.find(line.name) > 0]
    if len(first) < 2:
        return block
    split: list[Line] = []
    for line in block:
        words = line.name.split()
        if line.party or len(words) < 3:
            split.append(line)
            continue
        cut = max((i + 1 for i, w in enumerate(words[:-2]) if w == "Party"), default=len(words) - 2)
        split.append(replace(line, name=" ".join(words[cut:]), party=" ".join(words[:cut])))
    return split


NO_PARTY = "no party given"  # a results line printing none, of someone the article gives none


def named_line(
    line: Line, names: dict[str, tuple[str, str]], sentences: list[tuple[int, str]]
) -> Line:
    """Name the candidate of a line that gives a party's votes alone ("Labour: 11,719").

    The one person a sentence names beside those votes ("the 11,719 constituents who voted
    for her, Sarah Edwards"), else the one person the article gives that party, else
    "the <party> candidate".
    """
    if line.name:
        return line
    figure = f"{line.votes:,}"
    for _, sentence in sentences:
        if re.search(rf"(?<![\d,.]){re.escape(figure)}(?![\d,])", sentence):
            named = {names[key][0] for key in names if key in sentence}
            if len(named) == 1:
                return replace(line, name=named.pop())
    of_party = {name for name, party in names.values() if party == line.party}
    if len(of_party) == 1:
        return replace(line, name=of_party.pop())
    return replace(line, name=unnamed_candidate(line.party))


def with_party(line: Line, names: dict[str, tuple[str, str]]) -> Line:
    """Give a results line that prints no party the one the article gives its candidate."""
    if line.party:
        return line
    party = names.get(line.name, ("", ""))[1]
    return replace(line, party=party or NO_PARTY)
