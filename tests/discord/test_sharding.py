"""Sharding (issue 6): SHARD_COUNT, auto and SHARD_IDS, and the real bot on two shards of the double."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.announce.keys import phase_key
from bot.core.answering.engine import Engine
from bot.discord_app.client import ElectionBot
from bot.discord_app.cogs.announce import ELSEWHERE
from bot.discord_app.sharded import ShardedElectionBot, create_bot, shard_options
from bot.discord_app.shards import holds_channel, own_shards, shard_of
from bot.settings import Settings, SettingsError
from bot.store import Store
from tests.discord.conftest import ROOT, BotFactory
from tests.fakediscord import IDS, FakeChannel, FakeDiscord, FakeGuild

MENTION = f"<@{IDS.bot_user_id}>"
CONTEST = "hartlepool-2021"


def identified_shards(fake: FakeDiscord) -> list[list[int] | None]:
    """Return the `shard` field of every IDENTIFY the double received, in order."""
    return [
        op.data.get("shard")
        for op in fake.recorder.gateway_ops
        if op.direction == "recv" and op.op == 2
    ]


def add_guild_on_shard_zero(fake: FakeDiscord) -> tuple[FakeGuild, FakeChannel]:
    """Add a second guild whose events go to shard 0 of 2 (the default guild is on shard 1)."""
    assert (IDS.guild_id >> 22) % 2 == 1
    guild = fake.add_guild("Shard Zero Town", shard=(0, 2))
    chat = fake.add_channel("town-chat", guild_id=guild.id)
    fake.add_member("alice", guild_id=guild.id)
    return guild, chat


def copy_knowledge(dest: Path) -> Path:
    """Copy knowledge/ and seeds/ into `dest` (status writes land there); return the copy."""
    shutil.copytree(ROOT / "knowledge", dest / "knowledge")
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    return dest / "knowledge"


def replies_to(fake: FakeDiscord, channel_id: int, message_id: int) -> list[dict[str, Any]]:
    """Return the bot's messages in a channel that reply to one message."""
    return [
        m
        for m in fake.bot_messages_in(channel_id)
        if (m.get("message_reference") or {}).get("message_id") == str(message_id)
    ]


async def ask_once(fake: FakeDiscord, channel_id: int, question: str) -> dict[str, Any]:
    """Mention the bot with a question; return its one reply (a later probe proves no second)."""
    asked = await fake.inject_message(channel_id, f"{MENTION} {question}", "alice")
    reply = await fake.wait_for_message(channel_id, after=asked.id, timeout=10)
    probe = await fake.inject_message(channel_id, f"{MENTION} hi", "alice")
    await fake.wait_for_message(channel_id, after=probe.id, timeout=10)
    assert len(replies_to(fake, channel_id, asked.id)) == 1
    return reply


def shard_ready_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the INFO lines logged by on_shard_ready."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.INFO and "ready with" in r.getMessage()
    ]


# -- settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "count", "ids"),
    [
        ({}, None, []),
        ({"SHARD_COUNT": " "}, None, []),
        ({"SHARD_COUNT": "2"}, 2, []),
        ({"SHARD_COUNT": " Auto "}, "auto", []),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "3, 1"}, 4, [3, 1]),
        ({"SHARD_COUNT": "4", "SHARD_IDS": ""}, 4, []),
    ],
)
def test_shard_settings_accepted(env: dict[str, str], count: object, ids: list[int]) -> None:
    settings = Settings.from_env(env)
    assert (settings.shard_count, settings.shard_ids) == (count, ids)
    assert settings.sharded is (count is not None)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT: Value error, must be at least 1"),
        ({"SHARD_COUNT": "-2"}, "SHARD_COUNT: Value error, must be a whole number"),
        ({"SHARD_COUNT": "two"}, "SHARD_COUNT: Value error, must be a whole number"),
        ({"SHARD_COUNT": "1.5"}, "SHARD_COUNT: Value error, must be a whole number"),
        ({"SHARD_IDS": "0"}, "SHARD_IDS: Value error, needs SHARD_COUNT"),
        ({"SHARD_COUNT": "", "SHARD_IDS": "0"}, "SHARD_IDS: Value error, needs SHARD_COUNT"),
        (
            {"SHARD_COUNT": "auto", "SHARD_IDS": "0"},
            "SHARD_IDS: Value error, needs a fixed SHARD_COUNT, not auto",
        ),
        (
            {"SHARD_COUNT": "2", "SHARD_IDS": "0 2 5"},
            "SHARD_IDS: Value error, shard ids run from 0 to 1 with SHARD_COUNT=2; not 2, 5",
        ),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "-1"}, "not -1"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "1,3,1"}, "lists shard 1 more than once"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "1,x"}, "SHARD_IDS: Input should be a valid integer"),
    ],
)
def test_bad_shard_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as err:
        Settings.from_env(env)
    assert message in str(err.value)


def test_shard_errors_are_listed_with_the_others() -> None:
    """A bad SHARD_COUNT is reported once, with every other bad value, not as a SHARD_IDS error."""
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"SHARD_COUNT": "lots", "SHARD_IDS": "0", "LOG_LEVEL": "loud"})
    lines = str(err.value).splitlines()
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["LOG_LEVEL", "SHARD_COUNT"]


# -- choosing the bot class --------------------------------------------------------------------


def test_shard_options() -> None:
    assert shard_options(Settings()) == {}
    assert shard_options(Settings(shard_count=2)) == {"shard_count": 2, "shard_ids": None}
    assert shard_options(Settings(shard_count="auto")) == {"shard_count": None, "shard_ids": None}
    assert shard_options(Settings(shard_count=4, shard_ids=[3, 1])) == {
        "shard_count": 4,
        "shard_ids": [3, 1],
    }


@pytest.mark.parametrize(
    "name", ["connect", "launch_shards", "get_shard", "shards", "latency", "_get_state"]
)
def test_autosharded_client_wins_over_client(name: str) -> None:
    """The MRO takes AutoShardedClient's gateway methods, not Client's (close chains to it too)."""
    mro = ShardedElectionBot.__mro__
    assert mro.index(discord.AutoShardedClient) < mro.index(discord.Client)
    assert next(cls for cls in mro if name in vars(cls)) is discord.AutoShardedClient


async def test_create_bot_picks_the_class(tmp_path: Path, engine: Engine) -> None:
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        plain = create_bot(Settings(), engine=engine, store=store)
        assert type(plain) is ElectionBot and plain.shard_count is None
        sharded = create_bot(Settings(shard_count=4, shard_ids=[1, 2]), engine=engine, store=store)
        assert isinstance(sharded, ShardedElectionBot)
        assert isinstance(sharded, discord.AutoShardedClient)
        assert (sharded.shard_count, sharded.shard_ids) == (4, [1, 2])
        auto = create_bot(Settings(shard_count="auto"), engine=engine, store=store)
        assert isinstance(auto, ShardedElectionBot) and auto.shard_count is None
    finally:
        await store.close()


# -- the real bot on the double ------------------------------------------------------------------


async def test_two_shards_answer_each_guild_once(
    fake_discord: FakeDiscord, start_bot: BotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """SHARD_COUNT=2: shards 0 and 1 identify, each guild's mention is answered exactly once."""
    caplog.set_level(logging.INFO, logger="bot.discord_app.sharded")
    zero, chat = add_guild_on_shard_zero(fake_discord)
    bot = await start_bot(shard_count=2)
    assert isinstance(bot, ShardedElectionBot) and bot.is_ready()
    assert identified_shards(fake_discord) == [[0, 2], [1, 2]]
    assert not fake_discord.requests_matching("GET", "/gateway/bot")
    assert bot.shard_count == 2 and sorted(bot.shards) == [0, 1]
    assert bot.get_guild(zero.id).shard_id == 0
    assert bot.get_guild(IDS.guild_id).shard_id == 1

    for channel_id in (chat.id, IDS.general_channel_id):
        reply = await ask_once(fake_discord, channel_id, "whats the turnot??")
        assert "42.55%" in reply["embeds"][0]["description"]
    await fake_discord.wait_until(lambda: len(shard_ready_logs(caplog)) == 2, 5)
    assert sorted(shard_ready_logs(caplog)) == [
        "shard 0 of 2 ready with 1 guild(s)",
        "shard 1 of 2 ready with 1 guild(s)",
    ]


@pytest.mark.fakediscord(recommended_shards=2)
async def test_auto_uses_discords_recommended_count(
    fake_discord: FakeDiscord, start_bot: BotFactory
) -> None:
    """SHARD_COUNT=auto asks /gateway/bot and starts the 2 shards it recommends."""
    bot = await start_bot(shard_count="auto")
    assert fake_discord.requests_matching("GET", "/gateway/bot")
    assert identified_shards(fake_discord) == [[0, 2], [1, 2]]
    assert bot.shard_count == 2 and sorted(bot.shards) == [0, 1]
    await ask_once(fake_discord, IDS.general_channel_id, "what was the turnout?")


async def test_shard_ids_run_only_those_shards(
    fake_discord: FakeDiscord, start_bot: BotFactory
) -> None:
    """SHARD_IDS=1 of 2: one IDENTIFY; the guild on shard 0 is another process's, never answered."""
    zero, chat = add_guild_on_shard_zero(fake_discord)
    bot = await start_bot(shard_count=2, shard_ids=[1])
    assert identified_shards(fake_discord) == [[1, 2]]
    assert sorted(bot.shards) == [1]
    assert bot.get_guild(zero.id) is None and bot.get_guild(IDS.guild_id) is not None
    cog: Any = bot.get_cog("Announce")
    assert cog.announcer is not None and not cog.elsewhere  # it runs the announcements' guild

    assert await fake_discord.inject_message(chat.id, f"{MENTION} turnout?", "alice")
    await ask_once(fake_discord, IDS.general_channel_id, "what was the turnout?")
    assert fake_discord.bot_messages_in(chat.id) == []


async def test_sharded_bot_posts_announcements_once(
    fake_discord: FakeDiscord, start_bot: BotFactory, tmp_path: Path
) -> None:
    """A bot running every shard posts a status change's announcement once (gateway check per shard)."""
    bot = await start_bot(shard_count=2, knowledge_dir=copy_knowledge(tmp_path))
    cog: Any = bot.get_cog("Announce")
    await cog.announcer.poster.idle()
    change = await bot.status_updater.set_phase(CONTEST, "recount", "mod_mia")
    await cog.announcer.poster.idle()
    [message] = fake_discord.bot_messages_in(IDS.announcements_channel_id)
    assert "recount" in message["embeds"][0]["title"]
    row = await bot.store.outbox.get(phase_key(CONTEST, "recount", change.after.version))
    assert row is not None and row.state == "sent"


async def test_two_processes_share_the_knowledge_and_one_announces(
    fake_discord: FakeDiscord,
    start_bot: BotFactory,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two processes (shard 0, shard 1) each on its own SQLite file, over one knowledge folder: a
    status change made through the one without the announcement channel reaches the other by its
    file watcher, which announces it exactly once; /announce on the first says where
    announcements come from. (On a shared PostgreSQL: tests/announce/test_processes.py.)"""
    caplog.set_level(logging.INFO, logger="bot.discord_app.cogs.announce")
    zero, chat = add_guild_on_shard_zero(fake_discord)
    role = fake_discord.add_role("Town mods", guild_id=zero.id)
    fake_discord.add_member(IDS.moderator_user_id, guild_id=zero.id, roles=[role.id])
    knowledge = copy_knowledge(tmp_path)
    first = await start_bot(
        shard_count=2,
        shard_ids=[0],
        knowledge_dir=knowledge,
        database_path=tmp_path / "first.sqlite3",
        discord_guild_id=None,  # global commands, so /announce exists in the shard 0 guild
        moderator_role_ids=[IDS.moderator_role_id, role.id],
    )
    second = await start_bot(
        shard_count=2,
        shard_ids=[1],
        knowledge_dir=knowledge,
        database_path=tmp_path / "second.sqlite3",
    )
    assert identified_shards(fake_discord) == [[0, 2], [1, 2]]
    first_cog: Any = first.get_cog("Announce")
    second_cog: Any = second.get_cog("Announce")
    assert first_cog.announcer is None and first_cog.elsewhere
    assert any("this process posts no announcements" in r.getMessage() for r in caplog.records)
    await second_cog.announcer.poster.idle()

    change = await first.status_updater.set_phase(CONTEST, "recount", "mod_mia")
    key = phase_key(CONTEST, "recount", change.after.version)
    message = await fake_discord.wait_for_message(IDS.announcements_channel_id, timeout=20)
    assert "recount" in message["embeds"][0]["title"]
    await second_cog.announcer.poster.idle()
    assert len(fake_discord.bot_messages_in(IDS.announcements_channel_id)) == 1
    assert await first.store.outbox.get(key) is None
    row = await second.store.outbox.get(key)
    assert row is not None and row.state == "sent"
    reply = await ask_once(fake_discord, IDS.general_channel_id, "has the count finished?")
    assert "Recount" in reply["embeds"][0]["footer"]["text"]  # the second serves the new status

    inter = await fake_discord.inject_slash_command(
        "announce", {"text": "Hello"}, user=IDS.moderator_user_id, channel_id=chat.id
    )
    callback = await fake_discord.wait_for_callback(inter, timeout=10)
    assert callback.data["content"] == ELSEWHERE
    assert len(fake_discord.bot_messages_in(IDS.announcements_channel_id)) == 1


# -- which process holds a channel -------------------------------------------------------------


def fake_client(ids: list[int] | None, count: int | None, fetch: Any = None) -> Any:
    """A stand-in for a client: its shard ids and count, and what fetch_channel does."""
    return SimpleNamespace(shard_ids=ids, shard_count=count, fetch_channel=fetch)


def test_own_shards() -> None:
    assert own_shards(fake_client(None, None)) is None  # not sharded
    assert own_shards(fake_client(None, 4)) is None  # all of them
    assert own_shards(fake_client([1, 0], 2)) is None
    assert own_shards(fake_client([3, 1], 4)) == [1, 3]
    assert shard_of(None, 4) == 0 and shard_of(IDS.guild_id, 2) == 1


async def test_holds_channel_by_its_guilds_shard() -> None:
    async def fetch(channel_id: int) -> Any:
        return SimpleNamespace(guild=SimpleNamespace(id=IDS.guild_id))

    assert await holds_channel(fake_client([1], 2, fetch), 5)
    assert not await holds_channel(fake_client([0], 2, fetch), 5)
    assert await holds_channel(fake_client(None, 2, None), 5)  # runs every shard: no lookup


async def test_channel_that_cannot_be_fetched_belongs_to_shard_zero() -> None:
    async def fetch(channel_id: int) -> Any:
        raise RuntimeError("404 Unknown Channel")

    assert await holds_channel(fake_client([0, 2], 4, fetch), 5)
    assert not await holds_channel(fake_client([1, 3], 4, fetch), 5)
