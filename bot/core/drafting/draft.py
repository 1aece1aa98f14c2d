"""Draft a knowledge folder from a news article: people, quotes, the result and facts, for review."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import yaml

from ..knowledge.loader import load_knowledge
from ..knowledge.sources import read_paragraphs
from ..knowledge.validate import phrase_key
from .earlier import seat_holder
from .elsewhere import other_contests
from .factbook import FactBook
from .facts import background_facts, seat_change_fact, topic_facts
from .files import contest_aliases, people_entries, quote_entries, render, status_text
from .parties import PartyNames
from .people import Cast
from .prose_people import crown, mark_beaten, mark_holders, mark_jobs, subject_of
from .prose_places import party_votes, place_facts
from .quotations import extract_quotations
from .result_facts import result_facts
from .results import read_result, winner_party, won_by
from .review import DraftReport, review_lines
from .shares import read_shares, share_facts
from .tables import read_table

log = logging.getLogger(__name__)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
HEADER = "# Draft written by `bot draft` from {article}. Review every entry before merging.\n"


class DraftError(ValueError):
    """A draft that cannot be written; the message says why."""


def _source_file(article: Path, folder: Path, copy: bool) -> str:
    """Return the source path for contest.yaml, copying the article next to it if asked or needed."""
    if not copy:
        try:
            return Path(os.path.relpath(article.resolve(), folder.resolve())).as_posix()
        except ValueError:  # another drive on Windows
            pass
    shutil.copyfile(article, folder / "article.txt")
    return "article.txt"


def place_of(contest_id: str, name: str | None) -> str:
    """Return the place a contest is named after ('Tiverton and Honiton')."""
    if name:
        return (
            re.sub(r"\s*\b(?:by-?\s?election|election)\b.*$", "", name, flags=re.I).strip() or name
        )
    words = [w for w in contest_id.split("-") if not re.fullmatch(r"\d{4}", w)]
    return " ".join(w if w in ("and", "upon", "on", "under") else w.capitalize() for w in words)


def _other_claims(out: Path, contest_id: str) -> dict[str, str]:
    """Return the names and aliases other contests in OUT claim (phrase key -> contest id)."""
    claims: dict[str, str] = {}
    if not out.is_dir():
        return claims
    for path in sorted(out.glob("*/contest.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        cid = str(data.get("id", path.parent.name))
        if cid == contest_id or path.parent.name == contest_id:
            continue
        for alias in [data.get("name"), cid, *(data.get("aliases") or [])]:
            if isinstance(alias, str):
                claims.setdefault(phrase_key(alias), cid)
    return claims


def _synonym_words(out: Path) -> dict[str, str]:
    """Return the words OUT's synonyms.yaml reads as something else (phrase key -> what)."""
    path = out / "synonyms.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    words: dict[str, str] = {}
    for section in ("parties", "synonyms"):
        for canonical, variants in ((data or {}).get(section) or {}).items():
            for variant in [canonical, *(variants or [])]:
                words.setdefault(
                    phrase_key(str(variant)), f"synonyms.yaml reads it as “{canonical}”"
                )
    return words


def draft_knowledge(
    article: Path,
    contest_id: str,
    out: Path,
    *,
    parties: PartyNames,
    name: str | None = None,
    date: dt.date | None = None,
    copy: bool = False,
    force: bool = False,
) -> DraftReport:
    """Write OUT/CONTEST_ID/ from an article, then load OUT to prove it passes `bot check`.

    `parties` is how results and reports print party names (synonyms.yaml's `party_names`).
    """
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
    claims = _other_claims(out, contest_id)
    if phrase_key(contest_id) in claims:
        raise DraftError(
            f"contest id {contest_id!r} is already a name or alias of {claims[phrase_key(contest_id)]!r}"
        )
    id_year = re.search(r"(?:^|-)((?:19|20)\d\d)(?:-|$)", contest_id)
    dated = date is not None
    date = date or dt.date.today()
    year = date.year if dated or not id_year else int(id_year.group(1))
    place = place_of(contest_id, name)
    contest_name = name or f"{place} by-election"
    if phrase_key(contest_name) in claims:
        raise DraftError(
            f"the name {contest_name!r} is already claimed by contest {claims[phrase_key(contest_name)]!r}; pass --name"
        )

    cast = Cast(parties)
    table = [line for line in read_table(paragraphs, parties) if line.name]  # named ones
    for line in table:
        person = cast.candidate(line.name, line.party, line.paragraph, line.span, line.title)
        if line.above is not None:
            cast.table.add(line.above)
            if person.citation == (line.paragraph, line.span):  # cite the name, then the votes
                person.citation = (line.above, paragraphs[line.above - 1].strip())
    if table:  # 'the new MP' in the prose is the one with the most votes
        top = max(table, key=lambda line: line.votes)
        winner = cast.find_full(top.name)
        if winner is not None and sum(line.votes == top.votes for line in table) == 1:
            winner.won = True
    known_winner = any(p.won for p in cast.people.values())
    extraction = extract_quotations(paragraphs, cast)
    sentences = [(s.paragraph, s.text) for s in extraction.sentences]
    names = {}
    for p in cast.people.values():
        if not p.group:
            names[p.name] = (p.name, p.party or "")
            for form in [p.surname, *p.forms]:
                names.setdefault(form, (p.name, p.party or ""))
    elsewhere = other_contests(paragraphs, contest_name, parties)
    result = read_result(paragraphs, sentences, names, parties, elsewhere)
    for line in result.lines:
        person = cast.find_full(line.name)
        if person is not None:
            person.candidate = True
            person.party = person.party or line.party or None
    crowned = False
    if result.declared and result.ranked and (result.from_table or result.winner_sentence):
        winner = cast.find_full(result.ranked[0].name)
        if winner is not None and (
            result.from_table
            or result.margin_agrees  # "X received 21,187 votes, Y 10,179 ... a majority of 11,008"
            or winner.surname in result.winner_sentence.sentence  # type: ignore[union-attr]
        ):
            crown(winner, result, parties)
            crowned = True
            result.lines = [
                replace(line, party=winner.party or "") if line.name == winner.name else line
                for line in result.lines
            ]
    if not crowned and result.winner_sentence and not result.from_table:
        # "Their candidate, local councillor Louie French, won more than half the votes"; or
        # "X has been re-elected MP ..." when the prose gives only the runner-up's votes
        winner = subject_of(cast, result.winner_sentence.sentence)
        ranked = {line.name for line in result.ranked[1:]}
        if winner is not None and not winner.won and winner.name not in ranked:
            winner.candidate = True
            crown(winner, result, parties)

    mark_beaten(cast, sentences)
    mark_holders(cast, sentences)
    mark_jobs(cast, sentences)
    if not known_winner and any(p.won for p in cast.people.values()):
        # the prose told who won: "the new Conservative MP said ..." can now be attributed
        extraction = extract_quotations(paragraphs, cast)

    quoted_ids = {q.speaker.id for q in extraction.quotes if q.speaker is not None and q.sure}
    people, alias_notes = people_entries(cast, quoted_ids, _synonym_words(out))
    kept = {p["id"] for p in people}
    book = FactBook(year, {p["id"]: [p["name"], *p["aliases"]] for p in people})
    result_facts(book, result, extraction.sentences, cast.people, contest_name, place, parties)
    shares = [] if result.lines else read_shares(paragraphs, parties)
    share_facts(book, shares, cast.people)
    if not result.lines and not shares:  # "Labour won 13,872 votes, the Conservatives 12,680"
        place_facts(book, party_votes(sentences, parties), winner_party(result, parties))
    if result.result is None:  # a declared result tells a hold or a gain itself
        seat_change_fact(book, won_by(result, parties), seat_holder(sentences, parties, names))
    named = [n for p in cast.people.values() if not p.group for n in (p.name, p.surname)]
    topic_facts(book, extraction.sentences, contest_name, named)
    background_facts(
        book, extraction.sentences, {k: v for k, v in cast.people.items() if k in kept}
    )
    quotes, unsure = quote_entries(extraction.quotes, kept)
    aliases, alias_clashes = contest_aliases(contest_name, place, year, claims)

    folder.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(article=article.name)
    title = (
        paragraphs[0] if len(paragraphs[0]) <= 300 else paragraphs[0][:297].rsplit(" ", 1)[0] + "…"
    )
    contest = {
        "id": contest_id,
        "name": contest_name,
        "date": date,
        "default": False,
        "aliases": aliases,
        **({"elsewhere": sorted(elsewhere)} if elsewhere else {}),
        "sources": [{"id": "article", "file": _source_file(article, folder, copy), "title": title}],
    }
    skipped = "".join(f"#   ¶{n}: “{text}”\n" for n, text in extraction.skipped)
    quotes_header = header + (
        f"# Left out as quoted terms rather than speech:\n{skipped}" if skipped else ""
    )
    status, phase = status_text(result, extraction.sentences, article.name)
    files = {
        "contest.yaml": render(
            header
            + "# Check the date and name; add the aliases askers use; set default: true if it is the main contest.\n",
            contest,
        ),
        "people.yaml": render(
            header + "# Everyone the article names. Check each role, party and alias.\n",
            {"people": people},
        ),
        "quotes.yaml": render(quotes_header, {"quotes": quotes}) + unsure,
        "facts.yaml": render(
            header + "# Proposed from the article; each answer cites its sentence.\n",
            {"facts": book.facts},
        ),
        "status.yaml": status,
    }
    for filename, text in files.items():
        (folder / filename).write_text(text, encoding="utf-8")
    load_knowledge(out)  # raises KnowledgeError listing every problem
    report = DraftReport(
        folder,
        quotes=len(quotes),
        people=len(people),
        facts=len(book.facts),
        result_lines=len(result.lines),
        phase=phase,
        unsure_quotes=len(extraction.quotes) - len(quotes),
        skipped=list(extraction.skipped),
    )
    if not dated:
        report.review_extra.append(
            f"contest.yaml: the date is today ({date}); pass --date with polling day"
            + (f" (the id says {year})" if id_year and year != date.year else "")
        )
    report.review = review_lines(
        report, extraction, result, people, alias_notes, alias_clashes, cast
    )
    if shares:
        report.review.append(
            f"a table of party shares with no votes (¶{shares[0].paragraph}-¶{shares[-1].paragraph}) "
            "became facts, not a declared result: add each candidate's votes to declare it"
        )
    if elsewhere:
        report.review.append(
            f"contest.yaml: elsewhere lists other contests the article reports "
            f"({', '.join(sorted(elsewhere))}): their sentences never give this contest's "
            "figures; remove any that is this contest"
        )
    log.info(
        "drafted %s: %d quotes, %d people, %d facts",
        folder,
        report.quotes,
        report.people,
        report.facts,
    )
    return report
