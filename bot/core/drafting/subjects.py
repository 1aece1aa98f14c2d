"""Who a sentence is about: the subject of a reporting verb, or the person it opens with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import ROLE_NOUNS
from .people import PersonDraft

FILLER = re.compile(
    r"^(?:\s*(?:[a-z]+ly|also|then|later|had|has|have|was|were|is|are|would|will|did|does|"
    r"only|just|once|again|now|today|afterwards|herself|himself|themselves|appeared to|"
    r"went on to|seemed to|MP|MSP))*\s*$"
)
LEAD = re.compile(r"^\s*(?:(?:But|And|So|Yet|However|Meanwhile|Now|Then),?\s+)?")
DESCRIBING = frozenset(
    "the a an former local new shadow deputy party public health ward prospective senior veteran".split()
)


@dataclass
class Ref:
    """Something in a sentence that can be the subject of a verb: a person, a group or a pronoun."""

    start: int
    end: int
    person: PersonDraft | None
    pronoun: str | None = None


def subject_before(refs: list[Ref], masked: str, clause_start: int, verb: int) -> Ref | None:
    """Return the person, group or pronoun that ends the clause before a verb ('Mr X later said')."""
    clause = masked[clause_start:verb]
    aside = re.search(r",[^,]{1,120},\s*$", clause)  # 'Sir Ed Davey, in a statement, said'
    end = clause_start + (aside.start() if aside else len(clause))
    best = None
    for ref in refs:
        if clause_start <= ref.start and ref.end <= end:
            tail = masked[ref.end : end].replace("’s", "")
            if FILLER.match(tail):
                best = ref
    if best is None and aside:  # "The area's new MP, Mr Timpson, said": the name in apposition
        for ref in refs:
            inside = masked[end + 1 : ref.start].strip() == ""
            if ref.start > end and inside and masked[ref.end : verb].strip(" ,") == "":
                best = ref
    return best


def subject_after(refs: list[Ref], masked: str, verb_end: int) -> Ref | None:
    """Return the subject named right after a verb that follows a quote ('…,' said Jane Smith)."""
    for ref in refs:
        if ref.start < verb_end:
            continue
        gap = masked[verb_end : ref.start].replace(",", " ").split()
        if len(gap) <= 5 and all(
            w[:1].isupper() or w.lower() in DESCRIBING or ROLE_NOUNS.fullmatch(w) for w in gap
        ):
            return ref
        return None
    return None


def pronoun_subject(masked: str, a: int) -> str | None:
    """Return 'he' or 'she' when a sentence opens with that pronoun as its subject."""
    m = re.match(r"\s*(?:(?:But|And|So),?\s+)?(He|She)\b", masked[a:])
    return m.group(1).lower() if m else None


def sentence_subject(refs: list[Ref], masked: str, a: int) -> PersonDraft | None:
    """Return the person a sentence opens with as its subject ('Independent candidate X came second')."""
    lead = LEAD.match(masked, a)
    start = lead.end() if lead else a
    head = masked[start:]
    comma = head.find(",")
    for ref in refs:
        if ref.person is None:
            continue
        gap = masked[start : ref.start]
        if comma >= 0 and start + comma < ref.start and len(gap.split()) <= 12:
            gap = masked[start + comma + 1 : ref.start]
        words = gap.split()
        if len(words) <= 6 and all(
            w[:1].isupper() or w.lower() in DESCRIBING or ROLE_NOUNS.fullmatch(w) for w in words
        ):
            after = masked[ref.end : ref.end + 3]
            if not after.startswith(("’s", "'s")):
                return ref.person
        break
    return None
