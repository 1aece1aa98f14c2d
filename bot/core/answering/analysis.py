"""Turn a question (or a knowledge text) into the tokens, entities and type the sources use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import QUESTION_WORDS, STOPWORDS, clean_question, figure_kind, stem, words, year_of
from .concepts import (
    ARTICLE,
    CANDIDATE,
    ELECTORATE_SIZE,
    LAST_ELECTION,
    NUMBER_OF_SEATS,
    ORDINALS,
    PERSON,
    PERSON_WORDS,
    QUOTE,
    REGION,
    THIS_YEAR,
    TIME,
    VOTES,
)
from .figures import figure_key
from .lexicon import Lexicon, PhraseTable

_QUOTED = re.compile(r"\"([^\"]{6,})\"|'([^']{6,}?)'(?=\s|$|[?.!,])")
_WHO_SAID = re.compile(r"\b(?:who|whom)\s+(?:said|says|say|told|wrote|tweeted)\b[:,]?\s*(.+)", re.I)

# Multi-word question openers, checked before single question words.
_WH_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("what", "time"), "when"),
    (("how", "long"), "when"),
    (("how", "soon"), "when"),
    (("what", "day"), "when"),
    (("what", "year"), "when"),
    (("which", "year"), "when"),
    (("what", "date"), "when"),
    (("how", "many"), "number"),
    (("what", "number"), "number"),
    (("how", "much"), "number"),
    (("how", "big"), "number"),
    (("how", "high"), "number"),
    (("how", "close"), "number"),
    (("what", "percentage"), "number"),
    (("what", "share"), "number"),
    (("which", "party"), "who"),
    (("what", "party"), "who"),
)
_WH_PAIRS = frozenset(phrase for phrase, _ in _WH_PHRASES)
# "which" (or "what") and, within two words, a word for a person asks who.
_WHICH = frozenset({"which", "what"})
_WHO_NOUNS = PERSON_WORDS | {CANDIDATE, "mp", "minister", "politician", "mayor", "councillor"}
_WHAT_DID = frozenset({("what", "did"), ("what", "do"), ("what", "does")})
_GOT = frozenset({"get", "got", "poll", "polled", "score", "scored", "receive", "received"})
_AFTER_GOT = frozenset({"in", "at", "last", "this", "time", "then", "tonight", "overall", "here"})
# Words of those phrases that only say what kind of answer is wanted: "what year" asks for a
# year, and a sentence need not hold the word "year" to give one.
_TYPE_ONLY = frozenset({"year", "big", "long", "soon"})
# Words that open a yes/no question, and tags that make a statement one ("..., right?").
AUXILIARIES = frozenset(
    "is are was were does did do has have had will would should can could isn't aren't wasn't "
    "weren't doesn't didn't don't hasn't haven't won't wouldn't shouldn't can't couldn't so".split()
)
_TAG_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "there"})
CLAUSE_WORDS = frozenset({"when", "where", "why"})  # may open a clause inside a question
_WH_TAG = frozenset({"what", "wat", "wot", "which", "how"})
_WH_OPENERS = frozenset({"what", "who", "which", "how", "when", "where", "why", "whats"})
# Questions that may ask what will happen ("how many would they need?"); "when will the result
# be declared?" asks what the sources expect, and "who said Labour would win?" asks for words.
_PREDICT_OPENING = frozenset({"what", "who", "which", "how", "whats"}) | AUXILIARIES
_REPORTED = frozenset(
    "say said says think thinks thought predict predicted expect expected reckon".split()
)  # "the 42.55 figure, what is it"
_TAGS = (
    ("right",),
    ("yeah",),
    ("yes",),
    ("no",),
    ("innit",),
    ("isn", "it"),
    ("correct",),
    ("true",),
)

# Canonical synonym words that carry a question type ("what time" becomes "time").
TYPED_WORDS = {
    TIME: "when",
    "soon": "when",  # "results soon??"
    VOTES: "number",
    ELECTORATE_SIZE: "number",
    NUMBER_OF_SEATS: "number",
    REGION: "where",
}
_TIME_PREPOSITIONS = frozenset({"before", "by", "after", "at", "until", "till", "around", "about"})


@dataclass
class Analysis:
    """What the sources need to know about one piece of text."""

    text: str
    tokens: list[str]
    bag: set[str]
    wh: str | None = None
    years: set[int] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    unknown: set[str] = field(default_factory=set)
    rare: set[str] = field(default_factory=set)
    contests: set[str] = field(default_factory=set)
    quoted: str | None = None
    yes_no: bool = False
    figures: set[str] = field(default_factory=set)  # figure_key of each figure given
    times: set[str] = field(default_factory=set)  # those of them that are clock times
    relations: set[tuple[str, str]] = field(default_factory=set)  # ("before", "4"): "before 4am"
    ordinal: int | None = None  # a rank asked about: 1, 2, ... or -1 for last
    raw: list[str] = field(default_factory=list)  # the words as typed (spellings read)
    # The words a synonym replaced, as stems: "how many votes" -> votes_won: {"vote"}.
    typed: dict[str, frozenset[str]] = field(default_factory=dict)


FUTURE = frozenset({"will", "would", "gonna", "shall"})


def _tell_as_said(tokens: list[str]) -> list[str]:
    """Read 'what did X tell Sky' as a question about what X said ('tell me' stays filler)."""
    out = list(tokens)
    for i, tok in enumerate(tokens):
        if tok in ("tell", "telling") and (
            i + 1 == len(tokens) or tokens[i + 1] not in ("me", "us", "you")
        ):
            out[i] = "said"
    return out


def _hour_after_preposition(tokens: list[str], i: int) -> str | None:
    """Return 'time' for a bare hour after a time preposition ("before 5")."""
    tok = tokens[i]
    if i and tokens[i - 1] in _TIME_PREPOSITIONS and tok.isdigit() and 1 <= int(tok) <= 12:
        return "time"
    return None


def _asks_got(tokens: list[str]) -> bool:
    """Tell whether words after "what did" ask what someone got: "(the Tories) get (in 2019)",
    not "(Dorries) get denied"."""
    at = next((i for i, t in enumerate(tokens[:4]) if t in _GOT), None)
    return at is not None and all(t in _AFTER_GOT or t.isdigit() for t in tokens[at + 1 :])


def subordinate(tokens: list[str] | tuple[str, ...], i: int) -> bool:
    """Tell whether a "when", "where" or "why" after "what"/"how" opens a clause, not a question.

    "what did Snell say when he won" asks what he said; "what's the turnout when is the result"
    asks two things (an auxiliary follows).
    """
    return (
        tokens[i] in CLAUSE_WORDS
        and any(t in ("what", "how") for t in tokens[:i])
        and tokens[i + 1 : i + 2] != []
        and tokens[i + 1] not in AUXILIARIES
    )


def question_type(tokens: list[str]) -> str | None:
    """Return who/when/why/where/number for the question's opening words, if any."""
    for i in range(len(tokens)):
        pair = tuple(tokens[i : i + 2])
        if pair in _WHAT_DID and _asks_got(tokens[i + 2 :]):
            return "number"  # "what did the Tories get in 2019?": how many votes
        for phrase, kind in _WH_PHRASES:
            if pair == phrase:
                return kind
        if tokens[i] in _WHICH and _WHO_NOUNS & set(tokens[i + 1 : i + 3]):
            return "who"  # "which labour person conceded?", "what tory guy won?"
        if tokens[i] in QUESTION_WORDS and not subordinate(tokens, i):
            return QUESTION_WORDS[tokens[i]]
        if tokens[i] in TYPED_WORDS:
            return TYPED_WORDS[tokens[i]]
    return None


def is_yes_no(raw: list[str]) -> bool:
    """Tell whether a question asks yes or no: it opens with an auxiliary or ends in a tag."""
    if not raw:
        return False
    if raw[0] in AUXILIARIES and not (len(raw) > 1 and raw[1] in QUESTION_WORDS):
        return True
    if len(raw) > 2 and raw[-2] in AUXILIARIES and raw[-1] in _TAG_PRONOUNS:
        # "... isn't he", "... wasn't it"; not "... what is it" (a question word asks), nor
        # "how many candidates were there" (a question word opens it, and no "n't" denies)
        if raw[0] in _WH_OPENERS and not raw[-2].endswith(("n't", "nt")):
            return False
        return raw[-3] not in QUESTION_WORDS and raw[-3] not in _WH_TAG
    return any(tuple(raw[-len(tag) :]) == tag for tag in _TAGS) and len(raw) > 2


# Words asking how a figure moved since the last election, which it is only the baseline of
_BASELINE = frozenset(
    "change changed rise rose fall fell drop dropped increase increased decrease decreased "
    "higher lower bigger smaller compared".split()
) | {"up", "down"}


def predicts(query: Analysis) -> bool:
    """Tell whether a question asks what will happen, which no source says: "will X resign?",
    "is X going to stand again?", "how many MPs would they need?" (its first verb is a future,
    not "who said Labour would win")."""
    raw = query.raw
    if not raw:
        return False
    if query.yes_no and raw[0] in FUTURE:
        return True
    first = next((i for i, w in enumerate(raw[:5]) if w in AUXILIARIES or w in FUTURE), None)
    if first is None or _REPORTED & set(raw[:first]) or raw[0] not in _PREDICT_OPENING:
        return False
    if raw[first] in FUTURE:
        return True
    # "is X going to stand again?" (not "what is X going to be clear about?": the article's)
    going = raw[first + 1 : first + 4].count("going") and "to" in raw[first + 2 : first + 5]
    return first == 0 and (bool(going) or "gonna" in raw[:4])


def quoted_fragment(cleaned: str) -> str | None:
    """Return words the asker quotes or attributes ("who said ..."), if any."""
    match = _QUOTED.search(cleaned)
    if match:
        return (match.group(1) or match.group(2)).strip()
    match = _WHO_SAID.search(cleaned)
    if match:
        return match.group(1).strip(" \"'?!.") or None
    return None


def analyze(
    text: str,
    lexicon: Lexicon,
    entities: tuple[PhraseTable, ...] = (),
    *,
    correct: bool = True,
    cleaned: str | None = None,
    this_year: int | None = None,
    last_year: int | None = None,
    raw: list[str] | None = None,
) -> Analysis:
    """Analyse text with spelling correction, entities (people, contests) and synonyms applied.

    `raw` gives the words already read (spellings applied, chatter dropped) when the caller
    has split a message into questions; otherwise the text is tokenised here. `this_year` and
    `last_year` are the years "this time" and "last time" mean for the contest.
    """
    cleaned = clean_question(text) if cleaned is None else cleaned
    if raw is None:
        raw = lexicon.respell(words(cleaned))
    tokens = [lexicon.correct(t) for t in raw] if correct else list(raw)
    found: list[str] = []
    for table in entities:
        tokens, hits = table.replace(tokens)
        found += hits
    tokens = _tell_as_said(tokens)
    canon, canonical, replaced = lexicon.synonyms.replace_typed(tokens)
    typed: dict[str, frozenset[str]] = {}
    for token, said in replaced:
        content = frozenset(stem(w) for w in said if w not in STOPWORDS and w not in QUESTION_WORDS)
        if content and token not in content:
            typed[token] = content
    whole = set(canonical)  # canonical words stay whole: "majority" is no army "major"
    wh = question_type(canon)  # after synonyms: "where are we at" is a request for the latest
    bag: set[str] = set()
    years: set[int] = set()
    parties: set[str] = set()
    unknown: set[str] = set()
    rare: set[str] = set()
    contests: set[str] = set()
    figures: set[str] = set()
    times: set[str] = set()
    relations: set[tuple[str, str]] = set()
    ordinal: int | None = None
    for i, tok in enumerate(canon):
        if tok.startswith("@"):
            bag.add(tok)
            continue
        if tok.startswith("#"):
            contests.add(tok[1:])
            continue
        if tok in (THIS_YEAR, LAST_ELECTION):
            year = this_year if tok == THIS_YEAR else last_year
            if tok == LAST_ELECTION and correct and _BASELINE & set(canon):
                continue  # asked "was turnout higher or lower than last time?": this one's change
            if year is not None:
                years.add(year)
                if tok == LAST_ELECTION:
                    bag.add(str(year))  # "last time" matches what "2019" typed would
            continue
        if tok in ORDINALS and ordinal is None and canon[i + 1 : i + 2] != ["name"]:
            ordinal = ORDINALS[tok]  # not "first name"
        if (year := year_of(tok)) is not None:
            years.add(year)
        elif (key := figure_key(tok)) is not None:
            figures.add(key)
            bag.add(key)  # "40.5" typed matches "40.5%" written
            if figure_kind(tok) == "time" or _hour_after_preposition(canon, i):
                times.add(key)
                if i and canon[i - 1] in ("before", "after"):
                    relations.add((canon[i - 1], key))
        if tok in lexicon.parties:
            parties.add(tok)
        if tok in STOPWORDS or tok in QUESTION_WORDS:
            continue
        if tok in _TYPE_ONLY and i and (canon[i - 1], tok) in _WH_PAIRS:
            continue
        if tok == PERSON and _WHICH & set(canon[max(0, i - 2) : i]):
            continue  # "which labour person": only says the answer is someone
        if correct and not lexicon.knows(tok):
            unknown.add(stem(tok))
            if lexicon.is_rare(tok):
                rare.add(stem(tok))
        bag.add(tok if tok in whole else stem(tok))
        if kind := figure_kind(tok) or _hour_after_preposition(canon, i):
            bag.add(kind)  # "by 4am" shares "a time" with "6.15am", and keeps its own figure
    if ARTICLE in canon and QUOTE in canon and canon.index(ARTICLE) < canon.index(QUOTE):
        bag -= {ARTICLE, QUOTE}  # "what does the article say about turnout?" asks about turnout
    if not bag and contests:
        bag = {"#" + c for c in contests}
    return Analysis(
        text=cleaned,
        tokens=canon,
        bag=bag,
        wh=wh,
        years=years,
        parties=parties,
        persons={p[1:] for p in found if p.startswith("@")},
        contests=contests,
        unknown=unknown,
        rare=rare,
        quoted=quoted_fragment(cleaned),
        yes_no=is_yes_no(list(raw)),
        figures=figures,
        times=times,
        relations=relations,
        ordinal=ordinal,
        raw=list(raw),
        typed=typed,
    )
