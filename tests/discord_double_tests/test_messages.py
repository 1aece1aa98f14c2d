"""Message flow through the double: replies, mentions, nonce dedupe, 429/500/403 handling."""

from __future__ import annotations

import discord
import pytest

from tests.discord_double_tests.bot_app import DoubleTestBot
from tests.fakediscord import IDS, FakeDiscord

MESSAGES = r"/channels/\d+/messages"


async def test_injected_message_gets_a_reply_without_pings(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """The bot's reply is recorded with allowed_mentions {"parse": []} and stored as a reply."""
    incoming = await fake_discord.inject_message(
        IDS.qa_channel_id, f"hi <@{IDS.bob_id}> @everyone", author="alice"
    )
    req = await fake_discord.wait_for_request("POST", MESSAGES, timeout=10)
    assert req.path == f"/channels/{IDS.qa_channel_id}/messages"
    assert req.json["content"] == f"echo: hi <@{IDS.bob_id}> @everyone"
    assert req.json["allowed_mentions"] == {"parse": []}
    assert req.json["message_reference"]["message_id"] == incoming.id
    assert req.headers["Authorization"].startswith("Bot ")
    reply = fake_discord.bot_messages_in(IDS.qa_channel_id)[-1]
    assert reply["type"] == 19 and reply["referenced_message"]["id"] == str(incoming.id)
    assert reply["mentions"] == [] and reply["mention_everyone"] is False
    seen = bot.seen_messages[0]
    assert seen.author.id == IDS.alice_id and isinstance(seen.author, discord.Member)
    assert [m.id for m in seen.mentions] == [IDS.bob_id]


async def test_message_history_and_edit_roundtrip(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """Messages sent by the bot can be fetched, paged, edited, crossposted and deleted."""
    channel = bot.get_channel(IDS.announcements_channel_id)
    first = await channel.send("polls close at 10pm")
    second = await channel.send("turnout is high")
    history = [m.id async for m in channel.history(limit=10)]
    assert history == [second.id, first.id]
    assert [m.id async for m in channel.history(after=first)] == [second.id]
    edited = await first.edit(content="polls closed")
    assert edited.content == "polls closed" and edited.edited_at is not None
    published = await second.publish()
    assert published is None and fake_discord.get_message(second.id)["flags"] & 1
    await second.add_reaction("✅")
    assert fake_discord.get_message(second.id)["reactions"][0]["me"] is True
    await first.delete()
    assert [m["id"] for m in fake_discord.messages_in(channel.id)] == [str(second.id)]
    async with channel.typing():
        pass
    assert fake_discord.requests_matching("POST", rf"/channels/{channel.id}/typing")


async def test_429_is_retried_and_creates_exactly_one_message(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """A 429 (with Via + retry_after) on message create is retried; one message results."""
    fake_discord.fail_next("POST", MESSAGES, 429, retry_after=0.05)
    await fake_discord.inject_message(IDS.general_channel_id, "rate me")
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, timeout=10)
    assert reply["content"] == "echo: rate me"
    posts = fake_discord.requests_matching("POST", MESSAGES)
    assert [p.status for p in posts] == [429, 200]
    assert posts[0].fault_injected and posts[0].json["nonce"] == posts[1].json["nonce"]
    assert len(fake_discord.bot_messages_in(IDS.general_channel_id)) == 1
    assert not bot.reply_errors


async def test_nonce_with_enforce_nonce_deduplicates(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """Two sends with the same nonce return the same message; only one is stored."""
    channel = bot.get_channel(IDS.general_channel_id)
    a = await channel.send("results at 11", nonce=123456)
    b = await channel.send("results at 11 (dup)", nonce=123456)
    c = await channel.send("other", nonce=654321)
    assert a.id == b.id != c.id and b.content == "results at 11"
    assert [m["content"] for m in fake_discord.bot_messages_in(channel.id)] == [
        "results at 11",
        "other",
    ]
    assert len(fake_discord.dispatched_events("MESSAGE_CREATE")) == 2


async def test_lost_500_response_is_retried_and_deduplicated_by_nonce(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """A 500 after the message was created: discord.py retries with the same nonce, no dupe."""
    fake_discord.fail_next("POST", MESSAGES, 500, after_handler=True)
    message = await bot.get_channel(IDS.general_channel_id).send("turnout update")
    posts = fake_discord.requests_matching("POST", MESSAGES)
    assert [p.status for p in posts] == [500, 200]
    assert len(fake_discord.bot_messages_in(IDS.general_channel_id)) == 1
    assert fake_discord.bot_messages_in(IDS.general_channel_id)[0]["id"] == str(message.id)


async def test_forbidden_channel_raises_discord_forbidden(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """A channel marked forbidden answers 403/50013, surfacing as discord.Forbidden."""
    fake_discord.set_channel_forbidden(IDS.mod_log_channel_id)
    with pytest.raises(discord.Forbidden) as excinfo:
        await bot.get_channel(IDS.mod_log_channel_id).send("audit entry")
    assert excinfo.value.code == 50013
    fake_discord.fail_next("POST", MESSAGES, 403)
    await fake_discord.inject_message(IDS.general_channel_id, "anyone?")
    await fake_discord.wait_until(lambda: bot.reply_errors, timeout=10)
    assert isinstance(bot.reply_errors[0], discord.Forbidden)
    assert fake_discord.bot_messages_in(IDS.mod_log_channel_id) == []


async def test_invalid_bodies_are_rejected_like_discord(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """Over-long content is a 400/50035, so bots that forget to truncate fail in tests too."""
    with pytest.raises(discord.HTTPException) as excinfo:
        await bot.get_channel(IDS.general_channel_id).send("x" * 2001)
    assert excinfo.value.status == 400 and excinfo.value.code == 50035


async def test_direct_messages(fake_discord: FakeDiscord, bot: DoubleTestBot) -> None:
    """DMs: the bot opens a DM with user.send(), and replies to an injected DM."""
    alice = await bot.fetch_user(IDS.alice_id)
    sent = await alice.send("your polling station is open")
    dm = fake_discord.dm_channel("alice")
    assert sent.channel.id == dm.id
    assert fake_discord.requests_matching("POST", "/users/@me/channels")
    await fake_discord.inject_message(dm.id, "thanks!", author="alice")
    reply = await fake_discord.wait_for_message(dm.id, lambda m: m["content"].startswith("echo"))
    assert reply["content"] == "echo: thanks!" and "guild_id" not in reply
    assert isinstance(bot.seen_messages[0].channel, discord.DMChannel)
