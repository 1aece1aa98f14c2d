"""Election-night load against the Discord double: questions in, one reply or notice each out.

Shared by `benchmarks/load.py` (2,000 questions, figures) and `test_load_smoke.py` (100
questions, correctness). Everything runs in one event loop: the real ElectionBot, the double,
the injector and a watchdog that measures how late a 5 ms sleep wakes up (event-loop stalls).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import shutil
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.core.text import looks_like_question
from bot.discord_app.client import ElectionBot
from bot.settings import Settings
from bot.store import Store
from tests.fakediscord import IDS, FakeDiscord, run_bot
from tests.load.tracking import LoadReport, ReplyTracker, Sent, Watchdog

ROOT = Path(__file__).resolve().parents[2]
CONTEST = "hartlepool-2021"
MENTION = f"<@{IDS.bot_user_id}>"
POLL_EVERY = 25  # questions between two looks at the replies while injecting
EXTRA_QUESTIONS = (
    "what is the capital of france?",
    "who won the world cup?",
    "hi",
    "thanks bot",
    "what did McMahon say?",
    "who is Jill Mortimer?",
    "was turnout higher in 2017?",
    "whats the turnot??",
)


class LoadBot(ElectionBot):
    """ElectionBot without discord.py's 5 s pause before a re-IDENTIFY."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip the pause."""


@dataclass(frozen=True)
class LoadConfig:
    """How much load to send and how the bot is configured."""

    questions: int = 2000
    users: int = 200
    channels: int = 5
    qa_channels: int = 2  # the first channels are QA channels; mentions and /ask go anywhere
    cooldown: float = 1.0
    seed: int = 0
    mid_events: bool = True  # status changes and a knowledge reload while questions arrive


def copy_knowledge(dest: Path) -> Path:
    """Copy knowledge/ and seeds/ into `dest` keeping their layout; return the knowledge copy."""
    shutil.copytree(ROOT / "knowledge", dest / "knowledge")
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    return dest / "knowledge"


def add_world(fake: FakeDiscord, config: LoadConfig) -> tuple[list[int], list[int]]:
    """Add the load's users and channels to the double (before the bot connects)."""
    users = [fake.add_member(f"voter{i:03d}").user_id for i in range(config.users)]
    channels = [fake.add_channel(f"load-{i}").id for i in range(config.channels)]
    return users, channels


@contextlib.asynccontextmanager
async def started_bot(
    fake: FakeDiscord, workdir: Path, config: LoadConfig, knowledge: Path | None = None
) -> AsyncIterator[ElectionBot]:
    """Run a real ElectionBot against the double, on `knowledge` or a copy of the shipped one."""
    channels = [c.id for c in fake.world.channels.values() if c.name.startswith("load-")]
    knowledge = knowledge or copy_knowledge(workdir)
    settings = Settings(
        discord_guild_id=IDS.guild_id,
        qa_channel_ids=channels[: config.qa_channels],
        moderator_role_ids=[IDS.moderator_role_id],
        announce_channel_id=IDS.announcements_channel_id,
        modlog_channel_id=IDS.mod_log_channel_id,
        knowledge_dir=knowledge,
        database_path=workdir / "bot.sqlite3",
        cooldown_seconds=config.cooldown,
    )
    engine = Engine(load_knowledge(knowledge), tz=settings.tz)
    store = await Store.open(settings.database_path)
    try:
        bot = LoadBot(
            settings=settings, engine=engine, store=store, watch=False, guild_ready_timeout=0.1
        )
        async with run_bot(fake, bot, ready_timeout=30) as running:
            try:
                yield running
            finally:
                await cancel_pending_deletes()
    finally:
        await store.close()


async def cancel_pending_deletes() -> None:
    """Cancel the 15 s `delete_after` of cooldown notices still waiting, before the bot closes."""
    tasks = [
        t
        for t in asyncio.all_tasks()
        if getattr(t.get_coro(), "__qualname__", "").endswith("delete.<locals>.delete")
    ]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def question_pool(engine: Engine) -> list[str]:
    """Return the questions askers send: the base's phrasings, typos, greetings and unknowns."""
    phrasings = [q for c in engine.kb.contests.values() for f in c.facts for q in f.questions]
    return [*phrasings, *(q.lower().rstrip("?") for q in phrasings[::3]), *EXTRA_QUESTIONS]


def plan(
    config: LoadConfig, users: list[int], channels: list[int], pool: list[str]
) -> list[tuple[str, int, int, str]]:
    """Return (kind, user, channel, question) for every question, seeded; a few users ask a lot."""
    rng = random.Random(config.seed)
    weights = [1 / (i + 1) ** 0.8 for i in range(len(users))]  # Zipf-like: a few ask a lot
    out = []
    for user in rng.choices(users, weights, k=config.questions):
        kind = rng.choices(("mention", "qa", "ask"), (4, 3, 3))[0]
        question = rng.choice(pool)
        if kind == "qa":
            channel = rng.choice(channels[: config.qa_channels])
            question = question if looks_like_question(question) else question + "?"
        else:
            channel = rng.choice(channels)
        out.append((kind, user, channel, question))
    return out


async def mid_events(bot: ElectionBot, events: list[tuple[str, float, float]], step: int) -> None:
    """Change the status, reload the knowledge and change it back (step 0, 1, 2)."""
    start = time.monotonic()
    if step == 1:
        report = await bot.holder.reload()
        assert report.ok, report.errors
        name = "knowledge reload"
    else:
        phase = "recount" if step == 0 else "counting"
        await bot.status_updater.set_phase(CONTEST, phase, "load-bench", note=f"load test: {phase}")
        name = f"status -> {phase}"
    events.append((name, start, time.monotonic()))


async def inject(fake: FakeDiscord, kind: str, user: int, channel: int, question: str) -> Sent:
    """Send one question as a mention, a QA-channel message or /ask."""
    at = time.monotonic()
    if kind == "ask":
        inter = await fake.inject_slash_command(
            "ask", {"question": question}, user=user, channel_id=channel
        )
        return Sent(f"i:{inter.id}", kind, user, at)
    content = f"{MENTION} {question}" if kind == "mention" else question
    msg = await fake.inject_message(channel, content, user)
    return Sent(f"m:{msg.id}", kind, user, at)


async def run_load(
    fake: FakeDiscord,
    bot: ElectionBot,
    config: LoadConfig,
    *,
    timeout: float = 120.0,
) -> LoadReport:
    """Inject every question as fast as the double takes them; wait for all replies and a barrier."""
    users = [u.id for u in fake.world.users.values() if u.username.startswith("voter")]
    channels = [c.id for c in fake.world.channels.values() if c.name.startswith("load-")]
    todo = plan(config, users, channels, question_pool(bot.engine))
    tracker, watchdog = ReplyTracker(fake), Watchdog()
    events: list[tuple[str, float, float]] = []
    marks = {len(todo) * k // 4: k - 1 for k in (1, 2, 3)} if config.mid_events else {}
    side: list[asyncio.Task[None]] = []
    sent: list[Sent] = []
    watchdog.start()
    cpu0, wall0 = time.process_time(), time.monotonic()
    try:
        for i, (kind, user, channel, question) in enumerate(todo):
            if i in marks:
                side.append(asyncio.create_task(mid_events(bot, events, marks[i])))
            sent.append(await inject(fake, kind, user, channel, question))
            await asyncio.sleep(0)  # let the loop run once: a send to the socket need not yield
            if i % POLL_EVERY == 0:
                tracker.poll()  # a little at a time: one poll of everything would stall the loop
        await fake.wait_until(
            lambda: tracker.answered(sent), timeout, what="a reply to every question"
        )
        await asyncio.gather(*side)
        barrier = [
            await inject(fake, k, IDS.bob_id, channels[-1], "what was the turnout?")
            for k in ("mention", "ask")
        ]
        await fake.wait_until(
            lambda: tracker.answered(barrier), timeout, what="the barrier replies"
        )
        wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
    finally:
        await watchdog.stop()
        for task in side:
            task.cancel()
    tracker.poll()
    keys = {s.key for s in sent} | {s.key for s in barrier}
    unmatched = sum(len(v) for k, v in tracker.replies.items() if k not in keys)
    return LoadReport(sent, tracker.replies, watchdog.samples, events, wall, cpu, unmatched)
