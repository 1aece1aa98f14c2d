"""pytest plugin: the `fake_discord` fixture (a started, patched-in FakeDiscord).

Enable with ``pytest_plugins = ["tests.fakediscord.plugin"]`` in the root conftest.
Configure per test with
``@pytest.mark.fakediscord(heartbeat_interval_ms=..., recommended_shards=...)``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.fakediscord.patching import patch_discord
from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)


def pytest_configure(config: pytest.Config) -> None:
    """Register the `fakediscord` marker."""
    config.addinivalue_line(
        "markers", "fakediscord(**kwargs): keyword arguments for the FakeDiscord of this test"
    )


@pytest_asyncio.fixture
async def fake_discord(request: pytest.FixtureRequest) -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord with discord.py patched to use it; stopped after the test."""
    marker = request.node.get_closest_marker("fakediscord")
    fake = FakeDiscord(**(marker.kwargs if marker else {}))
    await fake.start()
    try:
        with patch_discord(fake):
            yield fake
    finally:
        await fake.stop()
    assert not fake.internal_errors, f"the Discord double crashed: {fake.internal_errors}"
