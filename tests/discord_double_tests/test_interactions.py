"""Slash commands, buttons, autocomplete, modals and followups through the double."""

from __future__ import annotations

import discord
from discord import app_commands

from tests.discord_double_tests.bot_app import GUILD, DoubleTestBot
from tests.fakediscord import IDS, FakeDiscord, run_bot, wait_for_view


async def test_ping_slash_command_gets_a_callback(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """/ping → POST /interactions/{id}/{token}/callback type 4 with the pong message."""
    inter = await fake_discord.inject_slash_command("ping", user="bob")
    callback = await fake_discord.wait_for_callback(inter, timeout=10)
    assert callback.type == 4 and callback.data["content"] == "pong"
    assert callback.request.query == {"with_response": "1"}
    assert callback.data["components"][0]["components"][0]["custom_id"] == "ping:again"
    original = fake_discord.original_response(inter)
    assert original["content"] == "pong" and original["interaction_metadata"]["user"]["id"] == str(
        IDS.bob_id
    )
    assert fake_discord.bot_messages_in(IDS.general_channel_id)[-1]["id"] == original["id"]


async def test_button_click_edits_the_message(
    fake_discord: FakeDiscord, bot: DoubleTestBot
) -> None:
    """Clicking the view's button → type 7 UPDATE_MESSAGE edits the stored message."""
    inter = await fake_discord.inject_slash_command("ping")
    message_id = (await fake_discord.wait_for_callback(inter, timeout=10)).message_id
    assert message_id is not None
    await wait_for_view(fake_discord, bot, message_id)
    click = await fake_discord.inject_component(message_id, "ping:again", user="alice")
    callback = await fake_discord.wait_for_callback(click, timeout=10)
    assert callback.type == 7 and callback.data["content"] == "pong again"
    assert fake_discord.get_message(message_id)["content"] == "pong again"
    assert fake_discord.get_message(message_id)["components"] == []


async def test_options_subcommands_autocomplete_modal_and_followups(
    fake_discord: FakeDiscord,
) -> None:
    """Typed options with resolved members, a subcommand, autocomplete, modal, defer+followup."""
    bot = DoubleTestBot()
    seen: dict[str, object] = {}
    results = app_commands.Group(name="results", description="Results")

    @results.command(name="seat", description="Result for a seat")
    async def seat(interaction: discord.Interaction, name: str, who: discord.Member) -> None:
        seen["seat"] = (name, who)
        await interaction.response.defer(thinking=True)
        await interaction.followup.send(f"{name}: counting", ephemeral=False)
        secret = await interaction.followup.send("secret", ephemeral=True, wait=True)
        await interaction.edit_original_response(content=f"{name}: declared")
        seen["original"] = (await interaction.original_response()).content
        await secret.delete()
        seen["done"] = True

    @seat.autocomplete("name")
    async def seat_names(interaction: discord.Interaction, current: str) -> list:
        return [
            app_commands.Choice(name=n, value=n) for n in ("Hull", "Hove") if n.startswith(current)
        ]

    class Ask(discord.ui.Modal, title="Ask"):
        question = discord.ui.TextInput(label="Question", custom_id="q")

        async def on_submit(self, interaction: discord.Interaction) -> None:
            seen["modal"] = self.question.value
            await interaction.response.send_message("thanks", ephemeral=True)

    @app_commands.command(name="ask", description="Ask a question")
    async def ask(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Ask())

    bot.tree.add_command(results, guild=GUILD)
    bot.tree.add_command(ask, guild=GUILD)
    async with run_bot(fake_discord, bot):
        inter = await fake_discord.inject_slash_command(
            "results seat", {"name": "Hull", "who": IDS.alice_id}, user="mod_mia"
        )
        await fake_discord.wait_until(lambda: seen.get("done"), 10)
        name, who = seen["seat"]
        assert name == "Hull" and isinstance(who, discord.Member) and who.id == IDS.alice_id
        assert fake_discord.callbacks_for(inter)[0].type == 5
        original = fake_discord.original_response(inter)
        assert original["content"] == "Hull: declared" and not original["flags"] & 128
        assert seen["original"] == "Hull: declared"
        (secret,) = fake_discord.followups_for(inter)
        assert secret["flags"] & 64 and secret["content"] == "secret"
        webhook = rf"/webhooks/{IDS.app_id}/{inter.token}/messages/"
        assert fake_discord.requests_matching("PATCH", webhook + "@original", status=200)
        assert fake_discord.requests_matching("DELETE", webhook + secret["id"], status=204)
        assert secret["id"] not in [
            m["id"] for m in fake_discord.messages_in(IDS.general_channel_id)
        ]

        auto = await fake_discord.inject_autocomplete("results seat", "name", "Ho")
        choices = (await fake_discord.wait_for_callback(auto, 10)).data["choices"]
        assert choices == [{"name": "Hove", "value": "Hove"}]

        modal_cmd = await fake_discord.inject_slash_command("ask")
        modal = await fake_discord.wait_for_callback(modal_cmd, 10)
        assert modal.type == 9 and modal.data["title"] == "Ask"
        submit = await fake_discord.inject_modal_submit(modal.data["custom_id"], {"q": "When?"})
        assert (await fake_discord.wait_for_callback(submit, 10)).type == 4
        assert seen["modal"] == "When?"
