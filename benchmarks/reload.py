"""Rebuilding a generated 10,000-entry engine whole: event-loop stalls, and memory over rebuilds.

    .venv/bin/python benchmarks/reload.py [--contests 650 --reloads 10]

A reload rebuilds the whole engine only when synonyms.yaml changes (every contest depends on
it) or more than 50 contests changed at once; other changes replace single contests (see
`benchmarks/election_night.py`). This measures the whole rebuild. First the stalls: the engine
is built in a thread as the bot builds it, then synonyms.yaml is changed and a
`KnowledgeHolder` reloads while a watchdog measures how late a 5 ms sleep wakes, then 1 s
more, then the first answers from the new engine on the event loop (`benchmarks/load.py` runs
this part too). Then memory: `--reloads` more such rebuilds while the loop keeps answering,
printing the resident memory after each, the objects frozen out of the collector's sight, and
whether the engine swapped out was freed, so that a leak would show as a steady climb.
It prints figures only; nothing here passes or fails on speed (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
import tempfile
import time
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figures import ms, peak_rss_mb, row, rss_mb  # noqa: E402  (benchmarks/figures.py)

from bot.core.answering.engine import Engine  # noqa: E402
from bot.core.answering.lexicon import english_words  # noqa: E402
from bot.core.knowledge.loader import load_knowledge  # noqa: E402
from bot.core.knowledge.synthetic import write_synthetic_kb  # noqa: E402
from bot.core.pacing import pacing  # noqa: E402
from bot.core.runtime.holder import KnowledgeHolder, build_engine, diff  # noqa: E402
from bot.core.runtime.stalls import full_collections_held  # noqa: E402
from tests.load.tracking import GcPauses, Watchdog, max_stall, verdict  # noqa: E402

log = logging.getLogger(__name__)


def probes(engine: Engine) -> list[str]:
    """Return questions about the first contest, one with a typo no warm-up has seen."""
    name = engine.kb.default_contest.aliases[0]
    return [f"turnout in {name}?", f"whats the turnuot in {name}??", f"who is standing in {name}?"]


async def built(folder: Path) -> Engine:
    """Build an engine in a thread exactly as a reload does (paced, warmed, frozen)."""

    def build() -> Engine:
        """Build under the pacer."""
        with pacer.paced(), full_collections_held():
            return build_engine(load_knowledge(folder, pause_gc=False))

    async with pacing() as pacer:
        return await asyncio.to_thread(build)


def change_synonyms(folder: Path, n: int) -> None:
    """Change synonyms.yaml (a group added or dropped): the next reload rebuilds the engine whole."""
    path = folder / "synonyms.yaml"
    text = path.read_text(encoding="utf-8").split("\n  bench group")[0].rstrip("\n") + "\n"
    if n % 2 == 0:
        text += f"  bench group {n}: [bench variant {n}]\n"
    path.write_text(text, encoding="utf-8")


async def big_reload(folder: Path) -> tuple[float, float]:
    """Build a generated base in a thread, reload it while the watchdog runs; return stalls."""
    watchdog, gcs = Watchdog(), GcPauses()
    watchdog.start()
    gc.callbacks.append(gcs)
    t0 = time.monotonic()
    holder = KnowledgeHolder(await built(folder), folder)
    t1 = time.monotonic()
    change_synonyms(folder, 0)
    report = await holder.reload()  # the first engine is freed in it, as in the bot
    t2 = time.monotonic()
    await asyncio.sleep(1.0)  # a collection after the reload would show up here
    t3 = time.monotonic()
    first = 0.0
    for question in probes(holder.engine):
        t4 = time.perf_counter()
        holder.engine.answer(question)
        first = max(first, time.perf_counter() - t4)
    await watchdog.stop()
    gc.callbacks.remove(gcs)
    counts = holder.engine.kb.counts()
    entries = sum(v for k, v in counts.items() if k != "contests")
    during, after = max_stall(watchdog.samples, t1, t2), max_stall(watchdog.samples, t2, t3)
    print(f"\n== Reload of a generated base: {counts['contests']} contests, {entries} entries ==")
    pause, gen = gcs.largest(t0, t1)
    row(
        "first build (thread)",
        f"{t1 - t0:.2f} s, max stall {ms(max_stall(watchdog.samples, t0, t1))}",
    )
    row("", f"(as a reload builds; largest GC pause {ms(pause)}, generation {gen})")
    row("holder.reload()", f"{t2 - t1:.2f} s, ok={report.ok}, max stall {ms(during)}")
    row("", "(load, build, warm and freeze in a thread, diff, swap, free the old engine;")
    row("", f" {holder.gave_way:.1f} s of it napping while the loop was behind)")
    row("1 s after it", f"max stall {ms(after)}")
    pause, gen = gcs.largest(t1, t3)
    row("largest GC pause", f"{ms(pause)} (generation {gen}) from the reload to 1 s after it")
    kb = holder.engine.kb
    t4 = time.perf_counter()
    diff(kb, kb)
    row("diff() alone", f"{ms(time.perf_counter() - t4)} (runs in the reload's worker thread)")
    row("first answers after", f"slowest {ms(first)} of {len(probes(holder.engine))}, on the loop")
    row("objects frozen", f"{gc.get_freeze_count():,} (never walked by the collector)")
    row("peak RSS", f"{peak_rss_mb():.0f} MB (both generated engines alive during the reload)")
    print(verdict("reload: max stall", max(during, after)))
    return max(during, after), first


async def answer_forever(holder: KnowledgeHolder, questions: list[str]) -> None:
    """Keep the event loop answering, as askers would during reloads."""
    while True:
        for question in questions:
            holder.engine.answer(question)
            await asyncio.sleep(0.002)


async def repeated_reloads(folder: Path, reloads: int) -> None:
    """Reload the base again and again, printing memory after each, so that a leak would show."""
    before = gc.get_freeze_count()
    holder = KnowledgeHolder(await built(folder), folder)
    per = gc.get_freeze_count() - before  # one engine's objects
    asking = asyncio.create_task(answer_forever(holder, probes(holder.engine)))
    watchdog = Watchdog()
    watchdog.start()
    print(f"\n== Memory over {reloads} reloads of the same base (the loop answering meanwhile) ==")
    head = ("reload", "RSS MB", "blocks", "frozen", "tracked", "took s", "napped", "stall")
    print("{:>6} {:>7} {:>10} {:>9} {:>8} {:>7} {:>7} {:>8}  old engine".format(*head))
    sizes: list[float] = []
    frozen: list[int] = []
    blocks: list[int] = []
    worst = 0.0
    try:
        for i in range(1, reloads + 1):
            old = weakref.ref(holder.engine)
            change_synonyms(folder, i)
            t0 = time.monotonic()
            report = await holder.reload()
            t1 = time.monotonic()
            assert report.ok, report.errors
            sizes.append(rss_mb())
            frozen.append(gc.get_freeze_count())
            blocks.append(sys.getallocatedblocks())  # every live object, tracked by the GC or not
            stall = max_stall(watchdog.samples, t0, t1)
            watchdog.samples.clear()  # they would count as growth in the blocks column
            worst = max(worst, stall)
            freed = "freed" if old() is None else "STILL ALIVE"
            cells = (i, sizes[-1], blocks[-1], frozen[-1], len(gc.get_objects()), t1 - t0)
            line = "{:>6} {:>7.0f} {:>10,} {:>9,} {:>8,} {:>7.1f}".format(*cells)
            print(f"{line} {holder.gave_way:>7.1f} {ms(stall):>8}  {freed}")
    finally:
        asking.cancel()
        await watchdog.stop()
    if len(sizes) >= 3:
        later = sizes[1:]
        row("RSS", f"{min(later):.0f}-{max(later):.0f} MB from reload 2 to {len(sizes)}")
        row("memory blocks", f"{blocks[-1] - blocks[1]:+,} from reload 2 to {len(sizes)}")
        grew = frozen[-1] - frozen[0]
        row("frozen objects", f"{grew:+,} from reload 1 to {len(sizes)} (an engine is ~{per:,})")
    print(verdict(f"{reloads} reloads: max stall", worst))


async def main(args: argparse.Namespace) -> None:
    """Generate the base, then measure the stalls and the memory."""
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="reload-bench-") as tmp:
        folder = Path(tmp) / "kb"
        write_synthetic_kb(folder, args.contests)
        english_words()  # the bot loads the spelling list at start-up (stalls.settle)
        await big_reload(folder)
        if args.reloads:
            await repeated_reloads(folder, args.reloads)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--contests", type=int, default=650, help="generated contests")
    p.add_argument(
        "--reloads", type=int, default=10, help="reloads for the memory figures (0: skip)"
    )
    return p.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main(parse_args()))
