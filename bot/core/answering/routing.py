"""Which contest a question is about: the one it names, a person's, the channel's, or the default."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..knowledge.model import Contest
from ..text import stem
from .lexicon import english_words, phrase_tokens

RouteKind = Literal["named", "person", "given", "default", "none"]
MAX_CANDIDATES = 5  # "which contest?" offers at most this many (one row of buttons)
SURNAME_RARITY = 2000  # a word counted fewer times in English reads as a name


@dataclass(frozen=True, slots=True)
class Route:
    """Where a question goes; `contest_id` None means ask which contest, from `candidates`."""

    contest_id: str | None
    how: RouteKind
    candidates: tuple[str, ...] = ()


class PeopleDirectory:
    """Map the names and aliases of people in every contest to the contests that know them."""

    def __init__(self, contests: Iterable[Contest]) -> None:
        self._table: dict[tuple[str, ...], set[str]] = {}
        self._first: set[str] = set()  # first names standing alone as an alias ("Boris")
        self.longest = 1
        for contest in contests:
            for person in contest.people.values():
                first = phrase_tokens(person.name)[:1]
                for alias in (person.name, *person.aliases):
                    tokens = phrase_tokens(alias)
                    key = tuple(stem(t) for t in tokens)
                    if key:
                        self._table.setdefault(key, set()).add(contest.id)
                        self.longest = max(self.longest, len(key))
                    if len(tokens) == 1 and tokens == first:
                        self._first.add(key[0])

    def contests_of(self, tokens: list[str]) -> set[str]:
        """Return the contests whose people the tokens name (longest names first).

        A first name followed by a surname that is not that person's ("boris johnson" when only
        Boris Been-Bunged is known) names someone else.
        """
        keys = [stem(t) for t in tokens]
        found: set[str] = set()
        i = 0
        while i < len(keys):
            for n in range(min(self.longest, len(keys) - i), 0, -1):
                hit = self._table.get(tuple(keys[i : i + n]))
                if hit is not None:
                    if not (n == 1 and keys[i] in self._first and _surname(tokens, i + 1)):
                        found |= hit
                    i += n
                    break
            else:
                i += 1
        return found


def _surname(tokens: list[str], at: int) -> bool:
    """Tell whether the token at `at` reads as a surname: a word rare in English ("johnson")."""
    if at >= len(tokens) or not tokens[at].isalpha():
        return False
    return english_words().get(tokens[at].lower(), 0) < SURNAME_RARITY


def choose(named: set[str], implied: set[str], given: str | None, fallback: str | None) -> Route:
    """Pick the contest: one named; else a person's (given or default first); else given, default.

    Two contests named, or a person known in several contests but neither the given nor the
    default one, is not guessed at: the route asks which contest, offering those.
    """
    if len(named) == 1:
        return Route(next(iter(named)), "named")
    if named:
        return Route(None, "named", tuple(sorted(named))[:MAX_CANDIDATES])
    if implied:
        if given in implied:
            return Route(given, "given")
        if fallback in implied:
            return Route(fallback, "default")
        if len(implied) == 1:
            return Route(next(iter(implied)), "person")
        return Route(None, "person", tuple(sorted(implied))[:MAX_CANDIDATES])
    if given is not None:
        return Route(given, "given")
    if fallback is not None:
        return Route(fallback, "default")
    return Route(None, "none")
