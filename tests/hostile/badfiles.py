"""Knowledge files broken in hostile ways, each with a fragment of the error it must get."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

FACTS = "hartlepool-2021/facts.yaml"
SOURCE = "../seeds/000_8ffd2a88b3554888.txt"
LAUGHS = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
).encode()  # nine levels of nine: 387,420,489 "lol"s if it were ever expanded

Mutation = Callable[[bytes], bytes]
# case: (file relative to the knowledge folder, how it is broken, a fragment of the error)
BAD: dict[str, tuple[str, Mutation, str]] = {
    "invalid-utf8": (FACTS, lambda b: b.replace(b"turnout", b"turn\xffout", 1), "not valid UTF-8"),
    "invalid-utf8-source": (SOURCE, lambda b: b + b"\n\xc3\x28 a bad byte\n", "cannot read source"),
    "utf16": (FACTS, lambda b: b.decode().encode("utf-16"), "not valid UTF-8"),
    "binary": ("synonyms.yaml", lambda b: bytes(range(256)) * 40, "not valid UTF-8"),
    "nul": (FACTS, lambda b: b.replace(b"turnout", b"turn\x00out", 1), "control characters"),
    "huge": (FACTS, lambda b: b + b"# " + b"x" * (6 * 1024 * 1024) + b"\n", "the limit is"),
    "deep-flow": (FACTS, lambda b: b"facts: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nesting"),
    "deep-block": (
        "hartlepool-2021/people.yaml",
        lambda b: b"".join(b"  " * i + b"k%d:\n" % i for i in range(200)),
        "nesting deeper than 32 levels",
    ),
    "billion-laughs": ("hartlepool-2021/quotes.yaml", lambda b: LAUGHS, "anchors and aliases"),
    "merge-key": (
        "hartlepool-2021/people.yaml",
        lambda b: b"base: &b {role: x}\npeople:\n  - <<: *b\n    id: z\n    name: Z\n",
        "anchors and aliases",
    ),
    "python-tag": (
        "hartlepool-2021/people.yaml",
        lambda b: b"people: !!python/object/apply:os.system ['echo pwned']\n",
        "could not determine a constructor",
    ),
    "two-documents": (FACTS, lambda b: b + b"\n---\nfacts: []\n", "another document"),
    "format-string-key": (
        FACTS,
        lambda b: b.replace(b"facts:", b"{0}: %s\nfacts:", 1),
        "YAML syntax error",
    ),
}


def break_file(knowledge: Path, case: str) -> None:
    """Write the broken version of one file into a knowledge copy."""
    rel, mutate, _ = BAD[case]
    path = (knowledge / rel).resolve()
    path.write_bytes(mutate(path.read_bytes()))
