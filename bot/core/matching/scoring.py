"""Score facts against an analysed question, with qualifier checks that veto wrong answers."""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import Analysis
from .index import ContestIndex, Entry

UNKNOWN_WEIGHT = 0.8  # share of the top weight an unknown word carries against a match
WH_BONUS = 0.06
WH_PENALTY = 0.08


@dataclass(frozen=True, slots=True)
class Scored:
    """A fact's score for one question, and why it was vetoed, if it was."""

    entry: Entry
    score: float
    veto: str | None = None


def qualifier_veto(index: ContestIndex, query: Analysis, entry: Entry) -> str | None:
    """Return why a fact must not answer this question (another year, party or person)."""
    if other := query.years - entry.years:
        return f"for {' or '.join(str(y) for y in sorted(other))}"
    if other := query.parties - entry.parties:
        names = " or ".join(p.replace("_", " ").title() for p in sorted(other))
        return f"for the {names} party" if "party" not in names.lower() else f"for the {names}"
    if other := query.persons - entry.persons:
        people = index.contest.people
        return "for " + " or ".join(people[p].name if p in people else p for p in sorted(other))
    return None


def _f_score(overlap: float, q_weight: float, p_weight: float) -> float:
    """Return a recall-leaning F-measure of a weighted overlap."""
    if overlap <= 0 or q_weight <= 0 or p_weight <= 0:
        return 0.0
    recall = overlap / q_weight
    precision = overlap / p_weight
    beta2 = 2.0
    return (1 + beta2) * recall * precision / (beta2 * precision + recall)


def score_entries(index: ContestIndex, query: Analysis) -> list[Scored]:
    """Score every fact of a contest for the question, best first."""
    bag = query.bag
    if not bag:
        return []
    weight = index.weight
    unknown_w = index.max_idf * UNKNOWN_WEIGHT
    q_weight = sum(unknown_w if t in query.unknown else weight(t) for t in bag)
    results: list[Scored] = []
    for entry in index.entries:
        shared_bag = bag & entry.bag
        if not shared_bag:
            continue
        best = 0.0
        for phr, p_weight in zip(entry.phrasings, entry.weights, strict=True):
            shared = bag & phr
            if shared:
                best = max(best, _f_score(sum(weight(t) for t in shared), q_weight, p_weight))
        coverage = sum(weight(t) for t in shared_bag) / q_weight
        score = 0.7 * best + 0.3 * coverage
        if query.wh:
            if query.wh in entry.wh:
                score += WH_BONUS
            elif query.wh in ("who", "when", "where", "why") and entry.wh:
                score -= WH_PENALTY
        results.append(Scored(entry, min(score, 1.0), qualifier_veto(index, query, entry)))
    results.sort(key=lambda s: s.score, reverse=True)
    return results
