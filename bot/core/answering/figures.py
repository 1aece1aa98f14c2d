"""Figures as people type them ("8k", "12,345", "40.5", "38.12%", "6.15am"), in one comparable form."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)(k|m|%|am|pm)?$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?(am|pm)$")


def _plain(number: str) -> str:
    """Write a decimal without trailing zeros: 42.50 -> 42.5, 7.0 -> 7."""
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number.lstrip("0") or "0"


def figure_key(token: str) -> str | None:
    """Return the comparable form of a figure token, or None if it is not a figure.

    Thousands separators are already gone (the tokeniser drops them). A clock time keeps its
    minutes ("6.15am" -> "6.15", "4am" -> "4"), so "6.15" typed without "am" matches it; a
    percentage is its number ("38.12%" -> "38.12"); "8k" is 8000.
    """
    if not token or not token[0].isdigit():
        return None
    clock = _CLOCK.match(token)
    if clock:
        return _plain(f"{int(clock[1])}.{clock[2] or '00'}")
    match = _NUMBER.match(token)
    if match is None:
        return None
    number, unit = match[1], match[2]
    if unit == "k":
        return _plain(f"{float(number) * 1000:.3f}")
    if unit == "m":
        return _plain(f"{float(number) * 1_000_000:.3f}")
    return _plain(number)


NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}


def figures_in(tokens: list[str]) -> set[str]:
    """Return the comparable form of every figure among tokens ("six" is 6, but not "one")."""
    found = {key for t in tokens if (key := figure_key(t)) is not None}
    return found | {NUMBER_WORDS[t] for t in tokens if t in NUMBER_WORDS and t != "one"}
