"""The fake gateway: HELLO/IDENTIFY/READY/RESUME, heartbeats, sharding and event dispatch."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from tests.fakediscord import payloads
from tests.fakediscord.defaults import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGE_REACTIONS,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
)
from tests.fakediscord.recording import GatewayOp

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT = 0, 1, 2, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11
REPLAY_BUFFER = 2000


@dataclass
class Connection:
    """One websocket connected to the gateway."""

    id: int
    ws: web.WebSocketResponse
    path: str
    session: GatewaySession | None = None
    closed_by_server: bool = False


@dataclass
class GatewaySession:
    """An identified session; survives disconnects so that it can be resumed."""

    session_id: str
    shard: tuple[int, int] | None
    intents: int
    seq: int = 0
    buffer: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None
    terminated: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def owns(self, guild_id: int | None) -> bool:
        """Whether this session's shard receives events for the guild (None = DMs)."""
        if self.shard is None:
            return True
        shard_id, count = self.shard
        return shard_id == (0 if guild_id is None else (guild_id >> 22) % count)


class Gateway:
    """Serves the websocket endpoint and fans dispatched events out to sessions."""

    def __init__(self, fake: FakeDiscord) -> None:
        """Bind to a FakeDiscord (for world, recorder, token and urls)."""
        self.fake = fake
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: dict[int, Connection] = {}
        self.connection_paths: list[str] = []
        self._ids = itertools.count(1)

    # -- websocket handling -------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """aiohttp handler for /gateway and /gateway-resume."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(next(self._ids), ws, request.path)
        self.connections[conn.id] = conn
        self.connection_paths.append(request.path)
        interval = self.fake.heartbeat_interval_ms
        await self._send(conn, {"op": HELLO, "d": {"heartbeat_interval": interval}})
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_payload(conn, json.loads(msg.data))
        except Exception:
            self.fake.recorder.internal_errors.append("gateway handler crashed")
            log.exception("gateway connection %s crashed", conn.id)
        finally:
            self.connections.pop(conn.id, None)
            session = conn.session
            if session is not None and session.connection is conn:
                session.connection = None
                if ws.close_code in (1000, 1001) and not conn.closed_by_server:
                    session.terminated = True
            self.fake.recorder.notify()
        return ws

    async def _on_payload(self, conn: Connection, payload: dict[str, Any]) -> None:
        """Route one client payload by opcode."""
        op, data = payload.get("op"), payload.get("d")
        shard = conn.session.shard if conn.session else None
        if op == IDENTIFY and isinstance(data, dict) and data.get("shard"):
            shard = tuple(data["shard"])
        self.fake.recorder.gateway_ops.append(GatewayOp("recv", op, None, data, conn.id, shard))
        self.fake.recorder.notify()
        if op == HEARTBEAT:
            await self._send(conn, {"op": HEARTBEAT_ACK, "d": None})
        elif op == IDENTIFY:
            await self._identify(conn, data)
        elif op == RESUME:
            await self._resume(conn, data)
        elif op == REQUEST_MEMBERS and conn.session is not None:
            await self._send_member_chunk(conn.session, data)

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        """Create a session, send READY and one GUILD_CREATE per owned guild."""
        if data.get("token") != self.fake.token:
            conn.closed_by_server = True
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = tuple(data["shard"]) if data.get("shard") else None
        if shard is not None and not 0 <= shard[0] < shard[1]:
            conn.closed_by_server = True
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return
        session = GatewaySession(secrets.token_hex(16), shard, int(data.get("intents", 0)))
        self.sessions[session.session_id] = session
        session.connection, conn.session = conn, session
        owned = [g for g in self.fake.world.guilds if session.owns(g)]
        await self._dispatch_to(session, "READY", self._ready_payload(session, owned))
        for guild_id in owned:
            guild = self.fake.world.guilds[guild_id]
            await self._dispatch_to(
                session, "GUILD_CREATE", payloads.guild_payload(self.fake.world, guild, full=True)
            )

    def _ready_payload(self, session: GatewaySession, guild_ids: list[int]) -> dict[str, Any]:
        """The READY event body."""
        user = payloads.user_payload(self.fake.world.users[self.fake.bot_user_id])
        user.update({"verified": True, "mfa_enabled": False, "email": None, "locale": "en-US"})
        data: dict[str, Any] = {
            "v": 10,
            "user": user,
            "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.fake.resume_gateway_url,
            "application": {"id": str(self.fake.app_id), "flags": self.fake.app_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["us-east"],
            "auth": {},
            "user_settings": {},
            "_trace": ["fakediscord-gateway"],
        }
        if session.shard is not None:
            data["shard"] = list(session.shard)
        return data

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        """Re-attach a session, replay what the client missed, then send RESUMED."""
        session = self.sessions.get(data.get("session_id", ""))
        if session is None or session.terminated or data.get("token") != self.fake.token:
            await self._send(conn, {"op": INVALID_SESSION, "d": False})
            return
        last_seq = data.get("seq") or 0
        async with session.lock:
            session.connection, conn.session = conn, session
            for payload in session.buffer:
                if payload["s"] > last_seq:
                    await self._send(conn, payload)
            session.seq += 1
            resumed = {"op": DISPATCH, "t": "RESUMED", "s": session.seq, "d": {"_trace": []}}
            session.buffer.append(resumed)
            await self._send(conn, resumed)

    async def _send_member_chunk(self, session: GatewaySession, data: dict[str, Any]) -> None:
        """Answer REQUEST_GUILD_MEMBERS with a single GUILD_MEMBERS_CHUNK."""
        world = self.fake.world
        guild = world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        query = (data.get("query") or "").lower()
        wanted = {int(u) for u in data.get("user_ids") or []}
        members = [
            payloads.member_payload(world, m)
            for m in guild.members.values()
            if (
                m.user_id in wanted if wanted else world.users[m.user_id].username.startswith(query)
            )
        ]
        chunk = {
            "guild_id": str(guild.id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)

    # -- sending ------------------------------------------------------------
    async def _send(self, conn: Connection, payload: dict[str, Any]) -> None:
        """Send one JSON text frame, ignoring connections that are going away."""
        shard = conn.session.shard if conn.session else None
        op = GatewayOp("send", payload["op"], payload.get("t"), payload.get("d"), conn.id, shard)
        self.fake.recorder.gateway_ops.append(op)
        if conn.ws.closed:
            return
        try:
            await conn.ws.send_str(json.dumps(payload))
        except (ConnectionError, RuntimeError) as exc:
            log.debug("send on connection %s failed: %r", conn.id, exc)

    async def _dispatch_to(self, session: GatewaySession, event: str, data: Any) -> None:
        """Sequence, buffer and (if connected) send one DISPATCH to a session."""
        async with session.lock:
            session.seq += 1
            payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
            session.buffer.append(payload)
            del session.buffer[:-REPLAY_BUFFER]
            if session.connection is not None:
                await self._send(session.connection, payload)

    async def dispatch(self, event: str, data: dict[str, Any], guild_id: int | None = None) -> int:
        """Send an event to every live session owning the guild; returns how many got it."""
        delivered = 0
        for session in list(self.sessions.values()):
            if session.terminated or not session.owns(guild_id):
                continue
            visible = self._filter_for(session, event, data, guild_id)
            if visible is not None:
                await self._dispatch_to(session, event, visible)
                delivered += 1
        self.fake.recorder.notify()
        return delivered

    def _filter_for(
        self, session: GatewaySession, event: str, data: dict[str, Any], guild_id: int | None
    ) -> dict[str, Any] | None:
        """Apply intent rules: drop unsubscribed message events, blank unprivileged content."""
        if event in ("GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"):
            return data if session.intents & INTENT_GUILD_MEMBERS else None
        if not event.startswith("MESSAGE_"):
            return data
        if event.startswith("MESSAGE_REACTION"):
            need = INTENT_GUILD_MESSAGE_REACTIONS if guild_id else 1 << 13
        else:
            need = INTENT_GUILD_MESSAGES if guild_id else INTENT_DIRECT_MESSAGES
        if not session.intents & need:
            return None
        if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE") or guild_id is None:
            return data
        bot_id = str(self.fake.bot_user_id)
        mentioned = any(m.get("id") == bot_id for m in data.get("mentions", []))
        if session.intents & INTENT_MESSAGE_CONTENT or mentioned:
            return data
        if data.get("author", {}).get("id") == bot_id:
            return data
        blanked = dict(data, content="", embeds=[], attachments=[], components=[])
        blanked.pop("poll", None)
        return blanked

    # -- test controls --------------------------------------------------------
    def _targets(self, shard_id: int | None) -> list[Connection]:
        """Live connections, optionally only those of one shard."""
        conns = list(self.connections.values())
        if shard_id is None:
            return conns
        return [
            c for c in conns if c.session and c.session.shard and c.session.shard[0] == shard_id
        ]

    async def drop(self, code: int = 4000, shard_id: int | None = None) -> int:
        """Close live connections with `code`; returns how many were closed."""
        conns = self._targets(shard_id)
        for conn in conns:
            conn.closed_by_server = True
            await conn.ws.close(code=code, message=b"dropped by test")
        return len(conns)

    async def send_op(self, op: int, data: Any, shard_id: int | None = None) -> None:
        """Send a raw opcode (e.g. RECONNECT, INVALID_SESSION) to live connections."""
        for conn in self._targets(shard_id):
            await self._send(conn, {"op": op, "d": data})

    async def close_all(self) -> None:
        """Close every connection with 1001 (server going away)."""
        await self.drop(code=1001)
