"""Generate a large, valid knowledge base of invented contests, for benchmarks and tests."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

import yaml

from ..text import STOPWORDS


def _names(text: str, sep: str | None = None) -> tuple[str, ...]:
    """Split a list of names written as one string."""
    return tuple(text.split(sep))


STARTS = _names(
    "Ash Brack Brad Calder Carl Cran Dun Elm Fair Fal Glen Hal Harrow Hart Hazel Kel Kings Lang "
    "Lind Mar Mel Nor Ock Oak Pen Ribble Rother Sal Stan Stock Thorn Tod Ux Wal Wen Whit Wick "
    "Wol Yar Bex Chal Dor Eden Frod Gos Holm Ilk Keld Lox Mors"
)
MIDDLES = ("er", "ing", "en", "ley")
ENDINGS = _names(
    "bury ford ton field ley wick ham worth mouth borough stead by dale minster bridge caster "
    "port well thorpe combe hurst more wood gate"
)
PREFIXES = ("North", "South", "East", "West", "Mid", "Central")
FEATURES = ("Vale", "Valley", "Forest", "Moor", "Downs", "Fens", "Coast", "Heath")
FIRST_NAMES = _names(
    "Amira Ben Chloe Daniel Eleanor Farid Grace Harry Imogen Jack Kiran Laura Mohammed Nadia "
    "Owen Priya Rachel Sam Tariq Uma Victoria William Yasmin Zoe Callum Fiona Gareth Helen"
)
SURNAMES = _names(
    "Abbott Barker Chowdhury Dalton Ellison Fletcher Gill Hughes Iqbal Jenkins Kaur Lowe "
    "Morrison Nolan Okafor Patel Quinn Rahman Sutton Turner Underwood Vaughan Walsh Young "
    "Ahmed Brennan Carver Dixon Egan Fraser Griffin Holt Irving Joyce Kemp Lyons"
)
PARTIES = {
    "Labour": "Labour",
    "Conservative": "The Conservatives",
    "Liberal Democrat": "The Liberal Democrats",
    "Green": "The Green Party",
    "Reform UK": "Reform UK",
}
OCCUPATIONS = _names(
    "local GP|former teacher|small business owner|county councillor|nurse|solicitor|farmer|"
    "charity worker|retired police officer|engineer",
    "|",
)
VENUES = ("Leisure Centre", "Civic Centre", "Town Hall", "Sports Hall", "Community Centre")
REASONS = (
    "the sitting MP resigned",
    "the death of the sitting MP",
    "the sitting MP was appointed to the House of Lords",
    "a successful recall petition",
)
OUTLETS = ("Gazette", "Echo", "Chronicle", "Courier", "Herald", "Advertiser")
TIMES = ("1am", "1.30am", "2am", "2.30am", "3.30am", "4am", "4.30am", "5am", "6am")
WEATHER = ("heavy rain", "strong winds", "a hailstorm", "unseasonal heat", "thick fog")
SAYINGS = (
    "We have knocked on every door in this constituency and I am proud of our campaign.",
    "Whatever happens tonight, people here have been let down for far too long.",
    "This town deserves an MP who will fight for its hospital and its high street.",
    "I have never seen so many people turn out for a by-election in this part of the country.",
)
SYNONYMS = {
    "parties": {
        "labour": ["labour party", "lab"],
        "conservative": ["conservatives", "conservative party", "tory", "tories"],
        "liberal democrat": ["lib dem", "lib dems", "liberal democrats"],
        "green": ["greens", "green party"],
        "reform uk": ["reform"],
    },
    "synonyms": {
        "turnout": ["turn out", "turned out", "voter turnout", "people voted"],
        "result": ["results", "declaration", "declared"],
        "candidate": ["candidates", "standing", "running"],
        "majority": ["margin"],
    },
}
_RESERVED = {w.lower() for w in (*FIRST_NAMES, *SURNAMES)} | set(STOPWORDS)


_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when available


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """A YAML dumper that never writes anchors or aliases (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        """Never share nodes."""
        return True


# (id, paragraph, cited span, answer, phrasings, extra fields); filled in from _values().
FACTS: tuple[tuple[str, str, str, str, tuple[str, ...], dict[str, Any]], ...] = (
    ("turnout", "Turnout in {place} was {turnout}%, down on the 2019 general election.",
     "Turnout in {place} was {turnout}%", "Turnout was {turnout}%.",
     ("What was the turnout?", "How many people voted?", "Was turnout high?",
      "What share of the electorate voted?", "What percentage of people voted?"),
     {"keywords": ["{turnout}%"]}),
    ("declaration-time", "The returning officer said {declared}.", "{declared}",
     "The result is expected at around {time}.",
     ("When will the result be declared?", "What time is the declaration?",
      "When is the result due?", "When do we find out who won?", "How long until the result?"),
     {"kind": "status"}),
    ("count-venue", "Votes are being counted at {venue}, where counting began after 10pm.",
     "counted at {venue}", "Votes are being counted at {venue}.",
     ("Where is the count?", "Where are the votes being counted?",
      "Where is the count taking place?", "What is the count venue?"), {}),
    ("electorate", "There are {register} people on the electoral register in {place}.",
     "{register} people on the electoral register", "{register} people are on the register.",
     ("How many people are registered to vote?", "How big is the electorate?",
      "How many names are on the register?", "What is the size of the electorate?"), {}),
    ("candidate-count", "{standing} candidates are standing in the {place} by-election.",
     "{standing} candidates are standing", "{standing} candidates are standing.",
     ("How many candidates are standing?", "How many candidates are there?",
      "How many people are on the ballot?", "Who is on the ballot paper?"), {}),
    ("why-by-election", "The by-election was called after {reason}.", "called after {reason}",
     "The by-election was called after {reason}.",
     ("Why is there a by-election?", "Why was the by-election called?",
      "What caused the by-election?", "Why are we voting again?"), {}),
    ("majority-2019", "At the 2019 general election {won}.", "{won}",
     "In 2019 the {holder} candidate won with a majority of {majority}.",
     ("What was the majority in 2019?", "How big was the 2019 majority?",
      "What majority is being defended?", "Who won the seat in 2019?"),
     {"years": [2019], "parties": ["{holder}"]}),
    ("postal-votes", "Officials said {postal} postal votes had been returned.",
     "{postal} postal votes had been returned", "{postal} postal votes were returned.",
     ("How many postal votes were returned?", "How many postal votes were there?",
      "What about postal votes?"), {}),
    ("recount", "A recount is possible if the margin between the top two is below {recount} votes.",
     "A recount is possible if the margin between the top two is below {recount} votes.",
     "Only if the margin is below {recount} votes.",
     ("Will there be a recount?", "Could there be a recount?", "When is a recount possible?"), {}),
    ("polling-day", "Polling stations in {place} reported steady queues despite {weather}.",
     "reported steady queues despite {weather}", "Polling stations were busy despite {weather}.",
     ("Were polling stations busy?", "Were there queues at polling stations?",
      "How was polling day?", "What was the weather like?"), {}),
)  # fmt: skip
CANDIDATE_PHRASINGS = (
    "Who is the {party} candidate?",
    "Who is standing for {party}?",
    "Who is {party}'s candidate?",
    "Who is running for {party}?",
)
FORMER_MP_PHRASINGS = (
    "Who was the previous MP?",
    "Who held the seat before?",
    "Who was the last MP?",
    "Who used to be the MP?",
)


@dataclass
class _Contest:
    """One generated contest: its source paragraphs and knowledge entries."""

    place: str
    id: str
    date: dt.date
    rng: random.Random
    paragraphs: list[str] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)

    def cite(self, text: str, span: str) -> dict[str, Any]:
        """Add a paragraph and return a citation of `span`, which must be in it."""
        if span not in text:
            raise ValueError(f"{span!r} is not in {text!r}")
        self.paragraphs.append(text)
        return {"source": "report", "paragraph": len(self.paragraphs), "quote": span}

    def fact(self, fid: str, pool: tuple[str, ...], answer: str, cit: dict, **extra: Any) -> None:
        """Add a fact with 3–5 phrasings drawn from `pool`."""
        questions = self.rng.sample(pool, k=self.rng.randint(3, min(5, len(pool))))
        entry = {"id": fid, "questions": questions, "answer": f"{answer} [¶{cit['paragraph']}]"}
        self.facts.append({**entry, "citations": [cit], "years": [self.date.year], **extra})


def _bases(rng: random.Random) -> Iterator[str]:
    """Yield distinct one-word place names, two-syllable ones first."""
    for parts in ((STARTS, ENDINGS), (STARTS, MIDDLES, ENDINGS)):
        names = ["".join(p) for p in product(*parts)]
        rng.shuffle(names)
        yield from (n for n in names if n.lower() not in _RESERVED)


def place_names(count: int, rng: random.Random) -> list[str]:
    """Return `count` distinct constituency-like names that share no place word."""
    bases = _bases(rng)
    names: list[str] = []
    for _ in range(count):
        roll, base = rng.random(), next(bases)
        if roll < 0.2:
            names.append(f"{base} and {next(bases)}")
        elif roll < 0.4:
            names.append(f"{rng.choice(PREFIXES)} {base}")
        elif roll < 0.5:
            names.append(f"{base} {rng.choice(FEATURES)}")
        else:
            names.append(base)
    return names


def _slug(text: str) -> str:
    """Return a lower-case id made of letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _values(place: str, rng: random.Random) -> dict[str, Any]:
    """Draw the figures one contest's article reports."""
    time = rng.choice(TIMES)
    holder, majority = rng.choice(sorted(PARTIES)), f"{rng.randint(300, 25_000):,}"
    return {
        "place": place,
        "turnout": round(rng.uniform(22, 68), 1),
        "time": time,
        "declared": f"the result was expected to be declared at around {time}",
        "venue": f"{place} {rng.choice(VENUES)}",
        "register": f"{rng.randint(55_000, 95_000):,}",
        "standing": 4 + rng.randint(0, 4),
        "reason": rng.choice(REASONS),
        "holder": holder,
        "majority": majority,
        "won": f"the {holder} candidate won the seat with a majority of {majority}",
        "postal": f"{rng.randint(8_000, 30_000):,}",
        "recount": rng.choice((50, 100, 200)),
        "weather": rng.choice(WEATHER),
    }


def _fill(value: Any, values: dict[str, Any]) -> Any:
    """Format the strings inside a template value."""
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


def _people(c: _Contest, rng: random.Random) -> None:
    """Add the former MP, one candidate for each of four parties, and a quote from one of them."""
    parties = rng.sample(sorted(PARTIES), k=4)
    surnames = rng.sample(SURNAMES, k=len(parties) + 1)
    names = [f"{rng.choice(FIRST_NAMES)} {s}" for s in surnames]
    ids = [_slug(n) for n in names]
    year0 = rng.choice((2005, 2010, 2015, 2017))
    cit = c.cite(f"The seat was previously held by {names[0]}, first elected in {year0}.", names[0])
    role = f"Former MP for {c.place}"
    c.people.append({"id": ids[0], "name": names[0], "role": role, "aliases": [surnames[0]]})
    c.people[-1]["citations"] = [cit]
    answer = f"The seat was held by {names[0]}, first elected in {year0}."
    c.fact("previous-mp", FORMER_MP_PHRASINGS, answer, cit, people=[ids[0]])
    c.facts[-1]["years"] = [year0, c.date.year]
    for party, name, surname, pid in zip(parties, names[1:], surnames[1:], ids[1:], strict=True):
        job = rng.choice(OCCUPATIONS)
        span = f"{name}, a {job}, as its candidate"
        cit = c.cite(f"{PARTIES[party]} selected {span}.", span)
        person = {"id": pid, "name": name, "role": f"{party} candidate", "party": party}
        c.people.append({**person, "aliases": [surname], "citations": [{**cit, "quote": name}]})
        pool = tuple(p.format(party=party) for p in CANDIDATE_PHRASINGS)
        answer = f"{party} selected {name}, a {job}."
        c.fact(f"{_slug(party)}-candidate", pool, answer, cit, people=[pid], parties=[party])
    speaker = rng.randrange(1, len(names))
    outlet = f"{c.place} {rng.choice(OUTLETS)}"
    saying = rng.choice(SAYINGS)
    cit = c.cite(f'{names[speaker]} told the {outlet}: "{saying}"', saying)
    where = {"source": "report", "paragraph": cit["paragraph"]}
    quote = {"id": "campaign-quote", "speaker": ids[speaker], "outlet": outlet, "text": saying}
    c.quotes.append({**quote, "citation": where})


def build_contest(place: str, rng: random.Random) -> tuple[_Contest, dict[str, Any]]:
    """Invent one contest (15 cited facts, five people, a quote) and its status."""
    date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))
    c = _Contest(place, f"{_slug(place)}-{date.year}", date, rng)
    values = _values(place, rng)
    status: dict[str, Any] = {"phase": "counting", "expected_declaration": values["time"]}
    for fid, paragraph, span, answer, pool, extra in FACTS:
        cit = c.cite(paragraph.format(**values), span.format(**values))
        filled = {k: _fill(v, values) for k, v in extra.items()}
        c.fact(fid, pool, answer.format(**values), cit, **filled)
        if fid == "declaration-time":
            status["citations"] = [dict(cit)]
    _people(c, rng)
    return c, status


def _dump(path: Path, data: Any) -> None:
    """Write one YAML file without anchors."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(text, encoding="utf-8")


def write_synthetic_kb(root: Path, contests: int, seed: int = 0, *, default: bool = True) -> None:
    """Write a knowledge folder of `contests` invented contests; the first is the default if asked."""
    rng = random.Random(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    _dump(root / "synonyms.yaml", SYNONYMS)
    for number, place in enumerate(place_names(contests, rng)):
        c, status = build_contest(place, rng)
        folder = root / c.id
        folder.mkdir(exist_ok=True)
        (folder / "source.txt").write_text("\n".join(c.paragraphs) + "\n", encoding="utf-8")
        source = {"id": "report", "file": "source.txt", "outlet": f"{place} {OUTLETS[0]}"}
        source["title"] = f"Counting under way in the {place} by-election"
        aliases = [place, f"{place} byelection", f"{place} by election"]
        meta = {"id": c.id, "name": f"{place} by-election", "date": c.date}
        meta |= {"default": default and number == 0, "aliases": aliases, "sources": [source]}
        _dump(folder / "contest.yaml", meta)
        _dump(folder / "facts.yaml", {"facts": c.facts})
        _dump(folder / "people.yaml", {"people": c.people})
        _dump(folder / "quotes.yaml", {"quotes": c.quotes})
        _dump(folder / "status.yaml", status)
