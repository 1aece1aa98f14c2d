"""/status, /quote, /sources, /help and autocomplete through the double."""

from __future__ import annotations

from bot.discord_app.client import ElectionBot
from tests.discord.test_asking import embed_text
from tests.fakediscord import FakeDiscord


async def test_status_command(fake_discord: FakeDiscord, election_bot: ElectionBot) -> None:
    """/status shows the phase, the expected declaration and the cited paragraphs."""
    inter = await fake_discord.inject_slash_command("status")
    text = embed_text((await fake_discord.wait_for_callback(inter)).data)
    assert "Counting" in text and "not before 5.30am" in text and "[¶5]" in text


async def test_quote_command_and_autocomplete(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """Speaker autocomplete finds people by role; /quote lists their verbatim quotes with outlet and ¶."""
    auto = await fake_discord.inject_autocomplete("quote", "speaker", "public health")
    choices = (await fake_discord.wait_for_callback(auto)).data["choices"]
    assert [c["value"] for c in choices] == ["hartlepool-2021:alex-norris"]
    inter = await fake_discord.inject_slash_command(
        "quote", {"speaker": "hartlepool-2021:alex-norris"}
    )
    text = embed_text((await fake_discord.wait_for_callback(inter)).data)
    assert "“No, not in the slightest.” [¶16]" in text and "Sky News" in text
    bad = await fake_discord.inject_slash_command("quote", {"speaker": "nobody"})
    callback = await fake_discord.wait_for_callback(bad)
    assert callback.data["flags"] & 64


async def test_ask_autocomplete_offers_phrasings(
    fake_discord: FakeDiscord, election_bot: ElectionBot
) -> None:
    """/ask autocomplete offers the knowledge base's phrasings closest to what is typed."""
    auto = await fake_discord.inject_autocomplete("ask", "question", "turnot")
    choices = (await fake_discord.wait_for_callback(auto)).data["choices"]
    assert 1 <= len(choices) <= 25
    assert any("turnout" in c["name"].lower() for c in choices[:3])
    assert all(len(c["name"]) <= 100 for c in choices)


async def test_sources_and_help(fake_discord: FakeDiscord, election_bot: ElectionBot) -> None:
    """/sources explains [¶n] marks and lists the article; /help is private and lists commands."""
    inter = await fake_discord.inject_slash_command("sources")
    text = embed_text((await fake_discord.wait_for_callback(inter)).data)
    assert "[¶4] means paragraph 4" in text and "20 paragraphs" in text
    help_inter = await fake_discord.inject_slash_command("help")
    callback = await fake_discord.wait_for_callback(help_inter)
    assert callback.data["flags"] & 64 and "/ask" in embed_text(callback.data)
