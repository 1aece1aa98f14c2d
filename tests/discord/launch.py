"""Run the real `bot` command line with discord.py pointed at a Discord double (subprocess tests).

    python -m tests.discord.launch API_BASE GATEWAY_URL COMMAND [ARGS...]

Only the two Discord addresses differ from `python -m bot COMMAND [ARGS...]`.
"""

from __future__ import annotations

import sys

import discord.gateway
import discord.http
import yarl

from bot.cli import main


def launch(argv: list[str]) -> int:
    """Point discord.py at the double, then run the command line."""
    api, gateway, *command = argv
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    return main(command)


if __name__ == "__main__":
    sys.exit(launch(sys.argv[1:]))
