"""The people source: who someone is, whether they hold a role or party, and who is meant by a role."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..knowledge.schema import Person
from ..text import stem, words
from .analysis import Analysis, predicts
from .asking import asks_definition
from .candidate import Candidate
from .concepts import (
    CANDIDATE,
    GAIN,
    GENDERS,
    HELD,
    HISTORY,
    LOST,
    PARTY_STEM,
    PERSON,
    PERSON_WORDS,
    QUOTE,
    SEAT,
    WON,
)
from .index import BIO_WORDS, ContestIndex

BIO_SCORE = 0.9
JOB_SCORE = 1.0
JOB_WORDS = frozenset({"job", "work", "do"})
ROLE_ASKED = JOB_WORDS | {"role", "posit", "titl", "post"}  # stems
EARLIER = frozenset({"before", "formerly", "originally", "previously", "used"})
# Words that make a role another office: "the transport secretary" is not the shadow one
QUALIFIERS = frozenset({"shadow", "former", "ex", "deputy", "acting", "junior", "assistant"})
# Words typed for a former holder ("the old mp", "the mp before"), as typed or stemmed.
FORMER = frozenset({"former", "ex", "old", "previous", "outgoing", "before", "befor", "last"})
NAME_WORDS = frozenset({"name", "surname", "first", "full"})  # "first name of the old mp?"
# What a yes/no question about who won may hold besides the party or person it names.
WIN_CHECK = frozenset({WON, HELD, LOST, SEAT})
CHECK_SCORE = 0.85
VAGUE = frozenset({"both", "someth", "someon", "thing"})  # stems: "both shadow something"


@dataclass(frozen=True)
class PersonFacts:
    """Evidence: a person's cited description, and how it answers the question.

    `verdict` is None for "who is X", True or False for "is X the leader?" / "is X Labour?";
    `others` lists who does hold the role asked about, or the other person compared.
    """

    person: Person
    verdict: bool | None = None
    others: tuple[Person, ...] = ()
    compared: bool = False  # "is X the same person as Y?"


def gender_of(index: ContestIndex, pid: str) -> str | None:
    """Return 'man' or 'woman' when a person's title or aliases say so ("Ms Pochin")."""
    words = index.alias_stems.get(pid, frozenset()) & GENDERS
    return next(iter(words)) if len(words) == 1 else None


def by_gender(index: ContestIndex, gender: str) -> str | None:
    """Return the one person of the contest whose title says this gender, if there is one."""
    found = [p for p in index.contest.people if gender_of(index, p) == gender]
    return found[0] if len(found) == 1 else None


def by_role(index: ContestIndex, query: Analysis) -> tuple[str, frozenset[str]] | None:
    """Return who a question means by a role or description ('the transport bloke'), if one person.

    Returns the person's id and the question's words that named them. The question must point
    at a person: a person word ('guy', 'woman'), or at least two words of one person's role
    ('the health minister'); every word that only one person's role holds must point at the
    same person, and a party or gender named must be theirs.
    """
    before: set[str] = set()  # "who was the MP before Edwards?": the one named is when, not who
    if _named_before(index, query):
        before = {t for t in query.bag if t.startswith("@")}
        query = replace(query, persons=set(), bag=query.bag - before)
    if query.persons or not query.bag or asks_definition(query.raw):
        return None  # "what does Ukip stand for?" asks about the party, not its candidate
    marker = query.bag & PERSON_WORDS
    other_year = query.years and index.contest.date.year not in query.years
    if other_year and CANDIDATE in query.bag and not marker:
        return None  # "the Labour candidate in 2019" is not this contest's ("the Green guy" is)
    if "one" in query.raw and query.wh == "who":
        marker = marker | {PERSON}  # "who's the transport one?"
    used: set[str] = set()
    pids: set[str] = set()
    shared: set[str] | None = None  # who holds every role word asked: "the Tory candidate"
    for token in query.bag:
        owners = index.role_owners.get(token) or _typed_owners(index, query, token)
        if owners and len(owners) == 1:
            pids |= owners
            used.add(token)
            if token in query.typed:  # each word typed for it counts ("former mp", "mp before")
                used |= query.typed[token]
        elif owners:
            shared = set(owners) if shared is None else shared & owners
    for party in query.parties:
        owners = index.party_owners.get(party, frozenset())
        if not pids and not marker and shared and len(shared & owners) == 1:
            pids = shared & owners  # "the Tory candidate": the one candidate who is a Tory
            used |= {t for t in query.bag if pids <= index.role_owners.get(t, set())}
            used |= {party, stem(party)}
        elif pids and pids <= owners:
            used.add(stem(party))  # "the Reform leader": the leader is Reform's
        elif not pids and marker and len(owners) == 1:
            pids |= owners  # "the Labour guy": the only Labour person
            used.add(stem(party))
    gender = next(iter(marker & GENDERS), None)
    if gender and not pids:  # "the reform woman": the only woman of that party or at all
        party = next(iter(query.parties), None)
        pool = index.party_owners.get(party, frozenset()) if party else index.contest.people
        matching = [p for p in pool if gender_of(index, p) == gender]
        pids = set(matching) if len(matching) == 1 else set()
    if len(pids) != 1:
        return None
    pid = next(iter(pids))
    if gender and gender_of(index, pid) not in (gender, None):
        return None
    party = index.party_token(index.contest.people[pid].party)
    if query.parties and party not in query.parties:
        return None  # "the Tory transport secretary" is not Labour's
    if not marker and len(used) < 2:
        return None  # "who is the new MP?" does not mean the MP the sources quote
    role = set(words((index.contest.people[pid].role or "").lower()))
    typed = set(query.raw) | (FORMER if FORMER & set(query.raw) else set())  # "old mp": ex-MP
    if not marker and role & QUALIFIERS - typed:
        return None  # "who's the transport secretary?" asks who holds the office, not its shadow
    # "the shadow health minister": words others' roles share are his too
    used |= {t for t in query.bag if pid in index.role_owners.get(t, ())}
    if any(
        w.endswith("s") and not w.endswith(("ss", "us", "is")) and _reads_as(index, w) & used
        for w in query.raw
    ):
        return None  # "are Labour MPs angry?" is about several people
    return pid, frozenset(used | marker | before)


def _typed_owners(index: ContestIndex, query: Analysis, token: str) -> frozenset[str] | None:
    """Return who holds every word typed for a synonym no role uses, one of them "former"
    ("former mp" -> the one whose role is "Former Tory MP"), if anyone does."""
    typed = query.typed.get(token)
    if not typed or not typed & FORMER:  # a "shadow minister" may be the transport secretary
        return None
    if query.wh != "who" and not NAME_WORDS & query.bag:
        return None  # "what was the old mp accused of?": the words match what is said of him
    found = [index.role_owners.get("former" if word in FORMER else word) for word in typed]
    if not all(found):
        return None
    return frozenset.intersection(*found)  # type: ignore[arg-type]


def _named_before(index: ContestIndex, query: Analysis) -> bool:
    """Tell whether the one person a "who was the X before Y?" question names is Y, and Y is
    who won this contest (before someone who won elsewhere is someone else's predecessor)."""
    raw = query.raw
    if query.wh != "who" or len(query.persons) != 1 or "before" not in raw:
        return False
    pid = next(iter(query.persons))
    if pid != index.winner() and pid not in index.winners:
        return False
    person = index.contest.people.get(pid)
    after = raw[raw.index("before") + 1 :]
    names = {w.lower() for w in (person.name.split() if person else [])}
    return bool(after) and after[0].removesuffix("'s") in names


def _reads_as(index: ContestIndex, word: str) -> set[str]:
    """Return what a word reads as: its canonical word (synonyms.yaml) and its stem."""
    canon, _ = index.lexicon.synonyms.replace([word])
    return {canon[0], stem(word), stem(word[:-1])}


_DOES = frozenset({"did", "does", "do", "has", "have", "had", "will", "would"})


def _asks_object(raw: list[str]) -> bool:
    """Tell whether a who-question asks whom someone did something to ("who did X praise?")."""
    at = raw.index("who") if "who" in raw else -1
    return at >= 0 and raw[at + 1 : at + 2] != [] and raw[at + 1] in _DOES


def _is_bio(query: Analysis, rest: set[str]) -> bool:
    """Tell whether a question asks who someone is or what their job or party is."""
    if PARTY_STEM in rest:
        rest = rest - {CANDIDATE}  # "what party was X standing for?"
    if query.wh == "who":
        if _asks_object(query.raw) and rest - BIO_WORDS:
            return False  # "who did X praise?" asks whom X praised, not who X is
        return not rest - BIO_WORDS - (query.unknown - query.rare)
    return query.wh is None and not query.yes_no and not rest - BIO_WORDS


def _check(
    index: ContestIndex, query: Analysis, person: Person, rest: set[str]
) -> tuple[bool, bool | None]:
    """Tell whether 'is X the leader / a Tory?' is a check of role or party, and its verdict.

    The verdict is None when the question also asks something else ("is X an MP or just an
    activist?"): the description answers it, but not with a plain yes or no.
    """
    # "is X an MP or some twitter guy?": the description answers (not "has the mayor worked
    # with X before or do they not know each other?")
    either = "or" in query.tokens and query.raw[:1] in (["is"], ["was"], ["are"], ["were"])
    if either:
        asked = query.tokens[: query.tokens.index("or")]
        rest = rest & ({stem(t) for t in asked} | set(asked))
    parties = rest & query.parties
    roles = {t for t in rest if t in index.role_owners}
    if (not parties and not roles) or QUOTE in rest:
        return False, None  # "did X say ...?" is about their words, not their role
    clean = not rest - parties - roles - BIO_WORDS - {"same"}
    if not clean:
        return False, None  # "is X a good leader?", "was X always Reform or ...?": not a check
    if parties:
        party = index.party_token(person.party)
        if party is None:
            return False, None  # "was Mike Labour or Tory?": the sources give no party
        return True, (party in query.parties if not either else None)
    if either:
        return True, None
    own = index.person_stems.get(person.id, frozenset())
    return True, (roles <= own if clean else None)


def _winner_check(index: ContestIndex, query: Analysis) -> Candidate | None:
    """Answer "did Labour win?" / "so X lost?" from the one person the sources say won.

    Only before a declaration (the result answers after it), and only when the question asks
    nothing else than whether that party or person won, held or lost the seat.
    """
    contest = index.contest
    if contest.status.result is not None or len(index.winners) != 1:
        return None
    bag = set(query.bag)
    # "did the tory guy win?": the Tory is the man named by his party, one person asked about
    parties = query.parties - {
        index.party_token(contest.people[p].party) for p in query.persons if p in contest.people
    }
    if not bag & {WON, HELD, LOST} or len(parties) + len(query.persons) != 1:
        return None
    if bag - WIN_CHECK - query.parties - {"@" + p for p in query.persons} - PERSON_WORDS:
        return None  # "did Labour win the council seats?" asks about something else
    winner = contest.people[next(iter(index.winners))]
    party = index.party_token(winner.party)
    if parties and party is None:
        return None  # the sources do not say which party the winner stood for
    won = party in parties if parties else winner.id in query.persons
    if won and (not bag & {WON, LOST} or GAIN & set(query.raw)):
        return None  # "a Labour hold?", "a Lib Dem gain?": who held it before is not on file
    verdict = won != (LOST in bag and WON not in bag)
    paragraphs = frozenset(c.paragraph for c in winner.citations)
    evidence = PersonFacts(winner, verdict=verdict)
    return Candidate("person", CHECK_SCORE, evidence, f"person:{winner.id}", paragraphs)


def _title_check(index: ContestIndex, person: Person, rest: set[str]) -> bool:
    """Tell whether a question only asks whether someone goes by words of their aliases ("a Sir")."""
    extra = index.alias_stems.get(person.id, frozenset())
    return bool(rest) and rest <= extra | BIO_WORDS


def propose(index: ContestIndex, query: Analysis) -> list[Candidate]:
    """Return a candidate about the person or people the question names."""
    contest = index.contest
    if query.years - {contest.date.year} or predicts(query):
        return []  # "will Jo Bloggs stand again?": what someone is says nothing of what they will do
    if query.yes_no and (checked := _winner_check(index, query)) is not None:
        return [checked]
    if not query.persons:
        return []
    people = [contest.people[p] for p in sorted(query.persons) if p in contest.people]
    if not people:
        return []
    named = set(query.bag) - {"@" + p.id for p in people}
    rest = named - PERSON_WORDS
    paragraphs = frozenset(c.paragraph for p in people for c in p.citations)
    if len(people) == 2 and not query.yes_no and _is_bio(query, rest):  # "X and Y: who are they?"
        evidence = PersonFacts(people[0], others=(people[1],))
        key = f"person:{people[0].id}+{people[1].id}"
        return [Candidate("person", BIO_SCORE, evidence, key, paragraphs)]
    # "is X the same person as Y? both shadow something", not "the same channel as Y?"
    same = "same" in rest and not rest - {"same"} - BIO_WORDS - set(index.role_owners) - VAGUE
    if len(people) == 2 and (same or (query.yes_no and not rest - BIO_WORDS)):
        return [
            Candidate(
                "person",
                CHECK_SCORE,
                PersonFacts(people[0], verdict=False, others=(people[1],), compared=True),
                f"person:{people[0].id}+{people[1].id}",
                paragraphs,
            )
        ]
    if len(people) != 1:
        return []
    person = people[0]
    if query.yes_no:
        checks, verdict = _check(index, query, person, rest)
        if not checks and _title_check(index, person, named):
            checks, verdict = True, True  # "is Jo Bloggs a Sir?"
        if not checks:
            return []
        others: tuple[Person, ...] = ()
        if verdict is False:  # "is X the health guy?": no, that is Y
            holders = {o for t in rest for o in index.role_owners.get(t, ())} - {person.id}
            if len(holders) == 1:
                others = (contest.people[holders.pop()],)
        evidence = PersonFacts(person, verdict=verdict, others=others)
        return [Candidate("person", CHECK_SCORE, evidence, f"person:{person.id}", paragraphs)]
    own = index.person_stems.get(person.id, frozenset()) | index.alias_stems.get(
        person.id, frozenset()
    )
    if not _is_bio(query, rest - own):  # "which party is X leader of?"
        return []
    if (PARTY_STEM in rest and not person.party) or (rest & ROLE_ASKED and not person.role):
        return []  # asked what is not on file: a sentence of the article may say it
    if PARTY_STEM in rest and (EARLIER & set(query.raw) or not HISTORY.isdisjoint(query.tokens)):
        return []  # "what party was X in before?": the party on file is the one they stand for
    if {"did", "do"} <= set(query.raw) and not rest & JOB_WORDS - {"do"}:
        return []  # "what did X do?" asks what they did, not their job
    party_words = {stem(w) for w in (person.party or "").lower().split()}
    if rest & JOB_WORDS and own <= {CANDIDATE, index.party_token(person.party)} | party_words:
        return []  # "what does X do for a job?": standing as a candidate is not a job
    # "what does X do?", "X's job?": the role is what is asked, before what the article says of X
    job = {"does", "do"} <= set(query.raw) or bool(rest & (JOB_WORDS - {"do"}))
    return [
        Candidate(
            "person",
            JOB_SCORE if job and person.role else BIO_SCORE,
            PersonFacts(person),
            f"person:{person.id}",
            paragraphs,
            entry_id=person.id,
        )
    ]
