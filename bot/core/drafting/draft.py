"""Draft a knowledge folder from a news article: its quotes, speakers and figures, for review."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..knowledge.loader import load_knowledge
from ..knowledge.sources import read_paragraphs
from ..knowledge.validate import phrase_key
from .quotations import Extraction, Quotation, Speaker, extract_quotations, slug

log = logging.getLogger(__name__)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
FIGURES = (
    ("percent", re.compile(r"(?<![\d.])\d{1,3}(?:\.\d+)?%")),
    ("time", re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s?[ap]m\b", re.I)),
    ("number", re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")),
)
TOPICS = (
    (
        "majority",
        re.compile(r"\bmajority\b", re.I),
        ["What was the majority?", "How big was the majority?"],
    ),
    (
        "turnout",
        re.compile(r"\bturnout\b", re.I),
        ["What was the turnout?", "How many people voted?"],
    ),
    (
        "declaration",
        re.compile(r"\b(?:declared|declaration|result)\b", re.I),
        ["When will the result be declared?", "What time is the result expected?"],
    ),
    ("votes", re.compile(r"\bvotes\b", re.I), ["How many votes were cast?"]),
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'‘])")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
HEADER = "# Draft written by `bot draft` from {article}. Review every entry before merging.\n"


class DraftError(ValueError):
    """A draft that cannot be written; the message says why."""


@dataclass(frozen=True)
class Figure:
    """A figure the article gives, with the sentence that gives it."""

    paragraph: int
    value: str
    kind: str
    sentence: str


@dataclass
class DraftReport:
    """What `bot draft` wrote."""

    folder: Path
    quotes: int
    people: int
    facts: int
    skipped: list[tuple[int, str]] = field(default_factory=list)


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, each a verbatim piece of it."""
    return [s.strip() for s in SENTENCE_END.split(paragraph) if s.strip()]


def find_figures(paragraphs: list[str] | tuple[str, ...]) -> list[Figure]:
    """Return each distinct percentage, time and large number, first occurrence first."""
    seen: set[str] = set()
    found: list[tuple[int, int, Figure]] = []
    for number, text in enumerate(paragraphs, start=1):
        for sentence in sentences(text):
            for kind, pattern in FIGURES:
                for m in pattern.finditer(sentence):
                    value = m.group(0)
                    if value.lower() in seen:
                        continue
                    seen.add(value.lower())
                    found.append(
                        (
                            number,
                            text.find(sentence) + m.start(),
                            Figure(number, value, kind, sentence),
                        )
                    )
    return [f for _, _, f in sorted(found, key=lambda t: (t[0], t[1]))]


def _fact(figure: Figure, contest_year: int, claimed: set[str], ids: set[str]) -> dict[str, Any]:
    """Propose one fact for a figure, with phrasings no other fact claims."""
    topic, phrasings = next(
        ((t, q) for t, rx, q in TOPICS if rx.search(figure.sentence)), (figure.kind, [])
    )
    if figure.kind == "time" and topic not in ("declaration",):
        phrasings = [f"What happened at {figure.value}?"]
    questions = []
    for question in [*phrasings, f"What does the article say about {figure.value}?"]:
        key = phrase_key(question)
        if key and key not in claimed:
            claimed.add(key)
            questions.append(question)
    fact_id = _unique(f"{topic}-{slug(figure.value)}", ids)
    fact: dict[str, Any] = {
        "id": fact_id,
        "questions": questions,
        "answer": f"{figure.sentence} [¶{figure.paragraph}]",
        "citations": [
            {"source": "article", "paragraph": figure.paragraph, "quote": figure.sentence}
        ],
        "keywords": [figure.value],
    }
    years = sorted({int(y) for y in YEAR.findall(figure.sentence)} - {contest_year})
    if years:
        fact["years"] = years
    return fact


def _unique(base: str, taken: set[str]) -> str:
    """Return an id of at most 40 characters not yet taken, and take it."""
    base = base[:40].strip("-") or "entry"
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = base[: 40 - len(suffix)].strip("-") + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _quote_entry(quote: Quotation, speaker: Speaker, ids: set[str]) -> dict[str, Any]:
    """Return the quotes.yaml entry of one quotation."""
    short = slug(speaker.name if speaker.group else speaker.surname)
    words = "-".join(slug(quote.text).split("-")[:5])
    entry: dict[str, Any] = {"id": _unique(f"{short}-{words}", ids), "speaker": speaker.id}
    for key in ("outlet", "said_at", "context"):
        value = getattr(quote, key)
        if value:
            entry[key] = value
    entry["text"] = quote.text
    entry["citation"] = {"source": "article", "paragraph": quote.paragraph}
    return entry


def _people(speakers: list[Speaker]) -> list[dict[str, Any]]:
    """Return the people.yaml entries, with aliases no two people share."""
    owners: dict[str, str] = {}
    for sp in speakers:
        owners.setdefault(phrase_key(sp.name), sp.id)
    people = []
    for sp in speakers:
        aliases = []
        for alias in ([] if sp.group or len(sp.name.split()) < 2 else [sp.surname]) + sp.references:
            key = phrase_key(alias)
            if (
                key
                and owners.setdefault(key, sp.id) == sp.id
                and alias not in aliases
                and alias != sp.name
            ):
                aliases.append(alias)
        entry: dict[str, Any] = {"id": sp.id, "name": sp.name}
        if sp.role:
            entry["role"] = sp.role
        if sp.party:
            entry["party"] = sp.party
        entry["aliases"] = aliases
        if sp.citation:
            entry["citations"] = [
                {"source": "article", "paragraph": sp.citation[0], "quote": sp.citation[1]}
            ]
        people.append(entry)
    return people


class _Dumper(yaml.SafeDumper):
    """Indent list items under their key, as the shipped knowledge files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Never write indentless sequences."""
        return super().increase_indent(flow, False)


def _dump(header: str, data: dict[str, Any]) -> str:
    """Render one knowledge file."""
    return header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _source_file(article: Path, folder: Path, copy: bool) -> str:
    """Return the source path for contest.yaml, copying the article next to it if asked or needed."""
    if not copy:
        try:
            return Path(os.path.relpath(article.resolve(), folder.resolve())).as_posix()
        except ValueError:  # another drive on Windows
            pass
    shutil.copyfile(article, folder / "article.txt")
    return "article.txt"


def build_files(
    paragraphs: tuple[str, ...], extraction: Extraction, figures: list[Figure], year: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the people, quotes and facts entries of a draft."""
    unattributed = Speaker("unattributed", "Unattributed speaker", group=True)
    speakers: list[Speaker] = []
    quote_ids: set[str] = set()
    quotes = []
    for quote in extraction.quotes:
        speaker = quote.speaker or unattributed
        if speaker not in speakers:
            speakers.append(speaker)
        quotes.append(_quote_entry(quote, speaker, quote_ids))
    claimed: set[str] = set()
    fact_ids: set[str] = set()
    facts = [_fact(f, year, claimed, fact_ids) for f in figures]
    return _people(speakers), quotes, facts


def draft_knowledge(
    article: Path,
    contest_id: str,
    out: Path,
    *,
    name: str | None = None,
    date: dt.date | None = None,
    copy: bool = False,
    force: bool = False,
) -> DraftReport:
    """Write OUT/CONTEST_ID/ from an article, then load it to prove it passes `bot check`."""
    if not ID_RE.match(contest_id):
        raise DraftError(
            f"contest id {contest_id!r} must be lower case letters, digits and dashes (at most 40)"
        )
    try:
        paragraphs = read_paragraphs(article)
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftError(f"cannot read {article}: {exc}") from None
    if not paragraphs:
        raise DraftError(f"{article} has no paragraphs (one line is one paragraph)")
    folder = out / contest_id
    if folder.exists() and any(folder.iterdir()) and not force:
        raise DraftError(f"{folder} already exists; pass --force to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    date = date or dt.date.today()
    extraction = extract_quotations(paragraphs)
    people, quotes, facts = build_files(paragraphs, extraction, find_figures(paragraphs), date.year)
    header = HEADER.format(article=article.name)
    title = (
        paragraphs[0] if len(paragraphs[0]) <= 300 else paragraphs[0][:297].rsplit(" ", 1)[0] + "…"
    )
    contest = {
        "id": contest_id,
        "name": name or contest_id.replace("-", " ").title(),
        "date": date,
        "default": False,
        "aliases": [],
        "sources": [{"id": "article", "file": _source_file(article, folder, copy), "title": title}],
    }
    skipped = "".join(f"#   ¶{n}: “{text}”\n" for n, text in extraction.skipped)
    quotes_header = header + (
        f"# Left out as quoted terms rather than speech:\n{skipped}" if skipped else ""
    )
    files = {
        "contest.yaml": _dump(
            header + "# Check the date and name; add the aliases askers use.\n", contest
        ),
        "people.yaml": _dump(header, {"people": people}),
        "quotes.yaml": _dump(quotes_header, {"quotes": quotes}),
        "facts.yaml": _dump(
            header + "# Proposed from the figures the article gives; add phrasings.\n",
            {"facts": facts},
        ),
        "status.yaml": "# The counting status; the bot rewrites this file when moderators change it.\nphase: scheduled\n",
    }
    for filename, text in files.items():
        (folder / filename).write_text(text, encoding="utf-8")
    load_knowledge(out)  # raises KnowledgeError listing every problem
    log.info(
        "drafted %s: %d quotes, %d people, %d facts", folder, len(quotes), len(people), len(facts)
    )
    return DraftReport(folder, len(quotes), len(people), len(facts), list(extraction.skipped))
