"""Settings from the environment and `.env`: the one place that reads them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

DEFAULT_DATABASE = "data/newsbot.db"
DEFAULT_FEED_TICK_SECONDS = 60.0
MIN_FEED_TICK_SECONDS = 0.05
DEFAULT_DIGEST_TICK_SECONDS = 30.0  # how often due digests are looked for
DEFAULT_FOLLOW_TICK_SECONDS = 15.0  # how often follow matches are sent as DMs
DEFAULT_LAG_REPORT_SECONDS = 60.0
MIN_LAG_REPORT_SECONDS = 0.5


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says what to set and where."""


def _optional_int(name: str, what: str = "a Discord id") -> int | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number ({what}), got {raw!r}.") from None


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _shard_count(name: str) -> int | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number of shards, 1 or more, got {raw!r}.")
    return int(raw)


def parse_shard_ids(raw: str, count: int, name: str = "NEWSBOT_SHARD_IDS") -> tuple[int, ...]:
    """`0-3`, `0,2,5` or a mix (`0-1,4`) as sorted, distinct shard ids, each below `count`."""
    ids: set[int] = set()
    for part in raw.replace(" ", "").split(","):
        low, dash, high = part.partition("-")
        if not (low.isdigit() and (high.isdigit() if dash else not high)):
            raise ConfigError(f"{name} must list shard ids like 0-3 or 0,2,5, got {raw!r}.")
        first, last = int(low), int(high) if dash else int(low)
        if first > last:
            raise ConfigError(f"{name}: the range {part} runs backwards (write {last}-{first}).")
        if last >= count:
            raise ConfigError(
                f"{name}: shard id {last} is out of range; with NEWSBOT_SHARD_COUNT={count} "
                f"the ids are 0 to {count - 1}."
            )
        ids.update(range(first, last + 1))
    return tuple(sorted(ids))


def _shards() -> tuple[int | None, tuple[int, ...] | None]:
    """(shard count, this process's shard ids); (None, None) when sharding is not set."""
    count = _shard_count("NEWSBOT_SHARD_COUNT")
    raw_ids = os.environ.get("NEWSBOT_SHARD_IDS", "").strip()
    if not raw_ids:
        return count, None
    if count is None:
        raise ConfigError(
            "NEWSBOT_SHARD_IDS needs NEWSBOT_SHARD_COUNT: set the total number of shards the "
            "bot's processes run between them (see README.md, 'Running at scale')."
        )
    return count, parse_shard_ids(raw_ids, count)


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
    shard_count: int | None = None  # None: not sharded, one process connects as before
    shard_ids: tuple[int, ...] | None = None  # this process's shards; None: all of them
    clock_file: str | None = None  # tests only: the bot's time is read from this file
    digest_tick_seconds: float = DEFAULT_DIGEST_TICK_SECONDS  # tests shorten it
    follow_tick_seconds: float = DEFAULT_FOLLOW_TICK_SECONDS  # tests shorten it

    @property
    def sharded(self) -> bool:
        return self.shard_count is not None

    @property
    def syncs_commands(self) -> bool:
        """Whether this process syncs commands to the development guild at start-up: only
        the one that runs shard 0, so N processes do not sync the same commands N times."""
        return self.shard_ids is None or 0 in self.shard_ids

    @classmethod
    def load(cls, env_file: str | Path | None = ".env") -> Settings:
        """Read `.env` (without overriding the real environment), then the environment."""
        if env_file is not None:
            load_dotenv(env_file, override=False)
        env = os.environ
        shard_count, shard_ids = _shards()
        return cls(
            token=env.get("DISCORD_TOKEN", "").strip() or None,
            database=env.get("NEWSBOT_DATABASE", "").strip() or DEFAULT_DATABASE,
            dev_guild=_optional_int("NEWSBOT_DEV_GUILD"),
            api_base=env.get("DISCORD_API_BASE", "").strip() or None,
            gateway_url=env.get("DISCORD_GATEWAY_URL", "").strip() or None,
            log_level=env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
            workers=_optional_int("NEWSBOT_WORKERS", "of engine processes"),
            message_content=_flag("NEWSBOT_MESSAGE_CONTENT"),
            feed_tick_seconds=_seconds(
                "NEWSBOT_FEED_TICK_SECONDS", DEFAULT_FEED_TICK_SECONDS, MIN_FEED_TICK_SECONDS
            ),
            lag_report_seconds=_seconds(
                "NEWSBOT_LAG_REPORT_SECONDS", DEFAULT_LAG_REPORT_SECONDS, MIN_LAG_REPORT_SECONDS
            ),
            shard_count=shard_count,
            shard_ids=shard_ids,
            clock_file=env.get("NEWSBOT_CLOCK_FILE", "").strip() or None,
            digest_tick_seconds=_seconds(
                "NEWSBOT_DIGEST_TICK_SECONDS", DEFAULT_DIGEST_TICK_SECONDS, MIN_FEED_TICK_SECONDS
            ),
            follow_tick_seconds=_seconds(
                "NEWSBOT_FOLLOW_TICK_SECONDS", DEFAULT_FOLLOW_TICK_SECONDS, MIN_FEED_TICK_SECONDS
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
