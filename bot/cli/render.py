"""Render answers for a terminal, as a person would read them: wrapped to its width, sources grouped."""

from __future__ import annotations

import shutil
import textwrap

from ..core.answering.answer import Answer
from ..core.knowledge.model import KnowledgeBase

SINGULAR = {"contests": "contest", "facts": "fact", "quotes": "quote", "people": "person"}
NARROWEST = 40  # never wrap narrower than this, however small the terminal says it is


def counted(number: int, plural: str) -> str:
    """Return e.g. '1 contest', '2 contests', '1 person', '5 people'."""
    return f"{number} {SINGULAR.get(plural, plural) if number == 1 else plural}"


def terminal_width() -> int:
    """Return the terminal's width in columns (80 when not a terminal and COLUMNS is unset)."""
    return max(NARROWEST, shutil.get_terminal_size((80, 24)).columns)


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Wrap each line of `text` to `width` at word boundaries (long words are not cut)."""
    out: list[str] = []
    for line in text.splitlines() or [""]:
        out += textwrap.wrap(
            line,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [first.rstrip()]
        first = rest or first
    return out


def render(answer: Answer, kb: KnowledgeBase | None = None, width: int | None = None) -> str:
    """Return the answer, its sources (each title once) and suggestions, wrapped to `width`."""
    width = width or terminal_width()
    lines = wrap(answer.text, width)
    if answer.citations:
        contest = kb.contests.get(answer.contest_id or "") if kb is not None else None
        groups: dict[str, list[str]] = {}
        for cit in answer.citations:
            doc = contest.sources.get(cit.source) if contest is not None else None
            title = doc.title if doc is not None else cit.source
            shown = cit.quote in answer.text  # quoted in the answer already: its mark is enough
            entry = f"[¶{cit.paragraph}]" + ("" if shown else f" “{cit.quote}”")
            groups.setdefault(title, []).append(entry)
        for title, quotes in groups.items():
            lines += ["", *wrap(f"Sources: {title}", width)]
            marks = [q for q in quotes if " " not in q]
            if marks:  # the passages the answer quotes in full, by paragraph
                lines += wrap(" ".join(marks), width, "  ", "  ")
            for quote in (q for q in quotes if " " in q):
                mark = quote.split(" ", 1)[0]
                lines += wrap(quote, width, "  ", " " * (3 + len(mark)))
    if answer.suggestions:
        lines += ["", "You could ask:"]
        for suggestion in answer.suggestions:
            lines += wrap(suggestion, width, "  - ", "    ")
    if answer.status_line:
        lines += ["", *wrap(f"Count: {answer.status_line}", width)]
    return "\n".join(lines)
