"""Query and wait helpers over what the double recorded (requests, messages, callbacks, ops)."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.fakediscord import payloads
from tests.fakediscord.recording import Predicate, RecordedRequest
from tests.fakediscord.rest_interactions import InjectedInteraction, InteractionCallback

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

InteractionRef = InjectedInteraction | int
RequestMatcher = str | Callable[[RecordedRequest], bool] | None


def _iid(interaction: InteractionRef) -> int:
    """Interaction id from an InjectedInteraction or an int."""
    return interaction.id if isinstance(interaction, InjectedInteraction) else int(interaction)


class WaitMixin:
    """Methods of FakeDiscord for inspecting and awaiting recorded state."""

    async def wait_until(
        self: FakeDiscord, predicate: Predicate, timeout: float = 5.0, what: str = ""
    ) -> Any:
        """Wait until predicate() (sync or async) is truthy and return its value."""
        return await self.recorder.wait_until(predicate, timeout, what=what)

    def requests_matching(
        self: FakeDiscord,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        *,
        status: int | None = None,
    ) -> list[RecordedRequest]:
        """Recorded requests by method and path regex (fullmatch on the /api/v10-relative path)."""
        return [
            r
            for r in self.recorder.requests
            if r.matches(method, path) and (status is None or r.status == status)
        ]

    async def wait_for_request(
        self: FakeDiscord,
        method: RequestMatcher = None,
        path: str | re.Pattern[str] | None = None,
        *,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        status: int | None = None,
        timeout: float = 5.0,
        consume: bool = True,
    ) -> RecordedRequest:
        """Wait for a completed request matching method+path (or a predicate as first arg).

        With consume=True (default) a request is returned at most once across calls.
        """
        if callable(method):
            predicate, method = method, None

        def check(req: RecordedRequest) -> bool:
            """Status and user predicate."""
            return (status is None or req.status == status) and (
                predicate is None or predicate(req)
            )

        return await self.recorder.wait_until(
            lambda: self.recorder.find_request(method, path, check, consume=consume),
            timeout,
            what=f"request {method or '*'} {path or '*'}",
        )

    def messages_in(
        self: FakeDiscord, channel_id: int, *, include_ephemeral: bool = False
    ) -> list[dict[str, Any]]:
        """Copies of the live (not deleted) message payloads in a channel, oldest first."""
        found = self.world.live_messages(channel_id, include_ephemeral=include_ephemeral)
        return [copy.deepcopy(payloads.render_message(m, self.bot_user_id)) for m in found]

    def bot_messages_in(self: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
        """Live messages in a channel authored by the bot."""
        bot = str(self.bot_user_id)
        return [m for m in self.messages_in(channel_id) if m["author"]["id"] == bot]

    def get_message(self: FakeDiscord, message_id: int) -> dict[str, Any]:
        """A copy of one stored message payload (deleted ones too)."""
        return copy.deepcopy(
            payloads.render_message(self.world.messages[message_id], self.bot_user_id)
        )

    async def wait_for_message(
        self: FakeDiscord,
        channel_id: int,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        *,
        from_bot: bool = True,
        after: int | None = None,
        timeout: float = 5.0,
    ) -> dict[str, Any]:
        """Wait for the oldest (bot-authored by default) message matching predicate.

        `after` skips messages whose id is not greater (e.g. pass the injected message's id).
        """

        def find() -> dict[str, Any] | None:
            """The first matching message, if any."""
            pool = self.bot_messages_in(channel_id) if from_bot else self.messages_in(channel_id)
            pool = [m for m in pool if after is None or int(m["id"]) > after]
            return next((m for m in pool if predicate is None or predicate(m)), None)

        return await self.recorder.wait_until(find, timeout, what=f"message in {channel_id}")

    def callbacks_for(self: FakeDiscord, interaction: InteractionRef) -> list[InteractionCallback]:
        """Interaction callbacks the bot made for an interaction."""
        iid = _iid(interaction)
        return [c for c in self.callbacks if c.interaction_id == iid]

    async def wait_for_callback(
        self: FakeDiscord, interaction: InteractionRef, timeout: float = 5.0
    ) -> InteractionCallback:
        """Wait for the (first) callback of an interaction."""
        return await self.recorder.wait_until(
            lambda: next(iter(self.callbacks_for(interaction)), None),
            timeout,
            what=f"callback for interaction {_iid(interaction)}",
        )

    def original_response(self: FakeDiscord, interaction: InteractionRef) -> dict[str, Any] | None:
        """The current payload of an interaction's original response message (if any)."""
        mid = self.interactions[_iid(interaction)].original_message_id
        return self.get_message(mid) if mid is not None else None

    def followups_for(self: FakeDiscord, interaction: InteractionRef) -> list[dict[str, Any]]:
        """Followup message payloads sent through the interaction webhook."""
        return [self.get_message(m) for m in self.interactions[_iid(interaction)].followup_ids]

    @property
    def identify_count(self: FakeDiscord) -> int:
        """How many IDENTIFY payloads the gateway received."""
        return self.recorder.count_ops(2)

    @property
    def resume_count(self: FakeDiscord) -> int:
        """How many RESUME payloads the gateway received."""
        return self.recorder.count_ops(6)

    def dispatched_events(self: FakeDiscord, event: str | None = None) -> list[Any]:
        """Data of DISPATCH payloads sent to clients (optionally one event name)."""
        return [
            o.data
            for o in self.recorder.gateway_ops
            if o.direction == "send" and o.op == 0 and (event is None or o.event == event)
        ]

    async def wait_for_op(self: FakeDiscord, op: int, count: int = 1, timeout: float = 5.0) -> int:
        """Wait until at least `count` client payloads with opcode `op` were received."""
        return await self.recorder.wait_until(
            lambda: self.recorder.count_ops(op) >= count and self.recorder.count_ops(op),
            timeout,
            what=f"{count}x gateway op {op}",
        )
