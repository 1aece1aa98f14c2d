"""The answer engine: route a question to a contest and answer it from facts, quotes or people."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import replace

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


class Engine:
    """Answer questions from a loaded knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        params: Params = DEFAULT_PARAMS,
        threshold: float = THRESHOLD,
        tz: dt.tzinfo | None = None,
    ) -> None:
        self.kb = kb
        self.tz = tz
        self.params = params
        self.threshold = threshold
        self.lexicon = Lexicon(kb.synonyms)
        self.contest_table = PhraseTable()
        for contest in kb.contests.values():
            for alias in (contest.name, contest.id, *contest.aliases):
                self.contest_table.add(phrase_tokens(alias), "#" + contest.id)
                self.lexicon.learn_names(phrase_tokens(alias))
        self.indexes = {
            cid: ContestIndex(c, self.lexicon, self.contest_table) for cid, c in kb.contests.items()
        }
        for index in self.indexes.values():
            self.lexicon.learn(index.vocabulary())
        self.people = PeopleDirectory(kb.contests.values())
        self._phrasings = list(
            dict.fromkeys(q for c in kb.contests.values() for f in c.facts for q in f.questions)
        )

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
