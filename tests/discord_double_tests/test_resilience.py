"""Gateway resilience: dropped websockets resume (with replay), sharding, delays."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.ext import commands

from tests.discord_double_tests.bot_app import DoubleTestBot
from tests.fakediscord import IDS, FakeDiscord, run_bot

MESSAGES = r"/channels/\d+/messages"


async def test_drop_4000_resumes_and_keeps_replying(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """Closing the socket with 4000 → RESUME on resume_gateway_url; events still flow."""
    assert await fake_discord.drop_connection(code=4000) == 1
    await fake_discord.wait_for_op(6, timeout=10)
    await fake_discord.inject_message(IDS.general_channel_id, "still there?")
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, timeout=10)
    assert reply["content"] == "echo: still there?"
    assert fake_discord.resume_count == 1 and fake_discord.identify_count == 1
    assert fake_discord.gateway.connection_paths == ["/gateway", "/gateway-resume"]


async def test_events_sent_while_disconnected_are_replayed(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """An event dispatched while the socket is down is replayed after RESUME."""
    await fake_discord.drop_connection(code=4000)
    await fake_discord.inject_message(IDS.qa_channel_id, "missed me?")
    reply = await fake_discord.wait_for_message(IDS.qa_channel_id, timeout=10)
    assert reply["content"] == "echo: missed me?"
    assert [m.content for m in bot.seen_messages] == ["missed me?"]


async def test_reconnect_opcode_resumes(fake_discord: FakeDiscord, bot: DoubleTestBot) -> None:
    """Op 7 RECONNECT makes the client close and RESUME."""
    await fake_discord.send_reconnect()
    await fake_discord.wait_for_op(6, timeout=10)
    await fake_discord.inject_message(IDS.general_channel_id, "after reconnect")
    await fake_discord.wait_for_message(IDS.general_channel_id, timeout=10)


async def test_delayed_response_can_time_out(fake_discord: FakeDiscord, bot: DoubleTestBot) -> None:
    """delay_next holds a response so client-side timeouts can be tested."""
    fake_discord.delay_next("GET", rf"/channels/{IDS.general_channel_id}", 2.0)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(bot.fetch_channel(IDS.general_channel_id), 0.2)
    assert (await bot.fetch_channel(IDS.general_channel_id)).name == "general"


@pytest.mark.fakediscord(recommended_shards=2)
async def test_autosharded_bot_gets_guild_on_owning_shard(fake_discord: FakeDiscord) -> None:
    """AutoShardedBot asks /gateway/bot, identifies twice, the guild arrives on its shard."""

    class ShardedBot(commands.AutoShardedBot):
        async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False):
            """No 5 s pause between shards in tests."""

    intents = discord.Intents.default()
    bot = ShardedBot(command_prefix="!", intents=intents, guild_ready_timeout=0.1)
    async with run_bot(fake_discord, bot):
        assert fake_discord.requests_matching("GET", "/gateway/bot")
        assert fake_discord.identify_count == 2 and bot.shard_count == 2
        guild = bot.get_guild(IDS.guild_id)
        assert guild is not None and guild.shard_id == (IDS.guild_id >> 22) % 2
        await fake_discord.drop_connection(code=4000, shard_id=guild.shard_id)
        await fake_discord.wait_for_op(6, timeout=10)
        channel = bot.get_channel(IDS.general_channel_id)
        assert (await channel.send("sharded hello")).content == "sharded hello"


async def test_missing_message_content_intent_blanks_content(fake_discord: FakeDiscord) -> None:
    """Without the message_content intent, guild message content arrives empty (like Discord)."""
    received: list[str] = []
    bot = commands.Bot(
        command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.1
    )

    @bot.event
    async def on_message(message: discord.Message) -> None:
        received.append(message.content)

    async with run_bot(fake_discord, bot):
        await fake_discord.inject_message(IDS.general_channel_id, "secret words")
        await fake_discord.inject_message(IDS.general_channel_id, f"<@{IDS.bot_user_id}> hi")
        await fake_discord.wait_until(lambda: len(received) == 2, 10)
    assert received == ["", f"<@{IDS.bot_user_id}> hi"]


@pytest.mark.fakediscord(heartbeat_interval_ms=100)
async def test_fast_heartbeats_are_acked(fake_discord: FakeDiscord, bot: DoubleTestBot) -> None:
    """With a 100 ms heartbeat interval the client keeps beating and stays connected."""
    await fake_discord.wait_for_op(1, count=4, timeout=10)
    assert fake_discord.recorder.count_ops(11, direction="send") >= 4
    assert bot.latency < 5 and not bot.is_closed()
    assert fake_discord.identify_count == 1 and fake_discord.resume_count == 0


async def test_invalid_session_makes_the_client_identify_again(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """Op 9 (not resumable) → a fresh IDENTIFY/READY; the bot keeps answering."""
    await fake_discord.invalidate_session(resumable=False)
    await fake_discord.wait_for_op(2, count=2, timeout=10)
    await fake_discord.wait_until(bot.is_ready, 10)
    await fake_discord.inject_message(IDS.general_channel_id, "new session")
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, timeout=10)
    assert reply["content"] == "echo: new session"
    assert len(fake_discord.gateway.sessions) == 2


@pytest.mark.parametrize("shard_id", [0, 1, 2])
def test_add_guild_picks_an_id_on_the_shard(fake_discord: FakeDiscord, shard_id: int) -> None:
    """add_guild(shard=...) gives an id routed to that shard, with @everyone, bot and owner."""
    guild = fake_discord.add_guild("Elsewhere", shard=(shard_id, 3))
    assert (guild.id >> 22) % 3 == shard_id
    assert guild.roles[guild.id].name == "@everyone"
    assert set(guild.members) == {IDS.bot_user_id, IDS.moderator_user_id}
    assert fake_discord.world.ids.next() > guild.id  # later snowflakes stay unique


class ShardedEchoBot(DoubleTestBot, commands.AutoShardedBot):
    """The echo bot over several shards."""


async def test_each_shard_gets_only_its_own_guild(fake_discord: FakeDiscord) -> None:
    """With two shards, an added guild on shard 0 and the default one on shard 1 stay apart."""
    other = fake_discord.add_guild("Shard Zero", shard=(0, 2))
    chat = fake_discord.add_channel("chat", guild_id=other.id)
    fake_discord.add_member("alice", guild_id=other.id)
    assert (IDS.guild_id >> 22) % 2 == 1
    bot = ShardedEchoBot(shard_count=2)
    async with run_bot(fake_discord, bot):
        assert bot.get_guild(other.id).shard_id == 0
        assert bot.get_guild(IDS.guild_id).shard_id == 1
        created = [
            (op.shard, op.data["id"])
            for op in fake_discord.recorder.gateway_ops
            if op.direction == "send" and op.event == "GUILD_CREATE"
        ]
        assert sorted(created) == [((0, 2), str(other.id)), ((1, 2), str(IDS.guild_id))]
        asked = await fake_discord.inject_message(chat.id, "hello from shard 0")
        reply = await fake_discord.wait_for_message(chat.id, after=asked.id, timeout=10)
        assert reply["content"] == "echo: hello from shard 0"
        assert [m.guild.id for m in bot.seen_messages] == [other.id]
