"""The Answer the engine returns, and how facts, quotes and people become answer text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ..knowledge.model import Contest
from ..knowledge.schema import MARK, Citation, Fact, Person, Quote
from ..knowledge.status import Status

STATUS_SOURCE = "status"  # citations of a moderator's status update: paragraph = status version

AnswerKind = Literal[
    "fact", "status", "quote", "quotes", "person", "abstain", "help", "result", "which_contest"
]

HELP_TEXT = (
    "I answer questions about the by-election from my sources, citing the paragraph each "
    "answer comes from as [¶n]. Try asking about the turnout, when the result is expected, "
    "or what a politician said."
)
UNKNOWN_TEXT = "I don't have that in my sources."


@dataclass(frozen=True, slots=True)
class CitedSpan:
    """A verbatim span of a source paragraph backing an answer."""

    source: str
    paragraph: int
    quote: str


@dataclass(frozen=True)
class Answer:
    """What the bot says to one question."""

    question: str
    answered: bool
    text: str
    confidence: float
    entry_id: str | None = None
    citations: tuple[CitedSpan, ...] = ()
    suggestions: tuple[str, ...] = ()
    suggestion_ids: tuple[str, ...] = ()  # the fact id behind each suggestion, in order
    kind: AnswerKind = "fact"
    contest_id: str | None = None
    status_line: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # How the contest was chosen: named in the question, a person's, given by the caller (the
    # contest named earlier in the channel), the default, or none (asking which contest).
    route: Literal["named", "person", "given", "default", "none"] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used by `bot ask --json`."""
        return {
            "question": self.question,
            "answered": self.answered,
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "entry_id": self.entry_id,
            "citations": [asdict(c) for c in self.citations],
            "suggestions": list(self.suggestions),
            "kind": self.kind,
            "contest_id": self.contest_id,
            "status": self.status_line,
            "route": self.route,
        }


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


def quote_line(quote: Quote, contest: Contest) -> str:
    """Render one quote with speaker, outlet and paragraph mark."""
    person = contest.people[quote.speaker]
    verb = f"told {quote.outlet}" if quote.outlet else "said"
    when = f" {quote.said_at}" if quote.said_at and quote.outlet else ""
    return f"{describe(person)} {verb}{when}: “{quote.text}” [¶{quote.citation.paragraph}]"


def quote_span(quote: Quote) -> CitedSpan:
    """Return the citation of a quote."""
    return CitedSpan(quote.citation.source, quote.citation.paragraph, quote.text)


def person_text(person: Person) -> str:
    """Return who a person is, from their cited role."""
    marks = " ".join(f"[¶{n}]" for n in sorted({c.paragraph for c in person.citations}))
    if person.role:
        party = f" ({person.party})" if person.party and person.party not in person.role else ""
        return f"{person.name}{party}: {person.role}. {marks}".strip()
    return f"{person.name}. {marks}".strip()


def status_citation(status: Status) -> CitedSpan:
    """Cite a status update: who set it and when."""
    when = f"{status.updated_at:%H:%M}" if status.updated_at else "an unknown time"
    return CitedSpan(
        STATUS_SOURCE,
        status.version,
        f"{status.label} — set by {status.updated_by or 'a moderator'} at {when}",
    )


def status_fact(
    fact: Fact, status: Status, contest_name: str
) -> tuple[str, tuple[CitedSpan, ...], str]:
    """Answer a status fact from the live status: the result once declared, else the sources, labelled."""
    if status.phase == "declared" and status.result is not None:
        result = status.result
        won = result.winning
        text = (
            f"Declared: {won.name} ({won.party}) won the {contest_name} with {won.votes:,} votes, "
            f"a majority of {result.majority:,}."
        )
        if result.turnout_percent is not None:
            text += f" Turnout was {result.turnout_percent:.2f}%."
        cite = status_citation(status)
        return f"{text} [{cite.quote}]", (cite,), "result"
    if status.version == 0:
        return fact_text(fact), spans(list(fact.citations)), "status"
    cite = status_citation(status)
    label = f"Not declared yet. Count status: {status.label}"
    if status.note:
        label += f" ({status.note})"
    if status.expected_declaration:
        label += f"; declaration expected {status.expected_declaration}"
    label += f" [{cite.quote}]."
    return (
        f"{label}\nFrom the sources: {fact_text(fact)}",
        (cite, *spans(list(fact.citations))),
        "status",
    )
