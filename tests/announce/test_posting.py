"""Status changes and /announce through real discord.py and the double: each posts exactly once."""

from __future__ import annotations

from pathlib import Path

from bot.announce.keys import nonce_of, phase_key, ref_of
from bot.cli.rehearse import load_script
from bot.core.display import unescaped
from bot.core.knowledge.status import Result
from tests.announce.conftest import (
    CONTEST,
    ROOT,
    AnnounceBotFactory,
    announcements,
    announcer_of,
    embed_text,
    with_ref,
)
from tests.fakediscord import IDS, FakeDiscord, wait_for_view

CHANNEL = IDS.announcements_channel_id
POSTS = rf"/channels/{CHANNEL}/messages"


def example_result() -> Result:
    """The invented example result of the rehearsal script (test data, not the real result)."""
    script = load_script(ROOT / "tests" / "fixtures" / "rehearsal" / f"{CONTEST}.yaml")
    return next(step.result for step in script.steps if step.result is not None)


async def test_status_change_posts_once_with_nonce_source_and_publish(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """A phase change posts one embed with a fixed nonce, cited source and ref; it is published."""
    bot = await start_announcer()
    change = await bot.status_updater.set_phase(
        CONTEST, "polls_closed", "mod_mia", expected="not before 5.30am"
    )
    await announcer_of(bot).poster.idle()
    key = phase_key(CONTEST, "polls_closed", change.after.version)
    [message] = announcements(fake_discord)
    text = embed_text(message)
    assert "Hartlepool by-election: polls have closed" in text
    assert "Declaration expected not before 5.30am." in text
    assert "Source: Status update by mod_mia at 23:00" in text
    assert f"ref {ref_of(key)}" in message["embeds"][0]["footer"]["text"]
    [post] = fake_discord.requests_matching("POST", POSTS)
    assert post.json["nonce"] == nonce_of(key) and post.json["enforce_nonce"] is True
    assert post.json["allowed_mentions"]["parse"] == []
    assert fake_discord.get_message(int(message["id"]))["flags"] & 1  # crossposted (news channel)
    row = await bot.store.outbox.get(key)
    assert row is not None and (row.state, row.message_id, row.published) == (
        "sent",
        int(message["id"]),
        True,
    )

    await bot.status_updater.set_phase(
        CONTEST, "polls_closed", "mod_mia", note="same phase, new note"
    )
    await announcer_of(bot).poster.idle()
    assert len(announcements(fake_discord)) == 1  # no phase change, no announcement


async def test_declared_posts_the_result_table(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """`declared` posts candidates, votes and shares with the winner, majority, turnout, change."""
    bot = await start_announcer()
    change = await bot.status_updater.declare(CONTEST, example_result(), "mod_mia")
    await announcer_of(bot).poster.idle()
    [message] = with_ref(fake_discord, ref_of(phase_key(CONTEST, "declared", change.after.version)))
    embed = message["embeds"][0]
    assert embed["title"] == "Hartlepool by-election: result declared"
    table = embed["description"].split("```")[1]
    rows = [line.split() for line in table.strip().splitlines()]
    assert rows[0] == ["Candidate", "Party", "Votes", "Share"]
    assert rows[1][-2:] == ["15,000", "51.7%"] and " ".join(rows[1][:3]) == "Example Candidate A"
    assert rows[2][-2:] == ["9,000", "31.0%"] and rows[4][-2:] == ["2,000", "6.9%"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Winner"] == "Example Candidate A (Example Party A)"
    assert fields["Majority"] == "6,000 (20.7%)"
    assert fields["Turnout"] == "33.18%"
    assert fields["Change since last time"].startswith("Example Party B majority of 1,000")
    assert (
        "Example Candidate A (Example Party A) has won the Hartlepool by-election"
        " with a majority of 6,000." in embed["description"]
    )
    assert "Status update by mod_mia" in fields["Source"]


async def test_undo_posts_a_correction(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """Undoing a declaration announces the phase it returns to, marked as a correction."""
    bot = await start_announcer()
    before = bot.status_updater.current(CONTEST)
    await bot.status_updater.declare(CONTEST, example_result(), "mod_mia")
    await bot.status_updater.restore(CONTEST, before, "mod_mia")
    await announcer_of(bot).poster.idle()
    titles = [m["embeds"][0]["title"] for m in announcements(fake_discord)]
    assert titles == [
        "Hartlepool by-election: result declared",
        "Correction: Hartlepool by-election: counting",
    ]


async def test_no_announcements_yaml_means_no_automatic_posts(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory, knowledge: Path
) -> None:
    """A contest without announcements.yaml announces nothing on its own."""
    (knowledge / CONTEST / "announcements.yaml").unlink()
    bot = await start_announcer()
    await bot.status_updater.set_phase(CONTEST, "polls_closed", "mod_mia")
    await announcer_of(bot).poster.idle()
    assert announcements(fake_discord) == []


async def test_announce_command_previews_then_posts_once(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """/announce shows a private preview; Confirm posts it once; its key can never post again."""
    bot = await start_announcer()
    inter = await fake_discord.inject_slash_command(
        "announce", {"text": "Doors reopen at 6am @everyone", "title": "Notice"}, user="mod_mia"
    )
    preview = await fake_discord.wait_for_callback(inter)
    assert preview.data["flags"] & 64
    assert "Doors reopen at 6am" in embed_text(preview.data) and announcements(fake_discord) == []
    buttons = [c["custom_id"] for row in preview.data["components"] for c in row["components"]]
    assert preview.message_id is not None
    await wait_for_view(fake_discord, bot, preview.message_id)
    click = await fake_discord.inject_component(preview.message_id, buttons[0], user="mod_mia")
    await fake_discord.wait_for_callback(click)
    message = await fake_discord.wait_for_message(
        CHANNEL, lambda m: "Doors reopen" in embed_text(m)
    )
    assert message["mention_everyone"] is False
    shown = embed_text(message)  # the moderator's text and name escaped, reading the same
    assert "Doors reopen at 6am @\u200beveryone" in shown and "Mia \\(Mod\\)" in shown
    assert "Source: Announced by Mia (Mod) at 23:00" in unescaped(shown)
    row = await fake_discord.wait_until(
        lambda: (
            (m := fake_discord.original_response(inter)) and m["content"].startswith("Posted") and m
        )
    )
    assert row["components"] == []  # Confirm is gone: it cannot be pressed twice
    cog_announcer = announcer_of(bot)
    key = next(r.key for r in await bot.store.outbox.recent() if r.kind == "manual")
    stored = await bot.store.outbox.get(key)
    assert stored is not None and stored.message_id == int(message["id"])
    await cog_announcer.submit(
        key, "manual", CONTEST, cog_announcer.manual(token=inter.id, text="x", actor="y")[1]
    )
    await cog_announcer.poster.idle()
    assert len(announcements(fake_discord)) == 1  # the same key never posts twice
    audit = await bot.store.audit.recent(5)
    assert any(entry.action == "announce.manual" for entry in audit)


async def test_announce_is_for_moderators_only(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """Someone without a moderator role is refused and nothing is posted."""
    await start_announcer()
    inter = await fake_discord.inject_slash_command("announce", {"text": "fake news"}, user="alice")
    callback = await fake_discord.wait_for_callback(inter)
    assert callback.data["flags"] & 64 and "moderator" in callback.data["content"].lower()
    assert announcements(fake_discord) == []


async def test_huge_result_stays_within_discord_limits(
    fake_discord: FakeDiscord, start_announcer: AnnounceBotFactory
) -> None:
    """Ninety candidates with long names still make one valid embed (the double checks the limits)."""
    bot = await start_announcer()
    candidates = [
        {
            "name": f"Candidate {i} " + "with a remarkably long name " * 3,
            "party": f"Party {i}",
            "votes": 5000 - i,
        }
        for i in range(90)
    ]
    result = Result.model_validate(
        {
            "candidates": candidates,
            "winner": candidates[0]["name"],
            "majority": 1,
            "previous": "p" * 290,
        }
    )
    await bot.status_updater.declare(CONTEST, result, "mod_mia")
    await announcer_of(bot).poster.idle()
    [message] = announcements(fake_discord)
    embed = message["embeds"][0]
    total = len(embed["title"]) + len(embed["description"]) + len(embed["footer"]["text"])
    total += sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
    assert total <= 6000 and len(embed["description"]) <= 4096
    assert "more candidate(s)" in embed["description"] and embed["description"].endswith("```")
