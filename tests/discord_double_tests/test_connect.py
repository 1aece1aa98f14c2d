"""Connecting a real commands.Bot to the double: READY, GUILD_CREATE, command sync."""

from __future__ import annotations

import discord
import pytest

from tests.discord_double_tests.bot_app import DoubleTestBot
from tests.fakediscord import IDS, FakeDiscord


async def test_bot_connects_and_sees_the_default_guild(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """READY + GUILD_CREATE give the bot the guild, its channels, roles and members."""
    assert bot.user is not None and bot.user.id == IDS.bot_user_id
    assert bot.application_id == IDS.app_id
    guild = bot.get_guild(IDS.guild_id)
    assert guild is not None and not guild.unavailable
    assert guild.get_channel(IDS.qa_channel_id).name == "election-qa"
    announcements = guild.get_channel(IDS.announcements_channel_id)
    assert isinstance(announcements, discord.TextChannel) and announcements.is_news()
    assert guild.get_role(IDS.moderator_role_id).name == "Moderator"
    assert guild.me is not None
    assert fake_discord.identify_count == 1
    assert fake_discord.gateway.connection_paths == ["/gateway"]


async def test_guild_command_sync_is_recorded(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """tree.sync(guild=...) PUTs /ping to the guild commands endpoint and gets ids back."""
    path = rf"/applications/{IDS.app_id}/guilds/{IDS.guild_id}/commands"
    put = await fake_discord.wait_for_request("PUT", path)
    assert [c["name"] for c in put.json] == ["ping"]
    assert put.status == 200 and put.response[0]["id"]
    assert fake_discord.world.find_command("ping", IDS.guild_id) is not None


async def test_rest_lookups_go_through_the_double(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """fetch_* calls hit the double; unknown ids raise discord.NotFound with Discord's codes."""
    channel = await bot.fetch_channel(IDS.mod_log_channel_id)
    assert channel.name == "mod-log"
    member = await bot.get_guild(IDS.guild_id).fetch_member(IDS.alice_id)
    assert member.display_name == "Alice"
    try:
        await bot.fetch_channel(42)
    except discord.NotFound as exc:
        assert exc.code == 10003
    else:
        raise AssertionError("expected NotFound")
    assert fake_discord.requests_matching("GET", r"/channels/42", status=404)
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/no/such/route"))
    (unknown,) = fake_discord.requests_matching("GET", "/no/such/route")
    assert unknown.status == 404 and unknown.response == {"message": "404: Not Found", "code": 0}


async def test_world_can_grow_after_connect(fake_discord: FakeDiscord, bot: DoubleTestBot) -> None:
    """Channels/users added later are announced over the gateway and usable by the bot."""
    results = fake_discord.add_channel("results", topic="Live results")
    await fake_discord.announce_channel(results)
    await fake_discord.wait_until(lambda: bot.get_channel(results.id), 10)
    carol = fake_discord.add_user("carol", global_name="Carol")
    fake_discord.add_member(carol, roles=[IDS.moderator_role_id])
    await fake_discord.inject_message(results.id, "hello from carol", author=carol)
    reply = await fake_discord.wait_for_message(results.id, timeout=10)
    assert reply["content"] == "echo: hello from carol"
    author = bot.seen_messages[0].author
    assert author.id == carol.id and IDS.moderator_role_id in [r.id for r in author.roles]
