"""General-election night through the real bot: start-up, then every contest declared while askers ask.

    .venv/bin/python benchmarks/election_night.py              # --contests 650 --minutes 10 --rate 20
    .venv/bin/python benchmarks/election_night.py --minutes 0  # start-up and CPU per write only

Black-box: `bot run` (the real command line, settings from the environment) runs in a child
process (benchmarks/botproc.py) against the Discord double served by this process, on a
generated folder of `--contests` contests with no default contest, each announcing its result.

1. Start-up: the parse floor (every knowledge file parsed with PyYAML's C loader in a fresh
   process, median of three), then from starting `bot run` to its first correct answer.
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
import datetime as dt
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figures import ms  # noqa: E402  (benchmarks/figures.py, next to this file)
from figures import row as _row  # noqa: E402

from bot.announce.keys import phase_key, ref_of  # noqa: E402
from bot.core.count.updates import dump_status  # noqa: E402
from bot.core.knowledge.status import Status  # noqa: E402
from bot.core.knowledge.synthetic import write_synthetic_kb  # noqa: E402
from tests.fakediscord import IDS, FakeDiscord  # noqa: E402
from tests.fakediscord.defaults import TOKEN  # noqa: E402

MENTION = f"<@{IDS.bot_user_id}>"
MESSAGE_POST = re.compile(r"/channels/(\d+)/messages")
ANNOUNCEMENTS = (
    "on_phase:\n  declared:\n"
    '    text: "{winner} ({winner_party}) has won {contest_name}, a majority of {majority}."\n'
)
CANDIDATES = "Amira Barker (Labour) 20000; Ben Lowe (Conservative) 12000; Chloe Dalton (Green) 3000"
RESULT = {
    "candidates": [
        {"name": "Amira Barker", "party": "Labour", "votes": 20000},
        {"name": "Ben Lowe", "party": "Conservative", "votes": 12000},
        {"name": "Chloe Dalton", "party": "Green", "votes": 3000},
    ],
    "winner": "Amira Barker",
    "majority": 8000,
}
FLOOR = (
    "import pathlib, sys, time, yaml\n"
    "files = sorted(pathlib.Path(sys.argv[1]).rglob('*.y*ml'))\n"
    "t = time.perf_counter()\n"
    "for f in files:\n"
    "    yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)\n"
    "print(time.perf_counter() - t)\n"
)
TARGETS = {"startup": 1.5, "latency": 1.0, "cpu": 0.050, "stall": 0.050, "rss": 200.0}


def row(label: str, value: str, target: str = "", met: bool | None = None) -> None:
    """Print one figure, its target and whether it is met."""
    verdict = "" if met is None else ("met" if met else "missed")
    _row(label, f"{value:<34}{target:<22}{verdict}", width=34)


@dataclass
class Contest:
    """One generated contest as the benchmark asks about it."""

    id: str
    folder: Path
    alias: str


def write_base(root: Path, contests: int, seed: int) -> list[Contest]:
    """Generate the knowledge folder, every contest announcing its declaration."""
    write_synthetic_kb(root, contests, seed=seed, default=False)
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        (folder / "announcements.yaml").write_text(ANNOUNCEMENTS, encoding="utf-8")
        meta = json.loads(json.dumps(_yaml(folder / "contest.yaml"), default=str))
        out.append(Contest(meta["id"], folder, meta["aliases"][0]))
    return out


def _yaml(path: Path) -> Any:
    """Read a YAML file."""
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def parse_floor(root: Path) -> float:
    """Return the median of three fresh processes parsing every knowledge file with CSafeLoader."""
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", FLOOR, str(root)], capture_output=True, text=True, check=True
        )
        runs.append(float(out.stdout))
    return statistics.median(runs)


def declare_by_file(contest: Contest, previous: str = "counting") -> int:
    """Rename a declared status.yaml into place, as an editor or another process would; its version."""
    old = _yaml(contest.folder / "status.yaml") or {}
    version = int(old.get("version", 0)) + 1
    status = Status.model_validate(
        {
            **old,
            "phase": "declared",
            "result": RESULT,
            "version": version,
            "updated_at": dt.datetime.now(dt.UTC).replace(microsecond=0),
            "updated_by": "returning officer",
            "previous_phase": previous,
        }
    )
    tmp = contest.folder / ".status.yaml.bench"
    tmp.write_text(dump_status(status), encoding="utf-8")
    os.replace(tmp, contest.folder / "status.yaml")
    return version


class Child:
    """`bot run` in a child process, with its CPU, memory and event-loop stalls."""

    def __init__(self, fake: FakeDiscord, kb: Path, work: Path, source: Path) -> None:
        self.fake, self.kb, self.work, self.source = fake, kb, work, source
        self.stats = work / "stalls.jsonl"
        self.log_level = "WARNING"
        self.without = ""
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start `bot run` with its settings in the environment."""
        env = {
            **os.environ,
            "BOT_SOURCE": str(self.source),
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_GUILD_ID": str(IDS.guild_id),
            "KNOWLEDGE_DIR": str(self.kb),
            "DATABASE_PATH": str(self.work / "data" / "bot.sqlite3"),
            "ANNOUNCE_CHANNEL_ID": str(IDS.announcements_channel_id),
            "MODLOG_CHANNEL_ID": str(IDS.mod_log_channel_id),
            "MODERATOR_ROLE_IDS": str(IDS.moderator_role_id),
            "COOLDOWN_SECONDS": "0",
            "LOG_LEVEL": self.log_level,
            "BENCH_WITHOUT": self.without,
        }
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "benchmarks" / "botproc.py"),
            self.fake.api_base,
            self.fake.gateway_url,
            str(self.stats),
            cwd=self.work,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=open(self.work / "bot.log", "wb"),  # noqa: SIM115 - the child owns it
        )

    def cpu(self) -> float:
        """Return the CPU seconds the bot has used so far (all its threads)."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """Return the bot's resident memory now (VmRSS), in MB."""
        return self._status_mb("VmRSS:")

    def peak_rss_mb(self) -> float:
        """Return the bot's peak resident memory (VmHWM), in MB."""
        return self._status_mb("VmHWM:")

    def _status_mb(self, field: str) -> float:
        """Return a memory figure of /proc/PID/status, in MB."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
        return float("nan")

    def samples(self, key: str, start: float, end: float) -> list[dict[str, Any]]:
        """Return the recorded stalls ("late") or collections ("gc") between two monotonic times."""
        found = []
        for line in self.stats.read_text(encoding="utf-8").splitlines():
            sample = json.loads(line)
            if key in sample and start <= sample["at"] <= end:
                found.append(sample)
        return found

    def max_stall(self, start: float, end: float) -> float:
        """Return the bot's largest event-loop stall that began between two monotonic times."""
        return max((s["late"] for s in self.samples("late", start, end)), default=0.0)

    def gc_line(self, start: float, end: float) -> str:
        """Describe the collections of 5 ms or more between two monotonic times."""
        pauses = self.samples("gc", start, end)
        if not pauses:
            return "none of 5 ms or more"
        worst = max(pauses, key=lambda p: p["took"])
        full = sum(1 for p in pauses if p["gc"] == 2)
        return (
            f"{len(pauses)} ({full} full), largest {ms(worst['took'])} (generation {worst['gc']})"
        )

    async def stop(self) -> int | None:
        """Stop the bot as Ctrl-C would, and wait for it."""
        if self.proc is None or self.proc.returncode is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGINT)
        try:
            return await asyncio.wait_for(self.proc.wait(), 30)
        except TimeoutError:
            self.proc.kill()
            return await self.proc.wait()


@dataclass
class Reply:
    """The first reply to a question: when, and what its embed says."""

    at: float
    footer: str
    text: str


@dataclass
class Replies:
    """The bot's replies to injected messages, matched by message_reference, looked at once each."""

    fake: FakeDiscord
    first: dict[int, Reply] = field(default_factory=dict)
    count: dict[int, int] = field(default_factory=dict)
    seen: int = 0

    def poll(self) -> None:
        """Take in the requests recorded since the last poll."""
        requests = self.fake.recorder.requests
        while self.seen < len(requests) and requests[self.seen].status is not None:
            req = requests[self.seen]
            self.seen += 1
            if req.method != "POST" or not isinstance(req.json, dict):
                continue
            if not MESSAGE_POST.fullmatch(req.path):
                continue
            ref = (req.json.get("message_reference") or {}).get("message_id")
            if ref is None:
                continue
            ref = int(ref)
            self.count[ref] = self.count.get(ref, 0) + 1
            if ref not in self.first:
                embed = (req.json.get("embeds") or [{}])[0]
                footer = (embed.get("footer") or {}).get("text", "")
                text = f"{embed.get('description', '')} {req.json.get('content') or ''}"
                self.first[ref] = Reply(req.at, footer, text)


async def ask(fake: FakeDiscord, channel: int, user: int, question: str) -> int:
    """Mention the bot with a question; return the message id."""
    return (await fake.inject_message(channel, f"{MENTION} {question}", user)).id


async def startup(fake: FakeDiscord, child: Child, replies: Replies, contest: Contest) -> float:
    """Start the bot; return the seconds from starting it to its first correct answer."""
    channel, user = IDS.general_channel_id, IDS.alice_id
    started = time.monotonic()
    await child.start()
    asked: list[int] = []
    while True:
        assert child.proc is not None
        if child.proc.returncode is not None:
            raise SystemExit(
                f"bot run exited with {child.proc.returncode}: see {child.work}/bot.log"
            )
        if fake.identify_count:
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


async def declare_by_command(fake: FakeDiscord, contest: Contest) -> float:
    """Run /count declare, read the preview and press Confirm; return when Confirm was pressed.

    A moderator presses half a second after the preview appears; a press the bot never saw (its
    view was not registered yet) is pressed again, as a person would.
    """
    inter = await fake.inject_slash_command(
        "count declare", {"candidates": CANDIDATES, "contest": contest.id}, user="mod_mia"
    )
    await fake.wait_for_callback(inter, timeout=30)
    preview = fake.original_response(inter)
    assert preview is not None, "no preview"
    buttons = [c["custom_id"] for r in preview.get("components", []) for c in r["components"]]
    confirm = next(c for c in buttons if c.startswith("count:confirm:"))
    for _ in range(5):
        await asyncio.sleep(0.5)
        pressed = time.monotonic()
        click = await fake.inject_component(int(preview["id"]), confirm, user="mod_mia")
        try:
            callback = await fake.wait_for_callback(click, timeout=5)
        except TimeoutError:
            continue
        if callback.type != 7:
            raise SystemExit(f"/count declare {contest.id}: {callback.data.get('content')}")
        return pressed
    raise SystemExit(f"/count declare {contest.id}: Confirm was never answered")


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
    return int((_yaml(contest.folder / "status.yaml") or {}).get("version", 0))


async def cpu_per_write(child: Child, contests: list[Contest], writes: int) -> tuple[float, float]:
    """Return CPU seconds per status write (renamed into place, no questions) and the stall."""
    gap = 0.25
    await asyncio.sleep(10)  # what the rehearsal left (announcements, collections) is done
    idle0, t_idle = child.cpu(), time.monotonic()
    await asyncio.sleep(gap * writes + 1.5)
    idle = (child.cpu() - idle0) / (time.monotonic() - t_idle)
    cpu0, t0 = child.cpu(), time.monotonic()
    for contest in contests[:writes]:
        previous = (_yaml(contest.folder / "status.yaml") or {}).get("phase", "counting")
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
