"""The words and figures a report uses for a result: majorities, turnout, swing, who won."""

from __future__ import annotations

import re

from .tables import VOTES

NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
WORDS = "|".join(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split()
)
AMOUNT = (
    r"(?P<approx>(?:just |only |a mere )?(?:more than |almost |nearly |over |around |about |some "
    rf"|under |fewer than |less than )?)(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|(?i:{WORDS}))\b"
)
MAJORITY = re.compile(rf"\bmaj(?:ority)?\.?\s+(?:of\s+)?{AMOUNT}", re.I)
# "their 19,213 majority", "an 18,540-vote majority" (a year is not a figure: "the 2019 majority")
MAJORITY_AFTER = re.compile(
    r"(?<![\w,.])(?P<approx>)(?P<n>\d{1,3}(?:,\d{3})+|(?!(?:19|20)\d\d\b)\d+)(?:-vote)?\s+majority\b",
    re.I,
)
BY_VOTES = re.compile(rf"\bby\s+{AMOUNT}\s+votes?\b", re.I)
# Words before a majority that make it an earlier one ("defending a majority of 4,321"; not
# "was elected after defending the seat with a majority of 5,702": tonight's)
PREVIOUS = re.compile(
    r"\b(?:overturn\w*|overcom\w*|(?<!after )defending|previous(?:ly)?|had held|had a|was held|held with|"
    r"general election|last election|had won|won the seat with|in (?:the )?(?:19|20)\d\d|"
    r"reduced|down from|needed|erase\w*|wip\w+ out)\b",
    re.I,
)
# "the new Labour majority of 6,000" is the winner's, though a party is named before it
NEW = re.compile(r"\bnew\s+(?:[A-Z][\w-]*\s+){1,3}$")
# "a majority of 16,233 in the 2019 general election": the words after it say it is earlier
PREVIOUS_AFTER = re.compile(
    r"^\W*(?:in|at)\s+(?:the\s+)?(?:(?:19|20)\d\d\b|last\b|previous\b)", re.I
)
TURNOUT = re.compile(r"\bturn-?out\b", re.I)
# a table's turnout line in columns, the share printed bare: "Turnout  40,113  50.67"
TURNOUT_COLUMNS = re.compile(
    r"^\s*turn-?out\s*:?\s+\d{1,3}(?:,\d{3})+\s+(?P<share>\d{1,2}\.\d{1,2})\s*%?\s*$", re.I
)
PERCENT = re.compile(r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s?(?:%|per cent\b|percent\b)")
# "an electorate of 80,159", "Electorate 80,159", "(22.36% of 66,462 electorate)"
ELECTORATE = re.compile(
    r"\belectorate\s+(?:of\s+)?(\d{1,3}(?:,\d{3})+)|(\d{1,3}(?:,\d{3})+)\s+(?:registered\s+)?electorate\b",
    re.I,
)
# "There were 1,084 spoilt ballot papers", "Rejected ballots: 179"
_COUNT = r"(\d{1,3}(?:,\d{3})+|\d+)"
_SPOILT = r"(?:spoilt|spoiled|rejected|void|invalid)\s+(?:ballot\s+papers|ballots|papers|votes)"
REJECTED = re.compile(rf"{_COUNT}\s+{_SPOILT}|{_SPOILT}\s*(?:[:=]|were|was|of)?\s*{_COUNT}", re.I)
SWING = re.compile(r"\bswing\b", re.I)
POINTS = re.compile(
    r"(?<![\d.])\d{1,2}(?:\.\d+)?\s?(?:%|per cent\b|percent\b|(?:-| )?(?:percentage )?points?\b)"
)
WON = re.compile(
    r"\b(?:has won|won|wins|triumphed in|was crowned|took the seat|takes the seat|was (?:re-?)?elected|has been (?:re-?)?elected|(?:re-?)?elected as|"
    r"declared the winner|victory(?! speech| party| rally| lap)|gain(?:ed|s)? the seat|is the new MP|is the (?:country’s |country's )?"
    r"newest MP|after winning the seat|named (?:as )?\S+ (?:next|new) MP)\b",
    re.I,
)
GAIN_FROM = re.compile(r"\bgain from\b", re.I)
FIRST_MP_WORDS = (
    r"(?:has|have)\s+(?:its|their)\s+first\s+(?:elected\s+)?MP\b"  # "UKIP has its first MP"
)
FIRST_MP = re.compile(rf"\b{FIRST_MP_WORDS}")
HELD_SEAT = re.compile(r"\b(?:has|have) (?:held|retained|kept)\b", re.I)
PROSE_VOTES = re.compile(
    rf"\b(?:won|received|polled|secured|took the seat with|came (?:first|second|third|fourth|fifth|"
    rf"last) with|got|gained|scored|obtained|took|taking|on|receiving|winning|with)\s+"
    rf"(?:just\s+|only\s+|a mere\s+)?{VOTES}"
    rf"(?!\s*(?:%|per cent|percent|majority))(?:\s+votes?)?",
)
# "compared to Chris Ostrowski's 6,243", "Dan Watkins' 11,537" (not "Ms Smith's 7,348 majority")
POSSESSIVE_VOTES = re.compile(
    r"(?P<who>[A-Z][\w’'-]*?(?:\s+[A-Z][\w’'-]*?){0,3})(?:[’']s|(?<=s)[’'])\s+"
    r"(?P<votes>\d{1,3}(?:,\d{3})+)\b"
    r"(?!\s*(?:%|per cent|percent|majority|-vote|vote majority))"
)
