"""Where and when a contest's sources place things: the election before it, other contests."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..knowledge.model import Contest
from ..knowledge.sources import split_sentences
from ..text import STOPWORDS, clean_question, stem, words

ELECTION_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# What makes a sentence's year an election's: "the 2019 general election", "a majority of 3,358 in
# 2019", "2019: C maj 20,137" (not "held by the Tories since 1931")
ELECTION_WORD = re.compile(
    r"\b(?:elections?|GE|maj|majority|turnout)\b|^\s*(?:19|20)\d\d\s*:", re.IGNORECASE
)
SINCE = re.compile(r"\bsince\s+((?:19|20)\d\d)\b", re.IGNORECASE)


# Words of a place's name that do not tell it apart: "Croydon North" is named by "Croydon"
COMPASS = frozenset({"north", "south", "east", "west", "central", "mid", "upon", "under", "and"})


def place_keys(places: Iterable[str]) -> dict[str, frozenset[str]]:
    """Return each place's telling words, stemmed as questions' and sentences' words are."""
    keys = {}
    for place in places:
        key = frozenset(
            stem(w) for w in words(clean_question(place)) if w not in COMPASS | STOPWORDS
        )
        if key:
            keys[place] = key
    return keys


def last_election(contest: Contest) -> int:
    """Return the year "last time" means: the latest election before this one its sources name.

    A year in a sentence that speaks of an election, its majority or turnout ("the 64.3% at the
    last general election in 2019"), or labels its figures ("2019: C maj 20,137"); without one,
    the year before the contest's, which no source is about, so that "what did Labour get last
    time?" is not given tonight's figures.
    """
    year = contest.date.year
    found = [
        int(y)
        for doc in contest.sources.values()
        for paragraph in doc.paragraphs
        for sentence in split_sentences(paragraph)
        if ELECTION_WORD.search(sentence.replace("by-election", ""))
        for y in ELECTION_YEAR.findall(SINCE.sub("", sentence))
        if int(y) < year
    ]
    return max(found, default=year - 1)
