"""The Answer the engine returns: what the bot says to one message, with its citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

STATUS_SOURCE = "status"  # citations of a moderator's status update: paragraph = status version

AnswerKind = Literal[
    "fact",
    "status",
    "quote",
    "quotes",
    "person",
    "sentence",
    "result",
    "abstain",
    "ask",
    "help",
    "which_contest",
]

HELP_TEXT = (
    "I answer questions about the by-election from my sources, citing the paragraph each "
    "answer comes from as [¶n]. Try asking about the turnout, when the result is expected, "
    "or what a politician said."
)
UNKNOWN_TEXT = "I don't have that in my sources."
THANKS_TEXT = "You're welcome. Ask me anything else about the by-election."


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
