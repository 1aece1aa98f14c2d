"""Make scheduled announcements on time: sleep until the next due time, woken early by any change.

A slot missed while the bot was down is still made within the grace window, marked "(delayed)";
an older one is recorded as skipped and logged, never posted hours late as if it were new.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from typing import TYPE_CHECKING

from ..core.knowledge.announcements import ScheduledAnnouncement, due_time
from ..core.knowledge.status import Status
from .clocks import real_seconds
from .keys import scheduled_key
from .render import render_scheduled

if TYPE_CHECKING:
    from .service import Announcer

log = logging.getLogger(__name__)

LATE_AFTER = dt.timedelta(
    seconds=60
)  # later than this after its time, an announcement says "(delayed)"
MAX_NAP = 300.0  # real seconds: look again at least this often, whatever is due


def aware(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """Return `value` with a zone, assuming `tz` for a naive time."""
    return value if value.tzinfo else value.replace(tzinfo=tz)


class Scheduler:
    """Posts scheduled announcements through the announcer when they fall due."""

    def __init__(self, announcer: Announcer, grace: dt.timedelta) -> None:
        self.announcer = announcer
        self.grace = grace
        self.late_after = LATE_AFTER
        self._wake = asyncio.Event()
        self.next_due: dt.datetime | None = None

    def wake(self) -> None:
        """Look at the schedule again now (the status or the knowledge changed)."""
        self._wake.set()

    async def run(self) -> None:
        """Tick, then sleep until the next due time or an earlier wake, forever."""
        clock = self.announcer.clock
        while True:
            self._wake.clear()
            self.next_due = await self.safe_tick()
            nap = MAX_NAP
            if self.next_due is not None:
                wait = (self.next_due - clock.now()).total_seconds()
                nap = min(MAX_NAP, max(0.0, real_seconds(clock, wait)))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), nap)

    async def safe_tick(self) -> dt.datetime | None:
        """Tick, logging (not raising) a failure; return the next due time."""
        try:
            return await self.tick()
        except Exception:
            log.exception("scheduled announcements: tick failed")
            return None

    async def tick(self) -> dt.datetime | None:
        """Make every announcement that is due; return the earliest time still to come."""
        announcer = self.announcer
        now, tz = announcer.clock.now(), announcer.clock.tz
        upcoming: dt.datetime | None = None
        for contest in list(announcer.contests().values()):
            spec = contest.announcements
            if spec is None:
                continue
            status = contest.status
            for item in spec.scheduled:
                due = due_time(item, status.expected_at, tz)
                if due is None:
                    continue
                if due > now:
                    upcoming = due if upcoming is None else min(upcoming, due)
                    continue
                key = scheduled_key(contest.id, item.id, due)
                if await announcer.outbox.get(key) is not None:
                    continue
                late = now - due
                ann = render_scheduled(
                    contest,
                    item,
                    status=status,
                    due=due,
                    now=now,
                    tz=tz,
                    delayed=late > self.late_after,
                )
                reason = self.skip_reason(item, status, due, late)
                if reason:
                    await announcer.skip(key, "scheduled", contest.id, ann, due=due, reason=reason)
                else:
                    await announcer.submit(key, "scheduled", contest.id, ann, due=due)
        return upcoming

    def skip_reason(
        self, item: ScheduledAnnouncement, status: Status, due: dt.datetime, late: dt.timedelta
    ) -> str | None:
        """Say why a due announcement must not be made now, or None to make it."""
        if late > self.grace:
            minutes = self.grace.total_seconds() / 60
            late_min = late.total_seconds() / 60
            return f"missed by {late_min:.0f} min, more than the {minutes:.0f} min grace window"
        if not item.allowed_in(status.phase):
            return f"not made while the count is {status.label}"
        updated = status.updated_at
        if (
            item.relative
            and updated
            and due < aware(updated, self.announcer.clock.tz) - self.late_after
        ):
            return "its time had already passed when the status was last updated"
        return None
