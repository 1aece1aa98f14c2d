"""The store: questions, feedback, the audit log and the announcement outbox.

SQLite (one file per process) by default; PostgreSQL, shared by several processes, with
DATABASE_URL. The rest of the bot uses `Store` and its tables whichever it is.
"""

from .database import LockUnavailable, StoreError
from .db import Store, open_store

__all__ = ["LockUnavailable", "Store", "StoreError", "open_store"]
