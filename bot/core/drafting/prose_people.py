"""What an article's prose says of its people beyond naming them: who won, who was beaten,
who held the seat before, and the jobs they work at."""

from __future__ import annotations

import re

from .names import whole_name
from .parties import PartyNames
from .people import Cast, PersonDraft
from .result_patterns import WON
from .results import ResultDraft, winner_party


def crown(winner: PersonDraft, result: ResultDraft, parties: PartyNames) -> None:
    """Mark the winner, cited to the sentences saying they and their party won, with the party
    the prose gives when nothing else did."""
    winner.won = True
    if result.winner_sentence and not result.from_table:
        winner.won_line = (result.winner_sentence.paragraph, result.winner_sentence.sentence)
    winner.party_won_line = _party_won_line(result, winner.won_line)
    if winner.party is None:
        winner.party = winner_party(result, parties)


def _party_won_line(result: ResultDraft, won: tuple[int, str] | None) -> tuple[int, str] | None:
    """Return the sentence saying which party won ("The Liberal Democrats have won ..."), to cite
    beside the winner's own, when there is one."""
    said = result.party_sentence
    if said is None or (won is not None and said.sentence == won[1]):
        return None
    return (said.paragraph, said.sentence)


BEATEN = re.compile(r"\b(?:defeat(?:s|ed|ing)?|beat(?:s|ing)?|saw off|ousted|ousting|unseated)\s+")


def mark_beaten(cast: Cast, sentences: list[tuple[int, str]]) -> None:
    """Mark as candidates the people the article says were beaten ("saw Ms Green defeat Tory
    Peter Fleet"): they stood in this contest, so "the Tory candidate" names them."""
    for _, sentence in sentences:
        for m in BEATEN.finditer(sentence):
            after = sentence[m.end() : m.end() + 60]
            for person in cast.people.values():
                if person.group or person.won or person.candidate:
                    continue
                at = after.find(person.name)
                if at >= 0 and len(after[:at].split()) <= 3:
                    person.candidate = True


# "The seat had been held by Labour's Sir Jo Bloggs since 1983": the MP before this one
HELD_BY = re.compile(
    r"\b(?:seat|constituency)\b[^.;]{0,30}?\bheld by\s+|\bMP,? (?:replacing|succeeding)\s+", re.I
)  # "... held by Jo X", "was crowned Testville MP replacing Jo X"
# "Sir Jo, who had represented the seat for 24 years"
REPRESENTED = re.compile(r"\b(?:had |has )?represented the (?:seat|constituency|town)\b", re.I)


def mark_holders(cast: Cast, sentences: list[tuple[int, str]]) -> None:
    """Describe as the former MP whoever the article says held or represented the seat, when
    nothing else describes them (the winner and the candidates aside)."""
    for number, sentence in sentences:
        spans = [(m.end(), m.end() + 50) for m in HELD_BY.finditer(sentence)]
        spans += [(max(0, m.start() - 50), m.start()) for m in REPRESENTED.finditer(sentence)]
        for start, end in spans:
            window = sentence[start:end]
            for person in cast.people.values():
                if person.group or person.won or person.candidate or person.role:
                    continue
                if any(form in window for form in (person.name, person.surname, *person.forms)):
                    person.role = "Former MP"
                    person.citation = (number, sentence.strip())


# "Mr X lives in the town and works as a solicitor for a trade union law firm"
WORKS_AS = re.compile(
    r"\b(?:works|worked|working|has worked) as an? (?P<job>[a-z][\w -]{2,60}?)(?=[,.;]|$| and\b)"
)


def mark_jobs(cast: Cast, sentences: list[tuple[int, str]]) -> None:
    """Add to someone's description the job a sentence says they work as (the last person it
    names before "works as")."""
    for number, sentence in sentences:
        for m in WORKS_AS.finditer(sentence):
            person = _named_last(cast, sentence[: m.start()])
            if person is None:
                continue
            job = m["job"][0].upper() + m["job"][1:]
            if job.lower() in " ".join([person.role or "", *(r for r, _ in person.more)]).lower():
                continue
            span = (number, sentence[m.start() : m.end()].strip())
            if person.role is None:
                person.role, person.citation = job, span
            else:
                person.more.append((job, span))


def _named_last(cast: Cast, head: str) -> PersonDraft | None:
    """Return the person `head` names last (by name, surname or another form), if any."""
    at = {
        p.id: max(_last_at(head, form) for form in (p.name, p.surname, *p.forms))
        for p in cast.people.values()
        if not p.group
    }
    found = [(where, pid) for pid, where in at.items() if where >= 0]
    return cast.people[max(found)[1]] if found else None


def _last_at(text: str, form: str) -> int:
    """Return where a name last ends in a text, as a whole name ("Khan" is not in "Allin-Khan")."""
    found = [m.end() for m in whole_name(form).finditer(text)]
    return found[-1] if found else -1


def subject_of(cast: Cast, sentence: str) -> PersonDraft | None:
    """Return the person named last before a sentence says someone won: who won."""
    won = WON.search(sentence)
    return _named_last(cast, sentence[: won.start()]) if won else None
