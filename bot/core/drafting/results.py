"""Read a declared result from an article: results tables, majority, turnout, swing, prose figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..count.result_input import build_result
from ..knowledge.status import Candidate, Result
from .earlier import earlier_results, held_before
from .elsewhere import about_elsewhere
from .parties import PartyNames, fold_party
from .prose_votes import prose_lines, winning_party
from .result_patterns import (
    BY_VOTES,
    ELECTORATE,
    FIRST_MP,
    GAIN_FROM,
    HELD_SEAT,
    MAJORITY,
    MAJORITY_AFTER,
    NEW,
    NUMBER_WORDS,
    PERCENT,
    POINTS,
    PREVIOUS,
    PREVIOUS_AFTER,
    REJECTED,
    SWING,
    TURNOUT,
    TURNOUT_COLUMNS,
    WON,
)
from .tables import YEAR_LABEL, Line, named_line, read_table, with_party


@dataclass(frozen=True)
class Figure:
    """A figure about the result, with the paragraph and verbatim sentence that give it."""

    value: str
    paragraph: int
    sentence: str


@dataclass
class ResultDraft:
    """What an article says about the result, checked the way `/count declare` checks it."""

    lines: list[Line] = field(default_factory=list)
    from_table: bool = False
    majority: Figure | None = None
    previous_majority: Figure | None = None
    turnout: Figure | None = None
    electorate: Figure | None = None
    rejected: Figure | None = None
    swing: Figure | None = None
    winner_sentence: Figure | None = None
    party_sentence: Figure | None = None  # 'The Liberal Democrats have won ...' (no name)
    previous_value: str | None = None
    previous_party: str | None = None  # whose the previous majority was, when printed
    declared: bool = False
    # the first two lines differ by the majority the article states: the first one won
    margin_agrees: bool = False
    problems: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)  # prose places the table contradicts
    earlier: list[tuple[int, list[tuple[int, str]]]] = field(default_factory=list)  # year, lines
    earlier_parties: dict[int, list[str]] = field(default_factory=dict)  # year -> parties in it
    result: Result | None = None

    @property
    def ranked(self) -> list[Line]:
        """Return the lines by votes, most first."""
        return sorted(self.lines, key=lambda line: -line.votes)


def _amount(m: re.Match[str]) -> int | None:
    """Return the exact number a match gives ('4,161', 'six'), or None when it is approximate."""
    if m["approx"].strip() and not m["approx"].strip().startswith(("just", "only", "a mere")):
        return None
    raw = m["n"].replace(",", "")
    if raw.isdigit():
        return int(raw)
    return NUMBER_WORDS.get(raw.lower())


def read_result(
    paragraphs: tuple[str, ...],
    sentences: list[tuple[int, str]],
    names: dict[str, tuple[str, str]],
    parties: PartyNames,
    elsewhere: frozenset[str] = frozenset(),
) -> ResultDraft:
    """Read the result an article reports; `names` maps surnames and full names to (name, party).

    A sentence naming another contest's place (`elsewhere`: "Tory victory in Copeland, where
    turnout was 51.35%") gives none of this contest's figures.

    A majority is an earlier one when the words before it say so ('overturning', 'in 2019') or
    give it to a party by name ('the Tory majority of 24,239': the winner's is 'a majority').
    """
    draft = ResultDraft()
    table = read_table(paragraphs, parties)
    draft.lines = [with_party(named_line(line, names, sentences), names) for line in table]
    draft.from_table = bool(draft.lines)
    stated_majority: int | None = None
    draft.earlier, draft.earlier_parties = earlier_results(paragraphs, parties)
    for number, sentence in sentences:
        if about_elsewhere(sentence, elsewhere):
            continue
        previous_label = bool(YEAR_LABEL.match(sentence))
        found = [*MAJORITY.finditer(sentence), *MAJORITY_AFTER.finditer(sentence)]
        for m in sorted(found, key=lambda m: m.start()):
            figure = Figure(m.group(0), number, sentence)
            exact = _amount(m)
            head = sentence[: m.start()]
            after = m.re is MAJORITY_AFTER  # "their 19,213 majority ... wiped out"
            if (
                previous_label
                or PREVIOUS.search(head[-80:])
                or PREVIOUS.search(m.group(0))
                or (after and PREVIOUS.search(sentence[m.end() : m.end() + 60]))
                or PREVIOUS_AFTER.search(sentence[m.end() : m.end() + 40])
                or (parties.party_before(head) and not NEW.search(head[-40:]))
            ):
                lead = re.search(r"(?:\b(?:a|an|the|its|their|his|her)\s+)?(?:\S+\s+){0,2}$", head)
                value = (lead.group(0) if lead else "") + m.group(0)
                label = re.match(r"^\s*((?:19|20)\d\d)\s*:\s*(\w[\w ]{0,20}?)\s+maj\b", sentence)
                party = parties.name(label.group(2)) if label else None
                if label and exact is not None:
                    value = f"{party} majority of {exact:,} in {label.group(1)}"
                if draft.previous_value is None:
                    draft.previous_majority, draft.previous_value = figure, value.strip()
                    if party and parties.is_party(party):
                        draft.previous_party = party
            elif after:
                continue  # read only as an earlier majority: its owner is not said next to it
            elif stated_majority is None and (exact is not None or draft.majority is None):
                draft.majority, stated_majority = figure, exact  # "of more than 6,000": no sum
        if stated_majority is None:
            for m in BY_VOTES.finditer(sentence):
                exact = _amount(m)
                if exact is not None and WON.search(sentence) and not previous_label:
                    draft.majority, stated_majority = Figure(m.group(0), number, sentence), exact
        if TURNOUT.search(sentence) and not previous_label:
            pct = PERCENT.search(sentence, TURNOUT.search(sentence).start())  # type: ignore[union-attr]
            pct = pct or PERCENT.search(sentence)
            # "turnout was down from 67 per cent to 48 per cent": the figure it went to
            moved = pct and FROM.search(sentence, 0, pct.start()) and TO.match(sentence, pct.end())
            if moved and (later := PERCENT.search(sentence, pct.end())) is not None:
                pct = later
            if pct and PREVIOUS_AFTER.match(sentence[pct.end() :]):
                pct = None  # "Turnout was 64.3% at the 2019 general election": an earlier one
            if pct and _finer(pct.group(1), draft.turnout):
                draft.turnout = Figure(pct.group(1), number, sentence)
            elif (col := TURNOUT_COLUMNS.match(sentence)) and _finer(col["share"], draft.turnout):
                draft.turnout = Figure(col["share"], number, sentence)
        if draft.electorate is None and (e := ELECTORATE.search(sentence)) and not previous_label:
            draft.electorate = Figure(e.group(1) or e.group(2), number, sentence)
        if draft.rejected is None and (r := REJECTED.search(sentence)) and not previous_label:
            draft.rejected = Figure(r.group(1) or r.group(2), number, sentence)
        if draft.swing is None and SWING.search(sentence) and (pts := POINTS.search(sentence)):
            draft.swing = Figure(pts.group(0), number, sentence)
        won = WON.search(sentence)
        if won and draft.previous_majority and draft.previous_majority.sentence == sentence:
            # "Gillan, who took the seat with a majority of 16,233 in 2019": an earlier win
            start = sentence.find(draft.previous_majority.value, won.end())
            won = None if 0 <= start - won.end() <= 40 else won
        named = [sentence.find(key) for key in names if key in sentence]
        # "Labour has won ... since Rishi Sunak was elevated ...": the party won, not he
        party_won = bool(won) and winning_party(sentence, parties) is not None
        names_winner = (
            any(at < won.start() for at in named) if won and party_won else bool(named)
        ) or GAIN_FROM.search(sentence)
        if draft.winner_sentence is None and won and not previous_label and names_winner:
            draft.winner_sentence = Figure("", number, sentence)
        elif (
            draft.party_sentence is None
            and not previous_label
            and (won or HELD_SEAT.search(sentence) or FIRST_MP.search(sentence))
            and (p := winning_party(sentence, parties))
        ):
            draft.party_sentence = Figure(p, number, sentence)  # "The Conservatives have held"
    if draft.previous_value is None:
        draft.previous_value = held_before(sentences, parties, names)
    if not draft.lines:
        draft.lines = prose_lines(sentences, names)
    draft.declared = bool(draft.from_table or draft.winner_sentence)
    _check(draft, stated_majority)
    if draft.from_table:
        draft.disagreements = _place_claims(draft, sentences, names)
    return draft


FROM = re.compile(r"\bfrom\s+$")  # just before a figure: "from 67 per cent ..."
TO = re.compile(r"\s+to\s+\d")  # just after it: "... to 48 per cent"


def _finer(value: str, found: Figure | None) -> bool:
    """Tell whether a turnout is the first given, or the same one printed more exactly
    ("the turnout was 26%" in the prose, "Turnout: 16,866 (25.91%)" under the table)."""
    if found is None:
        return True
    decimals = len(value.partition(".")[2])
    close = abs(float(value) - float(found.value)) <= 0.5
    return close and decimals > len(found.value.partition(".")[2])


PLACE = re.compile(
    r"\b(?:came|coming|finished|finishing|was|in)\s+(?:in\s+)?(?P<place>second|third|fourth|fifth|sixth|seventh|last)\b"
)
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}


def _place_claims(
    draft: ResultDraft, sentences: list[tuple[int, str]], names: dict[str, tuple[str, str]]
) -> list[str]:
    """Return each place the prose gives that the table's votes contradict ('Labour ... fifth')."""
    ranked = draft.ranked
    out = []
    for number, sentence in sentences:
        m = PLACE.search(sentence)
        if m is None or YEAR_LABEL.match(sentence):
            continue
        head = sentence[: m.start()]
        who = [key for key in names if key in head]
        lines = [line for line in ranked if who and line.name == names[max(who, key=head.rfind)][0]]
        if not lines:
            party = [line for line in ranked if line.party and line.party in head]
            lines = party if len({line.party for line in party}) == 1 and len(party) == 1 else []
        if len(lines) != 1:
            continue
        actual = ranked.index(lines[0]) + 1
        claimed = len(ranked) if m["place"] == "last" else ORDINALS[m["place"]]
        if actual != claimed:
            out.append(
                f"¶{number} puts {lines[0].name} ({lines[0].party}) {m['place']}, but by the "
                f"table's votes ({lines[0].votes:,}, ¶{lines[0].paragraph}) they came {actual}"
                f"{'st' if actual == 1 else 'nd' if actual == 2 else 'rd' if actual == 3 else 'th'}"
            )
    return out


FOR_PARTY = re.compile(
    r"\bfor (?:the )?(?P<party>[A-Z][\w ]{1,30}?)(?=[,.;]|\s+(?:by|with|in|on|after)\b|$)"
)


def winner_party(draft: ResultDraft, parties: PartyNames) -> str | None:
    """Return the winner's party when only the prose gives it ('won ... for Reform UK', 'The Lib Dems have won')."""
    if draft.winner_sentence is not None:
        m = FOR_PARTY.search(draft.winner_sentence.sentence)
        if m and parties.is_party(m["party"]):
            return parties.name(m["party"])
    return draft.party_sentence.value if draft.party_sentence is not None else None


def won_by(draft: ResultDraft, parties: PartyNames) -> tuple[str, int, str] | None:
    """Return the winner's party from the prose, with the paragraph and sentence giving it."""
    party = winner_party(draft, parties)
    said = draft.party_sentence if draft.party_sentence is not None else draft.winner_sentence
    if party is None or said is None:
        return None
    if draft.winner_sentence is not None and party in draft.winner_sentence.sentence:
        said = draft.winner_sentence
    return party, said.paragraph, said.sentence


# Fewer candidates than this in a chart (names over party votes) may be only the leaders.
FEWEST = 4


def _check(draft: ResultDraft, stated_majority: int | None) -> None:
    """Build the result the way `/count declare` does and list every figure that does not add up."""
    if not draft.declared or not draft.lines:
        if draft.declared:
            draft.gaps.append("the article gives no candidate's votes")
        return
    ranked = draft.ranked
    if stated_majority is not None and len(ranked) > 1:
        draft.margin_agrees = ranked[0].votes - ranked[1].votes == stated_majority
    if not draft.from_table:
        draft.gaps.append(
            f"the article gives the votes of {len(draft.lines)} candidate(s) in its prose, "
            "not a full results table: add the others (and any missing party) from the declaration"
        )
        return
    electorate = int(draft.electorate.value.replace(",", "")) if draft.electorate else None
    turnout = float(draft.turnout.value) if draft.turnout else None
    rejected = int(draft.rejected.value.replace(",", "")) if draft.rejected else 0
    if electorate is None:
        draft.gaps.append("the article gives no electorate")
    if draft.rejected is None:
        draft.gaps.append("the article gives no count of rejected ballots (left at 0)")
    seen: dict[str, int] = {}
    candidates = []
    for line in draft.lines:
        if fold_party(line.name) in seen:
            continue
        seen[fold_party(line.name)] = line.votes
        candidates.append(Candidate(name=line.name, party=line.party, votes=line.votes))
    check = build_result(
        candidates,
        electorate=electorate,
        turnout=turnout if electorate else None,
        rejected=rejected,
    )
    draft.problems += check.problems
    ranked = draft.ranked
    if stated_majority is not None and len(ranked) > 1:
        computed = ranked[0].votes - ranked[1].votes
        if computed != stated_majority:
            draft.problems.append(
                f"the article gives a majority of {stated_majority:,} (¶{draft.majority.paragraph}) "  # type: ignore[union-attr]
                f"but {ranked[0].name} minus {ranked[1].name} is {computed:,}"
            )
    shares = [line.share for line in draft.lines if line.share is not None]
    if len(shares) == len(draft.lines) and shares and abs(sum(shares) - 100) > 1.0:
        draft.problems.append(f"the printed shares add up to {sum(shares):.2f}%, not 100%")
    charted = any(line.above is not None for line in draft.lines)
    if charted and not shares and len(candidates) < FEWEST:
        # a chart of the top three is not the result: "who came fourth?" must not get "nobody"
        draft.problems.append(
            f"the article charts {len(candidates)} candidates' votes and no shares: it may not "
            "be the full result"
        )
    if check.result is not None and not draft.problems and draft.from_table:
        fields = check.result.model_dump()
        if turnout is not None and not electorate:
            fields["turnout_percent"] = turnout
        if draft.previous_value is not None:
            fields["previous"] = draft.previous_value[:300]
        draft.result = Result.model_validate(fields)
