"""The aliases a draft proposes for each person, and why any were left out."""

from __future__ import annotations

import re

from .names import COMMON_SURNAME, COMMON_WORD, is_common_word
from .parties import PartyNames
from .people import PersonDraft

POOR_ALIASES = frozenset("party mp leader candidate".split())


def aliases(
    people: list[PersonDraft], parties: PartyNames, taken: dict[str, str] | None = None
) -> tuple[dict[str, list[str]], list[str]]:
    """Return each person's aliases (surname, first name, 'Mr X', title forms) and notes on those left out.

    An alias two people share is left out, and so is a common word or a word of a party's name,
    and one that `taken` (phrase key -> what claims it, e.g. the synonyms of the knowledge
    folder) already gives another meaning.
    """
    from ..knowledge.validate import phrase_key

    taken = taken or {}
    proposed: dict[str, list[str]] = {}
    for p in people:
        if p.group:
            proposed[p.id] = []
            continue
        options = [*p.forms]
        tokens = p.name.split()
        if len(tokens) >= 2:
            options += [p.surname, p.first_name]
            if p.title:
                options += [f"{p.title} {p.name}", f"{p.title} {p.first_name}"]
        if p.role and p.party and re.search(r"\bleader\b", p.role, re.I):
            options += [f"{p.party} leader", f"the {p.party} leader"]
        proposed[p.id] = list(dict.fromkeys(options))
    owners: dict[str, set[str]] = {}
    for p in people:
        for alias in [p.name, *proposed[p.id]]:
            owners.setdefault(alias.casefold(), set()).add(p.id)
    out: dict[str, list[str]] = {}
    notes: list[str] = []
    for p in people:
        keep = []
        for alias in proposed[p.id]:
            single = len(alias.split()) == 1
            if alias == p.name:
                continue
            if owners[alias.casefold()] != {p.id}:
                notes.append(
                    f"alias “{alias}” left out: {len(owners[alias.casefold()])} people share it"
                )
                continue
            poor = alias.casefold() in POOR_ALIASES or parties.is_word(alias)
            limit = COMMON_SURNAME if alias == p.surname else COMMON_WORD
            if single and (poor or is_common_word(alias, limit)):
                notes.append(f"alias “{alias}” for {p.name} left out: a common word")
                continue
            if phrase_key(alias) in taken:
                notes.append(f"alias “{alias}” for {p.name} left out: {taken[phrase_key(alias)]}")
                continue
            keep.append(alias)
        out[p.id] = keep
    return out, list(dict.fromkeys(notes))
