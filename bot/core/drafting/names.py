"""Find the people a paragraph names: each mention with its title and the words that describe it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .parties import PartyNames

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
    This We When While Your
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


@dataclass(frozen=True)
class Mention:
    """A person named in a paragraph, outside quotes."""

    paragraph: int
    start: int  # where the name (after any title) starts in the paragraph
    end: int
    name: str
    title: str | None
    role_text: str  # the words just before that describe them, verbatim ('Labour leader ')
    role_start: int
    apposition: str | None  # ', a local teacher,' after the name, without its commas

    @property
    def tokens(self) -> list[str]:
        """Return the words of the name."""
        return self.name.split()

    @property
    def span_start(self) -> int:
        """Return where the mention starts, title included."""
        return self.start - (len(self.title) + 1 if self.title else 0)


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


LEDE = re.compile(r"^[A-Z]{3,}(?=\s+[A-Z][a-z])")  # not "MP Jo Bloggs said"


def find_mentions(
    text: str, paragraph: int, hidden: list[tuple[int, int]], parties: PartyNames
) -> list[Mention]:
    """Return the people a paragraph names outside the hidden (quoted) ranges, in order."""
    visible = list(text)
    for start, end in hidden:
        visible[start:end] = " " * (end - start)
    # "DEBBIE Abrahams won ...": a report's first word in capitals is a name as any other
    plain = LEDE.sub(lambda m: m[0] if parties.is_word(m[0]) else m[0].title(), "".join(visible))
    found: list[Mention] = []
    for m in RUN.finditer(plain):
        words = [(w.start() + m.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        tokens = [plain_token(w) for _, w in words]
        while len(tokens) > 1 and tokens[-1] in POST_NOMINALS:
            tokens, words = tokens[:-1], words[:-1]
        named = plain[max(0, m.start() - 1) : m.start()] != "("  # "(Eng Dem)" is a party
        cut = max(
            (
                i
                for i, t in enumerate(tokens)
                if (
                    _not_name(t, parties)
                    and not (named and _party_surname(words, tokens, i, parties))
                )
                or t in TITLES
            ),
            default=-1,
        )
        title = TITLES[tokens[cut]] if cut >= 0 and tokens[cut] in TITLES else None
        first = cut + 1
        if len(tokens) - first > 4:
            first = len(tokens) - 3
        name_tokens = tokens[first:]
        if not name_tokens or any(t.isupper() and len(t) > 1 for t in name_tokens):
            continue
        if len(name_tokens) == 1 and title is None and not _may_be_surname(name_tokens[0], parties):
            continue
        start = words[first][0]
        end = words[-1][0] + len(tokens[-1])
        head_end = words[cut][0] if title else start
        role_text, role_start = role_before(plain, head_end, parties)
        found.append(
            Mention(
                paragraph,
                start,
                end,
                " ".join(name_tokens),
                title,
                role_text,
                role_start,
                apposition_after(plain, end + (len(words[-1][1]) - len(tokens[-1]))),
            )
        )
    return found


def _not_name(token: str, parties: PartyNames) -> bool:
    """Tell whether a capitalised word is never part of a person's name ('Monday', 'Tory')."""
    return token in NOT_NAME or parties.is_word(token)


def _party_surname(
    words: list[tuple[int, str]], tokens: list[str], i: int, parties: PartyNames
) -> bool:
    """Tell whether a party's word is a surname: last, after a first name or a title ("Sarah
    Green", "Ms Green"), not after a word of a party's name ("Lib Dem") or a possessive
    ("Boris Johnson's Tories"), and not a plural ("Tories")."""
    if i != len(tokens) - 1 or i == 0 or tokens[i] in NOT_NAME or tokens[i].endswith("s"):
        return False
    before = tokens[i - 1]
    if words[i - 1][1] != before:  # "Johnson's": the party is his, not his name
        return False
    return before in TITLES or not _not_name(before, parties)


def _may_be_surname(token: str, parties: PartyNames) -> bool:
    """Tell whether a lone capitalised word could be a surname used on its own ('Galloway')."""
    return len(token) > 2 and not _not_name(token, parties)


_CLAUSE_BREAK = re.compile(r"[,.;:!?(—–\"“”]|\s-\s|\b(?:But|And|So|as|while|with|and|by|to)\b")


_FUNCTION_WORD = re.compile(
    r"\b(?:whether|that|which|who|whom|when|if|because|after|before|said|says|asked|than|about|"
    r"for|from|at|on|in|into|over|against|beat|beats|beating|defeat|defeats|defeated|defeating|"
    r"unseat|unseated|unseating|oust|ousted|ousting|of|unlike|like|including|besides|"
    r"being|despite|than|\d+)\b"
)


def _last_clause(head: str, parties: PartyNames | None = None) -> tuple[str, int]:
    """Return the words of `head` after its last clause break and function word, and where.

    Given the party names, an "and" inside one description is no break (see _joins_one).
    """
    pieces = list(_CLAUSE_BREAK.finditer(head))
    while pieces and parties is not None and _joins_one(head, pieces[-1], parties):
        pieces.pop()
    clause_start = pieces[-1].end() if pieces else 0
    clause = head[clause_start:]
    function = list(_FUNCTION_WORD.finditer(clause))
    if function:
        clause_start += function[-1].end()
        clause = clause[function[-1].end() :]
    return clause, clause_start


def _joins_one(head: str, piece: re.Match[str], parties: PartyNames) -> bool:
    """Tell whether an "and" joins two words of one description rather than two clauses: a
    place's name ("Cheshire West and Chester councillor") or two roles of one person
    ("Conservative candidate and NHS nurse"). The words after it must hold a role of their own
    ("The Tory candidate and Jo Bloggs" are two people), and not start with a party ("Jane
    Smith and Labour candidate John Doe")."""
    if piece.group(0) != "and":
        return False
    before = head[: piece.start()].split()[-1:]
    after = head[piece.end() :].split()
    if not before or not after or not ROLE_NOUNS.search(" ".join(after)):
        return False
    if parties.is_word(plain_token(after[0])) or after[0] in TITLES:
        return False
    place = before[0][:1].isupper() and after[0][:1].isupper() and before[0].isalpha()
    return place or bool(ROLE_NOUNS.fullmatch(before[0]))


def role_before(plain: str, start: int, parties: PartyNames) -> tuple[str, int]:
    """Return the words before a name that describe them ('Shadow public health minister ')."""
    head = plain[:start]
    clause, clause_start = _last_clause(head, parties)
    lead = len(clause) - len(clause.lstrip())
    clause = clause.lstrip()
    words = clause.split()
    if not words and head.endswith(", "):
        return _role_set_off(head[:-2], start)  # "the area's former MP, James Brokenshire"
    if not words and (shared := _PLURAL_PAIR.search(head)) and parties.is_party(shared["party"]):
        return shared["party"], shared.start(
            "party"
        )  # "independents Michael Guest and Roy Ivinson"
    if len(words) > 6:  # "he thought fellow Tory defector Mark Reckless": the role ends it
        tail = _role_tail(words)
        return (tail, head.rfind(tail)) if tail else ("", start)
    if not words:
        return "", start
    if not (ROLE_NOUNS.search(clause) or _party_lead(clause, parties)):
        return "", start
    return clause, clause_start + lead


_TAIL_OPENERS = frozenset("fellow former ex new local senior veteran shadow deputy then".split())


def _role_tail(words: list[str]) -> str:
    """Return the last few words of a long clause when they name a role ("fellow Tory defector"):
    ending in a role noun and opening with a descriptor or a capitalised word."""
    if not ROLE_NOUNS.fullmatch(words[-1]):
        return ""
    for k in (4, 3, 2):
        tail = words[-k:]
        if tail[0].lower() in _TAIL_OPENERS or (tail[0][:1].isupper() and tail[0] not in TITLES):
            return " ".join(tail)
    return ""


# A plural party word before two names: each is one ("independents Jo Bloggs and Ann Other")
_PLURAL_PAIR = re.compile(
    r"\b(?P<party>[A-Za-z]+s)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}\s+and\s+$"
)
_DETERMINER = re.compile(r"^(?:(?:the\s+)?\w+['’]s|the|a|an|its|their|his|her|our)\s+", re.I)


def _role_set_off(head: str, start: int) -> tuple[str, int]:
    """Return a role set off by a comma before a name, when the words before the comma end in a
    role noun ("paid tribute to the area's former MP, James Brokenshire")."""
    clause = _last_clause(head)[0].strip()
    determiner = _DETERMINER.match(clause)
    role = clause[determiner.end() :] if determiner else clause
    words = role.split()
    if not words or len(words) > 5 or not ROLE_NOUNS.fullmatch(words[-1]):
        return "", start
    return role, head.rfind(role)


def _party_lead(clause: str, parties: PartyNames) -> bool:
    """Tell whether a clause before a name is only a party ('Conservative ', 'Labour’s ')."""
    words = [plain_token(w) for w in clause.split()]
    return bool(words) and parties.is_party(" ".join(words)) and len(words) <= 3


_APPOSITION = re.compile(
    r"^,\s+(?P<text>(?:a|an|the|former|who is|who was|now|(?:MP|MSP|member|leader|chair|head)"
    r"\s+(?:for|of))\s[^,.;:()“”\"]{2,80}?)\s*(?=[,.;:]|$)"
)


_NEXT_IN_LIST = re.compile(r"[’']s\s+[A-Z][\w’'-]+\s+[A-Z]")  # "the Green Party’s Jack Lenox"


def apposition_after(plain: str, end: int) -> str | None:
    """Return a description set off after a name (', a local teacher,' -> 'a local teacher')."""
    tail = plain[end:]
    age = AGE.match(tail)
    if age and age.group(0).strip(", ()").isdigit():
        tail = (
            "," + tail[age.end() :] if not tail[age.end() :].startswith(",") else tail[age.end() :]
        )
    m = _APPOSITION.match(tail)
    if not m:
        return None
    text = m["text"]
    if _NEXT_IN_LIST.search(text):
        return None  # "Rebecca Hanson, the Green Party’s Jack Lenox and ...": the next one listed
    if text.startswith(("who is ", "who was ", "now ")):
        text = text.split(" ", 2)[-1] if text.startswith("who") else text[4:]
        if not ROLE_NOUNS.search(text):
            return None
    return text.strip()


def gender_of(title: str | None) -> str | None:
    """Return 'f' or 'm' when a title tells, else None."""
    if title in FEMALE_TITLES:
        return "f"
    if title in MALE_TITLES:
        return "m"
    return None
