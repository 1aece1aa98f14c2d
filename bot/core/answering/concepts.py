"""The canonical words of synonyms.yaml that the engine's code reads for meaning.

synonyms.yaml maps the ways people type a thing to one canonical word ("maj", "margin" ->
`majority`); the words below are the ones a source relies on: what a question asks of the
result, that it asks for someone's words, that it is about how things stood before. Canonical
words are kept whole, never stemmed, so "majority" is never confused with an army "major".
A test checks that the shipped synonyms.yaml defines every one of them.
"""

from __future__ import annotations

# What the count and the result answer.
WON, LOST, HELD = "won", "lost", "held"
GAIN = frozenset({"gain", "gained", "gains", "gaining"})  # as typed: read as "won"
MP, SEAT, LANDSLIDE, CLOSE = "mp", "seat", "landslide", "close"
RESULT, COUNT, STATUS, LATEST = "result", "count", "status", "latest"
MAJORITY, TURNOUT, ELECTORATE_SIZE = "majority", "turnout", "electorate_size"
VOTES, SHARE, PERCENTAGE, VALID = "votes_won", "share", "percentage", "valid"
REJECTED, FULL, CANDIDATE = "rejected", "full", "candidate"
NON_VOTERS = "non_voters"  # the electors who did not vote
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "last": -1,
}
# How things stood before the result, and other questions that are not about it.
PREDICT, DEFEND, PREVIOUS, ORIGINALLY = "predict", "defend", "previous", "originally"
CONCEDE, MEAN = "concede", "mean"
HISTORY = frozenset({PREVIOUS, ORIGINALLY, PREDICT, DEFEND})
# Someone's words, and someone as a person; the article itself ("what does the piece say?").
QUOTE, INTERVIEW, ARTICLE = "quote", "interview", "article"
PERSON, MAN, WOMAN = "person", "man", "woman"
PERSON_WORDS = frozenset({PERSON, MAN, WOMAN})
GENDERS = frozenset({MAN, WOMAN})
# Kinds of contest, and words that type a question.
GENERAL_ELECTION, BY_ELECTION = "general_election", "by_election"
TIME, THIS_YEAR, REGION = "time", "this_year", "region"
# "last time", "the previous election": the election before this contest, whichever year it was
LAST_ELECTION = "last_election"
NUMBER_OF_SEATS = "number_of_seats"
# Words asking how much a share changed, not what it was
CHANGE_ASKED = frozenset(
    "swing change changed rise rose fall fell drop dropped up down increase decrease much".split()
)
# The stem of "party"/"parties" as typed (not a synonym): "which party?" asks for a party's name.
PARTY_STEM = "parti"

REQUIRED = frozenset(
    {
        WON,
        LOST,
        HELD,
        MP,
        SEAT,
        LANDSLIDE,
        CLOSE,
        RESULT,
        COUNT,
        STATUS,
        LATEST,
        MAJORITY,
        TURNOUT,
        ELECTORATE_SIZE,
        VOTES,
        SHARE,
        PERCENTAGE,
        VALID,
        REJECTED,
        FULL,
        CANDIDATE,
        NON_VOTERS,
        *ORDINALS,
        *HISTORY,
        CONCEDE,
        MEAN,
        QUOTE,
        INTERVIEW,
        ARTICLE,
        *PERSON_WORDS,
        GENERAL_ELECTION,
        BY_ELECTION,
        TIME,
        THIS_YEAR,
        LAST_ELECTION,
        REGION,
        NUMBER_OF_SEATS,
    }
)
MEASURES = frozenset({MAJORITY, TURNOUT, SHARE})  # what "it" may stand for: "how big was it?"
FIGURE_WORDS = MEASURES | {VOTES}  # what asks for a figure, as "how many" does
ASKED_FIGURES = FIGURE_WORDS | {ELECTORATE_SIZE, "swing"}  # the figures a result report gives
