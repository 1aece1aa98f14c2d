"""Askers through real discord.py and the Discord double: mentions, QA channels, /ask, buttons."""

from __future__ import annotations

import gc
import logging
import sqlite3
import threading

import pytest

from bot.core.runtime.stalls import NEVER
from bot.discord_app.client import ElectionBot
from tests.discord.conftest import BotFactory
from tests.fakediscord import IDS, FakeDiscord

MENTION = f"<@{IDS.bot_user_id}>"


def embed_text(message: dict) -> str:
    """Return all the text of a message's embeds."""
    parts = []
    for embed in message.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def button_ids(message: dict) -> list[str]:
    """Return the custom ids of a message's buttons."""
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"]]


async def test_connects_and_syncs_commands(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """The bot connects, sees the guild and syncs its slash commands to it."""
    assert election_bot.get_guild(IDS.guild_id) is not None
    req = await fake_discord.wait_for_request(
        "PUT", rf"/applications/{IDS.app_id}/guilds/{IDS.guild_id}/commands", consume=False
    )
    names = {c["name"] for c in req.json}
    assert {"ask", "status", "quote", "sources", "help"} <= names


async def test_failed_command_sync_is_logged_and_mentions_still_answered(
    fake_discord: FakeDiscord, start_bot: BotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord refusing the slash commands is logged; it does not stop the bot answering."""
    fake_discord.fail_next("PUT", r"/applications/\d+/guilds/\d+/commands", 403)
    with caplog.at_level(logging.ERROR, logger="bot.discord_app.client"):
        bot = await start_bot()
        assert bot.syncing is not None
        await bot.syncing
    assert "cannot sync the slash commands (403" in caplog.text
    asked = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} whats the turnout?", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    assert "42.55%" in embed_text(reply)


async def test_mention_gets_cited_reply(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """A mention with a question gets a reply with the answer, its [¶n] mark and the verbatim span."""
    asked = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} whats the turnot??", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    text = embed_text(reply)
    assert "42.55%" in text and "[¶4]" in text
    assert "“turnout an unusually high 42.55%”" in text
    assert reply["message_reference"]["message_id"] == str(asked.id)
    assert "Count: Counting" in text
    assert {"fb:1:up", "fb:1:down"} <= set(button_ids(reply))


async def test_qa_channel_answers_questions_only(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """In a QA channel a question is answered without a mention; chatter is ignored."""
    chatter = await fake_discord.inject_message(IDS.qa_channel_id, "great night everyone", "bob")
    asked = await fake_discord.inject_message(
        IDS.qa_channel_id, "when will the result be declared?", "bob"
    )
    reply = await fake_discord.wait_for_message(IDS.qa_channel_id, after=chatter.id)
    assert reply["message_reference"]["message_id"] == str(asked.id)
    assert "5.30am" in embed_text(reply)
    assert len(fake_discord.bot_messages_in(IDS.qa_channel_id)) == 1


async def test_ignores_other_channels_and_bots(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """Without a mention, general chat is ignored, and the bot never answers itself."""
    first = await fake_discord.inject_message(
        IDS.general_channel_id, "what was the turnout?", "alice"
    )
    own = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} turnout?", IDS.bot_user_id
    )
    probe = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} turnout?", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=probe.id)
    assert reply["message_reference"]["message_id"] == str(probe.id)
    replies = [
        m for m in fake_discord.bot_messages_in(IDS.general_channel_id) if int(m["id"]) > first.id
    ]
    assert [m["id"] for m in replies] == [str(own.id), reply["id"]]


async def test_slash_ask_gets_interaction_callback(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """/ask answers through the interaction callback, publicly, with the question as title."""
    inter = await fake_discord.inject_slash_command(
        "ask", {"question": "how close was it last time"}
    )
    callback = await fake_discord.wait_for_callback(inter)
    assert callback.type == 4
    data = callback.data
    assert not data.get("flags", 0) & 64
    assert "3,595" in embed_text(data) and "[¶2]" in embed_text(data)
    assert data["embeds"][0]["title"] == "how close was it last time"


async def test_unknown_question_offers_suggestions_and_click_answers(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """An unanswerable /ask is ephemeral with suggestion buttons; clicking one answers it."""
    inter = await fake_discord.inject_slash_command(
        "ask", {"question": "what is the capital of france"}
    )
    callback = await fake_discord.wait_for_callback(inter)
    assert callback.data["flags"] & 64
    assert "I don't have that in my sources" in embed_text(callback.data)
    suggestions = [c for c in button_ids(callback.data) if c.startswith("sg:")]
    assert 1 <= len(suggestions) <= 3
    message_id = callback.message_id
    assert message_id is not None
    click = await fake_discord.inject_component(message_id, suggestions[0], user="alice")
    answer = await fake_discord.wait_for_callback(click)
    assert answer.type == 4
    assert "[¶" in embed_text(answer.data)


async def test_feedback_is_stored(fake_discord: FakeDiscord, election_bot: ElectionBot) -> None:
    """👎 on an answer is recorded in the SQLite file for the moderators."""
    asked = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} what was the turnout", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    down = next(c for c in button_ids(reply) if c.endswith(":down"))
    click = await fake_discord.inject_component(int(reply["id"]), down, user="bob")
    callback = await fake_discord.wait_for_callback(click)
    assert callback.data["flags"] & 64
    with sqlite3.connect(election_bot.settings.database_path) as db:
        rows = db.execute(
            "SELECT q.question, f.vote, f.user_id FROM feedback f JOIN questions q ON q.id = f.question_id"
        ).fetchall()
    assert rows == [
        (f"{MENTION} what was the turnout".replace(MENTION, "").strip(), -1, IDS.bob_id)
    ]


async def test_cooldown_sends_polite_notice(fake_discord: FakeDiscord, start_bot) -> None:
    """A second question inside the cooldown gets a notice instead of an answer."""
    await start_bot(cooldown_seconds=60)
    first = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} turnout?", "alice"
    )
    await fake_discord.wait_for_message(IDS.general_channel_id, after=first.id)
    second = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} majority?", "alice"
    )
    notice = await fake_discord.wait_for_message(
        IDS.general_channel_id, lambda m: "wait" in m.get("content", ""), after=second.id
    )
    assert "please wait" in notice["content"] and not notice.get("embeds")
    inter = await fake_discord.inject_slash_command("ask", {"question": "turnout?"}, user="alice")
    callback = await fake_discord.wait_for_callback(inter)
    assert callback.data["flags"] & 64 and "please wait" in callback.data["content"]
    other = await fake_discord.inject_message(IDS.general_channel_id, f"{MENTION} turnout?", "bob")
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=other.id)
    assert "42.55%" in embed_text(reply)


async def test_full_collections_wait_for_idle_moments_while_running(
    fake_discord: FakeDiscord, start_bot
) -> None:
    """The running bot holds automatic full collections (core/runtime/collector.py); close restores them."""
    saved = gc.get_threshold()
    bot = await start_bot()
    assert bot.collector is not None and not bot.collector.done()
    assert gc.get_threshold()[2] == NEVER
    asked = await fake_discord.inject_message(IDS.general_channel_id, f"{MENTION} turnout?", "bob")
    await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    await fake_discord.wait_until(lambda: bot.answering == 0, what="the mention answered")
    # While Discord is slow to take the answer, the question counts as being answered...
    fake_discord.delay_next("POST", r"/interactions/\d+/[^/]+/callback", 1.0)
    inter = await fake_discord.inject_slash_command("ask", {"question": "majority?"})
    await fake_discord.wait_until(
        lambda: fake_discord.requests_matching("POST", rf"/interactions/{inter.id}/[^/]+/callback"),
        what="the held answer",
    )
    assert bot.answering == 1
    await fake_discord.wait_for_callback(inter)
    # ...and no longer once the bot has read Discord's reply (a little after the double sent it).
    await fake_discord.wait_until(lambda: bot.answering == 0, what="no question being answered")
    await bot.close()
    assert bot.collector.done() and gc.get_threshold() == saved


async def test_the_engine_answers_on_its_own_thread(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """Answering (which may build a contest's index) runs off the event loop, on one thread."""
    engine = election_bot.holder.engine
    original = engine.answer
    threads: list[str] = []

    def answer(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    engine.answer = answer  # type: ignore[method-assign]
    try:
        for question in ("whats the turnot??", "who is standing?"):
            asked = await fake_discord.inject_message(
                IDS.general_channel_id, f"{MENTION} {question}", "alice"
            )
            await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    finally:
        del engine.answer
    loop_thread = threading.current_thread().name
    assert len(threads) == 2 and len(set(threads)) == 1, threads
    assert threads[0].startswith("engine") and threads[0] != loop_thread
