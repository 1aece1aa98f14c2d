"""UK party names as results tables and reports print them, read as the names askers use."""

from __future__ import annotations

import re

# Abbreviations and variants of the results services (PA, Britain Elects) and of prose, folded
# to lower case without punctuation, mapped to the name a draft writes.
_PARTY_NAMES: dict[str, str] = {
    "lab": "Labour",
    "labour": "Labour",
    "labour party": "Labour",
    "labour co-op": "Labour Co-operative",
    "lab co-op": "Labour Co-operative",
    "c": "Conservative",
    "con": "Conservative",
    "cons": "Conservative",
    "conservative": "Conservative",
    "conservatives": "Conservative",
    "conservative party": "Conservative",
    "the conservative party": "Conservative",
    "tory": "Conservative",
    "tories": "Conservative",
    "ld": "Liberal Democrat",
    "lib dem": "Liberal Democrat",
    "lib dems": "Liberal Democrat",
    "ldem": "Liberal Democrat",
    "liberal democrat": "Liberal Democrat",
    "liberal democrats": "Liberal Democrat",
    "green": "Green",
    "greens": "Green",
    "grn": "Green",
    "green party": "Green",
    "reform": "Reform UK",
    "reform uk": "Reform UK",
    "ref": "Reform UK",
    "ukip": "UKIP",
    "snp": "SNP",
    "pc": "Plaid Cymru",
    "plaid": "Plaid Cymru",
    "plaid cymru": "Plaid Cymru",
    "ind": "Independent",
    "independent": "Independent",
    "nd": "No description",
    "brexit": "Brexit Party",
    "brexit party": "Brexit Party",
    "the brexit party": "Brexit Party",
    "loony": "Official Monster Raving Loony Party",
    "omrlp": "Official Monster Raving Loony Party",
    "monster raving loony party": "Official Monster Raving Loony Party",
    "the official monster raving loony party": "Official Monster Raving Loony Party",
    "official monster raving loony party": "Official Monster Raving Loony Party",
    "soc dem": "SDP",
    "sdp": "SDP",
    "social democratic party": "SDP",
    "yrk": "Yorkshire Party",
    "yorkshire": "Yorkshire Party",
    "workers party": "Workers Party of Britain",
    "workers party of britain": "Workers Party of Britain",
    "heritage": "Heritage Party",
    "climate": "Climate Party",
}
# Party words that prose puts before a name ("Conservative Paul Ellison", "Tory candidate ...").
PROSE_PARTIES = (
    "Liberal Democrats",
    "Liberal Democrat",
    "Lib Dems",
    "Lib Dem",
    "Labour",
    "Conservatives",
    "Conservative",
    "Tories",
    "Tory",
    "Green Party",
    "Greens",
    "Green",
    "Reform UK",
    "Reform",
    "SNP",
    "Plaid Cymru",
    "UKIP",
    "Independent",
    "Workers Party",
    "Yorkshire Party",
)
_FOLD = re.compile(r"[^a-z0-9 -]+")


def fold_party(text: str) -> str:
    """Fold a party name for lookup: lower case, no punctuation, single spaces."""
    return " ".join(_FOLD.sub(" ", text.lower().replace("’", "'").replace("'s", "")).split())


def party_name(printed: str) -> str:
    """Return the party a printed name or abbreviation stands for ('C' -> 'Conservative').

    "The Conservative Party candidate" reads as Conservative; an unknown name is kept as printed.
    """
    key = fold_party(printed)
    if key in _PARTY_NAMES:
        return _PARTY_NAMES[key]
    trimmed = re.sub(r"^(?:the )|(?: party)?(?: candidate)$", "", key).strip()
    if trimmed in _PARTY_NAMES:
        return _PARTY_NAMES[trimmed]
    return " ".join(printed.split()).strip(" ,.;:")


def is_party(text: str) -> bool:
    """Tell whether text names a party (by any printed form this module knows)."""
    return fold_party(text) in _PARTY_NAMES
