"""/count set, declare (preview, consistency check, Confirm, two-moderator rule) and undo."""

from __future__ import annotations

import sqlite3

import yaml

from bot.discord_app.client import ElectionBot
from tests.discord.test_asking import MENTION, button_ids, embed_text
from tests.fakediscord import IDS, FakeDiscord, InjectedInteraction, wait_for_view
from tests.moderation.conftest import (
    CONTEST,
    ModBotFactory,
    add_second_moderator,
    audit_rows,
    wait_for_modlog,
)

RESULT = (
    "Jill Mortimer (Conservative) 15529; Paul Williams (Labour) 8,589; Sam Lee (Independent) 2904"
)
# 15529 + 8589 + 2904 + 100 rejected = 27122 ballots; 27122 / 64000 = 42.38%
CONSISTENT = {"candidates": RESULT, "electorate": 64000, "turnout": 42.38, "rejected": 100}


async def ask(fake: FakeDiscord, question: str, user: str = "alice") -> str:
    """Ask by mention and return the text of the reply's embed."""
    asked = await fake.inject_message(IDS.general_channel_id, f"{MENTION} {question}", user)
    return embed_text(await fake.wait_for_message(IDS.general_channel_id, after=asked.id))


def status_on_disk(bot: ElectionBot) -> dict:
    """Read status.yaml of the contest as written by the bot."""
    return yaml.safe_load(
        (bot.settings.knowledge_dir / CONTEST / "status.yaml").read_text(encoding="utf-8")
    )


async def declare(
    fake: FakeDiscord, options: dict, user: str = "mod_mia"
) -> tuple[InjectedInteraction, dict]:
    """Run /count declare and return the interaction and its callback data."""
    inter = await fake.inject_slash_command("count declare", options, user=user)
    return inter, (await fake.wait_for_callback(inter)).data


async def press(
    fake: FakeDiscord, bot: ElectionBot, inter: InjectedInteraction, label: str, user: str
) -> dict:
    """Press Confirm or Cancel on the preview an interaction posted; return the callback."""
    preview = fake.original_response(inter)
    assert preview is not None
    custom_id = next(c for c in button_ids(preview) if c.startswith(f"count:{label}:"))
    await wait_for_view(fake, bot, int(preview["id"]))  # as a moderator would, once it shows
    click = await fake.inject_component(int(preview["id"]), custom_id, user=user)
    callback = await fake.wait_for_callback(click)
    return {"type": callback.type, **callback.data}


async def test_set_phase_changes_the_next_answer(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """After /count set recount, 'who won?' says Recount, citing the moderator's update."""
    before = await ask(fake_discord, "who won?")
    assert "Recount" not in before
    inter = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount", "note": "Labour asked for a bundle check"}, user="mod_mia"
    )
    callback = await fake_discord.wait_for_callback(inter)
    assert callback.data["flags"] & 64 and "Recount" in callback.data["content"]
    after = await ask(fake_discord, "who won?")
    assert "Recount" in after and "Labour asked for a bundle check" in after
    assert "set by mod_mia" in after
    assert status_on_disk(mod_bot)["phase"] == "recount"
    line = await wait_for_modlog(fake_discord, "set Hartlepool by-election to Recount")
    assert line.startswith("mod_mia ")
    [row] = await audit_rows(mod_bot, "status.set recount")
    assert row.actor == "mod_mia" and row.contest_id == CONTEST
    assert row.before["phase"] == "counting" and row.after["phase"] == "recount"


async def test_inconsistent_result_is_refused_with_every_problem(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """A result that does not add up is refused privately, listing each problem; nothing is offered to confirm."""
    _, data = await declare(fake_discord, {"candidates": RESULT, "electorate": 20000})
    assert data["flags"] & 64 and "does not add up" in data["content"]
    assert "27,022 ballots is more than the electorate of 20,000" in data["content"]
    assert not button_ids(data)
    _, data = await declare(
        fake_discord,
        {
            "candidates": f"{RESULT}; Paul Williams (Labour) 10",
            "electorate": 64000,
            "turnout": 50.0,
        },
    )
    assert "duplicate candidates: paul williams" in data["content"]
    assert "turnout is given as 50.0%" in data["content"]
    _, data = await declare(
        fake_discord, {"candidates": "Jill Mortimer 15529; Paul Williams (Labour) lots"}
    )
    assert "could not read the candidates" in data["content"]
    assert (
        "candidate 1 'Jill Mortimer 15529'" in data["content"] and "candidate 2" in data["content"]
    )
    assert mod_bot.engine.kb.contests[CONTEST].status.phase == "counting"
    assert await audit_rows(mod_bot, "status.declare") == []


async def test_confirmed_result_is_answered(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """The preview shows the check; only Confirm saves it; then 'who won?' gives winner, majority, turnout."""
    inter, data = await declare(fake_discord, CONSISTENT)
    assert data["flags"] & 64
    preview = embed_text(data)
    assert "Preview" in preview and "the figures add up" in preview and "6,940" in preview
    assert mod_bot.engine.kb.contests[CONTEST].status.phase == "counting"
    assert "Declared" not in await ask(fake_discord, "who won?")
    confirmed = await press(fake_discord, mod_bot, inter, "confirm", "mod_mia")
    assert confirmed["type"] == 7 and confirmed["components"] == []
    answer = await ask(fake_discord, "who won?")
    assert "Jill Mortimer (Conservative) won" in answer
    assert (
        "15,529 votes" in answer
        and "majority of 6,940" in answer
        and "Turnout was 42.38%" in answer
    )
    assert "Declared — set by mod_mia" in answer
    on_disk = status_on_disk(mod_bot)
    assert on_disk["phase"] == "declared" and on_disk["result"]["majority"] == 6940
    await wait_for_modlog(fake_discord, "mod_mia declared the Hartlepool by-election result")
    assert len(await audit_rows(mod_bot, "declare.proposed")) == 1
    [row] = await audit_rows(mod_bot, "status.declare")
    assert row.after["result"]["winner"] == "Jill Mortimer" and row.before["phase"] == "counting"


async def test_cancel_saves_nothing(fake_discord: FakeDiscord, mod_bot: ElectionBot) -> None:
    """Cancel removes the buttons and leaves the status alone."""
    inter, _ = await declare(fake_discord, CONSISTENT)
    cancelled = await press(fake_discord, mod_bot, inter, "cancel", "mod_mia")
    assert cancelled["type"] == 7 and "Cancelled" in embed_text(cancelled)
    assert mod_bot.engine.kb.contests[CONTEST].status.phase == "counting"
    assert status_on_disk(mod_bot)["phase"] == "counting"
    # The bot audits the cancel once Discord has taken its answer to the click.
    rows = await fake_discord.wait_until(lambda: audit_rows(mod_bot, "declare.cancelled"))
    assert len(rows) == 1


async def test_second_moderator_must_confirm(
    fake_discord: FakeDiscord, start_mod_bot: ModBotFactory
) -> None:
    """With the two-moderator rule the preview is public; the proposer and non-moderators are refused."""
    add_second_moderator(fake_discord)
    bot = await start_mod_bot(require_second_moderator=True)
    inter, data = await declare(fake_discord, CONSISTENT)
    assert not data.get("flags", 0) & 64 and "another moderator must confirm" in data["content"]
    own = await press(fake_discord, bot, inter, "confirm", "mod_mia")
    assert own["flags"] & 64 and "different moderator" in own["content"]
    alice = await press(fake_discord, bot, inter, "confirm", "alice")
    assert alice["flags"] & 64 and "Only moderators" in alice["content"]
    assert bot.engine.kb.contests[CONTEST].status.phase == "counting"
    second = await press(fake_discord, bot, inter, "confirm", "mod_max")
    assert second["type"] == 7
    status = bot.engine.kb.contests[CONTEST].status
    assert status.phase == "declared" and status.updated_by == "mod_mia (confirmed by mod_max)"
    assert "confirmed by mod_max" in await ask(fake_discord, "who won?")
    refused = await audit_rows(bot, "refused")
    assert [r.actor for r in refused] == ["mod_mia", "alice"]
    [row] = await fake_discord.wait_until(lambda: audit_rows(bot, "status.declare"))
    assert row.actor == "mod_max"


async def test_stale_preview_is_refused(fake_discord: FakeDiscord, mod_bot: ElectionBot) -> None:
    """A preview confirmed after someone else changed the status is refused instead of overwriting it."""
    inter, _ = await declare(fake_discord, CONSISTENT)
    changed = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    await fake_discord.wait_for_callback(changed)
    stale = await press(fake_discord, mod_bot, inter, "confirm", "mod_mia")
    assert stale["flags"] & 64 and "changed since this preview" in stale["content"]
    assert mod_bot.engine.kb.contests[CONTEST].status.phase == "recount"


async def test_undo_restores_step_by_step(fake_discord: FakeDiscord, mod_bot: ElectionBot) -> None:
    """/count undo puts back the status before the last change, then the one before that."""
    first = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    await fake_discord.wait_for_callback(first)
    inter, _ = await declare(fake_discord, CONSISTENT)
    await press(fake_discord, mod_bot, inter, "confirm", "mod_mia")
    assert "Jill Mortimer" in await ask(fake_discord, "who won?")

    undo = await fake_discord.inject_slash_command("count undo", {}, user="mod_mia")
    data = (await fake_discord.wait_for_callback(undo)).data
    assert (
        "Undid status.declare by mod_mia" in data["content"]
        and "back to Recount" in data["content"]
    )
    status = mod_bot.engine.kb.contests[CONTEST].status
    assert status.phase == "recount" and status.result is None and status.version == 3
    answer = await ask(fake_discord, "who won?")
    assert "Recount" in answer and "Jill Mortimer" not in answer
    assert status_on_disk(mod_bot)["phase"] == "recount"

    again = await fake_discord.inject_slash_command("count undo", {}, user="mod_mia")
    assert "back to Counting" in (await fake_discord.wait_for_callback(again)).data["content"]
    assert mod_bot.engine.kb.contests[CONTEST].status.phase == "counting"
    assert (
        mod_bot.engine.kb.contests[CONTEST].status.note
        == "Votes are still being counted; turnout 42.55%."
    )
    last = await fake_discord.inject_slash_command("count undo", {}, user="mod_mia")
    assert "Nothing to undo" in (await fake_discord.wait_for_callback(last)).data["content"]
    await wait_for_modlog(fake_discord, "undid status.declare by mod_mia")

    with sqlite3.connect(mod_bot.settings.database_path) as db:
        rows = db.execute(
            "SELECT id, action, undone_by FROM audit WHERE action LIKE 'status.%' ORDER BY id"
        ).fetchall()
    actions = [(action, undone is not None) for _, action, undone in rows]
    assert actions == [
        ("status.set recount", True),
        ("status.declare", True),
        ("status.undo", False),
        ("status.undo", False),
    ]
    ids = {action: rid for rid, action, _ in rows[:2]}
    undone_by = {action: undone for _, action, undone in rows[:2]}
    assert (
        undone_by["status.declare"] == rows[2][0] and undone_by["status.set recount"] == rows[3][0]
    )
    assert ids


async def test_undo_refuses_to_discard_a_later_change(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """If status.yaml changed outside /count since the last change, undo refuses instead of discarding it."""
    first = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    await fake_discord.wait_for_callback(first)
    path = mod_bot.settings.knowledge_dir / CONTEST / "status.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("phase: recount", "phase: polls_closed"),
        encoding="utf-8",
    )
    assert (await mod_bot.holder.reload()).ok
    undo = await fake_discord.inject_slash_command("count undo", {}, user="mod_mia")
    data = (await fake_discord.wait_for_callback(undo)).data
    assert "Not undone" in data["content"] and "Polls closed" in data["content"]
    assert mod_bot.engine.kb.contests[CONTEST].status.phase == "polls_closed"
