"""The vocabulary of a knowledge base: spelling correction, synonyms and named entities."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..knowledge.schema import SynonymsFile
from ..text import STOPWORDS, clean_question, stem, words

MAX_PHRASE = 5
# A word English uses at least this often (per pyspellchecker's counts) is not a typo.
COMMON_WORD = 150
# An unknown word rarer than this is most likely a name (a person or place the sources lack).
RARE_WORD = 2000
# A near miss of a name is read as the name unless it is this common in English ("date", not "Dave").
COMMON_NAME_TYPO = 20000
OBJECT_PRONOUNS = frozenset({"her", "him", "them", "it", "us", "me"})  # "kick her out"
REACTION = "~reaction"  # a reaction ("lol") in a message: dropped, and ends a sentence
FILLER = "~filler"  # filler ("lads"): dropped
CORRECTIONS_KEPT = 16384  # spelling corrections remembered per lexicon (then forgotten at once)


def phrase_tokens(text: str) -> tuple[str, ...]:
    """Tokenise a phrase (alias, synonym) exactly as a question is tokenised."""
    return tuple(words(clean_question(text)))


def _same(token: str) -> str:
    """Return the token unchanged."""
    return token


def canonical_token(name: str) -> str:
    """Turn a canonical name such as 'brexit party' into one token."""
    return "_".join(phrase_tokens(name)) or name


@cache
def english_words() -> dict[str, int]:
    """Return how often common English words occur (pyspellchecker's counts), read once per
    process (~0.3 s): only the 41,000 words counted at least COMMON_WORD times, the least any
    check here asks about, in 5 MB rather than the whole list's 36."""
    try:  # the package's own list, read directly: half the time of building a SpellChecker
        packed = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
        counts = json.loads(gzip.decompress(packed))
    except (OSError, ValueError):  # laid out otherwise by another version of pyspellchecker
        from spellchecker import SpellChecker

        counts = SpellChecker(distance=1).word_frequency.dictionary
    return {word: n for word, n in counts.items() if n >= COMMON_WORD}


class PhraseTable:
    """Longest-match replacement of token sequences by a single token."""

    def __init__(self, *, stemmed: bool = False) -> None:
        self._table: dict[tuple[str, ...], str] = {}
        self._starts: dict[str, int] = {}  # first key -> the longest phrase starting with it
        self._exact: dict[str, str] = {}  # single words matched as written, not by their stem
        self.longest = 1
        self.stemmed = stemmed  # the synonyms table: phrasal verbs may be split by a pronoun
        self._key = stem if stemmed else _same

    def add(self, phrase: Iterable[str], token: str) -> None:
        """Map the token sequence `phrase` to `token` (first claim wins).

        A word the stemmer cuts hard ("majority" to "major") is matched as written, so that an
        army major is not read as a majority.
        """
        words = tuple(phrase)
        key = tuple(self._key(t) for t in words)
        if not key:
            return
        if len(words) == 1 and len(key[0]) <= len(words[0]) - 3:
            self._exact.setdefault(words[0], token)
            return
        self._table.setdefault(key, token)
        self._starts[key[0]] = max(self._starts.get(key[0], 0), len(key))
        self.longest = max(self.longest, len(key))

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return key in self._table or (len(key) == 1 and key[0] in self._exact)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        """Iterate over every phrase, as the keys it is matched by."""
        return iter([*self._table, *((w,) for w in self._exact)])

    def spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Return the (start, end) of every phrase found in the tokens, longest first."""
        keys = [self._key(t) for t in tokens]
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self._starts.get(keys[i], 0), len(tokens) - i), 0, -1):
                if tuple(keys[i : i + n]) in self._table:
                    found.append((i, i + n))
                    i += n
                    break
            else:
                i += 1
        return found

    def _split_verb(self, tokens: list[str], keys: list[str], i: int) -> tuple[str, int] | None:
        """Match a phrase split by an object pronoun at i + 1; return it and its length."""
        if not self.stemmed or i + 2 >= len(tokens) or tokens[i + 1] not in OBJECT_PRONOUNS:
            return None
        rest = keys[i + 2 :]
        for n in range(min(self._starts.get(keys[i], 0), len(rest) + 1), 1, -1):
            hit = self._table.get((keys[i], *rest[: n - 1]))
            if hit is not None:
                return hit, n
        return None

    def replace(self, tokens: list[str]) -> tuple[list[str], list[str]]:
        """Return the tokens with phrases replaced, and the replacement tokens found."""
        out, found, _ = self.replace_typed(tokens)
        return out, found

    def replace_typed(
        self, tokens: list[str]
    ) -> tuple[list[str], list[str], list[tuple[str, tuple[str, ...]]]]:
        """Return what `replace` does, and each replacement with the words it replaced."""
        out: list[str] = []
        found: list[str] = []
        typed: list[tuple[str, tuple[str, ...]]] = []
        keys = [self._key(t) for t in tokens]
        starts = self._starts
        i = 0
        while i < len(tokens):
            for n in range(min(starts.get(keys[i], 0), len(tokens) - i), 0, -1):
                hit = self._table.get(tuple(keys[i : i + n]))
                if hit is not None:
                    out.append(hit)
                    found.append(hit)
                    typed.append((hit, tuple(tokens[i : i + n])))
                    i += n
                    break
            else:
                split = self._split_verb(tokens, keys, i)
                if split is not None:  # "kick her out" is "kick out", about her
                    hit, n = split
                    out += [hit, tokens[i + 1]]
                    found.append(hit)
                    typed.append((hit, (tokens[i], *tokens[i + 2 : i + 1 + n])))
                    i += n + 1
                    continue
                exact = self._exact.get(tokens[i])
                out.append(exact if exact is not None else tokens[i])
                if exact is not None:
                    found.append(exact)
                    typed.append((exact, (tokens[i],)))
                i += 1
        return out, found, typed


class Lexicon:
    """Spelling, synonyms, parties and the words a knowledge base knows."""

    def __init__(self, synonyms: SynonymsFile) -> None:
        self.synonyms = PhraseTable(stemmed=True)
        self.parties: set[str] = set()
        self._party_words: dict[str, tuple[str, ...]] = {}  # one-word forms of each party
        self._vocab_seed: set[str] = set()
        for section, table in (("parties", synonyms.parties), ("synonyms", synonyms.synonyms)):
            for canonical, variants in table.items():
                token = canonical_token(canonical)
                if section == "parties":
                    self.parties.add(token)
                    forms = [tuple(phrase_tokens(v)) for v in (canonical, *variants)]
                    self._party_words[token] = tuple(f[0] for f in forms if len(f) == 1)
                self._vocab_seed.add(token)
                for variant in (canonical, *variants):
                    self.synonyms.add(phrase_tokens(variant), token)
        # one-word forms of each one-word synonym: "beds" for "bedfordshire" (place names)
        self._word_forms: dict[str, tuple[str, ...]] = {}
        for canonical, variants in synonyms.synonyms.items():
            if len(phrase_tokens(canonical)) == 1:
                forms = [tuple(phrase_tokens(v)) for v in variants]
                one = tuple(f[0] for f in forms if len(f) == 1)
                if one:
                    self._word_forms[phrase_tokens(canonical)[0]] = one
        self.spellings = {k.lower(): v.lower() for k, v in synonyms.spellings.items()}
        self.chatter = PhraseTable()
        for phrase in synonyms.chatter.reactions:
            self.chatter.add(self.respell(phrase_tokens(phrase)), REACTION)
        for phrase in synonyms.chatter.filler:
            self.chatter.add(self.respell(phrase_tokens(phrase)), FILLER)
        self.small_talk = PhraseTable()
        for kind in ("greetings", "thanks", "help"):
            for phrase in getattr(synonyms.chatter, kind):
                self.small_talk.add(self.respell(phrase_tokens(phrase)), kind)
        self._vocab: set[str] = set(self._vocab_seed)
        self._stems: set[str] = {stem(t) for t in self._vocab}
        self._frozen: list[str] | None = None
        # Per lexicon, not a functools cache on the method: that would keep old lexicons alive.
        self._corrections: dict[str, str] = {}
        self.names: set[str] = set()
        for variants in [*synonyms.parties.values(), *synonyms.synonyms.values()]:
            for variant in variants:
                self.learn(phrase_tokens(variant))

    def party_variants(self, phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Return a name's other spellings where a word of it is a party ("lab sources" for
        "Labour sources"), so that a person or group named by party is found as typed."""
        out: list[tuple[str, ...]] = []
        for i, word in enumerate(phrase):
            hit = self.synonyms.replace([word])[0]
            if len(phrase) < 2 or hit[0] not in self.parties:
                continue
            for form in self._party_words.get(hit[0], ()):
                if form != word:
                    out.append((*phrase[:i], form, *phrase[i + 1 :]))
        return out

    def route_forms(self, routes: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
        """Return a contest's names with each word also in its one-word synonyms: "mid beds" for
        "mid bedfordshire" (synonyms.yaml: `bedfordshire: [beds]`)."""
        out = list(dict.fromkeys(routes))
        for route in list(out):
            for i, word in enumerate(route):
                for form in self._word_forms.get(word, ()):
                    variant = (*route[:i], form, *route[i + 1 :])
                    if variant not in out:
                        out.append(variant)
        return out

    def respell(self, tokens: Iterable[str]) -> list[str]:
        """Return tokens with chat spellings read as the words they stand for."""
        spellings = self.spellings
        return [spellings.get(t, t) for t in tokens]

    def sentences(self, tokens: Iterable[str]) -> list[list[str]]:
        """Read chat spellings, drop filler, and split at reactions ("done lol whens the result")."""
        replaced, _ = self.chatter.replace(self.respell(tokens))
        out: list[list[str]] = [[]]
        for token in replaced:
            if token == REACTION:
                out.append([])
            elif token != FILLER:
                out[-1].append(token)
        return [s for s in out if s]

    def small_talk_of(self, tokens: list[str]) -> str | None:
        """Return 'thanks', 'greetings' or 'help' for a message made only of such words."""
        kept = [t for sentence in self.sentences(tokens) for t in sentence]
        replaced, found = self.small_talk.replace(kept)
        if not found or any(t not in found and t not in STOPWORDS for t in replaced):
            return None
        return "thanks" if "thanks" in found else "help" if "help" in found else "greetings"

    def learn_names(self, tokens: Iterable[str]) -> None:
        """Add words of people's and contests' names: a near miss of one is corrected to it."""
        names = [t for t in tokens if len(t) >= 3 and not t[0].isdigit()]
        self.names.update(names)
        self.learn(names)

    def learn(self, tokens: Iterable[str]) -> None:
        """Add words to the vocabulary used for spelling correction."""
        for tok in tokens:
            if len(tok) >= 3 and not tok[0].isdigit():
                self._vocab.add(tok)
                self._stems.add(stem(tok))
        self._frozen = None

    def prepare(self) -> None:
        """Sort the vocabulary for spelling correction now, rather than on the first typo."""
        if self._frozen is None:
            self._frozen = sorted(self._vocab)
            self._corrections.clear()

    def knows(self, token: str) -> bool:
        """Tell whether a token is a known word (or a stopword or number)."""
        return (
            token in self._vocab
            or token in STOPWORDS
            or token[:1].isdigit()
            or stem(token) in self._stems
        )

    def correct(self, token: str) -> str:
        """Return the known word closest to `token` within one or two edits, or `token`."""
        if self.knows(token) or len(token) < 4 or any(ch.isdigit() for ch in token):
            return token  # "ge17" is not a typo of "ge19"
        self.prepare()
        found = self._corrections.get(token)
        if found is None:
            if len(self._corrections) >= CORRECTIONS_KEPT:
                self._corrections.clear()
            found = self._corrections[token] = self._correct(token)
        return found

    def _correct(self, token: str) -> str:
        """Find the nearest vocabulary word for an unknown token."""
        limit = 1 if len(token) <= 5 else 2
        assert self._frozen is not None
        best = process.extractOne(token, self._frozen, scorer=OSA.distance, score_cutoff=limit)
        if best is None:
            return token
        word, dist, _ = best
        if dist == 2 and (word[0] != token[0] or word in self.names):
            return token  # two letters off a name is most often another name: "batley", "bexley"
        if word in self.names and token[:-1] == word and token[-1] != "s":
            return token  # a name and one more letter is another name: "corbyn" is not "corby"
        is_name = (
            word in self.names
            and dist == 1
            and word[0] == token[0]
            and self._english_frequency(token) < COMMON_NAME_TYPO
        )
        if not is_name and self._english_frequency(token) >= COMMON_WORD:
            return token  # a real word the knowledge base does not use, not a typo of one
        return word

    def is_common(self, token: str) -> bool:
        """Tell whether a word is too common in English to be read as a name ("will", "mark")."""
        return self._english_frequency(token) >= COMMON_NAME_TYPO

    def is_rare(self, token: str) -> bool:
        """Tell whether an unknown word is rare in English: a name or place, not a paraphrase."""
        return self._english_frequency(token) < RARE_WORD

    def _english_frequency(self, token: str) -> int:
        """Return how common `token` is in English."""
        return english_words().get(token.lower(), 0)
