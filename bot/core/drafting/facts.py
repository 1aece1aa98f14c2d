"""Propose the facts askers ask of any by-election, and what the article says each person did."""

from __future__ import annotations

import re
from collections.abc import Collection

from .earlier import TRIGGER
from .factbook import FactBook, first_unused
from .people import PersonDraft
from .quotations import Sentence

GAIN = re.compile(
    r"\b(?:gain(?:ed)? from|GAIN|taking the seat from|took the seat from|take the seat from|"
    r"held on to|hold(?:s)? the seat|lost the seat|first time since|seat from the)\b",
    re.I,
)
RECORD = re.compile(
    r"\b(?:record|largest|biggest|second largest|second-largest|highest|lowest|closest|smallest|"
    r"first ever|first time|youngest|historic|since (?:19|20)\d\d)\b",
    re.I,
)
DECLARATION = re.compile(
    r"\b(?:declar\w+|result is (?:expected|due))\b.*\b\d{1,2}(?:[.:]\d{2})?\s?[ap]m\b", re.I
)
NEEDED = re.compile(r"\bneeded\b.*\bswing\b|\bswing\b.*\b(?:needed|required)\b", re.I)
RECOUNT = re.compile(r"\brecount", re.I)
TOTAL = re.compile(r"\b(?:total of|votes were cast|ballots)\b", re.I)
SHARE_MOVED = re.compile(
    r"\b(?:rose|fell|dropped|increased|decreased|went up|went down|up|down)\s+by\b", re.I
)
SHARE = re.compile(r"\b(?:of the vote|share)\b(?!.*\bswing\b)(?<!swing in the share)", re.I)


def topic_facts(
    book: FactBook, sentences: list[Sentence], contest_name: str, names: Collection[str] = ()
) -> None:
    """Propose the facts askers ask about any by-election: why it was held, gains, records,
    recounts. `names` are the people's names and surnames ("who was the MP before?")."""
    topics = [
        (
            TRIGGER,
            "trigger",
            [
                "Why was there a by-election?",
                "What triggered the by-election?",
                f"Why was there a {contest_name}?",
                "Who was the MP before?",
                "Why did the last MP leave?",
            ],
        ),
        (
            GAIN,
            "gain",
            ["Was it a gain?", "Did the seat change hands?", "Which party held the seat before?"],
        ),
        (TOTAL, "votes-cast", ["How many votes were cast?", "How many ballots were there?"]),
        (RECOUNT, "recount", ["Was there a recount?"]),
        (
            NEEDED,
            "swing-needed",
            [
                "What swing was needed?",
                "How big a swing did they need?",
                "What swing did they need to win?",
            ],
        ),
        (
            DECLARATION,
            "declaration-time",
            [
                "When will the result be declared?",
                "What time is the result expected?",
                "When is the declaration?",
            ],
        ),
        (
            RECORD,
            "record",
            ["Was it a record?", "How historic was the result?", "Has this happened before?"],
        ),
        (
            SHARE,
            "vote-share",
            ["What share of the vote did the winner get?", "What were the vote shares?"],
        ),
    ]
    for pattern, fid, questions in topics:
        pool = sentences
        if fid == "vote-share":  # "Labour's share dropped by 14%" gives no one's share
            pool = [s for s in sentences if not SHARE_MOVED.search(s.text)]
        found = first_unused(pool, pattern, book)
        if found is None:
            continue
        cites = [(found.paragraph, found.text)]
        if fid == "trigger" and not any(name in found.text for name in names):
            # "triggered by the death of the town's MP" does not say who the MP was
            questions = [q for q in questions if not q.startswith("Who ")]
        if fid == "record":  # a record is often told over two sentences
            more = first_unused([s for s in sentences if s is not found], pattern, book)
            if more is not None and abs(more.paragraph - found.paragraph) <= 2:
                cites.append((more.paragraph, more.text))
        book.add(fid, questions, cites, keywords=[fid.replace("-", " ")])


def background_facts(
    book: FactBook, sentences: list[Sentence], people: dict[str, PersonDraft]
) -> None:
    """Propose one fact per person about what the article says they did (not what they said)."""
    about: dict[str, list[Sentence]] = {}
    for s in sentences:
        if s.subject is None or s.subject.group or s.quoted or (s.paragraph, s.text) in book.used:
            continue
        about.setdefault(s.subject.id, []).append(s)
    for pid, found in about.items():
        person = people[pid]
        book.add(
            f"about-{person.name}",
            [
                f"What happened with {person.name}?",
                f"What does the article say about {person.name}?",
                f"Tell me about {person.name}",
            ],
            [(s.paragraph, s.text) for s in found[:5]],
            people=[pid],
        )


def seat_change_fact(
    book: FactBook, now: tuple[str, int, str] | None, before: tuple[str, int, str] | None
) -> None:
    """Propose 'was it a hold or a gain?' from the sentences giving the winner's party (`now`)
    and the party that held the seat (`before`): (party, paragraph, sentence) each."""
    if now is None or before is None:
        return
    party, held_by = now[0], before[0]
    cites = sorted({(now[1], now[2]), (before[1], before[2])})
    text = " ".join(f"{span} [¶{n}]" for n, span in cites)
    questions = [
        "Was it a hold or a gain?",
        "Was it a gain?",
        "Did the seat change hands?",
        "Which party held the seat before?",
        f"Did {party} hold or gain the seat?",
    ]
    if party == held_by:
        answer = f"A {party} hold: {text}"
    else:
        answer = f"A {party} gain from {held_by}: {text}"
        questions.append("Which party lost the seat?")
    book.add(
        "hold-or-gain", questions, cites, answer=answer, keywords=["hold", "gain"], claim=False
    )
