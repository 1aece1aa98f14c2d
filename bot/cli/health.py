"""`bot health`: exit 0 if the running bot touched its heartbeat file lately (Docker HEALTHCHECK)."""

from __future__ import annotations

import argparse
import time

from ..settings import Settings, SettingsError, read_environment
from .common import CliError


def health(age: float | None, max_age: float) -> tuple[bool, str]:
    """Judge a heartbeat `age` seconds old (None: no file); return (healthy, why).

    The bot beats every 15 s (bot/discord_app/heartbeat.py): the default `max_age` of 60 s
    allows three missed beats.
    """
    if age is None:
        return False, "not connected to Discord yet (no heartbeat file)"
    if age > max_age:
        return False, f"not connected to Discord for {age:.0f} s (last heartbeat)"
    return True, f"connected to Discord (heartbeat {age:.0f} s ago)"


def cmd_health(args: argparse.Namespace) -> int:
    """Print whether the bot is connected, judged by its heartbeat file; exit 0 only if so."""
    try:
        settings = Settings.from_env(read_environment(args.env_file))
    except SettingsError as exc:
        raise CliError(str(exc)) from None
    path = settings.heartbeat_path
    try:
        age: float | None = max(0.0, time.time() - path.stat().st_mtime)
    except FileNotFoundError:
        age = None
    except OSError as exc:
        raise CliError(f"cannot read the heartbeat file {path}: {exc}", 1) from None
    ok, why = health(age, args.max_age)
    print(f"{'healthy' if ok else 'unhealthy'}: {why} [{path}]")
    return 0 if ok else 1
