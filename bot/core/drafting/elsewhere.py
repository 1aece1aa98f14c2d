"""Other contests an article reports beside its own ("a separate by-election in Copeland")."""

from __future__ import annotations

import re

from .names import is_common_word, whole_name
from .parties import PartyNames

_PLACE = r"[A-Z][\w'’-]*(?:\s+(?:and|&|upon|on|under)\s+[A-Z][\w'’-]*|\s+[A-Z][\w'’-]*){0,3}"
AFTER = re.compile(rf"\bby-?elections?\s+(?:in|at)\s+(?P<place>{_PLACE})")
BEFORE = re.compile(rf"(?P<place>{_PLACE})\s+by-?elections?\b")
# A seat named without "by-election": "took Romsey from the Conservatives in 2000",
# "Chesham and Amersham had been a Conservative stronghold"
TOOK = re.compile(
    rf"\b(?:took|won|gained|seized|captured|snatched)\s+(?P<place>{_PLACE})\s+from\s+(?:the\s+)?[A-Z]"
)
STRONGHOLD = re.compile(
    rf"(?P<place>{_PLACE})\s+(?:had been|has been|was|is)\s+(?:a|an)\s+(?:safe\s+)?"
    r"(?:[A-Z][\w-]*\s+)?(?:stronghold|heartland|safe seat|marginal)\b"
)
# Words that open a capitalised run without naming a place: "The Wakefield by-election"
_LEAD = frozenset(
    "The A An This That These Those Last Next Tonight's Thursday's Friday's Parliamentary "
    "Westminster Local Council General Another Both Each Sunday Monday Tuesday Wednesday "
    "Thursday Friday Saturday January February March April May June July August September "
    "October November December".split()
)


def other_contests(paragraphs: tuple[str, ...], name: str, parties: PartyNames) -> frozenset[str]:
    """Return the places of other by-elections the article names, as printed.

    A place is another contest when it is not a word of this contest's name ("the by-election
    in Stoke" is this one, "Stoke-on-Trent Central by-election"), nor a party ("the Labour
    by-election campaign"), nor only common English words ("the May by-election").
    """
    own = {w.lower() for w in re.findall(r"[\w'’]+", name)}
    found: set[str] = set()
    for paragraph in paragraphs:
        forms = (AFTER, BEFORE, TOOK, STRONGHOLD)
        for m in [m for form in forms for m in form.finditer(paragraph)]:
            words = m["place"].split()
            while words and (words[0] in _LEAD or parties.is_word(words[0])):
                words = words[1:]
            place = " ".join(words)
            tokens = re.findall(r"[\w'’]+", place)
            if not tokens or any(w.lower() in own for w in tokens):
                continue
            if all(is_common_word(w) for w in tokens if w not in ("and", "upon", "on", "under")):
                continue  # "the May by-election", "Full by-election results"
            found.add(place)
            # "the Kingswood and Wellingborough by-elections": each is named alone too
            found.update(p for p in re.split(r"\s+(?:and|&)\s+", place) if p != place)
    return frozenset(found)


def about_elsewhere(sentence: str, places: frozenset[str]) -> bool:
    """Tell whether a sentence names another contest's place ("Tory victory in Copeland, ...")."""
    return any(whole_name(p).search(sentence) for p in places)
