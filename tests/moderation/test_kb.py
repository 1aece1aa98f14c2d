"""/kb reload, check, gaps and alias through the Discord double, on a copy of the knowledge."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.discord_app.client import ElectionBot
from tests.discord.test_asking import MENTION
from tests.fakediscord import IDS, FakeDiscord, InjectedInteraction
from tests.moderation.conftest import CONTEST, audit_rows, modlog_texts, wait_for_modlog

TURNOUT_QUOTE = "quote: turnout an unusually high 42.55%"


async def private_text(
    fake: FakeDiscord, inter: InjectedInteraction, expect: str = "", timeout: float = 15.0
) -> str:
    """Wait for the deferred reply of a command (and for `expect` in its followups); return them all."""

    def done() -> str | None:
        original = fake.original_response(inter)
        if original is None or not original.get("content"):
            return None
        text = "\n".join(
            [original["content"], *(m.get("content") or "" for m in fake.followups_for(inter))]
        )
        return text if expect in text else None

    text = await fake.wait_until(done, timeout, what="deferred reply")
    assert fake.callbacks_for(inter)[0].data.get("flags", 0) & 64
    return text


def break_turnout(facts: Path) -> int:
    """Make the turnout citation non-verbatim; return the line it is on."""
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, start=1) if TURNOUT_QUOTE in line)
    lines[number - 1] = lines[number - 1].replace("42.55%", "52.55%")
    facts.write_text("".join(lines), encoding="utf-8")
    return number


def served_questions(bot: ElectionBot, fact_id: str) -> list[str]:
    """Return the phrasings the bot serves for a fact."""
    return next(f.questions for f in bot.engine.kb.contests[CONTEST].facts if f.id == fact_id)


async def test_reload_reports_changes(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, facts_file: Path
) -> None:
    """/kb reload swaps in an edited folder and reports what changed, here and in the mod-log."""
    facts_file.write_text(
        facts_file.read_text(encoding="utf-8").replace(
            "      - Turnout so far?\n", "      - Turnout so far?\n      - Turnout figure please?\n"
        ),
        encoding="utf-8",
    )
    inter = await fake_discord.inject_slash_command("kb reload", {}, user="mod_mia")
    text = await private_text(fake_discord, inter, expect="/fact/turnout")
    assert (
        "Knowledge reloaded: 0 added, 1 changed, 0 removed." in text
        and f"~ {CONTEST}/fact/turnout" in text
    )
    assert "Turnout figure please?" in served_questions(mod_bot, "turnout")
    line = await wait_for_modlog(fake_discord, "mod_mia ran /kb reload: Knowledge reloaded")
    assert "1 changed" in line
    [row] = await audit_rows(mod_bot, "kb.reload")
    assert row.after == {"added": [], "changed": [f"{CONTEST}/fact/turnout"], "removed": []}


async def test_reload_of_broken_file_keeps_serving(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, facts_file: Path
) -> None:
    """An invalid folder is not swapped in; every error is reported with file and line."""
    engine = mod_bot.engine
    line = break_turnout(facts_file)
    inter = await fake_discord.inject_slash_command("kb reload", {}, user="mod_mia")
    text = await private_text(fake_discord, inter, expect="not verbatim")
    assert (
        "reload failed with 1 error(s)" in text
        and f"facts.yaml:{line}: " in text
        and "not verbatim" in text
    )
    assert mod_bot.engine is engine
    asked = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} what was the turnout", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    assert "42.55%" in reply["embeds"][0]["description"]
    await wait_for_modlog(fake_discord, "mod_mia ran /kb reload: Knowledge reload failed")
    await wait_for_modlog(fake_discord, f"facts.yaml:{line}: ")
    [row] = await audit_rows(mod_bot, "kb.reload.failed")
    assert any(f"facts.yaml:{line}" in e for e in row.after["errors"])


async def test_check_validates_without_swapping(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, facts_file: Path
) -> None:
    """/kb check says valid or lists errors, and never changes what is served."""
    engine = mod_bot.engine
    inter = await fake_discord.inject_slash_command("kb check", {}, user="mod_mia")
    assert "The knowledge folder is valid" in await private_text(fake_discord, inter)
    line = break_turnout(facts_file)
    inter = await fake_discord.inject_slash_command("kb check", {}, user="mod_mia")
    text = await private_text(fake_discord, inter, expect="facts.yaml:")
    assert "1 error(s); nothing was reloaded" in text and f"facts.yaml:{line}" in text
    assert mod_bot.engine is engine
    await wait_for_modlog(fake_discord, "mod_mia ran /kb check: 1 error(s)")
    assert len(await audit_rows(mod_bot, "kb.check")) == 2


async def test_gaps_lists_unanswered_questions(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """/kb gaps lists the most asked unanswered questions with counts."""
    for question in (
        "what is the capital of france",
        "what is the capital of france",
        "who is the returning officer",
    ):
        inter = await fake_discord.inject_slash_command("ask", {"question": question}, user="alice")
        await fake_discord.wait_for_callback(inter)
    inter = await fake_discord.inject_slash_command("kb gaps", {}, user="mod_mia")
    data = (await fake_discord.wait_for_callback(inter)).data
    assert data["flags"] & 64
    lines = data["content"].splitlines()
    assert lines[1].startswith("1. what is the capital of france — asked 2× (2 unanswered")
    assert lines[2].startswith("2. who is the returning officer — asked 1×")
    assert len(await audit_rows(mod_bot, "kb.gaps")) == 1


async def test_alias_adds_phrasing_keeping_comments(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, facts_file: Path
) -> None:
    """/kb alias appends one line to facts.yaml; comments and formatting elsewhere are unchanged."""
    old = facts_file.read_text(encoding="utf-8").splitlines()
    inter = await fake_discord.inject_slash_command(
        "kb alias",
        {"entry": "turnout", "phrasing": "How busy were the polling stations?"},
        user="mod_mia",
    )
    assert (
        "Added “How busy were the polling stations?” to hartlepool-2021/turnout"
        in await private_text(fake_discord, inter)
    )
    new = facts_file.read_text(encoding="utf-8").splitlines()
    assert len(new) == len(old) + 1
    at = new.index("      - How busy were the polling stations?")
    assert new[:at] + new[at + 1 :] == old
    assert new[at - 1] == "      - What's the turnout percentage?" or new[at + 1].startswith(
        "    answer:"
    )
    assert [x for x in new if x.lstrip().startswith("#")] == [
        x for x in old if x.lstrip().startswith("#")
    ]
    assert served_questions(mod_bot, "turnout")[-1] == "How busy were the polling stations?"
    assert mod_bot.engine.answer("How busy were the polling stations?").entry_id == "turnout"
    line = await wait_for_modlog(fake_discord, "mod_mia added the phrasing")
    assert "hartlepool-2021/turnout" in line
    [row] = await audit_rows(mod_bot, "kb.alias")
    assert row.after[-1] == "How busy were the polling stations?" and row.before == row.after[:-1]
    assert len(await audit_rows(mod_bot, "kb.reload")) == 1


async def test_alias_refuses_a_claimed_phrasing(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, facts_file: Path
) -> None:
    """A phrasing another fact already has is refused; the file is untouched."""
    before = facts_file.read_text(encoding="utf-8")
    inter = await fake_discord.inject_slash_command(
        "kb alias", {"entry": "turnout", "phrasing": "who WON??"}, user="mod_mia"
    )
    text = await private_text(fake_discord, inter)
    assert "Not added" in text and "already claimed by 'result-not-declared'" in text
    inter = await fake_discord.inject_slash_command(
        "kb alias", {"entry": "no-such-fact", "phrasing": "Anything new?"}, user="mod_mia"
    )
    assert "no fact 'no-such-fact'" in await private_text(fake_discord, inter)
    assert facts_file.read_text(encoding="utf-8") == before
    assert await audit_rows(mod_bot, "kb.alias") == []


async def test_alias_put_back_when_folder_invalid(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, kb_dir: Path, facts_file: Path
) -> None:
    """If the folder would not load after the edit, facts.yaml gets its old text back and errors are shown."""
    before = facts_file.read_text(encoding="utf-8")
    people = kb_dir / CONTEST / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("role: Shadow Transport Secretary", "rol: x"),
        encoding="utf-8",
    )
    engine = mod_bot.engine
    inter = await fake_discord.inject_slash_command(
        "kb alias",
        {"entry": "turnout", "phrasing": "How busy were the polling stations?"},
        user="mod_mia",
    )
    text = await private_text(fake_discord, inter, expect="unknown field")
    assert (
        "the file would be invalid, so I put it back" in text
        and "people.yaml:" in text
        and "unknown field" in text
    )
    assert facts_file.read_text(encoding="utf-8") == before
    assert mod_bot.engine is engine
    assert len(await audit_rows(mod_bot, "kb.alias.refused")) == 1


async def test_concurrent_aliases_both_land(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, facts_file: Path
) -> None:
    """Two /kb alias commands at once are serialised: both phrasings end up in the file and are served."""
    first, second = await asyncio.gather(
        fake_discord.inject_slash_command(
            "kb alias", {"entry": "turnout", "phrasing": "Was the turnout decent?"}, user="mod_mia"
        ),
        fake_discord.inject_slash_command(
            "kb alias",
            {"entry": "where-is-hartlepool", "phrasing": "Which county is Hartlepool in?"},
            user="mod_mia",
        ),
    )
    texts = await asyncio.gather(
        private_text(fake_discord, first), private_text(fake_discord, second)
    )
    assert all("Added" in t for t in texts)
    text = facts_file.read_text(encoding="utf-8")
    assert (
        "      - Was the turnout decent?\n" in text
        and "      - Which county is Hartlepool in?\n" in text
    )
    assert "Was the turnout decent?" in served_questions(mod_bot, "turnout")
    assert "Which county is Hartlepool in?" in served_questions(mod_bot, "where-is-hartlepool")
    assert len(await audit_rows(mod_bot, "kb.alias")) == 2
    assert sum("added the phrasing" in t for t in modlog_texts(fake_discord)) <= 2
