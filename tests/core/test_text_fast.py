"""The fast clean_question gives exactly what the original character loop gave."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
import yaml

from bot.core import text
from bot.core.text import clean_question, fold, verbatim_key, words
from tests.core.helpers import KNOWLEDGE, ROOT

# The implementation before the speed-up, kept verbatim as the reference.
_MENTION = re.compile(r"<(?:@[!&]?|#)\d{5,25}>|<a?:\w{1,40}:\d{5,25}>|<t:\d+(?::\w)?>")
_AT_NAME = re.compile(r"(?<![\w@])@(?:everyone|here|[\w.\-]{1,32})")
_URL = re.compile(r"https?://\S+")
_CODE = re.compile(r"`+")
_SPACE = re.compile(r"\s+")


def _old_strip_symbols(value: str) -> str:
    out = []
    for ch in value:
        cat = unicodedata.category(ch)
        if cat[0] in "LNP" or ch in " '%\"":
            out.append(ch)
        elif cat[0] == "Z" or ch in "\n\t":
            out.append(" ")
        elif cat in ("Sc",):
            out.append(ch)
        else:
            out.append(" ")
    return "".join(out)


def _old_strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def old_clean_question(value: str) -> str:
    value = _MENTION.sub(" ", value)
    value = _URL.sub(" ", value)
    value = _AT_NAME.sub(" ", value)
    value = _CODE.sub(" ", value)
    value = fold(_old_strip_accents(value))
    value = _old_strip_symbols(value)
    return _SPACE.sub(" ", value).strip()


HOSTILE = [
    "",
    " ",
    "\x00",
    "what was the turnout\x00?",
    "who won? \u202egnirts desrever\u202c",  # RTL override
    "turnout \u200b\u200d\ufeff please",  # zero-width characters and a BOM
    "Z\u0351\u0368\u0364A\u0310\u0346L\u0367G\u0312O\u0303 turnout",  # zalgo
    "t\u0336u\u0336r\u0336n\u0336o\u0336u\u0336t",  # strike-through combining
    "turnout 🗳️🔥🇬🇧 👩‍👩‍👧‍👦 ?",
    "<@123456789012345678> what time is the count",
    "<@!123456789012345678> <@&123456> <#1234567> <:vote:123456789> <a:dance:98765432> <t:1620345600:R>",
    "@everyone @here @someone.name what's the majority",
    "see https://example.com/a?b=c and http://x.y/z then",
    "```turnout``` `inline` ``double``",
    "ｗｈａｔ ｗａｓ ｔｈｅ ｔｕｒｎｏｕｔ？",  # full width
    "ﬁnal result ² ½ Ⅻ №5 ™ ℃",  # compatibility characters
    "who\u2019s the \u201cwinner\u201d \u2013 \u2014 \u2212 5\u00a0000",
    "Müller Ångström crème brûlée naïve façade",
    "ما هي نسبة المشاركة؟ 投票率は？ Явка? ποσοστό;",
    "tabs\tand\nnewlines\r\nand\x0bvertical\x0cfeeds\x1c\x1d\x1e\x1f\x7f\x85",
    "\ud800 lone surrogate \udfff",
    "£5 $10 €20 ¥30 ₹40 +1 <3 a=b a|b ~ ^ ` 100%",
    "\u2028line separator\u2029paragraph separator\u3000ideographic space",
    "<@12> short mention @ @@x a@b.c e-mail@x.com",
]

POOL = (
    [chr(c) for c in range(128)]
    + list("’‘“”«»–—−\u00a0\u202e\u202d\u200b\u200d\ufeff\u0301\u0308\u0336\u0489\u20dd")
    + list("éÉñçøßÆœĳﬁ²½Ⅻ№™℃ｔｕＲ？！　")
    + list("🗳🔥🇬🇧👩‍💻✅❌⭐️")
    + list("ابجد日本語Яыπλ한국")
    + [
        "<@123456>",
        "<#1234567>",
        "<:x:123456>",
        "http://a.b/c",
        "https://x.y",
        "@here",
        "@bob",
        "`",
        "```",
    ]
    + ["\x00", "\ud800", "\U0001f600", "\U000e0041"]
)


def _random_strings(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(POOL) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def _phrasings() -> list[str]:
    out: list[str] = []
    for path in [*KNOWLEDGE.rglob("*.yaml"), *(ROOT / "tests" / "questions").glob("*.yaml")]:
        out += [s for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))]
    return out


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def test_clean_question_matches_the_original_on_hostile_input() -> None:
    for value in HOSTILE:
        assert clean_question(value) == old_clean_question(value), repr(value)


def test_clean_question_matches_the_original_on_random_strings() -> None:
    for value in _random_strings(20_000):
        assert clean_question(value) == old_clean_question(value), repr(value)


def test_clean_question_matches_the_original_on_every_character() -> None:
    """Every code point of planes 0-2, the tag and variation-selector block and the last ones."""
    codes = [*range(0x30000), *range(0xE0000, 0xE0200), *range(0x10FF00, 0x110000)]
    chunk = 512
    for start in range(0, len(codes), chunk):
        value = " a".join(chr(c) for c in codes[start : start + chunk])
        assert clean_question(value) == old_clean_question(value), hex(codes[start])


def test_clean_question_matches_the_original_on_knowledge_and_question_sets() -> None:
    values = _phrasings()
    assert len(values) > 500
    for value in values:
        assert clean_question(value) == old_clean_question(value), repr(value)


def test_character_tables_stay_bounded() -> None:
    table = text._CharTable(lambda ch: ch)
    table.LIMIT = 10
    assert "abcdefghijklmnopqrstuvwxyz".translate(table) == "abcdefghijklmnopqrstuvwxyz"
    assert len(table) == 10


def test_verbatim_key_folds_only_whitespace_and_quote_style() -> None:
    assert verbatim_key("  \u201cyes\u201d,\u00a0he\u2019s\n here ") == '"yes", he\'s here'
    for dash in "\u2013\u2014\u2212":
        assert verbatim_key(f"all{dash}but") == f"all{dash}but"
    assert fold("all\u2013but") == "all-but"  # question cleaning still folds dashes


def test_words_gives_a_fresh_list_each_time() -> None:
    first = words("what was the turnout in hartlepool")
    first.append("mutated")
    assert words("what was the turnout in hartlepool") == [
        "what",
        "was",
        "the",
        "turnout",
        "in",
        "hartlepool",
    ]


def test_stems_come_from_the_c_stemmer() -> None:
    """PyStemmer is installed, so snowballstemmer hands out its C stemmer (~70x the pure one)."""
    import Stemmer

    assert isinstance(text._STEMMER, Stemmer.Stemmer)
    got = [text.stem(w) for w in ("majority", "voting", "generously", "counted", "candidates")]
    assert got == ["major", "vote", "generous", "count", "candid"]


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("5.30", "time"),
        ("07:02", "time"),
        ("5.30am", "time"),
        ("12pm", "time"),
        ("42.55", None),  # a percentage typed without its sign, not a time
        ("13am", None),
        ("24.5", None),
        ("38.1%", "percentage"),
    ],
)
def test_a_clock_time_has_hours_and_minutes_a_clock_shows(token: str, kind: str | None) -> None:
    """'42.55' is no time of day: 'whats the 42.55 figure about' must not need a time."""
    assert text.figure_kind(token) == kind
