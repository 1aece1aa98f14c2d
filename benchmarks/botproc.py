"""Run `bot run` in this process against a benchmark's Discord double (the benchmark's child).

    python benchmarks/botproc.py API_BASE GATEWAY_URL STATS_FILE

The bot is the real command line (`python -m bot run`), with its settings from the environment,
and nothing in it is changed. Two things are added for measuring: discord.py is pointed at the
double as soon as the bot imports it, and a task on the bot's event loop records how late a
5 ms sleep wakes (the event-loop stalls), appending one JSON line per stall of 2 ms or more to
STATS_FILE. BENCH_STACKS=1 also writes, for each stall of 30 ms or more, where the event loop's
thread was meanwhile ({"stack": [...]}: a watchdog thread samples it). BOT_SOURCE (default: this repository) is where the `bot` package is imported from,
so that an older checkout can be measured the same way. BENCH_WITHOUT=collector,freeze switches
off parts of the garbage-collection machinery (see `without`).
"""

from __future__ import annotations

import asyncio
import gc
import importlib.abc
import importlib.machinery
import json
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

SOURCE = Path(os.environ.get("BOT_SOURCE") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(SOURCE))

TICK = 0.005
RECORD_FROM = 0.002  # stalls shorter than this are not written down
STACK_FROM = 0.030  # BENCH_STACKS=1: the loop's thread is sampled once a stall is this long


class PointAtDouble(importlib.abc.MetaPathFinder):
    """Point discord.py's REST base and gateway at the double once `discord` is imported."""

    def __init__(self, api: str, gateway: str) -> None:
        self.api, self.gateway = api, gateway

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        """Wrap the loader of the `discord` package only."""
        if name != "discord":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module
        api, gateway = self.api, self.gateway

        def exec_module(module: ModuleType) -> None:
            run(module)
            import discord.gateway
            import discord.http
            import yarl

            discord.http.Route.BASE = api
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


class StallRecorder:
    """Append each late wake-up of a 5 ms sleep to a file: {"at": monotonic, "late": seconds}.

    Garbage collections of 5 ms or more go there too: {"gc": generation, "at", "took"}.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._gc_start = 0.0
        self.beat = 0.0  # when the loop last woke

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        """Note a collection that took long enough to matter."""
        if phase == "start":
            self._gc_start = time.monotonic()
            return
        took = time.monotonic() - self._gc_start
        if took >= 0.005:
            line = {"gc": info["generation"], "at": self._gc_start, "took": round(took, 5)}
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(json.dumps(line) + "\n")

    def _watch(self, loop_thread: int) -> None:
        """Sample the loop's thread whenever it has not woken for STACK_FROM (a daemon thread)."""
        sampled = 0.0
        while True:
            time.sleep(0.002)
            beat = self.beat
            behind = time.monotonic() - beat
            if behind >= STACK_FROM and beat != sampled:
                sampled = beat
                frame = sys._current_frames().get(loop_thread)
                stack = [
                    f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_stack(frame)
                ]
                line = {"stack": stack[-12:], "at": beat, "behind": round(behind, 4)}
                with open(self.path, "a", encoding="utf-8") as out:
                    out.write(json.dumps(line) + "\n")

    async def run(self) -> None:
        """Measure until cancelled."""
        gc.callbacks.append(self._on_gc)
        self.beat = time.monotonic()
        if os.environ.get("BENCH_STACKS"):
            watch = threading.Thread(target=self._watch, args=(threading.get_ident(),), daemon=True)
            watch.start()
        with open(self.path, "a", encoding="utf-8", buffering=1) as out:
            out.write(json.dumps({"pid": os.getpid(), "started": time.monotonic()}) + "\n")
            while True:
                self.beat = start = time.monotonic()
                await asyncio.sleep(TICK)
                late = time.monotonic() - start - TICK
                if late >= RECORD_FROM:
                    out.write(json.dumps({"at": start, "late": round(late, 5)}) + "\n")


def without(parts: set[str]) -> None:
    """Switch off parts of the garbage-collection machinery, to see what each one is worth.

    `collector`: no IdleCollector (automatic full collections run whenever they fall due);
    `freeze`: nothing is frozen out of the collector's sight (gc.freeze does nothing).
    """
    if "freeze" in parts:
        gc.freeze = lambda: None
    if "collector" in parts:
        from bot.core.runtime import collector

        async def no_collector(self: Any) -> None:
            await asyncio.Event().wait()

        collector.IdleCollector.run = no_collector  # type: ignore[method-assign]


def main(api: str, gateway: str, stats: str) -> int:
    """Run the bot's command line with the double and the recorder in place."""
    sys.meta_path.insert(0, PointAtDouble(api, gateway))
    without({p for p in os.environ.get("BENCH_WITHOUT", "").split(",") if p})
    recorder = StallRecorder(Path(stats))

    class Policy(asyncio.DefaultEventLoopPolicy):
        """Start the recorder on the loop `bot run` creates."""

        def new_event_loop(self) -> asyncio.AbstractEventLoop:
            loop = super().new_event_loop()
            loop.call_soon(lambda: loop.create_task(recorder.run(), name="stall-recorder"))
            return loop

    asyncio.set_event_loop_policy(Policy())
    from bot.cli import main as bot_main

    return bot_main(["run", "--env-file", os.devnull])


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
