"""Other contests the sources report: which evidence may answer a question about one, or not."""

from __future__ import annotations

from dataclasses import replace

from ..text import stem
from .analysis import Analysis
from .candidate import Candidate
from .concepts import ASKED_FIGURES, FIGURE_WORDS
from .index import ContestIndex
from .sentence_index import Sentence


def stems(query: Analysis) -> set[str]:
    """Return a question's words as a place's words are kept (stemmed)."""
    return set(query.bag) | {stem(t) for t in query.tokens}


def keep_for_elsewhere(
    index: ContestIndex, query: Analysis, candidates: list[Candidate], asked: list[str]
) -> list[Candidate]:
    """Keep what may answer a question, given the other contests the sources report.

    Asked about one ("kingswood maj?"), only sentences naming it may answer: this contest's
    facts and result are not its; and a figure only from a sentence about it alone ("after
    success in Kingswood ... Peter Bone's majority of 18,540" gives this contest's). Asked for a
    figure without naming one, a sentence naming another contest, and no one or nothing of this
    one, gives none ("Tory victory in Copeland, where turnout was 51.35%").
    """
    keys = index.elsewhere
    figure = query.wh == "number" or bool(query.figures or query.bag & FIGURE_WORDS)
    # "what was the swing in Testville?": naming this contest, not only a figure, is asked of it
    named = f"#{index.contest.id}" in query.tokens or index.own_words <= stems(query)
    figure = figure or bool(query.bag & ASKED_FIGURES and named)

    def ours(s: Sentence) -> bool:
        """Tell whether a sentence is (also) about this contest: its place, or someone the
        sources describe (not "Damien Egan", named only as the other contest's winner)."""
        return bool(s.persons & index.described or s.contests or index.own_words & s.bag)

    if asked:
        wanted = [keys[p] for p in asked]
        return [
            replace(c, detail={**c.detail, "elsewhere": asked[0]})  # no result of ours after it
            for c in candidates
            if isinstance(s := c.evidence, Sentence)
            and any(k <= s.bag for k in wanted)
            and not (figure and ours(s))
        ]
    if not figure:
        return candidates
    return [
        c
        for c in candidates
        if not (
            isinstance(s := c.evidence, Sentence)
            and any(k <= s.bag for k in keys.values())
            and not ours(s)
        )
    ]
