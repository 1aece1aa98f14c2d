"""What a question names that the sources lack: a speaker they never quote, a place they never name.

"what did farage say?" asks about someone no source quotes; "rochdale by-election, who's winning
there?" about a place they never name: both are told so rather than answered about someone or
somewhere else.
"""

from __future__ import annotations

from ..text import STOPWORDS, stem
from .analysis import Analysis
from .concepts import BY_ELECTION, QUOTE, RESULT, TURNOUT
from .index import ContestIndex

PLACE_BEFORE = frozenset({"in", "at"})
# What follows a place's name: "the X by-election", "X result?", "X turnout"
PLACE_AFTER = frozenset({BY_ELECTION, RESULT, TURNOUT})  # not "X maj": X is someone
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "his", "her", "their"})


def unknown_speaker(query: Analysis, index: ContestIndex, *, anywhere: bool = False) -> bool:
    """Tell whether a name the sources lack comes just before "say": the speaker asked about.

    A name they lack: a rare word they never use, or, when little follows ("what did farage
    say?", not "did boris say <words>?", which the words may answer), one only the vocabulary
    knows (a word of a party's nickname), neither a person of theirs nor a party. `anywhere`:
    whatever follows (a message whose "he" or "she" stands for the speaker).
    """
    tokens = query.tokens
    for i, tok in enumerate(tokens):
        before = set(tokens[max(0, i - 2) : i])  # not "attributing a quote": a determiner
        if tok != QUOTE or DETERMINERS & before:
            continue
        if {stem(t) for t in before} & query.rare:
            return True
        if (anywhere or len(tokens) - i <= 3) and any(_stranger(t, query, index) for t in before):
            return True
    return False


def _stranger(token: str, query: Analysis, index: ContestIndex) -> bool:
    """Tell whether a known word of a question is rare in English, not in the contest's sources
    and no person or party ("farage": "mps" is theirs)."""
    return (
        token.isalpha()
        and token not in query.parties
        and token not in STOPWORDS
        and stem(token) in query.bag  # a plain word of the question, not a person or party
        and stem(token) not in index.source_words
        and index.lexicon.is_rare(token)
    )


def unknown_places(query: Analysis) -> set[str]:
    """Return the rare words the sources lack that name a place: "in X", "the X by-election",
    "X result?" (and the words joined to it: "somerton and frome result")."""
    tokens = query.tokens
    found: set[str] = set()
    for i, tok in enumerate(tokens):
        if stem(tok) not in query.rare:
            continue
        follows = tokens[i + 1 : i + 2]
        joined = tokens[i + 1 : i + 4]  # "somerton and frome result" (frome may be respelt)
        if (
            (follows and follows[0] in PLACE_AFTER)
            or (i and tokens[i - 1] in PLACE_BEFORE)
            or (len(joined) == 3 and joined[0] == "and" and joined[2] in PLACE_AFTER)
        ):
            found.add(stem(tok))
    return found


COMPASS = frozenset({"north", "south", "east", "west", "central", "mid", "upper", "lower"})


def other_quarter(query: Analysis, index: ContestIndex) -> str | None:
    """Return the place a question names by a word of this contest's name with another quarter
    of it ("who won Norwich South?" of Norwich North), if it does."""
    contest = index.contest
    named = {w for n in (contest.name, *contest.aliases) for w in n.lower().split()}
    named = {w for w in named if w not in STOPWORDS and w.isalpha() and len(w) > 2}
    tokens = query.raw
    for i, tok in enumerate(tokens):
        if tok not in COMPASS or tok in named:
            continue
        beside = {*tokens[max(0, i - 1) : i], *tokens[i + 1 : i + 2]}
        if beside & COMPASS or "the" in tokens[max(0, i - 1) : i]:
            continue  # a region: "X, north east", "the north of the town"
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens) and tokens[j] in named and tokens[j] not in COMPASS:
                pair = (tokens[j], tok) if j < i else (tok, tokens[j])
                return " ".join(pair).title()
    return None
