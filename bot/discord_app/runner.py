"""Run the bot until SIGTERM or SIGINT: retry while Discord is unreachable, stop cleanly, exit 0.

Start-up retries with backoff, one log line per attempt, for as long as Discord cannot be
reached (a container often starts before its network); once connected, discord.py reconnects on
its own (its reconnect messages are kept to one line each too). On SIGTERM or SIGINT the bot
stops taking questions, lets those being answered finish for a moment, closes (an announcement
being sent stays pending in the outbox and is settled on the next start, never half-recorded),
closes the store, and the process exits 0. The token is never printed or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
import discord

from ..cli.common import CliError
from ..core.answering.engine import Engine
from ..core.answering.parts import ContestParts
from ..core.knowledge.catalog import Catalog, Refresh
from ..core.knowledge.loader import gc_paused
from ..core.knowledge.reader import KnowledgeError
from ..core.runtime.startup import Opening, snapshot_dir
from ..settings import Settings
from ..store import StoreError, open_store
from .client import ElectionBot
from .sharded import create_bot

log = logging.getLogger(__name__)

T = TypeVar("T")

BAD_TOKEN = (
    "error: Discord refused DISCORD_TOKEN (invalid or reset token). Copy a fresh one from the "
    "developer portal (your application → Bot → Reset Token) into .env."
)
NEED_INTENT = (
    "error: the Message Content intent is not enabled for this bot. Enable it in the developer "
    "portal (Bot → Privileged Gateway Intents), or leave QA_CHANNEL_IDS empty."
)
FIRST_RETRY = 2.0  # seconds before the second attempt; doubled each time...
LONGEST_RETRY = 60.0  # ...up to this
STOP_TIMEOUT = 8.0  # seconds for the bot to close on a signal (Docker kills after 10)
PROBE_TIMEOUT = 10.0  # seconds a look at Discord's API may take (a black-holed network hangs)
# What Discord being unreachable looks like at start-up: no network, DNS failure, refused or
# timed-out connections, no gateway, Discord's own 5xx.
UNREACHABLE = (
    OSError,
    aiohttp.ClientError,
    TimeoutError,
    discord.GatewayNotFound,
    discord.DiscordServerError,
)
# discord.py's reconnect messages, logged with a traceback each time; kept to one line.
RECONNECT_MESSAGES = ("Attempting a reconnect", "Failed to connect for shard_id")


def retry_delay(attempt: int) -> float:
    """Return the wait after failed attempt number `attempt` (1, 2, ...): 2 s doubling to 60 s."""
    return min(LONGEST_RETRY, FIRST_RETRY * 2 ** min(attempt - 1, 10))


def describe(exc: BaseException) -> str:
    """Say in a few words why a connection failed (never a traceback)."""
    if isinstance(exc, TimeoutError) and not str(exc):
        return "timed out"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class OneLineReconnects(logging.Filter):
    """Log discord.py's reconnect attempts as one line with the reason, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Fold the exception of a reconnect message into its text."""
        if record.exc_info and str(record.msg).startswith(RECONNECT_MESSAGES):
            exc = record.exc_info[1]
            if exc is not None:
                record.msg = f"{record.msg} ({describe(exc).replace('%', '%%')})"
            record.exc_info, record.exc_text = None, None
        return True


@contextlib.contextmanager
def one_line_reconnects() -> Iterator[None]:
    """Install OneLineReconnects on discord.py's client and shard loggers for the duration."""
    quiet = OneLineReconnects()
    loggers = [logging.getLogger(name) for name in ("discord.client", "discord.shard")]
    for logger in loggers:
        logger.addFilter(quiet)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)


@contextlib.contextmanager
def stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """Set `stop` on SIGTERM or SIGINT (instead of dying with -15 or a KeyboardInterrupt)."""
    loop = asyncio.get_running_loop()
    installed = []

    def received(sig: signal.Signals) -> None:
        if not stop.is_set():
            log.info("%s received: stopping", sig.name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, received, sig)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):  # not the main thread, or no signals here
            pass
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


async def probe(timeout: float = PROBE_TIMEOUT) -> BaseException | None:
    """Look whether Discord's API answers at all (any HTTP status will do); return why not."""
    url = discord.http.Route.BASE + "/gateway"  # public: no token is sent
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(url) as response,
        ):
            await response.read()
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return exc
    return None


async def run_once(bot: ElectionBot, token: str, stop: asyncio.Event) -> BaseException | None:
    """Run one bot until it closes or `stop` is set; return what made its start-up fail, if any."""
    started = asyncio.create_task(bot.start(token), name="discord")
    stopping = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        await asyncio.wait({started, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if not started.done():
        try:
            await asyncio.wait_for(bot.shutdown(), STOP_TIMEOUT)
        except TimeoutError:
            log.warning("the bot took over %.0f s to close; stopping anyway", STOP_TIMEOUT)
        started.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await started
        return None
    await bot.close()  # after a failed start, free what it opened (HTTP session, cogs, tasks)
    error = started.exception()
    if error is None or stop.is_set():
        return None
    if isinstance(error, UNREACHABLE) and not bot.was_ready:
        return error
    raise error


async def until_stopped(opening: Awaitable[T], stop: asyncio.Event) -> T | None:
    """Await `opening` unless `stop` is set first (then cancel it and return None)."""
    task = asyncio.ensure_future(opening)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None


def open_for(
    settings: Settings, opening: Opening | None = None
) -> tuple[Catalog, Refresh, dict[str, ContestParts]]:
    """Read the knowledge folder to serve it (a broken contest from the snapshot), or CliError."""
    folder = settings.knowledge_dir
    opening = opening or Opening(folder, snapshot_dir(settings.database_path), workers=0)
    try:
        catalog, opened, parts = opening.result()
    except KnowledgeError as exc:
        count = len(exc.errors)
        raise CliError(
            f"knowledge in {folder} cannot be served ({count} error{'s' * (count != 1)}, "
            f"and no good knowledge kept from an earlier run):\n{exc}",
            1,
        ) from None
    if opened.errors:
        shown = "\n".join(map(str, opened.errors))
        log.error("the knowledge folder has %d error(s):\n%s", len(opened.errors), shown)
    return catalog, opened, parts


@dataclass
class Started:
    """The knowledge opened and the engine built, handed to the bot (and then forgotten here)."""

    catalog: Catalog | None
    refresh: Refresh | None
    engine: Engine | None


def start_engine(settings: Settings, opening: Opening | None = None) -> Started:
    """Open the knowledge and build the engine, then freeze it all out of the collector's sight.

    With the collector paused throughout: nothing read is garbage, and a collection would walk
    every new object in vain (a quarter of a second at 650 contests).
    """
    with gc_paused():
        catalog, refresh, parts = open_for(settings, opening)
        engine = Engine(refresh.kb, tz=settings.tz, parts=parts)
        gc.freeze()
    return Started(catalog, refresh, engine)


async def serve(settings: Settings, started: Started) -> None:
    """Open the store and run the bot on the knowledge opened, until it is closed or stopped.

    `started` is emptied once the bot has it: the first engine and knowledge base must not stay
    alive here once reloads have replaced them (a failed attempt hands on what its bot served).
    """
    assert started.catalog and started.refresh and started.engine
    serving: dict[str, Any] = {"engine": started.engine, "catalog": started.catalog}
    errors = started.refresh.errors
    started.catalog = started.refresh = started.engine = None
    stop = asyncio.Event()
    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value()
    with stop_on_signals(stop):  # a signal also stops the retries of an unreachable database
        store = await until_stopped(open_store(settings), stop)
    if store is None:
        log.info("stopped")
        return
    try:
        with stop_on_signals(stop), one_line_reconnects():
            attempt = 0
            while not stop.is_set():
                attempt += 1
                # Look first, with a time limit: discord.py's own first request would wait
                # minutes on a network that drops packets instead of refusing them.
                error = await probe()
                if error is None:
                    bot = create_bot(settings, store=store, startup_errors=errors, **serving.copy())
                    serving.clear()
                    error = await run_once(bot, token, stop)
                    if error is None:
                        break
                    serving.update(engine=bot.holder.engine, catalog=bot.holder.catalog)
                    del bot
                wait = retry_delay(attempt)
                log.warning(
                    "cannot reach Discord (attempt %d: %s); retrying in %.0f s",
                    attempt,
                    describe(error),
                    wait,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), wait)
    finally:
        await store.close()
    log.info("stopped")


def run_discord(settings: Settings, opening: Opening | None = None) -> int:
    """Run the bot on the knowledge being opened (else opened now); return the exit code."""
    started = start_engine(settings, opening)  # before the event loop: no one can ask yet
    try:
        asyncio.run(serve(settings, started))
    except discord.LoginFailure:
        print(BAD_TOKEN, file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(NEED_INTENT, file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # a second Ctrl-C while stopping
        log.info("stopped")
    return 0
