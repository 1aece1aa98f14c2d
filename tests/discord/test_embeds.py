"""Answer → embed, on its own: marks, verbatim quotes, ellipses and Discord's limits."""

from __future__ import annotations

import discord

from bot.core.answering.answer import Answer, CitedSpan
from bot.core.answering.engine import Engine
from bot.discord_app.embeds import (
    ELLIPSIS,
    EMBED_TOTAL_MAX,
    FIELD_VALUE_MAX,
    answer_embed,
    safe,
    shorten,
)


def test_answer_embed_carries_text_quotes_and_footer(engine: Engine) -> None:
    """The embed holds the answer with its marks, each cited span verbatim, and the status footer."""
    answer = engine.answer("who won?")
    contest = engine.kb.contests[answer.contest_id]
    embed = answer_embed(answer, contest)
    assert embed.description == answer.text
    sources = "\n".join(f.value for f in embed.fields)
    for cit in answer.citations:
        assert f"[¶{cit.paragraph}] “{cit.quote}”" in sources
    assert embed.footer.text == f"Count: Counting · {contest.name}"


def test_long_quotes_are_shortened_with_ellipsis_never_silently() -> None:
    """A long cited span is cut at a word with an ellipsis, and overflow is counted, not dropped."""
    long_quote = "word " * 400
    cits = tuple(CitedSpan("article", n, long_quote) for n in range(1, 60))
    answer = Answer("q", True, "x " * 3000, 1.0, "id", cits)
    embed = answer_embed(answer)
    assert len(embed) <= EMBED_TOTAL_MAX
    assert len(embed.description or "") <= 4096 and embed.description.endswith(ELLIPSIS)
    assert all(len(f.value) <= FIELD_VALUE_MAX for f in embed.fields)
    assert ELLIPSIS in embed.fields[0].value
    assert (
        embed.fields[-1].name == "More sources" and "more cited passage" in embed.fields[-1].value
    )


def test_unanswered_embed_lists_suggestions() -> None:
    """An abstention shows the suggestions too (for clients that hide buttons)."""
    answer = Answer(
        "q", False, "I don't have that in my sources.", 0.1, suggestions=("What was the turnout?",)
    )
    embed = answer_embed(answer)
    assert embed.colour != discord.Colour.green()
    assert (
        embed.fields[-1].name == "You could ask"
        and "What was the turnout?" in embed.fields[-1].value
    )


def test_shorten_and_safe() -> None:
    """shorten marks every cut; safe escapes Markdown and mentions."""
    assert shorten("short", 10) == "short"
    cut = shorten("one two three four five", 12)
    assert len(cut) <= 12 and cut.endswith(ELLIPSIS)
    role = "<@&123456789012345678>"
    escaped = safe(f"@everyone **bold** {role} [x](http://e.vil)", 100)
    assert escaped.startswith("@\u200beveryone \\*\\*bold\\*\\* ")
    assert role not in escaped and "@\u200b&123456789012345678" in escaped
    assert "\\[x\\]\\(http://e.vil\\)" in escaped
