"""Text typed by people, made safe to show: no control or bidi characters, Markdown and mentions escaped.

`clean` is for any text the bot stores or prints (a moderator's note, a candidate's name): it
drops control characters (whitespace ones become spaces) and the bidirectional embedding,
override, isolate and mark characters, one of which (U+202E) visually reverses the bot's own
text after it. `escaped` is for text shown in Discord: also every Markdown character and
mention is escaped, so it reads exactly as typed and can neither format, link, hide nor ping.
`unescaped` turns escaped text back into what a reader sees, for consoles.
"""

from __future__ import annotations

import re

BIDI = (
    0x061C,  # Arabic letter mark
    0x200E,  # left-to-right mark
    0x200F,  # right-to-left mark
    *range(0x202A, 0x202F),  # embeddings and overrides (U+202E: right-to-left override)
    *range(0x2066, 0x206A),  # isolates
)
INVISIBLE = {
    cp: " " if chr(cp).isspace() else None for cp in (*range(0x20), *range(0x7F, 0xA0), *BIDI)
}
MARKDOWN = re.compile(r"([\\*_~`|>#\-\[\]()])")
MENTION = re.compile(r"@(everyone|here|[!&]?[0-9]{17,20})")
ESCAPE = re.compile(r"\\([^A-Za-z0-9\s])|(?<=@)\u200b")


def clean(text: str) -> str:
    """Drop control and bidi characters (whitespace controls become spaces)."""
    return text.translate(INVISIBLE)


def escaped(text: str) -> str:
    """Clean `text`, put it on one line, and escape every Markdown character and mention."""
    one_line = " ".join(clean(text).split())
    return MENTION.sub("@\u200b\\1", MARKDOWN.sub(r"\\\1", one_line))


def unescaped(text: str) -> str:
    """Return escaped text as Discord shows it (for a console)."""
    return ESCAPE.sub(lambda m: m.group(1) or "", text)
