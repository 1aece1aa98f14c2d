"""The words of names: titles, what is never a name, common English words, gender by title."""

from __future__ import annotations

import re
from functools import lru_cache

TOKEN = (
    r"(?:Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z][a-z]+|[A-Z]{2,4}s?)"
    r"(?:-[A-Z][a-z]+)*(?:['’]s)?"
)
RUN = re.compile(rf"\b{TOKEN}(?:[ \u00a0]{TOKEN})*")
TITLES = {
    "Mr": "Mr",
    "Mrs": "Mrs",
    "Ms": "Ms",
    "Miss": "Miss",
    "Dr": "Dr",
    "Sir": "Sir",
    "Dame": "Dame",
    "Lord": "Lord",
    "Lady": "Lady",
    "Baroness": "Baroness",
    "Rev": "Rev",
    "Cllr": "Cllr",
    "Councillor": "Cllr",
    "Professor": "Professor",
    "Prof": "Professor",
}
FEMALE_TITLES = frozenset({"Mrs", "Ms", "Miss", "Dame", "Lady", "Baroness"})
MALE_TITLES = frozenset({"Mr", "Sir", "Lord"})
# Capitalised words that are never part of a person's name (nor is a word of a party's name).
NOT_NAME = frozenset(
    """
    A An And As At But By For From He Her His If In It Its My Of On Or Our She So The Their Then They
    This We When While Your St
    With Yet Asked Pressed Speaking Writing Meanwhile However Earlier Later Today Tonight Yesterday
    Following After Before During Since Despite Although Taking Giving Speaking Responding Commenting
    Party Shadow Secretary Minister Prime Chancellor Leader Deputy Former Chief Home Foreign Health
    Justice Treasury MP MPs MSP Councillor Mayor Candidate Spokesman Spokeswoman North South East
    West Northern Southern Eastern Western Mid Upper Lower Greater Great New Old Royal National Official British English Scottish Welsh
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December News Times Post Mail Guardian Telegraph Express
    Mirror Sun BBC ITV LBC Sky Radio TV Council Office Government Parliament Commons House Street Road
    Hospital University College Club Committee Commission Trust Service Union Covid NHS UK US EU
    Centre Center Stadium Hall Village Church School Academy Court Square Park Bridge Castle Station
    Airport Port Strip Palace Lane Avenue Leisure Sports Authority District County City Town Borough
    Constituency Election Elections By Electorate Turnout Majority Swing GAIN HOLD
    Gaza Israel Palestine Britain Britons England Scotland Wales Ireland Europe European America
    Christmas Easter Covid-19
    """.split()
)
ROLE_NOUNS = re.compile(
    r"\b(?:minister|secretary|mp|msp|leader|chair|chairman|chairwoman|candidate|mayor|councillor|"
    r"spokesman|spokeswoman|spokesperson|chancellor|president|officer|director|chief|adviser|"
    r"campaigner|member|deputy|whip|major|teacher|doctor|gp|nurse|businessman|businesswoman|"
    r"barrister|lawyer|solicitor|accountant|magistrate|farmer|journalist|presenter|commissioner|"
    r"governor|organiser|researcher|professor|expert|commentator|correspondent|editor|activist|"
    r"founder|owner|manager|worker|peer|veteran|entrepreneur|engineer|scientist|analyst|pollster|"
    r"ambassador|judge|manager|agent|officer|actress|actor|author|economist|chairperson|"
    r"strategist|boss|head|convenor|organizer|trader|landlord|executive|consultant|captain|"
    r"colonel|general|sergeant|officer|vicar|priest|imam|rabbi|bishop|hopeful|challenger|contender|opponent|rival|"
    r"nominee|incumbent|frontbencher|backbencher|stalwart|grandee|figure|insider|loyalist|aide|"
    r"defector|mep)\b",
    re.I,
)
POST_NOMINALS = frozenset({"MP", "MSP", "MEP", "MS", "AM", "QC", "KC", "OBE", "MBE", "CBE"})
AGE = re.compile(r"^,?\s*\(?\d{1,3}\)?,?")


@lru_cache(maxsize=1)
def _english_counts() -> object:
    """Return pyspellchecker's English word counts (loaded once, on first use)."""
    from spellchecker import SpellChecker

    return SpellChecker(distance=1).word_frequency


COMMON_WORD = 8_000  # a word English uses this often reads as a word, not as a name
# ... but a surname alone is read as the name up to this often: "bone's maj", "kitchen's share"
# (not "May", "Hope" or "Long", which questions use as words)
COMMON_SURNAME = 50_000


def is_common_word(word: str, limit: int = COMMON_WORD) -> bool:
    """Tell whether a word, or its stem, is a common English word ('Guy', 'Wood', 'Lowe' -> low)."""
    from ..text import stem

    counts = _english_counts()
    lower = word.lower()
    return max(counts[lower], counts[stem(lower)]) >= limit  # type: ignore[index]


def plain_token(token: str) -> str:
    """Strip a possessive from a token ('Labour’s' -> 'Labour')."""
    return token.removesuffix("’s").removesuffix("'s")


def whole_name(name: str) -> re.Pattern[str]:
    """Match a name as a whole, not inside another ("Khan" is not in "Allin-Khan")."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


def gender_of(title: str | None) -> str | None:
    """Return 'f' or 'm' when a title tells, else None."""
    if title in FEMALE_TITLES:
        return "f"
    if title in MALE_TITLES:
        return "m"
    return None
