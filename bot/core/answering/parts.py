"""What each contest adds to an engine, and the tables the contests share.

An engine is assembled from per-contest parts (its routes, people and vocabulary), so that a
change to a few contests updates the shared routing table and lexicon in place and rebuilds only
those contests' indexes; each contest's index is built the first time a question needs it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from ..knowledge.model import Contest
from ..text import STOPWORDS, clean_question, vocabulary, words
from .index import ContestIndex
from .lexicon import Lexicon, PhraseTable, phrase_tokens

COMPASS = frozenset("north south east west mid central".split())  # not names of one contest


def contest_texts(contest: Contest) -> list[str]:
    """Return every text a contest's knowledge holds: names, facts, people, quotes, sources."""
    texts: list[str] = [contest.name, *contest.aliases]
    for fact in contest.facts:
        texts += [*fact.questions, *fact.keywords, fact.answer]
    for person in contest.people.values():
        texts += [person.name, *person.aliases, person.role or ""]
    texts += [q.text for q in contest.quotes]
    for src in contest.sources.values():
        texts += src.paragraphs
    return texts


def contest_vocabulary(contest: Contest) -> frozenset[str]:
    """Return every word a contest's knowledge uses, for spelling correction.

    The same words as `ContestIndex.vocabulary`, without building the index, so that an engine
    knows every contest's words from the start while it builds indexes only when first needed.
    """
    return frozenset(vocabulary(contest_texts(contest)))


@dataclass(frozen=True, slots=True)
class ContestParts:
    """What one contest adds to an engine's shared tables: routing, people and vocabulary."""

    routes: tuple[tuple[str, ...], ...]  # its name, id and aliases, as tokens
    people: tuple[tuple[str, ...], ...]  # each person's id, name and aliases
    names: frozenset[str]  # the words of those names (corrected to when misspelt)
    words: frozenset[str]  # every word its knowledge uses (dropped once the lexicon has them)
    vocabulary: int  # a hash of `words`, kept to tell whether they changed

    @classmethod
    def of(cls, contest: Contest) -> ContestParts:
        """Work out a contest's parts (pure: safe in any thread)."""
        routes = tuple(
            dict.fromkeys(
                t for a in (contest.name, contest.id, *contest.aliases) if (t := phrase_tokens(a))
            )
        )
        people = tuple((p.id, p.name, *p.aliases) for p in contest.people.values())
        names = {t for r in routes for t in r}
        for person in people:
            for alias in person[1:]:
                names.update(phrase_tokens(alias))
        words = contest_vocabulary(contest)
        return cls(routes, people, frozenset(names), words, hash(words))

    def learnt(self) -> ContestParts:
        """Return these parts without the words (the lexicon holds them: 8 MB at 650 contests)."""
        return dataclasses.replace(self, words=frozenset())


class ContestTable(PhraseTable):
    """The names, ids and aliases of every contest, each read as one '#id' token; and the
    distinctive words of their names ("who won runcorn?"), each read as its contest's token."""

    def __init__(self) -> None:
        super().__init__()
        self._name_words: dict[str, str] = {}  # a word of one contest's name -> its token
        self._rare: dict[str, bool] = {}  # whether each name word is rare in English
        self._lexicon: Lexicon | None = None
        self._named: set[str] = set()  # the contests given names here (none to forget at first)

    def put(self, contest_id: str, routes: Collection[tuple[str, ...]]) -> None:
        """Map a contest's names to it, replacing the ones it had."""
        self.forget(contest_id)
        for tokens in routes:
            self.add(tokens, "#" + contest_id)
        self._named.add(contest_id)

    def forget(self, contest_id: str) -> None:
        """Drop every name of a contest."""
        if contest_id not in self._named:
            return
        self._named.discard(contest_id)
        token = "#" + contest_id
        stale = [key for key, value in self._table.items() if value == token]
        for key in stale:
            del self._table[key]
        if stale:
            self.longest = max(map(len, self._table), default=1)

    def route_name_words(self, contests: Iterable[Contest], lexicon: Lexicon) -> None:
        """Route each distinctive word of a contest's name to that contest.

        A word only one contest's name holds, four letters or more, that is no synonym, stop word
        or compass point; and, checked when first met in a question (the English word list is
        loaded only then), rare in English: "Runcorn", not "election". Recomputed over every
        contest after a change (a few milliseconds at 650 contests).
        """
        owners: dict[str, set[str]] = {}
        for contest in contests:
            for word in set(words(clean_question(contest.name))):
                known = (word,) in lexicon.synonyms or word in STOPWORDS or word in COMPASS
                if len(word) >= 4 and not known and not word.isdigit():
                    owners.setdefault(word, set()).add(contest.id)
        self._name_words = {w: "#" + next(iter(o)) for w, o in owners.items() if len(o) == 1}
        self._lexicon = lexicon

    def _name_word(self, word: str) -> str | None:
        """Return the contest token a word of a contest's name stands for, if it is one."""
        token = self._name_words.get(word)
        if token is None or self._lexicon is None:
            return None
        rare = self._rare.get(word)
        if rare is None:
            rare = self._rare[word] = self._lexicon.is_rare(word)
        return token if rare else None

    def replace_typed(
        self, tokens: list[str]
    ) -> tuple[list[str], list[str], list[tuple[str, tuple[str, ...]]]]:
        """Replace names as PhraseTable does, then the words of names left."""
        out, found, typed = super().replace_typed(tokens)
        if self._name_words:
            for i, word in enumerate(out):
                if (token := self._name_word(word)) is not None:
                    out[i] = token
                    found.append(token)
                    typed.append((token, (word,)))
        return out, found, typed

    def spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Return the spans of names, as PhraseTable does, and of the words of names."""
        found = super().spans(tokens)
        inside = {i for start, end in found for i in range(start, end)}
        found += [
            (i, i + 1)
            for i, word in enumerate(tokens)
            if i not in inside and self._name_word(word) is not None
        ]
        return found


class ContestIndexes(Mapping[str, ContestIndex]):
    """Each contest's index, built the first time it is needed (on the thread that answers).

    At start-up and after a change only the routing tables are built; a contest's index costs
    a few milliseconds (5 ms at the generated base's size), paid by the first question about it.
    Only the KEPT most recently asked about are kept: on a general-election night the questions
    follow the declarations, and 650 indexes would hold 80 MB.
    """

    KEPT = 200

    def __init__(
        self,
        contests: Mapping[str, Contest],
        lexicon: Lexicon,
        table: PhraseTable,
        built: dict[str, ContestIndex] | None = None,
    ) -> None:
        self._contests = contests
        self._lexicon = lexicon
        self._table = table
        self._built: dict[str, ContestIndex] = built if built is not None else {}

    def __getitem__(self, contest_id: str) -> ContestIndex:
        built = self._built
        index = built.pop(contest_id, None)  # re-inserted last: the most recently asked about
        if index is None:
            contest = self._contests[contest_id]
            index = ContestIndex(contest, self._lexicon, self._table)
            if len(built) >= self.KEPT:
                del built[next(iter(built))]  # the longest not asked about
        built[contest_id] = index
        return index

    def __iter__(self) -> Iterator[str]:
        return iter(self._contests)

    def __len__(self) -> int:
        return len(self._contests)

    def __contains__(self, contest_id: object) -> bool:
        return contest_id in self._contests

    def built(self) -> dict[str, ContestIndex]:
        """Return the indexes built so far (a copy), without building any."""
        return dict(self._built)
