"""Scheduled announcements under a controlled clock: on time, late within the grace, or skipped."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from bot.announce.scheduler import MAX_NAP
from tests.announce.conftest import (
    CONTEST,
    NIGHT,
    AnnounceBotFactory,
    FakeClock,
    announcements,
    announcer_of,
    embed_text,
)
from tests.fakediscord import IDS, FakeDiscord

SCHEDULE = """
scheduled:
  - id: late-ok
    at: 2021-05-06 22:50        # 10 minutes before the bot starts at 23:00: inside the grace
    title: Ten minutes ago
    text: Due at {scheduled_at}.
  - id: too-old
    at: 2021-05-06 20:00        # three hours before: outside it
    title: Three hours ago
    text: Must never be posted.
  - id: upcoming
    at: 2021-05-06T23:30:00+01:00
    title: On time
    text: Due at {scheduled_at}.
  - id: soon
    at: -30m
    title: Declaration soon
    text: About {minutes_to_declaration} minutes, at {expected_at}.
"""


@pytest.fixture(autouse=True)
def schedule(knowledge: Path) -> Path:
    """Give the knowledge copy a schedule around 23:00 (the clock's start)."""
    path = knowledge / CONTEST / "announcements.yaml"
    path.write_text(SCHEDULE, encoding="utf-8")
    return path


def titles(fake: FakeDiscord) -> list[str]:
    """Return the titles of the announcements posted so far."""
    return [m["embeds"][0]["title"] for m in announcements(fake)]


async def test_missed_inside_grace_is_delayed_and_outside_is_skipped(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """At 23:00 the 22:50 slot is posted "(delayed)"; the 20:00 one is skipped and recorded."""
    bot = await start_announcer(announce_grace_minutes=30)
    assert titles(fake_discord) == ["Ten minutes ago (delayed)"]
    text = embed_text(announcements(fake_discord)[0])
    assert "Due at 22:50; posted at 23:00 because the bot was unavailable." in text
    rows = {r.key.split("/")[2]: r for r in await bot.store.outbox.recent()}
    assert rows["late-ok"].state == "sent"
    assert rows["too-old"].state == "skipped" and "grace window" in (rows["too-old"].error or "")
    assert "upcoming" not in rows and "soon" not in rows

    await start_announcer.stop(bot)  # type: ignore[attr-defined]
    await start_announcer()  # a restart neither re-posts nor un-skips anything
    assert titles(fake_discord) == ["Ten minutes ago (delayed)"]


async def test_due_slot_is_posted_on_time_when_the_clock_gets_there(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory, clock: FakeClock
) -> None:
    """The scheduler sleeps until 23:30; at 23:30 it posts without a delay mark."""
    bot = await start_announcer()
    scheduler = announcer_of(bot).scheduler
    assert scheduler.next_due == NIGHT + dt.timedelta(minutes=30)
    clock.advance(minutes=30)
    scheduler.wake()
    message = await fake_discord.wait_for_message(
        IDS.announcements_channel_id, lambda m: "On time" in embed_text(m)
    )
    assert message["embeds"][0]["title"] == "On time" and "Due at 23:30." in embed_text(message)
    assert "Delayed" not in embed_text(message)


async def test_relative_slot_follows_expected_at_and_status_change_wakes_the_scheduler(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory, clock: FakeClock
) -> None:
    """Setting expected_at wakes the scheduler, which then sleeps until 30 minutes before it."""
    bot = await start_announcer()
    scheduler = announcer_of(bot).scheduler
    expected = NIGHT + dt.timedelta(minutes=40)
    await bot.status_updater.set_phase(CONTEST, "counting", "mod_mia", expected_at=expected)
    await fake_discord.wait_until(lambda: scheduler.next_due == NIGHT + dt.timedelta(minutes=10), 5)
    clock.advance(minutes=10)
    scheduler.wake()
    message = await fake_discord.wait_for_message(
        IDS.announcements_channel_id, lambda m: "Declaration soon" in embed_text(m)
    )
    assert "About 30 minutes, at 23:40." in embed_text(message)
    assert (
        "expected declaration (23:40) of the status last updated by mod_mia at 23:00"
        in embed_text(message)
    )


async def test_scheduler_sleeps_instead_of_polling(start_announcer: AnnounceBotFactory) -> None:
    """With nothing due for half an hour, the scheduler does not wake up in the meantime."""
    bot = await start_announcer()
    scheduler = announcer_of(bot).scheduler
    ticks = 0
    tick = scheduler.tick

    async def counting_tick() -> dt.datetime | None:
        nonlocal ticks
        ticks += 1
        return await tick()

    scheduler.tick = counting_tick  # type: ignore[method-assign]
    scheduler.wake()
    await asyncio.sleep(1.5)
    assert ticks == 1  # the wake above, then sleep until 23:30 (capped at MAX_NAP real seconds)
    assert MAX_NAP >= 60


async def test_knowledge_reload_wakes_the_scheduler(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory, schedule: Path, clock: FakeClock
) -> None:
    """A new slot added by a reload is seen at once, not at the next planned wake-up."""
    bot = await start_announcer()
    schedule.write_text(
        SCHEDULE
        + "  - id: added\n    at: 2021-05-06 22:55\n"
        + "    title: Added by a reload\n    text: Hello.\n",
        encoding="utf-8",
    )
    report = await bot.holder.reload()
    assert report.ok
    message = await fake_discord.wait_for_message(
        IDS.announcements_channel_id, lambda m: "Added by a reload" in embed_text(m)
    )
    assert message["embeds"][0]["title"] == "Added by a reload (delayed)"
