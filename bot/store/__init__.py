"""The embedded SQLite store: questions, feedback, the audit log and the announcement outbox."""

from .db import Store

__all__ = ["Store"]
