"""Buttons on answers: 👍/👎 feedback, suggested questions and contests. They survive restarts (DynamicItem)."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from ..core.answering.answer import Answer
from ..core.answering.routing import MAX_CANDIDATES
from .embeds import BUTTON_LABEL_MAX, answer_embed, shorten

if TYPE_CHECKING:
    from .client import ElectionBot

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"fb:(?P<qid>[0-9]{1,18}):(?P<vote>up|down)"
):
    """A 👍 or 👎 under an answer; records one vote per user per question."""

    def __init__(self, question_id: int, vote: str) -> None:
        self.question_id = question_id
        self.vote = vote
        super().__init__(
            discord.ui.Button(
                emoji="👍" if vote == "up" else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"fb:{question_id}:{vote}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> FeedbackButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["qid"]), match["vote"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the vote and thank the voter privately."""
        bot: ElectionBot = interaction.client  # type: ignore[assignment]
        ok = await bot.store.questions.feedback(
            self.question_id, interaction.user.id, 1 if self.vote == "up" else -1
        )
        text = "Thanks, noted." if ok else "That answer is too old to rate."
        if ok and self.vote == "down":
            text += " Moderators review answers marked 👎."
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sg:(?P<contest>[a-z0-9-]{1,40}):(?P<fact>[a-z0-9-]{1,40})",
):
    """A question the bot can answer, offered when it could not answer the one asked."""

    def __init__(self, contest_id: str, fact_id: str, label: str = "Ask this") -> None:
        self.contest_id = contest_id
        self.fact_id = fact_id
        super().__init__(
            discord.ui.Button(
                label=shorten(label, BUTTON_LABEL_MAX),
                style=discord.ButtonStyle.primary,
                custom_id=f"sg:{contest_id}:{fact_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> SuggestionButton:
        """Rebuild the button from its custom id."""
        return cls(match["contest"], match["fact"], item.label or "Ask this")

    async def callback(self, interaction: discord.Interaction) -> None:
        """Answer the suggested question, privately to whoever clicked."""
        bot: ElectionBot = interaction.client  # type: ignore[assignment]
        contest_id, fact_id = self.contest_id, self.fact_id
        answer = await bot.holder.on_engine(lambda engine: engine.answer_fact(contest_id, fact_id))
        if answer is None:
            await interaction.response.send_message(
                "That suggestion is no longer in the knowledge base; try /ask.",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        await bot.send_answer_to_interaction(interaction, answer, ephemeral=True)


class ContestButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"wc:(?P<qid>[0-9]{1,18}):(?P<contest>[a-z0-9-]{1,40})",
):
    """One contest offered when a question named none: answers that question about it."""

    def __init__(self, question_id: int, contest_id: str, label: str = "This contest") -> None:
        self.question_id = question_id
        self.contest_id = contest_id
        super().__init__(
            discord.ui.Button(
                label=shorten(label, BUTTON_LABEL_MAX),
                style=discord.ButtonStyle.primary,
                custom_id=f"wc:{question_id}:{contest_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ContestButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["qid"]), match["contest"], item.label or "This contest")

    async def callback(self, interaction: discord.Interaction) -> None:
        """Answer the recorded question about the chosen contest, privately to whoever clicked."""
        bot: ElectionBot = interaction.client  # type: ignore[assignment]
        question = await bot.store.questions.get(self.question_id)
        if question is None or self.contest_id not in bot.engine.kb.contests:
            await bot.reply_ephemeral(
                interaction,
                "That question or contest is no longer known; ask again naming the contest.",
            )
            return
        answer = await bot.answer_in(question, interaction.channel_id, self.contest_id)
        await bot.send_answer_to_interaction(interaction, answer, ephemeral=True, title=question)


def answer_view(
    bot: ElectionBot, answer: Answer, question_id: int | None
) -> discord.ui.View | None:
    """Return the buttons for an answer: feedback when answered, suggestions when not."""
    view = discord.ui.View(timeout=None)
    offered = list(zip(answer.suggestions, answer.suggestion_ids, strict=False))
    if answer.answered and question_id:
        view.add_item(FeedbackButton(question_id, "up"))
        view.add_item(FeedbackButton(question_id, "down"))
    elif answer.kind == "which_contest" and question_id:
        for label, contest_id in offered[:MAX_CANDIDATES]:
            view.add_item(ContestButton(question_id, contest_id, label))
    elif not answer.answered and answer.contest_id:
        for label, fact_id in offered[:3]:
            view.add_item(SuggestionButton(answer.contest_id, fact_id, label))
    return view if view.children else None


def embed_for(bot: ElectionBot, answer: Answer, title: str | None = None) -> discord.Embed:
    """Build the answer's embed with its contest."""
    contest = bot.engine.kb.contests.get(answer.contest_id or "")
    return answer_embed(answer, contest, title=title)


def send_kwargs(
    bot: ElectionBot, answer: Answer, question_id: int | None, title: str | None
) -> dict[str, Any]:
    """Return the keyword arguments to send an answer anywhere, pinging nobody."""
    kwargs: dict[str, Any] = {"embed": embed_for(bot, answer, title), "allowed_mentions": NO_PINGS}
    view = answer_view(bot, answer, question_id)
    if view is not None:
        kwargs["view"] = view
    return kwargs
