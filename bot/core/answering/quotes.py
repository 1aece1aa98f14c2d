"""The quotes source: who said some words, did X say them, and what someone said (on a topic)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from ..knowledge.schema import Person, Quote
from ..text import STOPWORDS, fold, words
from .analysis import AUXILIARIES, Analysis, predicts
from .candidate import Candidate
from .concepts import INTERVIEW, QUOTE
from .index import BIO_WORDS, ContestIndex, QuoteEntry

QUOTE_MATCH = 82
QUOTE_WORDS = frozenset({QUOTE})
MAX_QUOTES = 4
ECHO_MIN_WORDS = 6
ECHO_MATCH = 90
ECHO_RUN = 4  # words of a quote repeated in a row that name it: "rest on our laurels"
NO_SUCH_QUOTE = "I can't find those words in my sources."
# Words that say when something was said, not what about ("after the result").
WHEN_WORDS = frozenset({"result", "count", "time", "tonight", "night", "morn"})
# Words of "who's quoted?" besides the quoting: everyone, people, in the article, gets quoted
EVERYONE_WORDS = frozenset(
    {"full", "list", "peopl", "person", "everyon", "anyon", "all", "article", "get", "anyth", "ani"}
    | {"everybodi", "anybodi"}
)
_TOPIC = re.compile(
    r"\b(?:about|on|re|regarding|say|said|says|saying|told|tell|think|thinks|mean)\b\s+(.+)$"
)


@dataclass(frozen=True)
class Quotes:
    """Evidence: quotations, and what the question said about who spoke them."""

    quotes: tuple[Quote, ...]
    person: Person | None = None  # the person the question asks about, if any
    more: int = 0  # further quotes from that person not shown
    asked_of: Person | None = None  # "did X say ...": X, when the words are someone else's


def topic_phrase(cleaned: str) -> str:
    """Return the words after 'about' or the saying verb: what a quote question is about."""
    match = _TOPIC.search(cleaned.lower())
    return " ".join(words(match.group(1))) if match else ""


def echoed_quote(index: ContestIndex, query: Analysis) -> str | None:
    """Return the question itself when it repeats a quote nearly word for word, else the words
    it repeats of one ("rest on our laurels, that was Bloggs right?" -> "rest on our laurels")."""
    text = fold(query.text).lower()
    if len(text.split()) >= ECHO_MIN_WORDS and any(
        fuzz.partial_ratio(text, q.key) >= ECHO_MATCH for q in index.quotes
    ):
        return text
    said = words(text)
    grams = {tuple(said[i : i + ECHO_RUN]) for i in range(len(said) - ECHO_RUN + 1)}
    near = [q for q in index.quotes if grams & _grams(q.key)]  # most questions: none at all
    run = max((_shared_run(said, words(q.key)) for q in near), key=len, default="")
    if not run:
        return None
    named = index.analyze(run)  # "the Labour Party in Blackpool South" is a name, not words said
    return None if named.persons or named.parties or named.contests else run


@lru_cache(maxsize=4096)
def _grams(key: str) -> frozenset[tuple[str, ...]]:
    """Return the runs of ECHO_RUN words a quotation holds."""
    said = words(key)
    return frozenset(tuple(said[i : i + ECHO_RUN]) for i in range(len(said) - ECHO_RUN + 1))


def _shared_run(said: list[str], quote: list[str]) -> str:
    """Return the longest run of words a question shares with a quote, if it is telling: three
    words or more, two of them not stopwords ("rest on our laurels", not "on the night")."""
    best: list[str] = []
    for i in range(len(said)):
        for j in range(len(quote)):
            n = 0
            while i + n < len(said) and j + n < len(quote) and said[i + n] == quote[j + n]:
                n += 1
            if n > len(best):
                best = said[i : i + n]
    telling = len(best) >= ECHO_RUN and sum(w not in STOPWORDS for w in best) >= 2
    return " ".join(best) if telling else ""


def speaker_of(index: ContestIndex, query: Analysis) -> str | None:
    """Return the person a question is about: the only one named, or the only quoted one of two."""
    if len(query.persons) == 1:
        return next(iter(query.persons))
    if len(query.persons) == 2 and QUOTE in query.bag:
        speakers = [p for p in sorted(query.persons) if any(q.speaker == p for q in index.quotes)]
        if len(speakers) == 1:
            return speakers[0]
    return None


def _similarity(index: ContestIndex, key: str, bag: set[str], total: float, q: QuoteEntry) -> float:
    """Return how closely a fragment matches a quote: fuzzy on the words, or by their weight."""
    ratio = fuzz.partial_ratio(key, q.key) / 100
    needed = (QUOTE_MATCH + (8 if len(key) < 20 else 0)) / 100
    fuzzy = ratio if ratio >= needed else 0.0
    overlap = index.weight_sum(bag & q.bag) / total if total else 0.0
    blended = 0.6 * overlap + 0.4 * ratio
    return max(fuzzy, blended if blended >= 0.6 and overlap >= 0.5 else 0.0)


def by_words(index: ContestIndex, query: Analysis) -> Candidate | None:
    """Answer 'who said ...' and 'did X say ...' by a fuzzy match of the words on every quote."""
    fragment = query.quoted
    echoed = fragment is None
    if echoed:
        fragment = echoed_quote(index, query)
    if not fragment or len(fragment) < 8 or not index.quotes:
        return None
    named = index.analyze(fragment)
    if named.persons and not named.bag - {"@" + p for p in named.persons}:
        return None  # 'who are these "Labour sources"' names a person; it quotes nobody
    key = fold(fragment).lower()
    bag = index.analyze(fragment, correct=True).bag - QUOTE_WORDS
    total = index.weight_sum(bag)
    best = max(index.quotes, key=lambda q: _similarity(index, key, bag, total, q))
    ratio = _similarity(index, key, bag, total, best)
    contest = index.contest
    if ratio <= 0:
        in_text = any(doc.find(fragment) for doc in contest.sources.values())
        if ("who" in query.tokens or QUOTE in query.bag) and not in_text:
            # no one is quoted saying them, and the sources do not hold them either ("who split
            # 'the right-wing vote'?" is the article's own words: a sentence answers it)
            return Candidate("quote", 0.9, None, "quote:none", veto=NO_SUCH_QUOTE, near_miss=True)
        return None
    quote = next(q for q in contest.quotes if q.id == best.id)
    asked = speaker_of(index, query)
    asked_of = contest.people.get(asked) if asked and asked != quote.speaker else None
    shown = (*_lead_in(index, quote), quote)
    return Candidate(
        source="quote",
        # Words the asker quotes settle who said them; words a question merely repeats count
        # for less: "what's the prediction for the Tory majority?" holds a quote, but asks more.
        score=round(0.6 + (0.3 if echoed else 0.4) * ratio, 3),
        evidence=Quotes(shown, asked_of=asked_of),
        key=f"quote:{quote.id}",
        paragraphs=frozenset(q.citation.paragraph for q in shown),
        entry_id=quote.id,
        detail={"attribution": not echoed},
    )


def _lead_in(index: ContestIndex, quote: Quote) -> tuple[Quote, ...]:
    """Return the speaker's words just before a quotation its paragraph only continues.

    "Bloggs said: “Jo Sample, this is for you." / "“You have paid ...”": the second is said
    to Jo Sample, which only the first shows.
    """
    source = index.contest.sources.get(quote.citation.source)
    number = quote.citation.paragraph
    if source is None or not 1 < number <= len(source.paragraphs):
        return ()
    if not source.paragraphs[number - 1].lstrip().startswith(("“", '"', "‘", "'")):
        return ()  # its paragraph says who speaks: no lead-in needed
    before = [
        q
        for q in index.contest.quotes
        if q.speaker == quote.speaker
        and q.citation.source == quote.citation.source
        and q.citation.paragraph == number - 1
    ]
    return tuple(before[-1:])


def by_speaker(index: ContestIndex, query: Analysis, pid: str) -> Candidate | None:
    """Answer 'what did X say' (about a topic) from X's quotes."""
    contest = index.contest
    person = contest.people[pid]
    rest = query.bag - {"@" + pid}
    asks_outlet = INTERVIEW in rest  # "which radio station did X talk to?"
    if not (rest & QUOTE_WORDS or asks_outlet) or (
        query.raw and query.raw[0] in AUXILIARIES and query.quoted
    ):
        return None
    quotes = [q for q in index.quotes if q.speaker == pid]
    by_id = {q.id: q for q in contest.quotes}
    if asks_outlet and not rest & QUOTE_WORDS:
        told = [q for q in quotes if by_id[q.id].outlet]
        if not told:
            return None  # the sources do not say whom they spoke to
        return _quoted(person, [by_id[told[0].id]], 0.85, {"speaker": True}, more=0)
    if query.wh == "number":  # "what number are they predicting?": only a quote with a figure
        quotes = [q for q in quotes if any(ch.isdigit() for ch in q.key)]
        if not quotes:
            return None
    if not quotes:
        text = f"My sources have no quote from {person.name}."
        return Candidate("quote", 0.9, None, f"quote:none:{pid}", veto=text, near_miss=True)
    topic = rest - QUOTE_WORDS - index.quote_context - WHEN_WORDS - {str(contest.date.year)}
    topic_text = topic_phrase(query.text) or " ".join(sorted(topic))
    for other in query.persons - {pid}:
        topic_text += " " + contest.people[other].name.lower()

    def relevance(q: QuoteEntry) -> float:
        matched = index.weight_sum(topic & (q.bag | q.about_bag))
        return matched + fuzz.partial_ratio(topic_text, q.about) / 100

    ranked = sorted(quotes, key=lambda q: -relevance(q))
    best = ranked[0]
    if topic and (
        index.weight_sum(topic & (best.bag | best.about_bag)) > 0 or relevance(best) >= 0.9
    ):
        chosen, score = ranked[:1], 0.8
    elif topic - BIO_WORDS:
        return None  # a topic none of their quotes is about
    else:
        chosen, score = quotes[:MAX_QUOTES], 0.85
    detail = {"topic": bool(topic), "speaker": not topic}
    return _quoted(person, [by_id[q.id] for q in chosen], score, detail, len(quotes) - len(chosen))


def _quoted(
    person: Person, picked: list[Quote], score: float, detail: dict[str, bool], more: int
) -> Candidate:
    """Return a candidate giving these quotes of one person."""
    return Candidate(
        source="quote",
        score=score,
        evidence=Quotes(tuple(picked), person=person, more=more),
        key=f"quote:{picked[0].id}" if len(picked) == 1 else f"quotes:{person.id}",
        paragraphs=frozenset(q.citation.paragraph for q in picked),
        entry_id=picked[0].id if len(picked) == 1 else person.id,
        detail=detail,
    )


@dataclass(frozen=True)
class Speakers:
    """Evidence: everyone the sources quote, each with their first quotation."""

    first_quotes: tuple[Quote, ...]


def everyone(index: ContestIndex, query: Analysis) -> Candidate | None:
    """Answer 'who is quoted?' with every speaker."""
    asks_all = query.wh == "who" or "full" in query.bag or query.raw[:1] == ["any"]  # "any quotes?"
    if query.persons or query.quoted or not asks_all or not QUOTE_WORDS & query.bag:
        return None
    if query.bag - QUOTE_WORDS - EVERYONE_WORDS:
        return None
    first: dict[str, Quote] = {}
    for quote in index.contest.quotes:
        first.setdefault(quote.speaker, quote)
    if not first:
        return None
    quotes_ = tuple(first.values())
    paragraphs = frozenset(q.citation.paragraph for q in quotes_)
    return Candidate(
        "quote", 1.0, Speakers(quotes_), "quote:everyone", paragraphs, detail={"attribution": True}
    )


def propose(index: ContestIndex, query: Analysis) -> list[Candidate]:
    """Return quote candidates: attribution of quoted words, and a named person's quotes."""
    out: list[Candidate] = []
    if (listed := everyone(index, query)) is not None:
        out.append(listed)
    # "will ukip win a seat in the north east soon?": words of a quotation in a prediction
    # asked are no answer to it (unless the asker quotes them)
    echoes_only = predicts(query) and not query.quoted
    if not echoes_only and (found := by_words(index, query)) is not None:
        out.append(found)
    pid = speaker_of(index, query)
    same_year = not query.years - {index.contest.date.year}
    if pid is not None and same_year and (said := by_speaker(index, query, pid)) is not None:
        out.append(said)
    if asks_context(query):
        # "smith said 'not at all' to what question?": the words alone do not say; the
        # sentence they were said in ("Asked whether ..., Mr Smith told Sky News") does
        out = [replace(c, score=c.score - CONTEXT_COST, detail={}) for c in out]
    return out


CONTEXT_COST = 0.4
# "said ... to what question?"; and "what did he mean by ...?", which the words alone do not say
_CONTEXT_PAIRS = frozenset(
    {
        ("to", "what"),
        ("for", "what"),
        ("what", "for"),
        ("about", "what"),
        ("mean", "by"),
        ("meant", "by"),
    }
)


def asks_context(query: Analysis) -> bool:
    """Tell whether a question asks what words were said about or in answer to."""
    raw = query.raw
    if {"question", "asked"} & set(raw) and "what" in raw:
        return True
    return any(pair in _CONTEXT_PAIRS for pair in pairwise(raw))
