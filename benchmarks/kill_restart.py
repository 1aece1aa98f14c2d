"""Kill-and-restart loop: SIGKILL the bot at random delivery steps; count messages per announcement.

    .venv/bin/python benchmarks/kill_restart.py [--cycles 24] [--seed 1] [--backend postgresql]

Each cycle makes one status change in a child bot process (tests/announce/child.py) against the
local Discord double running here, kills it with SIGKILL at a random step of delivery (before the
send, after the send but before recording the message id, after recording it) or lets it finish,
then restarts it once with no kill. Every announcement must end up as exactly one message.
The store is a SQLite file, or with --backend postgresql a database of a throwaway PostgreSQL
server (tests/pgserver.py), as with DATABASE_URL.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.announce.delivery import STEPS  # noqa: E402
from tests.announce.conftest import copy_knowledge  # noqa: E402
from tests.announce.killing import current_key, messages_with_ref, outbox_rows, ref_for, run_child  # noqa: E402
from tests.fakediscord import IDS, FakeDiscord  # noqa: E402
from tests.pgserver import PostgresServer  # noqa: E402

ROTATION = ("phase:polls_closed", "phase:counting", "phase:recount", "declare", "phase:postponed")
POINTS = (*STEPS, "none")


async def cycles(count: int, seed: int, backend: str) -> int:
    """Run the cycles on a backend; return 0 when nothing was lost or doubled."""
    if backend == "sqlite":
        return await run(count, seed, None)
    server = PostgresServer()
    server.start()
    try:
        return await run(count, seed, await server.create_database())
    finally:
        server.stop()


async def run(count: int, seed: int, url: str | None) -> int:
    """Run the cycles and print the figures; return 0 when nothing was lost or doubled."""
    rng = random.Random(seed)
    kills: Counter[str] = Counter()
    restart_kills: Counter[str] = Counter()
    keys: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kill-restart-") as tmp:
        knowledge = copy_knowledge(Path(tmp))
        db: Path | str = url or Path(tmp) / "bot.sqlite3"
        async with FakeDiscord() as fake:
            for cycle in range(count):
                point = rng.choice(POINTS)
                action = ROTATION[cycle % len(ROTATION)]
                first = await run_child(
                    fake, db, knowledge, action, kill=None if point == "none" else point
                )
                if point != "none" and not first.killed:
                    print(
                        f"cycle {cycle}: expected a kill at {point}, got exit {first.returncode}\n"
                        f"{first.stderr[-1500:]}"
                    )
                    return 2
                kills[point] += 1
                keys.append(current_key(knowledge))
                again = rng.choice(STEPS) if rng.random() < 1 / 3 else None  # kill the restart too
                second = await run_child(fake, db, knowledge, "none", kill=again)
                note = ""
                if second.killed:
                    restart_kills[again or ""] += 1
                    note = f", restart killed at {again}"
                    second = await run_child(fake, db, knowledge, "none")
                if second.returncode != 0:
                    print(
                        f"cycle {cycle}: restart failed ({second.returncode})\n"
                        f"{second.stderr[-1500:]}"
                    )
                    return 2
                posted = len(messages_with_ref(fake, ref_for(keys[-1])))
                line = f"  cycle {cycle + 1:>2}: {action:<20} kill {point + note:<12}"
                print(f"{line} -> {posted} message(s)", flush=True)
            per_key = {key: len(messages_with_ref(fake, ref_for(key))) for key in keys}
            total = len(fake.bot_messages_in(IDS.announcements_channel_id))
            states = Counter(state for state, _, _ in (await outbox_rows(db)).values())
    histogram = Counter(per_key.values())
    duplicates = sum(n - 1 for n in per_key.values() if n > 1)
    losses = sum(1 for n in per_key.values() if n == 0)
    store = "PostgreSQL" if url else "SQLite"
    print(f"\n{store}, cycles: {count} ({time.perf_counter() - started:.0f} s, seed {seed})")
    print("kills per point: " + ", ".join(f"{p} {kills[p]}" for p in POINTS))
    print(
        "restarts also killed: "
        + (", ".join(f"{p} {n}" for p, n in restart_kills.items()) or "none")
    )
    print(
        "messages per announcement: "
        + ", ".join(f"{n} message(s): {k}" for n, k in sorted(histogram.items()))
    )
    print(f"messages in the channel: {total} for {len(keys)} announcements")
    print("outbox rows: " + ", ".join(f"{s} {n}" for s, n in sorted(states.items())))
    print(f"duplicates: {duplicates}, losses: {losses}")
    return 0 if duplicates == losses == 0 and total == len(keys) else 1


def main() -> int:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cycles", type=int, default=24, help="kill-and-restart cycles (default 24)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed for the kill points")
    parser.add_argument(
        "--backend", choices=("sqlite", "postgresql"), default="sqlite", help="where the store is"
    )
    args = parser.parse_args()
    return asyncio.run(cycles(args.cycles, args.seed, args.backend))


if __name__ == "__main__":
    sys.exit(main())
