"""Settings from the environment and `.env`: the one place that reads them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv

DEFAULT_DATABASE = "data/newsbot.db"
DEFAULT_FEED_TICK_SECONDS = 60.0
MIN_FEED_TICK_SECONDS = 0.05
DEFAULT_DIGEST_TICK_SECONDS = 30.0  # how often due digests are looked for
DEFAULT_FOLLOW_TICK_SECONDS = 15.0  # how often follow matches are sent as DMs
DEFAULT_LAG_REPORT_SECONDS = 60.0
MIN_LAG_REPORT_SECONDS = 0.5
DEFAULT_WEB_PORT = 8080
DEFAULT_WEB_HOST = "0.0.0.0"


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


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"{name} must be a TCP port number (1-65535), got {raw!r}.")
    return int(raw)


def _web_url() -> str | None:
    """NEWSBOT_WEB_URL without a trailing slash: the address people open the panel at."""
    raw = os.environ.get("NEWSBOT_WEB_URL", "").strip().rstrip("/")
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            "NEWSBOT_WEB_URL must be the panel's public address, like "
            f"https://newsbot.example.org, got {raw!r}."
        )
    return raw


@dataclass(frozen=True)
class Settings:
    """Everything newsbot reads from its environment. The token never appears in repr()."""

    token: str | None = field(repr=False)
    database: str = DEFAULT_DATABASE
    dev_guild: int | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    log_level: str | None = None  # None: not set (the bot logs INFO, the CLI WARNING)
    workers: int | None = None  # engine processes; None = one per core
    message_content: bool = False  # the privileged intent the link auto-summary needs
    feed_tick_seconds: float = DEFAULT_FEED_TICK_SECONDS  # tests shorten it
    lag_report_seconds: float = DEFAULT_LAG_REPORT_SECONDS  # one "loop lag max" INFO line
    shard_count: int | None = None  # None: not sharded, one process connects as before
    shard_ids: tuple[int, ...] | None = None  # this process's shards; None: all of them
    clock_file: str | None = None  # tests only: the bot's time is read from this file
    digest_tick_seconds: float = DEFAULT_DIGEST_TICK_SECONDS  # tests shorten it
    follow_tick_seconds: float = DEFAULT_FOLLOW_TICK_SECONDS  # tests shorten it
    web_url: str | None = None  # the panel's public base URL; `newsbot run` serves it when set
    web_port: int = DEFAULT_WEB_PORT
    web_host: str = DEFAULT_WEB_HOST  # 127.0.0.1 behind a reverse proxy on the same machine
    client_id: int | None = None  # the application's OAuth2 client id, for the panel's sign-in
    client_secret: str | None = field(default=None, repr=False)

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
            log_level=env.get("LOG_LEVEL", "").strip().upper() or None,
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
            web_url=_web_url(),
            web_port=_port("NEWSBOT_WEB_PORT", DEFAULT_WEB_PORT),
            web_host=env.get("NEWSBOT_WEB_HOST", "").strip() or DEFAULT_WEB_HOST,
            client_id=_optional_int("DISCORD_CLIENT_ID", "the application id"),
            client_secret=env.get("DISCORD_CLIENT_SECRET", "").strip() or None,
        )

    def require_web(self) -> str:
        """The panel's public URL, once everything the panel's sign-in needs is set."""
        missing = [
            name
            for name, value in (
                ("NEWSBOT_WEB_URL", self.web_url),
                ("DISCORD_CLIENT_ID", self.client_id),
                ("DISCORD_CLIENT_SECRET", self.client_secret),
            )
            if not value
        ]
        if missing:
            raise ConfigError(
                f"The web panel needs {', '.join(missing)}: set them in the environment or in "
                ".env (the client id and secret are on the Developer Portal's OAuth2 page). "
                "See README.md, 'Web control panel'."
            )
        assert self.web_url is not None
        return self.web_url

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "newsbot needs a bot token to connect to Discord. Set DISCORD_TOKEN in the "
                "environment or in a .env file in the directory you run newsbot from (copy "
                ".env.example to .env and paste the token from the Discord Developer Portal, "
                "Applications > your app > Bot > Reset Token). See README.md, 'Discord setup'."
            )
        return self.token
