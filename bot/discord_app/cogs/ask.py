"""Askers' questions: mentions, QA-channel messages and /ask, answered as cited embeds."""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from ...core.text import looks_like_question
from ..choices import contest_choices
from ..client import APOLOGY, ElectionBot
from ..embeds import CONTENT_MAX
from ..views import NO_PINGS, send_kwargs

log = logging.getLogger(__name__)

NOTICE_SECONDS = 15  # a cooldown notice is deleted after this long
QUESTION_MAX = 500  # longer questions are cut before matching; the reply says nothing of the rest


def strip_bot_mention(content: str, bot_id: int) -> str:
    """Remove mentions of the bot itself from a message."""
    return re.sub(rf"<@!?{bot_id}>", " ", content).strip()


class Ask(commands.Cog):
    """Answer questions from mentions, QA channels and /ask."""

    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    def _wants_answer(self, message: discord.Message) -> bool:
        """Tell whether a message is addressed to the bot or asked in a QA channel."""
        me = self.bot.user
        if me is None or self.bot.stopping:  # stopping: take no new questions
            return False
        if message.author.bot or message.webhook_id is not None:
            return False
        if any(u.id == me.id for u in message.mentions):
            return True
        qa = self.bot.settings.qa_channel_ids
        return message.channel.id in qa and looks_like_question(message.content)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Reply to a question with a cited answer, or a polite cooldown notice."""
        if not self._wants_answer(message):
            return
        with self.bot.answering_one():
            await self._reply(message)

    async def _reply(self, message: discord.Message) -> None:
        """Send the answer or the cooldown notice; apologise if anything fails."""
        assert self.bot.user is not None
        question = strip_bot_mention(message.content, self.bot.user.id)[:QUESTION_MAX]
        wait = self.bot.cooldown.retry_after(message.author.id)
        try:
            if wait:
                notice = await message.reply(
                    f"You're asking quickly: please wait {wait:.0f} s before your next question.",
                    mention_author=False,
                    allowed_mentions=NO_PINGS,
                )
                # Delete it later through a bare id: `delete_after` would keep the whole sent
                # Message alive meanwhile (about 40 objects each full collection walks).
                channel = notice.channel
                if hasattr(channel, "get_partial_message"):
                    await channel.get_partial_message(notice.id).delete(delay=NOTICE_SECONDS)
                else:
                    await notice.delete(delay=NOTICE_SECONDS)
                return
            answer = await self.bot.answer_in(question, message.channel.id)
            qid = await self.bot.record(answer, message.author.id, message.channel.id)
            await message.reply(mention_author=False, **send_kwargs(self.bot, answer, qid, None))
        except Exception:
            log.exception("could not answer message %s", message.id)
            try:
                await message.reply(
                    APOLOGY[:CONTENT_MAX], mention_author=False, allowed_mentions=NO_PINGS
                )
            except discord.HTTPException:
                log.exception("could not apologise for message %s", message.id)

    @app_commands.command(
        name="ask", description="Ask about the by-election; answers cite their sources"
    )
    @app_commands.describe(
        question="Your question, e.g. what was the turnout?",
        contest="The contest it is about (default: the one it names, or named here lately)",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, QUESTION_MAX],
        contest: str | None = None,
    ) -> None:
        """Answer /ask; an answer the sources lack is shown only to the asker."""
        with self.bot.answering_one():
            await self._ask(interaction, question, contest)

    async def _ask(
        self, interaction: discord.Interaction, question: str, contest: str | None
    ) -> None:
        """Answer /ask (see `ask`)."""
        if contest is not None and contest not in self.bot.engine.kb.contests:
            await self.bot.reply_ephemeral(
                interaction, "I don't know that contest: pick one from the list, or leave it out."
            )
            return
        wait = self.bot.cooldown.retry_after(interaction.user.id)
        if wait:
            await self.bot.reply_ephemeral(
                interaction,
                f"You're asking quickly: please wait {wait:.0f} s before your next question.",
            )
            return
        answer = await self.bot.answer_in(question[:QUESTION_MAX], interaction.channel_id, contest)
        await self.bot.send_answer_to_interaction(
            interaction, answer, ephemeral=not answer.answered, title=question
        )

    @ask.autocomplete("question")
    async def ask_complete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer the knowledge base's phrasings closest to what is typed."""
        typed = current[:200]
        found = await self.bot.holder.on_engine(lambda engine: engine.complete(typed, limit=25))
        return [app_commands.Choice(name=q[:100], value=q[:QUESTION_MAX]) for q in found]

    @ask.autocomplete("contest")
    async def contest_complete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer the contests whose name or id contains what is typed."""
        return contest_choices(self.bot.engine.kb, current)


async def setup(bot: ElectionBot) -> None:
    """Add the cog."""
    await bot.add_cog(Ask(bot))
