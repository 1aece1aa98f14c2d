"""Root fixtures: the Discord double plugin, the shipped knowledge base and a bot against the double."""

from __future__ import annotations

pytest_plugins = ["tests.fakediscord.plugin"]
