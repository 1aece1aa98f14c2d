"""Settings read once from the environment and `.env`, validated with one message listing every problem."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASE_SCHEMES = ("postgresql", "postgres")


class SettingsError(Exception):
    """Settings that cannot be used; the message lists every bad value."""


def _id_list(value: object) -> object:
    """Parse '1, 2 3' into [1, 2, 3]."""
    if isinstance(value, str):
        return [part for part in value.replace(",", " ").split() if part]
    return value


class Settings(BaseModel):
    """Everything the bot is configured with. Build it with `Settings.from_env`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = Field(None, gt=0)
    qa_channel_ids: list[int] = Field(default_factory=list)
    moderator_role_ids: list[int] = Field(default_factory=list)
    announce_channel_id: int | None = Field(None, gt=0)
    modlog_channel_id: int | None = Field(None, gt=0)
    knowledge_dir: Path = Path("knowledge")
    database_path: Path = Path("data/bot.sqlite3")
    database_url: SecretStr | None = None  # postgresql://...: the store in PostgreSQL instead
    log_level: str = "INFO"
    timezone: str = "Europe/London"
    cooldown_seconds: float = Field(5.0, ge=0, le=3600)
    require_second_moderator: bool = False
    announce_retry_deadline_seconds: float = Field(900, ge=1, le=86400)
    announce_grace_minutes: float = Field(30, ge=0, le=1440)
    contest_memory_minutes: float = Field(10, ge=0, le=1440)
    shard_count: int | Literal["auto"] | None = None  # None: one gateway connection, no shards
    shard_ids: list[int] = Field(default_factory=list)  # this process's shards; empty: all

    @field_validator("qa_channel_ids", "moderator_role_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept comma- or space-separated ids."""
        return _id_list(value)

    @field_validator("qa_channel_ids", "moderator_role_ids")
    @classmethod
    def _positive_ids(cls, value: list[int]) -> list[int]:
        """Refuse zero or negative ids."""
        if any(v <= 0 for v in value):
            raise ValueError("ids must be positive Discord snowflakes")
        return value

    @field_validator(
        "discord_token",
        "database_url",
        "discord_guild_id",
        "announce_channel_id",
        "modlog_channel_id",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """Treat an empty value as unset."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        """Refuse a token with spaces or the 'Bot ' prefix pasted in."""
        if value is not None:
            raw = value.get_secret_value()
            if any(ch.isspace() for ch in raw):
                raise ValueError("paste the token alone, without 'Bot ' or spaces")
            if len(raw) < 20:
                raise ValueError("too short to be a bot token")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: SecretStr | None) -> SecretStr | None:
        """Refuse a URL that is not postgresql://[user[:password]@]host[:port]/database."""
        if value is None:
            return value
        text = value.get_secret_value().strip()
        try:
            parts = urlsplit(text)
            port = parts.port  # raises ValueError when it is not a number from 0 to 65535
        except ValueError:
            raise ValueError(
                "is not a valid URL (its port must be a number; percent-encode special "
                "characters of the password, e.g. @ as %40)"
            ) from None
        if parts.scheme not in DATABASE_SCHEMES:
            raise ValueError(
                "must start with postgresql:// (e.g. postgresql://bot:secret@localhost:5432/bot), "
                "or be left empty to keep the store in the SQLite file DATABASE_PATH"
            )
        if not parts.hostname and "host=" not in parts.query:
            raise ValueError("names no host: postgresql://user:password@HOST:5432/database")
        if port == 0:
            raise ValueError("port must be from 1 to 65535")
        if not parts.path.strip("/"):
            raise ValueError("names no database: postgresql://user:password@host:5432/DATABASE")
        return SecretStr(text)

    @field_validator("shard_count", mode="before")
    @classmethod
    def _shard_count(cls, value: object) -> object:
        """Accept blank (not sharded), 'auto' in any case, or a whole number of at least 1."""
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            if text.lower() == "auto":
                return "auto"
            if not text.isdigit():
                raise ValueError("must be a whole number of shards (1 or more), or auto")
            value = int(text)
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            raise ValueError("must be at least 1 (leave it empty to run without shards)")
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shard_ids(cls, value: object) -> object:
        """Accept comma- or space-separated shard ids."""
        return _id_list(value)

    @field_validator("shard_ids")
    @classmethod
    def _shard_ids(cls, value: list[int], info: ValidationInfo) -> list[int]:
        """Refuse shard ids without a fixed SHARD_COUNT, out of range, or listed twice."""
        if not value:
            return value
        if "shard_count" not in info.data:
            return value  # SHARD_COUNT is invalid and reported on its own
        count = info.data["shard_count"]
        if count is None:
            raise ValueError(
                "needs SHARD_COUNT: set it to the total number of shards of all processes"
            )
        if count == "auto":
            raise ValueError(
                "needs a fixed SHARD_COUNT, not auto: every process must use the same total"
            )
        outside = [v for v in value if not 0 <= v < count]
        if outside:
            listed = ", ".join(str(v) for v in outside)
            raise ValueError(
                f"shard ids run from 0 to {count - 1} with SHARD_COUNT={count}; not {listed}"
            )
        twice = sorted({v for v in value if value.count(v) > 1})
        if twice:
            raise ValueError(f"lists shard {', '.join(str(v) for v in twice)} more than once")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: object) -> object:
        """Accept any case of a standard logging level."""
        text = str(value).strip().upper()
        if text not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return text

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        """Refuse an unknown IANA time zone."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("not a known time zone (e.g. Europe/London)") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        """Return the configured time zone."""
        return ZoneInfo(self.timezone)

    @property
    def database(self) -> str:
        """Describe where the store is, without a password."""
        if self.database_url is None:
            return f"SQLite file {self.database_path}"
        parts = urlsplit(self.database_url.get_secret_value())
        return f"PostgreSQL at {parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path}"

    @property
    def heartbeat_path(self) -> Path:
        """Return the file the running bot touches while connected: in the data folder."""
        return self.database_path.parent / "heartbeat"

    @property
    def sharded(self) -> bool:
        """Tell whether the bot runs as an AutoShardedBot."""
        return self.shard_count is not None

    @property
    def log_level_number(self) -> int:
        """Return the logging level as a number."""
        return logging.getLevelName(self.log_level)

    @classmethod
    def from_env(cls, environ: Mapping[str, str | None]) -> Settings:
        """Build settings from upper-case environment names; raise SettingsError listing every bad value.

        A blank value (`COOLDOWN_SECONDS=`, as .env.example leaves most) takes the default.
        """
        data = {
            name: value
            for name in cls.model_fields
            if (value := environ.get(name.upper())) is not None and value.strip()
        }
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            lines = []
            for err in exc.errors():
                name = str(err["loc"][0]).upper() if err["loc"] else "?"
                lines.append(f"  {name}: {err['msg']}")
            raise SettingsError("Invalid settings:\n" + "\n".join(lines)) from None


def read_environment(env_file: Path | None = Path(".env")) -> dict[str, str | None]:
    """Merge `.env` (if present) under the process environment, which wins."""
    merged: dict[str, str | None] = {}
    if env_file is not None and env_file.is_file():
        merged.update(dotenv_values(env_file))
    merged.update(os.environ)
    return merged
