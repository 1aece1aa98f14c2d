"""The words around a name that say what someone is: the role before it, an apposition after."""

from __future__ import annotations

import re

from .names import AGE, ROLE_NOUNS, TITLES, plain_token
from .parties import PartyNames

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
