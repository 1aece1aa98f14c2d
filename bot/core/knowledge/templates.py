"""Announcement templates: `{field}` names from a fixed list, checked at load time, never eval'd.

A template is plain text with `{field}` placeholders. Only the plain names below are allowed: no
attribute or index access (`{a.b}`, `{a[0]}`), no conversions (`{a!r}`) and no format specs
(`{a:>10}`), so a template can never reach a Python object. Filling walks the parsed pieces and
substitutes prepared strings; it never calls `str.format`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from string import Formatter

# Fields every template may use; their values come from the contest and its counting status.
FIELDS: dict[str, str] = {
    "contest_name": "the contest's name, e.g. Northtown by-election",
    "contest_id": "the contest's id, e.g. northtown-2024",
    "contest_date": "polling day, e.g. 6 May 2021",
    "phase": "the phase id, e.g. counting",
    "phase_label": "the phase as people read it, e.g. Counting",
    "previous_phase_label": "the phase before the latest change, e.g. Polls closed",
    "expected_declaration": "the status's free-text expected declaration, e.g. not before 6.15am",
    "expected_at": "the status's machine-readable expected declaration, as HH:MM",
    "minutes_to_declaration": "whole minutes from the announcement to expected_at",
    "note": "the status note",
    "updated_by": "who last changed the status",
    "updated_at": "when the status was last changed, as HH:MM",
    "scheduled_at": "when a scheduled announcement was due (others: when it was made), as HH:MM",
}
# Fields of a declared result: only the `declared` template may use them.
RESULT_FIELDS: dict[str, str] = {
    "winner": "the winner's name",
    "winner_party": "the winner's party",
    "winner_votes": "the winner's votes, e.g. 12,345",
    "winner_share": "the winner's share of the valid vote, e.g. 51.9%",
    "majority": "the majority in votes, e.g. 6,940",
    "turnout": "the turnout, e.g. 38.12%",
    "electorate": "the electorate, e.g. 88,000",
    "valid_votes": "the votes cast for candidates",
    "rejected_ballots": "the rejected ballots",
    "previous": "the result last time, as the status gives it (Result.previous)",
    "candidate_count": "how many candidates stood",
}
ALL_FIELDS: dict[str, str] = {**FIELDS, **RESULT_FIELDS}
MISSING = "not known"  # what a field with no value becomes


def _pieces(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """Parse a template into (literal, field, spec, conversion) pieces; ValueError on bad braces."""
    return list(Formatter().parse(text))


def template_problems(text: str, allowed: Collection[str] = ALL_FIELDS) -> list[str]:
    """List what is wrong with a template: bad braces, unknown or disallowed fields."""
    try:
        pieces = _pieces(text)
    except ValueError as exc:
        return [f"{exc} (write {{{{ and }}}} for a literal brace)"]
    problems: list[str] = []
    for _literal, name, spec, conversion in pieces:
        if name is None:
            continue
        shown = (
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if name == "" or name.isdigit():
            problems.append(f"{shown}: name a field, e.g. {{contest_name}}")
        elif not name.isidentifier():
            problems.append(
                f"{shown}: only plain field names are allowed (no dots, brackets or indexes)"
            )
        elif name not in ALL_FIELDS:
            problems.append(f"{shown}: unknown field (known: {', '.join(ALL_FIELDS)})")
        elif name not in allowed:
            problems.append(f"{shown}: result fields are only available in the `declared` template")
        if conversion:
            problems.append(f"{shown}: conversions like !{conversion} are not allowed")
        if spec:
            problems.append(f"{shown}: format specs like :{spec} are not allowed")
    return problems


def fields_of(text: str) -> list[str]:
    """Return the field names a (valid) template uses, in order."""
    return [name for _, name, _, _ in _pieces(text) if name]


def fill(text: str, values: Mapping[str, str | None]) -> str:
    """Substitute prepared strings into a template; a missing value becomes MISSING."""
    out: list[str] = []
    for literal, name, _spec, _conversion in _pieces(text):
        out.append(literal)
        if name is not None:
            value = values.get(name)
            out.append(value if value else MISSING)
    return "".join(out)
