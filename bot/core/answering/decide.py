"""The decision: answer with the best candidate, ask "did you mean ...?", or abstain.

One confidence, built from the evidence each source reports: how strongly the question
matches, and the vetoes (a question about another year, party, person or figure never gets
this evidence). A vetoed candidate that matches better than anything usable means the asker
meant it: the bot says what it lacks instead of answering something else. A declared result
settles what it answers, ahead of facts and sentences written before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from ..text import words
from .analysis import Analysis
from .candidate import ANSWER, ASK, Candidate
from .concepts import HISTORY
from .result import ResultFacts

# A candidate answering from the declared result wins over one about the run-up by this much.
RESULT_LEAD = 0.15
# A sentence must beat a hand-written fact by this much to be preferred to it.
SENTENCE_HANDICAP = 0.2
# Quoted words found in a quotation settle who said them.
ATTRIBUTION_LEAD = 0.2
# "What did X say?" is answered with X's own words before a fact that mentions X.
SPEAKER_LEAD = 0.1
# A vetoed candidate matching this much better than the best usable one says what was asked:
# the usable one answers something else.
VETO_MARGIN = 0.25


@dataclass(frozen=True)
class Decision:
    """What to do with a question: answer with `chosen`, ask, or abstain (saying `reason`)."""

    action: Literal["answer", "ask", "abstain"]
    chosen: Candidate | None = None
    reason: str | None = None  # why the bot abstains, when it knows (another year, no quote...)
    offers: tuple[Candidate, ...] = field(default_factory=tuple)  # suggestions, best first
    confidence: float = 0.0


def _rank(candidate: Candidate) -> float:
    """Return the score a candidate competes with."""
    score = candidate.score
    if candidate.source == "sentence":
        score -= SENTENCE_HANDICAP
    if isinstance(candidate.evidence, ResultFacts):
        score += RESULT_LEAD
    if candidate.detail.get("attribution"):
        score += ATTRIBUTION_LEAD
    if candidate.detail.get("speaker"):
        score += SPEAKER_LEAD
    return score


def decide(candidates: list[Candidate], query: Analysis) -> Decision:
    """Choose between answering, asking and abstaining."""
    usable = sorted((c for c in candidates if c.usable), key=_rank, reverse=True)
    vetoed = sorted((c for c in candidates if not c.usable), key=_rank, reverse=True)
    offers = tuple(c for c in usable + vetoed if c.suggestion)[:3]
    best = usable[0] if usable else None
    top = _rank(best) if best else 0.0
    blocker = next((c for c in vetoed if c.near_miss), None)
    if blocker is not None and _rank(blocker) > top and blocker.score >= ASK:
        if query.yes_no and query.figures and query.figures <= blocker.figures:
            # "was that 4,321 majority from 2017?": the figure is this evidence's; its year is not
            corrected = replace(blocker, veto=None, detail={**blocker.detail, "corrects": True})
            return Decision("answer", corrected, offers=offers, confidence=blocker.score)
        return Decision("abstain", reason=blocker.veto, offers=offers, confidence=blocker.score)
    # (not for "where": a fact is rarely written to say where, and a sentence naming the place does)
    stronger = next((c for c in vetoed if c.score >= ANSWER and query.wh != "where"), None)
    if best is not None and stronger is not None and _rank(stronger) >= top + VETO_MARGIN:
        # "is the jab programme why labour lost?": a fact about the vaccine's effect matched far
        # better, though it gives no reason; a sentence that merely shares words does not either
        return Decision("abstain", reason=stronger.veto, offers=offers, confidence=top)
    if best is not None and _rank(best) >= ANSWER and _fits(best, query, usable):
        return Decision("answer", best, offers=offers, confidence=min(best.score, 1.0))
    if best is not None and _rank(best) >= ASK and best.suggestion:
        return Decision("ask", best, offers=offers, confidence=best.score)
    floor = ANSWER * 0.6
    reason = next((c.veto for c in vetoed[:2] if c.score >= floor), None)
    return Decision("abstain", reason=reason, offers=offers, confidence=top)


def _fits(candidate: Candidate, query: Analysis, others: list[Candidate]) -> bool:
    """Tell whether the kind of evidence can answer the kind of question asked.

    A fact about the count, once a result is declared, is answered with the result: only when
    the result source also read the question as being about the result.
    """
    if candidate.detail.get("declared") and not any(
        isinstance(c.evidence, ResultFacts) for c in others
    ):
        return not HISTORY.isdisjoint(query.tokens)  # "when was it originally due?"
    if (
        query.wh == "number"
        and not query.yes_no
        and candidate.figures
        and candidate.figures <= query.figures
    ):
        return False  # "42.5% turnout, out of how many?": it gives only the figure typed
    if _asks_how_long(query.raw) and not DURATION.search(_said(candidate)):
        return False  # "how long have the Tories held it?": "since 1983" says; "in 2019" does not
    if candidate.source == "sentence" and candidate.detail.get("figure_miss"):
        return query.yes_no  # a figure it lacks: only a yes/no premise can be corrected
    if query.yes_no and query.figures and JUDGEMENTS.intersection(query.raw):
        # "is 46.3% good for turnout?": an opinion, unless the source judges the figure itself
        # ("an unusually high 61.2%" answers "is that normal?")
        said = set(words(_said(candidate).lower()))
        return bool(said & (JUDGEMENTS | JUDGING))
    return True


# Words that judge a figure: a source that gives the figure does not say it is good or high.
JUDGEMENTS = frozenset(
    "good bad high low decent poor big small huge massive impressive normal usual unusual "
    "strong weak respectable disappointing healthy terrible great".split()
)
JUDGING = frozenset("unusually unusual record highest lowest remarkably surprisingly".split())


# Words that give a length of time: "since 1983", "for 24 years", "within 18 months".
DURATION = re.compile(
    r"\bsince\b|\bwithin\b|\b(?:decades?|century|centuries|years?|months?|weeks?|days?|hours?)\b",
    re.I,
)


_LASTED = frozenset({"has", "have", "had", "was", "were", "did", "hasnt", "havent"})


def _asks_how_long(raw: list[str]) -> bool:
    """Tell whether a question asks how long something has lasted ("how long has X held it?"),
    not how long until something happens ("how long till the result?")."""
    return any(
        raw[i : i + 2] == ["how", "long"] and raw[i + 2] in _LASTED for i in range(len(raw) - 2)
    )


def _said(candidate: Candidate) -> str:
    """Return the text a candidate's evidence gives, where it has one."""
    evidence = candidate.evidence
    for owner in (evidence, getattr(evidence, "fact", None)):
        for name in ("answer", "text"):
            if isinstance(value := getattr(owner, name, None), str):
                return value
    return ""
