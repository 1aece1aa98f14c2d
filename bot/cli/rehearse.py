"""`bot rehearse`: replay an election night on a fast clock; print (or post) each announcement.

The status changes come from a script (example data only: see tests/fixtures/rehearsal/); they
are applied in memory, never written to the knowledge folder. The outbox is an in-memory SQLite
store, so a rehearsal leaves nothing behind. Without --channel it needs no Discord at all.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

from pydantic import Field

from ..announce.clocks import AcceleratedClock, real_seconds
from ..announce.service import Announcer
from ..announce.transport import ConsoleTransport
from ..core.count.updates import StatusChange
from ..core.knowledge.model import Contest
from ..core.knowledge.reader import Reader
from ..core.knowledge.schema import Id, Short, Strict
from ..core.knowledge.status import Phase, Result, Status
from ..settings import Settings, SettingsError, read_environment
from ..store import Store
from .common import CliError, load_kb

log = logging.getLogger(__name__)

# Example scripts (invented results): in a checkout of the repository, and in the Docker image,
# which copies them to the same place under its working folder (/app).
SCRIPT_FOLDER = Path("tests") / "fixtures" / "rehearsal"
SCRIPTS = Path(__file__).resolve().parents[2] / SCRIPT_FOLDER
CONSOLE_CHANNEL = 1  # the console transport ignores channels


class Step(Strict):
    """One status change of the script, at a time of the rehearsed night."""

    at: dt.datetime
    phase: Phase | None = Field(None, description="New phase; omit to change only other fields")
    expected: Short | None = None
    expected_at: dt.datetime | None = None
    note: Short | None = None
    result: Result | None = Field(None, description="The (example) result, with phase: declared")
    actor: Short = "rehearsal"


class Script(Strict):
    """A rehearsal script: which contest, when the night starts and ends, and its steps."""

    contest: Id
    start: dt.datetime
    end: dt.datetime | None = None
    steps: list[Step] = Field(min_length=1)


def aware(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """Give a naive script time the configured zone."""
    return value if value.tzinfo else value.replace(tzinfo=tz)


def default_script(contest_id: str) -> Path:
    """Find the example script of a contest, or raise CliError saying where it looked."""
    candidates = list(
        dict.fromkeys(
            [SCRIPTS / f"{contest_id}.yaml", SCRIPT_FOLDER.resolve() / f"{contest_id}.yaml"]
        )
    )
    for path in candidates:
        if path.is_file():
            return path
    looked = " and ".join(str(p) for p in candidates)
    raise CliError(
        f"no rehearsal script for {contest_id} (looked for {looked}); give one with --script "
        f"FILE, written like the examples in {SCRIPT_FOLDER} in the repository"
    )


def load_script(path: Path) -> Script:
    """Read and validate a script, or raise CliError with file:line errors."""
    if not path.is_file():
        raise CliError(f"no rehearsal script at {path} (give one with --script)")
    reader = Reader()
    script = reader.parse(path, Script)
    if script is None:
        raise CliError("invalid rehearsal script:\n" + "\n".join(str(e) for e in reader.errors), 1)
    return script


def next_status(before: Status, step: Step, now: dt.datetime) -> Status:
    """Apply a step to a status the way StatusUpdater does, in memory."""
    fields: dict[str, Any] = before.model_dump()
    changes = {
        k: getattr(step, k)
        for k in ("phase", "note", "result", "expected_at")
        if getattr(step, k) is not None
    }
    if step.expected is not None:
        changes["expected_declaration"] = step.expected
    fields.update(changes)
    fields.update(
        version=before.version + 1,
        updated_at=now.replace(microsecond=0),
        updated_by=step.actor,
        previous_phase=before.phase,
    )
    return Status.model_validate(fields)


async def replay(
    contest: Contest, script: Script, announcer: Announcer, clock: AcceleratedClock, out: Any
) -> None:
    """Apply each step at its time, then run on until the end of the night."""
    tz = clock.tz
    for step in sorted(script.steps, key=lambda s: aware(s.at, tz)):
        await asyncio.sleep(
            max(0.0, real_seconds(clock, (aware(step.at, tz) - clock.now()).total_seconds()))
        )
        before = contest.status
        after = next_status(before, step, clock.now())
        contest.status = after
        action = "status.declare" if after.phase == "declared" else f"status.set {after.phase}"
        print(
            f"\n[{clock.now():%H:%M}] status: {before.label} → {after.label}"
            f" (version {after.version})",
            file=out,
            flush=True,
        )
        await announcer.on_status_change(
            StatusChange(contest.id, before, after, step.actor, action)
        )
    end = (
        aware(script.end, tz)
        if script.end
        else aware(script.steps[-1].at, tz) + dt.timedelta(hours=1)
    )
    await asyncio.sleep(max(0.0, real_seconds(clock, (end - clock.now()).total_seconds())))
    await announcer.poster.idle()


async def rehearse(args: argparse.Namespace, settings: Settings, out: Any) -> int:
    """Set up the accelerated night and run it."""
    kb = load_kb(Path(args.knowledge))
    contest = kb.contests.get(args.contest)
    if contest is None:
        raise CliError(f"unknown contest {args.contest!r} (known: {', '.join(kb.contests)})")
    if contest.announcements is None:
        raise CliError(f"contest {contest.id} has no announcements.yaml: nothing to rehearse")
    script = load_script(Path(args.script) if args.script else default_script(contest.id))
    if script.contest != contest.id:
        raise CliError(f"the script is for {script.contest}, not {contest.id}")
    tz = settings.tz
    clock = AcceleratedClock(aware(script.start, tz), args.speed, tz)
    contest.status = Status(phase="scheduled")  # the night starts from scratch
    store = await Store.open(":memory:")
    client = None
    try:
        if args.channel:
            transport, client = await discord_transport(settings, out)
            channel_id = args.channel
        else:
            transport, channel_id = (
                ConsoleTransport(out, lambda: f"{clock.now():%H:%M}"),
                CONSOLE_CHANNEL,
            )
        announcer = Announcer(
            outbox=store.outbox,
            transport=transport,
            clock=clock,
            channel_id=channel_id,
            contests=lambda: kb.contests,
            grace=dt.timedelta(minutes=settings.announce_grace_minutes),
        )
        announcer.scheduler.late_after = max(
            announcer.scheduler.late_after, dt.timedelta(seconds=0.25 * args.speed)
        )
        print(
            f"Rehearsing {contest.name} at {args.speed:g}× from {clock.now():%Y-%m-%d %H:%M %Z}",
            file=out,
            flush=True,
        )
        await announcer.poster.start()
        try:
            await replay(contest, script, announcer, clock, out)
        finally:
            await announcer.poster.stop()
        rows = await store.outbox.recent(1000)
        counts = {
            state: sum(r.state == state for r in rows)
            for state in ("sent", "skipped", "failed", "pending")
        }
        print(
            "\nRehearsal done: " + ", ".join(f"{n} {s}" for s, n in counts.items()),
            file=out,
            flush=True,
        )
        return 0 if counts["failed"] == counts["pending"] == 0 else 1
    finally:
        if client is not None:
            await client.close()
        await store.close()


async def discord_transport(settings: Settings, out: Any) -> tuple[Any, Any]:
    """Log in over REST (no gateway) and return a transport posting to Discord."""
    if settings.discord_token is None:
        raise CliError("--channel needs DISCORD_TOKEN (in the environment or .env)")
    from ..discord_app.announce_transport import rest_transport  # imports discord only here

    async def notify(text: str) -> None:
        print(f"[mod-log] {text}", file=out, flush=True)

    return await rest_transport(settings.discord_token.get_secret_value(), notify)


def cmd_rehearse(args: argparse.Namespace) -> int:
    """Run a rehearsal from the command line."""
    if args.speed <= 0:
        raise CliError("--speed must be positive")
    try:
        settings = Settings.from_env(read_environment(args.env_file))
    except SettingsError as exc:
        raise CliError(str(exc)) from None
    return asyncio.run(rehearse(args, settings, getattr(args, "out", None) or sys.stdout))
