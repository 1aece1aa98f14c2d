"""The store's schema, one step per version; a database records its version in PRAGMA user_version."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at TEXT NOT NULL,
        user_id INTEGER,
        channel_id INTEGER,
        contest_id TEXT,
        question TEXT NOT NULL,
        answered INTEGER NOT NULL,
        entry_id TEXT,
        confidence REAL NOT NULL
    );
    CREATE INDEX questions_unanswered ON questions (answered, question);
    CREATE TABLE feedback (
        question_id INTEGER NOT NULL REFERENCES questions (id),
        user_id INTEGER NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at TEXT NOT NULL,
        PRIMARY KEY (question_id, user_id)
    );
    """,
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id INTEGER,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        contest_id TEXT,
        before TEXT,
        after TEXT,
        detail TEXT,
        undone_by INTEGER REFERENCES audit (id)
    );
    CREATE INDEX audit_contest_action ON audit (contest_id, action);
    """,
    """
    CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        ref TEXT NOT NULL,
        nonce TEXT NOT NULL,
        contest_id TEXT,
        kind TEXT NOT NULL,
        channel_id INTEGER NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
        due_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        message_id INTEGER,
        published INTEGER,
        error TEXT
    );
    CREATE INDEX outbox_state ON outbox (state);
    CREATE INDEX outbox_ref ON outbox (ref);
    """,
)
