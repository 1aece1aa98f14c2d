"""Two processes on one PostgreSQL: one posts the announcements, the other stands by (issue 14).

Both record the announcements made through them; the poster (holder of the database's lead)
posts each once, whichever process recorded it, and the other takes over when the poster goes.
A real SIGKILL of a separate process is in test_kill_processes.py; here the processes are
ElectionBots of this test, each with its own connection pool.
"""

from __future__ import annotations

import time
from typing import Any

from bot.announce.keys import phase_key, ref_of
from bot.announce.poster import LEAD_POLL, Poster
from bot.discord_app.client import ElectionBot
from tests.announce.conftest import CONTEST, announcements, announcer_of, embed_text, with_ref
from tests.fakediscord import IDS, FakeDiscord
from tests.processes import ProcessFactory, ShardZero
from tests.until import until

CHANNEL = IDS.announcements_channel_id


async def poster_of(*bots: ElectionBot) -> tuple[ElectionBot, ElectionBot]:
    """Wait until exactly one bot posts; return (poster, the one standing by)."""
    await until(lambda: sum(announcer_of(b).poster.posting for b in bots) == 1, 15, "one poster")
    for bot in bots:
        await announcer_of(bot).poster.idle()
    poster = next(b for b in bots if announcer_of(b).poster.posting)
    return poster, next(b for b in bots if b is not poster)


async def sent(bot: ElectionBot, key: str, timeout: float = 15) -> Any:
    """Wait until the outbox row of `key` is sent; return it."""
    return await until(lambda: _sent_row(bot, key), timeout, f"outbox row {key} sent")


async def _sent_row(bot: ElectionBot, key: str) -> Any:
    row = await bot.store.outbox.get(key)
    return row if row is not None and row.state == "sent" else None


async def test_one_poster_posts_what_either_process_records(
    fake_discord: FakeDiscord, start_process: ProcessFactory
) -> None:
    """Both processes have an announcer; one posts; changes made through either post once."""
    first, second = await start_process(0), await start_process(1)
    poster, standby = await poster_of(first, second)
    assert (
        announcer_of(standby).poster.started.is_set() and not announcer_of(standby).poster.posting
    )

    for maker, phase in ((standby, "polls_closed"), (poster, "counting")):
        change = await maker.status_updater.set_phase(CONTEST, phase, "mod_mia")
        key = phase_key(CONTEST, phase, change.after.version)
        row = await sent(standby, key)  # one view: the standby reads what the poster recorded
        [message] = with_ref(fake_discord, ref_of(key))
        assert row.message_id == int(message["id"])
    assert len(announcements(fake_discord)) == 2
    assert [r.kind for r in await first.store.outbox.recent()] == ["phase", "phase"]


async def test_the_standby_takes_over_when_the_poster_stops(
    fake_discord: FakeDiscord, start_process: ProcessFactory
) -> None:
    """The poster stops; within a few seconds the other posts, including what was pending."""
    first, second = await start_process(0), await start_process(1)
    poster, standby = await poster_of(first, second)
    old: Poster = announcer_of(poster).poster
    fake_discord.fail_next("POST", rf"/channels/{CHANNEL}/messages", 503, count=1000)
    change = await standby.status_updater.set_phase(CONTEST, "recount", "mod_mia")
    key = phase_key(CONTEST, "recount", change.after.version)
    await until(lambda: _attempted(standby, key), 15, "a failed attempt")
    stopped = time.time()
    await old.stop()  # the poster goes (a clean stop hands the lead over at once)
    fake_discord.recorder.faults.clear()

    new = announcer_of(standby).poster
    await until(lambda: new.posting, 10, "the standby to take over")
    assert new.took_lead_at is not None and new.took_lead_at - stopped < LEAD_POLL + 5
    row = await sent(standby, key)
    [message] = with_ref(fake_discord, ref_of(key))
    assert row.message_id == int(message["id"]) and "recount" in embed_text(message)
    assert len(announcements(fake_discord)) == 1


async def _attempted(bot: ElectionBot, key: str) -> bool:
    row = await bot.store.outbox.get(key)
    return row is not None and row.attempts >= 1


async def test_announce_through_the_standby_is_posted_by_the_poster(
    fake_discord: FakeDiscord, start_process: ProcessFactory, shard_zero: ShardZero
) -> None:
    """/announce in the standby's server: recorded there, posted by the poster, and the
    moderator's Confirm reports the posted message."""
    first, second = await start_process(0), await start_process(1)
    poster, standby = await poster_of(first, second)
    channel = shard_zero.chat.id if standby is first else IDS.general_channel_id
    inter = await fake_discord.inject_slash_command(
        "announce", {"text": "Doors reopen at 6am", "title": "Notice"}, user="mod_mia",
        channel_id=channel,
    )  # fmt: skip
    preview = await fake_discord.wait_for_callback(inter, timeout=10)
    buttons = [c["custom_id"] for row in preview.data["components"] for c in row["components"]]
    assert preview.message_id is not None
    click = await fake_discord.inject_component(preview.message_id, buttons[0], user="mod_mia")
    await fake_discord.wait_for_callback(click, timeout=10)
    message = await fake_discord.wait_for_message(
        CHANNEL, lambda m: "Doors reopen" in embed_text(m), timeout=15
    )
    reply = await fake_discord.wait_until(
        lambda: (
            (m := fake_discord.original_response(inter))
            and m["content"].startswith("Posted")
            and m["content"]
        ),
        15,
    )
    assert reply.endswith(f"/{CHANNEL}/{message['id']}")
    assert len(announcements(fake_discord)) == 1
    assert any(e.action == "announce.manual" for e in await poster.store.audit.recent(5))
