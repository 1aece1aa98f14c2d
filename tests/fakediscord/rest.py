"""REST routes for users, applications, commands, gateway info, guilds and channel messages."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from aiohttp import web

from tests.fakediscord import payloads
from tests.fakediscord.http_utils import (
    API_PREFIX,
    BODY,
    FILES,
    ApiError,
    json_response,
    no_content,
)
from tests.fakediscord.state import FakeChannel, StoredMessage

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)


class RestApi:
    """Handlers for the bot-authenticated REST endpoints."""

    def __init__(self, fake: FakeDiscord) -> None:
        """Bind to a FakeDiscord."""
        self.fake = fake
        self.world = fake.world

    def register(self, app: web.Application) -> None:
        """Add every route to the aiohttp application."""
        cmds = "/applications/{app}/commands"
        gcmds = "/applications/{app}/guilds/{guild}/commands"
        msg = "/channels/{channel}/messages/{message}"
        routes = [
            ("GET", "/users/@me", self.get_me),
            ("GET", "/users/{user}", self.get_user),
            ("POST", "/users/@me/channels", self.open_dm),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", cmds, self.get_commands),
            ("PUT", cmds, self.put_commands),
            ("GET", gcmds, self.get_commands),
            ("PUT", gcmds, self.put_commands),
            ("GET", gcmds + "/permissions", self.empty_list),
            ("GET", "/channels/{channel}", self.get_channel),
            ("POST", "/channels/{channel}/messages", self.create_message),
            ("GET", "/channels/{channel}/messages", self.list_messages),
            ("GET", msg, self.get_message),
            ("PATCH", msg, self.edit_message),
            ("DELETE", msg, self.delete_message),
            ("POST", msg + "/crosspost", self.crosspost),
            ("PUT", msg + "/reactions/{emoji}/@me", self.add_reaction),
            ("DELETE", msg + "/reactions/{emoji}/@me", self.remove_reaction),
            ("POST", "/channels/{channel}/typing", self.typing),
            ("GET", "/guilds/{guild}", self.get_guild),
            ("GET", "/guilds/{guild}/channels", self.get_guild_channels),
            ("GET", "/guilds/{guild}/roles", self.get_guild_roles),
            ("GET", "/guilds/{guild}/members/{user}", self.get_member),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, API_PREFIX + path, handler)

    # -- lookups that raise Discord errors ------------------------------------
    def channel(self, request: web.Request) -> FakeChannel:
        """The channel in the URL, or 404/10003, or 403/50013 when marked forbidden."""
        channel = self.world.channels.get(_int(request.match_info["channel"]))
        if channel is None:
            raise ApiError(404, 10003, "Unknown Channel")
        if channel.forbidden:
            raise ApiError(403, 50013, "Missing Permissions")
        return channel

    def message(self, request: web.Request) -> StoredMessage:
        """The message in the URL (must live in the URL's channel), or 404/10008."""
        channel = self.channel(request)
        stored = self.world.messages.get(_int(request.match_info["message"]))
        if stored is None or stored.deleted or stored.channel_id != channel.id:
            raise ApiError(404, 10008, "Unknown Message")
        return stored

    def render(self, stored: StoredMessage) -> dict[str, Any]:
        """A stored message as the bot sees it."""
        return payloads.render_message(stored, self.fake.bot_user_id)

    # -- users, application, gateway -------------------------------------------
    async def get_me(self, request: web.Request) -> web.Response:
        """GET /users/@me."""
        data = payloads.user_payload(self.world.users[self.fake.bot_user_id])
        return json_response({**data, "verified": True, "mfa_enabled": False, "locale": "en-US"})

    async def get_user(self, request: web.Request) -> web.Response:
        """GET /users/{id}."""
        user = self.world.users.get(_int(request.match_info["user"]))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return json_response(payloads.user_payload(user))

    async def open_dm(self, request: web.Request) -> web.Response:
        """POST /users/@me/channels {recipient_id}."""
        user_id = _int((request[BODY] or {}).get("recipient_id"))
        if user_id not in self.world.users:
            raise ApiError(400, 50007, "Cannot send messages to this user")
        channel = self.world.dm_channel_for(user_id)
        return json_response(payloads.channel_payload(self.world, channel))

    async def get_application(self, request: web.Request) -> web.Response:
        """GET /oauth2/applications/@me."""
        return json_response(self.fake.application_payload())

    async def get_gateway(self, request: web.Request) -> web.Response:
        """GET /gateway."""
        return json_response({"url": self.fake.gateway_url})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        """GET /gateway/bot."""
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return json_response(
            {
                "url": self.fake.gateway_url,
                "shards": self.fake.recommended_shards,
                "session_start_limit": limit,
            }
        )

    # -- application commands ----------------------------------------------------
    def _check_app(self, request: web.Request) -> int | None:
        """Validate the application id in the URL and return the guild id, if any."""
        if _int(request.match_info["app"]) != self.fake.app_id:
            raise ApiError(403, 50001, "Missing Access")
        guild = request.match_info.get("guild")
        if guild is not None and _int(guild) not in self.world.guilds:
            raise ApiError(404, 10004, "Unknown Guild")
        return _int(guild) if guild is not None else None

    async def get_commands(self, request: web.Request) -> web.Response:
        """GET the global or guild command list."""
        guild_id = self._check_app(request)
        if guild_id:
            return json_response(self.world.guild_commands.get(guild_id, []))
        return json_response(self.world.global_commands)

    async def put_commands(self, request: web.Request) -> web.Response:
        """PUT (bulk overwrite) the global or guild command list."""
        guild_id = self._check_app(request)
        return json_response(self.world.put_commands(guild_id, request[BODY] or []))

    async def empty_list(self, request: web.Request) -> web.Response:
        """Endpoints that answer an empty list."""
        return json_response([])

    # -- channels and messages ------------------------------------------------------
    async def get_channel(self, request: web.Request) -> web.Response:
        """GET /channels/{id}."""
        return json_response(payloads.channel_payload(self.world, self.channel(request)))

    async def create_message(self, request: web.Request) -> web.Response:
        """POST /channels/{id}/messages, honouring nonce + enforce_nonce."""
        channel = self.channel(request)
        body = request[BODY] or {}
        nonce, author = body.get("nonce"), self.fake.bot_user_id
        if nonce is not None and body.get("enforce_nonce"):
            previous = self.world.message_for_nonce(channel.id, author, str(nonce))
            if previous is not None:
                return json_response(self.render(previous))
        stored = await self.fake.messages.create(channel.id, author, body, request[FILES])
        if nonce is not None and body.get("enforce_nonce"):
            self.world.remember_nonce(channel.id, author, str(nonce), stored.id)
        return json_response(self.render(stored))

    async def list_messages(self, request: web.Request) -> web.Response:
        """GET /channels/{id}/messages with limit/before/after/around, newest first."""
        channel = self.channel(request)
        query = request.query
        limit = max(1, min(100, int(query.get("limit", 50))))
        found = self.world.live_messages(channel.id)
        if "before" in query:
            found = [m for m in found if m.id < int(query["before"])]
        if "after" in query:
            found = [m for m in found if m.id > int(query["after"])][:limit]
        if "around" in query:
            pivot = next((i for i, m in enumerate(found) if m.id >= int(query["around"])), 0)
            start = max(0, pivot - limit // 2)
            found = found[start : start + limit]
        found = found[-limit:]
        return json_response([self.render(m) for m in reversed(found)])

    async def get_message(self, request: web.Request) -> web.Response:
        """GET /channels/{id}/messages/{id}."""
        return json_response(self.render(self.message(request)))

    async def edit_message(self, request: web.Request) -> web.Response:
        """PATCH /channels/{id}/messages/{id} (only the bot's own messages)."""
        stored = self.message(request)
        if int(stored.data["author"]["id"]) != self.fake.bot_user_id:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        await self.fake.messages.edit(stored, request[BODY] or {}, request[FILES])
        return json_response(self.render(stored))

    async def delete_message(self, request: web.Request) -> web.Response:
        """DELETE /channels/{id}/messages/{id}."""
        await self.fake.messages.delete(self.message(request))
        return no_content()

    async def crosspost(self, request: web.Request) -> web.Response:
        """POST .../crosspost (news channels only; sets the CROSSPOSTED flag)."""
        channel, stored = self.channel(request), self.message(request)
        if channel.type != 5:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        data = stored.data
        if data["flags"] & 1:
            raise ApiError(400, 40033, "This message has already been crossposted.")
        data["flags"] |= 1
        stored.data = data
        await self.fake.messages.dispatch("MESSAGE_UPDATE", stored)
        return json_response(self.render(stored))

    async def add_reaction(self, request: web.Request) -> web.Response:
        """PUT .../reactions/{emoji}/@me."""
        stored, key = self.message(request), unquote(request.match_info["emoji"])
        name, _, emoji_id = key.partition(":")
        emoji = {"id": emoji_id or None, "name": name}
        entry = stored.reactions.setdefault(key, {"emoji": emoji, "users": []})
        if self.fake.bot_user_id not in entry["users"]:
            entry["users"].append(self.fake.bot_user_id)
            await self.fake.dispatch_reaction(stored, emoji, self.fake.bot_user_id, added=True)
        return no_content()

    async def remove_reaction(self, request: web.Request) -> web.Response:
        """DELETE .../reactions/{emoji}/@me."""
        stored, key = self.message(request), unquote(request.match_info["emoji"])
        entry = stored.reactions.get(key)
        if entry and self.fake.bot_user_id in entry["users"]:
            entry["users"].remove(self.fake.bot_user_id)
            await self.fake.dispatch_reaction(stored, entry["emoji"], self.fake.bot_user_id, False)
        return no_content()

    async def typing(self, request: web.Request) -> web.Response:
        """POST /channels/{id}/typing."""
        self.channel(request)
        return no_content()

    # -- guilds --------------------------------------------------------------------
    def guild(self, request: web.Request) -> Any:
        """The guild in the URL, or 404/10004."""
        guild = self.world.guilds.get(_int(request.match_info["guild"]))
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return guild

    async def get_guild(self, request: web.Request) -> web.Response:
        """GET /guilds/{id} (with approximate counts when asked)."""
        guild = self.guild(request)
        data = payloads.guild_payload(self.world, guild, full=False)
        if request.query.get("with_counts") in ("true", "1", "True"):
            data["approximate_member_count"] = len(guild.members)
            data["approximate_presence_count"] = 0
        return json_response(data)

    async def get_guild_channels(self, request: web.Request) -> web.Response:
        """GET /guilds/{id}/channels."""
        guild = self.guild(request)
        chans = [
            payloads.channel_payload(self.world, self.world.channels[c]) for c in guild.channel_ids
        ]
        return json_response(chans)

    async def get_guild_roles(self, request: web.Request) -> web.Response:
        """GET /guilds/{id}/roles."""
        return json_response([payloads.role_payload(r) for r in self.guild(request).roles.values()])

    async def get_member(self, request: web.Request) -> web.Response:
        """GET /guilds/{id}/members/{user}."""
        member = self.guild(request).members.get(_int(request.match_info["user"]))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return json_response(payloads.member_payload(self.world, member))


def _int(value: Any) -> int:
    """Parse a snowflake from a URL segment or body (invalid → 0, which matches nothing)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
