"""What the store costs per question: SQLite file against PostgreSQL, side by side.

    .venv/bin/python benchmarks/store_cost.py [--questions 2000] [--burst 50]

Every answered question is one row written to the store before the reply goes out
(`Questions.record`, an INSERT ... RETURNING id), so its latency adds to every reply. This times
that write on a SQLite file (WAL, synchronous=FULL: the default store) and on PostgreSQL through
asyncpg (a throwaway server of tests/pgserver.py on 127.0.0.1, fsync on, as a real one), one at
a time and in bursts of concurrent askers, and prints each figure beside its target.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.store import Store  # noqa: E402
from tests.pgserver import PostgresServer  # noqa: E402

P99_TARGET_MS = 10.0  # a question's write may add at most this to its reply, 99 times in 100


def percentile(values: list[float], pct: float) -> float:
    """Return the pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


async def record(store: Store, number: int) -> None:
    """Write one question as the bot does after answering it."""
    await store.questions.record(
        question=f"what was the turnout in seat {number}?",
        answered=number % 3 != 0,
        confidence=0.9,
        entry_id="turnout",
        contest_id="hartlepool-2021",
        user_id=1_200_000_000_000_000_302 + number,
        channel_id=1_200_000_000_000_000_201,
    )


async def timed(call: Callable[[], Awaitable[None]]) -> float:
    """Return how long one call took, in ms."""
    start = time.perf_counter()
    await call()
    return (time.perf_counter() - start) * 1000


async def measure(store: Store, questions: int, burst: int) -> dict[str, float]:
    """Time sequential and concurrent writes on one store."""
    for number in range(50):  # warm up: connections, prepared statements, file pages
        await record(store, number)
    one_by_one = [await timed(lambda n=n: record(store, n)) for n in range(questions)]
    bursts = questions // burst
    in_bursts: list[float] = []
    start = time.perf_counter()
    for b in range(bursts):
        in_bursts += await asyncio.gather(
            *(timed(lambda n=n: record(store, n)) for n in range(b * burst, (b + 1) * burst))
        )
    elapsed = time.perf_counter() - start
    return {
        "p50": statistics.median(one_by_one),
        "p99": percentile(one_by_one, 99),
        "burst p50": statistics.median(in_bursts),
        "burst p99": percentile(in_bursts, 99),
        "per second": bursts * burst / elapsed,
    }


async def run(questions: int, burst: int) -> int:
    """Measure both backends and print them side by side."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="store-cost-") as tmp:
        store = await Store.open(Path(tmp) / "bot.sqlite3")
        try:
            results["SQLite"] = await measure(store, questions, burst)
        finally:
            await store.close()
    server = PostgresServer(durable=True)
    server.start()
    try:
        store = await Store.connect(await server.create_database())
        try:
            results["PostgreSQL"] = await measure(store, questions, burst)
        finally:
            await store.close()
    finally:
        server.stop()

    print(f"{questions} questions one at a time, then in bursts of {burst} concurrent askers\n")
    print(f"{'figure':<34}{'SQLite':>12}{'PostgreSQL':>14}   target")
    ok = True
    for key, label, unit in (
        ("p50", "write per question, p50", "ms"),
        ("p99", "write per question, p99", "ms"),
        ("burst p50", f"in bursts of {burst}, p50", "ms"),
        ("burst p99", f"in bursts of {burst}, p99", "ms"),
        ("per second", "questions written per second", "/s"),
    ):
        lite, pg = results["SQLite"][key], results["PostgreSQL"][key]
        target = ""
        if key == "p99":
            met = lite <= P99_TARGET_MS and pg <= P99_TARGET_MS
            ok = ok and met
            target = f"≤ {P99_TARGET_MS:.0f} ms each: {'met' if met else 'missed'}"
        number = "{:>10.0f} {}" if unit == "/s" else "{:>9.2f} {}"
        print(f"{label:<34}{number.format(lite, unit):>12}{number.format(pg, unit):>14}   {target}")
    ratio = results["PostgreSQL"]["p50"] / results["SQLite"]["p50"]
    print(f"\nPostgreSQL / SQLite, p50 one at a time: {ratio:.1f}×")
    return 0 if ok else 1


def main() -> int:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000, help="writes per backend")
    parser.add_argument("--burst", type=int, default=50, help="concurrent askers per burst")
    args = parser.parse_args()
    return asyncio.run(run(args.questions, args.burst))


if __name__ == "__main__":
    sys.exit(main())
