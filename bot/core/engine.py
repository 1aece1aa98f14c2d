"""The answer engine: route a question to a contest and answer it from facts, quotes or people."""

from __future__ import annotations

import logging

from rapidfuzz import fuzz

from .answers import (
    HELP_TEXT,
    UNKNOWN_TEXT,
    Answer,
    describe,
    fact_text,
    person_text,
    quote_line,
    quote_span,
    spans,
)
from .knowledge import Contest, KnowledgeBase
from .matching.analysis import Analysis
from .matching.index import BIO_WORDS, ContestIndex
from .matching.lexicon import Lexicon, PhraseTable, phrase_tokens
from .matching.scoring import Scored, score_entries
from .text import clean_question, fold, words

log = logging.getLogger(__name__)

THRESHOLD = 0.5
QUOTE_MATCH = 82
GREETINGS = frozenset(
    "hi hello hey hiya yo sup heya howdy morning evening thanks thank you ty cheers thx ta "
    "help commands command usage start gm gn good night ok okay cool nice great bot".split()
)
QUOTE_WORDS = frozenset({"quot"})
MAX_QUOTES = 4


class Engine:
    """Answer questions from a loaded knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.lexicon = Lexicon(kb.synonyms)
        self.contest_table = PhraseTable()
        for contest in kb.contests.values():
            for alias in (contest.name, contest.id, *contest.aliases):
                self.contest_table.add(phrase_tokens(alias), "#" + contest.id)
        self.indexes = {
            cid: ContestIndex(c, self.lexicon, self.contest_table) for cid, c in kb.contests.items()
        }
        for index in self.indexes.values():
            self.lexicon.learn(index.vocabulary())

    def answer(self, question: str, contest_id: str | None = None) -> Answer:
        """Answer one typed question, or say plainly that the sources do not hold it."""
        cleaned = clean_question(question)
        tokens = words(cleaned)
        default = self.kb.contests.get(contest_id or "") or self.kb.default_contest
        if not tokens or all(t in GREETINGS for t in tokens):
            return self._help(question, default)
        first = self.indexes[default.id].analyze(question, cleaned=cleaned, correct=True)
        contest = self.kb.contests[sorted(first.contests)[0]] if first.contests else default
        index = self.indexes[contest.id]
        query = first if contest is default else index.analyze(question, cleaned=cleaned, correct=True)
        scored = score_entries(index, query)
        return (
            self._attribute(question, index, query)
            or self._about_person(question, index, query, scored)
            or self._best_fact(question, contest, scored)
            or self._abstain(question, contest, query, scored)
        )

    def _help(self, question: str, contest: Contest) -> Answer:
        """Answer a greeting or a request for help."""
        return Answer(
            question=question,
            answered=False,
            text=HELP_TEXT,
            confidence=0.0,
            suggestions=self.popular(contest),
            kind="help",
            contest_id=contest.id,
            status_line=contest.status.footer(),
        )

    def popular(self, contest: Contest, n: int = 3) -> tuple[str, ...]:
        """Return the first phrasings of the contest's first facts."""
        return tuple(f.questions[0] for f in contest.facts[:n])

    def _attribute(self, question: str, index: ContestIndex, query: Analysis) -> Answer | None:
        """Answer 'who said ...' by a fuzzy match of the quoted words on every quote."""
        fragment = query.quoted
        if not fragment or len(fragment) < 8 or not index.quotes:
            return None
        key = fold(fragment).lower()
        best = max(index.quotes, key=lambda q: fuzz.partial_ratio(key, q.key))
        ratio = fuzz.partial_ratio(key, best.key)
        needed = QUOTE_MATCH + (8 if len(key) < 20 else 0)
        if ratio < needed:
            return None
        contest = index.contest
        quote = next(q for q in contest.quotes if q.id == best.id)
        return Answer(
            question=question,
            answered=True,
            text=quote_line(quote, contest),
            confidence=round(ratio / 100, 3),
            entry_id=quote.id,
            citations=(quote_span(quote),),
            kind="quote",
            contest_id=contest.id,
            status_line=contest.status.footer(),
        )

    def _about_person(
        self, question: str, index: ContestIndex, query: Analysis, scored: list[Scored]
    ) -> Answer | None:
        """Answer 'who is X' and 'what did X say' for a person the sources name."""
        if len(query.persons) != 1:
            return None
        contest = index.contest
        pid = next(iter(query.persons))
        person = contest.people[pid]
        rest = query.bag - {"@" + pid}
        if not rest - BIO_WORDS and query.wh in (None, "who"):
            return Answer(
                question=question,
                answered=True,
                text=person_text(person),
                confidence=0.9,
                entry_id=person.id,
                citations=spans(list(person.citations)),
                kind="person",
                contest_id=contest.id,
                status_line=contest.status.footer(),
            )
        if not rest & QUOTE_WORDS:
            return None
        quotes = [q for q in index.quotes if q.speaker == pid]
        if not quotes:
            return self._abstain(question, contest, query, [])
        topic = rest - QUOTE_WORDS
        top = next((s for s in scored if s.veto is None), None)
        if topic and top and top.score >= 0.75 and pid in top.entry.persons:
            return None  # a fact about this person and topic answers it better
        ranked = sorted(quotes, key=lambda q: -index.weight_sum(topic & q.bag))
        if topic and index.weight_sum(topic & ranked[0].bag) > 0:
            chosen = [q for q in ranked if topic & q.bag][:2]
        else:
            chosen = quotes[:MAX_QUOTES]
        by_id = {q.id: q for q in contest.quotes}
        picked = [by_id[q.id] for q in chosen]
        lines = [quote_line(q, contest) for q in picked]
        more = len(quotes) - len(picked)
        if more > 0:
            lines.append(f"({more} more quote{'s' if more > 1 else ''} from {person.name} in the sources.)")
        return Answer(
            question=question,
            answered=True,
            text="\n".join(lines),
            confidence=0.85,
            entry_id=picked[0].id if len(picked) == 1 else person.id,
            citations=tuple(quote_span(q) for q in picked),
            kind="quotes",
            contest_id=contest.id,
            status_line=contest.status.footer(),
        )

    def _best_fact(self, question: str, contest: Contest, scored: list[Scored]) -> Answer | None:
        """Answer from the best-scoring fact that no qualifier vetoes."""
        top = next((s for s in scored if s.veto is None), None)
        if top is None or top.score < THRESHOLD:
            return None
        if scored[0].veto is not None and scored[0].score > top.score:
            return None  # the question is closest to a fact about another year, party or person
        fact = top.entry.fact
        return Answer(
            question=question,
            answered=True,
            text=fact_text(fact),
            confidence=round(top.score, 3),
            entry_id=fact.id,
            citations=spans(list(fact.citations)),
            kind="status" if fact.kind == "status" else "fact",
            contest_id=contest.id,
            status_line=contest.status.footer(),
        )

    def _abstain(
        self, question: str, contest: Contest, query: Analysis, scored: list[Scored]
    ) -> Answer:
        """Say plainly that the sources do not hold the answer, and offer the closest questions."""
        text = UNKNOWN_TEXT
        vetoed = next((s for s in scored if s.veto and s.score >= THRESHOLD), None)
        if vetoed is not None:
            text = f"I don't have that {vetoed.veto} in my sources."
        elif len(query.persons) == 1:
            person = contest.people[next(iter(query.persons))]
            if not any(q.speaker == person.id for q in contest.quotes) and "quot" in query.bag:
                text = f"My sources have no quote from {describe(person)}."
        suggestions: list[str] = []
        for s in scored:
            if s.score < 0.15 or len(suggestions) == 3:
                break
            suggestions.append(s.entry.fact.questions[0])
        if not suggestions:
            suggestions = list(self.popular(contest))
        return Answer(
            question=question,
            answered=False,
            text=text,
            confidence=round(scored[0].score, 3) if scored else 0.0,
            suggestions=tuple(suggestions),
            kind="abstain",
            contest_id=contest.id,
            status_line=contest.status.footer(),
        )
