"""Find the people a paragraph names: each mention with its title and the words that describe it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import NOT_NAME, POST_NOMINALS, RUN, TITLES, plain_token
from .parties import PartyNames
from .roles import apposition_after, role_before


@dataclass(frozen=True)
class Mention:
    """A person named in a paragraph, outside quotes."""

    paragraph: int
    start: int  # where the name (after any title) starts in the paragraph
    end: int
    name: str
    title: str | None
    role_text: str  # the words just before that describe them, verbatim ('Labour leader ')
    role_start: int
    apposition: str | None  # ', a local teacher,' after the name, without its commas

    @property
    def tokens(self) -> list[str]:
        """Return the words of the name."""
        return self.name.split()

    @property
    def span_start(self) -> int:
        """Return where the mention starts, title included."""
        return self.start - (len(self.title) + 1 if self.title else 0)


LEDE = re.compile(r"^[A-Z]{3,}(?=\s+[A-Z][a-z])")  # not "MP Jo Bloggs said"


def find_mentions(
    text: str, paragraph: int, hidden: list[tuple[int, int]], parties: PartyNames
) -> list[Mention]:
    """Return the people a paragraph names outside the hidden (quoted) ranges, in order."""
    visible = list(text)
    for start, end in hidden:
        visible[start:end] = " " * (end - start)
    # "DEBBIE Abrahams won ...": a report's first word in capitals is a name as any other
    plain = LEDE.sub(lambda m: m[0] if parties.is_word(m[0]) else m[0].title(), "".join(visible))
    found: list[Mention] = []
    for m in RUN.finditer(plain):
        words = [(w.start() + m.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        tokens = [plain_token(w) for _, w in words]
        while len(tokens) > 1 and tokens[-1] in POST_NOMINALS:
            tokens, words = tokens[:-1], words[:-1]
        named = plain[max(0, m.start() - 1) : m.start()] != "("  # "(Eng Dem)" is a party
        cut = max(
            (
                i
                for i, t in enumerate(tokens)
                if (
                    _not_name(t, parties)
                    and not (named and _party_surname(words, tokens, i, parties))
                )
                or t in TITLES
            ),
            default=-1,
        )
        title = TITLES[tokens[cut]] if cut >= 0 and tokens[cut] in TITLES else None
        first = cut + 1
        if len(tokens) - first > 4:
            first = len(tokens) - 3
        name_tokens = tokens[first:]
        if not name_tokens or any(t.isupper() and len(t) > 1 for t in name_tokens):
            continue
        if len(name_tokens) == 1 and title is None and not _may_be_surname(name_tokens[0], parties):
            continue
        start = words[first][0]
        end = words[-1][0] + len(tokens[-1])
        head_end = words[cut][0] if title else start
        role_text, role_start = role_before(plain, head_end, parties)
        found.append(
            Mention(
                paragraph,
                start,
                end,
                " ".join(name_tokens),
                title,
                role_text,
                role_start,
                apposition_after(plain, end + (len(words[-1][1]) - len(tokens[-1]))),
            )
        )
    return found


def _not_name(token: str, parties: PartyNames) -> bool:
    """Tell whether a capitalised word is never part of a person's name ('Monday', 'Tory')."""
    return token in NOT_NAME or parties.is_word(token)


def _party_surname(
    words: list[tuple[int, str]], tokens: list[str], i: int, parties: PartyNames
) -> bool:
    """Tell whether a party's word is a surname: last, after a first name or a title ("Sarah
    Green", "Ms Green"), not after a word of a party's name ("Lib Dem") or a possessive
    ("Boris Johnson's Tories"), and not a plural ("Tories")."""
    if i != len(tokens) - 1 or i == 0 or tokens[i] in NOT_NAME or tokens[i].endswith("s"):
        return False
    before = tokens[i - 1]
    if words[i - 1][1] != before:  # "Johnson's": the party is his, not his name
        return False
    return before in TITLES or not _not_name(before, parties)


def _may_be_surname(token: str, parties: PartyNames) -> bool:
    """Tell whether a lone capitalised word could be a surname used on its own ('Galloway')."""
    return len(token) > 2 and not _not_name(token, parties)
