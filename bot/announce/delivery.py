"""Deliver outbox rows exactly once: retry what can be retried, fail fast what cannot, reconcile.

The order of a delivery is: the row is already recorded as pending (the intent) → send with the
nonce derived from the key → record the message id → publish in a news channel. A process that
dies between sending and recording leaves a pending row for a message that exists; on start,
`reconcile` looks for the row's reference in the channel's recent messages before re-sending, and
a re-send carries the same nonce, so Discord returns the first message instead of a second one.

A send whose outcome is unknown (a 5xx after Discord created the message, a timeout) is retried
with the same nonce, which Discord remembers for a few minutes only. So once a row that has
failed before is NONCE_TRUST old, every re-send is preceded by the same look in the channel: a
message found there is recorded instead of sent again, and a look that fails is a failed attempt
(retried later), never a blind re-send.

The window that remains: a message created by Discord whose answer was lost is posted again only
if, by the look, it is out of the channel's last HISTORY_LIMIT messages while Discord has
forgotten its nonce, or was deleted by hand.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from ..core.clock import Clock
from ..store.outbox import Outbox, OutboxRow
from .clocks import iso, parse_iso, real_seconds
from .render import Announcement
from .transport import PermanentError, Sent, TransientError, Transport

log = logging.getLogger(__name__)

T = TypeVar("T")
Hook = Callable[[str, str], None]  # (step, key); steps: before_send, after_send, after_record
STEPS = ("before_send", "after_send", "after_record")
HISTORY_LIMIT = 100  # recent messages searched for a pending row's reference on start
# A re-send this long after the row was recorded may come after Discord forgot the nonce (it keeps
# it "a few minutes"): look in the channel first. Well inside the nonce memory, to be safe.
NONCE_TRUST = dt.timedelta(seconds=60)
PUBLISH_ATTEMPTS = 3
GENERIC_FIX = (
    "check Discord's status page and the bot's network; "
    "repost by hand with /announce if it still matters"
)


def no_hook(step: str, key: str) -> None:
    """Do nothing at a delivery step (tests inject a hook that kills the process)."""


class GaveUp(Exception):
    """Retrying went past the deadline."""


@dataclass
class RetryPolicy:
    """How long and how often to retry (deadline in clock time, the rest in real seconds)."""

    deadline: dt.timedelta = dt.timedelta(minutes=15)
    attempt_timeout: float = 30.0
    base: float = 1.0
    cap: float = 60.0

    def backoff(self, attempt: int) -> float:
        """Return the pause after the `attempt`-th failure: exponential with ±20% jitter."""
        pause = min(self.cap, self.base * 2 ** (attempt - 1))
        return pause * random.uniform(0.8, 1.2)


def describe(exc: BaseException) -> str:
    """Describe a failure in a few words."""
    if isinstance(exc, TimeoutError):
        return "timed out"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def title_of(row: OutboxRow) -> str:
    """Return a row's title for messages to moderators."""
    try:
        return Announcement.from_json(row.payload).title
    except (ValueError, TypeError, KeyError):
        return row.key


class Delivery:
    """Sends pending outbox rows through a transport, at most one message per row."""

    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        clock: Clock,
        policy: RetryPolicy | None = None,
        hook: Hook = no_hook,
    ) -> None:
        self.outbox = outbox
        self.transport = transport
        self.clock = clock
        self.policy = policy or RetryPolicy()
        self.hook = hook

    def _now(self) -> str:
        """Return the clock's time for the store."""
        return iso(self.clock.now())

    def _nonce_may_be_forgotten(self, row: OutboxRow) -> bool:
        """Tell whether Discord may have forgotten a row's nonce (it was first sent after the row
        was recorded, so this errs towards looking)."""
        return self.clock.now() - parse_iso(row.created_at, self.clock.tz) >= NONCE_TRUST

    def _deadline(self, row: OutboxRow) -> dt.datetime:
        """Return when retrying a row stops."""
        return parse_iso(row.created_at, self.clock.tz) + self.policy.deadline

    async def deliver(self, key: str) -> OutboxRow | None:
        """Send one pending row and record its message; return the row as it ends up."""
        row = await self.outbox.get(key)
        if row is None or row.state != "pending":
            return row
        announcement = Announcement.from_json(row.payload)
        self.hook("before_send", key)
        failures = row.attempts  # failed attempts so far, in this process or an earlier one

        async def failed_attempt(reason: str) -> None:
            nonlocal failures
            failures += 1
            await self.outbox.attempt_failed(key, reason, self._now())

        async def attempt() -> Sent:
            if failures and self._nonce_may_be_forgotten(row):
                found = await self.transport.find(row.channel_id, {row.ref}, HISTORY_LIMIT)
                if (hit := found.get(row.ref)) is not None:
                    log.info(
                        "announcement %s was already posted as message %s (found before re-sending)",
                        row.ref,
                        hit.message_id,
                    )
                    return hit
            return await self.transport.send(row.channel_id, announcement, row.nonce)

        try:
            sent = await self._retrying("sending", attempt, self._deadline(row), failed_attempt)
        except PermanentError as exc:
            await self._fail(row, exc.reason, exc.fix)
            return await self.outbox.get(key)
        except GaveUp as exc:
            await self._fail(row, str(exc), GENERIC_FIX)
            return await self.outbox.get(key)
        self.hook("after_send", key)
        await self.outbox.mark_sent(
            key, sent.message_id, self._now(), published=False if sent.news else None
        )
        self.hook("after_record", key)
        log.info("announcement %s sent as message %s", row.ref, sent.message_id)
        if sent.news:
            await self._publish(row, sent.message_id)
        return await self.outbox.get(key)

    async def reconcile(self) -> list[str]:
        """Settle pending rows after a start: found in the channel → sent; else return them."""
        rows = await self.outbox.pending()
        to_send: list[str] = []
        for channel_id in dict.fromkeys(r.channel_id for r in rows):
            group = [r for r in rows if r.channel_id == channel_id]
            refs = {r.ref for r in group}
            try:
                found = await self._retrying(
                    "reading the channel's recent messages",
                    lambda c=channel_id, f=refs: self.transport.find(c, f, HISTORY_LIMIT),
                    self.clock.now() + self.policy.deadline,
                )
            except (PermanentError, GaveUp) as exc:
                reason = exc.reason if isinstance(exc, PermanentError) else str(exc)
                fix = exc.fix if isinstance(exc, PermanentError) else GENERIC_FIX
                for row in group:
                    await self._fail(
                        row, f"could not check whether it was already posted ({reason})", fix
                    )
                continue
            for row in group:
                to_send += await self._settle(row, found.get(row.ref))
        await self.publish_pending()
        return to_send

    async def _settle(self, row: OutboxRow, hit: Sent | None) -> list[str]:
        """Mark a row found in the channel as sent, fail it if stale, or return it to send."""
        if hit is not None:
            published = hit.published if hit.news else None
            await self.outbox.mark_sent(row.key, hit.message_id, self._now(), published=published)
            log.info("announcement %s was already posted as message %s", row.ref, hit.message_id)
            return []
        if self.clock.now() > self._deadline(row):
            late = self.clock.now() - parse_iso(row.created_at, self.clock.tz)
            reason = (
                f"not sent within the retry deadline: it is {late.total_seconds() / 60:.0f} min old"
            )
            await self._fail(row, reason, "repost it by hand with /announce if it still matters")
            return []
        return [row.key]

    async def publish_pending(self) -> None:
        """Publish sent messages of news channels that are not published yet."""
        for row in await self.outbox.unpublished():
            if row.message_id is not None:
                await self._publish(row, row.message_id)

    async def _publish(self, row: OutboxRow, message_id: int) -> None:
        """Crosspost a message a few times; tell the mod-log if it stays unpublished."""
        for attempt in range(1, PUBLISH_ATTEMPTS + 1):
            try:
                await asyncio.wait_for(
                    self.transport.publish(row.channel_id, message_id), self.policy.attempt_timeout
                )
            except PermanentError as exc:
                await self.transport.notify_mods(
                    f"Announcement “{title_of(row)}” (ref {row.ref}) was posted but not published: "
                    f"{exc.reason}. To fix: {exc.fix}"
                )
                return
            except Exception as exc:
                log.warning(
                    "publishing %s failed (attempt %d): %s", row.ref, attempt, describe(exc)
                )
                await asyncio.sleep(self.policy.backoff(attempt))
                continue
            await self.outbox.mark_published(row.key, self._now())
            return
        await self.transport.notify_mods(
            f"Announcement “{title_of(row)}” (ref {row.ref}) was posted but not yet published; "
            "the bot retries on its next start, or publish it by hand."
        )

    async def _retrying(
        self,
        what: str,
        operation: Callable[[], Awaitable[T]],
        deadline: dt.datetime,
        on_failure: Callable[[str], Awaitable[None]] | None = None,
    ) -> T:
        """Run an operation until it succeeds, fails permanently, or the deadline passes."""
        attempt = 0
        while True:
            try:
                return await asyncio.wait_for(operation(), self.policy.attempt_timeout)
            except PermanentError:
                raise
            except Exception as exc:
                attempt += 1
                reason = describe(exc)
                log.warning(
                    "%s failed (attempt %d): %s", what, attempt, reason, exc_info=_unexpected(exc)
                )
                if on_failure is not None:
                    await on_failure(reason)
                remaining = (deadline - self.clock.now()).total_seconds()
                if remaining <= 0:
                    raise GaveUp(
                        f"{what} still failed after {attempt} attempt(s): {reason}"
                    ) from exc
                await asyncio.sleep(
                    max(0.0, min(self.policy.backoff(attempt), real_seconds(self.clock, remaining)))
                )

    async def _fail(self, row: OutboxRow, reason: str, fix: str) -> None:
        """Mark a row failed and tell the mod-log what to fix."""
        if not await self.outbox.mark_failed(row.key, reason, self._now()):
            return
        log.error("announcement %s (%s) failed: %s", row.ref, row.key, reason)
        await self.transport.notify_mods(
            f"⚠️ Announcement “{title_of(row)}” ({row.kind}, ref {row.ref}) was NOT posted: "
            f"{reason}. "
            f"To fix: {fix}"
        )


def _unexpected(exc: BaseException) -> bool:
    """Tell whether a failure is not one of the expected transient kinds (log its traceback)."""
    return not isinstance(exc, TransientError | TimeoutError | OSError)
