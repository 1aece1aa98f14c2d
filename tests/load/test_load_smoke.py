"""A small election-night load through the real bot and the double: nothing lost, nothing doubled."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.fakediscord import FakeDiscord
from tests.load.harness import LoadConfig, add_world, run_load, started_bot

CONFIG = LoadConfig(questions=100, users=10, channels=5, cooldown=30.0, seed=1)


async def test_every_question_gets_exactly_one_reply_or_notice(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """100 questions from 10 users (mentions, QA messages, /ask) with a status change and a reload."""
    add_world(fake_discord, CONFIG)
    async with started_bot(fake_discord, tmp_path, CONFIG) as bot:
        report = await run_load(fake_discord, bot, CONFIG, timeout=60)
    assert len(report.sent) == CONFIG.questions
    assert Counter(s.kind for s in report.sent).keys() == {"mention", "qa", "ask"}
    assert report.lost == [] and report.doubled == []
    assert report.unmatched == 0
    kinds = Counter(report.replies[s.key][0].kind for s in report.sent)
    assert set(kinds) <= {"answer", "notice"}, kinds
    # A 30 s cooldown and 100 questions from 10 users: each user's first question is answered.
    first = {s.user_id for s in report.sent}
    assert kinds["answer"] >= len(first) and kinds["notice"] >= CONFIG.questions - 2 * len(first)
    assert sorted(name for name, _, _ in report.events) == [
        "knowledge reload",
        "status -> counting",
        "status -> recount",
    ]
