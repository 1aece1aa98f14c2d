"""compose.yaml, read as Docker Compose would (no Docker engine here to run it): what it promises.

The bot and PostgreSQL; the bot starts once PostgreSQL is healthy and keeps its store there;
knowledge/ and data/ are volumes; a stop leaves the bot at least 10 s; the bot's healthcheck is the
image's (not duplicated here).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    """Load compose.yaml."""
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def seconds(text: str) -> float:
    """Read a Compose duration such as 15s, 1m30s."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", text)
    assert parts and "".join(n + u for n, u in parts) == text, text
    return sum(float(n) * units[u] for n, u in parts)


def test_services_volumes_and_order() -> None:
    spec = compose()
    assert set(spec["services"]) == {"bot", "postgres"}
    bot, postgres = spec["services"]["bot"], spec["services"]["postgres"]
    assert bot["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert "healthcheck" in postgres and "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert "healthcheck" not in bot  # the Dockerfile's HEALTHCHECK
    mounts = dict(volume.split(":", 1) for volume in bot["volumes"])
    assert mounts == {"knowledge": "/app/knowledge", "data": "/app/data"}
    assert set(spec["volumes"]) >= {"knowledge", "data", "postgres"}
    assert bot["environment"]["KNOWLEDGE_DIR"] == "/app/knowledge"
    assert seconds(bot["stop_grace_period"]) >= 10
    assert bot["build"] == "." and (ROOT / "Dockerfile").is_file()


def test_the_bot_points_at_the_postgres_service() -> None:
    """DATABASE_URL names the postgres service's user, database and port, and is a valid setting."""
    spec = compose()
    postgres = spec["services"]["postgres"]["environment"]
    url = spec["services"]["bot"]["environment"]["DATABASE_URL"]
    password = "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}"
    assert postgres["POSTGRES_PASSWORD"] == password
    expected = f"postgresql://{postgres['POSTGRES_USER']}:{password}@postgres:5432/{postgres['POSTGRES_DB']}"
    assert url == expected
    settings = Settings.from_env({"DATABASE_URL": url.replace(password, "letters4nd0digits")})
    assert settings.database == "PostgreSQL at postgres:5432/bot"
