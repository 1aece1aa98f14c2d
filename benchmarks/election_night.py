"""General-election night through the real bot: start-up, then every contest declared while askers ask.

    .venv/bin/python benchmarks/election_night.py              # --contests 650 --minutes 10 --rate 20
    .venv/bin/python benchmarks/election_night.py --minutes 0  # start-up and CPU per write only

Black-box: `bot run` (the real command line, settings from the environment) runs in a child
process (benchmarks/botproc.py) against the Discord double served by this process, on a
generated folder of `--contests` contests with no default contest, each announcing its result.

1. Start-up: the parse floor (every knowledge file parsed with PyYAML's C loader in a fresh
   process, median of three), then from starting `bot run` to its first correct answer; then the
   same for a restart once the bot has kept its snapshot (no file changed: read from it).
2. Rehearsal: every contest declared once over `--minutes` (a general election's five hours of
   declarations on a faster clock), alternately by a status.yaml renamed into place (as an editor
   or another process would) and by /count declare and Confirm through Discord, while askers ask
   `--rate` questions a second. For each declaration, from the write (the rename, or the Confirm
   click) to the first answer to "who won in X?" whose status footer shows it; each announcement
   posted exactly once; the largest event-loop stall in the bot.
3. CPU per status write: `--writes` files renamed into place a quarter-second apart with no
   questions, less the bot's idle CPU over as long; and the bot's peak RSS.
Each figure is printed beside its target. Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figures import ms  # noqa: E402  (benchmarks/figures.py, next to this file)
from figures import row as _row  # noqa: E402
from night import (  # noqa: E402  (benchmarks/night.py, next to this file)
    Child,
    Contest,
    Replies,
    Reply,
    ask,
    declare_by_command,
    declare_by_file,
    parse_floor,
    read_yaml,
    write_base,
)

from bot.announce.keys import phase_key, ref_of  # noqa: E402
from tests.fakediscord import IDS, FakeDiscord  # noqa: E402

TARGETS = {"startup": 1.5, "latency": 1.0, "cpu": 0.050, "stall": 0.050, "rss": 200.0}


def row(label: str, value: str, target: str = "", met: bool | None = None) -> None:
    """Print one figure, its target and whether it is met."""
    verdict = "" if met is None else ("met" if met else "missed")
    _row(label, f"{value:<34}{target:<22}{verdict}", width=34)


async def startup(fake: FakeDiscord, child: Child, replies: Replies, contest: Contest) -> float:
    """Start the bot; return the seconds from starting it to its first correct answer."""
    channel, user = IDS.general_channel_id, IDS.alice_id
    connected = fake.identify_count  # connections before this start
    started = time.monotonic()
    await child.start()
    asked: list[int] = []
    while True:
        assert child.proc is not None
        if child.proc.returncode is not None:
            raise SystemExit(
                f"bot run exited with {child.proc.returncode}: see {child.work}/bot.log"
            )
        if fake.identify_count > connected:
            asked.append(
                await ask(fake, channel, user, f"What was the turnout in {contest.alias}?")
            )
        replies.poll()
        correct = [
            replies.first[m].at
            for m in asked
            if "Turnout was" in replies.first.get(m, Reply(0, "", "")).text
        ]
        if correct:
            return min(correct) - started
        if time.monotonic() - started > 300:
            raise SystemExit("no correct answer within 300 s")
        await asyncio.sleep(0.02)


async def restart(
    fake: FakeDiscord, child: Child, replies: Replies, contests: list[Contest]
) -> float:
    """Once the bot has kept its snapshot of every contest, restart it; return its start-up."""
    snapshot = child.work / "data" / "knowledge-snapshot"
    deadline = time.monotonic() + 120
    while len(list(snapshot.glob("*.json"))) <= len(contests):  # the contests and synonyms.json
        if time.monotonic() > deadline:
            raise SystemExit(f"the bot kept no snapshot of every contest in {snapshot}")
        await asyncio.sleep(0.2)
    await asyncio.sleep(0.5)  # the last file's rename
    await child.stop()
    return await startup(fake, child, replies, contests[1])


@dataclass
class Declared:
    """One declaration and when an answer first showed it."""

    contest: Contest
    how: str
    written: float
    shown: float | None = None
    names_winner: bool = False


async def probe(fake: FakeDiscord, replies: Replies, d: Declared, channel: int, user: int) -> None:
    """Ask "who won in X?" every 100 ms until an answer's status shows the declaration (30 s)."""
    asked: list[int] = []
    deadline = d.written + 30
    while time.monotonic() < deadline:
        asked.append(await ask(fake, channel, user, f"who won in {d.contest.alias}?"))
        for _ in range(4):
            await asyncio.sleep(0.025)
            replies.poll()
            shown = [replies.first[m] for m in asked if m in replies.first]
            shown = [r for r in shown if r.footer.startswith("Count: Declared")]
            if shown:
                first = min(shown, key=lambda r: r.at)
                d.shown, d.names_winner = first.at, "Amira Barker" in first.text
                return


async def rehearsal(
    fake: FakeDiscord,
    child: Child,
    replies: Replies,
    contests: list[Contest],
    args: argparse.Namespace,
) -> None:
    """Declare every contest over `--minutes` while askers ask `--rate` questions a second."""
    rng = random.Random(args.seed)
    order = contests[:]
    rng.shuffle(order)
    order = order[: args.declarations or None]
    users = [fake.add_member(f"asker{i:03d}").user_id for i in range(50)]
    channels = [fake.add_channel(f"night-{i}").id for i in range(6)]
    span = args.minutes * 60
    stop = asyncio.Event()
    asked: list[int] = []

    async def askers() -> None:
        start = time.monotonic()
        i = 0
        while not stop.is_set():
            due = start + i / args.rate
            if (wait := due - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            c = rng.choice(contests)
            q = rng.choice(
                ("What was the turnout in {}?", "When is the {} result?", "Who is standing in {}?")
            )
            asked.append(
                await ask(fake, rng.choice(channels), rng.choice(users), q.format(c.alias))
            )
            i += 1

    declared: list[Declared] = []
    probes: list[asyncio.Task[None]] = []
    asking = asyncio.create_task(askers())
    cpu0, t0 = child.cpu(), time.monotonic()

    async def declare(contest: Contest, how: str, channel: int, user: int) -> None:
        if how == "/count":
            d = Declared(contest, how, await declare_by_command(fake, contest))
        else:
            written = time.monotonic()
            declare_by_file(contest)
            d = Declared(contest, how, written)
        declared.append(d)
        await probe(fake, replies, d, channel, user)

    for i, contest in enumerate(order):
        if (wait := t0 + i * span / len(order) - time.monotonic()) > 0:
            await asyncio.sleep(wait)
        how = "/count" if i % 2 else "file"
        channel, user = rng.choice(channels), rng.choice(users)
        probes.append(asyncio.create_task(declare(contest, how, channel, user)))
    await asyncio.gather(*probes)
    stop.set()
    await asking
    t1, cpu1 = time.monotonic(), child.cpu()
    await asyncio.sleep(5)  # announcements still queued are posted
    replies.poll()
    report_rehearsal(fake, child, replies, declared, asked, (t0, t1), cpu1 - cpu0)


def report_rehearsal(
    fake: FakeDiscord,
    child: Child,
    replies: Replies,
    declared: list[Declared],
    asked: list[int],
    window: tuple[float, float],
    cpu: float,
) -> None:
    """Print the rehearsal's figures."""
    wall = window[1] - window[0]
    print(
        f"\n== Rehearsal: {len(declared)} declarations in {wall:.0f} s, questions at the same time =="
    )
    answered = sum(1 for m in asked if m in replies.first)
    doubled = sum(1 for m in asked if replies.count.get(m, 0) > 1)
    row(
        "questions (not counting probes)",
        f"{len(asked)} ({len(asked) / wall:.1f}/s), {answered} answered, {doubled} doubled",
    )
    for how in ("file", "/count", None):
        group = [d for d in declared if how is None or d.how == how]
        lat = sorted(d.shown - d.written for d in group if d.shown is not None)
        missing = len(group) - len(lat)
        label = f"  write -> answer ({how or 'all'}, {len(group)})"
        if lat:
            value = f"median {ms(statistics.median(lat))}, max {ms(lat[-1])}" + (
                f", {missing} never" if missing else ""
            )
            row(label, value, "max <= 1 s", lat[-1] <= TARGETS["latency"] and not missing)
        else:
            row(label, "no answer showed it", "max <= 1 s", False)
    slowest = sorted((d for d in declared if d.shown), key=lambda d: d.written - d.shown)[:3]
    row(
        "  slowest, at",
        ", ".join(
            f"{ms(d.shown - d.written)} ({d.how}, {d.written - window[0]:.0f} s in)"
            for d in slowest
        ),
    )
    named = sum(d.names_winner for d in declared if d.shown is not None)
    row(
        "  those answers naming the winner",
        f"{named} of {len(declared)}",
        "(the answer engine's part)",
    )
    counts: dict[str, int] = {}
    for message in fake.bot_messages_in(IDS.announcements_channel_id):
        for embed in message.get("embeds", []):
            found = re.search(r"ref ([0-9a-f]{12})", (embed.get("footer") or {}).get("text", ""))
            if found:
                counts[found[1]] = counts.get(found[1], 0) + 1
    refs = [ref_of(phase_key(d.contest.id, "declared", _version(d.contest))) for d in declared]
    once = sum(counts.get(r) == 1 for r in refs)
    extra = sum(counts.values()) - once
    row(
        "announcements posted once",
        f"{once} of {len(refs)}, {extra} other or doubled",
        "each exactly once",
        once == len(refs) and not extra,
    )
    row("bot CPU", f"{cpu:.1f} s ({100 * cpu / wall:.0f}% of one core)")
    stall = child.max_stall(*window)
    row("largest event-loop stall", ms(stall), "<= 50 ms", stall <= TARGETS["stall"])
    row("garbage collections", child.gc_line(*window))
    if os.environ.get("BENCH_STALLS"):
        for line in child.stats.read_text(encoding="utf-8").splitlines():
            sample = json.loads(line)
            if sample.get("late", 0) > 0.05:
                near = min(declared, key=lambda d: abs(d.written - sample["at"]))
                print(
                    f"  stall {ms(sample['late'])} at {sample['at'] - window[0]:.2f} s, "
                    f"{sample['at'] - near.written:+.2f} s from {near.how} {near.contest.id}"
                )


def _version(contest: Contest) -> int:
    """Return the status version on disk."""
    return int((read_yaml(contest.folder / "status.yaml") or {}).get("version", 0))


async def cpu_per_write(child: Child, contests: list[Contest], writes: int) -> tuple[float, float]:
    """Return CPU seconds per status write (renamed into place, no questions) and the stall."""
    gap = 0.25
    await asyncio.sleep(10)  # what the rehearsal left (announcements, collections) is done
    idle0, t_idle = child.cpu(), time.monotonic()
    await asyncio.sleep(gap * writes + 1.5)
    idle = (child.cpu() - idle0) / (time.monotonic() - t_idle)
    cpu0, t0 = child.cpu(), time.monotonic()
    for contest in contests[:writes]:
        previous = (read_yaml(contest.folder / "status.yaml") or {}).get("phase", "counting")
        declare_by_file(contest, "recount" if previous == "declared" else previous)
        await asyncio.sleep(gap)
    while True:  # until the bot is idle again: the last reload and announcement are done
        before, at = child.cpu(), time.monotonic()
        await asyncio.sleep(1.0)
        if child.cpu() - before <= 2 * idle * (time.monotonic() - at) + 0.02:
            break
    took = time.monotonic() - t0
    used = child.cpu() - cpu0 - idle * took
    return used / writes, child.max_stall(t0, time.monotonic())


async def main(args: argparse.Namespace) -> None:
    """Generate the base, then measure start-up, the rehearsal and CPU per write."""
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; bot from {args.source}"
    )
    with tempfile.TemporaryDirectory(prefix="election-night-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        kb = work / "knowledge"
        contests = write_base(kb, args.contests, args.seed)
        files = sum(1 for _ in kb.rglob("*.y*ml"))
        # byte-compiled as `make run` leaves it, whether or not PYTHONDONTWRITEBYTECODE is set
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "bot"], cwd=args.source, check=True
        )
        floor = parse_floor(kb)
        async with FakeDiscord() as fake:
            child = Child(fake, kb, work, Path(args.source))
            child.log_level = args.log_level
            child.without = args.without
            replies = Replies(fake)
            try:
                took = await startup(fake, child, replies, contests[0])
                print(f"\n== Start-up: {len(contests)} contests, {files} knowledge files ==")
                row("parse floor (PyYAML C loader)", f"{floor:.2f} s")
                row("RSS of the bot once started", f"{child.rss_mb():.0f} MB")
                ratio = took / floor
                row(
                    "bot run -> first correct answer",
                    f"{took:.2f} s ({ratio:.2f}x the floor)",
                    "<= 1.5x the floor",
                    ratio <= TARGETS["startup"],
                )
                took = await restart(fake, child, replies, contests)
                ratio = took / floor
                row(
                    "restart, no file changed",
                    f"{took:.2f} s ({ratio:.2f}x the floor)",
                    "<= 1.5x the floor",
                    ratio <= TARGETS["startup"],
                )
                if args.minutes > 0:
                    await rehearsal(fake, child, replies, contests, args)
                if args.writes:
                    per, stall = await cpu_per_write(child, contests, args.writes)
                    print(
                        f"\n== {args.writes} status files renamed into place, 0.25 s apart, no questions =="
                    )
                    row("CPU per status write", ms(per), "<= 50 ms", per <= TARGETS["cpu"])
                    row(
                        "largest event-loop stall", ms(stall), "<= 50 ms", stall <= TARGETS["stall"]
                    )
                rss = child.peak_rss_mb()
                row("peak RSS of the bot", f"{rss:.0f} MB", "<= 200 MB", rss <= TARGETS["rss"])
            except BaseException:
                print("the bot's log ends:")
                print((work / "bot.log").read_text(errors="replace")[-4000:])
                raise
            finally:
                code = await child.stop()
                if code not in (0, None):
                    print(f"bot run exited with {code}; its log:")
                    print((work / "bot.log").read_text(errors="replace")[-3000:])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--contests", type=int, default=650)
    p.add_argument("--minutes", type=float, default=10.0, help="rehearsal length (0: none)")
    p.add_argument("--rate", type=float, default=20.0, help="askers' questions a second")
    p.add_argument("--writes", type=int, default=40, help="status writes for the CPU figure")
    p.add_argument(
        "--declarations",
        type=int,
        default=0,
        help="declarations in the rehearsal (0: every contest)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log-level", default="WARNING", help="the bot's LOG_LEVEL (its log: bot.log)")
    p.add_argument(
        "--without",
        default="",
        help="switch off GC machinery in the bot, to weigh it: collector, freeze (comma-separated)",
    )
    p.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (knowledge, data, logs)")
    p.add_argument("--source", default=str(ROOT), help="checkout whose bot to run (default: this)")
    return p.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
