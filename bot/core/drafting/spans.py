"""Quotation marks and sentences of a paragraph: where each quote starts and ends."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“„"
CLOSERS = "”"
SCARE = re.compile(
    r"(?:so-called|so called|dubbed|known as|branded|termed|labell?ed|nicknamed|the word|the phrase)"
    r"\s*$",
    re.I,
)
SENTENCE_END = re.compile(r"[.!?][”\"’']?\s+(?=[A-Z“\"‘'])")


@dataclass
class Span:
    """A quoted span of a paragraph: positions of its marks and whether it is a term, not speech."""

    start: int  # index of the opening mark
    inner_start: int
    end: int  # index just after the closing mark (paragraph end if unclosed)
    inner_end: int
    closed: bool = True
    scare: bool = False


def quoted_spans(text: str) -> list[Span]:
    """Find the double-quoted spans of a paragraph (“…”, "…" or "…'' ); an unclosed one runs to the end."""
    spans: list[Span] = []
    i, open_at, inner = 0, -1, -1
    while i < len(text):
        width = 2 if text.startswith("''", i) else 1
        ch = text[i]
        is_mark = width == 2 or ch in OPENERS or ch in CLOSERS or ch == '"'
        if not is_mark:
            i += 1
            continue
        if open_at < 0 and (ch in OPENERS or ch == '"' or width == 2):
            open_at, inner = i, i + width
        elif open_at >= 0 and ch not in OPENERS:
            spans.append(Span(open_at, inner, i + width, i))
            open_at = -1
        i += width
    if open_at >= 0:
        spans.append(Span(open_at, inner, len(text), len(text), closed=False))
    for span in spans:
        span.scare = bool(SCARE.search(text[: span.start]))
    return [s for s in spans if text[s.inner_start : s.inner_end].strip()]


def masked_text(text: str, spans: list[Span]) -> str:
    """Return the paragraph with quoted words blanked (marks and final stops kept), same length."""
    chars = list(text)
    for s in spans:
        for i in range(s.inner_start, s.inner_end):
            if not (i == s.inner_end - 1 and chars[i] in ".!?"):
                chars[i] = "x" if not chars[i].isspace() else " "
    return "".join(chars)


def sentence_bounds(masked: str) -> list[tuple[int, int]]:
    """Split a masked paragraph into sentences, never inside a quotation."""
    bounds, start = [], 0
    for m in SENTENCE_END.finditer(masked):
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(masked)))
    return [(a, b) for a, b in bounds if masked[a:b].strip()]
