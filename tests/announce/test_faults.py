"""Faults through the double: 5xx, 429, lost responses retried and posted once; 403 fails fast."""

from __future__ import annotations

import sqlite3
import time

import pytest

from bot.announce.keys import phase_key
from bot.store.outbox import OutboxRow
from tests.announce.conftest import (
    CONTEST,
    AnnounceBotFactory,
    FakeClock,
    announcements,
    announcer_of,
    embed_text,
)
from tests.fakediscord import IDS, FakeDiscord

CHANNEL = IDS.announcements_channel_id
POSTS = rf"/channels/{CHANNEL}/messages"


async def polls_closed(bot) -> OutboxRow:  # type: ignore[no-untyped-def]
    """Move the count to polls_closed, wait for delivery to settle, return the outbox row."""
    change = await bot.status_updater.set_phase(CONTEST, "polls_closed", "mod_mia")
    await announcer_of(bot).poster.idle()
    row = await bot.store.outbox.get(phase_key(CONTEST, "polls_closed", change.after.version))
    assert row is not None
    return row


async def attempts(bot, key: str) -> int:  # type: ignore[no-untyped-def]
    """Return how many failed attempts a row has recorded."""
    row = await bot.store.outbox.get(key)
    return row.attempts if row else 0


def statuses(fake: FakeDiscord) -> list[int | None]:
    """Return the HTTP statuses of the message posts to the announcements channel."""
    return [r.status for r in fake.requests_matching("POST", POSTS)]


@pytest.mark.parametrize(
    ("status", "count", "lost", "expected"),
    [
        (500, 1, False, [500, 200]),  # discord.py retries 500 itself, with the same nonce
        (503, 2, False, [503, 503, 200]),  # discord.py raises 503 at once: the outbox retries
        (500, 1, True, [500, 200]),  # created, but the response is lost: the nonce returns it
        (503, 1, True, [503, 200]),  # created, response lost, retried by the outbox: same message
        (429, 2, False, [429, 429, 200]),  # rate limited twice
    ],
)
async def test_transient_failures_are_retried_and_posted_once(
    fake_discord: FakeDiscord,
    start_announcer: AnnounceBotFactory,
    status: int,
    count: int,
    lost: bool,
    expected: list,
) -> None:
    """Whatever Discord answers on the way, exactly one message exists and the row is sent."""
    bot = await start_announcer()
    fake_discord.fail_next("POST", POSTS, status, count=count, retry_after=0.1, after_handler=lost)
    row = await polls_closed(bot)
    assert statuses(fake_discord) == expected
    [message] = announcements(fake_discord)
    assert (row.state, row.message_id) == ("sent", int(message["id"]))
    posts = fake_discord.requests_matching("POST", POSTS)
    assert len({p.json["nonce"] for p in posts}) == 1  # every attempt carried the same nonce


async def test_403_fails_fast_and_tells_the_mod_log(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """Missing permissions: one attempt, the row is failed, and the mod-log says what to fix."""
    bot = await start_announcer(fast=False)
    fake_discord.set_channel_forbidden(CHANNEL)
    started = time.monotonic()
    row = await polls_closed(bot)
    assert time.monotonic() - started < 3
    assert row.state == "failed" and "403" in (row.error or "")
    assert statuses(fake_discord) == [403]
    [note] = fake_discord.bot_messages_in(IDS.mod_log_channel_id)
    assert "NOT posted" in note["content"] and "Send Messages" in note["content"]
    assert f"<#{CHANNEL}>" in note["content"] and note["mention_everyone"] is False


async def test_404_fails_fast(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """A channel that does not exist fails at once and the mod-log names the setting to fix."""
    bot = await start_announcer(announce_channel_id=4242)
    row = await polls_closed(bot)
    assert row.state == "failed" and "404" in (row.error or "")
    [note] = fake_discord.bot_messages_in(IDS.mod_log_channel_id)
    assert "ANNOUNCE_CHANNEL_ID" in note["content"]


async def test_gives_up_at_the_deadline_and_tells_the_mod_log(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory, clock: FakeClock
) -> None:
    """Discord down past the retry deadline: the row fails, the mod-log is told; nothing posted."""
    bot = await start_announcer(announce_retry_deadline_seconds=120)
    fake_discord.fail_next("POST", POSTS, 503, count=1000)
    await bot.status_updater.set_phase(CONTEST, "polls_closed", "mod_mia")
    await fake_discord.wait_until(
        lambda: len(fake_discord.requests_matching("POST", POSTS)) >= 3, 10
    )
    clock.advance(seconds=121)
    await announcer_of(bot).poster.idle()
    [row] = [r for r in await bot.store.outbox.recent() if r.kind == "phase"]
    assert row.state == "failed" and row.attempts >= 3 and "still failed after" in (row.error or "")
    assert announcements(fake_discord) == []
    [note] = fake_discord.bot_messages_in(IDS.mod_log_channel_id)
    assert "NOT posted" in note["content"] and "503" in note["content"]


async def test_restart_with_a_pending_announcement_posts_it_once(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """A row left pending by a stopped bot is posted once by the next bot on the same SQLite."""
    first = await start_announcer()
    policy = announcer_of(first).poster.delivery.policy
    policy.base = policy.cap = 60.0  # after one failure it waits a minute...
    fake_discord.fail_next("POST", POSTS, 503)
    change = await first.status_updater.set_phase(CONTEST, "polls_closed", "mod_mia")
    key = phase_key(CONTEST, "polls_closed", change.after.version)
    await fake_discord.wait_until(lambda: attempts(first, key), 5)
    await start_announcer.stop(first)  # type: ignore[attr-defined]  # ...and is stopped meanwhile
    with sqlite3.connect(first.settings.database_path) as db:
        assert db.execute(
            "SELECT state, attempts FROM outbox WHERE key = ?", (key,)
        ).fetchone() == ("pending", 1)
    assert announcements(fake_discord) == []

    second = await start_announcer()
    [message] = announcements(fake_discord)
    stored = await second.store.outbox.get(key)
    assert stored is not None and (stored.state, stored.message_id) == ("sent", int(message["id"]))
    assert stored.attempts == 1 and "polls have closed" in embed_text(message)


async def test_restart_after_a_lost_response_finds_the_message(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """Created, but the answer lost: after a restart the channel is searched, not re-posted."""
    first = await start_announcer()
    policy = announcer_of(first).poster.delivery.policy
    policy.base = policy.cap = 60.0  # no retry before the stop
    fake_discord.fail_next("POST", POSTS, 503, after_handler=True)
    change = await first.status_updater.set_phase(CONTEST, "polls_closed", "mod_mia")
    key = phase_key(CONTEST, "polls_closed", change.after.version)
    await fake_discord.wait_until(lambda: attempts(first, key), 5)
    await start_announcer.stop(first)  # type: ignore[attr-defined]

    second = await start_announcer()
    [message] = announcements(fake_discord)
    assert statuses(fake_discord) == [503]  # found by its footer reference: no second POST
    stored = await second.store.outbox.get(key)
    assert stored is not None and (stored.state, stored.message_id, stored.published) == (
        "sent",
        int(message["id"]),
        True,
    )


async def test_timeout_is_retried_with_the_same_nonce(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """A send that hangs past the attempt timeout is retried; the nonce keeps it to one message."""
    bot = await start_announcer()
    announcer_of(bot).poster.delivery.policy.attempt_timeout = 0.3
    fake_discord.delay_next("POST", POSTS, 1.5)
    row = await polls_closed(bot)
    assert row.state == "sent" and row.attempts == 1 and row.error is None
    await fake_discord.wait_until(
        lambda: all(statuses(fake_discord)) and len(statuses(fake_discord)) == 2, 5
    )
    [message] = announcements(fake_discord)
    assert row.message_id == int(message["id"])


async def test_gateway_drop_is_ridden_out(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """A gateway drop around an announcement neither loses nor doubles it."""
    bot = await start_announcer()
    await fake_discord.drop_connection(code=4000)
    row = await polls_closed(bot)
    assert row.state == "sent"
    assert len(announcements(fake_discord)) == 1


async def outage_outlasting_the_nonce(fake: FakeDiscord, clock: FakeClock) -> None:
    """Let Discord forget the nonces and the clock pass its memory; the outage then ends."""
    fake.world.nonces.clear()  # what Discord remembers of nonces lasts a few minutes
    clock.advance(minutes=6)
    fake.recorder.faults.clear()


async def test_a_created_message_is_found_after_a_long_outage(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory, clock: FakeClock
) -> None:
    """Issue 12 item 7: created, the answer lost, then an outage longer than Discord's nonce
    memory; before sending again the bot looks in the channel (a failed look sends nothing),
    finds the message and records it: one message, no second POST."""
    bot = await start_announcer()
    fake_discord.fail_next("POST", POSTS, 503, after_handler=True)  # created; the answer lost
    fake_discord.fail_next("POST", POSTS, 503, count=1000)  # then down for a long while
    change = await bot.status_updater.set_phase(CONTEST, "polls_closed", "mod_mia")
    key = phase_key(CONTEST, "polls_closed", change.after.version)
    await fake_discord.wait_until(lambda: len(statuses(fake_discord)) >= 3, 10)
    [created] = announcements(fake_discord)
    await outage_outlasting_the_nonce(fake_discord, clock)
    fake_discord.fail_next("GET", POSTS, 503, count=2)  # the first looks fail too
    posts_before = len(statuses(fake_discord))

    await announcer_of(bot).poster.idle()
    row = await bot.store.outbox.get(key)
    assert row is not None and (row.state, row.message_id) == ("sent", int(created["id"]))
    assert [m["id"] for m in announcements(fake_discord)] == [created["id"]]
    assert len(statuses(fake_discord)) == posts_before  # never re-sent blind
    looks = [r.status for r in fake_discord.requests_matching("GET", POSTS)]
    assert looks == [503, 503, 200]
    assert 200 not in statuses(fake_discord)


async def test_an_announcement_never_created_is_sent_once_after_a_long_outage(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory, clock: FakeClock
) -> None:
    """Down before anything was created, past the nonce memory: the look finds nothing, and
    the announcement is sent once."""
    bot = await start_announcer()
    fake_discord.fail_next("POST", POSTS, 503, count=1000)
    await bot.status_updater.set_phase(CONTEST, "polls_closed", "mod_mia")
    await fake_discord.wait_until(lambda: len(statuses(fake_discord)) >= 2, 10)
    await outage_outlasting_the_nonce(fake_discord, clock)
    await announcer_of(bot).poster.idle()
    [message] = announcements(fake_discord)
    assert statuses(fake_discord)[-1] == 200 and statuses(fake_discord).count(200) == 1
    requests = [
        (r.method, r.status)
        for r in fake_discord.recorder.requests
        if r.path == POSTS.replace("\\", "")
    ]
    assert requests[-2:] == [("GET", 200), ("POST", 200)]  # looked, then sent
    assert "polls have closed" in embed_text(message)
