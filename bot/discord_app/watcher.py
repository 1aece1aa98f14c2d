"""Hot reload: watch the knowledge folder and re-read the contests whose files change (debounced).

What checks out is served and summarised in the mod-log; a contest with errors keeps its last good
knowledge, and every error goes to the mod-log with its file and line. A save is seen once no
other change has come for `step_ms` (so a burst of saves is read once, at most `debounce_ms` on).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from watchfiles import Change, awatch

from ..core.runtime.holder import ReloadReport
from .modlog import record_reload

if TYPE_CHECKING:
    from .client import ElectionBot

log = logging.getLogger(__name__)

WATCHED_SUFFIXES = (".yaml", ".yml", ".txt")
ACTOR = "watcher"


def relevant(change: Change, path: str) -> bool:
    """Tell whether a changed file can change the knowledge (not editor swap or temporary files)."""
    name = Path(path).name
    return name.endswith(WATCHED_SUFFIXES) and not name.startswith((".", "~", "#"))


class KnowledgeWatcher:
    """Reloads the knowledge when its files change; start() once, stop() on close."""

    def __init__(self, bot: ElectionBot, *, debounce_ms: int = 1600, step_ms: int = 50) -> None:
        self.bot = bot
        self.folder = Path(bot.settings.knowledge_dir)
        self.debounce_ms = debounce_ms
        self.step_ms = step_ms
        self.failing = False  # the last reload was refused: say so when the folder is fixed
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start watching in a background task."""
        if self._task is None:
            self._stop.clear()
            self._task = asyncio.create_task(self._run(), name="knowledge-watcher")

    async def stop(self) -> None:
        """Stop watching and wait for the task to end."""
        self._stop.set()
        task, self._task = self._task, None
        if task is not None:
            try:
                await asyncio.wait_for(task, timeout=5)
            except TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _run(self) -> None:
        """Reload after each burst of changes until stopped; never let an error end the watch."""
        log.info("watching %s for knowledge changes", self.folder)
        try:
            changes_iter = awatch(
                self.folder,
                watch_filter=relevant,
                debounce=self.debounce_ms,
                step=self.step_ms,
                stop_event=self._stop,
                recursive=True,
            )
            async for changes in changes_iter:
                try:
                    await self.reload(sorted(path for _, path in changes))
                except Exception:
                    log.exception("knowledge reload after a file change failed")
        except FileNotFoundError:
            log.error("cannot watch %s: the folder does not exist", self.folder)
        except Exception:
            log.exception("the knowledge watcher stopped")

    async def reload(self, paths: list[str] | None = None) -> ReloadReport:
        """Re-read the folders of the changed files now; serve what checks out, post every error."""
        report = await self.bot.holder.reload(paths)
        names = ", ".join(Path(p).name for p in (paths or [])[:5]) or "files"
        quiet = report.ok and not (report.added or report.changed or report.removed or self.failing)
        await record_reload(
            self.bot,
            report,
            actor=ACTOR,
            actor_id=None,
            why=f"Knowledge files changed ({names})",
            quiet=quiet,
        )
        self.failing = not report.ok
        return report
