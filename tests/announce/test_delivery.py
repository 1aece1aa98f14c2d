"""Delivery without Discord: a scripted transport checks retries, fail-fast, reconcile and hook order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.announce.delivery import STEPS, Delivery, RetryPolicy
from bot.announce.keys import nonce_of, ref_of
from bot.announce.render import Announcement
from bot.announce.transport import PermanentError, Sent, TransientError
from bot.discord_app.announce_transport import DiscordTransport
from bot.store import Store
from tests.announce.conftest import FakeClock

KEY = "c/phase/counting/v1"


class ScriptedTransport:
    """Answers each send with the next scripted outcome; records everything."""

    def __init__(self, outcomes: list[object], found: dict[str, Sent] | None = None) -> None:
        self.outcomes = outcomes
        self.found = found or {}
        self.sends: list[str] = []
        self.notes: list[str] = []
        self.published: list[int] = []

    async def wait_ready(self) -> None:
        """Always ready."""

    async def send(self, channel_id: int, announcement: Announcement, nonce: str) -> Sent:
        """Fail or succeed as scripted."""
        self.sends.append(nonce)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        assert isinstance(outcome, Sent)
        return outcome

    async def find(self, channel_id: int, refs: set[str], limit: int) -> dict[str, Sent]:
        """Return the scripted hits."""
        return {ref: hit for ref, hit in self.found.items() if ref in refs}

    async def publish(self, channel_id: int, message_id: int) -> None:
        """Record a publish."""
        self.published.append(message_id)

    async def notify_mods(self, text: str) -> None:
        """Record a mod-log line."""
        self.notes.append(text)


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An open store in tmp_path."""
    opened = await Store.open(tmp_path / "bot.sqlite3")
    yield opened
    await opened.close()


async def pending(store: Store, clock: FakeClock) -> None:
    """Record the intent for KEY."""
    ann = Announcement(title="Counting", description="The count is under way.").with_ref(
        ref_of(KEY)
    )
    await store.outbox.add(
        key=KEY, ref=ref_of(KEY), nonce=nonce_of(KEY), contest_id="c", kind="phase",
        channel_id=5, payload=ann.to_json(), at=clock.now().isoformat(),
    )  # fmt: skip


def delivery(
    store: Store, transport: ScriptedTransport, clock: FakeClock, steps: list[str]
) -> Delivery:
    """A delivery with fast retries that records the hook's steps."""
    policy = RetryPolicy(deadline=dt.timedelta(minutes=5), base=0.01, cap=0.02)
    return Delivery(
        store.outbox, transport, clock, policy, hook=lambda step, key: steps.append(step)
    )


async def test_transient_failures_then_success(store: Store) -> None:
    """A closed gateway and a 503 are retried with the same nonce; the hook sees each step once."""
    clock, steps = FakeClock(), []
    transport = ScriptedTransport(
        [TransientError("gateway not connected"), TransientError("HTTP 503"), Sent(77, news=True)]
    )
    await pending(store, clock)
    row = await delivery(store, transport, clock, steps).deliver(KEY)
    assert row is not None and (row.state, row.message_id, row.attempts, row.published) == (
        "sent",
        77,
        2,
        True,
    )
    assert transport.sends == [nonce_of(KEY)] * 3 and transport.published == [77]
    assert steps == list(STEPS) and transport.notes == []


async def test_permanent_failure_fails_at_once(store: Store) -> None:
    """A 403 is not retried: failed, and the mod-log gets the reason and the fix."""
    clock, steps = FakeClock(), []
    transport = ScriptedTransport([PermanentError("403 Forbidden", "give the bot Send Messages")])
    await pending(store, clock)
    row = await delivery(store, transport, clock, steps).deliver(KEY)
    assert row is not None and row.state == "failed" and len(transport.sends) == 1
    assert steps == ["before_send"]
    [note] = transport.notes
    assert "NOT posted: 403 Forbidden" in note and "To fix: give the bot Send Messages" in note


async def test_reconcile_finds_sent_message_and_fails_stale_rows(store: Store) -> None:
    """A pending row found in the channel is marked sent without a send; a stale one is failed."""
    clock = FakeClock()
    await pending(store, clock)
    transport = ScriptedTransport([], found={ref_of(KEY): Sent(91, news=True, published=False)})
    assert await delivery(store, transport, clock, []).reconcile() == []
    row = await store.outbox.get(KEY)
    assert row is not None and (row.state, row.message_id, row.published) == ("sent", 91, True)
    assert transport.sends == [] and transport.published == [91]

    other = "c/phase/recount/v2"
    await store.outbox.add(
        key=other, ref=ref_of(other), nonce=nonce_of(other), contest_id="c", kind="phase",
        channel_id=5, payload=Announcement(title="Recount", description="x").to_json(),
        at=clock.now().isoformat(),
    )  # fmt: skip
    clock.advance(minutes=6)
    transport = ScriptedTransport([])
    assert await delivery(store, transport, clock, []).reconcile() == []
    stale = await store.outbox.get(other)
    assert stale is not None and stale.state == "failed" and "6 min old" in (stale.error or "")
    assert transport.sends == [] and "NOT posted" in transport.notes[0]


def test_closed_gateway_is_transient() -> None:
    """The Discord transport refuses to send while the gateway is down or the bot closing."""
    down = SimpleNamespace(is_closed=lambda: False, ws=SimpleNamespace(open=False))
    with pytest.raises(TransientError, match="gateway not connected"):
        DiscordTransport(down, lambda text: None)._check_open()  # type: ignore[arg-type]
    closing = SimpleNamespace(is_closed=lambda: True, ws=None)
    with pytest.raises(TransientError, match="closing"):
        DiscordTransport(closing, lambda text: None)._check_open()  # type: ignore[arg-type]
    rest_only = SimpleNamespace(is_closed=lambda: False, ws=None)
    DiscordTransport(rest_only, lambda text: None, require_gateway=False)._check_open()  # type: ignore[arg-type]
