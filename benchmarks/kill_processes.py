"""Two bot processes on one PostgreSQL; SIGKILL the one posting announcements, over and over.

    .venv/bin/python benchmarks/kill_processes.py [--cycles 24] [--seed 1]

Starts a throwaway PostgreSQL server (tests/pgserver.py: as the postgres user when run as root)
and the local Discord double, then two bot processes running shard 0 and shard 1 of 2 on them
(tests/announce/shard_child.py). Each cycle makes a status change through one of the two, kills
the poster with SIGKILL at a random delivery step or a random moment, waits for the other to take
over, and starts the killed shard again (tests/announce/pair.py). Every announcement must be
posted exactly once, and the other process must take over within 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.announce.conftest import copy_knowledge  # noqa: E402
from tests.announce.pair import PairError, run_cycles  # noqa: E402
from tests.fakediscord import FakeDiscord  # noqa: E402
from tests.pgserver import PostgresServer  # noqa: E402

TAKEOVER_TARGET = 10.0  # seconds (issue 14)


def verdict(ok: bool) -> str:
    """Say whether a target is met."""
    return "met" if ok else "missed"


async def run(count: int, seed: int) -> int:
    """Run the cycles against a fresh server and double; print the figures."""
    server = PostgresServer()
    server.start()
    started = time.perf_counter()
    try:
        url = await server.create_database()
        with tempfile.TemporaryDirectory(prefix="kill-processes-") as tmp:
            knowledge = copy_knowledge(Path(tmp))
            async with FakeDiscord() as fake:
                try:
                    figures = await run_cycles(fake, url, knowledge, count, seed, log=True)
                except PairError as exc:
                    print(f"run stopped: {exc}")
                    return 2
    finally:
        server.stop()
    print(f"\n{time.perf_counter() - started:.0f} s, seed {seed}")
    for line in figures.summary():
        print(line)
    once = figures.duplicates == figures.losses == 0
    once = once and figures.total_messages == len(figures.per_key)
    slowest = max(figures.takeovers, default=0.0)
    print(f"every announcement exactly once: {verdict(once)}")
    print(
        f"slowest takeover {slowest:.2f} s (target ≤ {TAKEOVER_TARGET:.0f} s): "
        f"{verdict(slowest <= TAKEOVER_TARGET)}"
    )
    return 0 if once and slowest <= TAKEOVER_TARGET else 1


def main() -> int:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=24, help="kill cycles (default 24)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the kill points")
    args = parser.parse_args()
    return asyncio.run(run(args.cycles, args.seed))


if __name__ == "__main__":
    sys.exit(main())
