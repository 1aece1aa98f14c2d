"""The answer engine: read the message, route it, gather candidates, decide, compose.

The pipeline, one module a stage: `message` reads the question(s) out of the chatter;
`routing` picks the contest; `reading` reads each question (`analysis` recognises what it
names, `asking` what it asks for) and has the sources (`facts`, `quotes`, `people`, `result`,
`sentences`) propose candidates with their evidence; `decide` chooses between answering, asking and abstaining;
`compose` writes it. `parts` assembles the engine from per-contest parts, so that a change to
a few contests rebuilds only theirs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from rapidfuzz import fuzz, process

from ..knowledge.model import Contest, KnowledgeBase
from ..text import clean_question, words
from .analysis import Analysis
from .answer import HELP_TEXT, THANKS_TEXT, UNKNOWN_TEXT, Answer
from .candidate import Candidate
from .compose import render, settled
from .decide import Decision
from .facts import DEFAULT_PARAMS, Params, score_entries
from .index import ContestIndex
from .lexicon import Lexicon
from .message import read_message, with_and
from .parts import ContestIndexes, ContestParts, ContestTable
from .reading import Outcome, Reader, answer_part
from .routing import MAX_CANDIDATES, PeopleDirectory, Route, choose

log = logging.getLogger(__name__)


class Engine:
    """Answer questions from a loaded knowledge base.

    The routing table, the lexicon and the people directory are built at once; each contest's
    index on first use. `update` makes the engine for a knowledge base that differs in a few
    contests, sharing the unchanged contests' indexes and updating the shared tables in place.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        params: Params = DEFAULT_PARAMS,
        tz: dt.tzinfo | None = None,
        *,
        parts: Mapping[str, ContestParts] | None = None,
    ) -> None:
        """Build the engine; `parts` are contests' parts worked out already (e.g. in workers)."""
        self.kb = kb
        self.tz = tz
        self.params = params
        self.lexicon = Lexicon(kb.synonyms)
        self.contest_table = ContestTable()
        self.reader = Reader(params, self.contest_table)
        known = parts or {}
        self.parts = {cid: known.get(cid) or ContestParts.of(c) for cid, c in kb.contests.items()}
        for cid, part in self.parts.items():
            self.contest_table.put(cid, self.lexicon.route_forms(part.routes))
        self.lexicon.learn_names(frozenset().union(*(p.names for p in self.parts.values())))
        self.lexicon.learn(frozenset().union(*(p.words for p in self.parts.values())))
        self.parts = {cid: part.learnt() for cid, part in self.parts.items()}
        self.contest_table.route_name_words(kb.contests.values(), self.lexicon)
        self.people = PeopleDirectory(kb.contests.values())
        self.indexes = ContestIndexes(kb.contests, self.lexicon, self.contest_table)
        self._phrasings: list[str] | None = None

    def update(self, kb: KnowledgeBase, changed: Collection[str]) -> Engine:
        """Return the engine for `kb`, which differs from this one's only in the contests `changed`.

        Those contests were replaced, added or removed; the others keep their indexes. The
        routing table and the lexicon are shared and updated in place (a word once learnt stays
        known until the next full build), so this engine must not answer afterwards: call this
        on the thread that answers, then serve the new engine. Cost: a contest's vocabulary, and
        the people directory again only when someone's names changed. A change of synonyms needs
        a new Engine.
        """
        if kb.synonyms != self.kb.synonyms:
            raise ValueError("the synonyms changed: build a new Engine")
        new = object.__new__(Engine)
        new.kb, new.tz, new.params = kb, self.tz, self.params
        new.lexicon, new.contest_table, new.reader = self.lexicon, self.contest_table, self.reader
        parts, built = dict(self.parts), self.indexes.built()
        people_changed = False
        for cid in changed:
            built.pop(cid, None)
            old = parts.pop(cid, None)
            contest = kb.contests.get(cid)
            if contest is None:
                if old is not None:
                    self.contest_table.forget(cid)
                    people_changed |= bool(old.people)
                continue
            part = ContestParts.of(contest)
            if old is None or part.routes != old.routes:
                self.contest_table.put(cid, self.lexicon.route_forms(part.routes))
            if old is None or not part.names <= old.names:
                self.lexicon.learn_names(part.names)
            if old is None or part.vocabulary != old.vocabulary:
                self.lexicon.learn(part.words)
            parts[cid] = part.learnt()
            people_changed |= old is None or part.people != old.people
        new.parts = {cid: parts[cid] for cid in kb.contests}
        self.contest_table.route_name_words(kb.contests.values(), self.lexicon)
        new.people = PeopleDirectory(kb.contests.values()) if people_changed else self.people
        new.indexes = ContestIndexes(kb.contests, self.lexicon, self.contest_table, built)
        new._phrasings = None
        return new

    def replace_contest(self, contest: Contest) -> Engine:
        """Return an engine with `contest` in place of the one with its id (or added); see update."""
        contests = dict(self.kb.contests)
        contests[contest.id] = contest
        kb = KnowledgeBase(root=self.kb.root, contests=contests, synonyms=self.kb.synonyms)
        return self.update(kb, [contest.id])

    def answer(
        self, question: str, contest_id: str | None = None, *, recent: Sequence[str] = ()
    ) -> Answer:
        """Answer one typed message, or say plainly that the sources do not hold the answer.

        A question that names no contest goes to `contest_id` (the one named earlier in the
        channel), else the default; `recent` lists contests to offer when it must ask which.
        """
        cleaned = clean_question(with_and(question))
        tokens = words(cleaned)
        given = contest_id if contest_id in self.kb.contests else None
        fallback = self.kb.fallback_contest
        default = self.kb.contests[given] if given else fallback or self.kb.default_contest
        if not tokens:
            return self._help(question, default)
        first = self.indexes[default.id].analyze(question, cleaned=cleaned, correct=True)
        if first.quoted is None and (talk := self.lexicon.small_talk_of(tokens)):
            return self._help(question, default, thanks=talk == "thanks")
        implied: set[str] = set()
        if len(self.indexes) > 1:  # with one contest, a person can only point at that one
            # A name inside a synonym ("Farage's lot" is a party) names no person.
            read, _ = self.lexicon.synonyms.replace([self.lexicon.correct(t) for t in tokens])
            implied = self.people.contests_of(read)
        route = choose(first.contests, implied, given, fallback.id if fallback else None)
        if route.contest_id is None:
            return self._which_contest(question, first, route, recent)
        index = self.indexes[route.contest_id]
        return replace(self._answer_message(question, cleaned, index), route=route.how)

    def _answer_message(self, question: str, cleaned: str, index: ContestIndex) -> Answer:
        """Answer every question a message asks, in one reply."""
        message = read_message(question, cleaned, self.lexicon)
        context = index.analyze(" ".join(message.whole), raw=list(message.whole), correct=True)
        outcomes: list[Outcome] = []
        for part in message.parts:
            text = cleaned if message.quoted else None
            outcomes += answer_part(self.reader, index, part, context, text)
        answered = [o for o in outcomes if o.answered]
        if not answered and message.joined and message.joined != message.parts:
            for part in message.joined:
                outcomes += answer_part(self.reader, index, part, context, None)
            answered = [o for o in outcomes if o.answered]
        unique = list({o.key: o for o in reversed(answered)}.values())[::-1]
        if unique:
            return self._compose(question, index.contest, unique)
        best = max(outcomes, key=lambda o: o.decision.confidence) if outcomes else None
        return self._abstain(question, index, best)

    def _compose(self, question: str, contest: Contest, outcomes: list[Outcome]) -> Answer:
        """Write the answer to one or more questions of a message."""
        texts: list[str] = []
        citations: list = []
        kinds: list[str] = []
        for outcome in outcomes:
            assert outcome.decision.chosen is not None
            text, cites, kind = render(outcome.decision.chosen, outcome.query, contest)
            if text in texts:
                continue  # two questions of a message answered by the same words: said once
            texts.append(text)
            citations += [c for c in cites if c not in citations]
            kinds.append(kind)
        ours = [o.query for o in outcomes if not o.decision.chosen.detail.get("elsewhere")]
        if after := settled(contest, ours, kinds):  # not after "who won copeland?"
            texts.append(after[0])
            citations += [c for c in after[1] if c not in citations]
        first = outcomes[0].decision.chosen
        assert first is not None
        return Answer(
            question=question,
            answered=True,
            text="\n\n".join(texts),
            confidence=round(min(o.decision.confidence for o in outcomes), 3),
            entry_id=first.entry_id,
            citations=tuple(citations),
            kind=kinds[0],  # type: ignore[arg-type]
            contest_id=contest.id,
            status_line=self.footer(contest),
        )

    def _abstain(self, question: str, index: ContestIndex, outcome: Outcome | None) -> Answer:
        """Say plainly that the sources do not hold the answer, or ask what was meant."""
        contest = index.contest
        decision = outcome.decision if outcome else Decision("abstain")
        offers = [c for c in decision.offers if c.suggestion]
        if decision.action == "ask" and decision.chosen is not None:
            text = f"I'm not sure I have that. Did you mean: “{decision.chosen.suggestion}”?"
            kind = "ask"
        else:
            text, kind = decision.reason or UNKNOWN_TEXT, "abstain"
        suggestions = [c.suggestion for c in offers if c.suggestion][:3]
        ids = [c.suggestion_id or "" for c in offers][:3]
        if not suggestions:
            suggestions = list(self.popular(contest))
            ids = [f.id for f in contest.facts[:3]]
        return Answer(
            question=question,
            answered=False,
            text=text,
            confidence=round(min(max(decision.confidence, 0.0), 1.0), 3),
            suggestions=tuple(suggestions),
            suggestion_ids=tuple(ids),
            kind=kind,  # type: ignore[arg-type]
            contest_id=contest.id,
            status_line=self.footer(contest),
        )

    def _which_contest(
        self, question: str, query: Analysis, route: Route, recent: Sequence[str]
    ) -> Answer:
        """Ask which contest a question is about, offering the likeliest ones.

        Those it names or whose people it names come first, then the contests named recently;
        a small base is scored whole, but a general election's 650 contests are not guessed at.
        """
        picks = list(route.candidates)
        if not picks:
            picks = [c for c in dict.fromkeys(recent) if c in self.kb.contests][:MAX_CANDIDATES]
        if not picks and len(self.indexes) <= MAX_CANDIDATES * 5:
            best: list[tuple[float, str]] = []
            for cid, index in self.indexes.items():
                scored = score_entries(index, query, self.params)
                best.append((scored[0].score if scored else 0.0, cid))
            best.sort(key=lambda pair: (-pair[0], pair[1]))
            picks = [cid for _, cid in best[:3]]
        if picks:
            text = "Which contest do you mean? Name it in your question, or pick one."
        else:
            example = (self.kb.default_contest.aliases or [self.kb.default_contest.name])[0]
            text = (
                f"Which contest do you mean? Name it in your question, e.g. “turnout in {example}”."
            )
        return Answer(
            question=question,
            answered=False,
            text=text,
            confidence=0.0,
            suggestions=tuple(self.kb.contests[c].name for c in picks),
            suggestion_ids=tuple(picks),
            kind="which_contest",
            route=route.how,
        )

    def answer_fact(
        self, contest_id: str, fact_id: str, question: str | None = None
    ) -> Answer | None:
        """Answer with one known fact (a clicked suggestion); None if it no longer exists."""
        contest = self.kb.contests.get(contest_id)
        fact = next((f for f in contest.facts if f.id == fact_id), None) if contest else None
        if contest is None or fact is None:
            return None
        asked = question or fact.questions[0]
        chosen = Candidate("fact", 1.0, fact, f"fact:{fact.id}", entry_id=fact.id)
        query = self.indexes[contest.id].analyze(asked)
        outcome = Outcome(query, Decision("answer", chosen, confidence=1.0))
        return self._compose(asked, contest, [outcome])

    def footer(self, contest: Contest) -> str:
        """Return the status line shown under answers about a contest."""
        return contest.status.footer(self.tz)

    def complete(self, text: str, limit: int = 25) -> list[str]:
        """Return phrasings that complete what the asker is typing (for autocomplete)."""
        if not text.strip():
            return list(self.popular(self.kb.default_contest, limit))
        if self._phrasings is None:
            contests = self.kb.contests.values()
            self._phrasings = list(
                dict.fromkeys(q for c in contests for f in c.facts for q in f.questions)
            )
        hits = process.extract(text, self._phrasings, scorer=fuzz.WRatio, limit=limit)
        return [h[0] for h in hits]

    def _help(self, question: str, contest: Contest, *, thanks: bool = False) -> Answer:
        """Answer a greeting, thanks or a request for help."""
        return Answer(
            question=question,
            answered=False,
            text=THANKS_TEXT if thanks else HELP_TEXT,
            confidence=0.0,
            suggestions=() if thanks else self.popular(contest),
            suggestion_ids=() if thanks else tuple(f.id for f in contest.facts[:3]),
            kind="help",
            contest_id=contest.id,
            status_line=self.footer(contest),
        )

    def popular(self, contest: Contest, limit: int = 3) -> tuple[str, ...]:
        """Return the first phrasings of the contest's first facts."""
        return tuple(f.questions[0] for f in contest.facts[:limit])
