"""FakeDiscord: an in-process Discord double (REST + gateway) for end-to-end discord.py tests."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from aiohttp import web

from tests.fakediscord.defaults import (
    EVERYONE_PERMISSIONS,
    IDS,
    TOKEN,
    DefaultIds,
    seed_default_world,
)
from tests.fakediscord.gateway import INVALID_SESSION, RECONNECT, Gateway
from tests.fakediscord.http_utils import API_PREFIX, make_middleware
from tests.fakediscord.inject import InjectMixin
from tests.fakediscord.interactions import InteractionFactory
from tests.fakediscord.messages import MessageService
from tests.fakediscord.payloads import channel_payload, member_payload, user_payload
from tests.fakediscord.recording import Recorder
from tests.fakediscord.rest import RestApi
from tests.fakediscord.rest_interactions import (
    InjectedInteraction,
    InteractionApi,
    InteractionCallback,
)
from tests.fakediscord.state import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, World
from tests.fakediscord.waiting import WaitMixin

log = logging.getLogger(__name__)


class FakeDiscord(InjectMixin, WaitMixin):
    """A fake Discord on 127.0.0.1:<random port>; see the package docstring for the API."""

    def __init__(
        self,
        *,
        heartbeat_interval_ms: int = 41250,
        token: str = TOKEN,
        recommended_shards: int = 1,
        seed: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """Build the world (seeded with the default guild unless seed=False); call start().

        `port` 0 picks a free port at start(); a fixed one lets a bot be pointed at it first.
        """
        self.ids: DefaultIds = IDS
        self.app_id = IDS.app_id
        self.bot_user_id = IDS.bot_user_id
        self.guild_id = IDS.guild_id
        self.app_flags = 0
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.recommended_shards = recommended_shards
        self.host = host
        self.port = port
        self.world = World(self.app_id, self.bot_user_id)
        if seed:
            seed_default_world(self.world)
        else:
            self.world.add_user(self.bot_user_id, "ElectionBot", bot=True)
        self.recorder = Recorder()
        self.interactions: dict[int, InjectedInteraction] = {}
        self.callbacks: list[InteractionCallback] = []
        self.gateway = Gateway(self)
        self.messages = MessageService(self)
        self.factory = InteractionFactory(self)
        self._runner: web.AppRunner | None = None
        self.stopping = asyncio.Event()

    # -- lifecycle ---------------------------------------------------------------
    async def start(self) -> FakeDiscord:
        """Start listening on `port` (a free one if 0)."""
        self.stopping.clear()
        app = web.Application(middlewares=[make_middleware(self)], client_max_size=64 * 2**20)
        RestApi(self).register(app)
        InteractionApi(self).register(app)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway-resume", self.gateway.handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.info("fake discord listening on %s", self.base_url)
        return self

    async def stop(self) -> None:
        """Close gateway connections and stop the server."""
        if self._runner is None:
            return
        self.stopping.set()
        await self.gateway.close_all()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        """Start on enter."""
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        """Stop on exit."""
        await self.stop()

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """The value for discord.http.Route.BASE."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """The value for DiscordWebSocket.DEFAULT_GATEWAY."""
        return f"ws://{self.host}:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        """The resume_gateway_url sent in READY (a distinct path, so tests can tell)."""
        return f"ws://{self.host}:{self.port}/gateway-resume"

    @property
    def internal_errors(self) -> list[str]:
        """Crashes inside the double itself (should stay empty)."""
        return self.recorder.internal_errors

    def application_payload(self) -> dict[str, Any]:
        """Body of GET /oauth2/applications/@me."""
        owner = self.world.users.get(IDS.moderator_user_id) or self.world.users[self.bot_user_id]
        return {
            "id": str(self.app_id),
            "name": "ElectionBot",
            "icon": None,
            "description": "Fake application",
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": user_payload(owner),
            "verify_key": "0" * 64,
            "team": None,
            "flags": self.app_flags,
            "summary": "",
            "bot": user_payload(self.world.users[self.bot_user_id]),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
        }

    # -- world helpers ---------------------------------------------------------
    def add_guild(
        self,
        name: str,
        *,
        guild_id: int | None = None,
        shard: tuple[int, int] | None = None,
        owner: int | str | FakeUser | None = None,
    ) -> FakeGuild:
        """Add a guild with @everyone, the bot and its owner (default mod_mia) as members.

        `shard=(shard_id, shard_count)` picks an id whose events go to that shard. Add it before
        the bot connects (it is not announced over the gateway); then add channels and members
        with `guild_id=`.
        """
        if guild_id is None and shard is not None:
            guild_id = self.world.ids.next_on_shard(*shard)
        owner_id = self.ids.moderator_user_id if owner is None else self._user_id(owner)
        guild = self.world.add_guild(guild_id, name, owner_id, EVERYONE_PERMISSIONS)
        self.world.add_member(guild.id, self.bot_user_id)
        if owner_id != self.bot_user_id:
            self.world.add_member(guild.id, owner_id)
        return guild

    def add_user(self, username: str, *, user_id: int | None = None, **kwargs: Any) -> FakeUser:
        """Add a user (global_name=, bot= accepted)."""
        return self.world.add_user(user_id, username, **kwargs)

    def add_member(
        self,
        user: int | str | FakeUser,
        *,
        guild_id: int | None = None,
        roles: list[int] | None = None,
        **kwargs: Any,
    ) -> FakeMember:
        """Make a user a guild member (a username that does not exist yet is created)."""
        if isinstance(user, str) and not any(u.username == user for u in self.world.users.values()):
            user = self.add_user(user)
        return self.world.add_member(
            guild_id or self.guild_id, self._user_id(user), roles, **kwargs
        )

    def add_channel(
        self, name: str, *, channel_type: int = 0, guild_id: int | None = None, **kwargs: Any
    ) -> FakeChannel:
        """Add a guild channel (channel_type 5 = news); not announced over the gateway."""
        return self.world.add_channel(
            guild_id or self.guild_id, name, channel_type=channel_type, **kwargs
        )

    def add_role(
        self, name: str, permissions: int = 0, *, guild_id: int | None = None, **kwargs: Any
    ) -> FakeRole:
        """Add a role (mentionable=, color=, position= accepted)."""
        return self.world.add_role(guild_id or self.guild_id, name, permissions, **kwargs)

    async def announce_channel(self, channel: FakeChannel) -> None:
        """Dispatch CHANNEL_CREATE for a channel added after the bot connected."""
        data = channel_payload(self.world, channel)
        await self.gateway.dispatch("CHANNEL_CREATE", data, channel.guild_id)

    async def announce_member(self, member: FakeMember) -> None:
        """Dispatch GUILD_MEMBER_ADD (delivered only with the members intent)."""
        data = {**member_payload(self.world, member), "guild_id": str(member.guild_id)}
        await self.gateway.dispatch("GUILD_MEMBER_ADD", data, member.guild_id)

    def dm_channel(self, user: int | str | FakeUser) -> FakeChannel:
        """The DM channel between the bot and a user (created on demand)."""
        return self.world.dm_channel_for(self._user_id(user))

    def channel_id(self, name: str) -> int:
        """Id of the channel with this name ('general', 'election-qa', ...)."""
        return self.world.find_channel_by_name(name).id

    def user_id(self, username: str) -> int:
        """Id of the user with this username."""
        return self.world.find_user_by_name(username).id

    def set_channel_forbidden(self, channel_id: int, forbidden: bool = True) -> None:
        """Make every REST call on a channel answer 403 Missing Permissions (50013)."""
        self.world.channels[channel_id].forbidden = forbidden

    # -- fault injection -------------------------------------------------------------
    def fail_next(
        self,
        method: str | None,
        path_regex: str | re.Pattern[str] | None,
        status: int,
        count: int = 1,
        retry_after: float = 0.05,
        body: dict[str, Any] | None = None,
        *,
        is_global: bool = False,
        after_handler: bool = False,
    ) -> None:
        """Fail the next `count` matching requests (429 carries Via + retry_after).

        after_handler=True runs the real handler first (e.g. the message IS created) and
        then replaces its reply with the error, like a response lost on the way back.
        """
        self.recorder.add_fault(
            method,
            path_regex,
            status,
            count=count,
            retry_after=retry_after,
            body=body,
            is_global=is_global,
            after_handler=after_handler,
        )

    def delay_next(
        self,
        method: str | None,
        path_regex: str | re.Pattern[str] | None,
        seconds: float,
        count: int = 1,
    ) -> None:
        """Hold the next `count` matching requests for `seconds` before answering."""
        self.recorder.add_delay(method, path_regex, seconds, count)

    # -- gateway controls ---------------------------------------------------------------
    async def drop_connection(self, code: int = 4000, shard_id: int | None = None) -> int:
        """Close the live websocket(s) with `code`; the client should RESUME."""
        return await self.gateway.drop(code, shard_id)

    async def send_reconnect(self, shard_id: int | None = None) -> None:
        """Send op 7 RECONNECT (the client closes and resumes)."""
        await self.gateway.send_op(RECONNECT, None, shard_id)

    async def invalidate_session(
        self, resumable: bool = False, shard_id: int | None = None
    ) -> None:
        """Send op 9 INVALID_SESSION (non-resumable makes the client re-IDENTIFY after ~5 s)."""
        await self.gateway.send_op(INVALID_SESSION, resumable, shard_id)

    async def dispatch(self, event: str, data: dict[str, Any], guild_id: int | None = None) -> int:
        """Send any raw gateway event (you provide a complete payload)."""
        return await self.gateway.dispatch(event, data, guild_id)
