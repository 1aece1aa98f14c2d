"""Keep the event loop free of long stalls while a large knowledge base is rebuilt and served.

A reload builds the new engine in a worker thread, but a thread still stalls the event loop
whenever it holds the GIL for long. Three causes, measured with `benchmarks/reload.py` on a
10,000-entry base (about 300,000 objects the garbage collector tracks):

* **Full collections.** A generation-2 collection walks every tracked object with the GIL held:
  0.3-0.7 s. While a reload builds, they are held off (`full_collections_held`); young
  collections still run, short, and free the cyclic garbage the loop and the loader make
  meanwhile (pausing the collector altogether would pile that garbage up, and the freeze below
  would then keep it for ever: about 11,000 objects a reload, measured). Once built and warmed,
  the survivors are frozen (`freeze_survivors`: a young collection, then `gc.freeze()`), so no
  collection walks the base again. A frozen object is still freed by reference counting, and
  the engine holds no reference cycles (tests/core/test_stalls.py), so a retired engine is
  freed. What a freeze keeps for ever is cyclic garbage already in generation 2 and live objects
  that later die in a cycle; over repeated reloads the frozen count stays flat (the benchmark).
  At start-up, before the gateway connects, `settle` freezes everything alive.
* **Freeing.** When the last reference to an engine goes, its objects are freed in one
  uninterrupted cascade (about 55 ms for this base). A reload holds the retired engine's
  contests and indexes apart (`pieces_of`), lets the engine itself go on the loop (a small
  shell), and drops the pieces one at a time in a thread (`drop_piecemeal`).
* **Sharing the GIL.** A busy loop gives the GIL up at every socket write and then waits up to
  the switch interval (5 ms) to get it back from a thread in pure Python, so a reload doubled
  the loop's longest turns under load. The reload's thread calls `pace()` between files, facts
  and contests; while a `Pacer` sees the loop falling behind, the thread naps as long as it has
  just worked. An idle loop never falls behind, so a reload then runs at full speed.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..pacing import pace

if TYPE_CHECKING:
    from ..answering.engine import Engine

log = logging.getLogger(__name__)

NEVER = 1 << 30  # a generation-2 threshold no count of generation-1 collections reaches
# Questions that exercise what an engine computes on first use (spelling, people, typos).
WARM_UP = ("what was the turnout?", "whats the turnot??", "who is standing?", "hello")

_lock = threading.Lock()
_holds = 0
_saved: tuple[int, int, int] | None = None


@contextlib.contextmanager
def full_collections_held() -> Iterator[None]:
    """Hold off generation-2 collections for the duration (re-entrant, thread-safe, restored)."""
    global _holds, _saved
    with _lock:
        if _holds == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], NEVER)
        _holds += 1
    try:
        yield
    finally:
        with _lock:
            _holds -= 1
            if _holds == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None


def freeze_survivors() -> None:
    """Collect the young generations, then move every surviving object out of the collector's sight."""
    gc.collect(1)  # walks only objects made since the last young collection: a few ms
    gc.freeze()


def warm(engine: Engine) -> None:
    """Compute now what an engine would otherwise compute on its first answers (in a thread)."""
    from ..answering.lexicon import english_words  # the loader imports this module: keep it light

    english_words()
    engine.lexicon.prepare()
    try:
        for question in WARM_UP:
            pace()
            engine.answer(question)
    except Exception:  # a warm-up is an optimisation: the askers would meet the same error
        log.exception("warming up the engine failed")


def settle(engine: Engine) -> None:
    """Warm the engine and freeze everything alive out of the collector's sight (at start-up).

    No full collection first: at this point it found nothing to free (the loader runs with the
    collector paused and makes no cycles) and took 0.3 s of a 650-contest start-up.
    """
    warm(engine)
    gc.freeze()
    log.debug("froze %d objects out of the collector's sight", gc.get_freeze_count())


def pieces_of(engine: Engine) -> list[Any]:
    """Return an engine's per-contest parts, so that freeing them can be spread out."""
    kb = getattr(engine, "kb", None)
    contests = list(getattr(kb, "contests", {}).values())
    indexes = getattr(engine, "indexes", None)
    return [*contests, *(indexes.built().values() if indexes is not None else ())]


def drop_piecemeal(pieces: list[Any]) -> None:
    """Drop the pieces one at a time (in a thread), so that no single free holds the GIL long."""
    while pieces:
        pieces.pop()
