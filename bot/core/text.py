"""Text normalisation shared by the loader and the matcher: cleaning, tokens, stems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

# Discord markup that carries no meaning for a question.
_MENTION = re.compile(r"<(?:@[!&]?|#)\d{5,25}>|<a?:\w{1,40}:\d{5,25}>|<t:\d+(?::\w)?>")
_AT_NAME = re.compile(r"(?<![\w@])@(?:everyone|here|[\w.\-]{1,32})")
_URL = re.compile(r"https?://\S+")
_CODE = re.compile(r"`+")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
# For cited spans only quote style and whitespace may differ; dashes must match exactly.
_VERBATIM = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?(?:'[a-z]+)?")
_SPACE = re.compile(r"\s+")
# Each starts with its literal character, which lets the regex engine skip to it (ten times faster
# than the same pattern opening with its lookbehind).
_PERCENT = re.compile(r"%(?<![0-9]%)")
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}\b)")

# Words that carry no topic of their own. Question words are kept apart (see QUESTION_WORDS).
STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if so of to in on at by for from with about into as is are was were
    be been being am do does did doing done have has had having it its it's this that these those
    there here their they them he him his she her we us our you your i me my mine what which who
    whom whose when where why how whats what's who's whos wheres where's hows how's whens when's
    will would shall should can could may might must just any some all also than then too very
    not no yes pls plz please thx thanks thank ty tell me know anyone anybody someone somebody
    get got going gonna wanna want like really actually exactly currently right now yet still
    lol lmao ok okay hey hi hello yo guys mate folks bot electionbot u ur r im i'm ive i've tonight tonite far everyone everybody
    one give say said says saying let let's lets up much many
    figure figures number numbers stat stats info information details detail official officially
    final actual current exact roughly approximately approx basically literally pretty even
    rn atm tho though anyway anyways btw imo tbh ngl idk kinda sorta guess wondering wonder
    ever still again already
    look looks looking lookin seem seems seemed find found happen happened happening thing things
    something anything whole quick question q asking ask know knows heard hear someone's yall
    ya ye yeah yep nope nah omg wow oh ah um uh hmm gotta wanna gonna dunno
    """.split()
)

QUESTION_WORDS: dict[str, str] = {
    "who": "who",
    "whom": "who",
    "whose": "who",
    "who's": "who",
    "whos": "who",
    "when": "when",
    "when's": "when",
    "whens": "when",
    "why": "why",
    "where": "where",
    "where's": "where",
    "wheres": "where",
}


# Irregular forms Snowball leaves apart ("gave" and "given" are both "give").
IRREGULAR: dict[str, str] = {
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "made": "make",
    "took": "take",
    "taken": "take",
    "got": "get",
    "gotten": "get",
    "came": "come",
    "spoke": "speak",
    "spoken": "speak",
    "thought": "think",
    "knew": "know",
    "known": "know",
    "began": "begin",
    "begun": "begin",
    "ran": "run",
    "fell": "fall",
    "fallen": "fall",
    "held": "hold",
    "kept": "keep",
    "left": "leave",
    "met": "meet",
    "sent": "send",
    "stood": "stand",
    "wrote": "write",
    "written": "write",
    "saw": "see",
    "seen": "see",
}
TIME = re.compile(r"^(?:0?[1-9]|1[0-2])(?:[.:][0-5]\d)?(?:am|pm)$|^(?:[01]?\d|2[0-4])[.:][0-5]\d$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Snowball stem of one lower-case word (irregular forms first; figures unchanged)."""
    if any(ch.isdigit() for ch in word):
        return word
    return _STEMMER.stemWord(IRREGULAR.get(word, word))


def fold(text: str) -> str:
    """Fold typographic quotes and dashes to ASCII and collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def verbatim_key(text: str) -> str:
    """Return the form used to compare cited spans: only whitespace and quote style are folded."""
    return _SPACE.sub(" ", text.translate(_VERBATIM)).strip()


def _symbol(ch: str) -> str:
    """Return what `_strip_symbols` makes of one character: itself or a space."""
    cat = unicodedata.category(ch)
    if cat[0] in "LNP" or ch in " '%\"":
        return ch
    if cat[0] == "Z" or ch in "\n\t":
        return " "
    if cat == "Sc":
        return ch
    return " "


class _CharTable(dict[int, Any]):
    """A str.translate table filled in per character on first use (bounded, for hostile input)."""

    LIMIT = 65536

    def __init__(self, rule: Callable[[str], str]) -> None:
        super().__init__()
        self._rule = rule

    def __missing__(self, code: int) -> Any:
        ch = chr(code)
        out = self._rule(ch)
        value = code if out == ch else (out or None)
        if len(self) < self.LIMIT:
            self[code] = value
        return value


_SYMBOLS = _CharTable(_symbol)
_COMBINING = _CharTable(lambda ch: "" if unicodedata.combining(ch) else ch)
# On ASCII text the whole of clean_question after the markup is this table plus whitespace.
_ASCII_SYMBOLS = {code: " " for code in range(128) if _symbol(chr(code)) != chr(code)}


def _strip_symbols(text: str) -> str:
    """Drop emoji, control characters and other symbols; keep letters, digits and punctuation."""
    return text.translate(_SYMBOLS)


def _strip_accents(text: str) -> str:
    """Remove combining marks (accents, zalgo) after NFKD decomposition."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed if decomposed.isascii() else decomposed.translate(_COMBINING)


def clean_question(text: str) -> str:
    """Strip Discord mentions, links, emoji and markup from a typed question."""
    text = _strip_markup(text)
    if text.isascii():  # NFKD, NFKC and the quote table change nothing in ASCII
        return _SPACE.sub(" ", text.translate(_ASCII_SYMBOLS)).strip()
    return _SPACE.sub(" ", _strip_symbols(fold(_strip_accents(text)))).strip()


def _strip_markup(text: str) -> str:
    """Replace Discord mentions, links, @names and code ticks with spaces."""
    if "<" in text:
        text = _MENTION.sub(" ", text)
    if "http" in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _AT_NAME.sub(" ", text)
    if "`" in text:
        text = _CODE.sub(" ", text)
    return text


def words(text: str) -> list[str]:
    """Split already-cleaned text into lower-case word tokens."""
    return list(_words(text))


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Return every word of some raw texts: the union of `words(clean_question(t))` over them.

    Each distinct token is normalised once, so a contest's sources (mostly the same few hundred
    words again and again) cost a fraction of splitting each text on its own.
    """
    # Markup is stripped text by text (it never spans two). The rest of cleaning turns symbols
    # into spaces, which changes no token (tokens, and the figures read across characters, hold
    # none), and folds accents and typographic quotes, which only non-ASCII text needs. Joining
    # changes no word either: tokens never span a space.
    plain: list[str] = []
    for text in map(_strip_markup, texts):
        plain.append(text if text.isascii() else fold(_strip_accents(text)))
    found = set(_tokens(" ".join(plain)))
    quoted = {tok for tok in found if "'" in tok}  # `_token` changes no other
    return (found - quoted) | {tok for tok in map(_token, quoted) if tok}


@lru_cache(maxsize=65536)  # building an engine splits the same phrasings many times
def _words(text: str) -> tuple[str, ...]:
    """Do the work of `words` (cached: callers get a fresh list each time)."""
    return tuple(tok for tok in map(_token, _tokens(text)) if tok)


def _tokens(text: str) -> list[str]:
    """Return the raw word tokens of cleaned text, lower-cased, before `_token` normalises them."""
    lowered = _PERCENT.sub(" percent ", text.lower()).replace("tl;dr", "tldr")
    return _WORD.findall(_THOUSANDS.sub("", lowered))


def _token(tok: str) -> str:
    """Normalise one raw token: drop "'s" and trailing stops, undo contractions ("" if none left)."""
    if tok.endswith("'s") and len(tok) > 3:
        tok = tok[:-2]
    elif "'" in tok and (base := _contraction(tok)):
        tok = base
    elif tok.endswith("s'"):
        tok = tok[:-1]
    tok = tok.rstrip(",.")
    if tok.endswith("in'"):
        tok = tok[:-1] + "g"
    return tok


_NEGATIONS = {"can't": "can", "won't": "will", "shan't": "shall", "ain't": "is"}


def _contraction(tok: str) -> str | None:
    """Return the base of a contraction ("they've" -> "they", "didn't" -> "did"), or None."""
    if tok in _NEGATIONS:
        return _NEGATIONS[tok]
    for suffix in ("n't", "'ve", "'re", "'ll", "'d", "'m"):
        if tok.endswith(suffix) and len(tok) > len(suffix):
            return tok[: -len(suffix)]
    return None


def is_number(token: str) -> bool:
    """Tell whether a token is a figure such as 12,345, 38.12% or 6.15."""
    return token[0].isdigit()


_GE_YEAR = re.compile(r"^ge(\d{2}|(?:19|20)\d{2})$")


def year_of(token: str) -> int | None:
    """Return the year a token names (1900–2099, or GE17 / GE2017 for a general election)."""
    if len(token) == 4 and token.isdigit() and token[:2] in ("19", "20"):
        return int(token)
    match = _GE_YEAR.match(token)
    if match:
        digits = match[1]
        return int(digits) if len(digits) == 4 else 2000 + int(digits)
    return None


_OPENERS = frozenset(
    "who whom whose what whats what's when where why how which is are was were did does do has "
    "have had will would can could should any anyone tell".split()
)


def looks_like_question(text: str) -> bool:
    """Tell whether a chat message is probably a question (ends in ? or opens like one)."""
    stripped = clean_question(text)
    if not stripped:
        return False
    if "?" in text:
        return True
    first = words(stripped)[:1]
    return bool(first) and first[0] in _OPENERS


def figure_kind(token: str) -> str | None:
    """Return 'time' for a clock time (4am, 6.15am), 'percentage' for a percentage, else None."""
    if TIME.match(token):
        return "time"
    if token.endswith("%") and token[0].isdigit():
        return "percentage"
    return None
