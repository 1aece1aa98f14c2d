"""Explain a YAML syntax error at the line where the mistake is, in words a moderator can act on.

YAML notices a missing colon, a line broken in two, an unclosed quote or a misindented line
only where the text finally stops making sense, often lines later; libyaml's message then
names the parser's state ("did not find expected key"). `syntax_problem` finds the line to fix
and says what is likely wrong there and how to fix it.
"""

from __future__ import annotations

from typing import Any

from .yamlproblem import MAX_DEPTH, YamlProblem

RUNAWAY_LINES = 8  # a syntax error this close after a quote that ran over lines is blamed on it
RUNAWAY_SCAN_MAX = 256 * 1024  # characters scanned, at most, to find that quote


def syntax_problem(exc: Any, text: str) -> YamlProblem:
    """Explain a YAML syntax error at the line where the mistake is, not where YAML noticed it.

    YAML notices a missing colon, a line broken in two or an unclosed quote only lines later
    (where the text finally stops making sense); the mistake is where the key, the broken line
    or the quote began.
    """
    problem, context = exc.problem or "", exc.context or ""
    found = exc.problem_mark.line + 1 if exc.problem_mark else None
    began = exc.context_mark.line + 1 if exc.context_mark else None
    quote = _runaway_quote(text, found)
    if quote is not None:
        start, end = quote
        return YamlProblem(
            f"YAML syntax error: the quote opened on this line is not closed on it (YAML read "
            f"on to line {end} as one text); close it, or remove the stray quote mark",
            start,
        )
    if "simple key" in context and began is not None:
        return YamlProblem(
            "YAML syntax error: this line is neither 'key: value' nor a '- ' list item; is a "
            "line broken in two (join it to the line above), or a colon missing after a key? "
            f"(YAML noticed on line {found})",
            began,
        )
    if "quoted scalar" in context and began is not None:
        return YamlProblem(
            "YAML syntax error: the quote opened on this line is never closed", began
        )
    if problem.startswith("mapping values are not allowed") and exc.problem_mark is not None:
        before = text.split("\n")[exc.problem_mark.line][: exc.problem_mark.column]
        if ": " in before or before.rstrip().endswith(":"):
            return YamlProblem(
                "YAML syntax error: a colon followed by a space inside a value; put the whole "
                'value in quotes, e.g. answer: "Turnout: 50.5%"',
                found,
            )
        previous = _previous_line(text, exc.problem_mark.line)
        if previous is not None and _indent(before) > _key_column(text, previous):
            return YamlProblem(
                "YAML syntax error: this line is indented more than the key above it, so YAML "
                f"read it as more of that key's value (line {previous}); line it up with that key",
                found,
            )
        return YamlProblem(
            f"YAML syntax error: YAML read this line and line {found} as one text; is a colon "
            "missing after a key here, or a line broken in two?",
            previous or found,
        )
    if "tab" in problem or _char_at(text, exc.problem_mark) == "\t":
        return YamlProblem("YAML syntax error: a tab; indent with spaces", found)
    if found is not None and context.startswith(
        ("while parsing a block mapping", "while parsing a block collection")
    ):
        return _misindented(text, found, problem)
    return YamlProblem(f"YAML syntax error: {problem or context}", found or began)


def _misindented(text: str, found: int, problem: str) -> YamlProblem:
    """Blame the line whose indentation differs from its neighbours' near a block error."""
    lines = text.split("\n")

    def indent(number: int | None) -> int | None:
        if number is None or not 1 <= number <= len(lines):
            return None
        line = lines[number - 1]
        return len(line) - len(line.lstrip(" "))

    before = _previous_line(text, found - 1)
    after = next(
        (n for n in range(found + 1, len(lines) + 1) if lines[n - 1].strip()[:1] not in ("", "#")),
        None,
    )
    line, spaces, others = found, indent(found), indent(before)
    if before is not None and others != spaces and indent(after) == spaces:
        line, spaces, others = before, others, spaces  # the line above is the odd one out
    return YamlProblem(
        f"YAML syntax error: {problem}: this line is indented {spaces} space(s) where the "
        f"lines around it have {others}; keys of one entry, and items of one list, line up",
        line,
    )


def _indent(line: str) -> int:
    """Return how many spaces a line starts with."""
    return len(line) - len(line.lstrip(" "))


def _key_column(text: str, number: int) -> int:
    """Return the column where the key (or text) of line `number` starts, after any '- '."""
    line = text.split("\n")[number - 1]
    column = _indent(line)
    while line[column : column + 2] == "- ":
        column = _indent(line[:column] + " " + line[column + 1 :])
    return column


def _previous_line(text: str, index: int) -> int | None:
    """Return the 1-based number of the last line with content before line `index` (0-based)."""
    lines = text.split("\n")
    for number in range(min(index, len(lines)) - 1, -1, -1):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            return number + 1
    return None


def _char_at(text: str, mark: Any) -> str:
    """Return the character a mark points at ('' if none)."""
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _runaway_quote(text: str, error_line: int | None) -> tuple[int, int] | None:
    """Find a quoted text that ran over several lines just before a syntax error: (start, end)."""
    import yaml

    if error_line is None:
        return None
    upto = "\n".join(text.split("\n", error_line)[:error_line])  # the text up to the error
    if len(upto) > RUNAWAY_SCAN_MAX or ('"' not in upto and "'" not in upto):
        return None  # no quote to blame, or not worth a slow scan (not written by hand)
    last: tuple[int, int] | None = None
    flow = 0
    try:
        for token in yaml.scan(upto, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                flow += 1
                if flow > MAX_DEPTH:  # the pure scanner slows down with depth; give up
                    return None
            elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
                flow -= 1
            elif isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                start, end = token.start_mark.line + 1, token.end_mark.line + 1
                if start < end:
                    last = (start, end)
    except yaml.YAMLError:
        pass
    if last is not None and last[1] <= error_line <= last[1] + RUNAWAY_LINES:
        return last
    return None
