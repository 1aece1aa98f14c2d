"""A fast first try at a YAML file: yaml-rs, kept only where it gives what PyYAML gives.

yaml-rs (a Rust parser) builds a file's data several times faster than the scan of libyaml's
events (yamlscan.py), which is most of reading 650 contest folders at start-up. But it reads
YAML 1.2, and the loader reads YAML 1.1 as PyYAML does: a few plain scalars differ (`yes`, `on`,
`1:20`, `012`, `1e3`, `-.5`), and so do tags, aliases,
directives and some block scalars. So a file is taken from yaml-rs only when nothing in its text
or in its data could be read differently; otherwise, and on any error, `fast_parse` returns None
and the scan reads it, with PyYAML's data, errors, duplicate keys and lines. Lines are never
needed here: the scan works them out when an error needs them.

Only start-up's worker processes use it (Reader(fast=True)): in the long-running bot, yaml-rs's
allocations for each re-read contest raised the peak RSS of the 650-contest rehearsal from 194
to 203-205 MB.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from .yamlproblem import MAX_DEPTH
from .yamlscan import typed_plain

# What sends a file to the scan, found in its text. Each search is cheap (most start with a
# literal) and conservative: prose in a quoted string may trip one, which only costs that file
# the slower reading.
_UNPRINTABLE_OR_TAB = re.compile(
    r"[\t\ufeff\x85\u2028\u2029"  # tabs, a byte-order mark, YAML 1.1's extra line breaks
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
_INDICATORS = {  # looked for only when the character is in the text at all
    "&": re.compile(r"[\s\[{,]&\S"),  # an anchor
    "*": re.compile(r"[\s\[{,]\*\S"),  # an alias
    "!": re.compile(r"[\s\[{,]!"),  # a tag
    "|": re.compile(r"\|[-+]?[1-9]"),  # a block scalar's indentation indicator
    ">": re.compile(r">[-+]?[1-9]"),
    "?": re.compile(r"\n *\?(?:[ \n]|$)"),  # a complex key (the text is framed by "\n")
}
# A plain number YAML 1.1 reads otherwise than 1.2: 012, 08, 0o7, 0b1, -.5, 1e3, 1.0e3, 1_000.
# (Strings PyYAML would type, such as yes, 1:20 or "=", are found in the data: see _same.)
# Python's re is quick to find a pattern that starts with one literal character: hence the lists.
_NUMBER = r"[-+]?(?:0\w|\.\d|\d[\d.]*[eE_])"
_VALUE_NUMBER = [re.compile(c + " " + _NUMBER) for c in (":", "-")]
_FLOW = [re.compile(c + r" *[\[{]") for c in (":", "-", "\n")]  # a flow collection: [a, b], {a: b}
_FLOW_RISK = re.compile(r"[\[{,] *" + _NUMBER + r"|[\]}] *:")  # ... or a collection as a key
_RISKY_STARTS = ("%", "---", "...")


def _risky(text: str) -> bool:
    """Tell whether yaml-rs might read `text` otherwise than PyYAML."""
    if (
        "<<" in text
        or text.startswith(_RISKY_STARTS)
        or "\n%" in text
        or "\n---" in text
        or "\n..." in text
    ):
        return True
    framed = "\n" + text  # the first line starts as the others do
    if any(c in text and p.search(framed) for c, p in _INDICATORS.items()):
        return True
    if _UNPRINTABLE_OR_TAB.search(text):
        return True
    if any(p.search(text) for p in _VALUE_NUMBER):
        return True
    return any(p.search(framed) for p in _FLOW) and bool(_FLOW_RISK.search(text))


# PyYAML reads these plain scalars as booleans; YAML 1.2 (yaml-rs) leaves them strings.
_BOOL_WORDS = frozenset("yes Yes YES no No NO on On ON off Off OFF".split())
_NUMERIC_START = frozenset("0123456789+-.=<~")


def _typed(text: str) -> bool:
    """Tell whether PyYAML would read `text`, written plain, as something else than a string."""
    if text in _BOOL_WORDS:
        return True
    if not text or text[0] not in _NUMERIC_START:
        return False
    return typed_plain(text)


_DATE = re.compile(r"\d{4}-\d\d-\d\d")  # YYYY-MM-DD: a date when written plain
_KEYS_KEPT = 4096  # how many mapping keys known to read alike are remembered (a process's files)


def _same(data: Any, text: str, keys: set[str]) -> Any:
    """Return `data` as PyYAML builds it from the same (unrisky) text, or None if unsure.

    A string PyYAML would type may have been written plain: unless it is a date whose every
    occurrence in the text is plain or every one quoted, the file is left to the scan. A key that
    is not a string may have been written otherwise; nesting MAX_DEPTH deep is the scan's to
    refuse. `keys` remembers keys found to be plain strings (most files share them).
    """
    dates = False
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if type(value) is dict:
            if not keys.issuperset(value):
                if any(type(k) is not str or _typed(k) for k in value):
                    return None
                if len(keys) < _KEYS_KEPT:
                    keys.update(value)
            children: Any = value.values()
        elif type(value) is list:
            children = value
        else:
            continue
        if children and depth >= MAX_DEPTH - 1:  # its items would be MAX_DEPTH deep
            return None
        depth += 1
        for child in children:  # the hot loop: most children are strings, few typed
            kind = type(child)
            if kind is str:
                if child in _BOOL_WORDS or (child[:1] in _NUMERIC_START and _typed(child)):
                    if not _DATE.fullmatch(child):
                        return None
                    dates = True
            elif kind is dict or kind is list:
                stack.append((child, depth))
    return _with_dates(data, text) if dates else data


def _plain_date(value: str, text: str) -> bool | None:
    """Tell whether a date string was written plain (True), quoted (False), or cannot tell."""
    quoted = text.count(f"'{value}'") + text.count(f'"{value}"')
    if quoted:
        return False if quoted == text.count(value) else None
    plain = re.findall(rf"[:-] {re.escape(value)}[ \t]*(?:#[^\n]*)?(?:\n|$)", text)
    return True if len(plain) == text.count(value) else None


def _with_dates(data: Any, text: str) -> Any:
    """Return `data` with each date written plain made a date, as PyYAML does; None if unsure."""
    stack = [data]
    while stack:
        value = stack.pop()
        items = value.items() if type(value) is dict else enumerate(value)
        for key, child in list(items):
            if type(child) is dict or type(child) is list:
                stack.append(child)
            elif type(child) is str and _DATE.fullmatch(child):
                plain = _plain_date(child, text)
                if plain is None:
                    return None
                if plain:
                    value[key] = dt.date.fromisoformat(child)
    return data


@cache
def _plain_keys() -> set[str]:
    """Return this process's memory of mapping keys that read alike (see _same)."""
    return set()


@cache
def _library() -> Any:
    """Return the yaml_rs module, or None when it is not installed."""
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - it is a dependency; the scan does without it
        return None
    return yaml_rs


def fast_parse(text: str) -> tuple[Any] | None:
    """Return `(data,)` when yaml-rs reads `text` exactly as PyYAML would, else None."""
    library = _library()
    if library is None or _risky(text):
        return None
    try:
        # Dates are left strings (yaml-rs 0.1 reads a quoted '2021-05-06' as a date too) and
        # made dates in _same; a duplicate key is an error: the scan then lists it.
        data = library.loads(text, parse_datetime=False)
    except Exception:  # any refusal is the scan's to explain, with its line
        return None
    if type(data) is not dict and type(data) is not list:
        return None  # a lone scalar (or nothing): the scan reads it as PyYAML does
    data = _same(data, text, _plain_keys())
    return None if data is None else (data,)
