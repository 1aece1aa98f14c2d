"""The loaded knowledge base: contests with their sources, facts, quotes, people and status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .schema import Citation, Fact, Person, Quote, SynonymsFile
from .sources import SourceDoc
from .status import DEFAULT_STATUS, Status

if TYPE_CHECKING:
    from .announcements import AnnouncementsFile


@dataclass
class Contest:
    """One election contest and everything the bot knows about it."""

    id: str
    name: str
    date: dt.date
    default: bool
    aliases: list[str]
    folder: Path
    sources: dict[str, SourceDoc]
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    status: Status = DEFAULT_STATUS
    announcements: AnnouncementsFile | None = None  # announcements.yaml, when the contest has one
    elsewhere: list[str] = field(default_factory=list)  # other contests' places its sources name

    def cited_paragraphs(self) -> dict[str, set[int]]:
        """Return, per source id, the paragraph numbers cited by any entry."""
        cited: dict[str, set[int]] = {sid: set() for sid in self.sources}
        for cit in self.all_citations():
            cited.setdefault(cit[0], set()).add(cit[1])
        return cited

    def all_citations(self) -> list[tuple[str, int]]:
        """Return (source, paragraph) for every citation in this contest."""
        out: list[tuple[str, int]] = []
        cits: list[Citation] = [c for f in self.facts for c in f.citations]
        cits += [c for p in self.people.values() for c in p.citations]
        cits += list(self.status.citations)
        out += [(c.source, c.paragraph) for c in cits]
        out += [(q.citation.source, q.citation.paragraph) for q in self.quotes]
        return out

    def entry_ids(self) -> set[str]:
        """Return the ids of all facts, quotes and people."""
        return {f.id for f in self.facts} | {q.id for q in self.quotes} | set(self.people)


@dataclass
class KnowledgeBase:
    """All contests plus the domain's synonyms."""

    root: Path
    contests: dict[str, Contest]
    synonyms: SynonymsFile

    @property
    def fallback_contest(self) -> Contest | None:
        """Return the contest for questions naming none: the default, or the only one; else None."""
        for contest in self.contests.values():
            if contest.default:
                return contest
        return next(iter(self.contests.values())) if len(self.contests) == 1 else None

    @property
    def default_contest(self) -> Contest:
        """Return the fallback contest, or the first one, for help texts and examples."""
        return self.fallback_contest or next(iter(self.contests.values()))

    def counts(self) -> dict[str, int]:
        """Return how many contests, facts, quotes and people are loaded."""
        cs = self.contests.values()
        return {
            "contests": len(self.contests),
            "facts": sum(len(c.facts) for c in cs),
            "quotes": sum(len(c.quotes) for c in cs),
            "people": sum(len(c.people) for c in cs),
        }
