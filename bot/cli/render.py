"""Render answers for a terminal, as a person would read them."""

from __future__ import annotations

from ..core.answering.answer import Answer
from ..core.knowledge.model import KnowledgeBase


def render(answer: Answer, kb: KnowledgeBase | None = None) -> str:
    """Return the answer text, its sources and suggestions as plain lines."""
    lines = [answer.text]
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        for cit in answer.citations:
            title = cit.source
            if kb is not None and answer.contest_id in kb.contests:
                doc = kb.contests[answer.contest_id].sources.get(cit.source)
                title = doc.title if doc else cit.source
            lines.append(f"  [¶{cit.paragraph}] “{cit.quote}” ({title})")
    if answer.suggestions:
        lines.append("")
        lines.append("You could ask:")
        lines.extend(f"  - {s}" for s in answer.suggestions)
    if answer.status_line:
        lines.append("")
        lines.append(f"Count: {answer.status_line}")
    return "\n".join(lines)
