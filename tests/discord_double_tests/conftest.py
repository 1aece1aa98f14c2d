"""Fixtures for the Discord double's own tests (re-exports the plugin's `fake_discord`)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest_asyncio

from tests.discord_double_tests.bot_app import DoubleTestBot
from tests.fakediscord import FakeDiscord, run_bot

log = logging.getLogger(__name__)

__all__ = ["bot"]


@pytest_asyncio.fixture
async def bot(fake_discord: FakeDiscord) -> AsyncIterator[DoubleTestBot]:
    """A DoubleTestBot connected to the double and ready; closed after the test."""
    async with run_bot(fake_discord, DoubleTestBot()) as running:
        yield running
