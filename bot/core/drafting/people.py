"""The people an article names: who they are, their party, role and title, and their aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mentions import Mention
from .names import (
    ROLE_NOUNS,
    TITLES,
    gender_of,
    is_common_word,
    plain_token,
)
from .parties import PartyNames

GROUP = re.compile(
    r"\b(?:(?P<art>[Aa]n?|[Tt]he) )?(?P<org>(?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*){0,2} )?(?:[Pp]arty )?"
    r"(?P<noun>sources|source|insiders|insider|officials|aides|allies|spokesman|spokeswoman|"
    r"spokesperson|campaigners|campaigner|activists)\b"
)
PERSON_VERB = re.compile(
    r"\s+(?:has |have |had |was |later |also )?(?:won|said|says|told|added|took|received|polled|"
    r"came|beat|defeated|stood|resigned|thanked|celebrated|was elected)\b"
)
PARTY_OWNS = re.compile(r"(?P<party>[A-Z][\w]*(?:\s+[A-Za-z][\w]*){0,2})[’']s\s+$")
STARTERS = frozenset("A An And As But However Meanwhile So The Then Yet".split())
# Single-word aliases that would read ordinary words of a question as this person (and so would
# a word of a party's name).


def slug(text: str) -> str:
    """Return a lower-case id made of letters, digits and dashes."""
    text = text.replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class PersonDraft:
    """Someone (or a group) the article names, as the draft will write them."""

    id: str
    name: str
    group: bool = False
    title: str | None = None
    role: str | None = None
    party: str | None = None
    gender: str | None = None
    citation: tuple[int, str] | None = None  # (paragraph, verbatim span naming or describing them)
    forms: list[str] = field(default_factory=list)  # other names seen: 'Mr Bloggs', 'Sir Jo'
    candidate: bool = False
    won: bool = False
    result_line: tuple[int, str] | None = None  # the results line that lists them
    won_line: tuple[int, str] | None = None  # the sentence saying they won, when no line does
    party_won_line: tuple[int, str] | None = None  # the one saying their party won
    # what later mentions add to the role ('Barrister Dr X' after 'Tory candidate X'), each cited
    more: list[tuple[str, tuple[int, str]]] = field(default_factory=list)
    first_paragraph: int = 0
    named_in: int = 0
    named_time: str | None = None

    @property
    def surname(self) -> str:
        """Return the last word of the name."""
        return self.name.split()[-1]

    @property
    def first_name(self) -> str:
        """Return the first word of the name."""
        return self.name.split()[0]


def split_role(role_text: str, parties: PartyNames) -> tuple[str | None, str | None, str | None]:
    """Split 'Labour leader Sir' style text into (role, party, title); any may be None."""
    words = [plain_token(w) for w in role_text.split()]
    title = None
    if words and words[-1] in TITLES:
        title = TITLES[words.pop()]
    while words and words[0] in ("the", "The", "a", "A", "an", "An", "But", "And"):
        words.pop(0)
    text = " ".join(words)
    party = None
    at = parties.in_prose(text)
    if at is None and parties.is_party(text):
        return None, parties.name(text), title  # "independents Jo Bloggs and Ann Other"
    if at is not None and not re.search(r"\bdefector\b", text, re.I):  # "Tory defector": left it
        party = parties.name(at.group(0))
        if at.start() == 0 and len(text[at.end() :].split()) > 1:
            text = text[at.end() :].strip()  # 'Labour Shadow Transport Secretary'
    if not text or not ROLE_NOUNS.search(text) or (party and text == party):
        return None, party, title
    return text[0].upper() + text[1:], party, title


class Cast:
    """Everyone the article names, built up mention by mention."""

    def __init__(self, parties: PartyNames) -> None:
        self.parties = parties
        self.titled: set[str] = set()  # surnames the article gives a title ('Ms Example')
        self.gendered: dict[str, str] = {}  # surname -> 'm' or 'f', as a title gives it
        self.people: dict[str, PersonDraft] = {}
        self.left_out: list[tuple[int, str]] = []  # names not taken as people, for the review
        self.table: set[int] = set()  # the results table's paragraphs: their names are read

    def _new(self, name: str, paragraph: int, **kwargs: object) -> PersonDraft:
        """Create a person with a fresh id."""
        base = slug(name)[:40].strip("-") or "person"
        pid, n = base, 2
        while pid in self.people:
            pid = f"{base[:37]}-{n}"
            n += 1
        person = PersonDraft(pid, name, first_paragraph=paragraph, **kwargs)  # type: ignore[arg-type]
        self.people[pid] = person
        return person

    def candidate(
        self, name: str, party: str, paragraph: int, span: str, title: str | None = None
    ) -> PersonDraft:
        """Add (or find) a candidate from a results line."""
        person = self.find_full(name) or self._new(name, paragraph, title=title)
        person.candidate, person.party = True, party
        person.result_line = person.result_line or (paragraph, span)
        self.table.add(paragraph)
        person.title = person.title or title
        person.gender = person.gender or gender_of(title)
        if person.citation is None:
            person.citation = (paragraph, span)
        return person

    def find_full(self, name: str) -> PersonDraft | None:
        """Return the person with this full name, or whose first and last names match it."""
        tokens = name.split()
        for person in self.people.values():
            if person.group:
                continue
            if person.name == name:
                return person
            mine = person.name.split()
            if (
                len(tokens) >= 2
                and len(mine) >= 2
                and mine[-1] == tokens[-1]
                and mine[0] == tokens[0]
            ):
                return person
        if len(tokens) >= 2:  # "Mr Galloway" before "George Galloway (Respect)": one person
            titled = [
                p for p in self.people.values() if not p.group and p.title and p.name == tokens[-1]
            ]
            if len(titled) == 1:
                person = titled[0]
                person.forms.append(f"{person.title} {person.name}")
                person.name = name
                return person
        return None

    def by_surname(self, token: str, title: str | None) -> PersonDraft | None:
        """Return the one person with this surname (or first name with a title like 'Sir Jo')."""
        gender = gender_of(title)
        found = [
            p
            for p in self.people.values()
            if not p.group
            and (p.surname == token or (title in ("Sir", "Dame", "Lord") and p.first_name == token))
            and not (gender and p.gender and p.gender != gender)
        ]
        return found[-1] if len(found) == 1 else None

    def by_first_name(self, token: str) -> PersonDraft | None:
        """Return the one person with this first name, who the article calls by it alone."""
        found = [p for p in self.people.values() if not p.group and p.first_name == token]
        return found[0] if len(found) == 1 and len(found[0].name.split()) >= 2 else None

    def resolve(self, mention: Mention, text: str, sentence: str) -> PersonDraft | None:
        """Return the person a mention names, adding them (with role, party, title) if new."""
        tokens = mention.tokens
        if len(tokens) == 1:
            person = self.by_surname(tokens[0], mention.title)
            if person is None and PERSON_VERB.match(text, mention.end):
                person = self.by_first_name(tokens[0])  # "Mark thanked the people of ..."
            if person is None and mention.title:
                person = self._new(tokens[0], mention.paragraph, title=mention.title)
                person.citation = (mention.paragraph, f"{mention.title} {tokens[0]}")
            if person is None:
                return None
            form = f"{mention.title} {tokens[0]}" if mention.title else tokens[0]
            if form not in person.forms and form != person.name:
                person.forms.append(form)
        else:
            person = self.find_full(mention.name)
            if person is None:
                if mention.paragraph in self.table:  # "Britain First Jayda Fransen 56": read
                    return None
                if not self._looks_like_person(mention, text):
                    self.left_out.append((mention.paragraph, mention.name))
                    return None
                person = self._new(mention.name, mention.paragraph)
            elif mention.name != person.name and mention.name not in person.forms:
                person.forms.append(mention.name)
        self._describe(person, mention, text, sentence)
        return person

    def learn_titles(self, paragraphs: list[str] | tuple[str, ...]) -> None:
        """Note every surname the article uses with a title, so 'Jane Example' reads as a person."""
        pattern = re.compile(rf"\b(?:{'|'.join(TITLES)})\.? ([A-Z][\w’'-]+)")
        for text in paragraphs:
            for m in pattern.finditer(text):
                self.titled.add(m.group(1))
                title = m.group(0).split()[0].rstrip(".")
                if (gender := gender_of(title)) is not None:  # 'Mr McCartney' is a man
                    self.gendered.setdefault(m.group(1), gender)

    def _looks_like_person(self, mention: Mention, text: str) -> bool:
        """Tell a person from a place or body: a title, a role, a person's verb, or an uncommon last name."""
        if mention.title or mention.role_text or mention.apposition:
            return True
        if mention.tokens[-1] in self.titled or PERSON_VERB.match(text, mention.end):
            return True
        owner = PARTY_OWNS.search(text, 0, mention.span_start)  # "the Green party’s Rupert Read"
        if owner is not None and self.parties.is_party(owner["party"]):
            return True
        return not is_common_word(mention.tokens[-1])

    def _describe(self, person: PersonDraft, mention: Mention, text: str, sentence: str) -> None:
        """Take the title, party, role and gender a mention gives, and a citation for them."""
        if mention.title:
            person.title = person.title or (
                mention.title if mention.title not in ("Mr", "Mrs", "Ms", "Miss") else None
            )
            person.gender = person.gender or gender_of(mention.title)
            given = (
                mention.title in ("Sir", "Dame", "Lord", "Lady") and len(person.name.split()) > 1
            )
            form = f"{mention.title} {person.first_name if given else person.surname}"
            if form not in person.forms:
                person.forms.append(form)
        role, party, title = (
            split_role(mention.role_text, self.parties) if mention.role_text else (None,) * 3
        )
        if title and not person.title:
            person.title = title
        if party and not person.party:
            person.party = party
        if role is None and mention.apposition:
            role = mention.apposition[0].upper() + mention.apposition[1:]
        described = False
        if role and not person.role:
            person.role, described = role, True
        elif role and _adds_to(person, role):
            span = text[mention.role_start : mention.end].strip()
            person.more.append((role, (mention.paragraph, span)))
        if (described or party) and (person.citation is None or described):
            end = mention.end
            start = mention.role_start if mention.role_text else mention.span_start
            span = text[start:end]
            if (
                mention.apposition
                and role == mention.apposition[0].upper() + mention.apposition[1:]
            ):
                span = text[
                    mention.span_start : text.find(mention.apposition, end)
                    + len(mention.apposition)
                ]
            person.citation = (mention.paragraph, span.strip())
        if person.citation is None:
            person.citation = (mention.paragraph, sentence.strip())

    def group(self, m: re.Match[str], paragraph: int) -> PersonDraft:
        """Return the group speaker a match names (e.g. 'Labour sources'), adding it if new."""
        org_words = (m["org"] or "").split()
        while org_words and org_words[0] in STARTERS:
            org_words.pop(0)
        org = " ".join(org_words) or None
        noun = m["noun"]
        name = f"{org} {noun}" if org else noun
        name = name[0].upper() + name[1:]
        pid = slug(name)
        if pid not in self.people:
            start = m.start("org") + (m["org"] or "").index(org) if org else m.start("noun")
            party = self.parties.name(org) if org else None
            self.people[pid] = PersonDraft(
                pid,
                name,
                group=True,
                party=party if party != org or org in self.parties.prose else None,
                citation=(paragraph, m.string[start : m.end()]),
                first_paragraph=paragraph,
            )
        return self.people[pid]


def _adds_to(person: PersonDraft, role: str) -> bool:
    """Tell whether a later mention's role says something new: an occupation of a word or three
    ('Barrister'), not the role again nor a candidacy the results already give."""
    known = " ".join([person.role or "", *(r for r, _ in person.more)]).lower()
    words = role.split()
    return (
        len(words) <= 3
        and role.lower() not in known
        and not re.search(r"\bcandidate\b", role, re.I)
        and len(person.more) < 2
    )
