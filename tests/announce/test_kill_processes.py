"""Two bot processes on one PostgreSQL; the poster is SIGKILLed: every announcement posted once.

A few cycles here (one per kill point, ~20 s); benchmarks/kill_processes.py runs 20 or more and
prints the takeover time.
"""

from __future__ import annotations

from pathlib import Path

from tests.announce.conftest import copy_knowledge
from tests.announce.pair import POINTS, run_cycles
from tests.fakediscord import FakeDiscord


async def test_the_poster_killed_at_each_point_posts_every_announcement_once(
    fake_discord: FakeDiscord, tmp_path: Path, postgres_url: str
) -> None:
    """SHARD_COUNT=2, shards 0 and 1 in two processes; the poster killed before the send, after
    it, after recording it, or at a random moment: the other takes over and posts each once."""
    figures = await run_cycles(
        fake_discord, postgres_url, copy_knowledge(tmp_path), len(POINTS), 14, every_point=True
    )
    assert figures.kills == dict.fromkeys(POINTS, 1)
    assert figures.made_through == {"the poster": 2, "the standby": 2}
    assert len(figures.per_key) >= len(POINTS) - 1  # a random kill may land before the change
    assert figures.duplicates == 0 and figures.losses == 0, figures.summary()
    assert figures.total_messages == len(figures.per_key)
    assert max(figures.takeovers) < 10, figures.summary()
