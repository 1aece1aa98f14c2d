"""Propose facts where they help: the result, the figures and the background, phrased as people ask."""

from __future__ import annotations

import re
from typing import Any

from ..knowledge.validate import phrase_key
from .people import PersonDraft, slug
from .quotations import Sentence
from .results import Line, ResultDraft

YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
PLACES = ("second", "third", "fourth", "fifth")
TRIGGER = re.compile(
    r"\b(?:triggered|caused by|sparked by|called (?:after|when|following)|was held (?:after|following)|"
    r"following the (?:resignation|death)|after the (?:resignation|death)|resignation of|death of|"
    r"vacated|recall petition|stood down|stepped down)\b",
    re.I,
)
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
RECOUNT = re.compile(r"\brecount", re.I)
PLACE_WORDS = re.compile(
    r"\b(?:came|finished|was|in) (?:second|third|fourth|fifth|last)\b|\brunner-up\b"
)
TOTAL = re.compile(r"\b(?:total of|votes were cast|ballots)\b", re.I)
SHARE = re.compile(r"\b(?:of the vote|share)\b", re.I)


class FactBook:
    """Collects facts, keeping ids and phrasings unique and never repeating an answer."""

    def __init__(self, year: int, names: dict[str, list[str]] | None = None) -> None:
        self.year = year
        self.names = names or {}  # person id -> name and aliases, to tag the facts about them
        self.facts: list[dict[str, Any]] = []
        self._ids: set[str] = set()
        self._claimed: set[str] = set()
        self._answers: set[str] = set()
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
    ) -> None:
        """Add a fact citing verbatim spans; its answer is the spans unless one is given."""
        cites = list(dict.fromkeys(cites))
        if not cites:
            return
        text = answer or " ".join(f"{span} [¶{n}]" for n, span in cites)
        key = " ".join(text.split())
        questions = [q for q in dict.fromkeys(questions) if self._claim(q)]
        if key in self._answers or not questions:
            return
        self._answers.add(key)
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
        years = sorted({int(y) for _, s in cites for y in YEAR.findall(s)} - {self.year})
        if years:
            fact["years"] = [self.year, *years]
        self.facts.append(fact)
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


def _first(sentences: list[Sentence], pattern: re.Pattern[str], book: FactBook) -> Sentence | None:
    """Return the first sentence matching a pattern that no fact has taken yet."""
    return next(
        (
            s
            for s in sentences
            if pattern.search(s.text) and (s.paragraph, s.text) not in book.used and not s.quoted
        ),
        None,
    )


def _line_answer(line: Line, place: str | None = None) -> str:
    """Say what a results line gives, with its paragraph mark."""
    share = f" ({line.share}%)" if line.share is not None else ""
    what = f"came {place} with" if place else "got"
    party = f" ({line.party})" if line.party else ""
    return f"{line.name}{party} {what} {line.votes:,} votes{share} [¶{line.paragraph}]."


def result_facts(
    book: FactBook,
    result: ResultDraft,
    sentences: list[Sentence],
    people: dict[str, PersonDraft],
    contest_name: str,
    place: str,
) -> None:
    """Propose the facts of the result: winner, each candidate's votes, places, figures."""
    by_name = {p.name: p for p in people.values() if not p.group}
    ranked = result.ranked
    winner = ranked[0] if ranked and (result.from_table or result.winner_sentence) else None
    win_cites: list[tuple[int, str]] = []
    if result.party_sentence and (
        not result.winner_sentence
        or result.party_sentence.paragraph < result.winner_sentence.paragraph
    ):
        win_cites.append((result.party_sentence.paragraph, result.party_sentence.sentence))
    if result.winner_sentence:
        win_cites.append((result.winner_sentence.paragraph, result.winner_sentence.sentence))
    if winner and result.from_table and winner.paragraph not in {n for n, _ in win_cites}:
        win_cites.append((winner.paragraph, winner.span))
    book.add(
        "winner",
        [
            "Who won?",
            f"Who won the {contest_name}?",
            f"Who won in {place}?",
            "Who is the new MP?",
            f"Who is the new MP for {place}?",
            "Who won the seat?",
            "Which party won?",
            "What was the result?",
            "Who got elected?",
        ],
        win_cites,
        keywords=["winner", "won", "result", "elected"],
    )
    parties = [line.party for line in result.lines]
    for line in result.lines:
        person = by_name.get(line.name)
        questions = [f"How many votes did {line.name} get?"]
        if person and len(line.name.split()) > 1:
            questions.append(f"How many votes did {person.surname} get?")
        if parties.count(line.party) == 1 and line.party not in (
            "",
            "Independent",
            "No description",
        ):
            questions += [f"How many votes did {line.party} get?", f"What did {line.party} get?"]
            if line.share is not None:
                questions.append(f"What share of the vote did {line.party} get?")
        book.add(
            f"votes-{line.name}",
            questions,
            [(line.paragraph, line.span)],
            answer=_line_answer(line) if result.from_table else None,
            people=[person.id] if person else None,
            parties=[line.party]
            if line.party not in ("", "Independent", "No description")
            else None,
        )
    if result.from_table:
        for i, line in enumerate(ranked[1:5], start=1):
            place_word = PLACES[i - 1]
            questions = [f"Who came {place_word}?", f"Who finished {place_word}?"]
            if i == 1:
                questions += ["Who was the runner-up?", "Who was second?"]
            book.add(
                f"place-{place_word}",
                questions,
                [(line.paragraph, line.span)],
                answer=_line_answer(line, place_word),
            )
        if len(ranked) >= 4:
            last = ranked[-1]
            book.add(
                "place-last",
                ["Who came last?", "Who got the fewest votes?"],
                [(last.paragraph, last.span)],
                answer=_line_answer(last, "last"),
            )
        names = "; ".join(f"{line.name} ({line.party})" for line in result.lines)
        marks = "".join(f"[¶{line.paragraph}]" for line in result.lines)
        book.add(
            "candidates",
            [
                "How many candidates were there?",
                "How many candidates stood?",
                "Who were the candidates?",
                "Who stood?",
            ],
            [(line.paragraph, line.span) for line in result.lines],
            answer=f"{len(result.lines)} candidates stood: {names} {marks}",
        )
    else:
        place = _first(sentences, PLACE_WORDS, book)
        if place:
            book.add(
                "runner-up",
                ["Who came second?", "Who was the runner-up?"],
                [(place.paragraph, place.text)],
            )
    figures = [
        (
            result.majority,
            "majority",
            [
                "What was the majority?",
                "How big was the majority?",
                "What was the winning margin?",
                "How many votes did they win by?",
            ],
        ),
        (
            result.previous_majority,
            "previous-majority",
            [
                "What was the previous majority?",
                "What majority was overturned?",
                "How big was the majority before?",
                "What was the majority last time?",
            ],
        ),
        (
            result.turnout,
            "turnout",
            ["What was the turnout?", "How many people voted?", "What percentage of people voted?"],
        ),
        (
            result.electorate,
            "electorate",
            [
                "How many people could vote?",
                "How big is the electorate?",
                "How many registered voters are there?",
            ],
        ),
        (result.swing, "swing", ["What was the swing?", "How big was the swing?"]),
    ]
    for figure, fid, questions in figures:
        if figure is not None:
            book.add(
                fid,
                questions,
                [(figure.paragraph, figure.sentence)],
                keywords=[fid.replace("-", " ")],
            )


def topic_facts(book: FactBook, sentences: list[Sentence], contest_name: str) -> None:
    """Propose the facts askers ask about any by-election: why it was held, gains, records, recounts."""
    topics = [
        (
            TRIGGER,
            "trigger",
            [
                "Why was there a by-election?",
                "What triggered the by-election?",
                f"Why was the {contest_name} held?",
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
        found = _first(sentences, pattern, book)
        if found is not None:
            book.add(
                fid, questions, [(found.paragraph, found.text)], keywords=[fid.replace("-", " ")]
            )


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
                f"What did {person.name} do?",
                f"What happened with {person.name}?",
                f"What does the article say about {person.name}?",
                f"Tell me about {person.name}",
            ],
            [(s.paragraph, s.text) for s in found[:3]],
            people=[pid],
        )
