"""The candidates of a declared result, found in a question by name, surname, party or initials."""

from __future__ import annotations

import re

from ..knowledge.status import Candidate as Runner
from ..knowledge.status import Result, Status
from ..text import stem
from .analysis import Analysis
from .index import ContestIndex
from .lexicon import PhraseTable, phrase_tokens


class Runners:
    """The candidates of a declared result, found by name, surname or party in a question."""

    def __init__(self, index: ContestIndex, result: Result) -> None:
        self.result = result
        self.names = PhraseTable(stemmed=True)
        self.by_party: dict[str, list[Runner]] = {}
        surnames: dict[str, list[Runner]] = {}
        words: dict[str, set[str]] = {}  # each word of a party's name -> the parties using it
        for runner in result.candidates:
            tokens = phrase_tokens(runner.name)
            self.names.add(tokens, runner.name)
            if tokens:
                surnames.setdefault(tokens[-1], []).append(runner)
            party = index.party_token(runner.party) or "_".join(phrase_tokens(runner.party))
            self.by_party.setdefault(party, []).append(runner)
            self.names.add(phrase_tokens(runner.party), "%" + party)
            initials = "".join(w[0] for w in phrase_tokens(runner.party))
            if len(initials) >= 3:  # "NIP" for the Northern Independence Party
                self.names.add((initials,), "%" + party)
            for word in phrase_tokens(runner.party):
                words.setdefault(word, set()).add(party)
        for surname, owners in surnames.items():
            if len(owners) == 1:
                self.names.add((surname,), owners[0].name)
        for runner, short in _abbreviations(index, result):  # "the C candidate" (PA tables)
            party = index.party_token(runner.party) or "_".join(phrase_tokens(runner.party))
            self.names.add(phrase_tokens(short), "%" + party)
        for word, parties in words.items():  # "the loony candidate", "the heritage lot"
            if len(parties) == 1 and len(word) >= 4 and word not in ("party", "the"):
                self.names.add((word,), "%" + next(iter(parties)))
        self.by_name = {r.name: r for r in result.candidates}
        self.words = {stem(t) for key in self.names for t in key}  # every word it reads

    def named(self, index: ContestIndex, query: Analysis) -> list[Runner]:
        """Return the candidates a question names, by name or by party, in order."""
        found: list[Runner] = []
        people = index.contest.people
        for pid in sorted(query.persons):
            name = people[pid].name.casefold() if pid in people else ""
            found += [r for r in self.result.candidates if r.name.casefold() == name]
        _, hits = self.names.replace(query.raw)
        for hit in hits:
            if hit.startswith("%"):
                found += self.by_party.get(hit[1:], [])
            elif hit in self.by_name:
                found.append(self.by_name[hit])
        for party in query.parties:
            found += self.by_party.get(party, [])
        named = list(dict.fromkeys(found))
        return sorted(named, key=lambda r: self._position(index, r, query))

    def one_each(self, index: ContestIndex, query: Analysis, named: list[Runner]) -> list[Runner]:
        """Return one candidate for each place the question names someone (the most voted)."""
        best: dict[int, Runner] = {}
        for runner in named:
            at = self._position(index, runner, query)
            if at not in best or runner.votes > best[at].votes:
                best[at] = runner
        return [best[at] for at in sorted(best)]

    def _position(self, index: ContestIndex, runner: Runner, query: Analysis) -> int:
        """Return where a question first names a candidate, by name or party ("did X beat Y?")."""
        party = index.party_token(runner.party)
        words = {stem(w) for w in phrase_tokens(f"{runner.name} {runner.party}")}
        for i, token in enumerate(query.tokens):
            if token == party or stem(token) in words or token[1:] in _ids_of(index, runner):
                return i
        return len(query.tokens)


def _ids_of(index: ContestIndex, runner: Runner) -> set[str]:
    """Return the ids of the people of the contest with a candidate's name."""
    name = runner.name.casefold()
    return {p.id for p in index.contest.people.values() if p.name.casefold() == name}


def _abbreviations(index: ContestIndex, result: Result) -> list[tuple[Runner, str]]:
    """Return the party abbreviations the sources print after candidates: 'Jo Bloggs (C)'."""
    out: list[tuple[Runner, str]] = []
    people = {p.name.casefold(): p for p in index.contest.people.values()}
    for runner in result.candidates:
        person = people.get(runner.name.casefold())
        for citation in person.citations if person else ():
            match = re.search(re.escape(runner.name) + r"\s*\(([^()]{1,12})\)", citation.quote)
            if match and not any(ch.isdigit() for ch in match[1]):
                out.append((runner, match[1]))
    return out


def runners_of(index: ContestIndex, status: Status) -> Runners | None:
    """Return the declared result's candidates, built once per status."""
    if status.result is None:
        return None
    cached = index.cache.get("runners")
    if cached is not None and cached[0] is status:
        return cached[1]
    runners = Runners(index, status.result)
    index.cache["runners"] = (status, runners)
    return runners
