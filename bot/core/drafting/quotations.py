"""Find the quotations in an article (one line = one paragraph) and who said each, from the sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mentions import find_mentions
from .people import GROUP, Cast, PersonDraft, slug
from .spans import Span, masked_text, quoted_spans, sentence_bounds
from .subjects import (
    Ref,
    pronoun_subject,
    sentence_subject,
    subject_after,
    subject_before,
)

__all__ = ["Extraction", "Quotation", "extract_quotations", "quoted_spans", "slug"]

SAY = re.compile(
    r"\b(?:said|says|say|added|adds|told|tells|insisted|insists|warned|warns|claimed|claims|wrote|"
    r"writes|declared|declares|stated|argued|explained|continued|posted|tweeted|replied|responded|"
    r"urged|predicted|predicting|conceded|admitted|noted|suggested|joked|vowed|promised|pledged|"
    r"remarked|commented|acknowledged|hailed|described|mock|mocked|quipped|revealed|announced|"
    r"welcomed|thanked|praised|blamed|accused|called|asked|describing|calling|branding|dubbing)\b"
)
ACCORDING = re.compile(r"\baccording to\s*$")
WINNER_NP = re.compile(
    r"\b[Tt]he (?:(?:new|newest|newly[- ]elected|winning|victorious) (?:[A-Z][\w-]*(?: [A-Z][\w-]*)? )?"
    r"(?:MP|candidate)|winner|victor)\b"
)  # "the new Conservative MP said ..."
PRONOUN = re.compile(r"\b(?:he|she|He|She|they|They)\b")
OUTLET = re.compile(
    r"\b(?:told|telling|speaking to|in an interview with|writing in|wrote in)\s+(?:the\s+)?"
    r"(?P<outlet>(?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*)*)"
)
SAID_AT = re.compile(
    r"\b(?:(?:just|shortly|soon|well)\s+)?(?:before|after|at|around|about|by)\s+"
    r"\d{1,2}(?:[.:]\d{2})?\s?[ap]m\b",
    re.I,
)
CONTEXT = re.compile(r"^(?:Asked|Pressed|Questioned|Challenged|Responding|When asked)\b", re.I)
# What a description of one person ends in: "The former St George's doctor", "The new MP"
DESCRIBED = re.compile(
    r"\b(?:doctor|MP|candidate|councillor|winner|victor|teacher|nurse|lawyer|barrister|businessman|"
    r"businesswoman|mother|father|leader|minister|campaigner|activist)\s*,?\s*$"
)
# A turn to another subject between a reporting verb and a later quote in the same sentence
TURN = re.compile(r"[,;]\s+(?:but|while|whereas|though|although)\s+\w+")
SHORT_TERM = 4  # a quoted passage of at most this many words, with no speaker, is a term


@dataclass
class Quotation:
    """One quoted passage of one paragraph, with its speaker and what the text says around it."""

    paragraph: int
    text: str
    speaker: PersonDraft | None
    outlet: str | None = None
    said_at: str | None = None
    context: str | None = None
    sure: bool = True
    reason: str = ""  # why the attribution is unsure, for the review


@dataclass
class Extraction:
    """Every quotation found, the people named, and the quoted terms left out (scare quotes)."""

    quotes: list[Quotation]
    cast: Cast
    skipped: list[tuple[int, str]]
    sentences: list[Sentence] = field(default_factory=list)
    named_in_quotes: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, with the person it is about (its subject) if any."""

    paragraph: int
    text: str
    subject: PersonDraft | None
    quoted: bool  # it holds a quotation


class _Walker:
    """Reads the article in order, tracking who the sentences are about."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.salient: PersonDraft | None = None  # the last person who was a subject
        self.salient_at = 0
        self.quotes: list[Quotation] = []
        self.skipped: list[tuple[int, str]] = []

    def refs(self, text: str, masked: str, number: int, a: int, b: int) -> list[Ref]:
        """Return the people, groups and pronouns a sentence names outside quotes, in order."""
        if number in self.cast.table:
            return []  # a results line names a candidate, who says nothing there
        hidden = [(i, i + 1) for i, ch in enumerate(masked) if ch == "x" and text[i] != "x"]
        plain = "".join(
            " " if masked[i] == "x" and text[i] != "x" else text[i] for i in range(len(text))
        )
        sentence = text[a:b]
        out: list[Ref] = []
        groups = [g for g in GROUP.finditer(plain, a, b) if g.start() >= a]
        taken = [(g.start(), g.end()) for g in groups]
        for g in groups:
            out.append(Ref(g.start(), g.end(), self.cast.group(g, number)))
        for mention in find_mentions(text[:b], number, hidden, self.cast.parties):
            if mention.start < a or any(s <= mention.start < e for s, e in taken):
                continue
            person = self.cast.resolve(mention, text, sentence)
            if person is not None:
                time = SAID_AT.search(sentence)
                person.named_in, person.named_time = number, time.group(0) if time else None
                out.append(Ref(mention.span_start, mention.end, person))
        for p in PRONOUN.finditer(plain, a, b):
            out.append(Ref(p.start(), p.end(), None, p.group(0).lower()))
        for start, end, person in self.described(plain, a, b):
            if not any(r.start <= start < r.end for r in out):
                out.append(Ref(start, end, person))
        return sorted(out, key=lambda r: r.start)

    def described(self, plain: str, a: int, b: int) -> list[tuple[int, int, PersonDraft]]:
        """Find people named by what they are: 'the new MP' (the winner), 'the Labour leader'."""
        found = []
        people = [p for p in self.cast.people.values() if not p.group]
        winners = [p for p in people if p.won]
        if len(winners) == 1:
            for m in WINNER_NP.finditer(plain, a, b):
                found.append((m.start(), m.end(), winners[0]))
        for p in people:
            if not p.role or p.candidate:
                continue
            phrases = {p.role} | (
                {f"{p.party} {p.role}"} if p.party and p.party not in p.role else set()
            )
            for phrase in phrases:
                for m in re.finditer(rf"\b[Tt]he {re.escape(phrase)}\b", plain[:b], re.I):
                    if m.start() >= a:
                        found.append((m.start(), m.end(), p))
        return found

    def _other_of(self, gender: str, salient: PersonDraft, number: int) -> PersonDraft | None:
        """Return the one person of that gender named just before, when the last subject is not
        ("Mrs X was congratulated by Jason Y ... He told the Examiner:" is Jason Y)."""
        found = [
            p
            for p in self.cast.people.values()
            if not p.group
            and p is not salient
            and p.named_in in (number - 1, number)
            and (p.gender or self.cast.gendered.get(p.surname)) == gender
        ]
        return found[0] if len(found) == 1 else None

    def described_subject(self, clause: str, number: int) -> Ref | None:
        """Return the last subject when a short description stands for them: "Dr X decided ...
        The former St George's doctor said:" (only just after they were the subject)."""
        person = self.salient
        words = clause.split()
        if person is None or person.group or number - self.salient_at > 1:
            return None
        if not words or words[0] != "The" or len(words) > 6 or not DESCRIBED.search(clause):
            return None
        return Ref(0, 0, person)

    def pronoun(self, word: str, number: int) -> tuple[PersonDraft | None, bool]:
        """Resolve he/she/they to the last subject; say whether that is sure."""
        person = self.salient
        if person is None:
            return None, False
        if word == "they":
            return (person, number - self.salient_at <= 1) if person.group else (None, False)
        if person.group:
            return None, False
        gender = "m" if word == "he" else "f"
        if person.gender and person.gender != gender:
            other = self._other_of(gender, person, number)
            return other, other is not None
        person.gender = person.gender or gender
        lines = sum(self.salient_at < n < number for n in self.cast.table)  # a table between
        return person, number - self.salient_at - lines <= 2


def extract_quotations(paragraphs: list[str] | tuple[str, ...], cast: Cast) -> Extraction:
    """Find every quotation and attribute it from its sentence: the subject of the reporting verb.

    `cast` holds the people known already (the results' candidates) and the party names.
    """
    w = _Walker(cast)
    w.cast.learn_titles(paragraphs)
    sentences: list[Sentence] = []
    prev_last: Quotation | None = None  # the last quote of the previous paragraph
    prev_closed = True
    prev_ends_in_quote = False
    prev_sayer: tuple[PersonDraft, bool] | None = None
    for number, text in enumerate(paragraphs, start=1):
        spans = quoted_spans(text)
        masked = masked_text(text, spans)
        last_here: Quotation | None = None
        sayer_here: tuple[PersonDraft, bool] | None = None  # who this paragraph says spoke
        for a, b in sentence_bounds(masked):
            refs = w.refs(text, masked, number, a, b)
            said: list[tuple[int, int, Ref, bool]] = []  # verb start, end, subject, sure
            for verb in SAY.finditer(masked, a, b):
                clause_start = max([a, *[s.end for s in spans if a <= s.end <= verb.start()]])
                ref = subject_before(refs, masked, clause_start, verb.start())
                if ref is None and any(s.end == clause_start for s in spans):
                    ref = subject_after(refs, masked, verb.end())
                if ref is None:
                    ref = w.described_subject(masked[clause_start : verb.start()], number)
                if ref is None:
                    continue
                person, sure = ref.person, True
                if ref.pronoun:
                    person, sure = w.pronoun(ref.pronoun, number)
                said.append((verb.start(), verb.end(), Ref(ref.start, ref.end, person), sure))
            subject = sentence_subject(refs, masked, a)
            for span in [s for s in spans if a <= s.start < b]:
                inner = text[span.inner_start : span.inner_end].strip()
                if span.scare:
                    w.skipped.append((number, inner))
                    continue
                before = [s for s in said if s[1] <= span.start]
                after = [s for s in said if s[0] >= span.end]
                pick = before[-1] if before else (after[0] if after else None)
                quote = Quotation(number, inner, None)
                if pick is not None:
                    quote.speaker, quote.sure = (
                        pick[2].person,
                        pick[3] and pick[2].person is not None,
                    )
                    if not quote.sure:
                        quote.reason = "a pronoun whose person is not clear"
                    elif before and TURN.search(masked, pick[1], span.start):
                        # "X said ... 'damning verdict', but the PM dismissed it as a '...'"
                        quote.sure = False
                        quote.reason = "another clause comes between the verb and the quote"
                elif span.start == 0 and not said and prev_sayer is not None:
                    # 'He said he aimed to show them ...' then a paragraph of their words
                    quote.speaker, quote.sure = prev_sayer
                elif span.start == 0 and prev_last is not None and prev_last.speaker is not None:
                    if prev_last.paragraph == number - 1 and (
                        not prev_closed or prev_ends_in_quote
                    ):
                        quote.speaker, quote.sure = prev_last.speaker, prev_last.sure
                        quote.reason = prev_last.reason
                    else:
                        quote.speaker, quote.sure = prev_last.speaker, False
                        quote.reason = "continues an earlier quote, but not the paragraph before"
                elif len(inner.split()) <= SHORT_TERM and not said:
                    w.skipped.append((number, inner))
                    continue
                else:
                    quote.speaker, quote.sure = w.salient, False
                    quote.reason = "no reporting verb names who said it"
                _describe(quote, text, masked, span, a, last_here or prev_last)
                w.quotes.append(quote)
                last_here = quote
            named = [s for s in said if s[2].person is not None]
            if named:
                w.salient, w.salient_at = named[-1][2].person, number
                sayer_here = (named[-1][2].person, named[-1][3])
            elif subject is not None:
                w.salient, w.salient_at = subject, number
            opener = pronoun_subject(masked, a)
            if subject is None and opener and not named:
                subject = w.pronoun(opener, number)[0]
            quoted = any(a <= s.start < b for s in spans)
            sentences.append(Sentence(number, text[a:b].strip(), subject, quoted))
        # only reported speech hands on its speaker: "He said he would ..." (no quote of theirs)
        prev_sayer = sayer_here if sayer_here and sayer_here[1] and last_here is None else None
        if last_here is not None:
            prev_last = last_here
            last_span = spans[-1]
            prev_closed = last_span.closed
            tail = masked[last_span.end :].strip()
            prev_ends_in_quote = not tail or (bool(SAY.search(tail)) and len(tail) < 60)
        elif spans == []:
            prev_last, prev_closed, prev_ends_in_quote = None, True, False
    extraction = Extraction(w.quotes, w.cast, w.skipped, sentences)
    known = {p.name for p in w.cast.people.values()}
    for q in w.quotes:
        for mention in find_mentions(q.text, q.paragraph, [], w.cast.parties):
            if len(mention.tokens) > 1 and mention.name not in known:
                known.add(mention.name)
                extraction.named_in_quotes.append((q.paragraph, mention.name))
    return extraction


def _describe(
    quote: Quotation, text: str, masked: str, span: Span, a: int, last: Quotation | None
) -> None:
    """Fill a quote's outlet, time and context from its sentence, or from the speaker's last quote."""
    head = masked[a : span.start]
    outlet = OUTLET.search(masked[a : max(span.start, a)] or "") or OUTLET.search(
        masked[span.end : span.end + 80]
    )
    said_at = SAID_AT.search(head)
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
    head = text[a : span.start].strip()
    if CONTEXT.match(head) and "," in head:
        context = head.rsplit(",", 1)[0].strip()
        quote.context = context if len(context) <= 300 else None
