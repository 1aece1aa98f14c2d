"""Election-night load: the real ElectionBot against the local Discord double, in one process.

    .venv/bin/python benchmarks/load.py [--questions 2000 --users 200 --channels 5]

Sends the questions as fast as the double takes them (mentions, QA-channel messages and /ask)
with a per-user cooldown, changes the count's status and reloads the knowledge half-way, then
reloads a generated 10,000-entry knowledge base while a watchdog measures event-loop stalls,
and finally times the bot's own work per question in a tight loop (its ceiling on one core).
It prints figures only; nothing here passes or fails on speed (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import json
import logging
import os
import sys
import tempfile
import time
import tracemalloc
import types
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
from figures import ms, peak_rss_mb, row  # noqa: E402  (benchmarks/figures.py, next to this file)
from reload import big_reload  # noqa: E402  (benchmarks/reload.py, next to this file)

from bot.core.answering.engine import Engine  # noqa: E402
from bot.core.knowledge.synthetic import write_synthetic_kb  # noqa: E402
from bot.discord_app.client import ElectionBot  # noqa: E402
from bot.discord_app.views import send_kwargs  # noqa: E402
from tests.fakediscord import FakeDiscord, patch_discord  # noqa: E402
from tests.load.harness import LoadConfig, add_world, run_load, started_bot  # noqa: E402
from tests.load.tracking import GcPauses, LoadReport, median, percentile, verdict  # noqa: E402

MB = 1024 * 1024


def walked_by_full_collections(fake: FakeDiscord) -> tuple[int, int]:
    """Return how many objects a full collection walks now, and how many the double keeps."""
    gc.collect()
    walked = {id(o) for o in gc.get_objects()}  # frozen objects are not listed: never walked
    skip = {id(fake), id(asyncio.get_running_loop())}  # do not wander into the bot's objects
    seen: set[int] = set()
    stack: list[object] = [fake.world, fake.recorder, fake.interactions, fake.callbacks]
    while stack:
        for ref in gc.get_referents(stack.pop()):
            if id(ref) in seen or id(ref) in skip or isinstance(ref, type | types.ModuleType):
                continue
            seen.add(id(ref))
            stack.append(ref)
    return len(walked), len(seen & walked)


def print_load(
    report: LoadReport, config: LoadConfig, rss: float, gcs: GcPauses, walked: tuple[int, int]
) -> None:
    """Print the figures of the load run."""
    sent, lat = len(report.sent), report.latencies()
    kinds = Counter(report.replies[s.key][0].kind for s in report.sent if report.replies.get(s.key))
    replied = sum(1 for s in report.sent if report.replies.get(s.key))
    print(f"\n== Load: {sent} questions, {config.users} users, {config.channels} channels ==")
    row("mix", f"{dict(Counter(s.kind for s in report.sent))}, cooldown {config.cooldown} s")
    row(
        "replies",
        f"{replied} of {sent} questions ({kinds['answer']} answers, "
        f"{kinds['notice']} cooldown notices, {kinds['apology']} apologies)",
    )
    row(
        "lost / doubled",
        f"{len(report.lost)} / {len(report.doubled)}   "
        f"(replies matching no question: {report.unmatched})",
    )
    row("wall time", f"{report.wall:.2f} s ({sent / report.wall:.0f} questions/s end to end)")
    row("latency median/p99", f"{ms(median(lat))} / {ms(percentile(lat, 99))} (max {ms(lat[-1])})")
    row("", "injection -> reply POST or interaction callback; the injector outruns the bot,")
    row("", "so this includes the time a question waits in the queue behind earlier ones")
    over = sum(1 for _, late in report.stalls if late > 0.05)
    row(
        "max event-loop stall",
        f"{ms(report.max_stall())} (5 ms watchdog; {over} of "
        f"{len(report.stalls)} wake-ups over 50 ms)",
    )
    for name, start, end in sorted(report.events, key=lambda e: e[1]):
        row(f"  {name}", f"during it {ms(report.max_stall(start, end))} (took {ms(end - start)})")
    t0 = report.sent[0].at
    for at, late in sorted(sorted(report.stalls, key=lambda s: -s[1])[:4]):
        row("  stall", f"{ms(late)} at {at - t0:.2f} s{gcs.during(at, late)}")
    pause, gen = gcs.largest(t0)
    row("largest GC pause", f"{ms(pause)} (generation {gen}; the double's objects count too)")
    other = max((late for at, late in report.stalls if not gcs.full(at, late)), default=0.0)
    row("  apart from gen 2", f"max stall {ms(other)} (stalls no full collection overlapped)")
    row(
        "  what gen 2 walks",
        f"{walked[0]:,} objects after the load, {walked[1]:,} of them the double's records "
        f"(its messages, requests, frames); {gc.get_freeze_count():,} frozen at start-up",
    )
    row("CPU (bot + double)", f"{report.cpu:.2f} s = {ms(report.cpu / sent)} per question")
    row("peak RSS", f"{rss:.0f} MB (ru_maxrss after the load)")
    print(verdict("load run: max stall", report.max_stall()))


def frames(fake: FakeDiscord, report: LoadReport) -> list[tuple[str, str]]:
    """Return each question's gateway frame as the bot received it, with its kind."""
    out = []
    for sent in report.sent:
        kind, _, ident = sent.key.partition(":")
        if kind == "m":
            event, data = "MESSAGE_CREATE", fake.get_message(int(ident))
        else:
            event, data = "INTERACTION_CREATE", fake.interactions[int(ident)].payload
        out.append((event, json.dumps({"op": 0, "t": event, "s": 1, "d": data})))
    return out


def question_of(event: str, data: dict) -> str:
    """Return the question carried by a frame."""
    if event == "MESSAGE_CREATE":
        return data["content"].split(">", 1)[-1].strip()
    return data["data"]["options"][0]["value"]


async def ceiling(bot: ElectionBot, fake: FakeDiscord, report: LoadReport) -> None:
    """Time the bot's own work per question with the double's cost taken out."""
    state, work = bot._connection, frames(fake, report)
    phases = Counter[str]()
    for event, frame in work:
        t0 = time.process_time()
        data = json.loads(frame)["d"]
        if event == "MESSAGE_CREATE":
            discord.Message(
                state=state, channel=bot.get_channel(int(data["channel_id"])), data=data
            )
            title = None
        else:
            discord.Interaction(data=data, state=state)
            title = question_of(event, data)
        t1 = time.process_time()
        answer = bot.engine.answer(question_of(event, data)[:500])
        t2 = time.process_time()
        kwargs = send_kwargs(bot, answer, 1, title)
        view = kwargs.get("view")
        body = {
            "embeds": [kwargs["embed"].to_dict()],
            "allowed_mentions": kwargs["allowed_mentions"].to_dict(),
        }
        if view is not None:
            body["components"] = view.to_components()
        json.dumps(body)
        t3 = time.process_time()
        phases.update(parse=t1 - t0, answer=t2 - t1, build=t3 - t2)
    sample = [bot.engine.answer(question_of(*_decode(frame))[:500]) for _, frame in work[:500]]
    t0 = time.process_time()
    for answer in sample:
        await bot.record(answer, 1, 1)
    record = (time.process_time() - t0) / len(sample)
    per = {k: v / len(work) for k, v in phases.items()} | {"record": record}
    total = sum(per.values())
    print(f"\n== The bot's ceiling on one core ({len(work)} questions, the same mix) ==")
    print("Each question's own work, timed with time.process_time in a tight loop so the double")
    print("costs nothing: decode its gateway frame and build the discord.py Message/Interaction,")
    print("Engine.answer, embed + buttons + JSON body, and the SQLite record (CPU of all threads).")
    print(
        "Left out: aiohttp's websocket and HTTP plumbing, shared with the double in the load run."
    )
    for name, value in per.items():
        row(f"  {name}", f"{value * 1e6:6.0f} µs")
    row("ceiling", f"{1 / total:.0f} questions/s ({total * 1e6:.0f} µs per question)")
    row(
        "load run, for scale",
        f"{len(report.sent) / report.cpu:.0f} questions per CPU-second "
        "with the double in the same process",
    )
    fresh, slowest = Engine(bot.engine.kb), 0.0
    for question in dict.fromkeys(question_of(*_decode(f)) for _, f in work[:200]):
        t0 = time.perf_counter()
        fresh.answer(question[:500])
        slowest = max(slowest, time.perf_counter() - t0)
    row("cold engine", f"{ms(slowest)}: the slowest first answer on a newly built, unwarmed Engine")
    row("", "(reloads warm theirs in the worker thread: see 'first answers after' below)")


def _decode(frame: str) -> tuple[str, dict]:
    """Return a frame's event name and data."""
    payload = json.loads(frame)
    return payload["t"], payload["d"]


async def main(args: argparse.Namespace) -> None:
    """Run the load, the big reload and the ceiling, printing figures as they come."""
    config = LoadConfig(
        args.questions, args.users, args.channels, cooldown=args.cooldown, seed=args.seed
    )
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (figures under load are not comparable)"
    )
    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
        big = Path(tmp) / "kb-big"
        if args.contests:
            t0 = time.perf_counter()
            write_synthetic_kb(big, args.contests)
            print(f"generated {args.contests} contests in {time.perf_counter() - t0:.1f} s")
        async with FakeDiscord() as fake:
            with patch_discord(fake):
                add_world(fake, config)
                async with started_bot(fake, Path(tmp), config) as bot:
                    with GcPauses() as gcs:
                        report = await run_load(fake, bot, config, timeout=args.timeout)
                    print_load(report, config, peak_rss_mb(), gcs, walked_by_full_collections(fake))
                    if args.memory:
                        await memory_pass(fake, bot, config, args.timeout)
                    await ceiling(bot, fake, report)
                    if args.contests:
                        await big_reload(big)


async def memory_pass(
    fake: FakeDiscord, bot: ElectionBot, config: LoadConfig, timeout: float
) -> None:
    """Run the same load again under tracemalloc (which slows it several times) for its peak."""
    again = dataclasses.replace(config, seed=config.seed + 1)
    tracemalloc.start()
    try:
        report = await run_load(fake, bot, again, timeout=timeout)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"\n== Memory: the load again ({len(report.sent)} questions) under tracemalloc ==")
    row("lost / doubled", f"{len(report.lost)} / {len(report.doubled)}")
    row(
        "peak traced memory",
        f"{peak / MB:.1f} MB allocated during the pass and alive at once "
        f"({current / MB:.1f} MB still alive after it)",
    )
    row("", "bot and double together: the double keeps every message and request")
    row("peak RSS", f"{peak_rss_mb():.0f} MB (ru_maxrss so far)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--questions", type=int, default=2000)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--channels", type=int, default=5)
    p.add_argument(
        "--cooldown", type=float, default=0.25, help="seconds between one user's questions"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--contests", type=int, default=650, help="generated contests to reload (0: skip)"
    )
    p.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for every reply")
    p.add_argument(
        "--no-memory",
        dest="memory",
        action="store_false",
        help="skip the second pass under tracemalloc",
    )
    return p.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main(parse_args()))
