"""The answer engine: route a question to a contest and answer it from facts, quotes or people."""

from __future__ import annotations

import datetime as dt
import logging
import re

from rapidfuzz import fuzz, process

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
    status_fact,
)
from .knowledge import Contest, KnowledgeBase
from .schema import Fact
from .matching.analysis import Analysis
from .matching.index import BIO_WORDS, ContestIndex, QuoteEntry
from .matching.lexicon import Lexicon, PhraseTable, phrase_tokens
from .matching.scoring import DEFAULT_PARAMS, Params, Scored, score_entries
from .text import STOPWORDS, clean_question, fold, words

log = logging.getLogger(__name__)

THRESHOLD = 0.6
QUOTE_MATCH = 82
NO_SUCH_QUOTE = "I can't find those words in my sources."
GREETINGS = frozenset(
    "hi hello hey hiya yo sup heya howdy morning evening thanks thank you ty cheers thx ta "
    "help commands command usage start gm gn good night ok okay cool nice great bot".split()
)
QUOTE_WORDS = frozenset({"quot"})
MAX_QUOTES = 4


_TOPIC = re.compile(r"\b(?:about|on|re|regarding|say|said|says|saying|told|tell|think|thinks|mean)\b\s+(.+)$")


def topic_phrase(cleaned: str) -> str:
    """Return the words after 'about' or the saying verb: what a quote question is about."""
    match = _TOPIC.search(cleaned.lower())
    return " ".join(words(match.group(1))) if match else ""


def rest_of(query: Analysis, person_id: str) -> set[str]:
    """Return the question's words other than the person's name."""
    return query.bag - {"@" + person_id}


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
        self._phrasings = list(
            dict.fromkeys(q for c in kb.contests.values() for f in c.facts for q in f.questions)
        )

    def answer(self, question: str, contest_id: str | None = None) -> Answer:
        """Answer one typed question, or say plainly that the sources do not hold it."""
        cleaned = clean_question(question)
        tokens = words(cleaned)
        fallback = self.kb.contests.get(contest_id or "") or self.kb.fallback_contest
        default = fallback or self.kb.default_contest
        if not tokens:
            return self._help(question, default)
        first = self.indexes[default.id].analyze(question, cleaned=cleaned, correct=True)
        if first.quoted is None and any(t in GREETINGS for t in tokens):
            if all(t in GREETINGS or t in STOPWORDS for t in tokens):
                return self._help(question, default)
        if first.contests:
            contest = self.kb.contests[sorted(first.contests)[0]]
        elif fallback is not None:
            contest = fallback
        else:
            return self._which_contest(question, first)
        index = self.indexes[contest.id]
        query = first if contest is default else index.analyze(question, cleaned=cleaned, correct=True)
        scored = score_entries(index, query, self.params)
        return (
            self._attribute(question, index, query)
            or self._about_person(question, index, query, scored)
            or self._best_fact(question, contest, scored)
            or self._abstain(question, contest, query, scored)
        )

    def _which_contest(self, question: str, query: Analysis) -> Answer:
        """Ask which contest a question is about, offering the ones it fits best."""
        best: list[tuple[float, str]] = []
        for cid, index in self.indexes.items():
            scored = score_entries(index, query, self.params)
            best.append((scored[0].score if scored else 0.0, cid))
        best.sort(key=lambda pair: (-pair[0], pair[1]))
        picks = [cid for _, cid in best[:3]]
        return Answer(
            question=question,
            answered=False,
            text="Which contest do you mean? Name it in your question, or pick one.",
            confidence=0.0,
            suggestions=tuple(self.kb.contests[c].name for c in picks),
            suggestion_ids=tuple(picks),
            kind="which_contest",
        )

    def answer_fact(self, contest_id: str, fact_id: str, question: str | None = None) -> Answer | None:
        """Answer with one known fact (a clicked suggestion); None if it no longer exists."""
        contest = self.kb.contests.get(contest_id)
        fact = next((f for f in contest.facts if f.id == fact_id), None) if contest else None
        if contest is None or fact is None:
            return None
        return self._fact_answer(question or fact.questions[0], contest, fact, 1.0)

    def _fact_answer(self, question: str, contest: Contest, fact: Fact, confidence: float) -> Answer:
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

    def _attribute(self, question: str, index: ContestIndex, query: Analysis) -> Answer | None:
        """Answer 'who said ...' by a fuzzy match of the quoted words on every quote."""
        fragment = query.quoted
        if not fragment or len(fragment) < 8 or not index.quotes:
            return None
        key = fold(fragment).lower()
        bag = index.analyze(fragment, correct=True).bag - QUOTE_WORDS
        total = index.weight_sum(bag)

        def similarity(q: QuoteEntry) -> float:
            ratio = fuzz.partial_ratio(key, q.key) / 100
            needed = (QUOTE_MATCH + (8 if len(key) < 20 else 0)) / 100
            fuzzy = ratio if ratio >= needed else 0.0
            shared = bag & q.bag
            overlap = index.weight_sum(shared) / total if total and len(shared) >= 2 else 0.0
            by_words = overlap * 0.9 + ratio * 0.05 if overlap >= 0.6 else 0.0
            return max(fuzzy, by_words)

        best = max(index.quotes, key=similarity)
        ratio = similarity(best)
        if ratio <= 0:
            if "who" in query.tokens or "quot" in query.bag:
                return self._abstain(question, index.contest, query, [], NO_SUCH_QUOTE)
            return None
        contest = index.contest
        quote = next(q for q in contest.quotes if q.id == best.id)
        return Answer(
            question=question,
            answered=True,
            text=quote_line(quote, contest),
            confidence=round(ratio, 3),
            entry_id=quote.id,
            citations=(quote_span(quote),),
            kind="quote",
            contest_id=contest.id,
            status_line=self.footer(contest),
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
        if query.years - {contest.date.year}:
            if not rest_of(query, pid) - BIO_WORDS - {str(y) for y in query.years}:
                return self._abstain(question, contest, query, scored)  # roles are as of the contest
            return None  # facts carry their years; a quote is only from the contest night
        rest = query.bag - {"@" + pid}
        if not rest - BIO_WORDS - (query.unknown - query.rare) and query.wh in (None, "who"):
            return Answer(
                question=question,
                answered=True,
                text=person_text(person),
                confidence=0.9,
                entry_id=person.id,
                citations=spans(list(person.citations)),
                kind="person",
                contest_id=contest.id,
                status_line=self.footer(contest),
            )
        if not rest & QUOTE_WORDS:
            return None
        quotes = [q for q in index.quotes if q.speaker == pid]
        if not quotes:
            return self._abstain(question, contest, query, [])
        topic = rest - QUOTE_WORDS - index.quote_context - {str(contest.date.year)}
        top = next((s for s in scored if s.veto is None), None)
        if topic and top and top.score >= 0.8 and pid in top.entry.persons:
            return None  # a fact about this person and topic answers it better
        topic_text = topic_phrase(query.text) or " ".join(sorted(topic))

        def relevance(q: QuoteEntry) -> float:
            return index.weight_sum(topic & q.bag) + fuzz.partial_ratio(topic_text, q.key) / 100

        ranked = sorted(quotes, key=lambda q: -relevance(q))
        if topic and (index.weight_sum(topic & ranked[0].bag) > 0 or relevance(ranked[0]) >= 0.9):
            chosen = ranked[:1]
        elif topic - BIO_WORDS:
            return None  # a topic none of their quotes is about
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
            status_line=self.footer(contest),
        )

    def _best_fact(self, question: str, contest: Contest, scored: list[Scored]) -> Answer | None:
        """Answer from the best-scoring fact that no qualifier vetoes."""
        top = next((s for s in scored if s.veto is None), None)
        if top is None or top.score < self.threshold:
            return None
        if scored[0].veto is not None and scored[0].score > top.score:
            return None  # the question is closest to a fact about another year, party or person
        return self._fact_answer(question, contest, top.entry.fact, top.score)

    def _abstain(
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
