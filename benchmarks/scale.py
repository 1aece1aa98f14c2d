"""Scale: a generated general election (650 contests, no default) served by the real bot.

    .venv/bin/python benchmarks/scale.py [--contests 650 --questions 2000 --rate 100]

Generates the knowledge, times loading it and building the engine, then runs the real
ElectionBot against the local Discord double with questions that name their contest ("turnout
in Ashdale?"), follow-ups that name none (answered from the channel's remembered contest),
questions naming a candidate, and questions naming nothing in a fresh channel ("which
contest?"). Questions arrive at `--rate` a second (0: as fast as the double takes them, when
latency is mostly queueing). It prints latency from injection to reply per kind, routing
errors, the largest event-loop stall and peak memory. Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figures import ms, peak_rss_mb  # noqa: E402  (benchmarks/figures.py, next to this file)
from figures import row as _row  # noqa: E402

from bot.core.answering.engine import Engine  # noqa: E402
from bot.core.knowledge.loader import load_knowledge  # noqa: E402
from bot.core.knowledge.model import KnowledgeBase  # noqa: E402
from bot.core.knowledge.synthetic import write_synthetic_kb  # noqa: E402
from tests.fakediscord import FakeDiscord, patch_discord  # noqa: E402
from tests.load.harness import POLL_EVERY, LoadConfig, add_world, inject, started_bot  # noqa: E402
from tests.load.tracking import (  # noqa: E402
    GcPauses,
    ReplyTracker,
    Sent,
    Watchdog,
    median,
    percentile,
)

KINDS = ("named", "follow-up", "person", "unnamed")


def row(label: str, value: str) -> None:
    """Print one figure under a wider label than the other benchmarks use."""
    _row(label, value, width=26)


class FooterTracker(ReplyTracker):
    """A reply tracker that also keeps the footer and description of each reply's embed.

    Only those two strings are kept: whole bodies would be objects that every full garbage
    collection walks, on the event loop the bot shares with this benchmark.
    """

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__(fake)
        self.texts: dict[str, tuple[str, str]] = {}

    def _add(self, key: str, body: dict[str, Any], at: float) -> None:
        """Record one reply, and the texts of the first."""
        super()._add(key, body, at)
        embed = (body.get("embeds") or [{}])[0]
        footer = (embed.get("footer") or {}).get("text", "")
        self.texts.setdefault(key, (footer, str(embed.get("description", ""))))


def plan(
    kb: KnowledgeBase, config: LoadConfig, users: list[int], channels: list[int], seed: int
) -> list[tuple[str, str, int, int, str, str | None]]:
    """Return (kind, how, user, channel, question, expected contest name) for each question."""
    rng = random.Random(seed)
    contests = list(kb.contests.values())
    named_in: dict[int, str] = {}  # the contest each channel last named, as the plan goes
    fresh = channels[-1]  # nobody names a contest here: every question asks "which contest?"
    homes = Counter(p.name for c in contests for p in c.people.values())
    out = []
    for _ in range(config.questions):
        user, channel = rng.choice(users), rng.choice(channels[:-1])
        how = rng.choice(("mention", "ask"))
        contest = rng.choice(contests)
        fact = rng.choice(contest.facts)
        phrasing = rng.choice(fact.questions).rstrip("?")
        kind = rng.choices(KINDS, (5, 3, 1, 1))[0]
        if kind == "named":
            question, expected = f"{phrasing} in {rng.choice(contest.aliases)}?", contest.name
            named_in[channel] = contest.name
        elif kind == "follow-up" and channel in named_in:
            question, expected = f"{phrasing}?", named_in[channel]
        elif kind == "person":
            person = rng.choice(list(contest.people.values()))
            question, expected = f"who is {person.name}?", None
            if homes[person.name] == 1:  # one contest has this name: it routes and is remembered
                expected = named_in[channel] = contest.name
        else:
            kind, channel, question, expected = "unnamed", fresh, f"{phrasing}?", None
        out.append((kind, how, user, channel, question, expected))
    return out


async def serve(kb_dir: Path, kb: KnowledgeBase, args: argparse.Namespace) -> None:
    """Run the questions through the bot and print the figures."""
    config = LoadConfig(args.questions, args.users, args.channels, cooldown=0, mid_events=False)
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        async with FakeDiscord() as fake:
            with patch_discord(fake):
                users, channels = add_world(fake, config)
                t0 = time.perf_counter()
                async with started_bot(fake, Path(tmp), config, knowledge=kb_dir) as bot:
                    row("bot start (engine built)", f"{time.perf_counter() - t0:.2f} s to ready")
                    todo = plan(bot.engine.kb, config, users, channels, args.seed)
                    tracker, watchdog = FooterTracker(fake), Watchdog()
                    sent: list[tuple[Sent, str, str | None]] = []
                    watchdog.start()
                    gcs = GcPauses().__enter__()
                    start = time.monotonic()
                    for i, (kind, how, user, channel, question, expected) in enumerate(todo):
                        if args.rate and (ahead := start + i / args.rate - time.monotonic()) > 0:
                            await asyncio.sleep(ahead)
                        sent.append(
                            (await inject(fake, how, user, channel, question), kind, expected)
                        )
                        await asyncio.sleep(0)
                        if i % POLL_EVERY == 0:
                            tracker.poll()  # a little at a time, not all at the end
                    await fake.wait_until(
                        lambda: tracker.answered([s for s, _, _ in sent]),
                        args.timeout,
                        what="a reply to every question",
                    )
                    wall = time.monotonic() - start
                    await watchdog.stop()
                    gcs.__exit__()
    report(tracker, sent, watchdog, wall, gcs)


def report(
    tracker: FooterTracker,
    sent: list[tuple[Sent, str, str | None]],
    watchdog: Watchdog,
    wall: float,
    gcs: GcPauses,
) -> None:
    """Print latency per kind, routing correctness, stalls and memory."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    wrong: Counter[str] = Counter()
    which = 0
    for s, kind, expected in sent:
        replies = tracker.replies.get(s.key, [])
        if not replies:
            continue
        by_kind[kind].append(replies[0].at - s.at)
        footer, text = tracker.texts[s.key]
        if expected is not None and expected not in footer:
            wrong[kind] += 1
        which += kind == "unnamed" and text.startswith("Which contest")
    lost = sum(1 for s, _, _ in sent if not tracker.replies.get(s.key))
    doubled = sum(1 for s, _, _ in sent if len(tracker.replies.get(s.key, [])) > 1)
    every = sorted(x for v in by_kind.values() for x in v)
    rate = f"{len(sent) / wall:.0f} questions/s" if wall else ""
    print(f"\n== Through the bot: {len(sent)} questions in {wall:.2f} s ({rate}) ==")
    row("lost / doubled", f"{lost} / {doubled}")
    row("all: median / p99", f"{ms(median(every))} / {ms(percentile(every, 99))}")
    row("", "(injection -> reply; includes queueing behind earlier questions)")
    for kind in KINDS:
        lat = sorted(by_kind[kind])
        if lat:
            row(
                f"  {kind} ({len(lat)})",
                f"median {ms(median(lat))}, p99 {ms(percentile(lat, 99))}, "
                f"wrong contest {wrong[kind]}",
            )
    row("'which contest?' replies", f"{which} of {len(by_kind['unnamed'])} unnamed questions")
    at, late = max(watchdog.samples, key=lambda s: s[1], default=(0.0, 0.0))
    row("max event-loop stall", f"{ms(late)}{gcs.during(at, late)}")
    pause, gen = gcs.largest()
    row("largest GC pause", f"{ms(pause)} (generation {gen})")
    row("peak RSS", f"{peak_rss_mb():.0f} MB")


def engine_latency(engine: Engine, seed: int) -> None:
    """Print the engine's own p50/p99 per kind of question, off the bot."""
    rng = random.Random(seed)
    contests = list(engine.kb.contests.values())
    print("\n== Engine alone (Engine.answer, one core) ==")
    for kind in KINDS:
        samples = []
        for _ in range(2000):
            contest = rng.choice(contests)
            phrasing = rng.choice(rng.choice(contest.facts).questions).rstrip("?")
            given = None
            if kind == "named":
                question = f"{phrasing} in {contest.aliases[0]}?"
            elif kind == "person":
                question = f"who is {rng.choice(list(contest.people.values())).name}?"
            else:
                question, given = f"{phrasing}?", contest.id if kind == "follow-up" else None
            t0 = time.perf_counter()
            engine.answer(question, given)
            samples.append(time.perf_counter() - t0)
        samples.sort()
        row(f"  {kind}", f"p50 {ms(median(samples))}, p99 {ms(percentile(samples, 99))}")


def main(args: argparse.Namespace) -> None:
    """Generate, load and serve the base, printing figures as they come."""
    with tempfile.TemporaryDirectory(prefix="scale-kb-") as tmp:
        kb_dir = Path(tmp)
        t0 = time.perf_counter()
        write_synthetic_kb(kb_dir, args.contests, seed=args.seed, default=False)
        t1 = time.perf_counter()
        kb = load_knowledge(kb_dir)
        t2 = time.perf_counter()
        engine = Engine(kb)
        t3 = time.perf_counter()
        counts = kb.counts()
        entries = sum(v for k, v in counts.items() if k != "contests")
        print(f"== {counts['contests']} contests, {entries} entries, no default contest ==")
        row("generate", f"{t1 - t0:.2f} s")
        row("load_knowledge", f"{t2 - t1:.2f} s")
        row("Engine build", f"{t3 - t2:.2f} s")
        engine_latency(engine, args.seed)
        del engine
        asyncio.run(serve(kb_dir, kb, args))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--contests", type=int, default=650)
    p.add_argument("--questions", type=int, default=2000)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--channels", type=int, default=6, help="the last one never names a contest")
    p.add_argument(
        "--rate", type=float, default=100.0, help="questions per second (0: as fast as possible)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for replies")
    return p.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    main(parse_args())
