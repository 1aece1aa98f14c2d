"""Render a draft's knowledge files: people, quotes (unsure ones commented out), status, aliases."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..knowledge.validate import phrase_key
from .aliases import aliases
from .people import Cast, PersonDraft
from .quotations import Quotation, Sentence, slug
from .results import ResultDraft

COUNTING = re.compile(
    r"\b(?:continue to be counted|being counted|counting (?:is )?(?:under way|underway|continues)|"
    r"count (?:is )?(?:under way|underway|continues))\b",
    re.I,
)
EXPECTED = re.compile(
    r"\b(?:expected|due)\b[^.]{0,60}?\b(?P<when>(?:(?:not )?(?:before|after|at|around|by|until) )?"
    r"\d{1,2}(?:[.:]\d{2})?\s?[ap]m)\b",
    re.I,
)


class _Dumper(yaml.SafeDumper):
    """Indent list items under their key, as the shipped knowledge files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Never write indentless sequences."""
        return super().increase_indent(flow, False)


def render(header: str, data: dict[str, Any]) -> str:
    """Render one knowledge file."""
    return header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _role(p: PersonDraft) -> str | None:
    """Return the role to write: the article's, what later mentions add, and a candidate's party
    and outcome."""
    parts = [r for r in (p.role, *(r for r, _ in p.more)) if r]
    if not p.candidate:
        return "; ".join(parts) or None
    stood = f"{p.party} candidate" if p.party else "Candidate"
    if p.won:
        stood += " who won the by-election"
    parts = [r for r in parts if not re.fullmatch(r"(?:[\w-]+ ){0,3}candidate", r, re.I)]
    if not parts:
        return stood
    return "; ".join([*parts, stood[0].lower() + stood[1:] if p.party is None else stood])


def people_entries(
    cast: Cast, quoted: set[str], taken: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the people.yaml entries (groups only when quoted) and notes on aliases left out."""
    people = [p for p in cast.people.values() if not p.group or p.id in quoted]
    names, notes = aliases(people, cast.parties, taken)
    entries = []
    for p in people:
        entry: dict[str, Any] = {"id": p.id, "name": p.name}
        if p.title:
            entry["title"] = p.title
        role = _role(p)
        if role:
            entry["role"] = role
        if p.party:
            entry["party"] = p.party
        entry["aliases"] = names[p.id]
        cites = [
            c
            for c in (
                p.citation,
                *(c for _, c in p.more),
                p.result_line,
                p.won_line,
                p.party_won_line,
            )
            if c
        ]
        entry["citations"] = [
            {"source": "article", "paragraph": n, "quote": span} for n, span in dict.fromkeys(cites)
        ]
        entries.append(entry)
    return entries, notes


def quote_entries(quotes: list[Quotation], people: set[str]) -> tuple[list[dict[str, Any]], str]:
    """Return the quotes.yaml entries, and the unsure ones as a commented-out block for review."""
    ids: set[str] = set()
    entries, unsure = [], []
    for q in quotes:
        speaker = q.speaker
        short = slug(
            speaker.name if speaker and speaker.group else speaker.surname if speaker else "unknown"
        )
        words = "-".join(slug(q.text).split("-")[:5])
        base = f"{short}-{words}"[:40].strip("-")
        qid, n = base, 2
        while qid in ids:
            qid = f"{base[:37]}-{n}"
            n += 1
        ids.add(qid)
        entry: dict[str, Any] = {"id": qid, "speaker": speaker.id if speaker else "unknown"}
        for key in ("outlet", "said_at", "context"):
            value = getattr(q, key)
            if value:
                entry[key] = value
        entry["text"] = q.text
        entry["citation"] = {"source": "article", "paragraph": q.paragraph}
        if q.sure and speaker is not None and speaker.id in people:
            entries.append(entry)
        else:
            guess = speaker.name if speaker else "nobody"
            unsure.append(
                f"#   # ¶{q.paragraph}: not sure who said this ({q.reason or 'no speaker found'}); "
                f"best guess {guess}\n" + render("", {"quotes": [entry]}).split("\n", 1)[1]
            )
    if not unsure:
        return entries, ""
    block = "".join(
        "".join(
            f"#{line}\n" if line.startswith("  ") else f"{line}\n" for line in text.splitlines()
        )
        for text in unsure
    )
    return entries, (
        "# Quotes whose speaker the draft is not sure of. Check each, set the speaker, then move it\n"
        "# into the list above (uncomment it):\n" + block
    )


def contest_aliases(
    name: str, place: str, year: int, claims: dict[str, str]
) -> tuple[list[str], list[str]]:
    """Return the aliases askers would use for the contest, less those other contests claim."""
    lower = place.lower()
    options = [
        lower,
        f"{lower} by-election",
        f"{lower} by election",
        f"{lower} byelection",
        f"{lower} {year}",
    ]
    if " and " in lower:
        options.append(lower.replace(" and ", " & "))
    kept, clashes = [], []
    for alias in dict.fromkeys(options):
        key = phrase_key(alias)
        if key == phrase_key(name):
            continue
        if key in claims:
            clashes.append(f"alias “{alias}” left out: contest {claims[key]!r} already claims it")
            continue
        kept.append(alias)
    return kept, clashes


def _declare_hint(result: ResultDraft) -> str:
    """Return the /count declare input a moderator could paste, from what the article gives."""
    items = "; ".join(f"{line.name} ({line.party}) {line.votes}" for line in result.ranked)
    return f'/count declare candidates: "{items}"'


def status_text(result: ResultDraft, sentences: list[Sentence], article: str) -> tuple[str, str]:
    """Return status.yaml's text and phase: declared with the result if it adds up, else a comment."""
    head = "# The counting status; the bot rewrites this file when moderators change it.\n"
    if result.result is not None:
        cites = []
        for fig in (result.winner_sentence, result.majority, result.turnout, result.rejected):
            if fig is not None:
                cites.append(
                    {"source": "article", "paragraph": fig.paragraph, "quote": fig.sentence}
                )
        data: dict[str, Any] = {
            "phase": "declared",
            "updated_by": f"bot draft from {article}",
            "result": result.result.model_dump(exclude_none=True),
            "version": 0,
        }
        unique = list({(c["paragraph"], c["quote"]): c for c in cites}.values())
        if unique:
            data["citations"] = unique
        note = (
            "# Drafted from the article's results table; it adds up the way /count declare checks.\n"
            "# Check it against the returning officer's declaration.\n"
        )
        gaps = "".join(f"#   - {g}\n" for g in result.gaps)
        return head + note + (f"# Not in the article:\n{gaps}" if gaps else "") + render(
            "", data
        ), "declared"
    lines = []
    if result.declared:
        lines.append(
            "# The article reports a declaration, but the draft does not write it as the result:"
        )
        lines += [f"#   - {p}" for p in result.problems + result.gaps]
        if result.lines:
            lines.append("# Once checked and completed, declare it with:")
            lines.append(f"#   {_declare_hint(result)}")
    counting = next((s for s in sentences if COUNTING.search(s.text)), None)
    phase = "counting" if counting and not result.declared else "scheduled"
    data = {"phase": phase}
    cites = []
    if phase == "counting":
        data["updated_by"] = f"bot draft from {article}"
        cites.append(counting)
        expected = next((s for s in sentences if EXPECTED.search(s.text)), None)
        if expected is not None:
            when = EXPECTED.search(expected.text)["when"]  # type: ignore[index]
            if re.search(
                r"\bnot\s+(?:be\s+)?(?:expected|due)\b", expected.text
            ) and not when.startswith("not"):
                when = f"not {when}"
            data["expected_declaration"] = when
            cites.append(expected)
    if cites:
        data["citations"] = [
            {"source": "article", "paragraph": s.paragraph, "quote": s.text} for s in cites
        ]
    comment = "".join(f"{line}\n" for line in lines)
    return head + comment + render("", data), phase
