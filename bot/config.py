"""Settings from the environment and `.env`: the one place that reads them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

DEFAULT_DATABASE = "data/newsbot.db"
DEFAULT_FEED_TICK_SECONDS = 60.0
MIN_FEED_TICK_SECONDS = 0.05
DEFAULT_LAG_REPORT_SECONDS = 60.0
MIN_LAG_REPORT_SECONDS = 0.5


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says what to set and where."""


def _optional_int(name: str) -> int | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number (a Discord id), got {raw!r}.") from None


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _seconds(name: str, default: float, minimum: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}.") from None
    return max(minimum, value)


@dataclass(frozen=True)
class Settings:
    """Everything newsbot reads from its environment. The token never appears in repr()."""

    token: str | None = field(repr=False)
    database: str = DEFAULT_DATABASE
    dev_guild: int | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    log_level: str = "INFO"
    workers: int | None = None  # engine processes; None = one per core
    message_content: bool = False  # the privileged intent the link auto-summary needs
    feed_tick_seconds: float = DEFAULT_FEED_TICK_SECONDS  # tests shorten it
    lag_report_seconds: float = DEFAULT_LAG_REPORT_SECONDS  # one "loop lag max" INFO line

    @classmethod
    def load(cls, env_file: str | Path | None = ".env") -> Settings:
        """Read `.env` (without overriding the real environment), then the environment."""
        if env_file is not None:
            load_dotenv(env_file, override=False)
        env = os.environ
        return cls(
            token=env.get("DISCORD_TOKEN", "").strip() or None,
            database=env.get("NEWSBOT_DATABASE", "").strip() or DEFAULT_DATABASE,
            dev_guild=_optional_int("NEWSBOT_DEV_GUILD"),
            api_base=env.get("DISCORD_API_BASE", "").strip() or None,
            gateway_url=env.get("DISCORD_GATEWAY_URL", "").strip() or None,
            log_level=env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
            workers=_optional_int("NEWSBOT_WORKERS"),
            message_content=_flag("NEWSBOT_MESSAGE_CONTENT"),
            feed_tick_seconds=_seconds(
                "NEWSBOT_FEED_TICK_SECONDS", DEFAULT_FEED_TICK_SECONDS, MIN_FEED_TICK_SECONDS
            ),
            lag_report_seconds=_seconds(
                "NEWSBOT_LAG_REPORT_SECONDS", DEFAULT_LAG_REPORT_SECONDS, MIN_LAG_REPORT_SECONDS
            ),
        )

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "newsbot needs a bot token to connect to Discord. Set DISCORD_TOKEN in the "
                "environment or in a .env file in the directory you run newsbot from (copy "
                ".env.example to .env and paste the token from the Discord Developer Portal, "
                "Applications > your app > Bot > Reset Token). See README.md, 'Discord setup'."
            )
        return self.token
