"""Several contests through real discord.py: naming, channel memory, "which contest?" buttons."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.synthetic import write_synthetic_kb
from bot.discord_app.client import ElectionBot
from bot.store import Store
from tests.core.helpers import no_default_engine
from tests.discord.conftest import TestBot as ElectionTestBot
from tests.discord.conftest import make_settings
from tests.discord.test_asking import button_ids, embed_text
from tests.fakediscord import IDS, FakeDiscord, run_bot

MENTION = f"<@{IDS.bot_user_id}>"
HARTLEPOOL = "hartlepool-2021"
TESTVILLE = "testville-2024"


async def running_bot(
    fake: FakeDiscord, tmp_path: Path, engine: Engine
) -> AsyncIterator[ElectionBot]:
    """Run an ElectionBot on `engine` against the double."""
    settings = make_settings(tmp_path, knowledge_dir=engine.kb.root)
    store = await Store.open(settings.database_path)
    try:
        bot = ElectionTestBot(
            settings=settings, engine=engine, store=store, watch=False, guild_ready_timeout=0.1
        )
        async with run_bot(fake, bot) as running:
            yield running
    finally:
        await store.close()


@pytest_asyncio.fixture
async def two_bot(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[ElectionBot]:
    """A bot over Hartlepool and Testville, neither of them the default."""
    async for bot in running_bot(fake_discord, tmp_path, no_default_engine()):
        yield bot


async def ask(fake: FakeDiscord, channel: int, question: str, user: str = "alice") -> dict:
    """Mention the bot with a question in a channel; return its reply."""
    asked = await fake.inject_message(channel, f"{MENTION} {question}", user)
    return await fake.wait_for_message(channel, after=asked.id)


async def test_which_contest_buttons_answer_the_question_asked(
    fake_discord: FakeDiscord, two_bot: ElectionBot
) -> None:
    """No contest named and no default: the reply asks which, and a button answers for it."""
    reply = await ask(fake_discord, IDS.general_channel_id, "what was the turnout?")
    assert "Which contest do you mean?" in embed_text(reply)
    buttons = button_ids(reply)
    assert {b.rsplit(":", 1)[1] for b in buttons} == {HARTLEPOOL, TESTVILLE}
    assert all(b.startswith("wc:") for b in buttons)
    testville = next(b for b in buttons if b.endswith(TESTVILLE))
    click = await fake_discord.inject_component(int(reply["id"]), testville, user="bob")
    answer = await fake_discord.wait_for_callback(click)
    assert answer.data["flags"] & 64  # only the clicker sees it
    assert "51.2%" in embed_text(answer.data) and "[¶1]" in embed_text(answer.data)
    # The click named Testville for the channel: the next question follows it.
    follow = await ask(fake_discord, IDS.general_channel_id, "where is the count?", "bob")
    assert "Testville Leisure Centre" in embed_text(follow)
    assert "named earlier here" in follow["embeds"][0]["footer"]["text"]


async def test_a_named_contest_is_remembered_per_channel(
    fake_discord: FakeDiscord, two_bot: ElectionBot
) -> None:
    """Naming a contest routes there and sets the channel's contest; other channels still ask."""
    named = await ask(fake_discord, IDS.general_channel_id, "turnout in hartlepool?")
    assert "42.55%" in embed_text(named)
    assert "named earlier" not in named["embeds"][0]["footer"]["text"]
    follow = await ask(fake_discord, IDS.general_channel_id, "how many people voted?", "bob")
    assert "42.55%" in embed_text(follow)
    elsewhere = await ask(fake_discord, IDS.qa_channel_id, "how many people voted?")
    assert "Which contest" in embed_text(elsewhere)
    assert button_ids(elsewhere)[0].endswith(HARTLEPOOL)  # the contest named most recently
    switched = await ask(fake_discord, IDS.general_channel_id, "and in testville?")
    assert TESTVILLE in two_bot.contest_memory.get(IDS.general_channel_id)
    assert "Testville" in switched["embeds"][0]["footer"]["text"]


async def test_channel_memory_expires(fake_discord: FakeDiscord, two_bot: ElectionBot) -> None:
    """After CONTEST_MEMORY_MINUTES the channel's contest is forgotten."""
    now = [5000.0]
    two_bot.contest_memory.clock = lambda: now[0]
    await ask(fake_discord, IDS.general_channel_id, "turnout in testville?")
    now[0] += two_bot.settings.contest_memory_minutes * 60 + 1
    later = await ask(fake_discord, IDS.general_channel_id, "what was the turnout?")
    assert "Which contest" in embed_text(later)


async def test_slash_ask_takes_a_contest(fake_discord: FakeDiscord, two_bot: ElectionBot) -> None:
    """/ask contest: answers about that contest; an unknown one is refused privately."""
    inter = await fake_discord.inject_slash_command(
        "ask", {"question": "what was the turnout?", "contest": TESTVILLE}
    )
    callback = await fake_discord.wait_for_callback(inter)
    assert "51.2%" in embed_text(callback.data)
    bad = await fake_discord.inject_slash_command(
        "ask", {"question": "what was the turnout?", "contest": "atlantis-1999"}
    )
    refusal = await fake_discord.wait_for_callback(bad)
    assert refusal.data["flags"] & 64 and "don't know that contest" in refusal.data["content"]


async def test_contest_buttons_survive_a_restart(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """The button carries the question's id, so a restarted bot answers it from SQLite."""
    engine = no_default_engine()
    async for _first in running_bot(fake_discord, tmp_path, engine):
        reply = await ask(fake_discord, IDS.general_channel_id, "when will the result be declared?")
    buttons = button_ids(reply)
    async for second in running_bot(fake_discord, tmp_path, engine):
        testville = next(b for b in buttons if b.endswith(TESTVILLE))
        click = await fake_discord.inject_component(int(reply["id"]), testville, user="bob")
        answer = await fake_discord.wait_for_callback(click)
        assert "2am" in embed_text(answer.data)
        qid = int(testville.split(":")[1])
        with sqlite3.connect(second.settings.database_path) as db:
            db.execute("DELETE FROM questions WHERE id = ?", (qid,))
        hartlepool = next(b for b in buttons if b.endswith(HARTLEPOOL))
        gone = await fake_discord.inject_component(int(reply["id"]), hartlepool, user="bob")
        refusal = await fake_discord.wait_for_callback(gone)
        assert "no longer known" in refusal.data["content"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over 40 generated contests, none of them the default."""
    root = tmp_path_factory.mktemp("kb40")
    write_synthetic_kb(root, 40, seed=11, default=False)
    return Engine(load_knowledge(root))


async def test_generated_contests_route_through_the_bot(
    fake_discord: FakeDiscord, tmp_path: Path, generated: Engine
) -> None:
    """Questions naming one of 40 contests get that contest's cited turnout, then follow-ups."""
    async for _bot in running_bot(fake_discord, tmp_path, generated):
        for contest in list(generated.kb.contests.values())[::8]:
            place = contest.aliases[0]
            reply = await ask(fake_discord, IDS.general_channel_id, f"turnout in {place}?")
            assert f"Turnout in {place} was" in embed_text(reply)
            assert contest.name in reply["embeds"][0]["footer"]["text"]
            follow = await ask(fake_discord, IDS.general_channel_id, "when is the declaration?")
            assert contest.name in follow["embeds"][0]["footer"]["text"]
        fresh = await ask(fake_discord, IDS.qa_channel_id, "who won?")
        assert "Which contest" in embed_text(fresh) and len(button_ids(fresh)) == 5
