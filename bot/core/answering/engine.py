"""The answer engine: route a question to a contest and answer it from facts, quotes or people."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from ..knowledge.model import Contest, KnowledgeBase
from ..knowledge.schema import Fact
from ..text import STOPWORDS, clean_question, words
from .analysis import Analysis
from .answer import HELP_TEXT, UNKNOWN_TEXT, Answer, describe, fact_text, spans, status_fact
from .index import ContestIndex
from .lexicon import Lexicon, PhraseTable, phrase_tokens
from .people import about_person, attribute
from .routing import MAX_CANDIDATES, PeopleDirectory, Route, choose
from .scoring import DEFAULT_PARAMS, Params, Scored, score_entries

log = logging.getLogger(__name__)

THRESHOLD = 0.6
GREETINGS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "hiya",
        "yo",
        "sup",
        "heya",
        "howdy",
        "morning",
        "evening",
        "thanks",
        "thank",
        "you",
        "ty",
        "cheers",
        "thx",
        "ta",
        "help",
        "commands",
        "command",
        "usage",
        "start",
        "gm",
        "gn",
        "good",
        "night",
        "ok",
        "okay",
        "cool",
        "nice",
        "great",
        "bot",
    ]
)


def is_greeting(tokens: list[str]) -> bool:
    """Tell whether a message is only a greeting, thanks or a request for help."""
    has_greeting = any(t in GREETINGS for t in tokens)
    return has_greeting and all(t in GREETINGS or t in STOPWORDS for t in tokens)


def contest_vocabulary(contest: Contest) -> frozenset[str]:
    """Return every word a contest's knowledge uses, for spelling correction.

    The same words as `ContestIndex.vocabulary`, without building the index, so that an engine
    knows every contest's words from the start while it builds indexes only when first needed
    (tests/core/test_engine_parts.py checks that the two agree).
    """
    texts: list[str] = [contest.name, *contest.aliases]
    for fact in contest.facts:
        texts += [*fact.questions, *fact.keywords, fact.answer]
    for person in contest.people.values():
        texts += [person.name, *person.aliases, person.role or ""]
    texts += [q.text for q in contest.quotes]
    for src in contest.sources.values():
        texts += list(src.paragraphs)
    vocab: set[str] = set()
    for text in texts:
        vocab.update(words(clean_question(text)))
    return frozenset(vocab)


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
    """The names, ids and aliases of every contest, each read as one '#id' token."""

    def put(self, contest_id: str, routes: Collection[tuple[str, ...]]) -> None:
        """Map a contest's names to it, replacing the ones it had."""
        self.forget(contest_id)
        for tokens in routes:
            self.add(tokens, "#" + contest_id)

    def forget(self, contest_id: str) -> None:
        """Drop every name of a contest."""
        token = "#" + contest_id
        stale = [key for key, value in self._table.items() if value == token]
        for key in stale:
            del self._table[key]
        if stale:
            self.longest = max(map(len, self._table), default=1)


class ContestIndexes(Mapping[str, ContestIndex]):
    """Each contest's index, built the first time it is needed (on the thread that answers).

    At start-up and after a change only the routing tables are built; a contest's index costs
    a few milliseconds, paid by the first question about it.
    """

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
        index = self._built.get(contest_id)
        if index is None:
            contest = self._contests[contest_id]
            index = ContestIndex(contest, self._lexicon, self._table)
            self._built[contest_id] = index
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


class Engine:
    """Answer questions from a loaded knowledge base.

    The routing table, the lexicon and the people directory are built at once; each contest's
    index on first use. `update` makes the engine for a knowledge base that differs in a few
    contests, sharing the unchanged contests' indexes and updating the shared tables in place.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        params: Params = DEFAULT_PARAMS,
        threshold: float = THRESHOLD,
        tz: dt.tzinfo | None = None,
        *,
        parts: Mapping[str, ContestParts] | None = None,
    ) -> None:
        """Build the engine; `parts` are contests' parts worked out already (e.g. in workers)."""
        self.kb = kb
        self.tz = tz
        self.params = params
        self.threshold = threshold
        self.lexicon = Lexicon(kb.synonyms)
        self.contest_table = ContestTable()
        known = parts or {}
        self.parts = {cid: known.get(cid) or ContestParts.of(c) for cid, c in kb.contests.items()}
        for cid, part in self.parts.items():
            for tokens in part.routes:
                self.contest_table.add(tokens, "#" + cid)
        self.lexicon.learn_names(frozenset().union(*(p.names for p in self.parts.values())))
        self.lexicon.learn(frozenset().union(*(p.words for p in self.parts.values())))
        self.parts = {cid: part.learnt() for cid, part in self.parts.items()}
        self.people = PeopleDirectory(kb.contests.values())
        self.indexes = ContestIndexes(kb.contests, self.lexicon, self.contest_table)
        self._phrasings: list[str] | None = None

    def update(self, kb: KnowledgeBase, changed: Collection[str]) -> Engine:
        """Return the engine for `kb`, which differs from this one's only in the contests `changed`.

        Those contests were replaced, added or removed; the others keep their indexes. The
        routing table and the lexicon are shared and updated in place (a word once learnt stays
        known until the next full build), so this engine must not answer afterwards: call this
        on the thread that answers, then serve the new engine. Cost: a contest's vocabulary, and
        the people directory again only when someone's names changed. A change of synonyms needs
        a new Engine.
        """
        if kb.synonyms != self.kb.synonyms:
            raise ValueError("the synonyms changed: build a new Engine")
        new = object.__new__(Engine)
        new.kb, new.tz, new.params, new.threshold = kb, self.tz, self.params, self.threshold
        new.lexicon, new.contest_table = self.lexicon, self.contest_table
        parts, built = dict(self.parts), self.indexes.built()
        people_changed = False
        for cid in changed:
            built.pop(cid, None)
            old = parts.pop(cid, None)
            contest = kb.contests.get(cid)
            if contest is None:
                if old is not None:
                    self.contest_table.forget(cid)
                    people_changed |= bool(old.people)
                continue
            part = ContestParts.of(contest)
            if old is None or part.routes != old.routes:
                self.contest_table.put(cid, part.routes)
            if old is None or not part.names <= old.names:
                self.lexicon.learn_names(part.names)
            if old is None or part.vocabulary != old.vocabulary:
                self.lexicon.learn(part.words)
            parts[cid] = part.learnt()
            people_changed |= old is None or part.people != old.people
        new.parts = {cid: parts[cid] for cid in kb.contests}
        new.people = PeopleDirectory(kb.contests.values()) if people_changed else self.people
        new.indexes = ContestIndexes(kb.contests, self.lexicon, self.contest_table, built)
        new._phrasings = None
        return new

    def replace_contest(self, contest: Contest) -> Engine:
        """Return an engine with `contest` in place of the one with its id (or added); see update."""
        contests = dict(self.kb.contests)
        contests[contest.id] = contest
        kb = KnowledgeBase(root=self.kb.root, contests=contests, synonyms=self.kb.synonyms)
        return self.update(kb, [contest.id])

    def answer(
        self, question: str, contest_id: str | None = None, *, recent: Sequence[str] = ()
    ) -> Answer:
        """Answer one typed question, or say plainly that the sources do not hold it.

        A question that names no contest goes to `contest_id` (the one named earlier in the
        channel), else the default; `recent` lists contests to offer when it must ask which.
        """
        cleaned = clean_question(question)
        tokens = words(cleaned)
        given = contest_id if contest_id in self.kb.contests else None
        fallback = self.kb.fallback_contest
        default = self.kb.contests[given] if given else fallback or self.kb.default_contest
        if not tokens:
            return self._help(question, default)
        first = self.indexes[default.id].analyze(question, cleaned=cleaned, correct=True)
        if first.quoted is None and is_greeting(tokens):
            return self._help(question, default)
        implied: set[str] = set()
        if len(self.indexes) > 1:  # with one contest, a person can only point at that one
            implied = self.people.contests_of([self.lexicon.correct(t) for t in tokens])
        route = choose(first.contests, implied, given, fallback.id if fallback else None)
        if route.contest_id is None:
            return self._which_contest(question, first, route, recent)
        contest = self.kb.contests[route.contest_id]
        index = self.indexes[contest.id]
        query = (
            first if contest is default else index.analyze(question, cleaned=cleaned, correct=True)
        )
        scored = score_entries(index, query, self.params)
        answer = (
            attribute(self, question, index, query)
            or about_person(self, question, index, query, scored)
            or self._best_fact(question, contest, scored)
            or self.abstain(question, contest, query, scored)
        )
        return replace(answer, route=route.how)

    def _which_contest(
        self, question: str, query: Analysis, route: Route, recent: Sequence[str]
    ) -> Answer:
        """Ask which contest a question is about, offering the likeliest ones.

        Those it names or whose people it names come first, then the contests named recently;
        a small base is scored whole, but a general election's 650 contests are not guessed at.
        """
        picks = list(route.candidates)
        if not picks:
            picks = [c for c in dict.fromkeys(recent) if c in self.kb.contests][:MAX_CANDIDATES]
        if not picks and len(self.indexes) <= MAX_CANDIDATES * 5:
            best: list[tuple[float, str]] = []
            for cid, index in self.indexes.items():
                scored = score_entries(index, query, self.params)
                best.append((scored[0].score if scored else 0.0, cid))
            best.sort(key=lambda pair: (-pair[0], pair[1]))
            picks = [cid for _, cid in best[:3]]
        if picks:
            text = "Which contest do you mean? Name it in your question, or pick one."
        else:
            example = (self.kb.default_contest.aliases or [self.kb.default_contest.name])[0]
            text = (
                f"Which contest do you mean? Name it in your question, e.g. “turnout in {example}”."
            )
        return Answer(
            question=question,
            answered=False,
            text=text,
            confidence=0.0,
            suggestions=tuple(self.kb.contests[c].name for c in picks),
            suggestion_ids=tuple(picks),
            kind="which_contest",
            route=route.how,
        )

    def answer_fact(
        self, contest_id: str, fact_id: str, question: str | None = None
    ) -> Answer | None:
        """Answer with one known fact (a clicked suggestion); None if it no longer exists."""
        contest = self.kb.contests.get(contest_id)
        fact = next((f for f in contest.facts if f.id == fact_id), None) if contest else None
        if contest is None or fact is None:
            return None
        return self._fact_answer(question or fact.questions[0], contest, fact, 1.0)

    def _fact_answer(
        self, question: str, contest: Contest, fact: Fact, confidence: float
    ) -> Answer:
        """Build the answer for one fact; status facts follow the live counting status."""
        if fact.kind == "status":
            text, citations, kind = status_fact(fact, contest.status, contest.name)
        else:
            text, citations, kind = fact_text(fact), spans(list(fact.citations)), "fact"
        return Answer(
            question=question,
            answered=True,
            text=text,
            confidence=round(min(confidence, 1.0), 3),
            entry_id=fact.id,
            citations=citations,
            kind=kind,  # type: ignore[arg-type]
            contest_id=contest.id,
            status_line=self.footer(contest),
        )

    def footer(self, contest: Contest) -> str:
        """Return the status line shown under answers about a contest."""
        return contest.status.footer(self.tz)

    def complete(self, text: str, limit: int = 25) -> list[str]:
        """Return phrasings that complete what the asker is typing (for autocomplete)."""
        if not text.strip():
            return list(self.popular(self.kb.default_contest, limit))
        if self._phrasings is None:
            contests = self.kb.contests.values()
            self._phrasings = list(
                dict.fromkeys(q for c in contests for f in c.facts for q in f.questions)
            )
        hits = process.extract(text, self._phrasings, scorer=fuzz.WRatio, limit=limit)
        return [h[0] for h in hits]

    def _help(self, question: str, contest: Contest) -> Answer:
        """Answer a greeting or a request for help."""
        return Answer(
            question=question,
            answered=False,
            text=HELP_TEXT,
            confidence=0.0,
            suggestions=self.popular(contest),
            suggestion_ids=tuple(f.id for f in contest.facts[:3]),
            kind="help",
            contest_id=contest.id,
            status_line=self.footer(contest),
        )

    def popular(self, contest: Contest, limit: int = 3) -> tuple[str, ...]:
        """Return the first phrasings of the contest's first facts."""
        return tuple(f.questions[0] for f in contest.facts[:limit])

    def _best_fact(self, question: str, contest: Contest, scored: list[Scored]) -> Answer | None:
        """Answer from the best-scoring fact that no qualifier vetoes."""
        top = next((s for s in scored if s.veto is None), None)
        if top is None or top.score < self.threshold:
            return None
        if scored[0].near_miss and scored[0].score > top.score:
            return None  # the question is closest to a fact about another year, party or person
        return self._fact_answer(question, contest, top.entry.fact, top.score)

    def abstain(
        self,
        question: str,
        contest: Contest,
        query: Analysis,
        scored: list[Scored],
        text: str = UNKNOWN_TEXT,
    ) -> Answer:
        """Say plainly that the sources do not hold the answer, and offer the closest questions."""
        floor = self.threshold * 0.6
        vetoed = next((s for s in scored[:2] if s.veto and s.score >= floor), None)
        if text != UNKNOWN_TEXT:
            pass
        elif vetoed is not None and vetoed.veto:
            text = vetoed.veto
        elif len(query.persons) == 1:
            person = contest.people[next(iter(query.persons))]
            if not any(q.speaker == person.id for q in contest.quotes) and "quot" in query.bag:
                text = f"My sources have no quote from {describe(person)}."
        facts = [s.entry.fact for s in scored if s.score >= 0.15][:3] or contest.facts[:3]
        suggestions = [f.questions[0] for f in facts]
        return Answer(
            question=question,
            answered=False,
            text=text,
            confidence=round(min(max(scored[0].score, 0.0), 1.0), 3) if scored else 0.0,
            suggestions=tuple(suggestions),
            suggestion_ids=tuple(f.id for f in facts),
            kind="abstain",
            contest_id=contest.id,
            status_line=self.footer(contest),
        )
