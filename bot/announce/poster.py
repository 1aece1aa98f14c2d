"""The poster: delivers recorded announcements in order, in the one process that holds the lead.

Several processes on one database (PostgreSQL) each record the announcements made through them,
but only one posts: the holder of the database's "announcements" lead (an advisory lock on a
connection of its own). The others stand by and try to take the lead every LEAD_POLL seconds; when
the poster dies, the server drops its connection and lock, and the next to try takes over. It
then does what a restarted process does (reconcile, catch up, schedule), so every announcement is
still posted once: rows the dead poster left are looked for in the channel before being re-sent,
with the same nonce. The poster hears of rows recorded by the others through the lead's notices,
and sweeps the outbox for pending rows every HEARTBEAT seconds in case a notice was missed. Alone
on a SQLite file (`lead` None) the process always posts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from ..core.clock import Clock
from ..store.database import Lead
from ..store.outbox import Outbox, OutboxRow
from .delivery import Delivery, Hook, RetryPolicy, no_hook
from .scheduler import Scheduler
from .transport import Transport

log = logging.getLogger(__name__)

LEAD_POLL = 1.0  # seconds between a standing-by process's attempts to take the lead
HEARTBEAT = 1.0  # seconds between the poster's checks that it still leads (and outbox sweeps)
RETRY_BROKEN = 30.0  # seconds before a row whose delivery failed unexpectedly is tried again
WAIT_POLL = 0.25  # seconds between looks at a row that another process may be posting


class LeadLost(Exception):
    """This process no longer holds the announcements lead."""


class Poster:
    """Owns the delivery worker of one bot process, and the scheduler's run while it posts."""

    def __init__(
        self,
        *,
        outbox: Outbox,
        transport: Transport,
        clock: Clock,
        scheduler: Scheduler,
        catch_up: Callable[[], Awaitable[None]],
        policy: RetryPolicy | None = None,
        hook: Hook = no_hook,
        lead: Lead | None = None,
    ) -> None:
        self.outbox = outbox
        self.transport = transport
        self.delivery = Delivery(outbox, transport, clock, policy, hook)
        self.scheduler = scheduler
        self.catch_up = catch_up  # announces what was saved but never recorded, before posting
        self.lead = lead  # None: the only process on its database, which always posts
        self.posting = False  # this process posts now (it holds the lead, or needs none)
        self.took_lead_at: float | None = None  # time.time() when this process last began posting
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.started = asyncio.Event()  # set once this process posts or stands by
        self._queued: set[str] = set()  # keys queued or being delivered
        self._broken: dict[str, float] = {}  # key -> when its unexpected failure may be retried
        self._done: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []
        if lead is not None:
            lead.on_notice(self._noticed)

    async def start(self) -> None:
        """Start posting, or standing by (it reconciles first, then starts the scheduler)."""
        self._tasks.append(asyncio.create_task(self._run(), name="announce-lead"))

    async def stop(self) -> None:
        """Stop posting and hand the lead over; pending rows stay pending for the next poster."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        self.posting = False
        if self.lead is not None:
            await self.lead.release()

    async def idle(self) -> None:
        """Wait until start-up is done and nothing is queued or being sent."""
        await self.started.wait()
        await self.queue.join()

    async def _run(self) -> None:
        """Post while this process holds the lead; stand by and try again while it does not."""
        await self.transport.wait_ready()
        while True:
            if self.lead is not None and not await self.lead.acquire():
                self.started.set()  # standing by
                await asyncio.sleep(LEAD_POLL)
                continue
            try:
                await self._post()
            except LeadLost:
                log.warning("this process lost the announcements lead: it stops posting")
            except Exception:
                log.exception("posting announcements failed unexpectedly; starting again")
                await asyncio.sleep(LEAD_POLL)
            finally:
                self.posting = False
                self._queued.clear()
                while not self.queue.empty():
                    self.queue.get_nowait()
                    self.queue.task_done()

    async def _post(self) -> None:
        """Reconcile, catch up, start the scheduler, then deliver queued rows in order."""
        if self.lead is not None:
            log.info("this process now posts the announcements")
        self.took_lead_at = time.time()
        for key in await self.delivery.reconcile():
            self.enqueue(key)
        await self.catch_up()
        self.posting = True
        await self._sweep()  # rows other processes recorded meanwhile
        self.scheduler.next_due = await self.scheduler.safe_tick()
        self.started.set()
        tasks = [
            asyncio.create_task(self.scheduler.run(), name="announce-scheduler"),
            asyncio.create_task(self._deliver_queued(), name="announce-worker"),
        ]
        if self.lead is not None:
            tasks.append(asyncio.create_task(self._keep_lead(), name="announce-heartbeat"))
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()  # LeadLost from the heartbeat
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _deliver_queued(self) -> None:
        """Deliver queued rows one at a time, in order."""
        while True:
            key = await self.queue.get()
            try:
                await self.delivery.deliver(key)
            except Exception:
                log.exception("delivering announcement %s failed unexpectedly", key)
                self._broken[key] = time.monotonic() + RETRY_BROKEN
            finally:
                self._queued.discard(key)
                self.queue.task_done()
                if (event := self._done.pop(key, None)) is not None:
                    event.set()

    async def _keep_lead(self) -> None:
        """Check the lead every HEARTBEAT s (LeadLost when it is gone) and sweep the outbox."""
        assert self.lead is not None
        while True:
            await asyncio.sleep(HEARTBEAT)
            if not await self.lead.held():
                raise LeadLost
            await self._sweep()

    async def _sweep(self) -> None:
        """Queue pending rows nobody queued (recorded by other processes); log a failure."""
        try:
            rows = await self.outbox.pending()
        except Exception as exc:
            log.warning("could not read the outbox for pending announcements: %r", exc)
            return
        now = time.monotonic()
        for row in rows:
            if self._broken.get(row.key, 0.0) <= now:
                self.enqueue(row.key)

    def enqueue(self, key: str) -> None:
        """Queue a key for delivery unless it is queued or being delivered."""
        if key not in self._queued:
            self._queued.add(key)
            self.queue.put_nowait(key)

    def _noticed(self, key: str) -> None:
        """Queue a row another process recorded (a notice to the lead's holder)."""
        if self.posting:
            self.enqueue(key)

    async def wait_for(self, key: str, timeout: float) -> OutboxRow | None:
        """Wait up to `timeout` seconds for a row to leave `pending` (posted here or by another
        process); return it."""
        deadline = time.monotonic() + timeout
        event = self._done.setdefault(key, asyncio.Event())
        try:
            while True:
                row = await self.outbox.get(key)
                remaining = deadline - time.monotonic()
                if row is None or row.state != "pending" or remaining <= 0:
                    return row
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), min(WAIT_POLL, remaining))
        finally:
            if self._done.get(key) is event and not event.is_set():
                del self._done[key]
