"""Collect a draft's facts: unique ids and phrasings, one fact per answer, the people it names."""

from __future__ import annotations

import re
from typing import Any

from ..knowledge.validate import phrase_key
from .people import slug
from .quotations import Sentence

YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


class FactBook:
    """Collects facts, keeping ids and phrasings unique and never repeating an answer."""

    def __init__(self, year: int, names: dict[str, list[str]] | None = None) -> None:
        self.year = year
        self.names = names or {}  # person id -> name and aliases, to tag the facts about them
        self.facts: list[dict[str, Any]] = []
        self._ids: set[str] = set()
        self._claimed: set[str] = set()
        self._answers: dict[str, dict[str, Any]] = {}
        self.used: set[tuple[int, str]] = set()  # sentences already answering a fact

    def add(
        self,
        fact_id: str,
        questions: list[str],
        cites: list[tuple[int, str]],
        *,
        answer: str | None = None,
        people: list[str] | None = None,
        parties: list[str] | None = None,
        keywords: list[str] | None = None,
        years: list[int] | None = None,
        claim: bool = True,
    ) -> None:
        """Add a fact citing verbatim spans; its answer is the spans unless one is given.

        Unless `claim` is false, its sentences are taken: no later fact proposes them again.

        A fact whose answer another fact already gives is not repeated: its phrasings, people
        and keywords join that fact.
        """
        cites = list(dict.fromkeys(cites))
        if not cites:
            return
        text = answer or " ".join(f"{span} [¶{n}]" for n, span in cites)
        key = " ".join(text.split())
        questions = [q for q in dict.fromkeys(questions) if self._claim(q)]
        if key in self._answers:
            same = self._answers[key]
            same["questions"] += questions
            for field_name, extra in (("people", people), ("keywords", keywords)):
                if extra:
                    same[field_name] = list(dict.fromkeys([*same.get(field_name, []), *extra]))
            return
        if not questions:
            return
        base, n, fid = slug(fact_id)[:40].strip("-") or "fact", 2, ""
        fid = base
        while fid in self._ids:
            fid = f"{base[:37]}-{n}"
            n += 1
        self._ids.add(fid)
        fact: dict[str, Any] = {"id": fid, "questions": questions, "answer": text}
        fact["citations"] = [{"source": "article", "paragraph": n, "quote": s} for n, s in cites]
        named = [pid for pid, forms in self.names.items() if any(_names(f, text) for f in forms)]
        people = list(dict.fromkeys([*(people or []), *named]))
        if people:
            fact["people"] = people
        if parties:
            fact["parties"] = parties
        if keywords:
            fact["keywords"] = keywords
        others = sorted({int(y) for _, s in cites for y in YEAR.findall(s)} - {self.year})
        if years or others:
            fact["years"] = years or [self.year, *others]
        self.facts.append(fact)
        self._answers[key] = fact
        if claim:
            self.used.update(cites)

    def _claim(self, question: str) -> bool:
        """Claim a phrasing for one fact only."""
        key = phrase_key(question)
        if not key or key in self._claimed:
            return False
        self._claimed.add(key)
        return True


def _names(form: str, text: str) -> bool:
    """Tell whether text names someone by this form (a whole-word match)."""
    return re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text) is not None


def first_unused(
    sentences: list[Sentence], pattern: re.Pattern[str], book: FactBook
) -> Sentence | None:
    """Return the first sentence matching a pattern that no fact has taken yet."""
    return next(
        (
            s
            for s in sentences
            if pattern.search(s.text) and (s.paragraph, s.text) not in book.used and not s.quoted
        ),
        None,
    )
