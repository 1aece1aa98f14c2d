"""Source documents: one line of an article is one paragraph, cited as [¶n]."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..text import verbatim_key


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """An article a contest's knowledge is taken from, split into numbered paragraphs."""

    id: str
    path: Path
    title: str
    outlet: str | None
    url: str | None
    paragraphs: tuple[str, ...]
    # verbatim_key of each paragraph, worked out on first use (a process given sources checked
    # elsewhere, as at start-up, may never need them): every citation of the source compares with it
    _keys: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def keys(self) -> tuple[str, ...]:
        """Return each paragraph's verbatim_key (computed once)."""
        keys = self._keys
        if keys is None:
            keys = tuple(verbatim_key(p) for p in self.paragraphs)
            object.__setattr__(self, "_keys", keys)
        return keys

    def paragraph(self, number: int) -> str:
        """Return paragraph `number` (1-based)."""
        return self.paragraphs[number - 1]

    def contains(self, number: int, span: str) -> bool:
        """Tell whether `span` occurs verbatim in paragraph `number` (whitespace and quotes folded)."""
        if not 1 <= number <= len(self.paragraphs):
            return False
        return verbatim_key(span) in self.keys[number - 1]

    def find(self, span: str) -> int | None:
        """Return the first paragraph number holding `span` verbatim, or None."""
        key = verbatim_key(span)
        for number, text in enumerate(self.keys, start=1):
            if key in text:
                return number
        return None


def read_paragraphs(path: Path) -> tuple[str, ...]:
    """Read a UTF-8 text file and return its non-empty lines as paragraphs."""
    text = path.read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Sir|Rev|Cllr|Prof|Gen|Capt|No|Co|Ltd|vs?)\.$")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, each a verbatim piece of it ("Mr. X" stays whole)."""
    pieces = [p for p in _SENTENCE_END.split(paragraph.strip()) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece.strip())
    return out
