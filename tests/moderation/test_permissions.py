"""Only moderators can use /count and /kb: hidden from others, checked on every call, refusals audited."""

from __future__ import annotations

from typing import Any

from bot.discord_app.client import ElectionBot
from tests.fakediscord import IDS, FakeDiscord
from tests.moderation.conftest import CONTEST, ModBotFactory, audit_rows, modlog_texts

MANAGE_GUILD = 1 << 5
SAMPLE = {3: "x", 4: 1, 10: 1.0, 5: True}


def moderator_commands(fake: FakeDiscord) -> dict[str, dict[str, Any]]:
    """Return the synced moderators' commands (/count, /kb, /announce) by name."""
    return {
        c["name"]: c
        for c in fake.world.guild_commands[IDS.guild_id]
        if c["name"] in ("count", "kb", "announce")
    }


def sample_options(schema: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a value for every required option of a subcommand."""
    values = {}
    for option in schema:
        if option.get("required"):
            choices = option.get("choices")
            values[option["name"]] = choices[0]["value"] if choices else SAMPLE[option["type"]]
    return values


async def test_groups_are_hidden_and_guild_only(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """/count, /kb and /announce are synced with Manage Server as default permission, no DM use."""
    groups = moderator_commands(fake_discord)
    assert set(groups) == {"count", "kb", "announce"}
    for group in groups.values():
        assert int(group["default_member_permissions"]) == MANAGE_GUILD
        assert group.get("contexts") == [0] or group.get("dm_permission") is False
    assert {o["name"] for o in groups["count"]["options"]} == {"set", "declare", "undo"}
    assert {o["name"] for o in groups["kb"]["options"]} == {"reload", "check", "gaps", "alias"}


async def test_non_moderator_is_refused_on_every_command(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """Alice (no Moderator role) is refused privately on each subcommand; nothing changes; each is audited."""
    facts = (mod_bot.settings.knowledge_dir / CONTEST / "facts.yaml").read_text(encoding="utf-8")
    engine = mod_bot.engine
    ran = []
    for group in moderator_commands(fake_discord).values():
        subcommands = [o for o in group["options"] if o["type"] == 1]  # /announce has none
        for sub in subcommands or [{"name": "", "options": group["options"]}]:
            name = f"{group['name']} {sub['name']}".strip()
            inter = await fake_discord.inject_slash_command(
                name, sample_options(sub.get("options", [])), user="alice"
            )
            callback = await fake_discord.wait_for_callback(inter)
            assert callback.data["flags"] & 64, name
            assert "Only moderators can use" in callback.data["content"], name
            assert f"/{name}" in callback.data["content"]
            ran.append(name)
    assert len(ran) == 8
    assert mod_bot.engine is engine and mod_bot.engine.kb.contests[CONTEST].status.version == 0
    assert (mod_bot.settings.knowledge_dir / CONTEST / "facts.yaml").read_text(
        encoding="utf-8"
    ) == facts
    refused = await audit_rows(mod_bot, "refused")
    assert sorted(r.detail.removesuffix(" (not a moderator)") for r in refused) == sorted(
        f"/{n}" for n in ran
    )
    assert all(r.actor == "alice" and r.contest_id is None for r in refused)
    assert await audit_rows(mod_bot, "status.set recount") == []
    assert not any("alice" in text for text in modlog_texts(fake_discord))


async def test_role_is_checked_on_every_call(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """A moderator whose role is removed is refused on the next call (no cached permission)."""
    first = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    assert "Recount" in (await fake_discord.wait_for_callback(first)).data["content"]
    member = fake_discord.world.guilds[IDS.guild_id].members[IDS.moderator_user_id]
    member.roles.remove(IDS.moderator_role_id)
    second = await fake_discord.inject_slash_command(
        "count set", {"phase": "counting"}, user="mod_mia"
    )
    callback = await fake_discord.wait_for_callback(second)
    assert "Only moderators" in callback.data["content"]
    assert mod_bot.engine.kb.contests[CONTEST].status.phase == "recount"
    assert [r.actor for r in await audit_rows(mod_bot, "refused")] == ["mod_mia"]


async def test_other_moderator_role_from_settings(
    fake_discord: FakeDiscord, start_mod_bot: ModBotFactory
) -> None:
    """The roles come from settings: with another role configured, the Moderator role is not enough."""
    role = fake_discord.add_role("Count staff")
    fake_discord.add_member("counter_carl", roles=[role.id])
    bot = await start_mod_bot(moderator_role_ids=[role.id])
    refused = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    assert "Only moderators" in (await fake_discord.wait_for_callback(refused)).data["content"]
    allowed = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="counter_carl"
    )
    assert "Recount" in (await fake_discord.wait_for_callback(allowed)).data["content"]
    assert bot.engine.kb.contests[CONTEST].status.updated_by == "counter_carl"
