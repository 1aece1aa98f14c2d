"""A possible answer proposed by one source, with the evidence it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Source = Literal["fact", "quote", "person", "result", "sentence"]

ANSWER = 0.6  # a candidate scoring at least this may be given as the answer
ASK = 0.42  # below ANSWER but at least this: ask "did you mean ...?" instead of answering


@dataclass(frozen=True, slots=True)
class Candidate:
    """One source's proposal: its evidence, how strongly the question matches it, and vetoes.

    `score` is calibrated across sources: ANSWER and above may be answered. `key` names what it
    answers (a fact id, a paragraph, a result field), so that agreeing sources do not count as
    rivals. `veto` says why it must not answer this question (another year, party, person or
    figure); `near_miss` marks a veto on a candidate the asker most likely meant.
    """

    source: Source
    score: float
    evidence: Any
    key: str
    paragraphs: frozenset[int] = frozenset()
    veto: str | None = None
    near_miss: bool = False
    suggestion: str | None = None  # a question it answers, offered when the bot abstains
    suggestion_id: str | None = None  # the fact id behind the suggestion, for buttons
    entry_id: str | None = None
    figures: frozenset[str] = frozenset()  # the figures its evidence gives (figure_key form)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        """Tell whether nothing vetoes this candidate."""
        return self.veto is None
