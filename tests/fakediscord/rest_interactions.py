"""REST routes for interaction callbacks and interaction webhooks (followups, @original)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakediscord import payloads
from tests.fakediscord.http_utils import (
    API_PREFIX,
    BODY,
    FILES,
    RECORD,
    ApiError,
    form_error,
    json_response,
    no_content,
)
from tests.fakediscord.messages import EPHEMERAL, LOADING
from tests.fakediscord.recording import RecordedRequest
from tests.fakediscord.state import StoredMessage

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

# Callback types each interaction type may answer with (10/12 = premium/activity).
ALLOWED_CALLBACKS = {2: {4, 5, 9, 10, 12}, 3: {4, 5, 6, 7, 9, 10}, 4: {8}, 5: {4, 5, 6, 7}}


@dataclass
class InjectedInteraction:
    """An interaction the test injected; use .id/.token to find its callback and followups."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    channel_id: int | None
    guild_id: int | None
    user_id: int
    message_id: int | None = None
    responded: bool = False
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)


@dataclass
class InteractionCallback:
    """One POST /interactions/{id}/{token}/callback the bot made."""

    interaction_id: int
    type: int
    data: dict[str, Any]
    request: RecordedRequest
    message_id: int | None = None


class InteractionApi:
    """Handlers for /interactions/... and /webhooks/{app}/{token}/..."""

    def __init__(self, fake: FakeDiscord) -> None:
        """Bind to a FakeDiscord."""
        self.fake = fake
        self.world = fake.world

    def register(self, app: web.Application) -> None:
        """Add the routes to the aiohttp application."""
        hook = API_PREFIX + "/webhooks/{app}/{token}"
        app.router.add_post(API_PREFIX + "/interactions/{id}/{token}/callback", self.callback)
        app.router.add_post(hook, self.followup)
        for method, handler in (("GET", self.get), ("PATCH", self.edit), ("DELETE", self.delete)):
            app.router.add_route(method, hook + "/messages/{message}", handler)

    # -- callback ---------------------------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        """POST /interactions/{id}/{token}/callback[?with_response=1]."""
        inter = self.fake.interactions.get(int(request.match_info["id"]))
        if inter is None or inter.token != request.match_info["token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        if inter.responded:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        body = request[BODY] or {}
        rtype, data = int(body.get("type", 0)), body.get("data") or {}
        if rtype not in ALLOWED_CALLBACKS.get(inter.type, set()):
            raise form_error("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid type.")
        message: StoredMessage | None = None
        if rtype == 4:
            message = await self.fake.messages.create(
                inter.channel_id,
                self.fake.bot_user_id,
                data,
                request[FILES],
                **self._extra(inter),
            )
        elif rtype == 5:
            message = await self._loading_message(inter, int(data.get("flags") or 0))
        elif rtype in (6, 7):
            message = self.world.messages.get(inter.message_id or 0)
            if message is None:
                raise ApiError(400, 50035, "Invalid Form Body")
            if rtype == 7:
                await self.fake.messages.edit(message, data, request[FILES])
        if message is not None:
            message.interaction_id = message.interaction_id or inter.id
            inter.original_message_id = message.id
        inter.responded = True
        record = InteractionCallback(inter.id, rtype, data, request[RECORD])
        record.message_id = message.id if message is not None and rtype != 6 else None
        self.fake.callbacks.append(record)
        self.fake.recorder.notify()
        if request.query.get("with_response") not in ("1", "true", "True"):
            return no_content()
        return json_response(self._callback_response(inter, rtype, message))

    def _callback_response(
        self, inter: InjectedInteraction, rtype: int, message: StoredMessage | None
    ) -> dict[str, Any]:
        """The InteractionCallbackResponse body."""
        info: dict[str, Any] = {
            "id": str(inter.id),
            "type": inter.type,
            "activity_instance_id": None,
            "response_message_id": None,
            "response_message_loading": rtype == 5,
            "response_message_ephemeral": False,
        }
        resource: dict[str, Any] = {"type": rtype}
        if message is not None and rtype in (4, 5, 7):
            info["response_message_id"] = str(message.id)
            info["response_message_ephemeral"] = message.ephemeral
            resource["message"] = payloads.render_message(message, self.fake.bot_user_id)
        return {"interaction": info, "resource": resource}

    def _extra(self, inter: InjectedInteraction) -> dict[str, Any]:
        """Message fields Discord adds to interaction responses and followups."""
        user = self.world.users[inter.user_id]
        metadata: dict[str, Any] = {
            "id": str(inter.id),
            "type": inter.type,
            "user": payloads.user_payload(user),
            "authorizing_integration_owners": {"0": str(inter.guild_id or 0)},
        }
        if inter.message_id:
            metadata["interacted_message_id"] = str(inter.message_id)
        return {
            "type": 20 if inter.type == 2 else 0,
            "webhook_id": str(self.fake.app_id),
            "application_id": str(self.fake.app_id),
            "interaction_metadata": metadata,
        }

    async def _loading_message(self, inter: InjectedInteraction, flags: int) -> StoredMessage:
        """The 'Bot is thinking...' message created by a deferred (type 5) response."""
        data = payloads.message_payload(
            self.world,
            message_id=self.world.ids.next(),
            channel_id=inter.channel_id,
            author_id=self.fake.bot_user_id,
            **self._extra(inter),
        )
        data["flags"] = LOADING | (flags & EPHEMERAL)
        stored = self.world.store_message(data, ephemeral=bool(flags & EPHEMERAL))
        if not stored.ephemeral:
            await self.fake.messages.dispatch("MESSAGE_CREATE", stored)
        return stored

    # -- webhooks --------------------------------------------------------------------
    def _interaction_for(self, request: web.Request) -> InjectedInteraction:
        """The answered interaction owning the webhook token, or 404/10015."""
        token = request.match_info["token"]
        inter = next((i for i in self.fake.interactions.values() if i.token == token), None)
        if (
            inter is None
            or not inter.responded
            or request.match_info["app"] != str(self.fake.app_id)
        ):
            raise ApiError(404, 10015, "Unknown Webhook")
        return inter

    def _target(self, request: web.Request) -> tuple[InjectedInteraction, StoredMessage]:
        """The interaction and the message named by @original or an id."""
        inter = self._interaction_for(request)
        name = request.match_info["message"]
        mid = inter.original_message_id if name == "@original" else int(name)
        allowed = {inter.original_message_id, *inter.followup_ids}
        stored = self.world.messages.get(mid or 0)
        if stored is None or stored.deleted or mid not in allowed:
            raise ApiError(404, 10008, "Unknown Message")
        return inter, stored

    async def followup(self, request: web.Request) -> web.Response:
        """POST /webhooks/{app}/{token}; the first followup after a defer fills the loading one."""
        inter = self._interaction_for(request)
        body = request[BODY] or {}
        original = self.world.messages.get(inter.original_message_id or 0)
        if original is not None and original.data["flags"] & LOADING and not inter.followup_ids:
            stored = await self.fake.messages.edit(original, body, request[FILES])
        else:
            stored = await self.fake.messages.create(
                inter.channel_id,
                self.fake.bot_user_id,
                body,
                request[FILES],
                interaction_id=inter.id,
                **self._extra(inter),
            )
            inter.followup_ids.append(stored.id)
        self.fake.recorder.notify()
        if request.query.get("wait") not in ("true", "1", "True"):
            return no_content()
        return json_response(payloads.render_message(stored, self.fake.bot_user_id))

    async def get(self, request: web.Request) -> web.Response:
        """GET /webhooks/{app}/{token}/messages/{@original|id}."""
        _, stored = self._target(request)
        return json_response(payloads.render_message(stored, self.fake.bot_user_id))

    async def edit(self, request: web.Request) -> web.Response:
        """PATCH /webhooks/{app}/{token}/messages/{@original|id}."""
        _, stored = self._target(request)
        await self.fake.messages.edit(stored, request[BODY] or {}, request[FILES])
        return json_response(payloads.render_message(stored, self.fake.bot_user_id))

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /webhooks/{app}/{token}/messages/{@original|id}."""
        _, stored = self._target(request)
        await self.fake.messages.delete(stored)
        return no_content()
