"""Words for the count's status and a declared result: winner, votes, shares, ranks, majority."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..knowledge.model import Contest
from ..knowledge.sources import split_sentences
from ..knowledge.status import Candidate as Runner
from ..knowledge.status import Result, Status, candidate_label
from .answer import CitedSpan
from .result import CountFacts, ResultFacts

ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def ordinal(n: int) -> str:
    """Return 'first', 'second'... up to eighth, then '9th', '10th'..."""
    if 1 <= n <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _cites(status: Status) -> tuple[CitedSpan, ...]:
    """Return the source spans a status was taken from (a drafted result cites its table)."""
    return tuple(CitedSpan(c.source, c.paragraph, c.quote) for c in status.citations)


def _whole(needle: str) -> re.Pattern[str]:
    """Match a figure or name as a whole: "95" is not in "17,957"."""
    return re.compile(rf"(?<![\w,.]){re.escape(needle)}(?![\w]|[,.]\d)")


def _sentences_with(contest: Contest, *needles: str) -> Iterator[CitedSpan]:
    """Yield each sentence of the sources holding every needle as a whole word or figure."""
    patterns = [_whole(n) for n in needles]
    for source in contest.sources.values():
        for number, paragraph in enumerate(source.paragraphs, start=1):
            if not all(p.search(paragraph) for p in patterns):
                continue
            for sentence in split_sentences(paragraph):
                if all(p.search(sentence) for p in patterns):
                    yield CitedSpan(source.id, number, sentence)


def _spans_with(contest: Contest, *needles: str) -> tuple[CitedSpan, ...]:
    """Return the first sentence of the sources holding every needle (a figure, a name)."""
    first = next(_sentences_with(contest, *needles), None)
    return (first,) if first else ()


def _figure_spans(contest: Contest, value: int) -> tuple[CitedSpan, ...]:
    """Return a sentence of the sources giving a figure, written 12,345 or 12345."""
    return _spans_with(contest, f"{value:,}") or _spans_with(contest, str(value))


def runner_spans(
    contest: Contest, runners: list[Runner], result: Result | None = None, *, who: bool = False
) -> tuple[CitedSpan, ...]:
    """Cite where the sources give each candidate's votes, else their person entry.

    `who`: the answer is about these candidates, so also cite where the sources say who they
    are ("Conservative candidate Jo Bloggs"), not only the line with their votes.

    Of the sentences and results lines with their vote figure, the one that also names them in
    full, else by surname, and prints a share: "Steve Laws (UKIP) - 400 (2.69%)" rather than
    "UKIP's Steve Laws was third with 400".
    """
    out: list[CitedSpan] = []
    people = {p.name.casefold(): p for p in contest.people.values()}
    for runner in runners:
        person = people.get(runner.name.casefold())
        found: tuple[CitedSpan, ...] = ()
        if person is not None:
            found = tuple(CitedSpan(c.source, c.paragraph, c.quote) for c in person.citations)
        spans = list(_sentences_with(contest, f"{runner.votes:,}")) or list(
            _sentences_with(contest, str(runner.votes))
        )
        if spans:
            share = result.share(runner) if result is not None and result.valid_votes else None
            best = max(spans, key=lambda span: _fit(span, runner, share))  # the first of the best
            found = (best, *found[:1]) if who else (best,)
            if who and share is not None:
                found += _printed_share(contest, runner, share)
        for span in found:
            if span not in out:
                out.append(span)
    return tuple(out)


_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?%")


def _printed_share(contest: Contest, runner: Runner, share: float) -> tuple[CitedSpan, ...]:
    """Return the line printing a candidate's party's share as the article rounds it
    ("Labour - 40.8%" where the votes give 40.86%), if it prints one apart from their votes."""
    for span in _sentences_with(contest, runner.party.split()[0]):
        printed = [float(p) for p in _PERCENT.findall(span.quote)]
        if len(printed) == 1 and abs(printed[0] - share) < 0.15:
            return (span,)
    return ()


def _fit(span: CitedSpan, runner: Runner, share: float | None) -> int:
    """Score how fully a span gives a candidate: named in full, else by surname; their share;
    their party."""
    if _whole(runner.name).search(span.quote):
        named = 2
    else:
        named = 1 if _whole(runner.name.split()[-1]).search(span.quote) else 0
    printed = [float(p) for p in _PERCENT.findall(span.quote)]
    shared = share is not None and any(abs(p - share) < 0.06 for p in printed)
    party = bool(_whole(runner.party.split()[0]).search(span.quote))  # "Green Party: 417"
    return 4 * named + 2 * shared + party


def label(runner: Runner) -> str:
    """Return how an answer names a candidate (see `candidate_label`)."""
    return candidate_label(runner.name, runner.party)


def _line(result: Result, runner: Runner) -> str:
    """Return 'Name (Party) 12,345 votes (45.6%)'."""
    return f"{label(runner)} {runner.votes:,} votes ({result.share(runner):.1f}%)"


def _place(result: Result, runner: Runner) -> int:
    """Return a candidate's place, 1 for the winner."""
    return [c.name for c in result.ranked].index(runner.name) + 1


def _declared(status: Status) -> str:
    """Return 'Declared at 07:02 on Friday 7 May 2021 (set by X).' from a moderator's status."""
    at = status.updated_at
    if at is None or not status.version:
        return ""  # a result drafted from an article: the article says when, if anyone does
    who = f" (set by {status.updated_by})" if status.updated_by else ""
    return f"Declared at {at:%H:%M} on {at:%A} {at.day} {at:%B %Y}{who}."


def _winner(facts: ResultFacts, contest: Contest) -> str:
    """Return who won, by how much, and whether it was a gain."""
    result = facts.status.result
    assert result is not None
    won = result.winning
    ranked = result.ranked
    second = next((c for c in ranked if c is not won), None)
    text = (
        f"{label(won)} won the {contest.name} with {won.votes:,} votes ({result.share(won):.1f}%)"
    )
    if second is not None:
        text += f", a majority of {result.majority:,} over {label(second)}."
    else:
        text += "."
    if facts.change:
        text += f" {facts.change}."
    if result.turnout_percent is not None:
        text += f" Turnout was {result.turnout_percent:.2f}%."
    return f"{text} {_declared(facts.status)}".strip()


def result_text(facts: ResultFacts, contest: Contest) -> tuple[str, tuple[CitedSpan, ...]]:
    """Return the words answering a question about a declared result, and its source spans."""
    result = facts.status.result
    assert result is not None
    field = facts.field
    ranked = result.ranked
    won = result.winning
    named = list(facts.runners)
    if field == "winner":
        text = _winner(facts, contest)
        if facts.verdict is not None:
            text = f"{'Yes' if facts.verdict else 'No'}: {text}"
        others = [c for c in named if c is not won]
        if facts.verdict is False and others:  # "did Labour win?": no, and where they came
            text += " " + " ".join(
                f"{_line(result, c)}, {ordinal(_place(result, c))} of {len(ranked)}."
                for c in others
            )
    elif field == "rank" and facts.rank is not None:
        place = len(ranked) if facts.rank == -1 else facts.rank
        if not 1 <= place <= len(ranked):
            text = f"Only {len(ranked)} candidates stood."
        else:
            runner = ranked[place - 1]
            which = "Last" if facts.rank == -1 else ordinal(place).capitalize()
            text = f"{which} of {len(ranked)}: {_line(result, runner)}."
            if (
                named and runner not in named
            ):  # "did Labour come second?" / "who beat Labour to second?"
                others = "; ".join(
                    f"{_line(result, c)}, {ordinal(_place(result, c))}" for c in named
                )
                text = f"{'No: ' if facts.verdict is False else ''}{text} ({others}.)"
    elif field == "compare":
        pair = list(named[:2])
        if facts.verdict is None:  # "greens or the loonies, who got more?": the one ahead first
            pair.sort(key=lambda c: -c.votes)
        lines = [f"{_line(result, c)}, {ordinal(_place(result, c))}" for c in pair]
        gap = abs(pair[0].votes - pair[1].votes)
        text = "; ".join(lines) + f": a difference of {gap:,} votes."
        if not gap:  # neither beat the other, whatever order the table lists them in
            names = " and ".join(label(c) for c in pair)
            text = f"{names} tied, each with {pair[0].votes:,} votes."
        if facts.verdict is not None and gap:
            text = f"{'Yes' if facts.verdict else 'No'}: {text}"
        elif gap:
            text = f"Ahead: {text}"
    elif field == "valid":
        cast = result.valid_votes + result.rejected_ballots
        text = f"{result.valid_votes:,} valid votes were cast"
        if result.rejected_ballots:
            text += f", and {result.rejected_ballots:,} ballots were rejected ({cast:,} in all)"
        text += "."
    elif field == "count" and named:
        parties = sorted({c.party for c in named})
        names = ", ".join(f"{c.name} ({c.votes:,} votes)" for c in named)
        text = f"{len(named)} {' or '.join(parties)} candidate{'s' if len(named) > 1 else ''} stood: {names}."
    elif field in ("votes", "share") and named:
        text = " ".join(
            f"{_line(result, c)}, {ordinal(_place(result, c))} of {len(ranked)}." for c in named
        )
    elif field == "majority":
        second = next((c for c in ranked if c is not won), None)
        over = f" over {label(second)}" if second else ""
        share = 100 * result.majority / result.valid_votes if result.valid_votes else 0.0
        text = (
            f"{label(won)} won by a majority of {result.majority:,} votes{over}, "
            f"{share:.1f}% of the valid vote."
        )
    elif field == "turnout" and result.turnout_percent is not None:
        text = f"Turnout was {result.turnout_percent:.2f}%"
        if result.electorate:
            cast = result.valid_votes + result.rejected_ballots
            text += f": {cast:,} ballots from an electorate of {result.electorate:,}"
        text += "."
    elif field == "electorate" and result.electorate:
        text = f"The electorate was {result.electorate:,}."
    elif field == "non_voters" and result.electorate:
        cast = result.valid_votes + result.rejected_ballots
        text = (
            f"{result.electorate - cast:,} of the {result.electorate:,} electors did not vote: "
            f"{cast:,} ballots were cast."
        )
    elif field == "rejected":
        text = f"{result.rejected_ballots:,} ballots were rejected."
    elif field == "candidates":
        names = ", ".join(label(c) for c in ranked)
        text = f"{len(ranked)} candidates stood: {names}."
        if facts.absent:  # "did Labour even stand?"
            text = f"No: no {' or '.join(facts.absent)} candidate stood. {text}"
            if facts.said is not None:
                text += f" The article: “{facts.said.quote}” [¶{facts.said.paragraph}]"
    elif field == "when":
        text = f"The result has been declared: {_declared(facts.status)}"
    else:  # the full result, or votes/shares with no one named
        lines = [f"{i}. {_line(result, c)}" for i, c in enumerate(ranked, start=1)]
        text = f"Full result ({contest.name}):\n" + "\n".join(lines)
        text += f"\nMajority {result.majority:,}."
        if result.turnout_percent is not None:
            text += f" Turnout {result.turnout_percent:.2f}%."
    if facts.verdict is not None and not text.startswith(("Yes:", "No:")):
        text = f"{'Yes' if facts.verdict else 'No'}: {text}"
    if facts.previous and result.previous:
        text += f" Before this result: {result.previous}."
    cites = _result_cites(facts, contest) or _cites(facts.status)
    return text, (*cites, facts.said) if facts.said is not None else cites


def _result_cites(facts: ResultFacts, contest: Contest) -> tuple[CitedSpan, ...]:
    """Cite the sentences of the sources that give what an answer about the result says."""
    result = facts.status.result
    assert result is not None
    field = facts.field
    ranked = result.ranked
    if field == "winner":
        spans = runner_spans(contest, [result.winning], result, who=True) + _figure_spans(
            contest, result.majority
        )
        if facts.verdict is False:
            spans += runner_spans(
                contest, [c for c in facts.runners if c is not result.winning], result
            )
        if facts.change:  # "Lab gain from C": where the sources say it was a gain or a hold
            for word in (
                "gain",
                "hold",
                "retained",
                "held",
                "not been",
                "non",
                "snatched",
                "seized",
                "taken",
            ):
                if found := _spans_with(contest, word):
                    spans += found
                    break
        return spans
    if field == "majority":  # where it is printed, else the two lines it is worked out from
        return _figure_spans(contest, result.majority) or runner_spans(contest, ranked[:2], result)
    if field == "electorate" and result.electorate:
        return _figure_spans(contest, result.electorate)
    if field == "non_voters" and result.electorate:
        cast = result.valid_votes + result.rejected_ballots
        return _figure_spans(contest, result.electorate) + _figure_spans(contest, cast)
    if field == "valid":
        return _figure_spans(contest, result.valid_votes)
    if field == "rejected":
        return _figure_spans(contest, result.rejected_ballots)
    if field == "turnout" and result.turnout_percent is not None:
        return _spans_with(contest, f"{result.turnout_percent:g}")
    if field == "rank" and facts.rank is not None:
        place = len(ranked) if facts.rank == -1 else facts.rank
        shown = [ranked[place - 1]] if 1 <= place <= len(ranked) else []
        return runner_spans(contest, [*shown, *facts.runners], result, who=True)
    if field == "compare" and len(facts.runners) >= 2:
        spans = runner_spans(contest, list(facts.runners), result, who=True)
        top = {id(c) for c in ranked[:2]}
        if {id(c) for c in facts.runners[:2]} == top:  # the first two's gap is the majority
            spans += _figure_spans(contest, result.majority)
        return spans
    if facts.runners:
        return runner_spans(contest, list(facts.runners), result, who=True)
    return runner_spans(contest, ranked, result)


def count_text(facts: CountFacts, contest: Contest) -> tuple[str, tuple[CitedSpan, ...]]:
    """Return what the count's status says while there is no declared result."""
    status = facts.status
    text = f"No result has been declared yet. Count status: {status.label}"
    if status.note:
        text += f" ({status.note})"
    if status.expected_declaration:
        text += f"; declaration expected {status.expected_declaration}"
    text += "."
    cites = _cites(status)
    if cites:
        text += " " + " ".join(f"[¶{n}]" for n in sorted({c.paragraph for c in cites}))
    return text, cites
