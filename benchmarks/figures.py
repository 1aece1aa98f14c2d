"""Printing helpers shared by the benchmark scripts (run from this folder, so imported bare)."""

from __future__ import annotations

import os
import resource
from pathlib import Path

LABEL_WIDTH = 21


def ms(seconds: float) -> str:
    """Format seconds as milliseconds."""
    return f"{seconds * 1000:.1f} ms"


def row(label: str, value: str, width: int = LABEL_WIDTH) -> None:
    """Print one figure under its label."""
    print(f"{label:<{width}}{value}")


def peak_rss_mb() -> float:
    """Return the process's peak resident set size so far, in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Return the process's resident set size now, in MB (the peak where /proc is missing)."""
    try:
        resident = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mb()
    return resident * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
