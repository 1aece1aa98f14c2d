"""Hostile messages through real discord.py and the double, as mentions and as /ask.

Every reply must be exactly one, ping nobody, stay within Discord's limits, echo nothing from
the user unescaped, and the bot must log no error and still answer a normal question after.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discord_app.client import ElectionBot
from tests.fakediscord import IDS, FakeDiscord
from tests.hostile.badfiles import BAD, break_file
from tests.hostile.conftest import ErrorLog
from tests.hostile.corpus import (
    CORPUS,
    limit_problems,
    ping_problems,
    reflected,
    texts,
    title_problems,
)
from tests.load.tracking import ReplyTracker, classify

pytestmark = pytest.mark.asyncio(loop_scope="module")

MENTION = f"<@{IDS.bot_user_id}>"
ASK_MAX = 500  # /ask's question option: Discord itself refuses longer values
WAIT = 20.0


async def ask_by_mention(fake: FakeDiscord, text: str) -> dict:
    """Mention the bot with `text` in #general; return the body of its reply POST."""
    asked = await fake.inject_message(IDS.general_channel_id, f"{MENTION} {text}", "alice")
    req = await fake.wait_for_request(
        "POST",
        rf"/channels/{IDS.general_channel_id}/messages",
        predicate=lambda r: (
            str((r.json or {}).get("message_reference", {}).get("message_id")) == str(asked.id)
        ),
        timeout=WAIT,
    )
    assert req.status == 200, req.response
    return req.json


async def ask_by_command(fake: FakeDiscord, text: str) -> dict:
    """Run /ask with `text`; return the body of its interaction callback."""
    inter = await fake.inject_slash_command("ask", {"question": text}, user="bob")
    callback = await fake.wait_for_callback(inter, timeout=WAIT)
    assert callback.request.status in (200, 204), callback.request.response
    return callback.data


def check(body: dict, error_log: ErrorLog, *, reply: bool) -> None:
    """Assert one reply body is safe: an answer, no pings, within limits, nothing raw echoed."""
    assert classify(body) == "answer", body.get("content")
    assert ping_problems(body, reply=reply) == []
    assert limit_problems(body) == []
    assert reflected(body) == [], [t[:80] for t in texts(body)]
    errors = [r.getMessage()[:300] for r in error_log.records]
    error_log.records.clear()
    assert errors == []


@pytest.mark.parametrize(("case", "text"), CORPUS, ids=[c for c, _ in CORPUS])
async def test_mention(
    fake: FakeDiscord, bot: ElectionBot, error_log: ErrorLog, case: str, text: str
) -> None:
    """A nasty message mentioning the bot gets one safe answer."""
    body = await ask_by_mention(fake, text)
    check(body, error_log, reply=True)
    assert "title" not in body["embeds"][0]  # a message reply never echoes the question


@pytest.mark.parametrize(
    ("case", "text"), [c for c in CORPUS if c[1]], ids=[c for c, t in CORPUS if t]
)
async def test_ask(
    fake: FakeDiscord, bot: ElectionBot, error_log: ErrorLog, case: str, text: str
) -> None:
    """A nasty /ask gets one safe answer whose title is the question, escaped."""
    question = text[:ASK_MAX]
    body = await ask_by_command(fake, question)
    check(body, error_log, reply=False)
    title = body["embeds"][0].get("title", "")
    assert title_problems(title, question) == []
    assert len(title) <= 256


FRAGMENTS = [t[:40] for _, t in CORPUS if t] + [
    "turnout",
    "majority",
    "@everyone",
    "**",
    "||",
    "# ",
    "> ",
]
messages = st.one_of(
    st.text(min_size=1, max_size=ASK_MAX),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=12)
    .map("".join)
    .filter(bool)
    .map(lambda s: s[:ASK_MAX]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=messages)
async def test_random_input_by_mention_and_ask(
    fake: FakeDiscord, bot: ElectionBot, error_log: ErrorLog, text: str
) -> None:
    """Random text, sent both ways, always gets one safe answer."""
    check(await ask_by_mention(fake, text), error_log, reply=True)
    body = await ask_by_command(fake, text)
    check(body, error_log, reply=False)
    assert title_problems(body["embeds"][0].get("title", ""), text) == []


@pytest.mark.parametrize(
    "case", ["billion-laughs", "invalid-utf8", "deep-flow", "huge", "python-tag"]
)
async def test_bad_knowledge_reload_keeps_serving(
    fake: FakeDiscord, bot: ElectionBot, error_log: ErrorLog, case: str
) -> None:
    """A reload onto a broken file is refused; askers keep getting the last good knowledge."""
    rel = BAD[case][0]
    path = (bot.settings.knowledge_dir / rel).resolve()
    good = path.read_bytes()
    before = bot.engine
    break_file(bot.settings.knowledge_dir, case)
    try:
        report = await bot.holder.reload()
        assert not report.ok and bot.engine is before
        body = await ask_by_mention(fake, "what was the turnout?")
        check(body, error_log, reply=True)
        assert "42.55%" in body["embeds"][0]["description"]
    finally:
        path.write_bytes(good)
    assert (await bot.holder.reload()).ok


async def test_nothing_doubled_and_still_answers(
    fake: FakeDiscord, bot: ElectionBot, error_log: ErrorLog
) -> None:
    """After all of the above no question got two replies, and a plain question is answered."""
    asked = await fake.inject_message(
        IDS.general_channel_id, f"{MENTION} what was the turnout?", "alice"
    )
    inter = await fake.inject_slash_command("ask", {"question": "what was the turnout?"})
    await fake.wait_for_callback(inter, timeout=WAIT)
    reply = await fake.wait_for_message(IDS.general_channel_id, after=asked.id, timeout=WAIT)
    tracker = ReplyTracker(fake)
    tracker.poll()
    assert len(tracker.replies) >= 2 * len(CORPUS)
    assert {k: len(v) for k, v in tracker.replies.items() if len(v) != 1} == {}
    assert "42.55%" in "\n".join(texts(reply)) and reply["message_reference"]["message_id"] == str(
        asked.id
    )
    assert "42.55%" in "\n".join(texts(fake.callbacks_for(inter)[0].data))
    assert error_log.records == []
