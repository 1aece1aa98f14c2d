"""A store on each backend in turn (SQLite file, PostgreSQL database), closed after the test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store import Store
from tests.pgplugin import open_target


@pytest.fixture
async def store(store_target: dict[str, object]) -> AsyncIterator[Store]:
    """An open, migrated store on the test's backend."""
    opened = await open_target(store_target)
    try:
        yield opened
    finally:
        await opened.close()
