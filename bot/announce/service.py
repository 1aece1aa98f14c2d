"""The announcer: records every announcement's intent in the outbox, for the poster to deliver.

Sources of announcements: status changes (a listener on StatusUpdater), the scheduler, and
moderators. When this process starts posting (bot/announce/poster.py: at start-up, or on taking
over from a poster that died), it catches up on a status change that was saved but never
recorded (the process died in between).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping

from ..core.clock import Clock
from ..core.count.updates import StatusChange
from ..core.knowledge.announcements import AnnouncementTemplate
from ..core.knowledge.model import Contest
from ..store.database import Lead
from ..store.outbox import Outbox, OutboxRow
from .clocks import iso
from .delivery import Hook, RetryPolicy, no_hook
from .keys import manual_key, nonce_of, phase_key, ref_of
from .poster import Poster
from .render import DEFAULT_DECLARED, Announcement, render_manual, render_phase
from .scheduler import Scheduler, aware
from .transport import Transport

log = logging.getLogger(__name__)

Contests = Callable[[], Mapping[str, Contest]]


class Announcer:
    """Records the announcements of one bot process; its poster and scheduler make them."""

    def __init__(
        self,
        *,
        outbox: Outbox,
        transport: Transport,
        clock: Clock,
        channel_id: int,
        contests: Contests,
        grace: dt.timedelta = dt.timedelta(minutes=30),
        policy: RetryPolicy | None = None,
        hook: Hook = no_hook,
        lead: Lead | None = None,
    ) -> None:
        self.outbox = outbox
        self.clock = clock
        self.channel_id = channel_id
        self.contests = contests
        self.grace = grace
        self.scheduler = Scheduler(self, grace)
        self.poster = Poster(
            outbox=outbox,
            transport=transport,
            clock=clock,
            scheduler=self.scheduler,
            catch_up=self.catch_up,
            policy=policy,
            hook=hook,
            lead=lead,
        )

    async def submit(
        self,
        key: str,
        kind: str,
        contest_id: str | None,
        announcement: Announcement,
        *,
        due: dt.datetime | None = None,
    ) -> OutboxRow:
        """Record the intent to post (once per key) and queue it; return the row."""
        row, created = await self._add(key, kind, contest_id, announcement, due)
        if created:
            log.info("announcement %s recorded (%s)", ref_of(key), key)
            if self.poster.lead is None or self.poster.posting:
                self.poster.enqueue(key)  # else the poster hears of it through the lead's notice
        return row

    async def skip(
        self,
        key: str,
        kind: str,
        contest_id: str | None,
        announcement: Announcement,
        *,
        due: dt.datetime | None,
        reason: str,
    ) -> None:
        """Record an announcement that will not be made, and log why."""
        _, created = await self._add(
            key, kind, contest_id, announcement, due, state="skipped", error=reason
        )
        if created:
            log.warning("announcement %s (%s) skipped: %s", ref_of(key), key, reason)

    async def _add(
        self,
        key: str,
        kind: str,
        contest_id: str | None,
        announcement: Announcement,
        due: dt.datetime | None,
        **state: str,
    ) -> tuple[OutboxRow, bool]:
        """Insert an outbox row for `key` (once); return it and whether it is new."""
        ref = ref_of(key)
        return await self.outbox.add(
            key=key,
            ref=ref,
            nonce=nonce_of(key),
            contest_id=contest_id,
            kind=kind,
            channel_id=self.channel_id,
            payload=announcement.with_ref(ref).to_json(),
            at=iso(self.clock.now()),
            due_at=iso(due) if due else None,
            **state,
        )

    def template_for(self, contest: Contest, phase: str) -> AnnouncementTemplate | None:
        """Return the template of a phase; `declared` always has one when the contest announces."""
        spec = contest.announcements
        if spec is None:
            return None
        found = spec.on_phase.get(phase)  # type: ignore[call-overload]
        return found or (DEFAULT_DECLARED if phase == "declared" else None)

    async def on_status_change(self, change: StatusChange) -> None:
        """Announce a change of phase (or a corrected result); wake the scheduler in any case."""
        self.scheduler.wake()
        contest = self.contests().get(change.contest_id)
        before, after = change.before, change.after
        corrected = after.phase == before.phase == "declared" and after.result != before.result
        if contest is None or (after.phase == before.phase and not corrected):
            return
        template = self.template_for(contest, after.phase)
        if template is None:
            return
        correction = corrected or change.action == "status.undo"
        ann = render_phase(
            contest, after, template, now=self.clock.now(), tz=self.clock.tz, correction=correction
        )
        await self.submit(
            phase_key(contest.id, after.phase, after.version), "phase", contest.id, ann
        )

    async def catch_up(self, only: Collection[str] | None = None) -> None:
        """Announce a phase change saved to status.yaml whose announcement was never recorded.

        `only` limits the look to some contests (those a reload changed).
        """
        now, tz = self.clock.now(), self.clock.tz
        contests = self.contests()
        chosen = contests.values() if only is None else [contests[c] for c in only if c in contests]
        for contest in list(chosen):
            status = contest.status
            if (
                status.version == 0
                or status.updated_at is None
                or status.previous_phase == status.phase
            ):
                continue
            template = self.template_for(contest, status.phase)
            key = phase_key(contest.id, status.phase, status.version)
            if template is None or await self.outbox.get(key) is not None:
                continue
            changed = aware(status.updated_at, tz)
            late = now - changed
            ann = render_phase(
                contest,
                status,
                template,
                now=now,
                tz=tz,
                late_since=changed if late > self.scheduler.late_after else None,
            )
            if late > self.grace:
                minutes = late.total_seconds() / 60
                reason = f"the status changed {minutes:.0f} min ago, beyond the grace window"
                await self.skip(key, "phase", contest.id, ann, due=changed, reason=reason)
            else:
                await self.submit(key, "phase", contest.id, ann, due=changed)

    def manual(
        self,
        *,
        token: str | int,
        text: str,
        actor: str,
        contest_id: str | None = None,
        title: str | None = None,
    ) -> tuple[str, Announcement]:
        """Render a moderator's announcement; return its key and embed (submit adds the ref)."""
        contest = self.contests().get(contest_id) if contest_id else None
        ann = render_manual(
            text, actor=actor, now=self.clock.now(), tz=self.clock.tz, contest=contest, title=title
        )
        return manual_key(contest_id, token), ann
