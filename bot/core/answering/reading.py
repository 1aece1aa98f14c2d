"""One question of a message, read and answered: its readings, its halves, its candidates.

`answer_part` tries a question read whole, without the chatter before it, and split in two at
"and" ("turnout and when's it due?"); `consider` analyses one reading, resolves what it points
back to ("she", "it", "the winner", "the Labour one"), gathers every source's candidates and
decides. Plain functions of a contest's index: the engine routes and composes around them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from . import contest_facts, facts, people, quotes, result, sentences
from .analysis import AUXILIARIES, Analysis
from .candidate import Candidate
from .concepts import (
    ASKED_FIGURES,
    ELECTORATE_SIZE,
    MEASURES,
    PERSON_WORDS,
    QUOTE,
    TIME,
    TURNOUT,
    WON,
)
from .decide import Decision, decide
from .facts import Params
from .figures import figure_key
from .index import ContestIndex
from .lexicon import PhraseTable
from .message import RELATIVES, WH_OPENERS, Part, halves, readings
from .other_contests import keep_for_elsewhere, stems
from .strangers import other_quarter, unknown_places, unknown_speaker

PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "they", "them", "their"})
NOBODY_QUOTED = "My sources do not quote that person."
GENDERED = {"man": frozenset({"he", "him", "his"}), "woman": frozenset({"she", "her", "hers"})}
# Questions about the winner as a person ("what did the winner say?", "is the winner a farmer?").
WINNER_TALK = PERSON_WORDS | {QUOTE}
POINTERS = frozenset({"it", "that", "this", "figure", "number"})  # "42.55, what is that?"
# What a shorter reading must not drop: "swing was LD to con wasn't it" is not "was LD to con"
GUESSED_BY = frozenset({"what", "how", "when"})  # "what's the majority? 3k?": a guess


@dataclass(frozen=True)
class Outcome:
    """One reading of one question, and what the decision made of it."""

    query: Analysis
    decision: Decision

    @property
    def answered(self) -> bool:
        """Tell whether this reading is answered."""
        return self.decision.action == "answer"

    @property
    def key(self) -> str | None:
        """Return what the answer answers, for telling two answers apart."""
        chosen = self.decision.chosen
        return chosen.key if chosen and self.answered else None


@dataclass(frozen=True)
class Reader:
    """What reading a question needs besides the contest's index: the scorer's weights and the
    contest names (never split in two: "Runcorn and Helsby")."""

    params: Params
    contests: PhraseTable


def answer_part(
    reader: Reader, index: ContestIndex, part: Part, context: Analysis, text: str | None
) -> list[Outcome]:
    """Answer one question, read whole or without the chatter before it, or as two."""
    words_ = part.words
    asks = part.marked and not any(w in WH_OPENERS for w in words_)
    guess = _guessed_words(index, part)
    options = [consider(reader, index, w, context, text, asks, guess) for w in readings(part)]
    whole = options[0]  # read whole when it can be: a shorter reading may lose a qualifier
    # "who was the Tory who won Copeland": the relative clause alone drops the Tory asked about
    # (but "it was Smith who conceded", "was it Tory MPs who were angry" ask what it asks)
    if words_[0] in RELATIVES:
        options = [whole] + [
            o
            for o in options[1:]
            if not (
                o.query.raw[:1] and o.query.raw[0] in RELATIVES and _loses(whole.query, o.query)
            )
        ]
    asked = whole.query.bag & ASKED_FIGURES
    options = [whole] + [
        o
        for o in options[1:]
        if (asked <= o.query.bag and not _checks_without(index, whole, o)) or _same_pick(whole, o)
    ]
    best = max(options, key=lambda o: (o.answered, o.decision.confidence))
    chosen = whole if whole.answered or not best.answered else best
    names = reader.contests.spans(list(words_)) + index.persons.spans(list(words_))
    # each half keeps the years it names: "2019 majority and turnout tonight" asks tonight's
    own = replace(context, years=set())
    for left, right in halves(words_, names):
        if words_[len(left)] == "or" and whole.query.yes_no and whole.answered:
            continue  # "was it a by-election or a general election?" asks which, not two things
        a, b = (consider(reader, index, h, own, None) for h in (left, right))
        if _elliptical(a.query, b.query, right):  # "who won and by how much"
            borrowed = tuple(w for w in left if w not in WH_OPENERS)
            b = consider(reader, index, borrowed + right, context, None)
        both = a.answered and b.answered and a.key != b.key
        # each half answered more surely than the whole: two questions ("who's the new mp and
        # whats the swing"), though the whole, read as one, found something for part of it
        surer = min(a.decision.confidence, b.decision.confidence) > chosen.decision.confidence
        if both and (not chosen.answered or chosen.key in (a.key, b.key) or surer):
            return [a, b]
    return [chosen]


def _guessed_words(index: ContestIndex, part: Part) -> frozenset[str]:
    """Return the words of a part's guess as the question's words are read, but the names and
    figures: "smyth? smith?" still says whom it is about, and a figure guessed is checked
    as a figure (see `consider`)."""
    if not part.guess:
        return frozenset()
    read = index.analyze(" ".join(part.guess), raw=list(part.guess), correct=True)
    return frozenset(
        t
        for t in read.bag
        if t[:1] not in "@#"
        and t not in read.parties
        and figure_key(t) is None
        and not t[:1].isdigit()
    )


def _same_pick(whole: Outcome, shorter: Outcome) -> bool:
    """Tell whether a shorter reading answers with what the whole one liked best, though less
    surely ("said turnout was like 35%?? surely not" and "was like 35%": the turnout)."""
    chosen, offers = shorter.decision.chosen, whole.decision.offers
    # (not one the whole vetoed: "woolas was a tory?" is not about Kashif Ali's votes)
    return chosen is not None and bool(offers) and chosen.key == offers[0].key and offers[0].usable


def _guessed(query: Analysis) -> bool:
    """Tell whether every figure a question types comes after its "what" or "how": a guess at
    the answer ("whats the majority? 3k?"), not what it asks about ("40% turnout, out of how
    many?")."""
    raw = query.raw
    asks = next((i for i, w in enumerate(raw) if w in GUESSED_BY), None)
    typed = [i for i, w in enumerate(raw) if w[:1].isdigit()]
    return asks is not None and bool(typed) and min(typed) > asks


# How a question names the winner as a person: "the winner", "the winning candidate"
WINNER_WORDS = frozenset({"winner", "winning candidate", "winning candidates", "winning mp"})


def _pairs(raw: list[str]) -> set[str]:
    """Return a question's words and its pairs of words ("winning candidate")."""
    return {*raw, *(f"{a} {b}" for a, b in pairwise(raw))}


def _checks_without(index: ContestIndex, whole: Outcome, part: Outcome) -> bool:
    """Tell whether a shorter reading drops the person the whole names and answers about
    someone else: "woolas was a tory?" read as "was a tory?", "Rupert Read how many votes?" as
    "how many votes?" (another candidate's votes). Not "X says they lost, what was the turnout?":
    the turnout is about no one."""
    raw = part.query.raw
    if not raw or whole.query.persons <= part.query.persons:
        return False  # (not "X, is he local?": "he" is X)
    if whole.query.yes_no and raw[0] not in AUXILIARIES:
        return False  # "is X the one who did Y?": who did Y corrects it
    if not index.persons.spans(list(whole.query.raw[: len(whole.query.raw) - len(raw)])):
        return False
    chosen = part.decision.chosen
    about = _about(chosen.evidence) if chosen is not None else set()
    return bool(about) and not whole.query.persons & about


def _about(evidence: object) -> set[str]:
    """Return whom a candidate's evidence is about: a sentence's or fact's people, a person."""
    found = set(getattr(evidence, "persons", None) or getattr(evidence, "people", None) or ())
    if (person := getattr(evidence, "person", None)) is not None:
        found.add(person.id)
    return found


def _loses(whole: Analysis, part: Analysis) -> bool:
    """Tell whether a shorter reading drops a party or person the whole question names."""
    return bool(whole.parties - part.parties or whole.persons - part.persons)


def consider(
    reader: Reader,
    index: ContestIndex,
    words_: tuple[str, ...],
    context: Analysis,
    text: str | None,
    yes_no: bool = False,
    guess: frozenset[str] = frozenset(),
) -> Outcome:
    """Analyse one reading, gather every source's candidates and decide.

    `yes_no` marks a statement asked with '?' ("she said 12 months?"); `guess` holds the words
    of a guess at the answer after it ("which channel was he on, bbc?"), which a question
    asking something checks rather than matches.
    """
    query = index.analyze(text or " ".join(words_), raw=list(words_), correct=True)
    # "what's X's job, shadow health?" (not "what did the lib dems get, lost deposit?": without
    # the guess, nothing but the party says what it asks)
    rest = {t for t in query.bag - guess if t[:1] != "@" and t not in query.parties}
    asks = query.wh or (query.raw[:1] and query.raw[0] in WH_OPENERS and rest)
    if guess and asks and not query.yes_no and query.bag - guess:
        query = replace(query, bag=query.bag - guess)
    if (place := other_quarter(context, index)) is not None:
        return Outcome(query, Decision("abstain", reason=f"I don't have that for {place}."))
    if unknown_places(context) - query.rare:
        # "rochdale by-election, who's winning there": read without its chatter, the question
        # would lose the place it asks about, which the sources never name
        return Outcome(query, Decision("abstain"))
    checks = query.figures or QUOTE in query.bag or (query.persons and query.parties)
    if yes_no and not query.wh and checks:
        query = replace(query, yes_no=True)  # "maj was 6,490?", "she said 12 months?", "X a tory?"
    if context.years - query.years:
        query = replace(query, years=query.years | context.years)
    said = set(words_)
    if unknown_speaker(query, index):
        # "has theresa may said anything about trudy?": the one asked to have spoken is no one
        # the sources have, though they quote someone else named
        return Outcome(query, Decision("abstain", reason=NOBODY_QUOTED))
    if not query.persons and PRONOUNS & said:
        pid = _antecedent(index, context, said)
        if pid is not None:
            query = replace(query, persons={pid}, bag=query.bag | {"@" + pid})
        elif (QUOTE in query.bag and context.rare - query.rare and not context.persons) or (
            unknown_speaker(context, index, anywhere=True)
            and not unknown_speaker(query, index, anywhere=True)
        ):
            # "wasn't Mandelson MP there once? what did he say tonight": "he" is a name asked
            # about before, which the sources lack; "what did angela rayner say, was she
            # blamed": "she" is the speaker asked about, whom the sources do not quote
            return Outcome(query, Decision("abstain", reason=NOBODY_QUOTED))
    topic = context.bag & MEASURES
    if "it" in said and topic and query.wh == "number" and not query.bag & MEASURES:
        # "tory maj, how big was it?": "it" is the measure asked about before
        query = replace(query, bag=query.bag | topic, tokens=[*query.tokens, *sorted(topic)])
    if not query.figures and context.figures and POINTERS & said:
        shown = {t for t in context.bag if figure_key(t) in context.figures}
        query = replace(query, figures=set(context.figures), bag=query.bag | shown)
    ignore: frozenset[str] = frozenset()
    winner = index.winner()
    # "what did the winner say?", "first name of the winner?": the winner is a person here
    talk = (
        query.bag & WINNER_TALK
        or (WINNER_WORDS & _pairs(query.raw) and query.bag - {WON})
        or (query.wh == "where" and "from" in query.raw)  # "where's the winner from?"
    )
    if not query.persons and winner and WON in query.tokens and talk and not query.yes_no:
        query = replace(query, persons={winner}, bag=(query.bag - {WON}) | {"@" + winner})
    if (found := people.by_role(index, query)) is not None:
        pid, used = found
        query = replace(query, persons={pid}, bag=(query.bag - used) | {"@" + pid}, parties=set())
        ignore = used
    # a figure in a yes/no question is checked, not matched; so is one that guesses the figure
    # a question asks for ("whats the majority labour are defending? 3k something?")
    # ... or the time a question asks for ("when's the result due, 4am?")
    measured = bool(query.bag & MEASURES) or query.wh == "when"
    guess = not query.yes_no and not query.persons and measured and _guessed(query)
    if (query.yes_no or guess) and query.figures:
        given = {t for t in query.bag if figure_key(t) is not None or t[:1].isdigit()}
        if query.bag - given:  # ... unless it is all there is to match ("4,321 from 2019?")
            query = replace(query, bag=query.bag - given)
            if guess and not query.yes_no:  # the answer gives the figure: no check to make
                query = replace(query, figures=set())
    asked = [p for p, key in index.elsewhere.items() if key <= stems(query)]
    if not asked and (before := [p for p, k in index.elsewhere.items() if k <= stems(context)]):
        # "kingswood swing was 28% too?" read as "was 28% too?": the other contest asked about
        return Outcome(query, Decision("abstain", reason=f"I don't have that for {before[0]}."))
    fact_candidates, _ = facts.propose(index, query, reader.params)
    candidates: list[Candidate] = [
        *fact_candidates,
        *quotes.propose(index, query),
        *people.propose(index, query),
        *result.propose(index, query),
        *contest_facts.propose(index, query),
        *sentences.propose(index.sentences, query, index.contest, ignore=ignore),
    ]
    if index.elsewhere:
        candidates = keep_for_elsewhere(index, query, candidates, asked)
        if asked and not candidates:
            return Outcome(query, Decision("abstain", reason=f"I don't have that for {asked[0]}."))
    return Outcome(query, decide(candidates, query))


def _antecedent(index: ContestIndex, context: Analysis, said: set[str]) -> str | None:
    """Return who "he", "she" or "they" refers to: the one person the message names, else the
    one person of that gender the contest has ("was she a councillor?")."""
    if len(context.persons) == 1:
        return next(iter(context.persons))
    if context.persons or context.rare:
        return None  # "how does the article describe Jo Bloggs, what's his role?"
    if GENDERED["woman"] & said:
        return people.by_gender(index, "woman")  # titles say it: "Ms Pochin"
    # "what did he promise?" of a report quoting one person (the winner's speech): them
    speakers = {q.speaker for q in index.contest.quotes}
    if len(speakers) == 1 and QUOTE in context.bag:
        return next(iter(speakers))
    return None


# What a contest has, not a party or person: it never leans on the party named before it.
_NOBODYS = frozenset({TURNOUT, ELECTORATE_SIZE, TIME, "rejected", "valid", "result", "count"})


def _elliptical(left: Analysis, right: Analysis, words_: tuple[str, ...]) -> bool:
    """Tell whether a second half leans on the first: "... and by how much", "lib dems: candidate
    and votes" (a bare noun with no one named, after a half that names someone)."""
    if not right.bag:
        return True
    named = left.persons or left.parties
    if right.bag and right.bag <= _NOBODYS:
        return False  # "labour majority and turnout": the turnout is nobody's
    bare = not (right.persons or right.parties or right.contests or right.years)
    return bool(named) and bare and not any(w in WH_OPENERS for w in words_)
