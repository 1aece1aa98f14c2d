"""Propose the facts of a result: who won, each candidate's votes, places and the figures."""

from __future__ import annotations

import re

from ..knowledge.status import candidate_label, unnamed_candidate
from .factbook import FactBook
from .parties import PartyNames
from .people import PersonDraft
from .quotations import Sentence
from .results import ResultDraft
from .tables import Line

PLACES = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
NUMERALS = ("2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th")
# A turnout sentence that says how it moved: "(52.67%, -18.69%)", "down from 67.5 per cent"
MOVED = re.compile(r"\(\s*\d{1,2}(?:\.\d+)?%?,\s*[+-−–]\s?\d|\b(?:up|down) (?:from|on)\b", re.I)
PLACE_WORDS = re.compile(
    r"\b(?:came|finished|was|in) (?:second|third|fourth|fifth|last)\b|\brunner[- ]up\b"
    r"|\b(?:nearest|closest) (?:rival|challenger)\b|\bsecond place\b"
)
SECOND = re.compile(r"\bsecond\b|\brunner[- ]up\b|\b(?:nearest|closest) (?:rival|challenger)\b")


def _line_answer(line: Line, place: str | None = None) -> str:
    """Say what a results line gives, with its paragraph mark."""
    share = f" ({line.share}%)" if line.share is not None else ""
    if line.share is not None and line.change is not None:  # "(47.94%, +8.13%)": how it moved
        share = f" ({line.share}%, {line.change}{'' if line.change == 'new' else '%'})"
    what = f"came {place} with" if place else "got"
    if line.name == unnamed_candidate(line.party):  # "Reform UK: 1,373": no name to give
        return f"The {line.party} candidate {what} {line.votes:,} votes{share} [¶{line.paragraph}]."
    party = f" ({line.party})" if line.party else ""
    return f"{line.name}{party} {what} {line.votes:,} votes{share} [¶{line.paragraph}]."


def result_facts(
    book: FactBook,
    result: ResultDraft,
    sentences: list[Sentence],
    people: dict[str, PersonDraft],
    contest_name: str,
    place: str,
    parties: PartyNames,
) -> None:
    """Propose the facts of the result: winner, each candidate's votes, places, figures.

    A party's votes are asked about only for a party (not 'Independent') one candidate stood for.
    """
    by_name = {p.name: p for p in people.values() if not p.group}
    ranked = result.ranked
    winner = ranked[0] if ranked and (result.from_table or result.winner_sentence) else None
    win_cites: list[tuple[int, str]] = []
    if result.party_sentence and (
        not result.winner_sentence
        or result.party_sentence.paragraph < result.winner_sentence.paragraph
    ):
        win_cites.append((result.party_sentence.paragraph, result.party_sentence.sentence))
    if result.winner_sentence:
        win_cites.append((result.winner_sentence.paragraph, result.winner_sentence.sentence))
        party = result.party_sentence
        if party and party.paragraph > result.winner_sentence.paragraph:
            # "X was crowned MP ..." then "a landslide victory for the Labour candidate": the party
            win_cites.append((party.paragraph, party.sentence))
    person = by_name.get(winner.name) if winner else None
    sure = result.from_table or (person is not None and person.won)  # the winner is this line's
    if winner and sure and winner.paragraph not in {n for n, _ in win_cites}:
        win_cites.append((winner.paragraph, winner.span))
    book.add(
        "winner",
        [
            "Who won?",
            f"Who won the {contest_name}?",
            f"Who won in {place}?",
            "Who is the new MP?",
            f"Who is the new MP for {place}?",
            "Who won the seat?",
            "Which party won?",
            "What was the result?",
            "Who got elected?",
        ],
        win_cites,
        keywords=["winner", "won", "result", "elected"],
    )
    stood = [line.party for line in result.lines]
    for line in result.lines:
        person = by_name.get(line.name)
        unnamed = line.name == unnamed_candidate(line.party)  # "Labour: 11,719": no name given
        questions = [] if unnamed else [f"How many votes did {line.name} get?"]
        if person and len(line.name.split()) > 1:
            questions.append(f"How many votes did {person.surname} get?")
        cited = result.from_table or line.party.lower() in line.span.lower()
        if line.party and cited and not unnamed:
            # Only where the cited text names the party: a bare "got 12,645" does not answer it.
            questions += [f"What party is {line.name}?", f"Which party did {line.name} stand for?"]
        if line is winner and sure:  # not the most votes the prose gives, if not the winner's
            questions.append("How many votes did the winner get?")
            if line.share is not None:
                questions.append("What share of the vote did the winner get?")
        one_party = bool(line.party) and line.party not in parties.not_parties
        if stood.count(line.party) == 1 and one_party:
            questions.append(f"How many votes did {line.party} get?")
            if line.share is not None:
                questions.append(f"What share of the vote did {line.party} get?")
            if line.change and line.change != "new":  # "(45.03%, -8.82%)": how it moved
                questions += [
                    f"Did the {line.party} share rise or fall?",
                    f"Did the {line.party} vote go up or down?",
                ]
        if not questions:
            continue  # an independent the article does not name: asked about by place only
        book.add(
            f"votes-{line.name}",
            questions,
            [(line.paragraph, line.span)],
            answer=_line_answer(line) if result.from_table else None,
            people=[person.id] if person else None,
            parties=[line.party] if one_party else None,
        )
    if result.from_table:
        for i, line in enumerate(ranked[1 : len(PLACES) + 1], start=1):
            place_word = PLACES[i - 1]
            questions = [
                f"Who came {place_word}?",
                f"Who finished {place_word}?",
                f"Who came {NUMERALS[i - 1]}?",
            ]
            if i == 1:
                questions += ["Who was the runner-up?", "Who was second?"]
            book.add(
                f"place-{place_word}",
                questions,
                [(line.paragraph, line.span)],
                answer=_line_answer(line, place_word),
            )
        if len(ranked) >= 4:
            last = ranked[-1]
            book.add(
                "place-last",
                ["Who came last?", "Who got the fewest votes?"],
                [(last.paragraph, last.span)],
                answer=_line_answer(last, "last"),
            )
        names = "; ".join(candidate_label(line.name, line.party) for line in result.lines)
        marks = "".join(f"[¶{line.paragraph}]" for line in result.lines)
        book.add(
            "candidates",
            [
                "How many candidates were there?",
                "How many candidates stood?",
                "Who were the candidates?",
                "Who stood?",
            ],
            [(line.paragraph, line.span) for line in result.lines],
            answer=f"{len(result.lines)} candidates stood: {names} {marks}",
        )
    else:
        # the sentence may already give the winner's votes: the phrasings then join that fact
        place = next(
            (
                s
                for s in sentences
                # a place given, and second among them (not "April Pond finished third")
                if PLACE_WORDS.search(s.text) and SECOND.search(s.text) and not s.quoted
            ),
            None,
        )
        cites = [(place.paragraph, place.text)] if place else []
        if not cites and result.margin_agrees:  # the majority is the first two's difference
            cites = [(ranked[1].paragraph, ranked[1].span)]
        book.add(
            "runner-up",
            ["Who came second?", "Who was the runner-up?", "Who was the nearest rival?"],
            cites,
        )
    figures = [
        (
            result.majority,
            "majority",
            [
                "What was the majority?",
                "How big was the majority?",
                "What was the winning margin?",
                "How many votes did they win by?",
            ],
        ),
        (
            result.previous_majority,
            "previous-majority",
            [
                "What was the previous majority?",
                "What majority was overturned?",
                "How big was the majority before?",
                "What was the majority last time?",
            ],
        ),
        (
            result.turnout,
            "turnout",
            ["What was the turnout?", "How many people voted?", "What percentage of people voted?"]
            + (
                ["Did turnout rise or fall?", "How did turnout change?"]
                if result.turnout and MOVED.search(result.turnout.sentence)
                else []
            ),
        ),
        (
            result.electorate,
            "electorate",
            [
                "How many people could vote?",
                "How big is the electorate?",
                "How many registered voters are there?",
            ],
        ),
        (
            result.rejected,
            "rejected-ballots",
            [
                "How many ballots were rejected?",
                "How many spoilt ballots were there?",
                "How many votes were spoiled?",
            ],
        ),
        (result.swing, "swing", ["What was the swing?", "How big was the swing?"]),
    ]
    top = [by_name[line.name].id for line in ranked[:2] if line.name in by_name]
    for figure, fid, questions in figures:
        if figure is not None:
            previous = fid == "previous-majority" and result.previous_party
            book.add(
                fid,
                questions,
                [(figure.paragraph, figure.sentence)],
                keywords=[fid.replace("-", " ")],
                people=top if fid == "majority" else None,
                parties=[result.previous_party] if previous and result.previous_party else None,
            )
    for year, lines in result.earlier:
        named = result.earlier_parties.get(year, [])
        book.add(
            f"result-{year}",
            [f"Who won in {year}?", f"What was the result in {year}?", f"What happened in {year}?"]
            + [f"How many votes did {party} get in {year}?" for party in named],
            lines,
            years=[year],
            keywords=[str(year), "last time", "previous"],
            parties=named or None,
        )
