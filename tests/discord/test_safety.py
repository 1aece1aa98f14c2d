"""Safety and resilience through the double: no pings, Discord's limits, resume, 429s, errors."""

from __future__ import annotations

import logging

import pytest
from discord import app_commands

from bot.discord_app.client import ElectionBot
from tests.discord.test_asking import MENTION, embed_text
from tests.fakediscord import IDS, FakeDiscord

LIMITS = {"content": 2000, "description": 4096, "field": 1024, "embed": 6000}


def within_limits(message: dict) -> bool:
    """Tell whether a sent message respects Discord's length limits."""
    if len(message.get("content") or "") > LIMITS["content"]:
        return False
    for embed in message.get("embeds", []):
        total = len(embed.get("title", "")) + len(embed.get("description", ""))
        total += len(embed.get("footer", {}).get("text", ""))
        if len(embed.get("description", "")) > LIMITS["description"]:
            return False
        for field in embed.get("fields", []):
            if len(field["value"]) > LIMITS["field"]:
                return False
            total += len(field["name"]) + len(field["value"])
        if total > LIMITS["embed"]:
            return False
    return True


async def test_everyone_and_mentions_ping_nobody(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """@everyone, @here, role and user mentions in a question never ping: allowed_mentions parses nothing."""
    content = (
        f"{MENTION} @everyone @here <@&{IDS.moderator_role_id}> <@{IDS.bob_id}> "
        "what did @everyone say about the turnout?"
    )
    asked = await fake_discord.inject_message(
        IDS.general_channel_id,
        content,
        "alice",
        mention_everyone=True,
        mention_roles=[IDS.moderator_role_id],
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    req = await fake_discord.wait_for_request(
        "POST", rf"/channels/{IDS.general_channel_id}/messages", consume=False
    )
    assert req.json["allowed_mentions"]["parse"] == []
    assert not req.json["allowed_mentions"].get("users") and not req.json["allowed_mentions"].get(
        "roles"
    )
    assert req.json["allowed_mentions"].get("replied_user") is False
    assert (
        reply["mention_everyone"] is False
        and reply["mentions"] == []
        and reply["mention_roles"] == []
    )


async def test_slash_title_is_escaped(fake_discord: FakeDiscord, election_bot: ElectionBot) -> None:
    """Text echoed from a user is escaped for Markdown and mentions."""
    inter = await fake_discord.inject_slash_command(
        "ask", {"question": "**turnout** @everyone `x`"}
    )
    callback = await fake_discord.wait_for_callback(inter)
    title = callback.data["embeds"][0]["title"]
    assert "\\*\\*turnout\\*\\*" in title and "@\u200beveryone" in title and "\\`x\\`" in title
    assert callback.data["allowed_mentions"]["parse"] == []


async def test_long_question_gets_clean_reply(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """A 3,000-character question gets one reply within Discord's limits."""
    question = "what was the turnout " + "really " * 430
    assert len(question) > 3000
    asked = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} {question}", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    assert within_limits(reply)
    assert reply.get("embeds")


async def test_resumes_after_websocket_drop(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """After the gateway drops the socket with 4000, the bot resumes (no new IDENTIFY) and answers."""
    identifies = fake_discord.identify_count
    await fake_discord.drop_connection(code=4000)
    await fake_discord.wait_for_op(6, count=1, timeout=15)
    asked = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} turnout?", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id, timeout=15)
    assert "42.55%" in embed_text(reply)
    assert fake_discord.identify_count == identifies
    assert fake_discord.resume_count >= 1


async def test_429_on_message_create_is_retried_once(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """A 429 with retry_after on message create is retried, and exactly one reply is created."""
    fake_discord.fail_next(
        "POST", rf"/channels/{IDS.general_channel_id}/messages", 429, retry_after=0.2
    )
    asked = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} turnout?", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id, timeout=10)
    assert "42.55%" in embed_text(reply)
    posts = fake_discord.requests_matching("POST", rf"/channels/{IDS.general_channel_id}/messages")
    assert [r.status for r in posts][-2:] == [429, 200]
    assert (
        len(
            [
                m
                for m in fake_discord.bot_messages_in(IDS.general_channel_id)
                if int(m["id"]) > asked.id
            ]
        )
        == 1
    )


async def test_unknown_command_does_not_crash(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """An interaction for a command the bot does not have gets an apology; the bot keeps answering."""
    inter = await fake_discord.inject_slash_command("ask", {"question": "turnout"})
    await fake_discord.wait_for_callback(inter)
    ghost = fake_discord.factory.envelope(
        2,
        {"id": "1", "name": "ghost", "type": 1, "guild_id": str(IDS.guild_id), "options": []},
        IDS.alice_id,
        IDS.general_channel_id,
        None,
    )
    await fake_discord.gateway.dispatch("INTERACTION_CREATE", ghost.payload, IDS.guild_id)
    callback = await fake_discord.wait_for_callback(ghost)
    assert callback.data["flags"] & 64 and "/help" in callback.data["content"]
    again = await fake_discord.inject_slash_command("ask", {"question": "majority in 2019"})
    assert "3,595" in embed_text((await fake_discord.wait_for_callback(again)).data)


async def test_handler_error_is_logged_and_apologised(
    fake_discord: FakeDiscord,
    election_bot: ElectionBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An exception inside a handler is logged with its traceback and answered with an apology."""

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(election_bot.engine, "answer", boom)
    with caplog.at_level(logging.ERROR):
        inter = await fake_discord.inject_slash_command("ask", {"question": "turnout"})
        callback = await fake_discord.wait_for_callback(inter)
        asked = await fake_discord.inject_message(
            IDS.general_channel_id, f"{MENTION} turnout?", "alice"
        )
        reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    assert callback.data["flags"] & 64 and "Sorry" in callback.data["content"]
    assert "Sorry" in reply["content"]
    assert "engine exploded" in caplog.text and "Traceback" in caplog.text
    monkeypatch.undo()
    again = await fake_discord.inject_message(IDS.general_channel_id, f"{MENTION} turnout?", "bob")
    assert "42.55%" in embed_text(
        await fake_discord.wait_for_message(IDS.general_channel_id, after=again.id)
    )


def test_command_error_hook_is_installed(election_bot: ElectionBot) -> None:
    """The slash-command error hook is the bot's own."""
    assert election_bot.tree.on_error == election_bot.on_app_command_error
    assert isinstance(election_bot.tree.get_command("ask", guild=None), app_commands.Command)
