"""Which part of a declared result a question asks for, and which of its words a result
cannot account for.

Read from the canonical words of synonyms.yaml (`won`, `majority`, `turnout`, `votes won`,
`share`, `electorate`, `rejected`, `non voters`, `full`, `candidate`, ordinals...) and from
figures the result holds ("who got 417?").
"""

from __future__ import annotations

from itertools import pairwise

from ..knowledge.status import Candidate as Runner
from ..knowledge.status import Result
from ..text import stem
from .analysis import FUTURE, Analysis
from .concepts import (
    CANDIDATE,
    CHANGE_ASKED,
    CLOSE,
    CONCEDE,
    COUNT,
    ELECTORATE_SIZE,
    FULL,
    HELD,
    HISTORY,
    LANDSLIDE,
    LATEST,
    LOST,
    MAJORITY,
    MP,
    NON_VOTERS,
    ORDINALS,
    PERCENTAGE,
    QUOTE,
    REJECTED,
    RESULT,
    SEAT,
    SHARE,
    STATUS,
    TURNOUT,
    VALID,
    VOTES,
    WON,
)
from .index import ContestIndex
from .runners import Runners

# Canonical words (synonyms.yaml) and the part of a result each asks for, most specific first.
FIELDS = (
    (NON_VOTERS, "non_voters"),
    (REJECTED, "rejected"),
    (VALID, "valid"),
    (ELECTORATE_SIZE, "electorate"),
    ("electorate", "electorate"),
    (TURNOUT, "turnout"),
    (MAJORITY, "majority"),
    (SHARE, "share"),
    (PERCENTAGE, "share"),
    (VOTES, "votes"),
    (FULL, "full"),
)
WIN_WORDS = frozenset({WON, LOST, HELD, MP, SEAT, LANDSLIDE})
CONTEST_WIDE = frozenset(
    {"rejected", "valid", "electorate", "turnout", "non_voters"}
)  # nobody's own figure
RESULT_WORDS = frozenset({RESULT, COUNT, STATUS, LATEST})
# Questions about the run-up or about what someone said are not about the declared result.
ELSEWHERE = HISTORY | {QUOTE, CONCEDE}
# Words of "how did X do?" / "what did X get?": a question about a candidate's votes.
HOW_DID = frozenset({"how", "get", "got", "did", "do", "vote", "votes", "score", "poll", "polled"})
# Words a question about the result may hold besides its field and who it names (as stems).
RESULT_TALK = frozenset(
    "vote came come place final overal total new elect finish end got get declar offici confirm "
    "exact far yet now number how full day date time v vs versus compar term parti both each cast "
    "either more less than over under peopl mean close name who soon altogeth first surnam".split()
)
NAME_ASKED = frozenset({"name", "surname", "names"})
# Words that ask which of two did better: "greens or the loonies, who got more?".
COMPARE = frozenset(
    "more most higher highest better best beat beaten ahead above fewer less lower worse behind "
    "below outpolled pipped v vs versus".split()
)
# Words of "where did X finish / come / end up?": a place in the result, not on a map (stems).
FINISHED = frozenset({"finish", "come", "came", "place", "end", "rank", "posit"})


def asks_outcome(query: Analysis, tokens: set[str]) -> bool:
    """Tell whether a question about the run-up also asks how it ended ("... was he right in the
    end?", "Labour defending that majority, think they'll hold it?")."""
    return bool(tokens & RESULT_WORDS) or bool(tokens & WIN_WORDS and FUTURE & set(query.raw))


def field_asked(query: Analysis) -> str | None:
    """Return which part of a result the question asks for, if it asks about the result."""
    tokens = set(query.tokens)
    everyone = not (query.persons or query.parties)
    if VOTES in tokens and everyone and set(query.raw) & ALL_CAST:
        return "valid"  # "how many votes were cast in total?"
    for word, name in FIELDS:
        if word in tokens:
            return name
    if query.ordinal is not None:
        return "rank"
    if CANDIDATE in tokens and query.wh in ("number", "who", None):
        return "candidates"
    if "vote" in {stem(t) for t in tokens} and query.wh == "number" and everyone:
        return "valid"  # "how many people voted?" (not "how many more votes did X get than Y")
    if CLOSE in tokens:
        return "majority"  # "was it close?"
    if tokens & WIN_WORDS:
        return "winner"
    if tokens & RESULT_WORDS:
        declared = any(w.startswith("declar") for w in query.raw)
        return "when" if query.wh == "when" or (declared and query.wh == "who") else "winner"
    return None


def unaccounted(index: ContestIndex, query: Analysis, runners: Runners | None) -> set[str]:
    """Return the question's words that a result cannot account for ('councils', 'first name')."""
    known = {w for w, _ in FIELDS} | WIN_WORDS | RESULT_WORDS | set(ORDINALS) | {CANDIDATE}
    known |= RESULT_TALK | COMPARE | {stem(w) for w in COMPARE}
    names = runners.words if runners is not None else set()
    rest = {t for t in query.bag if not t.startswith("#")} - known - names
    if runners is not None:  # someone named who did not stand: "did Azhar Ali turn up?"
        standing = {r.name.casefold() for r in runners.result.candidates}
        people = index.contest.people
        rest -= {
            f"@{p}" for p in query.persons if p in people and people[p].name.casefold() in standing
        }
    else:
        rest = {t for t in rest if not t.startswith("@")}
    return rest - query.parties


def anchor(result: Result, query: Analysis) -> tuple[str, list[Runner]] | None:
    """Return the part of the result the figures in a question are, and whose they are.

    "who got 417?" names everyone with 417 votes (a tie names two); "11,719 and 10,403?" both.
    """
    if not query.figures:
        return None
    figures: dict[str, str] = {str(result.majority): "majority"}
    runners: dict[str, list[Runner]] = {}
    for runner in result.candidates:
        figures.setdefault(str(runner.votes), "votes")
        runners.setdefault(str(runner.votes), []).append(runner)
    if result.electorate:
        figures.setdefault(str(result.electorate), "electorate")
    figures.setdefault(str(result.valid_votes), "valid")
    if result.rejected_ballots:
        figures.setdefault(str(result.rejected_ballots), "rejected")
    typed = [f for f in query.figures if f in figures]
    if not typed:
        return None
    first = min(typed, key=lambda f: (query.tokens.index(f) if f in query.tokens else 99, f))
    field = figures[first]
    if field != "votes":
        return field, []
    shown = [r for f in typed if figures[f] == "votes" for r in runners.get(f, [])]
    return field, list(dict.fromkeys(shown))


def available(result: Result, field: str) -> bool:
    """Tell whether a declared result holds the figure asked for."""
    if field == "turnout":
        return result.turnout_percent is not None
    if field in ("electorate", "non_voters"):
        return result.electorate is not None
    if field == "rejected":
        return result.rejected_ballots > 0  # 0 is also what a result that omits them says
    return True


ALL_CAST = frozenset({"cast", "total", "altogether", "overall", "combined"})
# "end up with" asks no change; "higher or lower than last time?" does
_MOVES = CHANGE_ASKED - {"up", "down", "much", "swing"} | {"higher", "lower", "compared"}
_GONE = frozenset({"go", "goes", "went", "gone", "going"})


def asks_change(raw: list[str]) -> bool:
    """Tell whether a question asks how a share or vote moved: "how much did it rise?", "did
    the Tory vote go down?" (not "what did she end up with?", nor the swing)."""
    if set(raw) & _MOVES:
        return True
    return any(a in _GONE and b in ("up", "down") for a, b in pairwise(raw))
