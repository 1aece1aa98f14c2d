"""What a question asks for, beyond its type: what it counts, whether that is votes, a person
of a party it names, or what a name stands for. Sources use these to tell whether their
evidence can answer it."""

from __future__ import annotations

from .analysis import Analysis
from .concepts import CANDIDATE, PARTY_STEM, WON
from .figures import figure_key

VOTE_WORDS = frozenset({"vote", "votes", "votes_won"})
MAJORITY = frozenset({"majority", "maj", "major"})  # "a majority of 24,664 votes" is no one's vote
# What a figure measures other than a party's votes: "Labour's vote share"
NOT_VOTES = MAJORITY | {"share", "percentage", "percent", "swing", "turnout", "valid"}
# "how many did the Lib Dems get?": what a party or candidate gets, with nothing else counted,
# is votes
GETS = frozenset(
    {
        "get",
        "got",
        "gets",
        "win",
        "won",
        "wins",
        "receive",
        "received",
        "poll",
        "polled",
        "score",
        "scored",
        "take",
        "took",
        "manage",
        "managed",
        "end",
        "finish",
        "finished",
    }
)


HOW_DO = frozenset({"do", "did", "does", "fare", "fared", "go", "went"})


def asked_count(query: Analysis, bag: set[str]) -> set[str]:
    """Return the words of what a "how many" question counts (not its names, years, figures)."""
    names = {t for t in bag if t[0] in "@#" or t in query.parties or figure_key(t) is not None}
    asked = bag - names - {str(y) for y in query.years}
    return asked | {w for t in asked for w in query.typed.get(t, ())}


def asks_votes(query: Analysis, counted: set[str]) -> bool:
    """Tell whether a question asks only a party's or candidate's votes: "how many did the Lib
    Dems get?", "tory vote total?", "lab vote count pls"."""
    if not (query.parties or query.persons) or query.figures or query.yes_no:
        return False
    said = set(query.raw)
    votes = counted & VOTE_WORDS
    rest = counted - GETS - votes - {w for t in votes for w in query.typed.get(t, ())}
    if query.wh == "number":
        return not rest and bool(votes or GETS & said)
    if query.wh is None and "how" in said and said & HOW_DO and not counted:
        return True  # "how did Reform do?": their votes, which is how they did
    return query.wh is None and bool(VOTE_WORDS & said) and not (counted | said) & NOT_VOTES


def asks_party_person(query: Analysis) -> bool:
    """Tell whether a question gives a party and asks for a person of it: "who was the Tory
    candidate?", "who won Tamworth for Labour?", "who was the Tory who won?" (not "which party
    won?")."""
    relative = "who" in query.raw[1:]  # "the Tory who won": someone of that party
    return (
        query.wh == "who"
        and len(query.parties) == 1
        and not query.persons
        and PARTY_STEM not in query.bag
        and (CANDIDATE in query.bag or (WON in query.bag and ("for" in query.raw or relative)))
    )


def asks_definition(raw: list[str]) -> bool:
    """Tell whether a question asks what something stands for or believes in ("what does ND stand
    for?", "what does Reform UK believe in?"), which no figure or result line answers."""
    verbs = (("stand", "for"), ("stands", "for"), ("believe", "in"), ("believes", "in"))
    return any(
        (raw[i], raw[i + 1]) in verbs and bool({"does", "do"} & set(raw[:i]))
        for i in range(len(raw) - 1)
    )
