"""Check synonyms.yaml's party names for `bot draft`: how results tables and reports print parties."""

from __future__ import annotations

import re
from pathlib import Path

from .reader import Reader
from .schema import SynonymsFile

_FOLD = re.compile(r"[^a-z0-9 -]+")


def fold_party(text: str) -> str:
    """Fold a party name for lookup: lower case, no punctuation, single spaces."""
    return " ".join(_FOLD.sub(" ", text.lower().replace("’", "'").replace("'s", "")).split())


def printed_forms(synonyms: SynonymsFile) -> dict[str, str]:
    """Return every printed form of `party_names`, folded, with the name a draft writes for it.

    A name is a printed form of itself. The first party to give a form keeps it.
    """
    forms: dict[str, str] = {}
    for name, printed in synonyms.party_names.items():
        for form in (name, *printed):
            key = fold_party(form)
            if key:
                forms.setdefault(key, name)
    return forms


def check_party_names(synonyms: SynonymsFile, path: Path, reader: Reader) -> None:
    """Report a form two parties share, an empty form, and a prose word or non-party not listed."""
    owners: dict[str, str] = {}
    for name, printed in synonyms.party_names.items():
        for j, form in enumerate([name, *printed]):
            loc = ("party_names", name, j - 1) if j else ("party_names", name)
            key = fold_party(form)
            if not key:
                reader.at(path, loc, f"{form!r} has no letter or digit to read a party by")
            elif owners.setdefault(key, name) != name:
                reader.at(path, loc, f"{form!r} is already a printed form of {owners[key]!r}")
    for section in ("prose_parties", "not_parties"):
        for i, word in enumerate(getattr(synonyms, section)):
            if fold_party(word) not in owners:
                reader.at(
                    path,
                    (section, i),
                    f"{word!r} is not a name or printed form in party_names; add it there first",
                )
            elif section == "prose_parties" and not word[0].isupper():
                reader.at(
                    path,
                    (section, i),
                    f"{word!r} must be written as prose capitalises it (e.g. 'Labour', 'Lib Dems')",
                )
