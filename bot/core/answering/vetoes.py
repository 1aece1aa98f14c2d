"""Qualifier vetoes shared by every source: a question about another year, party or person."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ..knowledge.schema import Person
from .analysis import Analysis
from .concepts import LAST_ELECTION


def party_name(token: str) -> str:
    """Return a canonical party token as people read it ('reform_uk' -> 'Reform UK')."""
    return " ".join(_word(w) for w in token.split("_"))


def _word(word: str) -> str:
    """Capitalise one word of a party's name, keeping initialisms ('uk', 'snp') in capitals."""
    if len(word) <= 2 or not set(word) & set("aeiouy"):
        return word.upper()
    return word.capitalize()


def other_qualifier(
    query: Analysis,
    years: Collection[int],
    parties: Collection[str],
    persons: Collection[str],
    people: Mapping[str, Person],
) -> str | None:
    """Return why evidence about these years, parties and people does not answer the question."""
    other = query.years - set(years)
    if other and other != query.years and "or" in query.raw:
        other = set()  # "4,321, is that from 2019 or 2017?": the evidence says which
    if other:
        if LAST_ELECTION in query.tokens and len(other) == 1:
            return "I don't have that for the previous election in my sources."
        return f"I don't have that for {' or '.join(str(y) for y in sorted(other))} in my sources."
    alternatives = len(query.parties) > 1 and "or" in query.raw  # "is 12,645 Reform or Labour?"
    if not alternatives and (other := query.parties - set(parties)):
        names = " or ".join(party_name(p) for p in sorted(other))
        names = names if "party" in names.lower() else names + " party"
        return f"I don't have that for the {names} in my sources."
    if other := query.persons - set(persons):
        names = " or ".join(people[p].name if p in people else p for p in sorted(other))
        return f"I don't have that for {names} in my sources."
    return None


def other_side(asked: set[tuple[str, str]], given: frozenset[tuple[str, str]]) -> bool:
    """Tell whether evidence puts a time on the other side: "after 4am?" and "before 4am"."""
    flip = {"before": "after", "after": "before"}
    return any((flip[prep], fig) in given and (prep, fig) not in given for prep, fig in asked)
