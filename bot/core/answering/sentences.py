"""The article source: every sentence of every source, indexed with its paragraph and speaker.

A question is matched against sentences by the weight of its words that a sentence holds
(rarer words weigh more; words the sources never use weigh most, since they are what the
sentence cannot answer). A figure or quoted phrase from the question found in a sentence is
strong evidence; a year, party, person or figure the question names that a sentence lacks
vetoes it. Answers quote the sentence verbatim with its [¶n].
"""

from __future__ import annotations

import re

from ..knowledge.model import Contest
from ..text import fold
from .analysis import Analysis
from .asking import MAJORITY, VOTE_WORDS, asked_count, asks_party_person, asks_votes
from .candidate import Candidate
from .concepts import (
    CHANGE_ASKED,
    HELD,
    LOST,
    MEAN,
    PARTY_STEM,
    PERCENTAGE,
    PERSON_WORDS,
    RESULT,
    SHARE,
    WON,
)
from .concepts import QUOTE as QUOTE_WORD
from .sentence_asks import (
    PARTIES,
    asks_clock,
    beyond_sentences,
    described_speaker,
    speaker_words,
    topic_party,
    which_named,
)
from .sentence_index import Sentence, SentenceIndex
from .vetoes import other_qualifier, other_side

# What a question of each type needs a sentence to hold: a time for "when", a figure for
# "how many", a name for "who". A sentence without it is a weak answer, not a vetoed one.
_WH_NEEDS = {"when": "time", "number": "figure", "who": "name", "where": "place"}
_MISFIT = {"when": 0.5, "number": 0.5, "who": 0.12, "where": 0.5}
_FROM = re.compile(r"\bfrom\b")
MIN_EVIDENCE = 2.5  # matched weight below which a sentence's score is scaled down
NAMED_CONTEST = 1.5  # evidence that the question and a sentence both name the contest
FIGURE_BONUS = 0.25
FIGURE_QUESTION = 0.9  # a figure of the sources, asked about with no other known word
COUNTED_QUESTION = 0.85  # every word matched, and a figure counting what is asked
PHRASE_BONUS = 0.2
PHRASE_QUESTION = 0.85  # words of two or more the question quotes, found in the sentence
UNKNOWN_SHARE = 0.7  # weight of a common word the sources never use, as a share of the top one
RARE_SHARE = 1.0  # ... of a rare one (a name or place the sources lack)
# Who won, held or lost the seat: a sentence saying one of them answers a question about another
# ("did the Tories hold it?" is answered by "the Liberal Democrats have won").
OUTCOME = frozenset({WON, HELD, LOST})
NO_CAUSE = 0.3  # "why did X leave?" and a sentence that gives no cause: it says only that X left
FIGURE_KINDS = frozenset({"time", "percentage"})  # what `figure_kind` adds for a typed figure
UNBOUND = 0.3  # "how many votes?" and a sentence whose figure counts something else
# Words pointing at where a figure is printed: "the 15.46% near the bottom of the results"
POINTING = frozenset(
    {"near", "next", "bottom", "top", "beside", "line", "table", "list", "name", "side", "last"}
    | {RESULT, "figure", "number"}
)
# Words that, asked alone, a sentence holding them answers: a swing is this contest's (a
# majority or a turnout may be the last election's)
SELF_EVIDENT = frozenset({"swing"})


def _typed_weight(index: SentenceIndex, query: Analysis, token: str) -> float:
    """Weigh a synonym matched through the words typed for it as those words weigh."""
    return min(index.weight(token), sum(index.weight(w) for w in query.typed[token]))


def _query_weight(index: SentenceIndex, query: Analysis, bag: set[str]) -> float:
    """Sum the weights of a question's words; words the sources never use weigh most."""
    total = 0.0
    for t in bag:
        if t in index.idf:
            total += index.idf[t]
        elif (said := query.typed.get(t)) and said <= index.idf.keys():
            total += _typed_weight(index, query, t)  # the sources use the words typed for it
        elif t in query.rare:
            total += index.max_idf * RARE_SHARE
        elif t in query.unknown:
            total += index.max_idf * UNKNOWN_SHARE
        else:
            total += index.max_idf
    return total


def propose(
    index: SentenceIndex,
    query: Analysis,
    contest: Contest,
    *,
    limit: int = 3,
    ignore: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Return the best-matching sentences as candidates (vetoed ones marked as such).

    `ignore` lists words of the question that another step has already accounted for (a
    person's name asked about by role, say), left out of the match.
    """
    bag = set(query.bag) - ignore
    if query.wh == "who":
        bag -= PERSON_WORDS  # "which Labour guy said ...?": the word only asks for someone
    if not bag or beyond_sentences(query):
        return []
    total = _query_weight(index, query, bag)
    if total <= 0:
        return []
    needs = _WH_NEEDS.get(query.wh or "")
    if needs == "time" and asks_clock(query.raw):
        needs = "clock"  # "what time was the declaration?" is not answered by "on Thursday"
    counted = asked_count(query, bag)
    counts_votes = asks_votes(query, counted)
    asks_number = query.wh == "number" or counts_votes
    implied = 0.0  # "how many did Labour get?": the weight of the word "votes" it leaves out
    share_will_do = False  # "what did Reform get?": their share of the vote tells it too
    # "what % did X get?": a percentage in a sentence naming X (not a party: "Labour's 622
    # votes" beside the winner's 56.7% would give Labour hers)
    pct_asked = bool(counted & {PERCENTAGE, SHARE}) and bool(query.persons) and not query.parties
    if counts_votes and not counted & VOTE_WORDS:
        counted = counted | {"votes"}
        implied = index.weight("vote")
        total += implied
        # ("how many did they get?" and "labour vote count?" ask for a count)
        share_will_do = "how" not in query.raw and not VOTE_WORDS & set(query.raw)
    asks_level = bool(bag & {SHARE, PERCENTAGE}) and not set(query.raw) & CHANGE_ASKED
    names = {t for t in bag if t[0] in "@#" or t in query.parties}
    names_party_person = asks_party_person(query)
    which = which_named(query)
    phrase = fold(query.quoted).lower() if query.quoted else None
    origin_asked = query.wh == "where" and "from" in query.raw and bool(query.persons)
    # "how many votes did Strathern get?": a party has one candidate, so "Labour won 13,872
    # votes" gives his, when the sentence names neither him nor anyone else
    stand_ins: dict[str, str] = {}
    if query.wh == "number" and counted & VOTE_WORDS:
        for pid in query.persons:
            person = contest.people.get(pid)
            # a candidate: so described, or named with a party and nothing else (not "former
            # Conservative Cabinet minister Nadine Dorries", whose party's votes are not hers)
            role = (person.role or "candidate").lower() if person else ""
            if person and person.party and ("candidate" in role or "won" in role):
                stand_ins["@" + pid] = index.person_parties.get(pid) or ""
    # each sentence, its score, and the people it gives by their party
    described = described_speaker(query)
    scored: list[tuple[float, Sentence, frozenset[str]]] = []
    for s in index.sentences:
        if described and not described & speaker_words(s, contest):
            continue  # "what did the doctor say?": not said by anyone so described
        shared = bag & s.bag
        stood_in = {p for p, party in stand_ins.items() if party in s.parties and not s.persons}
        shared |= stood_in
        # "how many votes did the Lib Dems get?": its figure counts votes (not a majority)
        counts = bool(
            asks_number
            and (
                counted & s.counted
                or (share_will_do and SHARE in s.counted)
                or (pct_asked and PERCENTAGE in s.bag)  # "what % did Sarah Green get?"
            )
            and s.figures
            and (counted & MAJORITY or not s.counted & MAJORITY)
        )
        # a synonym's canonical word, or every word the asker typed for it ("votes were cast"),
        # weighing what those words weigh
        typed = {t for t in bag - shared if t in query.typed and query.typed[t] <= s.bag}
        shared |= typed
        # "tory vote total?": the sentence gives the party's votes, all that is asked
        asked = (bag - shared) - names if counts_votes and counts and shared & names else set()
        shared |= asked
        if PARTY_STEM in bag and s.parties:
            shared.add(PARTY_STEM)
        if SHARE in bag and PERCENTAGE in s.bag:
            shared.add(SHARE)  # "kitchen vote share?": a percentage is a share
        if s.bag & OUTCOME:
            shared |= bag & OUTCOME
        if query.figures & s.figures:
            # "whats the 3.25 thing": "3.25% swing" is the figure typed, whatever else "3.25"
            # could be (a time); its kind is no word to look for
            shared |= bag & FIGURE_KINDS
        named = bool(query.contests & s.contests)  # both name the contest: one more word shared
        if which == PARTIES and len(s.parties) < 2:
            continue  # "which parties ...?": it does not name them
        if (
            which
            and which != PARTIES
            and not (which in s.named or (which == PARTY_STEM and s.parties))
        ):
            continue  # "which council?": this sentence names none
        if asks_level and "change" in s.kinds and not query.figures & s.figures:
            continue  # "labour's vote share?": "Labour's dropped by 14%" gives no share
        if (
            names_party_person
            and not {index.person_parties.get(p) for p in s.persons} & query.parties
        ):
            continue  # "who was the Tory candidate?": it names no one of that party
        # words typed for a synonym add weight, not evidence; nor does a year, a qualifier
        direct = len(shared - typed - asked - {str(y) for y in query.years})
        if counts and shared - typed:
            direct += 1
        if query.wh == "when" and "clock" in s.kinds and shared - typed and not bag - shared:
            direct += 1  # "when was the result announced?": "... announced just after 01:20"
        # "where is X from?": a sentence saying where X is from needs only X's name
        origin = origin_asked and bag <= shared and "place" in s.kinds and _FROM.search(s.key)
        # "what was the swing?": the one word asked, which only a sentence about it holds
        alone = direct == 1 and bag <= shared and bool(bag & SELF_EVIDENT)
        if not (direct or (typed and query.figures & s.figures)) or (
            direct + named < 2 and not query.figures & s.figures and not origin and not alone
        ):
            continue  # one shared word is not enough to quote a sentence as the answer
        matched = sum(index.weight(t) for t in shared - typed) + sum(
            _typed_weight(index, query, t) for t in typed
        )
        if implied and counts:
            matched += implied
        score = matched / total
        if matched + named * NAMED_CONTEST < MIN_EVIDENCE and not alone:
            # too little evidence, unless both name the contest: "did lab win mid beds?"
            score *= (matched + named * NAMED_CONTEST) / MIN_EVIDENCE
        if query.figures & s.figures:
            score += FIGURE_BONUS
            if (
                not (bag - shared) - query.unknown - {MEAN} - POINTING
            ):  # "whats 4,321 referring to?"
                score = max(score, FIGURE_QUESTION)  # "what's the 4,321 everyone's on about?"
        if counts and shared - typed and not bag - shared:
            score = max(score, COUNTED_QUESTION)  # "how many did Labour get?": all it asks
        if origin:
            score = max(score, COUNTED_QUESTION)  # "where is X from?": X, "from" and a place
        if phrase and phrase in s.key:
            score += PHRASE_BONUS
        if needs and needs not in s.kinds:
            score -= _MISFIT[query.wh or ""]
        elif asks_number and counted and not counts:
            score -= UNBOUND  # "a majority of 1,234" does not say how many votes a party got
        if query.relations and other_side(query.relations, s.relations):
            continue  # asked what happened after 4am; this was before it
        if query.wh == "why" and "cause" not in s.kinds:
            score -= NO_CAUSE
        if QUOTE_WORD in bag and QUOTE_WORD not in s.bag:
            if query.persons:
                continue  # "what did X say?": a sentence where nobody speaks does not answer
            score -= 0.3  # asked what someone said; nobody speaks in this sentence
        who_said = query.wh == "who" and QUOTE_WORD in bag  # a speaker, which it may not give
        if who_said and not s.speaker and s.text.rstrip().endswith(("”", '"')):
            continue  # "who said 'enough is enough'?": words of a quotation whose speaker it lacks
        if phrase and len(phrase.split()) >= 2 and phrase in s.key and (s.speaker or not who_said):
            # "what does 'splitting the right-wing vote' refer to?": the very words asked about
            score = max(score, PHRASE_QUESTION)
        scored.append((min(score, 1.0), s, frozenset(p[1:] for p in stood_in)))
    scored.sort(key=lambda found: -found[0])
    out: list[Candidate] = []
    for score, s, given in scored[:limit]:
        years = s.years or {contest.date.year}
        asks_words = QUOTE_WORD in bag
        parties = s.parties | {s.speaker_party} if asks_words and s.speaker_party else s.parties
        # "which Labour MP said ...?": the sentence's speaker is of the party asked about
        why = other_qualifier(query, years, parties, s.persons | given, contest.people)
        if why is None and asks_words and s.speaker and query.persons - {s.speaker}:
            # "did X say ...": a sentence naming X but said by Y
            why = other_qualifier(query, years, s.parties, {s.speaker}, contest.people)
        near = why is not None
        if (
            why is None
            and asks_words
            and query.parties
            and s.speaker_party not in (None, *query.parties)
            and not topic_party(query)
        ):
            # "what did the Tories say?": said by someone of another party
            why = other_qualifier(query, years, {s.speaker_party}, s.persons, contest.people)
        figure_miss = bool(query.figures) and not query.figures & s.figures
        out.append(
            Candidate(
                source="sentence",
                score=round(score, 4),
                evidence=s,
                key=f"para:{s.source}:{s.paragraph}",
                paragraphs=frozenset({s.paragraph}),
                veto=why,
                near_miss=near,
                figures=s.figures,
                detail={"figure_miss": figure_miss},
            )
        )
    return out
