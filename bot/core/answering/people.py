"""Answers about people: who said some words, who someone is, and what they said."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..text import fold, words
from .analysis import Analysis
from .answer import Answer, person_text, quote_line, quote_span, spans
from .index import BIO_WORDS, ContestIndex, QuoteEntry
from .scoring import YES_NO, Scored

if TYPE_CHECKING:
    from .engine import Engine

QUOTE_MATCH = 82
QUOTE_WORDS = frozenset({"quot"})
MAX_QUOTES = 4
NO_SUCH_QUOTE = "I can't find those words in my sources."


_TOPIC = re.compile(
    r"\b(?:about|on|re|regarding|say|said|says|saying|told|tell|think|thinks|mean)\b\s+(.+)$"
)


def topic_phrase(cleaned: str) -> str:
    """Return the words after 'about' or the saying verb: what a quote question is about."""
    match = _TOPIC.search(cleaned.lower())
    return " ".join(words(match.group(1))) if match else ""


ECHO_MIN_WORDS = 6
ECHO_MATCH = 90


def echoed_quote(index: ContestIndex, query: Analysis) -> str | None:
    """Return the question itself when it repeats a quote nearly word for word ('what is Keir going to...')."""
    text = fold(query.text).lower()
    if len(text.split()) < ECHO_MIN_WORDS:
        return None
    if any(fuzz.partial_ratio(text, q.key) >= ECHO_MATCH for q in index.quotes):
        return text
    return None


def speaker_of(index: ContestIndex, query: Analysis) -> str | None:
    """Return the person a question is about: the only one named, or the only quoted one of two."""
    if len(query.persons) == 1:
        return next(iter(query.persons))
    if len(query.persons) == 2 and "quot" in query.bag:
        speakers = [p for p in sorted(query.persons) if any(q.speaker == p for q in index.quotes)]
        if len(speakers) == 1:
            return speakers[0]
    return None


def is_bio_question(query: Analysis, rest: set[str]) -> bool:
    """Tell whether a question asks who someone is or what their job is (not an opinion of them)."""
    if query.wh == "who":
        return not rest - BIO_WORDS - (query.unknown - query.rare)
    opens_yes_no = bool(query.tokens) and query.tokens[0] in YES_NO
    return query.wh is None and not opens_yes_no and not rest - BIO_WORDS


def rest_of(query: Analysis, person_id: str) -> set[str]:
    """Return the question's words other than the person's name."""
    return query.bag - {"@" + person_id}


def attribute(engine: Engine, question: str, index: ContestIndex, query: Analysis) -> Answer | None:
    """Answer 'who said ...' by a fuzzy match of the quoted words on every quote."""
    fragment = query.quoted or echoed_quote(index, query)
    if not fragment or len(fragment) < 8 or not index.quotes:
        return None
    named = index.analyze(fragment)
    if named.persons and not named.bag - {"@" + p for p in named.persons}:
        return None  # 'who are these "Labour sources"' names a person; it quotes nobody
    key = fold(fragment).lower()
    bag = index.analyze(fragment, correct=True).bag - QUOTE_WORDS
    total = index.weight_sum(bag)

    def similarity(q: QuoteEntry) -> float:
        ratio = fuzz.partial_ratio(key, q.key) / 100
        needed = (QUOTE_MATCH + (8 if len(key) < 20 else 0)) / 100
        fuzzy = ratio if ratio >= needed else 0.0
        overlap = index.weight_sum(bag & q.bag) / total if total else 0.0
        blended = 0.6 * overlap + 0.4 * ratio
        return max(fuzzy, blended if blended >= 0.6 and overlap >= 0.5 else 0.0)

    best = max(index.quotes, key=similarity)
    ratio = similarity(best)
    if ratio <= 0:
        if "who" in query.tokens or "quot" in query.bag:
            return engine.abstain(question, index.contest, query, [], NO_SUCH_QUOTE)
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
        status_line=engine.footer(contest),
    )


def about_person(
    engine: Engine, question: str, index: ContestIndex, query: Analysis, scored: list[Scored]
) -> Answer | None:
    """Answer 'who is X' and 'what did X say' for a person the sources name."""
    contest = index.contest
    pid = speaker_of(index, query)
    if pid is None:
        return None
    person = contest.people[pid]
    if query.years - {contest.date.year}:
        if not rest_of(query, pid) - BIO_WORDS - {str(y) for y in query.years}:
            return engine.abstain(question, contest, query, scored)  # roles are as of the contest
        return None  # facts carry their years; a quote is only from the contest night
    rest = query.bag - {"@" + pid}
    if is_bio_question(query, rest):
        return Answer(
            question=question,
            answered=True,
            text=person_text(person),
            confidence=0.9,
            entry_id=person.id,
            citations=spans(list(person.citations)),
            kind="person",
            contest_id=contest.id,
            status_line=engine.footer(contest),
        )
    if not rest & QUOTE_WORDS:
        return None
    quotes = [q for q in index.quotes if q.speaker == pid]
    if not quotes:
        return engine.abstain(question, contest, query, [])
    topic = rest - QUOTE_WORDS - index.quote_context - {str(contest.date.year)}
    top = next((s for s in scored if s.veto is None), None)
    if topic and top and top.score >= 0.8 and pid in top.entry.persons:
        return None  # a fact about this person and topic answers it better
    topic_text = topic_phrase(query.text) or " ".join(sorted(topic))
    for other in query.persons - {pid}:
        topic_text += " " + contest.people[other].name.lower()

    def relevance(q: QuoteEntry) -> float:
        return index.weight_sum(topic & q.bag) + fuzz.partial_ratio(topic_text, q.about) / 100

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
        lines.append(
            f"({more} more quote{'s' if more > 1 else ''} from {person.name} in the sources.)"
        )
    return Answer(
        question=question,
        answered=True,
        text="\n".join(lines),
        confidence=0.85,
        entry_id=picked[0].id if len(picked) == 1 else person.id,
        citations=tuple(quote_span(q) for q in picked),
        kind="quotes",
        contest_id=contest.id,
        status_line=engine.footer(contest),
    )
