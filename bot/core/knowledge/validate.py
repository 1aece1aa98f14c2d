"""Cross-file checks: ids, references, verbatim citations and claims on phrasings and aliases."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text import clean_question, verbatim_key, words
from .announcements import AnnouncementTemplate
from .party_names import check_party_names
from .reader import Reader
from .schema import MARK, Citation, SynonymsFile
from .templates import FIELDS, template_problems

if TYPE_CHECKING:
    from .model import Contest, KnowledgeBase


@lru_cache(maxsize=65536)  # phrasings repeat across contests and reloads
def phrase_key(text: str) -> str:
    """Normalise a phrasing or alias so that trivial variants collide."""
    return " ".join(words(clean_question(text)))


def _check_citation(
    contest: Contest,
    reader: Reader,
    path: Any,
    loc: tuple,
    cit: Citation,
    quote_loc: tuple | None = None,
) -> None:
    """Check that a citation names a known source and quotes its paragraph verbatim.

    `quote_loc` is where the quoted text stands when it is not the citation's own `quote`
    field (a quote's `text`); a text that is not verbatim is reported there.
    """
    src = contest.sources.get(cit.source)
    if src is None and cit.source in reader.unreadable.get(contest.folder, ()):
        return  # its file could not be read: reported once, at contest.yaml
    if src is None:
        known = ", ".join(sorted(contest.sources)) or "none"
        reader.at(path, (*loc, "source"), f"unknown source {cit.source!r} (known: {known})")
        return
    count = len(src.paragraphs)
    if cit.paragraph > count:
        reader.at(
            path,
            (*loc, "paragraph"),
            f"{cit.paragraph} is past the end of the source ({count} paragraphs)",
        )
        return
    if not src.contains(cit.paragraph, cit.quote):
        where = src.find(cit.quote)
        hint = (
            f"it is in paragraph {where}"
            if where
            else departure(src.paragraph(cit.paragraph), cit.quote)
        )
        reader.at(
            path,
            quote_loc or (*loc, "quote"),
            f"not verbatim in {cit.source} paragraph {cit.paragraph}: {hint}",
        )


SHOWN = 40  # characters shown on each side of where a quote departs from its paragraph


def departure(paragraph: str, quote: str) -> str:
    """Say where a quote stops matching its paragraph, and what each has from there."""
    para, text = verbatim_key(paragraph), verbatim_key(quote)
    low, high = 0, len(text)  # the longest start of the quote found in the paragraph
    while low < high:
        middle = (low + high + 1) // 2
        if text[:middle] in para:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return f"the paragraph has no {text[:1]!r}; the quote begins “{_clip(text)}”"
    at = para.find(text[:low]) + low
    matched = text[:low]
    lead = matched if len(matched) <= SHOWN else "…" + matched[-SHOWN:]
    return (
        f"it matches the paragraph up to “{lead}”, then the quote has “{_clip(text[low:])}” "
        f"where the paragraph has “{_clip(para[at:]) or '(its end)'}”"
    )


def _clip(text: str) -> str:
    """Show the start of a text, marking a cut."""
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def validate_contest(contest: Contest, reader: Reader) -> None:
    """Check one contest's files against each other and against its sources."""
    folder = contest.folder
    facts_path, quotes_path = folder / "facts.yaml", folder / "quotes.yaml"
    people_path, status_path = folder / "people.yaml", folder / "status.yaml"
    seen_ids: dict[str, str] = {}

    def claim_id(entry_id: str, path: Any, loc: tuple, what: str) -> None:
        if entry_id in seen_ids:
            reader.at(
                path,
                (*loc, "id"),
                f"duplicate id {entry_id!r} (already used by a {seen_ids[entry_id]})",
            )
        else:
            seen_ids[entry_id] = what

    for i, person in enumerate(contest.people.values()):
        claim_id(person.id, people_path, ("people", i), "person")
        for j, cit in enumerate(person.citations):
            _check_citation(contest, reader, people_path, ("people", i, "citations", j), cit)
    _check_people_aliases(contest, reader)

    phrasings: dict[str, str] = {}
    for i, fact in enumerate(contest.facts):
        loc = ("facts", i)
        claim_id(fact.id, facts_path, loc, "fact")
        for j, cit in enumerate(fact.citations):
            _check_citation(contest, reader, facts_path, (*loc, "citations", j), cit)
        cited = {c.paragraph for c in fact.citations}
        for mark in MARK.findall(fact.answer):
            if int(mark) not in cited:
                reader.at(facts_path, (*loc, "answer"), f"[¶{mark}] is marked but not cited")
        for j, pid in enumerate(fact.people):
            if pid not in contest.people:
                reader.at(facts_path, (*loc, "people", j), f"unknown person {pid!r}")
        for j, question in enumerate(fact.questions):
            key = phrase_key(question)
            if not key:
                reader.at(facts_path, (*loc, "questions", j), "phrasing has no words")
            elif key in phrasings and phrasings[key] != fact.id:
                reader.at(
                    facts_path,
                    (*loc, "questions", j),
                    f"phrasing {question!r} is already claimed by {phrasings[key]!r}",
                )
            else:
                phrasings[key] = fact.id

    for i, quote in enumerate(contest.quotes):
        loc = ("quotes", i)
        claim_id(quote.id, quotes_path, loc, "quote")
        if quote.speaker not in contest.people:
            reader.at(
                quotes_path,
                (*loc, "speaker"),
                f"unknown speaker {quote.speaker!r} (add them to people.yaml)",
            )
        cit = Citation(
            source=quote.citation.source, paragraph=quote.citation.paragraph, quote=quote.text
        )
        _check_citation(contest, reader, quotes_path, (*loc, "citation"), cit, (*loc, "text"))

    for j, cit in enumerate(contest.status.citations):
        _check_citation(contest, reader, status_path, ("citations", j), cit)


def _check_people_aliases(contest: Contest, reader: Reader) -> None:
    """Refuse a name or alias that two people claim."""
    path = contest.folder / "people.yaml"
    owners: dict[str, str] = {}
    for i, person in enumerate(contest.people.values()):
        for j, alias in enumerate([person.name, *person.aliases]):
            key = phrase_key(alias)
            loc = ("people", i, "aliases", j - 1) if j else ("people", i, "name")
            if key in owners and owners[key] != person.id:
                reader.at(path, loc, f"alias {alias!r} is already claimed by {owners[key]!r}")
            owners.setdefault(key, person.id)


def validate_knowledge(kb: KnowledgeBase, reader: Reader) -> None:
    """Check what spans contests: contest aliases, the default contest and the synonyms."""
    owners: dict[str, str] = {}
    defaults = [c.id for c in kb.contests.values() if c.default]
    for contest in kb.contests.values():
        path = contest.folder / "contest.yaml"
        for j, alias in enumerate([contest.name, contest.id, *contest.aliases]):
            key = phrase_key(alias)
            loc = ("aliases", j - 2) if j >= 2 else ("name",)
            if key in owners and owners[key] != contest.id:
                reader.at(
                    path, loc, f"alias {alias!r} is already claimed by contest {owners[key]!r}"
                )
            owners.setdefault(key, contest.id)
        if contest.default and len(defaults) > 1:
            reader.at(path, ("default",), f"more than one default contest: {', '.join(defaults)}")
    validate_synonyms(kb.synonyms, kb.root / "synonyms.yaml", reader)


def validate_synonyms(synonyms: SynonymsFile, syn_path: Path, reader: Reader) -> None:
    """Check what the model cannot: a variant of two words, and the party names of `bot draft`."""
    variants: dict[str, str] = {}
    for section in ("parties", "synonyms"):
        for canonical, items in getattr(synonyms, section).items():
            for j, variant in enumerate([canonical, *items]):
                key = phrase_key(variant)
                if key in variants and variants[key] != canonical:
                    loc = (section, canonical, j - 1) if j else (section, canonical)
                    reader.at(
                        syn_path, loc, f"{variant!r} is already a synonym of {variants[key]!r}"
                    )
                variants.setdefault(key, canonical)
    check_party_names(synonyms, syn_path, reader)


def validate_announcements(contest: Contest, reader: Reader) -> None:
    """Check what the model cannot: result fields outside `declared`, ids and citations."""
    spec = contest.announcements
    if spec is None:
        return
    path = contest.folder / "announcements.yaml"
    for phase, template in spec.on_phase.items():
        allowed = None if phase == "declared" else FIELDS
        _check_fields(reader, path, ("on_phase", phase), template, allowed)
        for j, cit in enumerate(template.citations):
            _check_citation(contest, reader, path, ("on_phase", phase, "citations", j), cit)
    seen: set[str] = set()
    for i, item in enumerate(spec.scheduled):
        if item.id in seen:
            reader.at(path, ("scheduled", i, "id"), f"duplicate id {item.id!r}")
        seen.add(item.id)
        _check_fields(reader, path, ("scheduled", i), item, FIELDS)
        for j, cit in enumerate(item.citations):
            _check_citation(contest, reader, path, ("scheduled", i, "citations", j), cit)


def _check_fields(
    reader: Reader, path: Any, loc: tuple[Any, ...], template: AnnouncementTemplate, allowed: Any
) -> None:
    """Report fields a template may not use where it stands."""
    if allowed is None:
        return
    for name in ("title", "text"):
        value = getattr(template, name)
        for problem in template_problems(value, allowed) if value else []:
            reader.at(path, (*loc, name), problem)
