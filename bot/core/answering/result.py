"""The count source: the live status, and once declared the result (winner, votes, ranks...).

What a question asks of the result is read from the canonical words of synonyms.yaml (`won`,
`majority`, `turnout`, `votes won`, `share`, `electorate`, `rejected`, `full`, `candidate`,
ordinals...); who it asks about from the candidates' names and parties in the status.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..knowledge.status import Candidate as Runner
from ..knowledge.status import Result, Status
from ..text import stem, words
from .analysis import Analysis, predicts
from .answer import CitedSpan
from .asking import asks_definition
from .candidate import Candidate
from .concepts import (
    CANDIDATE,
    COUNT,
    GAIN,
    HELD,
    LOST,
    MEAN,
    PARTY_STEM,
    QUOTE,
    RESULT,
    STATUS,
    WON,
)
from .figures import figures_in
from .index import ContestIndex
from .result_fields import (
    COMPARE,
    CONTEST_WIDE,
    ELSEWHERE,
    FINISHED,
    HOW_DID,
    NAME_ASKED,
    WIN_WORDS,
    anchor,
    asks_change,
    asks_outcome,
    available,
    field_asked,
    unaccounted,
)
from .runners import runners_of
from .vetoes import party_name

SCORE = 0.92
STATUS_SCORE = 0.7
FIRM_SCORE = 1.1  # a figure of a result asked for before there is one
LEFTOVER_COST = 0.1  # per word of the question that is not about the result
LEFTOVER_SCORE = 0.5  # the most a question with such words can score: never answered
NOT_YET = "No result has been declared yet, so I have no {what}."
STOOD = frozenset({"candidate", "candidates", "stood", "standing", "ran", "running"})


@dataclass(frozen=True)
class ResultFacts:
    """Evidence: the part of a declared result the question asks for, and about whom."""

    status: Status
    field: str  # winner, votes, share, rank, majority, turnout, electorate, rejected, full, ...
    runners: tuple[Runner, ...] = ()  # the candidates asked about, in the order named
    rank: int | None = None
    verdict: bool | None = None  # for yes/no questions that the result decides
    change: str | None = None  # "Conservative gain from Labour", "Labour hold", when known
    previous: bool = False  # the question gives a figure of the previous result: say it
    absent: tuple[str, ...] = ()  # parties asked about that had no candidate
    said: CitedSpan | None = None  # where the sources say so: "not contested by Labour"


@dataclass(frozen=True)
class CountFacts:
    """Evidence: the count is not declared; what the status says instead."""

    status: Status
    field: str


# Words of a sentence saying who stood or did not: "not contested by Labour", "stood aside"
STANDING = frozenset({CANDIDATE, "contest", "stand", "step_aside"})


def _stood_aside(index: ContestIndex, parties: set[str]) -> CitedSpan | None:
    """Return the sentence of the sources saying these parties did not stand, if one does.

    One naming them all, with no figure (no one's votes) and a word about standing: "The
    election was not contested by Labour, the Liberal Democrats or the Greens."
    """
    for s in index.sentences.sentences:
        if parties <= s.parties and not s.figures and s.bag & STANDING:
            return CitedSpan(s.source, s.paragraph, s.text)
    return None


def propose(index: ContestIndex, query: Analysis) -> list[Candidate]:
    """Return a candidate from the count's status or its declared result, if the question asks."""
    status = index.contest.status
    tokens = set(query.tokens) | {stem(t) for t in query.tokens}
    if (
        (tokens & ELSEWHERE and not asks_outcome(query, tokens))
        or query.years - {index.contest.date.year}
        or query.wh == "why"
    ):
        return []
    if MEAN in query.tokens or asks_definition(query.raw):
        return []  # "what does ND stand for?" asks for a definition the result does not give
    field = field_asked(query)
    if query.wh == "where" and (field not in (None, "votes", "rank") or not tokens & FINISHED):
        return []  # "where was the count?"; but "where did Labour finish?" is a place in the result
    runners = runners_of(index, status)
    extra = unaccounted(index, query, runners)
    cost = LEFTOVER_COST * len(extra)
    if runners is None:
        if field in ("winner", "when") and _over(field, query.raw, query.wh):
            return _not_declared(status, field, tokens, query.raw, query.wh)
        if extra or query.persons:
            return []  # "who won the football?", "what's X's constituency?"
        return _not_declared(status, field, tokens, query.raw, query.wh)
    named = runners.named(index, query)
    if query.wh == "who" and query.parties and len(named) == 1 and named[0].unnamed:
        return []  # "who was the Lib Dem candidate?": the sources give that party's votes only
    absent = {p for p in query.parties if not runners.by_party.get(p)}
    if query.parties and absent == query.parties and query.wh == "who" and not extra:
        return []  # "who was the Lib Dem candidate?" of a result that lists none of theirs
    asks_stood = field == "candidates" and query.yes_no and not extra
    if query.parties and absent == query.parties and asks_stood:
        # "did Labour even stand?": a declared result lists every candidate, and none is Labour's
        names = tuple(party_name(p) for p in sorted(absent))
        said = _stood_aside(index, absent)
        evidence = ResultFacts(status, "candidates", verdict=False, absent=names, said=said)
        paragraphs = frozenset(c.paragraph for c in status.citations)
        if said is not None:
            paragraphs |= {said.paragraph}
        return [Candidate("result", SCORE, evidence, "result:candidates", paragraphs)]
    if absent and field not in CONTEST_WIDE and not ELSEWHERE & tokens:
        # "how many votes did the SNP get?": no SNP candidate stood; the result says no more
        names = " or ".join(party_name(p) for p in sorted(absent))
        names = names if "party" in names.lower() else names + " party"
        why = f"I don't have that for the {names} in my sources."
        return [Candidate("result", SCORE, None, "result:absent", veto=why)]
    if field in CONTEST_WIDE and (named or query.persons) and query.yes_no:
        return []  # "did Azhar Ali even turn up?" is not about the turnout
    anchored = anchor(runners.result, query)
    if anchored is not None:  # "the 6,940 thing", "lab maj 6,940?": a figure of the result
        field, owners = anchored
        field = field_asked(query) or field
        named = named or owners
        extra = set()
    if len(named) >= 2 and field in (None, "votes", "candidates") and COMPARE & set(query.raw):
        field = "compare"  # "lib dems vs reform, who finished higher?"
    top_two = {id(r) for r in runners.result.ranked[:2]}
    if field == "majority" and len(named) >= 2 and {id(r) for r in named[:2]} != top_two:
        field = "compare"  # "by how many votes did the Tories beat the Lib Dems?"
    if field is None and query.wh == "number" and named and STOOD & set(query.raw):
        field = "count"  # "how many independent candidates were there?": the party took the word
    if predicts(query) and field != "winner":
        return []  # "is X going to stand again?": the result says who won, not what comes next
    if field in (None, "candidates") and QUOTE in query.bag:
        return []  # "what did Jo Bloggs say after the count?": their words, not their votes
    if field is None:
        # "what's Bloggs's first name?": their line gives it, when no one else has them
        asks_name = bool(NAME_ASKED & set(query.raw)) and len(named) == 1
        if not named or extra or (query.wh == "who" and not asks_name):
            return []  # "who's Dave Kent?" is for the people source
        asks_party = query.yes_no and (query.parties or PARTY_STEM in query.bag)
        if not (HOW_DID & set(query.raw) or len(query.bag) <= 1 or asks_party or asks_name):
            return []
        if {"does", "do"} <= set(query.raw) and not (HOW_DID - {"do"}) & set(query.raw):
            return []  # "what does X do?" asks their job, not their votes
        field = "votes"  # "how did Labour do?" / "Jo Bloggs?"
    if field == "candidates" and named:
        # "how many independents stood?" counts them; "how did the Lib Dem candidate do?"
        field = "count" if query.wh == "number" else "votes"
    if field in ("votes", "share") and not named and WON in query.tokens:
        named = [runners.result.winning]  # "what % did the winner get?"
    if field in ("share", "votes", "turnout") and asks_change(query.raw):
        return []  # "how much did Labour's share go up?": a result holds no earlier shares
    if field == "when" and (status.updated_at is None or not status.version):
        return []  # a drafted result: the article, if anything, says when
    holds = HELD in query.tokens or bool(GAIN & set(query.raw))
    if field == "winner" and len(named) >= 2 and not holds:
        field = "compare"  # "did the Lib Dems beat the Greens?" (not "Tory hold or Labour gain?")
    elif field == "winner" and named and not set(query.tokens) & WIN_WORDS:
        field = "votes"  # "where did Labour finish in the end?"
    if field == "compare":
        # one for each named: "the Brexit Party" is Greene, not also "SDP Fighting for Brexit"
        named = runners.one_each(index, query, named)
        field = "compare" if len(named) >= 2 else "votes"
    if field == "rank" and not named and query.wh not in ("who", None):
        return []
    result = runners.result
    verdict: bool | None = None
    lost = LOST in query.tokens
    if field == "winner" and query.yes_no and named and "or" not in query.raw:
        verdict = (result.winning in named) != lost
        held, gain = HELD in query.tokens, bool(GAIN & set(query.raw))
        if (held or gain) and verdict:  # "a Tory hold?": so only if who held it before is known
            known = change(index, result)  # (no when they did not win: "did Labour hold on?")
            verdict = None if known is None else known.endswith(" hold") == held
    elif field == "compare" and query.yes_no and "or" not in query.raw:
        first, second = named[0], named[1]
        verdict = (first.votes > second.votes) != lost
    elif field == "rank" and query.yes_no and named and query.ordinal is not None:
        place = len(result.ranked) if query.ordinal == -1 else query.ordinal
        verdict = 1 <= place <= len(result.ranked) and result.ranked[place - 1] in named
    elif field == "majority" and query.yes_no and named:
        verdict = result.winning in named  # "Labour's majority 6,940?" -> no, it is the winner's
    if not available(result, field):
        return []
    before = bool(result.previous) and any(
        f in figures_in(words(result.previous)) for f in query.figures
    )
    evidence = ResultFacts(
        status, field, tuple(named), query.ordinal, verdict, change(index, result), before
    )
    paragraphs = frozenset(c.paragraph for c in status.citations)
    score = SCORE if not extra else LEFTOVER_SCORE - cost
    return [Candidate("result", score, evidence, f"result:{field}", paragraphs)]


_OVER = (("in", "the", "end"), ("ended", "up"), ("finally",), ("eventually",), ("official",))


def _over(field: str, raw: list[str], wh: str | None) -> bool:
    """Tell whether a question about the winner or the declaration takes the count to be over:
    "who won in the end?", "who finally won?", "what time was the result declared?" (not
    "who won?", "has it been declared?", "when will it be declared?")."""
    if field == "when":
        return (
            wh == "when"
            and bool({"was", "did"} & set(raw))
            and not {"will", "is", "due"} & set(raw)
        )
    return any(tuple(raw[i : i + len(words)]) == words for words in _OVER for i in range(len(raw)))


def _not_declared(
    status: Status, field: str | None, tokens: set[str], raw: list[str], wh: str | None
) -> list[Candidate]:
    """Before a declaration: who won / when / the status get the count's status; figures do not.

    A status nobody has set (a drafted `scheduled`) says nothing: the article answers instead.
    """
    live = (
        status.version or status.phase != "scheduled" or status.note or status.expected_declaration
    )
    if not live:
        return []
    paragraphs = frozenset(c.paragraph for c in status.citations)
    if field in ("winner", "when") and _over(field, raw, wh):
        # "who won in the end?", "what time was it declared?": asked as over, which it is not
        veto = f"No result has been declared yet, so I can't say. Count status: {status.label}."
        return [Candidate("result", FIRM_SCORE, None, "status", veto=veto, near_miss=True)]
    if field in ("winner", "when") or (field is None and tokens & {COUNT, STATUS}):
        facts = CountFacts(status, field or "status")
        # "results soon??": nothing but the result asked about, which the status answers
        score = SCORE if RESULT in tokens and field == "when" else STATUS_SCORE
        return [Candidate("result", score, facts, "status", paragraphs)]
    if field in ("votes", "share", "rank", "full", "majority", "candidates"):
        what = {"majority": "majority figure", "candidates": "list of candidates"}.get(
            field, "vote figures"
        )
        veto = NOT_YET.format(what=what)
        # "final con maj?" asks for the result itself: that outranks what was said before it
        score = FIRM_SCORE if RESULT in tokens else STATUS_SCORE
        return [Candidate("result", score, None, "status", veto=veto, near_miss=True)]
    return []


def change(index: ContestIndex, result: Result) -> str | None:
    """Return 'X gain from Y' or 'X hold' when the result names the party that held the seat."""
    if not result.previous:
        return None
    before = index.party_token(result.previous)
    winner = result.winning
    now = index.party_token(winner.party)
    if before is None or now is None:
        return None
    if before == now:
        return f"{winner.party} hold"
    held_by = next(
        (c.party for c in result.candidates if index.party_token(c.party) == before), None
    )
    return f"{winner.party} gain from {held_by or before.replace('_', ' ').title()}"
