"""Which contest a question is about: the one it names, a person's, the channel's, or the default."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..knowledge.model import Contest
from ..text import stem
from .lexicon import phrase_tokens

RouteKind = Literal["named", "person", "given", "default", "none"]
MAX_CANDIDATES = 5  # "which contest?" offers at most this many (one row of buttons)


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
        self.longest = 1
        for contest in contests:
            for person in contest.people.values():
                for alias in (person.name, *person.aliases):
                    key = tuple(stem(t) for t in phrase_tokens(alias))
                    if key:
                        self._table.setdefault(key, set()).add(contest.id)
                        self.longest = max(self.longest, len(key))

    def contests_of(self, tokens: list[str]) -> set[str]:
        """Return the contests whose people the tokens name (longest names first)."""
        keys = [stem(t) for t in tokens]
        found: set[str] = set()
        i = 0
        while i < len(keys):
            for n in range(min(self.longest, len(keys) - i), 0, -1):
                hit = self._table.get(tuple(keys[i : i + n]))
                if hit is not None:
                    found |= hit
                    i += n
                    break
            else:
                i += 1
        return found


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
