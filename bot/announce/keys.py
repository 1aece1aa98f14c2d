"""Outbox keys derived from what is announced, and the nonce and footer reference of a key."""

from __future__ import annotations

import datetime as dt
import hashlib

REF_PREFIX = "ref "  # the footer reference reads "ref 1a2b3c4d5e6f"
NONCE_MAX = 25  # Discord's limit on a message nonce


def phase_key(contest_id: str, phase: str, version: int) -> str:
    """Key of the announcement of a status change: contest, phase and status version."""
    return f"{contest_id}/phase/{phase}/v{version}"


def scheduled_key(contest_id: str, item_id: str, due: dt.datetime) -> str:
    """Key of a scheduled announcement: contest, id and slot (due time in UTC, to the minute)."""
    slot = due.astimezone(dt.UTC).strftime("%Y%m%dT%H%MZ")
    return f"{contest_id}/scheduled/{item_id}/{slot}"


def manual_key(contest_id: str | None, token: str | int) -> str:
    """Key of a moderator's announcement: contest and the id of the command that previewed it."""
    return f"{contest_id or '-'}/manual/{token}"


def _digest(key: str) -> str:
    """Return the hex SHA-256 of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def ref_of(key: str) -> str:
    """Return the short reference shown in the embed footer (12 hex digits)."""
    return _digest(key)[:12]


def nonce_of(key: str) -> str:
    """Return the deterministic Discord nonce of a key (25 hex digits)."""
    return _digest(key)[:NONCE_MAX]


def footer_ref(ref: str) -> str:
    """Return the footer text that marks a message as the announcement `ref`."""
    return REF_PREFIX + ref
