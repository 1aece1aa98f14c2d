"""A moderator's text is escaped wherever it is shown: reply, mod-log, announcement, answers, /status.

Reproduces issue 12's report: `/count set phase:Postponed note:"@everyone ‮evil"`, then
"who won?". Mentions, Markdown and the right-to-left override must not come through; the note
must still read as typed (less the override); nothing may ping.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from bot.announce.render import render_manual
from bot.core.display import unescaped
from bot.discord_app.client import ElectionBot
from tests.discord.test_asking import MENTION
from tests.fakediscord import IDS, FakeDiscord
from tests.hostile.corpus import ping_problems, reflected, texts
from tests.moderation.conftest import CONTEST, wait_for_modlog
from tests.moderation.test_count import press

NOTE = "@everyone \u202eevil **bold** <@1200000000000000303> [site](https://example.com) ||x||"
SHOWN = "@everyone evil **bold** <@1200000000000000303> [site](https://example.com) ||x||"
CODE_BLOCK = re.compile(r"```\n[^`]*\n```")  # a fence, lines without backticks, a fence
RESULT = "Jill **Mortimer** (@here) 15529; Paul Williams (Labour) 8589"


def sent_bodies(fake: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    """Return the JSON of every message the bot posted to a channel."""
    return [r.json for r in fake.requests_matching("POST", rf"/channels/{channel_id}/messages")]


def outside_code_blocks(body: dict[str, Any]) -> dict[str, Any]:
    """Return `body` without its code blocks (the result table), where nothing renders or pings."""
    embeds = [
        {**e, "description": CODE_BLOCK.sub("", e.get("description") or "")}
        for e in body.get("embeds") or []
    ]
    return {**body, "embeds": embeds}


def assert_escaped_as_typed(body: dict[str, Any], typed: str) -> None:
    """Nothing raw or pinging in `body`, and `typed` reads as typed once Discord renders it."""
    assert reflected(outside_code_blocks(body)) == [], body
    assert typed in unescaped("\n".join(texts(body))), body


async def test_a_moderators_note_is_escaped_everywhere_it_is_shown(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """The note reaches the reply, mod-log, announcement, answers and /status escaped, pinging no one."""
    inter = await fake_discord.inject_slash_command(
        "count set", {"phase": "postponed", "note": NOTE}, user="mod_mia"
    )
    reply = (await fake_discord.wait_for_callback(inter)).data
    assert_escaped_as_typed(reply, SHOWN)
    await wait_for_modlog(fake_discord, "set Hartlepool by-election to Postponed")
    announcement = await fake_discord.wait_for_message(
        IDS.announcements_channel_id, lambda m: "postponed" in str(m.get("embeds"))
    )
    asked = await fake_discord.inject_message(IDS.general_channel_id, f"{MENTION} who won?")
    answer = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    assert "No result has been declared yet" in answer["embeds"][0]["description"]
    status = await fake_discord.inject_slash_command("status", {})
    status_body = (await fake_discord.wait_for_callback(status)).data

    for body in (announcement, answer, status_body):
        assert_escaped_as_typed(body, SHOWN)
    [modlog] = sent_bodies(fake_discord, IDS.mod_log_channel_id)
    assert_escaped_as_typed(modlog, SHOWN)
    for channel in (IDS.mod_log_channel_id, IDS.announcements_channel_id, IDS.general_channel_id):
        for body in sent_bodies(fake_discord, channel):
            assert ping_problems(body, reply="message_reference" in body) == []
    # The core keeps the note without the override: on disk and for the console too.
    status_yaml = (mod_bot.settings.knowledge_dir / CONTEST / "status.yaml").read_text("utf-8")
    assert yaml.safe_load(status_yaml)["note"] == SHOWN


async def test_declared_names_are_escaped_in_the_preview_mod_log_and_answers(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """Candidate names typed into /count declare show as typed, never as Markdown or a mention."""
    inter = await fake_discord.inject_slash_command(
        "count declare", {"candidates": RESULT}, user="mod_mia"
    )
    preview = "\n".join(texts((await fake_discord.wait_for_callback(inter)).data))
    # The bot bolds the winner's line itself; the name inside stays escaped.
    assert "Jill \\*\\*Mortimer\\*\\* (@\u200bhere)" in preview and "@here" not in preview

    await press(fake_discord, mod_bot, inter, "confirm", "mod_mia")
    await wait_for_modlog(fake_discord, "declared the Hartlepool by-election result")
    asked = await fake_discord.inject_message(IDS.general_channel_id, f"{MENTION} who won?")
    answer = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    announcement = await fake_discord.wait_for_message(
        IDS.announcements_channel_id, lambda m: "declared" in str(m.get("embeds"))
    )
    modlog = sent_bodies(fake_discord, IDS.mod_log_channel_id)[-1]
    for body in (answer, announcement, modlog):
        assert_escaped_as_typed(body, "Jill **Mortimer** (@here)")


def test_an_announcement_reads_the_same_in_discord_and_on_the_console() -> None:
    """/announce text is escaped for Discord; the console (bot rehearse) shows it as Discord does."""
    now = dt.datetime(2021, 5, 6, 23, 0, tzinfo=dt.UTC)
    ann = render_manual("Doors **reopen** @everyone \u202e!", actor="Mia_(Mod)", now=now, tz=dt.UTC)
    assert ann.description == "Doors \\*\\*reopen\\*\\* @\u200beveryone !"
    assert ann.fields[0].value == "Announced by Mia\\_\\(Mod\\) at 23:00"
    assert "Doors **reopen** @everyone !" in ann.text() and "Mia_(Mod)" in ann.text()
