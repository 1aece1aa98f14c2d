"""Change a contest's counting status: validated, written atomically under a lock, announced to listeners.

Several bot processes may share one knowledge folder (README, "Sharding"). They are then given a
lock shared by all of them (`shared_lock`, a PostgreSQL advisory lock), and each change reads
status.yaml again under it, so that a change just made through another process, which this one
may not have reloaded yet, is built on rather than overwritten.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from ..atomic import atomic_write
from ..clock import Clock
from ..knowledge.model import Contest
from ..knowledge.reader import Reader
from ..knowledge.status import DEFAULT_STATUS, Phase, Result, Status
from ..runtime.holder import KnowledgeHolder

log = logging.getLogger(__name__)

HEADER = (
    "# The counting status of this contest. The bot rewrites this file when moderators change\n"
    "# the status from Discord (comments here are not kept). Edit by hand only while the bot is\n"
    "# stopped, or through a reviewed pull request; `bot check` validates it.\n"
)


class StatusError(ValueError):
    """A status change that cannot be made; the message says why."""


@dataclass(frozen=True)
class StatusChange:
    """One change of a contest's status."""

    contest_id: str
    before: Status
    after: Status
    actor: str
    action: str


Listener = Callable[[StatusChange], Awaitable[None]]
SharedLock = Callable[[], AbstractAsyncContextManager[object]]
Check = Callable[[Status], None]  # raises StatusError when a change must not be made on `before`


def dump_status(status: Status) -> str:
    """Render a status as the YAML of status.yaml."""
    data: dict[str, Any] = status.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    if not data.get("citations"):
        data.pop("citations", None)
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


class StatusUpdater:
    """Serialises status changes per contest so that concurrent moderators never lose one."""

    def __init__(
        self, holder: KnowledgeHolder, clock: Clock, shared_lock: SharedLock | None = None
    ) -> None:
        self.holder = holder
        self.clock = clock
        self.shared_lock = shared_lock  # held by every process's edits; None: one process
        self.listeners: list[Listener] = []

    def current(self, contest_id: str) -> Status:
        """Return the status being served for a contest."""
        contest = self.holder.engine.kb.contests.get(contest_id)
        if contest is None:
            raise StatusError(f"unknown contest {contest_id!r}")
        return contest.status

    async def set_phase(
        self,
        contest_id: str,
        phase: Phase,
        actor: str,
        *,
        note: str | None = None,
        expected: str | None = None,
        expected_at: dt.datetime | None = None,
    ) -> StatusChange:
        """Move a contest to a phase (not 'declared': that needs a result); None keeps a field."""
        if phase == "declared":
            raise StatusError("use declare with the result to set 'declared'")

        def change(old: Status) -> dict[str, Any]:
            return {
                "phase": phase,
                "note": note if note is not None else old.note,
                "expected_declaration": expected
                if expected is not None
                else old.expected_declaration,
                "expected_at": expected_at if expected_at is not None else old.expected_at,
                "result": None,
            }

        return await self._apply(contest_id, actor, f"status.set {phase}", change)

    async def declare(
        self,
        contest_id: str,
        result: Result,
        actor: str,
        *,
        note: str | None = None,
        check: Check | None = None,
    ) -> StatusChange:
        """Declare a result that has passed the consistency checks, if `check` passes."""
        return await self._apply(
            contest_id,
            actor,
            "status.declare",
            lambda old: {"phase": "declared", "result": result, "note": note or old.note},
            check,
        )

    async def restore(
        self, contest_id: str, status: Status, actor: str, *, check: Check | None = None
    ) -> StatusChange:
        """Put back an earlier status (undo), as a new version, if `check` passes on the current one."""
        return await self._apply(
            contest_id,
            actor,
            "status.undo",
            lambda old: status.model_dump(
                exclude={"version", "updated_at", "updated_by", "previous_phase"}
            ),
            check,
        )

    async def _apply(
        self,
        contest_id: str,
        actor: str,
        action: str,
        change: Callable[[Status], dict[str, Any]],
        check: Check | None = None,
    ) -> StatusChange:
        """Validate, write and serve one change under the edit locks; tell the listeners."""
        async with self.holder.lock, contextlib.AsyncExitStack() as shared:
            contest = self.holder.engine.kb.contests.get(contest_id)
            if contest is None:
                raise StatusError(f"unknown contest {contest_id!r}")
            before = contest.status
            if self.shared_lock is not None:
                try:
                    await shared.enter_async_context(self.shared_lock())
                except OSError as exc:
                    raise StatusError(f"nothing was changed: {exc}; try again") from None
                before = await asyncio.to_thread(saved_status, contest)
            if check is not None:
                check(before)
            fields = before.model_dump()
            fields.update(change(before))
            fields.update(
                version=before.version + 1,
                updated_at=self.clock.now().replace(microsecond=0),
                updated_by=actor,
                previous_phase=before.phase,
            )
            try:
                after = Status.model_validate(fields)
            except ValidationError as exc:
                raise StatusError(
                    "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
                ) from None
            path = contest.folder / "status.yaml"
            await asyncio.to_thread(atomic_write, path, dump_status(after))
            await self.holder.serve_status(contest_id, after)  # the next answer shows it
            log.info("%s: %s by %s (version %d)", contest_id, action, actor, after.version)
        event = StatusChange(contest_id, before, after, actor, action)
        for listener in list(self.listeners):
            try:
                await listener(event)
            except Exception:
                log.exception("status listener %r failed", listener)
        return event


def saved_status(contest: Contest) -> Status:
    """Read a contest's status.yaml as it is now; the one being served if it cannot be read."""
    path = contest.folder / "status.yaml"
    if not path.exists():
        return DEFAULT_STATUS
    reader = Reader()
    status = reader.parse(path, Status)
    if status is None:
        log.warning(
            "%s: building on the status being served; status.yaml cannot be read: %s",
            contest.id,
            "; ".join(str(e) for e in reader.errors[:3]),
        )
        return contest.status
    return status


def aware(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """Return `value` with a time zone, assuming `tz` for a naive time."""
    return value if value.tzinfo else value.replace(tzinfo=tz)
