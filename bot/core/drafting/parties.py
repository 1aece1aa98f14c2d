"""Party names as results tables and reports print them, read from synonyms.yaml for `bot draft`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge.party_names import fold_party, printed_forms
from ..knowledge.reader import KnowledgeError, Reader, display
from ..knowledge.schema import SynonymsFile
from ..knowledge.validate import validate_synonyms

__all__ = ["PartyNames", "PartyNamesMissing", "fold_party", "read_party_names"]

_TRIM = re.compile(r"^(?:the )|(?: party)?(?: candidate)$")
_NOTHING = re.compile(r"(?!)")


class PartyNamesMissing(ValueError):
    """No synonyms.yaml the draft may read has a `party_names` section; the message says where."""


@dataclass(frozen=True)
class PartyNames:
    """The party vocabulary of synonyms.yaml: printed forms, prose party words, non-parties."""

    forms: Mapping[str, str]  # folded printed form -> the name a draft writes ('c': Conservative)
    prose: frozenset[str]  # party words prose puts before a name, as prose capitalises them
    not_parties: frozenset[str]  # names standing for no party ('Independent')
    words: frozenset[str] = field(init=False)  # each word of each form: never in a person's name
    _prose: re.Pattern[str] = field(init=False, repr=False)
    _lead: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Derive the words and the patterns from the forms and prose words."""
        # The longest first, so that at one place "Green Party" wins over "Green".
        prose = sorted(self.prose, key=len, reverse=True)
        every = sorted(self.forms, key=len, reverse=True)
        lead = r"|".join(r"\s+".join(map(re.escape, form.split())) for form in every)
        derived = {
            "words": frozenset(w for form in self.forms for w in form.split()),
            "_prose": re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, prose))})(?![\w-])")
            if prose
            else _NOTHING,
            "_lead": re.compile(rf"\bthe\s+(?:{lead})\b\S*\s+(?:(?:19|20)\d\d\s+)?$", re.I)
            if every
            else _NOTHING,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @classmethod
    def from_synonyms(cls, synonyms: SynonymsFile) -> PartyNames:
        """Build the vocabulary from a validated synonyms.yaml."""
        forms = printed_forms(synonyms)
        return cls(
            forms=forms,
            prose=frozenset(synonyms.prose_parties),
            not_parties=frozenset(
                forms[key] for name in synonyms.not_parties if (key := fold_party(name)) in forms
            ),
        )

    def name(self, printed: str) -> str:
        """Return the party a printed name or abbreviation stands for ('C' -> 'Conservative').

        "The Conservative Party candidate" reads as Conservative; an unknown name is kept as printed.
        """
        key = fold_party(printed)
        if key in self.forms:
            return self.forms[key]
        trimmed = _TRIM.sub("", key).strip()
        if trimmed in self.forms:
            return self.forms[trimmed]
        return " ".join(printed.split()).strip(" ,.;:")

    def is_party(self, text: str) -> bool:
        """Tell whether text is a party's name or one of its printed forms."""
        return fold_party(text) in self.forms

    def is_word(self, token: str) -> bool:
        """Tell whether a word belongs to a party's name or printed form ('Dems', 'Tory')."""
        return token.lower() in self.words

    def in_prose(self, text: str) -> re.Match[str] | None:
        """Return the last party word of prose in text: the nearest to the name that follows.

        'former Conservative now Labour MP' gives Labour; 'Green Party' wins over 'Green'.
        """
        found = list(self._prose.finditer(text))
        return found[-1] if found else None

    def party_before(self, head: str) -> bool:
        """Tell whether text ends with 'the X', X a party ('the Tory(’s) (2019) ' majority)."""
        return self._lead.search(head[-80:]) is not None


def read_party_names(*folders: Path) -> tuple[PartyNames, Path]:
    """Return the party names of the first folder whose synonyms.yaml has them, and that file.

    A synonyms.yaml that does not pass `bot check` raises KnowledgeError; none with a
    `party_names` section raises PartyNamesMissing naming each file looked at.
    """
    looked: list[str] = []
    for folder in folders:
        path = folder / "synonyms.yaml"
        if not path.is_file():
            looked.append(f"{display(path)} (no such file)")
            continue
        reader = Reader()
        synonyms = reader.parse(path, SynonymsFile)
        if synonyms is not None:
            validate_synonyms(synonyms, path, reader)
        if synonyms is None or reader.errors:
            raise KnowledgeError(reader.errors)
        if synonyms.party_names:
            return PartyNames.from_synonyms(synonyms), path
        looked.append(f"{display(path)} (no party_names section)")
    raise PartyNamesMissing(
        "no synonyms.yaml with the party names results print (a `party_names` section) in "
        + ", ".join(looked)
        + "; pass --knowledge DIR with one (see README, synonyms.yaml)"
    )
