"""Announcements on Discord: post embeds with a nonce, find them again, publish, classify errors."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

import aiohttp
import discord

from ..announce.keys import footer_ref
from ..announce.render import Announcement
from ..announce.transport import PermanentError, Sent, TransientError
from .shards import gateway_open

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
ALREADY_CROSSPOSTED = 40033


def to_embed(announcement: Announcement) -> discord.Embed:
    """Turn a stored announcement into a Discord embed."""
    embed = discord.Embed(
        title=announcement.title,
        description=announcement.description,
        colour=discord.Colour(announcement.colour),
        timestamp=dt.datetime.fromisoformat(announcement.timestamp)
        if announcement.timestamp
        else None,
    )
    for field in announcement.fields:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    if announcement.footer:
        embed.set_footer(text=announcement.footer)
    return embed


def classify(exc: BaseException, channel_id: int) -> BaseException:
    """Map a discord.py or network failure to TransientError or PermanentError (else unchanged)."""
    where = f"<#{channel_id}> ({channel_id})"
    if isinstance(exc, discord.Forbidden):
        return PermanentError(
            f"Discord answered 403 Forbidden ({exc.text or 'Missing Permissions'})",
            "give the bot View Channel, Send Messages, Embed Links and Read Message History"
            f" in {where}",
        )
    if isinstance(exc, discord.NotFound):
        return PermanentError(
            f"Discord answered 404 Not Found ({exc.text or 'Unknown Channel'})",
            f"check ANNOUNCE_CHANNEL_ID: channel {where} is missing or the bot cannot see it",
        )
    if isinstance(exc, discord.RateLimited | discord.DiscordServerError):
        return TransientError(str(exc) or type(exc).__name__)
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429 or exc.status >= 500:
            return TransientError(f"HTTP {exc.status}: {exc.text}")
        return PermanentError(
            f"Discord refused it: HTTP {exc.status} (code {exc.code}) {exc.text}",
            "check the announcement's template and length; "
            "the error above says what Discord refused",
        )
    if isinstance(
        exc, discord.ConnectionClosed | discord.GatewayNotFound | aiohttp.ClientError | OSError
    ):
        return TransientError(f"connection problem: {type(exc).__name__}: {exc}")
    if isinstance(exc, TimeoutError):
        return TransientError("timed out")
    return exc


class DiscordTransport:
    """Sends announcements through a discord.py client (a Bot, or a REST-only Client)."""

    def __init__(
        self,
        client: discord.Client,
        notify: Callable[[str], Awaitable[None]],
        *,
        require_gateway: bool = True,
    ) -> None:
        self.client = client
        self._notify = notify
        self.require_gateway = require_gateway

    async def wait_ready(self) -> None:
        """Wait for the gateway's READY (not needed for a REST-only client)."""
        if self.require_gateway:
            await self.client.wait_until_ready()

    def _check_open(self, channel_id: int | None = None) -> None:
        """Refuse to send while the client is closing or the gateway is down (retried later)."""
        if self.client.is_closed():
            raise TransientError("the bot is closing")
        if self.require_gateway:
            channel = self.client.get_channel(channel_id) if channel_id is not None else None
            guild = getattr(channel, "guild", None)  # a sharded bot checks that server's shard
            if not gateway_open(self.client, getattr(guild, "id", None)):
                raise TransientError("gateway not connected")

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        """Return a channel that takes messages, from the cache or Discord."""
        channel = self.client.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.client.fetch_channel(channel_id)
            except Exception as exc:
                raise classify(exc, channel_id) from exc
        if not isinstance(channel, discord.abc.Messageable):
            raise PermanentError(
                f"channel {channel_id} cannot take messages",
                "set ANNOUNCE_CHANNEL_ID to a text or announcement channel",
            )
        return channel

    @staticmethod
    def _is_news(channel: object) -> bool:
        """Tell whether messages in a channel can be published."""
        return isinstance(channel, discord.TextChannel) and channel.is_news()

    async def send(self, channel_id: int, announcement: Announcement, nonce: str) -> Sent:
        """Post the embed with the nonce (discord.py sets enforce_nonce), pinging nobody."""
        self._check_open(channel_id)
        channel = await self._channel(channel_id)
        try:
            message = await channel.send(
                embed=to_embed(announcement), nonce=nonce, allowed_mentions=NO_PINGS
            )
        except Exception as exc:
            raise classify(exc, channel_id) from exc
        return Sent(message.id, self._is_news(channel), message.flags.crossposted)

    async def find(self, channel_id: int, refs: set[str], limit: int) -> dict[str, Sent]:
        """Search the `limit` most recent messages for the bot's embeds carrying `refs`."""
        self._check_open(channel_id)
        channel = await self._channel(channel_id)
        me = self.client.user.id if self.client.user else None
        news, found = self._is_news(channel), {}
        marks = {footer_ref(ref): ref for ref in refs}
        try:
            async for message in channel.history(limit=limit):
                if message.author.id != me:
                    continue
                footers = [embed.footer.text or "" for embed in message.embeds]
                for mark, ref in marks.items():
                    if ref not in found and any(mark in text for text in footers):
                        found[ref] = Sent(message.id, news, message.flags.crossposted)
        except Exception as exc:
            raise classify(exc, channel_id) from exc
        return found

    async def publish(self, channel_id: int, message_id: int) -> None:
        """Crosspost a message of an announcement channel; already crossposted counts as done."""
        try:
            await self.client.http.publish_message(channel_id, message_id)
        except discord.HTTPException as exc:
            if exc.code == ALREADY_CROSSPOSTED:
                return
            raise classify(exc, channel_id) from exc
        except Exception as exc:
            raise classify(exc, channel_id) from exc

    async def notify_mods(self, text: str) -> None:
        """Tell the mod-log; never raise."""
        try:
            await self._notify(text)
        except Exception:
            log.exception("could not tell the mod-log: %s", text[:200])


async def rest_transport(
    token: str, notify: Callable[[str], Awaitable[None]]
) -> tuple[DiscordTransport, discord.Client]:
    """Log in over REST only (no gateway) and return a transport posting to Discord, and its client."""
    client = discord.Client(intents=discord.Intents.none())
    await client.login(token)
    return DiscordTransport(client, notify, require_gateway=False), client
