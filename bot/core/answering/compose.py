"""The composer: turn the chosen evidence into the answer's words, citing verbatim spans only."""

from __future__ import annotations

import re

from ..knowledge.model import Contest
from ..knowledge.schema import MARK, Citation, Fact, Person, Quote
from ..knowledge.sources import split_sentences
from ..knowledge.status import Status
from ..text import STOPWORDS, figure_kind, words, year_of
from .analysis import Analysis
from .answer import STATUS_SOURCE, CitedSpan
from .candidate import Candidate
from .concepts import CONCEDE, DEFEND, HELD, HISTORY, LOST, MAJORITY, PREDICT, RESULT, WON
from .contest_facts import ContestFacts
from .figures import figure_key, figures_in
from .people import PersonFacts
from .quotes import Quotes, Speakers
from .result import CountFacts, ResultFacts
from .result_text import count_text, result_text
from .sentence_index import Sentence, counted_words

_VERDICT = re.compile(r"^(?:yes|no)[.,:;!]\s*", re.I)
Composed = tuple[str, tuple[CitedSpan, ...], str]  # text, citations, answer kind


def spans(citations: list[Citation]) -> tuple[CitedSpan, ...]:
    """Convert knowledge citations into answer citations, dropping exact repeats."""
    out: list[CitedSpan] = []
    for c in citations:
        span = CitedSpan(c.source, c.paragraph, c.quote)
        if span not in out:
            out.append(span)
    return tuple(out)


def fact_text(fact: Fact) -> str:
    """Return a fact's answer with a [¶n] mark for every cited paragraph."""
    text = fact.answer.strip()
    marked = {int(m) for m in MARK.findall(text)}
    missing = sorted({c.paragraph for c in fact.citations} - marked)
    if missing:
        text += " " + " ".join(f"[¶{n}]" for n in missing)
    return text


def describe(person: Person) -> str:
    """Return 'Name (Party, Role)' for a person."""
    bits = [b for b in (person.party, person.role) if b]
    if person.role and person.party and person.party.lower() in person.role.lower():
        bits = [person.role]
    return f"{person.name} ({', '.join(bits)})" if bits else person.name


def quote_line(quote: Quote, contest: Contest, *, named: bool = True) -> str:
    """Render one quote with its speaker (or a pronoun-free continuation) and paragraph mark.

    A few words quoted inside reported speech ("said party members “don't have time ...”") are
    shown in their sentence, which says to whom and how they were said.
    """
    mark = f"[¶{quote.citation.paragraph}]"
    sentence = _sentence_of(quote, contest)
    if not named:
        return f"“{sentence or quote.text}” {mark}"
    person = contest.people[quote.speaker]
    if sentence:
        return f"{describe(person)}, in the article: “{sentence}” {mark}"
    verb = f"told {quote.outlet}" if quote.outlet else "said"
    when = f" {quote.said_at}" if quote.said_at else ""
    return f"{describe(person)} {verb}{when}: “{quote.text}” {mark}"


SHORT_QUOTE = 12  # words: a quote this short is a phrase inside someone's reported speech


def _sentence_of(quote: Quote, contest: Contest) -> str | None:
    """Return the sentence a short quoted phrase sits in, verbatim, when it says more than the
    phrase ("big Tory majority"); a whole short utterance ("No, not in the slightest.") stands."""
    text = quote.text.strip()
    whole = text[:1].isupper() and text[-1:] in ".!?"
    if whole or len(text.split()) >= SHORT_QUOTE:
        return None
    doc = contest.sources.get(quote.citation.source)
    number = quote.citation.paragraph
    if doc is None or not 1 <= number <= len(doc.paragraphs):
        return None
    paragraph = doc.paragraphs[number - 1]
    for sentence in split_sentences(paragraph):
        if (
            quote.text in sentence
            and sentence in paragraph
            and len(sentence) > len(quote.text) + 12
        ):
            return sentence
    return None


def quote_span(quote: Quote, contest: Contest | None = None) -> CitedSpan:
    """Return the citation of a quote (its sentence, when that is what is shown)."""
    sentence = _sentence_of(quote, contest) if contest is not None else None
    return CitedSpan(quote.citation.source, quote.citation.paragraph, sentence or quote.text)


def person_text(person: Person) -> str:
    """Return who a person is, from their cited title, role and party."""
    marks = " ".join(f"[¶{n}]" for n in sorted({c.paragraph for c in person.citations}))
    name = f"{person.title} {person.name}" if person.title else person.name
    if person.role:
        party = f" ({person.party})" if person.party and person.party not in person.role else ""
        return f"{name}{party}: {person.role}. {marks}".strip()
    if person.party:
        return f"{name} ({person.party}). {marks}".strip()
    return f"{name}. {marks}".strip()


def status_citation(status: Status) -> CitedSpan:
    """Cite a status update: who set it and when."""
    when = f"{status.updated_at:%H:%M}" if status.updated_at else "an unknown time"
    return CitedSpan(
        STATUS_SOURCE,
        status.version,
        f"{status.label} — set by {status.updated_by or 'a moderator'} at {when}",
    )


def _status_fact(fact: Fact, contest: Contest, query: Analysis) -> Composed:
    """Answer a status fact from the live status: the result once declared, else the sources.

    Once declared, the sources' account of the count is history: given as such when the
    question asks how things were meant to go ("when was it originally due?").
    """
    status = contest.status
    if status.phase == "declared" and status.result is not None:
        text, cites = result_text(ResultFacts(status, "winner"), contest)
        if HISTORY & set(query.tokens):
            text = f"Before the declaration, the sources said: {_plain(fact_text(fact))}\n{text}"
            cites = (*spans(list(fact.citations)), *cites)
        return text, (status_citation(status), *cites), "result"
    if status.version == 0:
        return _plain(fact_text(fact)), spans(list(fact.citations)), "status"
    cite = status_citation(status)
    text, _ = count_text(CountFacts(status, "status"), contest)
    return (
        f"{text}\nFrom the sources: {_plain(fact_text(fact))}",
        (cite, *spans(list(fact.citations))),
        "status",
    )


# Words asking how the contest turned out (or was expected to): a declared result settles them.
OUTCOME = frozenset({WON, LOST, HELD, RESULT, MAJORITY, CONCEDE, PREDICT, DEFEND})


def settled(contest: Contest, queries: list[Analysis], kinds: list[str]) -> Composed | None:
    """Return the declared result, to follow an answer from the run-up about the outcome.

    "X conceded at midnight, was he right in the end?" is answered from before the count was
    over; once a result is declared, it is what settles the question, so it is given too.
    """
    status = contest.status
    if status.phase != "declared" or status.result is None or {"result", "status"} & set(kinds):
        return None
    year = contest.date.year
    if not any(OUTCOME & q.bag and not q.years - {year} for q in queries):
        return None
    text, cites = result_text(ResultFacts(status, "winner"), contest)
    return (
        f"The result has since been declared: {text}",
        (status_citation(status), *cites),
        "result",
    )


def _plain(text: str) -> str:
    """Drop a leading Yes/No: the evidence answers, whichever way the question was put."""
    stripped = _VERDICT.sub("", text, count=1)
    return stripped[:1].upper() + stripped[1:] if stripped != text else text


def _quotes(evidence: Quotes, contest: Contest) -> Composed:
    """Render quotations: each speaker named once, each quote once."""
    lines: list[str] = []
    last: str | None = None
    for quote in evidence.quotes:
        lines.append(quote_line(quote, contest, named=quote.speaker != last))
        last = quote.speaker
    text = "\n".join(lines)
    if evidence.asked_of is not None:
        speaker = contest.people[evidence.quotes[0].speaker].name
        text = f"No: those are {speaker}'s words, not {evidence.asked_of.name}'s. {text}"
    if evidence.more and evidence.person is not None:
        text += (
            f"\n({evidence.more} more quote{'s' if evidence.more > 1 else ''} from "
            f"{evidence.person.name}: ask what they said about a topic.)"
        )
    kind = "quote" if len(evidence.quotes) == 1 else "quotes"
    return text, tuple(quote_span(q, contest) for q in evidence.quotes), kind


def _person(evidence: PersonFacts) -> Composed:
    """Render who a person is, or whether they hold the role or party asked about."""
    people = (evidence.person, *evidence.others)
    cites = tuple(s for p in people for s in spans(list(p.citations)))
    text = " ".join(person_text(p) for p in people)
    if evidence.compared:
        text = f"No: they are different people. {text}"
    elif evidence.verdict is not None:
        text = f"{'Yes' if evidence.verdict else 'No'}: {text}"
    return text, cites, "person"


def _sentence(sentence: Sentence, contest: Contest) -> Composed:
    """Quote one sentence of the sources verbatim, with its speaker when it is a quotation."""
    span = CitedSpan(sentence.source, sentence.paragraph, sentence.text)
    lead = "The article says"
    if sentence.speaker and sentence.speaker in contest.people:
        lead = f"In the article, {describe(contest.people[sentence.speaker])}"
        return f"{lead}: “{sentence.text}” [¶{sentence.paragraph}]", (span,), "sentence"
    return f"{lead}: “{sentence.text}” [¶{sentence.paragraph}]", (span,), "sentence"


def _premise(text: str, query: Analysis, corrects: bool = False) -> str:
    """Put 'Yes:' or 'No:' before a yes/no question's answer when a figure it gives decides it.

    A later time than the sources give decides nothing ("declared by 6am?" when they say "not
    before 6.15am"); a qualifier the sources contradict ("was the 4,321 from 2017?") is a no.
    """
    if corrects:
        return f"No: {text}"
    if not query.yes_no or not query.figures or "or" in query.raw:
        return text  # "from 2019 or 2017?" asks which, not whether
    given = figures_in(words(text))
    if not given:
        return text
    if query.figures & given:
        return f"Yes: {text}"
    if query.times and all(_later(t, given) for t in query.times):
        return text
    if not _comparable(query.raw, words(MARK.sub(" ", text))):
        return text  # "did Labour get 8,000 votes?" is not settled by "a majority of 1,234"
    return f"No: {text}"


def _comparable(asked: list[str], given: list[str]) -> bool:
    """Tell whether a figure given is of the kind a question's figure is: both percentages, both
    times, or counts of the same thing (a word of one's context in the other's)."""
    kinds = {_kind(asked, i) for i, t in enumerate(asked) if _is_figure(t)}
    found = {_kind(given, i) for i, t in enumerate(given) if _is_figure(t)}
    if not kinds & found:
        return False
    if "count" not in kinds & found or kinds & found - {"count"}:
        return True
    near_asked = counted_words(asked) - STOPWORDS
    near_given = counted_words(given) - STOPWORDS
    return not near_asked - {t for t in asked if _is_figure(t)} or bool(near_asked & near_given)


def _is_figure(token: str) -> bool:
    """Tell whether a token is a figure, not a year."""
    return figure_key(token) is not None and year_of(token) is None


def _kind(tokens: list[str], i: int) -> str:
    """Return what kind of figure the token at `i` is: percentage, time or count."""
    kind = figure_kind(tokens[i])
    if kind:
        return kind
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return "percentage" if after in ("percent", "pc", "pct") else "count"


def _later(time: str, given: set[str]) -> bool:
    """Tell whether a clock time is later than every time-like figure given."""
    try:
        asked = float(time)
        return all(asked > float(g) for g in given if float(g) <= 24)
    except ValueError:
        return False


def render(chosen: Candidate, query: Analysis, contest: Contest) -> Composed:
    """Return the words, citations and kind of the answer a candidate gives."""
    evidence = chosen.evidence
    corrects = bool(chosen.detail.get("corrects"))
    if isinstance(evidence, Fact):
        if evidence.kind == "status":
            return _status_fact(evidence, contest, query)
        text = _premise(_plain(fact_text(evidence)), query, corrects)
        return text, spans(list(evidence.citations)), "fact"
    if isinstance(evidence, Quotes):
        return _quotes(evidence, contest)
    if isinstance(evidence, Speakers):
        lines = [
            f"{describe(contest.people[q.speaker])} [¶{q.citation.paragraph}]"
            for q in evidence.first_quotes
        ]
        text = "The sources quote: " + "; ".join(lines) + "."
        return text, tuple(quote_span(q, contest) for q in evidence.first_quotes), "quotes"
    if isinstance(evidence, PersonFacts):
        return _person(evidence)
    if isinstance(evidence, ResultFacts):
        text, cites = result_text(evidence, contest)
        if evidence.status.version:  # set by a moderator: cite who set it, and when
            cites = (status_citation(evidence.status), *cites)
        return text, cites, "result"
    if isinstance(evidence, CountFacts):
        text, cites = count_text(evidence, contest)
        if evidence.status.version:
            cites = (status_citation(evidence.status), *cites)
        return text, cites, "status"
    if isinstance(evidence, ContestFacts):
        s = evidence.sentence
        text = f"This is the {evidence.name}."
        if evidence.general is not None:
            text = f"{'Yes' if evidence.general else 'No'}: {text}"
        span = CitedSpan(s.source, s.paragraph, s.text)
        return f"{text} The article: “{s.text}” [¶{s.paragraph}]", (span,), "fact"
    if isinstance(evidence, Sentence):
        text, cites, kind = _sentence(evidence, contest)
        return _premise(text, query, corrects), cites, kind
    raise TypeError(f"no way to render {type(evidence).__name__}")
