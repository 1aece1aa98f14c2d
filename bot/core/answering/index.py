"""Per-contest search index: analysed phrasings, entity qualifiers and term weights."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..knowledge.model import Contest
from ..knowledge.schema import MARK, Fact, Person
from ..pacing import pace
from ..text import STOPWORDS, clean_question, fold, stem, words
from .analysis import Analysis, analyze, question_type
from .asking import asks_definition
from .concepts import BY_ELECTION, GENDERS, HELD, LOST, PARTY_STEM, RESULT, WON
from .lexicon import Lexicon, PhraseTable, phrase_tokens
from .places import last_election, place_keys
from .sentence_index import DATE_WORDS, WHEN_WORDS, SentenceIndex, counted_words

ONCE = frozenset({"ex", "previous", "outgoing", "late"})  # words of a role once held
BIO_WORDS = frozenset(
    {
        "role",
        "job",
        "posit",
        "titl",
        "do",
        "work",
        "who",
        "post",
        PARTY_STEM,
        "name",
        "first",
        "full",
        "surnam",
        "call",  # "what's the Tory candidate called?"
        "background",  # "what's her background?", "what was his career?"
        "career",
        "occup",
        "profess",
        "befor",  # "what was she before?", "what did he do previously?"
        "former",
        "previous",
    }
)

SOMEONE_ELSE = "someone-else"  # a name on file read with another's title: "Lady Amess"

# Words of a drafted role that describe what happened, not who someone is (stems).
NOT_ROLE = frozenset({WON, LOST, HELD, RESULT, BY_ELECTION, "elect", "gain", "stood"})


@dataclass
class Entry:
    """One fact, analysed for matching."""

    fact: Fact
    phrasings: list[set[str]]
    bag: set[str]
    wh: set[str]
    years: set[int]
    parties: set[str]
    persons: set[str]
    excludes: set[str] = field(default_factory=set)
    weights: list[float] = field(default_factory=list)
    figures: frozenset[str] = frozenset()  # the figures its answer gives (figure_key form)
    dated: bool = False  # its answer gives a figure, a year or a time
    timed: bool = False  # its answer says when: a year, a time, a day or month, "since"...
    relations: frozenset[tuple[str, str]] = frozenset()  # ("before", "4") for "before 4am"
    defines: bool = False  # a phrasing asks what something stands for ("what does ND stand for?")
    counted: frozenset[str] = frozenset()  # the words next to its answer's figures, and
    # those of its "how many" phrasings: what its figures count
    ahead: bool = False  # it speaks of what is to come: a prediction, an expected time


# Words of what is to come: a fact using none cannot answer "will X stand again?".
AHEAD = frozenset(
    "will would gonna shall going expect expected expects expecting predict predicted predicts "
    "predicting prediction predictions forecast likely due odds next future soon".split()
)


@dataclass
class QuoteEntry:
    """A quote with its folded text, for attribution by fuzzy match."""

    id: str
    speaker: str
    key: str
    bag: set[str]
    about: str  # the words and what the speaker was asked, folded: for 'what did X say about Y'
    about_bag: set[str] = field(default_factory=set)  # what the speaker was asked, analysed


def name_parts(people: Iterable[Person]) -> dict[str, str]:
    """Map each first name and surname that only one person has to that person's id."""
    owners: dict[str, set[str]] = {}
    for person in people:
        words = phrase_tokens(person.name)
        if len(words) >= 2 and all(w[:1].isupper() for w in person.name.split()):
            for word in (words[0], words[-1]):
                owners.setdefault(word, set()).add(person.id)
    return {w: next(iter(o)) for w, o in owners.items() if len(o) == 1 and len(w) >= 3}


class ContestIndex:
    """Everything needed to match questions against one contest."""

    def __init__(self, contest: Contest, lexicon: Lexicon, contests: PhraseTable) -> None:
        self.contest = contest
        self.last_year = last_election(contest)
        self.elsewhere = place_keys(contest.elsewhere)  # other contests' places: their words
        # the people the sources describe (a role or party): of this contest, not only named
        self.described = frozenset(p.id for p in contest.people.values() if p.role or p.party)
        # this contest's own place words, by which a sentence is (also) about it
        own = place_keys([re.sub(r"\bby-?election\b", "", contest.name, flags=re.I)])
        self.own_words = frozenset().union(*own.values())
        self.lexicon = lexicon
        self.contest_table = contests
        self.genders: dict[str, str] = {}  # known once the people's aliases are read (below)
        self.persons = PhraseTable(stemmed=True)
        for person in contest.people.values():
            for alias in (person.name, *person.aliases):
                tokens = tuple(phrase_tokens(alias))
                self.persons.add(tokens, "@" + person.id)
                lexicon.learn_names(tokens)
                for variant in lexicon.party_variants(tokens):
                    self.persons.add(variant, "@" + person.id)  # "lab sources"
        for part, pid in name_parts(contest.people.values()).items():
            known = (part,) in self.persons or (stem(part),) in lexicon.synonyms
            if not known and part not in STOPWORDS and not lexicon.is_common(part):
                self.persons.add((part,), "@" + pid)  # "why did Mike quit?": a first name
        self.role_owners: dict[str, frozenset[str]] = {}
        self.party_owners: dict[str, frozenset[str]] = {}
        self.person_stems: dict[str, frozenset[str]] = {}
        self.alias_stems: dict[str, frozenset[str]] = {}  # words of aliases beyond the name
        self.winners: frozenset[str] = frozenset()  # people whose role says they won
        self._index_roles()
        self.entries = [self._entry(f) for f in contest.facts]
        df: Counter[str] = Counter()
        for entry in self.entries:
            df.update(set().union(*entry.phrasings))
        n = max(len(self.entries), 1)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        for entry in self.entries:
            entry.weights = [self.weight_sum(p) for p in entry.phrasings]
        context = [f"{q.outlet or ''} {q.said_at or ''}" for q in contest.quotes]
        self.quote_context: set[str] = set().union(set(), *(self.analyze(c).bag for c in context))
        self.quotes = [
            QuoteEntry(
                q.id,
                q.speaker,
                fold(q.text).lower(),
                self.analyze(q.text).bag,
                fold(f"{q.text} {q.context or ''}").lower(),
                self.analyze(q.context).bag if q.context else set(),
            )
            for q in contest.quotes
        ]

        self.genders = {
            pid: next(iter(words))
            for pid, stems in self.alias_stems.items()
            if len(words := stems & GENDERS) == 1
        }
        self.sentences = SentenceIndex(contest, self.analyze, self.party_token, self.genders)
        # every word of the sources, as the sentences hold them (stemmed)
        self.source_words = frozenset().union(*(s.bag for s in self.sentences.sentences))
        self.cache: dict[str, Any] = {}  # what is derived from the live status, per status

    def analyze(
        self,
        text: str,
        *,
        cleaned: str | None = None,
        correct: bool = False,
        raw: list[str] | None = None,
    ) -> Analysis:
        """Analyse text with this contest's people.

        A person named after a title of the other sex is someone else: "Lady Amess" is not
        Sir David Amess, though "Amess" alone would be.
        """
        tables = (self.persons, self.contest_table)
        year = self.contest.date.year
        found = analyze(
            text,
            self.lexicon,
            tables,
            correct=correct,
            cleaned=cleaned,
            this_year=year,
            last_year=self.last_year,
            raw=raw,
        )
        genders = self.genders
        others = {
            tok[1:]
            for before, tok in zip(found.tokens, found.tokens[1:], strict=False)
            if tok.startswith("@") and before in GENDERS and genders.get(tok[1:], before) != before
        }
        if not others:
            return found
        unnamed = {"@" + p for p in others}
        tokens = [SOMEONE_ELSE if t in unnamed else t for t in found.tokens]
        return replace(  # an unknown name: nothing on file answers for them
            found,
            persons=found.persons - others,
            bag=(found.bag - unnamed - GENDERS) | {SOMEONE_ELSE},
            tokens=tokens,
            unknown=found.unknown | {SOMEONE_ELSE},
            rare=found.rare | {SOMEONE_ELSE},
        )

    def winner(self) -> str | None:
        """Return who won, as a person of the contest: the declared winner, or the one the
        sources describe as having won."""
        result = self.contest.status.result
        if result is not None:
            name = result.winning.name.casefold()
            people = self.contest.people.values()
            return next((p.id for p in people if p.name.casefold() == name), None)
        return next(iter(self.winners)) if len(self.winners) == 1 else None

    def party_token(self, name: str | None) -> str | None:
        """Return the canonical party token of a party name, if the lexicon knows it."""
        if not name:
            return None
        tokens, _ = self.lexicon.synonyms.replace(list(phrase_tokens(name)))
        return next((t for t in tokens if t in self.lexicon.parties), None)

    def _index_roles(self) -> None:
        """Map the words of people's roles, and their parties, to the people who hold them."""
        owners: dict[str, set[str]] = {}
        parties: dict[str, set[str]] = {}
        winners: set[str] = set()
        for person in self.contest.people.values():
            stems: set[str] = set()
            if person.role:
                role = analyze(person.role, self.lexicon, (), correct=False)  # not as an alias
                stems = {t for t in role.bag if not t.startswith(("@", "#"))} - role.parties
                if WON in stems:
                    winners.add(person.id)
                stems -= NOT_ROLE  # "candidate who won the by-election": 'won' is no role
                if stems & ONCE:
                    stems.add("former")  # "Ex-Tory MP" is the former MP
            party = self.party_token(person.party)
            if party:
                parties.setdefault(party, set()).add(person.id)
            for stem_ in stems:
                owners.setdefault(stem_, set()).add(person.id)
            self.person_stems[person.id] = frozenset(stems | ({party} if party else set()))
            named = set(analyze(person.name, self.lexicon, (), correct=False).bag)
            extra: set[str] = set()
            for alias in person.aliases:
                extra |= set(analyze(alias, self.lexicon, (), correct=False).bag)
            self.alias_stems[person.id] = frozenset(extra - named - stems)
        self.winners = frozenset(winners)
        self.role_owners = {k: frozenset(v) for k, v in owners.items()}
        self.party_owners = {k: frozenset(v) for k, v in parties.items()}

    def weight(self, token: str) -> float:
        """Return a token's weight: rarer across facts weighs more; unseen weighs most."""
        return self.idf.get(token, self.max_idf)

    def weight_sum(self, bag: set[str]) -> float:
        """Sum the weights of a bag of tokens."""
        return sum(self.weight(t) for t in bag)

    def _entry(self, fact: Fact) -> Entry:
        """Analyse one fact's phrasings, keywords and answer."""
        pace()  # a reload's thread gives way here if the event loop is behind (stalls.py)
        phrasings = [self.analyze(q) for q in fact.questions]
        keywords = [self.analyze(k) for k in fact.keywords]
        answer = self.analyze(MARK.sub(" ", fact.answer))
        bag = set().union(*(a.bag for a in phrasings + keywords), answer.bag)
        # A fact is about the years it says, the years its phrasings ask about, or else its own
        # contest's year and any its answer compares with ("51.3%, down on 2019").
        years = (
            set(fact.years)
            or set().union(*(a.years for a in phrasings))
            or {self.contest.date.year, *answer.years}
        )
        parties = {
            self.lexicon.synonyms.replace(list(phrase_tokens(p)))[0][0] for p in fact.parties
        }
        parties |= set().union(*(a.parties for a in phrasings), answer.parties)
        persons = set(fact.people).union(*(a.persons for a in phrasings))
        kinds = [question_type(words(clean_question(q))) for q in fact.questions]
        wh = {w for w in kinds if w}
        counts = set().union(
            *(a.bag for a, w in zip(phrasings, kinds, strict=True) if w == "number")
        )
        excludes: set[str] = set()
        for text in fact.excludes:
            found = self.analyze(text)
            excludes |= found.bag | set(found.tokens)
        return Entry(
            fact,
            [a.bag for a in phrasings],
            bag,
            wh,
            years,
            parties,
            persons,
            excludes,
            figures=frozenset(answer.figures),
            dated=bool(answer.figures or answer.years or "time" in answer.bag),
            timed=bool(
                answer.years
                or "time" in answer.bag
                or set(answer.tokens) & (DATE_WORDS | WHEN_WORDS)
            ),
            relations=frozenset(answer.relations),
            defines=any(asks_definition(words(clean_question(q))) for q in fact.questions),
            counted=frozenset(counted_words(answer.tokens) | counts),
            ahead=any(AHEAD & set(words(t.lower())) for t in (*fact.questions, fact.answer)),
        )
