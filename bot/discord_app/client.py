"""The Bot subclass: handed its settings, engine and store; loads one cog per feature."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from ..core.answering.answer import Answer
from ..core.answering.engine import Engine
from ..core.clock import Clock, SystemClock
from ..core.count.updates import StatusUpdater
from ..core.knowledge.catalog import Catalog
from ..core.knowledge.reader import LoadError
from ..core.runtime.collector import IdleCollector
from ..core.runtime.contest_memory import ContestMemory
from ..core.runtime.cooldown import Cooldown
from ..core.runtime.holder import KnowledgeHolder
from ..core.runtime.stalls import settle
from ..settings import Settings
from ..store import Store
from .heartbeat import Heartbeat
from .modlog import record_startup
from .views import NO_PINGS, ContestButton, FeedbackButton, SuggestionButton, send_kwargs
from .watcher import KnowledgeWatcher

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discord_app.cogs.ask",
    "bot.discord_app.cogs.info",
    "bot.discord_app.cogs.announce",
)
MODERATION = (
    "bot.discord_app.cogs.count",
    "bot.discord_app.cogs.kb",
)  # /count and /kb, for moderators
APOLOGY = "Sorry, something went wrong while answering. The moderators have the details."
RECORD_WAIT = 3.0  # seconds a reply waits for its question to be stored (then goes without)
STOPPING = "The bot is restarting: please ask again in a minute."
ANSWER_GRACE = 3.0  # seconds questions being answered get to finish when the bot is stopped
SNAPSHOT_AFTER_READY = 10.0  # seconds after connecting before the first knowledge snapshot


def intents_for(settings: Settings) -> discord.Intents:
    """Return the intents the settings need: message content only for QA channels."""
    intents = discord.Intents.default()
    intents.message_content = bool(settings.qa_channel_ids)
    intents.presences = False
    intents.typing = False
    return intents


class ElectionBot(commands.Bot):
    """The election-night bot (see discord.py's examples/advanced_startup.py)."""

    def __init__(
        self,
        *,
        settings: Settings,
        engine: Engine,
        store: Store,
        clock: Clock | None = None,
        extensions: tuple[str, ...] = EXTENSIONS + MODERATION,
        watch: bool = True,
        catalog: Catalog | None = None,
        startup_errors: list[LoadError] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("intents", intents_for(settings))
        # No message cache: nothing here reads old messages back (replies, buttons and deletes
        # use the message in hand), and 1,000 cached messages were ~23,000 objects (measured in
        # benchmarks/load.py) that every full garbage collection walked, stalling the event loop.
        kwargs.setdefault("max_messages", None)
        # The bot never joins a voice channel: discord.py's switches for its one-time warnings
        # that the voice libraries (PyNaCl, davey) are missing. Nothing else is silenced.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            allowed_mentions=NO_PINGS,
            **kwargs,
        )
        self.settings = settings
        self.clock = clock or SystemClock(settings.tz)
        self.holder = KnowledgeHolder(
            engine, settings.knowledge_dir, lambda kb: Engine(kb, tz=settings.tz), catalog=catalog
        )
        # Errors found in the knowledge folder at start-up (their contests serve the snapshot),
        # for the mod-log once connected.
        self.startup_errors = list(startup_errors or [])
        self._ready_once = False
        # With a database shared by several processes, their edits take its lock too (README,
        # "Sharding"); alone on a SQLite file, the holder's lock is enough.
        shared_lock = store.edit_lock if store.shared else None
        self.status_updater = StatusUpdater(self.holder, self.clock, shared_lock)
        self.store = store
        self.cooldown = Cooldown(settings.cooldown_seconds)
        # The contest last named in each channel answers follow-ups that name none.
        self.contest_memory = ContestMemory(settings.contest_memory_minutes * 60)
        self.initial_extensions = extensions
        self.watch = watch  # hot-reload the knowledge folder when its files change
        self.watcher: KnowledgeWatcher | None = None
        self.collector: asyncio.Task[None] | None = None
        self.answering = 0  # questions being answered now; full collections wait for none
        self.answered = asyncio.Event()  # set while no question is being answered
        self.answered.set()
        self.stopping = False  # set by shutdown(): no new questions are taken
        self.was_ready = False  # connected to Discord at least once
        self.heart: Heartbeat | None = None
        self.heartbeat: asyncio.Task[None] | None = None
        self.syncing: asyncio.Task[None] | None = None

    @property
    def engine(self) -> Engine:
        """Return the engine being served (swapped whole on reload)."""
        return self.holder.engine

    async def setup_hook(self) -> None:
        """Load the cogs, register persistent buttons and start syncing slash commands."""
        # Warm the engine and freeze it out of the collector's sight before serving: no full
        # collection walks the knowledge base again (bot/core/runtime/stalls.py). On the loop:
        # nothing is answered before the gateway connects, and indexes are built where answered.
        settle(self.engine)
        # Full collections wait for idle moments, not the middle of a burst (core/runtime/collector.py).
        collector = IdleCollector(busy=lambda: self.answering > 0)
        self.collector = asyncio.create_task(collector.run(), name="idle-collector")
        # `bot health` (the container's HEALTHCHECK) reads the file this touches while connected.
        self.heart = Heartbeat(self.settings.heartbeat_path, connected=self._connected)
        self.heartbeat = asyncio.create_task(self.heart.run(), name="heartbeat")
        self.add_dynamic_items(FeedbackButton, SuggestionButton, ContestButton)
        for ext in self.initial_extensions:
            await self.load_extension(ext)
        if self.watch:
            self.watcher = KnowledgeWatcher(self)
            self.watcher.start()
        self.tree.on_error = self.on_app_command_error
        self.tree.interaction_check = self._taking_questions  # type: ignore[method-assign]
        # Synced beside the gateway's connection, not before it: mentions are answered meanwhile.
        self.syncing = asyncio.create_task(self._sync_commands(), name="sync-commands")

    async def _sync_commands(self) -> None:
        """Tell Discord the slash commands (to the guild when one is set); log a failure."""
        try:
            if self.settings.discord_guild_id:
                guild = discord.Object(id=self.settings.discord_guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
            else:
                synced = await self.tree.sync()
        except discord.HTTPException as exc:
            log.error(
                "cannot sync the slash commands (%s %s): they may be missing or out of date; "
                "mentions are still answered",
                exc.status,
                exc.text or exc,
            )
            return
        log.info("synced %d slash commands", len(synced))

    async def close(self) -> None:
        """Stop watching the knowledge folder, then disconnect."""
        if self.watcher is not None:
            await self.watcher.stop()
        await self.holder.close()
        for task in (self.collector, self.heartbeat, self.syncing):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await super().close()

    async def shutdown(self, grace: float = ANSWER_GRACE) -> None:
        """Stop taking questions, give those being answered `grace` seconds, then close."""
        self.stopping = True
        if not self.answered.is_set():
            log.info("stopping: waiting for %d question(s) being answered", self.answering)
            try:
                await asyncio.wait_for(self.answered.wait(), grace)
            except TimeoutError:
                log.warning("stopping with %d question(s) unanswered", self.answering)
        await self.close()

    def _connected(self) -> bool:
        """Tell whether the gateway connection (every shard's) is up now (for the heartbeat)."""
        if not self.is_ready() or self.is_closed() or self.stopping:
            return False
        shards = getattr(self, "shards", None)  # an AutoShardedBot's ShardInfo by id
        if shards:
            return all(not shard.is_closed() for shard in shards.values())
        return self.ws is not None and self.ws.open

    async def _taking_questions(self, interaction: discord.Interaction) -> bool:
        """Refuse slash commands, politely, once the bot is stopping."""
        if not self.stopping:
            return True
        await self.reply_ephemeral(interaction, STOPPING)
        return False

    async def on_ready(self) -> None:
        """Log who we are, beat the heart at once and tell the mod-log of start-up errors."""
        self.was_ready = True
        if self.heart is not None:
            self.heart.beat()
        log.info(
            "connected as %s (%s) to %d guild(s)",
            self.user,
            getattr(self.user, "id", "?"),
            len(self.guilds),
        )
        if not self._ready_once:
            self._ready_once = True
            # Keep the knowledge just read as the last good one, once the first questions are
            # answered: at 650 contests writing it all is a second of CPU the start-up can spare.
            self.loop.call_later(SNAPSHOT_AFTER_READY, self.holder.save_snapshot_soon)
        if self.startup_errors:
            errors, self.startup_errors = self.startup_errors, []
            await record_startup(self, errors)

    async def on_message(self, message: discord.Message, /) -> None:
        """Leave messages to the cogs: the bot has no prefix commands."""

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Log an exception in any event handler with its traceback; never stop the bot."""
        log.error("error in %s:\n%s", event_method, traceback.format_exc())

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Answer a failed slash command with a short apology, ephemerally."""
        if isinstance(error, app_commands.CheckFailure):
            message = str(error) or "You can't use this command."
            log.info(
                "refused /%s for user %s: %s",
                getattr(interaction.command, "qualified_name", "?"),
                interaction.user.id,
                message,
            )
        elif isinstance(error, app_commands.CommandNotFound):
            message = "I don't know that command (it may have been removed). Try /help."
            log.warning(
                "unknown command %r from user %s", getattr(error, "name", "?"), interaction.user.id
            )
        else:
            message = APOLOGY
            original = getattr(error, "original", error)
            log.error(
                "error in /%s",
                getattr(interaction.command, "qualified_name", "?"),
                exc_info=(type(original), original, original.__traceback__),
            )
        await self.reply_ephemeral(interaction, message)

    async def reply_ephemeral(self, interaction: discord.Interaction, message: str) -> None:
        """Send a private message to the user of an interaction, whether or not it was answered."""
        try:
            if interaction.response.is_done():
                await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_PINGS)
            else:
                await interaction.response.send_message(
                    message, ephemeral=True, allowed_mentions=NO_PINGS
                )
        except discord.HTTPException:
            log.exception("could not tell user %s about an error", interaction.user.id)

    @contextlib.contextmanager
    def answering_one(self) -> Iterator[None]:
        """Count a question as being answered for the duration."""
        self.answering += 1
        self.answered.clear()
        try:
            yield
        finally:
            self.answering -= 1
            if not self.answering:
                self.answered.set()

    async def answer_in(
        self, question: str, channel_id: int | None, contest_id: str | None = None
    ) -> Answer:
        """Answer a question asked in a channel, following and updating the channel's contest.

        The engine answers on its own thread (see KnowledgeHolder.on_engine), not on the loop.
        """
        memory = self.contest_memory
        given = contest_id or memory.get(channel_id)
        recent = memory.recent()
        answer = await self.holder.on_engine(
            lambda engine: engine.answer(question, given, recent=recent)
        )
        if contest_id and answer.route == "given":
            answer = replace(answer, route="named")  # the asker picked it (option or button)
        if answer.contest_id and answer.route in ("named", "person"):
            memory.remember(channel_id, answer.contest_id)
        return answer

    async def record(
        self, answer: Answer, user_id: int | None, channel_id: int | None
    ) -> int | None:
        """Store a question and its answer; never let a storage error lose or hold up the reply."""
        try:
            return await asyncio.wait_for(
                self.store.questions.record(
                    question=answer.question,
                    answered=answer.answered,
                    confidence=answer.confidence,
                    entry_id=answer.entry_id,
                    contest_id=answer.contest_id,
                    user_id=user_id,
                    channel_id=channel_id,
                ),
                RECORD_WAIT,
            )
        except TimeoutError:  # a database that does not answer: reply without feedback buttons
            log.warning("could not record a question within %.0f s; replying anyway", RECORD_WAIT)
            return None
        except Exception:
            log.exception("could not record a question")
            return None

    async def send_answer_to_interaction(
        self,
        interaction: discord.Interaction,
        answer: Answer,
        *,
        ephemeral: bool,
        title: str | None = None,
    ) -> None:
        """Record and send an answer as the response to an interaction."""
        qid = await self.record(answer, interaction.user.id, interaction.channel_id)
        kwargs = send_kwargs(self, answer, qid, title)
        if interaction.response.is_done():
            await interaction.followup.send(ephemeral=ephemeral, **kwargs)
        else:
            await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
