"""Point discord.py's REST base and default gateway at a FakeDiscord, and restore them after."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

import discord.gateway
import discord.http
import yarl

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)


@contextlib.contextmanager
def patch_discord(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    """Patch discord.http.Route.BASE and DiscordWebSocket.DEFAULT_GATEWAY (fake must be started)."""
    if not fake.port:
        raise RuntimeError("start() the FakeDiscord before patching discord.py")
    route, ws = discord.http.Route, discord.gateway.DiscordWebSocket
    old_base, old_gateway = route.BASE, ws.DEFAULT_GATEWAY
    route.BASE = fake.api_base
    ws.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    log.debug("discord.py patched to %s", fake.base_url)
    try:
        yield fake
    finally:
        route.BASE, ws.DEFAULT_GATEWAY = old_base, old_gateway
