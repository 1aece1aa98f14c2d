"""Timestamps for stored rows."""

from __future__ import annotations

import datetime as dt


def utcnow() -> str:
    """Return the current UTC time as ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
