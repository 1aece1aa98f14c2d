"""Every sentence of a contest's sources, analysed: its words, figures, people and speaker."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from ..knowledge.model import Contest
from ..knowledge.sources import split_sentences
from ..text import STOPWORDS, fold, stem, verbatim_key, words, year_of
from .analysis import Analysis
from .concepts import QUOTE as QUOTE_WORD
from .figures import NUMBER_WORDS, figure_key, figures_in

# A sentence opening on a description of the last person named: "The senior Labour
# backbencher died at 74" (after "held by Labour's Sir Jo Bloggs since 1983")
_DESCRIBED = re.compile(
    r"^(?:The|This|That)\s+(?:[\w’'-]+\s+){0,3}(?:MP|backbencher|frontbencher|minister|"
    r"politician|veteran|councillor|candidate|former MP)\b(?!\s+(?:for|of)\b)"
)
_QUOTE_MARKS = re.compile(r"[\"“”„]|''")
_CAPITALISED = re.compile(r"(?<![.!?:\"“]\s)(?<![\"“‘'])(?<!^)\b[A-Z][a-z]+")
DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december midnight noon yesterday today".split()
)
_NAME_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_COMPASS = frozenset("north south east west northern southern eastern western".split())
WHEN_WORDS = frozenset("after before during until since soon while".split())
# A time of day, which "what time?" asks for: "4.15am", "06:40", "just after 2pm", "midnight"
_CLOCK = re.compile(
    r"\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b(?:midnight|noon|"
    r"o'clock|early hours|overnight|morning|evening|dawn|lunchtime|teatime)\b",
    re.I,
)
_NUMBER_WORDS = frozenset(  # "by just SIX votes"; not "one", which is mostly no number
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred thousand million".split()
)
_PERCENT = re.compile(r"(?<![\d.])\d{1,2}(?:\.\d+)?\s?(?:%|per ?cent\b)")
_CHANGE_BEFORE = re.compile(
    r"\b(?:by|up|down|rose|fell|(?:swing|rise|fall|drop|increase|decrease) of)\s+(?:almost |nearly |around |about |over |more than |just )?$"
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:-?point\s+)?(?:swing|rise|fall|drop|increase|decrease|points?\b)"
)
_CAUSES = frozenset("because after since due triggered caused following reason why".split())
_TIMED = frozenset({"after", "since", "following"})  # a cause, or only a time
_TIMED_WORD = re.compile(r"\b(?:after|since|following)\b", re.I)
_AT_TIME = re.compile(
    r"\b(?:after|since|following)\s+(?:just\s+|shortly\s+|about\s+|around\s+)?(?:\d|midnight|"
    r"dawn|noon|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|last\b|the\s+\d)",
    re.I,
)
# A sentence opening with a time clause, and no other cause word: "After the declaration ..."
_LEADING_TIME = re.compile(
    r"^\W*(?:after|since|following)\b(?!.*\b(?:because|due|triggered|caused|reason|why)\b)"
    r"(?!.*\b(?:after|since|following)\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a source paragraph, analysed."""

    source: str
    paragraph: int
    text: str
    key: str  # folded, for phrase search
    bag: frozenset[str]
    figures: frozenset[str]
    persons: frozenset[str]
    speaker: str | None
    speaker_party: str | None  # the canonical party token of the speaker, if known
    years: frozenset[int]
    parties: frozenset[str]
    kinds: frozenset[str]
    contests: frozenset[str] = frozenset()  # the contests it names
    relations: frozenset[tuple[str, str]] = frozenset()
    counted: frozenset[str] = frozenset()  # words next to its figures: what they count
    named: frozenset[str] = frozenset()  # words near a name: "BBC Radio Devon"


T = TypeVar("T")
Analyse = Callable[[str], Analysis]
EMPTY: frozenset[Any] = frozenset()


def frozen(items: Iterable[T]) -> frozenset[T]:
    """Freeze a set, sharing one empty set: most sentences name no year, figure or contest."""
    out = frozenset(items)
    return out if out else EMPTY


COUNTED_REACH = 3  # words either side of a figure that say what it counts


NAMED_REACH = 4  # words either side of a capitalised name that say what it names


def _named(text: str) -> set[str]:
    """Return the words (as stems) near a capitalised name inside a sentence: what it names."""
    found = _NAME_WORD.findall(text)
    out: set[str] = set()
    for i, word in enumerate(found):
        if i == 0 or not word[0].isupper():
            continue
        for near in found[max(0, i - NAMED_REACH) : i + NAMED_REACH + 1]:
            if (lowered := near.lower()) not in STOPWORDS:
                out.add(stem(lowered))
    return out


def counted_words(tokens: list[str]) -> set[str]:
    """Return the words near a sentence's figures (not years): "42,707 votes were cast"."""
    out: set[str] = set()
    for i, tok in enumerate(tokens):
        if year_of(tok) is not None:
            continue
        if figure_key(tok) is None and (tok not in NUMBER_WORDS or tok == "one"):
            continue
        for near in tokens[max(0, i - COUNTED_REACH) : i + COUNTED_REACH + 1]:
            out |= {near, stem(near)}
    return out


PartyOf = Callable[[str | None], str | None]


def _gives_cause(text: str, lowered: set[str]) -> bool:
    """Tell whether a sentence gives a cause: "because", "triggered by", or "after" / "since" /
    "following" not as a time ("After the declaration was called, X left", "just after 4am")."""
    if not lowered & _CAUSES or _LEADING_TIME.match(text):
        return False
    return bool(lowered & (_CAUSES - _TIMED)) or len(_AT_TIME.findall(text)) < len(
        _TIMED_WORD.findall(text)
    )


def _kinds(
    text: str, analysis: Analysis, figures: set[str], names: set[str], party_of: PartyOf
) -> set[str]:
    """Return what kinds of answer a sentence can give: time (of day: clock), figure, name, place."""
    kinds: set[str] = set()
    lowered = set(words(text.lower()))
    if "time" in analysis.bag or lowered & (DATE_WORDS | WHEN_WORDS) or analysis.years:
        kinds.add("time")
    if _CLOCK.search(text):
        kinds |= {"time", "clock"}
    if figures or analysis.years or lowered & _NUMBER_WORDS:
        kinds.add("figure")
    capitalised = {m.group(0).lower() for m in _CAPITALISED.finditer(text)}
    if analysis.persons or analysis.parties or capitalised:
        kinds.add("name")
    if any(party_of(w) is None for w in capitalised - names) or lowered & _COMPASS:
        kinds.add("place")  # a capitalised word that is no one's name nor a party: a place, perhaps
    if _gives_cause(text, lowered):
        kinds.add("cause")
    percents = list(_PERCENT.finditer(text))
    if percents and all(_is_change(text, m) for m in percents):
        kinds.add("change")  # "Labour's dropped by 14%", "a 10% swing": no share of the vote
    return kinds


def _is_change(text: str, m: re.Match[str]) -> bool:
    """Tell whether a percentage in a sentence is a change, not a level: "by 14%", "a 10% swing"."""
    return bool(_CHANGE_BEFORE.search(text, 0, m.start()) or _CHANGE_AFTER.match(text, m.end()))


class SentenceIndex:
    """Every sentence of a contest's sources, with term weights for matching."""

    def __init__(
        self,
        contest: Contest,
        analyse: Analyse,
        party_of: PartyOf,
        genders: Mapping[str, str] | None = None,
    ) -> None:
        self.sentences: list[Sentence] = []
        # each person's party token (not `party_of` itself: a method of the index that owns this)
        self.person_parties = {pid: party_of(p.party) for pid, p in contest.people.items()}
        speakers = _speakers(contest)
        genders = genders or {}
        names = {  # words that name people and parties, not places ("Shastri-Hurst": each part)
            part.lower()
            for p in contest.people.values()
            for w in _NAME_WORD.findall(" ".join([p.name, p.party or "", *p.aliases]))
            for part in (w, *w.split("-"))
        }
        # a first name not taken as an alias (a common word: "Mark", "Will") stays a word of
        # the sentences naming that person in full: "what seat is mark going for?"
        first_names = {
            pid: stem(first.lower())
            for pid, p in contest.people.items()
            if len(p.name.split()) >= 2
            and (first := p.name.split()[0]).lower() not in {a.lower() for a in p.aliases}
        }
        for source in contest.sources.values():
            last: str | None = None  # the last person named: "She was expelled..." is them
            for number, paragraph in enumerate(source.paragraphs, start=1):
                for text in split_sentences(paragraph):
                    sentence = self._sentence(
                        source.id, number, text, analyse, speakers, names, party_of
                    )
                    if sentence.speaker in contest.people:
                        party = party_of(contest.people[sentence.speaker].party)
                        sentence = replace(sentence, speaker_party=party)
                    if given := self._given(sentence, first_names):
                        sentence = replace(sentence, bag=sentence.bag | given)
                    pronoun = _pronoun_gender(text)
                    fits = pronoun is not None and genders.get(last or "") in (pronoun, None)
                    fits = fits or bool(_DESCRIBED.match(text))  # "The senior Labour MP died"
                    if not sentence.persons and last and fits:
                        persons, bag = frozenset({last}), sentence.bag | {"@" + last}
                        sentence = replace(sentence, persons=persons, bag=bag)
                    if len(sentence.persons) == 1:
                        last = next(iter(sentence.persons))
                    self.sentences.append(sentence)
        df: Counter[str] = Counter()
        for s in self.sentences:
            df.update(s.bag)
        n = max(len(self.sentences), 1)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)

    @staticmethod
    def _given(sentence: Sentence, first_names: dict[str, str]) -> frozenset[str]:
        """Return the first names, as words, of the people a sentence names in full."""
        key = sentence.key
        return frozenset(
            first_names[pid]
            for pid in sentence.persons
            if pid in first_names and re.search(rf"\b{re.escape(first_names[pid])}", key)
        )

    @staticmethod
    def _sentence(
        source: str,
        paragraph: int,
        text: str,
        analyse: Analyse,
        speakers: dict[tuple[int, str], str],
        names: set[str],
        party_of: PartyOf,
    ) -> Sentence:
        """Analyse one sentence and find who speaks it, if it is a quotation."""
        analysis = analyse(text)
        key = verbatim_key(fold(text)).lower()
        speaker = next(
            (
                sid
                for (para, quote), sid in speakers.items()
                if para == paragraph and _overlaps(key, quote)
            ),
            None,
        )
        bag = set(analysis.bag)
        persons = set(analysis.persons)
        if speaker is not None:
            bag |= {QUOTE_WORD, "@" + speaker}
            persons.add(speaker)
        elif _QUOTE_MARKS.search(text):
            bag.add(QUOTE_WORD)
        figures = figures_in(analysis.tokens)
        return Sentence(
            source=source,
            paragraph=paragraph,
            text=text,
            key=key,
            bag=frozen(bag),
            figures=frozen(figures),
            persons=frozen(persons),
            speaker=speaker,
            speaker_party=None,
            years=frozen(analysis.years),
            parties=frozen(analysis.parties),
            kinds=frozen(_kinds(text, analysis, figures, names, party_of)),
            relations=frozen(analysis.relations),
            contests=frozen(analysis.contests),
            counted=frozen(counted_words(analysis.tokens)),
            named=frozen(_named(text)),
        )

    def weight(self, token: str) -> float:
        """Return a token's weight: rarer across sentences weighs more."""
        return self.idf.get(token, self.max_idf)

    def vocabulary(self) -> Iterable[str]:
        """Return every token the sentences hold."""
        return self.idf.keys()


def _pronoun_gender(text: str) -> str | None:
    """Return 'man' or 'woman' for a sentence that refers to someone as he or she."""
    lowered = set(words(text.lower()))
    if lowered & {"she", "her", "hers", "herself"}:
        return "woman"
    if lowered & {"he", "him", "his", "himself"}:
        return "man"
    return None


def _speakers(contest: Contest) -> dict[tuple[int, str], str]:
    """Map (paragraph, folded quote text) to the speaker, from the contest's quotes."""
    return {
        (q.citation.paragraph, verbatim_key(fold(q.text)).lower()): q.speaker
        for q in contest.quotes
    }


def _overlaps(sentence: str, quote: str) -> bool:
    """Tell whether a sentence is (part of) a quotation, or holds one."""
    inner = _QUOTE_MARKS.sub("", sentence).strip(" .,:;'")
    return bool(inner) and (quote in sentence or inner in quote or quote in inner)
