"""What a question asks of the article's sentences: whose words, which names, what topic."""

from __future__ import annotations

from itertools import pairwise

from ..knowledge.model import Contest
from ..text import STOPWORDS, stem, words
from .analysis import Analysis, predicts
from .concepts import PARTY_STEM, PERSON_WORDS
from .concepts import QUOTE as QUOTE_WORD
from .sentence_index import Sentence

PARTIES = "parties"  # what "which parties?" asks to be named
_SAY_AUX = frozenset({"did", "does", "do", "has", "have", "had", "is", "was", "were", "are"})
_ANYONE = frozenset(
    {"people", "peopl", "anyone", "anybodi", "someone", "everyone", "voter", "voters"}
)
ABOUT = frozenset({"about", "bout", "abt", "on", "regarding", "re"})


def topic_party(query: Analysis) -> bool:
    """Tell whether the parties named are what is talked about, not who talks: "what are
    sources saying about the Tory majority?" (a party after "about")."""
    tokens = query.tokens
    start = next((i for i, t in enumerate(tokens) if t in ABOUT), None)
    return start is not None and all(i > start for i, t in enumerate(tokens) if t in query.parties)


def beyond_sentences(query: Analysis) -> bool:
    """Tell whether a question asks what no sentence quoted whole can answer.

    "Will X resign?" asks for a prediction; "which councils did Labour lose?" asks for names a
    sentence that mentions "a raft of councils" does not give.
    """
    return predicts(query) or which_named(query) == ""


def which_named(query: Analysis) -> str | None:
    """Return what "which X?" asks to be named, as a stem ("" for a plural: a list to name).

    "Which councils did Labour lose?" asks for names a sentence about "a raft of councils" does
    not give; "which radio station?" is answered by a sentence naming one ("BBC Radio Devon").
    """
    raw = query.raw
    if "which" not in raw or query.wh == "who":
        return None
    at = raw.index("which") + 1
    if at >= len(raw):
        return None
    if any(plural(w) for w in raw[at : at + 2]):  # "which (northern) councils"
        # "which parties lost their deposits?": a sentence naming two parties names them
        return PARTIES if stem(raw[at]) == PARTY_STEM else ""
    return stem(raw[at])


def asks_clock(raw: list[str]) -> bool:
    """Tell whether a question asks a time of day: "what time", "wat time", "what hour"."""
    return any(
        a in ("what", "wat", "wot", "which") and b in ("time", "hour") for a, b in pairwise(raw)
    )


def described_speaker(query: Analysis) -> set[str]:
    """Return the words describing who is asked to have said something: "what did the doctor
    say?" -> {"gp"} (the synonym), as stems; empty when a name or nobody is given."""
    tokens = query.tokens
    if QUOTE_WORD not in tokens or query.persons:
        return set()  # a person named or resolved ("the winner"): the persons check covers it
    said = tokens.index(QUOTE_WORD)
    aux = next((i for i in range(said - 1, -1, -1) if tokens[i] in _SAY_AUX), None)
    if aux is None:
        return set()
    subject = tokens[aux + 1 : said]
    if any(t.startswith(("@", "#")) for t in subject):
        return set()
    return {
        t if t in query.parties else stem(t)
        for t in subject
        if t not in STOPWORDS and t not in PERSON_WORDS and t not in _ANYONE
    }


def speaker_words(sentence: Sentence, contest: Contest) -> set[str]:
    """Return what describes a sentence's speaker: their party and the words of their role."""
    person = contest.people.get(sentence.speaker or "")
    if person is None:
        return set()
    role = {stem(w) for w in words((person.role or "").lower())}
    return role | ({sentence.speaker_party} if sentence.speaker_party else set())


def plural(word: str) -> bool:
    """Tell whether a word looks like a plural noun ("councils", not "class" or "was")."""
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss") and stem(word) != word
