"""Find the quotations in an article (one line = one paragraph) and who said each of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENERS = "“„"
CLOSERS = "”"
SCARE = re.compile(
    r"(?:so-called|so called|dubbed|known as|branded|termed|labell?ed|nicknamed)\s*$", re.I
)
TOKEN = r"(?:[A-Z][a-z]*[A-Z][a-z]+|[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z]{2,4}s?)(?:-[A-Z][a-z]+)*"
RUN = re.compile(rf"\b{TOKEN}(?:[ \u00a0]{TOKEN})*")
STARTERS = frozenset("A An And As But However Meanwhile So The Then Yet".split())
TITLES = frozenset("Mr Mrs Ms Miss Dr Sir Dame Lord Lady Baroness Rev Cllr".split())
# Capitalised words that are not part of a person's name (roles, parties, places, sentence starts).
NOT_NAME = frozenset(
    """
    A An And As At But By For From He If In It Its Of On Or She So The Then They This We When While
    With Yet Asked Pressed Speaking Writing Meanwhile However Earlier Later Today Tonight Yesterday
    Labour Tory Tories Conservative Conservatives Liberal Lib Dem Dems Democrat Democrats Green Greens
    SNP Reform Plaid Brexit Party UKIP Independent Shadow Secretary Minister Prime Chancellor Leader
    Deputy Former Chief Home Foreign Health Justice Treasury MP MPs MSP Councillor Cllr Mayor
    Candidate Spokesman Spokeswoman North South East West Northern Southern Eastern Western
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July
    August September October November December News Times Post Mail Guardian Telegraph Express Mirror
    Sun BBC ITV LBC Sky Radio TV Council Office Government Parliament Commons House Street Road
    Hospital University College Club Committee Commission Trust Service Union Covid NHS UK US EU
    """.split()
)
ROLE_NOUNS = re.compile(
    r"\b(?:minister|secretary|mp|msp|leader|chair|chairman|chairwoman|candidate|mayor|councillor|"
    r"spokesman|spokeswoman|spokesperson|chancellor|president|officer|director|chief|adviser|"
    r"campaigner|member|deputy|whip)\b",
    re.I,
)
PARTIES = (
    "Labour",
    "Conservative",
    "Tory",
    "Liberal Democrat",
    "Lib Dem",
    "Green",
    "SNP",
    "Reform UK",
    "Plaid Cymru",
)
GROUP = re.compile(
    r"\b(?:(?P<org>[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*) )?(?:party )?"
    r"(?P<noun>sources|insiders|officials|aides|allies|spokesman|spokeswoman|spokesperson)\b"
)
PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
OUTLET = re.compile(
    r"\b(?:told|telling|speaking to|in an interview with|writing in|wrote in)\s+(?:the\s+)?"
    rf"(?P<outlet>{TOKEN}(?: {TOKEN})*)"
)
SAID_AT = re.compile(
    r"\b(?:(?:just|shortly|soon|well)\s+)?(?:before|after|at|around|about|by)\s+"
    r"\d{1,2}(?:[.:]\d{2})?\s?[ap]m\b",
    re.I,
)
CONTEXT = re.compile(r"^(?:Asked|Pressed|Questioned|Challenged|Responding|When asked)\b", re.I)
SPEECH_AFTER = re.compile(
    r"^\W*(?:said|says|added|adds|told|tells|insisted|warned|claimed|wrote)\b", re.I
)


@dataclass
class Speaker:
    """Someone (or a group) who is named or quoted in the article."""

    id: str
    name: str
    group: bool = False
    role: str | None = None
    party: str | None = None
    citation: tuple[int, str] | None = None  # (paragraph, verbatim span naming them)
    references: list[str] = field(default_factory=list)  # other names seen, e.g. "Mr Norris"
    named_in: int = 0  # the paragraph that last named them
    named_time: str | None = None  # a time that paragraph gives, e.g. "just before 3am"

    @property
    def surname(self) -> str:
        """Return the last word of the name."""
        return self.name.split()[-1]


@dataclass
class Quotation:
    """One quoted passage of one paragraph, with its speaker and what the text says around it."""

    paragraph: int
    text: str
    speaker: Speaker | None
    outlet: str | None = None
    said_at: str | None = None
    context: str | None = None


@dataclass
class Extraction:
    """Every quotation found, the speakers, and the quoted terms left out (scare quotes)."""

    quotes: list[Quotation]
    speakers: dict[str, Speaker]
    skipped: list[tuple[int, str]]


@dataclass
class _Span:
    """A quoted span of a paragraph: positions of its marks and whether it is a term, not speech."""

    start: int  # index of the opening mark
    inner_start: int
    end: int  # index just after the closing mark (paragraph end if unclosed)
    inner_end: int
    scare: bool = False


def slug(text: str) -> str:
    """Return a lower-case id made of letters, digits and dashes."""
    text = text.replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def quoted_spans(text: str) -> list[_Span]:
    """Find the double-quoted spans of a paragraph (“…”, "…" or "…'' ); an unclosed one runs to the end."""
    spans: list[_Span] = []
    i, open_at, inner = 0, -1, -1
    while i < len(text):
        width = 2 if text.startswith("''", i) else 1
        ch = text[i]
        is_mark = width == 2 or ch in OPENERS or ch in CLOSERS or ch == '"'
        if not is_mark:
            i += 1
            continue
        if open_at < 0 and (ch in OPENERS or ch == '"' or width == 2):
            open_at, inner = i, i + width
        elif open_at >= 0 and ch not in OPENERS:
            spans.append(_Span(open_at, inner, i + width, i))
            open_at = -1
        i += width
    if open_at >= 0:
        spans.append(_Span(open_at, inner, len(text), len(text)))
    for span in spans:
        span.scare = bool(SCARE.search(text[: span.start]))
    return [s for s in spans if text[s.inner_start : s.inner_end].strip()]


class _Reader:
    """Walks the paragraphs in order, remembering who was last named."""

    def __init__(self) -> None:
        self.speakers: dict[str, Speaker] = {}
        self.last_person: Speaker | None = None

    def _person(self, name: str, paragraph: int, span: str, role_text: str) -> Speaker:
        """Return the speaker with this name, creating them on first mention."""
        for sp in self.speakers.values():
            if not sp.group and sp.name == name:
                return sp
        sid = slug(name)
        found = Speaker(sid, name, citation=(paragraph, span))
        role, party = split_role(role_text)
        if role and ROLE_NOUNS.search(role):
            found.role, found.party = role, party
            found.citation = (paragraph, f"{role_text}{span}")
        self.speakers[sid] = found
        return found

    def _group(self, name: str, org: str | None, paragraph: int, span: str) -> Speaker:
        """Return the group speaker (e.g. Labour sources), creating it on first mention."""
        sid = slug(name)
        if sid not in self.speakers:
            party = next((p for p in PARTIES if org and org.startswith(p)), None)
            self.speakers[sid] = Speaker(
                sid, name, group=True, party=party, citation=(paragraph, span)
            )
        return self.speakers[sid]

    def mentions(self, text: str, paragraph: int, hidden: list[_Span]) -> list[tuple[int, Speaker]]:
        """Return (position, speaker) for each person, group or pronoun named outside quotes."""
        visible = list(text)
        for span in hidden:
            visible[span.start : span.end] = " " * (span.end - span.start)
        plain = "".join(visible)
        found: list[tuple[int, str, object]] = []
        for m in GROUP.finditer(plain):
            found.append((m.start(), "group", m))
        group_spans = [(m.start(), m.end()) for _, kind, m in found]
        for m in RUN.finditer(plain):
            if any(a <= m.start() < b for a, b in group_spans):
                continue
            found.append((m.start(), "run", m))
        for m in PRONOUN.finditer(plain):
            found.append((m.start(), "pronoun", m))
        out: list[tuple[int, Speaker]] = []
        for pos, kind, m in sorted(found, key=lambda f: f[0]):
            speaker = self._resolve(kind, m, plain, paragraph)  # type: ignore[arg-type]
            if speaker is not None:
                out.append((pos, speaker))
        return out

    def _resolve(self, kind: str, m: re.Match[str], plain: str, paragraph: int) -> Speaker | None:
        """Turn one mention into a speaker, updating who was last named."""
        if kind == "pronoun":
            return self.last_person
        if kind == "group":
            org_words = (m["org"] or "").split()
            while org_words and org_words[0] in STARTERS:
                org_words.pop(0)
            org = " ".join(org_words) or None
            name = f"{org} {m['noun']}" if org else m["noun"]
            start = m.start("org") + m["org"].index(org) if org else m.start("noun")
            return self._group(name[0].upper() + name[1:], org, paragraph, plain[start : m.end()])
        words = [(w.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        tokens = [w.removesuffix("’s").removesuffix("'s") for _, w in words]
        cut = max((i for i, t in enumerate(tokens) if t in NOT_NAME or t in TITLES), default=-1)
        first = max(cut + 1, len(tokens) - 2) if len(tokens) - cut - 1 > 3 else cut + 1
        if first >= len(tokens):
            return None
        title = tokens[cut] if cut >= 0 and tokens[cut] in TITLES else None
        if first == len(tokens) - 1:
            surname = tokens[first]
            known = [s for s in self.speakers.values() if not s.group and s.surname == surname]
            if known:
                speaker = known[-1]
                ref = f"{title} {surname}" if title else surname
                if ref != speaker.name and ref not in speaker.references:
                    speaker.references.append(ref)
            elif title:
                speaker = self._person(f"{title} {surname}", paragraph, f"{title} {surname}", "")
            else:
                return None
        else:
            start = m.start() + words[first][0]
            end = m.start() + words[-1][0] + len(tokens[-1])
            span = plain[start:end]
            speaker = self._person(
                " ".join(tokens[first:]), paragraph, span, role_before(plain, start)
            )
        said = SAID_AT.search(plain)
        speaker.named_in, speaker.named_time = paragraph, said.group(0) if said else None
        self.last_person = speaker
        return speaker


def role_before(plain: str, start: int) -> str:
    """Return the words before a name that describe them, e.g. 'Shadow public health minister '."""
    head = plain[:start]
    clause = re.split(r"[,.;:!?(—–]|\s-\s|\b(?:But|And|So|as|while|with)\b", head)[-1]
    clause = clause.lstrip()
    if not clause.strip() or len(clause.split()) > 6 or '"' in clause:
        return ""
    return clause


def split_role(role_text: str) -> tuple[str | None, str | None]:
    """Split 'Labour Shadow Transport Secretary' into ('Shadow Transport Secretary', 'Labour')."""
    role = role_text.strip()
    if not role:
        return None, None
    for party in PARTIES:
        if role.startswith(party + " ") and len(role) > len(party) + 1:
            rest = role[len(party) + 1 :]
            return rest[0].upper() + rest[1:], party
    return role[0].upper() + role[1:], None


def _attribute_after(after: str, mentions: list[tuple[int, Speaker]], end: int) -> Speaker | None:
    """Return the speaker named right after a quote ('…,' said Jane Smith / she said)."""
    if not SPEECH_AFTER.search(after) and not re.match(
        r"^\W*\w+(?: \w+){0,3} (?:said|says|added)\b", after
    ):
        return None
    following = [sp for pos, sp in mentions if end <= pos <= end + 60]
    return following[0] if following else None


def extract_quotations(paragraphs: list[str] | tuple[str, ...]) -> Extraction:
    """Find every quotation of every paragraph and attribute it from the text around it."""
    reader = _Reader()
    quotes: list[Quotation] = []
    skipped: list[tuple[int, str]] = []
    for number, text in enumerate(paragraphs, start=1):
        spans = quoted_spans(text)
        mentions = reader.mentions(text, number, spans)
        prev_end = 0
        for span in spans:
            inner = text[span.inner_start : span.inner_end].strip()
            if span.scare:
                skipped.append((number, inner))
                continue
            before = text[prev_end : span.start]
            named = [sp for pos, sp in mentions if prev_end <= pos < span.start]
            speaker = named[-1] if named else None
            if speaker is None:
                after = text[span.end :]
                speaker = _attribute_after(after, mentions, span.end)
            last = quotes[-1] if quotes else None
            if speaker is None and last is not None and last.paragraph >= number - 1:
                speaker = last.speaker
            if speaker is None:
                speaker = reader.last_person
            quote = Quotation(number, inner, speaker)
            _describe(quote, before, text[: span.start], last)
            quotes.append(quote)
            prev_end = span.end
    return Extraction(quotes, reader.speakers, skipped)


def _describe(quote: Quotation, before: str, head: str, last: Quotation | None) -> None:
    """Fill a quote's outlet, time and context from the text before it, or from the speaker's last quote."""
    outlet = OUTLET.search(before)
    said_at = SAID_AT.search(before)
    continues = (
        last is not None and last.speaker is quote.speaker and last.paragraph >= quote.paragraph - 1
    )
    quote.outlet = outlet["outlet"] if outlet else (last.outlet if continues and last else None)
    quote.said_at = said_at.group(0) if said_at else (last.said_at if continues and last else None)
    speaker = quote.speaker
    if (
        quote.said_at is None
        and not continues
        and speaker
        and speaker.named_in == quote.paragraph - 1
    ):
        quote.said_at = speaker.named_time
    head = head.strip()
    if CONTEXT.match(head) and "," in head:
        context = head.rsplit(",", 1)[0].strip()
        quote.context = context if len(context) <= 300 else None
