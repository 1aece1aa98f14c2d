"""The facts source: score hand-written facts against a question, with qualifier vetoes."""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import Analysis, predicts
from .answer import UNKNOWN_TEXT
from .asking import asked_count, asks_definition, asks_party_person, asks_votes
from .candidate import Candidate
from .concepts import HISTORY, QUOTE
from .index import ContestIndex, Entry
from .vetoes import other_qualifier, other_side

FIRST_PERSON = frozenset({"i", "my", "me", "i'm", "im", "myself"})
YES_NO = frozenset(
    [
        "so",
        "is",
        "are",
        "was",
        "were",
        "does",
        "did",
        "do",
        "has",
        "have",
        "had",
        "will",
        "would",
        "should",
        "can",
        "could",
    ]
)


@dataclass(frozen=True, slots=True)
class Params:
    """Tunable weights of the scorer, measured on tests/questions/dev.yaml."""

    unknown_weight: float = 0.4  # share of the top weight an unknown common word carries
    rare_weight: float = 1.0  # ... and an unknown rare word (a name the sources lack)
    beta2: float = 1.0  # >1 leans the phrasing match towards recall of the question's words
    mix: float = 0.7  # share of the best-phrasing match against coverage by the whole entry
    wh_bonus: float = 0.06
    # What a question type the fact never answers costs: a "why" question is not answered
    # by a figure, nor a "where" question by a time.
    wh_penalty: tuple[tuple[str, float], ...] = (
        ("when", 0.2),
        ("who", 0.1),
        ("number", 0.3),
    )
    quote_penalty: float = 0.3  # asked what someone said; the fact quotes nobody
    first_person_penalty: float = 0.15
    min_evidence: float = 1.0  # matched weight below which the score is scaled down
    other_year_penalty: float = 0.1  # a fact about another year, asked with no year
    unphrased: float = 0.5  # share of the score kept when no phrasing shares a word
    # "how many candidates?" and an answer whose figures count votes, which no phrasing asks
    unbound: float = 0.3
    # "is Helen happy tonight?": a question matching a fact by the person named alone
    unknown_claim: float = 0.25
    # "who is Steve Tuckwell?" asks who he is: a fact about him, not written for that, gives way
    identity: float = 0.1


DEFAULT_PARAMS = Params()
FACT_SHIFT = 0.03  # facts compete with the other sources 0.03 below their own score
EXACT = 0.999  # a phrasing match this close: the question's words are the phrasing's


@dataclass(frozen=True, slots=True)
class Scored:
    """A fact's score for one question, and why it was vetoed, if it was."""

    entry: Entry
    score: float
    veto: str | None = None
    near_miss: bool = False  # vetoed for another year, party or person: the asker meant this fact


# Question types a fact must have been written for: a figure does not say why, nor a time where.
STRICT_TYPES = {"why": "why", "where": "where"}


def qualifier_veto(index: ContestIndex, query: Analysis, entry: Entry) -> tuple[str | None, bool]:
    """Return why a fact must not answer this question, and whether it is a near miss."""
    if entry.excludes and (entry.excludes & query.bag or entry.excludes & set(query.tokens)):
        return UNKNOWN_TEXT, False
    if asks_definition(query.raw) and not entry.defines:
        return UNKNOWN_TEXT, False  # "what does Ukip stand for?" is not the Ukip candidate's votes
    if query.wh in STRICT_TYPES and query.wh not in entry.wh:
        return f"My sources don't say {STRICT_TYPES[query.wh]}.", False
    if query.relations and other_side(query.relations, entry.relations):
        return UNKNOWN_TEXT, False  # asked what happened after 4am; this was before it
    if not entry.ahead and predicts(query):
        return UNKNOWN_TEXT, False  # "will X stand again?": X's votes tonight do not say
    if query.wh in ("number", "when") and not entry.dated and query.wh not in entry.wh:
        return UNKNOWN_TEXT, False  # "how many" or "when", and the answer gives no figure
    return near_miss(index, query, entry), True


def near_miss(index: ContestIndex, query: Analysis, entry: Entry) -> str | None:
    """Return why a fact is about another year, party or person than the question, if it is."""
    return other_qualifier(query, entry.years, entry.parties, entry.persons, index.contest.people)


def _f_score(overlap: float, q_weight: float, p_weight: float, beta2: float) -> float:
    """Return a recall-leaning F-measure of a weighted overlap."""
    if overlap <= 0 or q_weight <= 0 or p_weight <= 0:
        return 0.0
    recall = overlap / q_weight
    precision = overlap / p_weight
    return (1 + beta2) * recall * precision / (beta2 * precision + recall)


def score_entries(
    index: ContestIndex, query: Analysis, params: Params = DEFAULT_PARAMS
) -> list[Scored]:
    """Score every fact of a contest for the question, best first."""
    bag = query.bag
    if not bag:
        return []
    weight = index.weight
    unknown_w = index.max_idf * params.unknown_weight
    rare_w = index.max_idf * params.rare_weight
    wh_penalty = dict(params.wh_penalty)
    q_weight = sum(
        rare_w if t in query.rare else unknown_w if t in query.unknown else weight(t) for t in bag
    )
    first_person = not FIRST_PERSON.isdisjoint(query.tokens)
    history = not HISTORY.isdisjoint(query.tokens)  # "previous maj": asked about before
    # "what did X say" wants someone's words; "are Labour saying they've lost" is a yes/no question
    asks_for_words = QUOTE in bag and bool(query.tokens) and query.tokens[0] not in YES_NO
    counted = asked_count(query, bag) if query.wh == "number" else set()
    if counted == set() and query.wh == "number" and asks_votes(query, counted):
        counted = {"votes"}  # "what did the Tories get?": a majority is not their votes
    # "brexit party vote in 2019?": a fact giving no figure does not answer it
    votes_asked = asks_votes(query, asked_count(query, bag))
    # "who stood for the Brexit Party?": a fact naming no one of that party does not answer it
    person_asked = asks_party_person(query)
    of_party = index.party_owners.get(min(query.parties), frozenset()) if person_asked else set()
    parties = query.parties
    # "who is X?": the question names a person and nothing else
    identity = query.wh == "who" and bool(query.persons) and all(t[0] == "@" for t in bag)
    results: list[Scored] = []
    for entry in index.entries:
        shared_bag = bag & entry.bag
        if not shared_bag:
            continue
        if votes_asked and not entry.figures:
            continue
        # a results line names a party's candidate by surname, with figures: "Rofidi (Lab)"
        lines = entry.figures and query.parties <= entry.parties
        if person_asked and not entry.persons & of_party and not lines:
            continue
        best = 0.0
        for phr, p_weight in zip(entry.phrasings, entry.weights, strict=True):
            shared = bag & phr
            if shared:
                matched = sum(weight(t) for t in shared)
                best = max(best, _f_score(matched, q_weight, p_weight, params.beta2))
        if bag <= {QUOTE} and best < EXACT:
            continue  # "did anyone actually say that?" names nothing a fact is about
        evidence = sum(weight(t) for t in shared_bag)
        coverage = evidence / q_weight
        score = params.mix * best + (1 - params.mix) * coverage
        if best == 0:
            score *= params.unphrased  # only its answer or keywords share words: weak evidence
        if evidence < params.min_evidence and best < EXACT:  # a question phrased as written
            score *= evidence / params.min_evidence  # is clear however common its words are
        if query.wh:
            if query.wh in entry.wh:
                score += params.wh_bonus
            else:
                score -= wh_penalty.get(query.wh, 0.0)
        if first_person:
            score -= params.first_person_penalty
        if not query.years and not history and index.contest.date.year not in entry.years:
            score -= params.other_year_penalty  # "what's the majority?" is about this contest
        if asks_for_words and not any(QUOTE in p for p in entry.phrasings):
            score -= params.quote_penalty
        if counted and entry.figures and not counted & entry.counted:
            score -= params.unbound
        if (
            not {t for t in shared_bag if t[0] not in "@#" and t not in parties}
            and bag - shared_bag
        ):
            # only the person or party matches: "is Helen happy tonight?", "the Brexit Party's
            # policies?"
            score -= params.unknown_claim
        if identity and best < EXACT:
            score -= params.identity
        if query.wh == "when" and entry.dated and not entry.timed and "when" not in entry.wh:
            continue  # "when was it announced?": the winner's votes say no time, and hide none
        veto, near = qualifier_veto(index, query, entry)
        results.append(Scored(entry, score, veto, near and veto is not None))
    results.sort(key=lambda s: s.score, reverse=True)
    return results


def propose(
    index: ContestIndex, query: Analysis, params: Params = DEFAULT_PARAMS
) -> tuple[list[Candidate], list[Scored]]:
    """Return the best facts as candidates (the best usable and the best vetoed), and all scores."""
    scored = score_entries(index, query, params)
    out: list[Candidate] = []
    usable = next((s for s in scored if s.veto is None), None)
    declared = index.contest.status.result is not None
    if usable is not None:
        out.append(_candidate(usable, declared))
    vetoed = next((s for s in scored[:2] if s.veto is not None), None)
    if vetoed is not None:
        out.append(_candidate(vetoed, declared))
    return out, scored


def _candidate(scored: Scored, declared: bool) -> Candidate:
    """Turn a scored fact into a candidate."""
    fact = scored.entry.fact
    return Candidate(
        source="fact",
        score=scored.score - FACT_SHIFT,
        evidence=fact,
        key=f"fact:{fact.id}",
        paragraphs=frozenset(c.paragraph for c in fact.citations),
        veto=scored.veto,
        near_miss=scored.near_miss,
        suggestion=fact.questions[0],
        suggestion_id=fact.id,
        entry_id=fact.id,
        figures=scored.entry.figures,
        detail={"declared": fact.kind == "status" and declared},
    )
