"""Shared checks for the reliability suite: Discord's limits, mentions, secrets, database state.

Every bot this suite starts logs in with `SECRET_TOKEN`; `secret_leaks` searches everything the
bot sent and printed for it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# A token shaped like Discord's (user id . timestamp . HMAC); the last part is the secret one.
SECRET_TOKEN = "MTAxNzQ5MjU2NzIzMjM3Nzg1Ng.GhQx1T.Rl1ab-S3cr3t_t0k3n-Zq9xW2vB7nM4kL0pJ8hG"
SECRET_PARTS = (SECRET_TOKEN, SECRET_TOKEN.rsplit(".", 1)[1])

RELIABILITY_DIR = Path(__file__).resolve().parent
TEST_SITE = RELIABILITY_DIR / "_site"

MANAGE_SERVER_REFUSAL = "Only members with the Manage Server permission can do that."

# -- what the bot sent -------------------------------------------------------------------------

_MESSAGE_ROUTES = (
    ("POST", "/api/v10/webhooks/{application_id}/{token}"),
    ("PATCH", "/api/v10/webhooks/{application_id}/{token}/messages/{message_id}"),
    ("POST", "/api/v10/channels/{channel_id}/messages"),
    ("PATCH", "/api/v10/channels/{channel_id}/messages/{message_id}"),
)
_CALLBACK = "/api/v10/interactions/{interaction_id}/{token}/callback"


def message_bodies(double) -> list[tuple[Any, dict[str, Any]]]:
    """(request, message data) for every request in which the bot created or edited a message:
    interaction callbacks of type 4 (message) and 7 (update), follow-ups and edits, and posts."""
    found = []
    for rec in double.requests:
        body = rec.json if isinstance(rec.json, dict) else None
        if body is None:
            continue
        if rec.method == "POST" and rec.route == _CALLBACK:
            if body.get("type") in (4, 7):
                found.append((rec, body.get("data") or {}))
        elif (rec.method, rec.route) in _MESSAGE_ROUTES:
            found.append((rec, body))
    return found


def autocomplete_results(double) -> list[list[dict[str, Any]]]:
    """The choices of every autocomplete answer the bot sent."""
    return [
        (rec.json.get("data") or {}).get("choices") or []
        for rec in double.requests
        if rec.method == "POST"
        and rec.route == _CALLBACK
        and isinstance(rec.json, dict)
        and rec.json.get("type") == 8
    ]


def mention_problems(double) -> list[str]:
    """Every message body must carry allowed_mentions that parse nothing and list nobody."""
    problems = []
    for rec, data in message_bodies(double):
        allowed = data.get("allowed_mentions")
        where = f"{rec.method} {rec.route}"
        if not isinstance(allowed, dict):
            problems.append(f"{where}: no allowed_mentions in {sorted(data)}")
            continue
        if allowed.get("parse") != []:
            problems.append(f"{where}: allowed_mentions.parse = {allowed.get('parse')!r}")
        if allowed.get("users") or allowed.get("roles"):
            problems.append(f"{where}: allowed_mentions lists {allowed}")
        if allowed.get("replied_user"):
            problems.append(f"{where}: allowed_mentions pings the replied user")
    return problems


# -- commands ---------------------------------------------------------------------------------


def leaf_commands(commands: list[dict]) -> list[tuple[str, dict, list[dict], str]]:
    """(qualified name, top-level command, option schema, description) of every slash command."""
    found = []

    def walk(prefix: str, top: dict, node: dict) -> None:
        subs = [o for o in node.get("options") or [] if o["type"] in (1, 2)]
        if not subs:
            found.append((prefix, top, node.get("options") or [], node.get("description", "")))
        for sub in subs:
            walk(f"{prefix} {sub['name']}", top, sub)

    for cmd in commands:
        if cmd["type"] == 1:
            walk(cmd["name"], cmd, cmd)
    return found


def fill_options(schema: list[dict], values: dict) -> dict:
    """A value for every option we can fill: known names first, then by type."""
    filled = {}
    for opt in schema:
        name, kind = opt["name"], opt["type"]
        if name in values:
            filled[name] = values[name]
        elif opt.get("choices"):
            filled[name] = opt["choices"][0]["value"]
        elif kind == 4:
            filled[name] = max(opt.get("min_value", 1), 1)
        elif kind == 5:
            filled[name] = False
        elif kind == 7:
            filled[name] = values["channel"]
        elif kind == 11:
            filled[name] = values["file"]
        elif opt.get("required"):
            filled[name] = "x" * max(1, opt.get("min_length", 1))
    return filled


# -- Discord's limits (asserted here as well as by the double) ---------------------------------


def _too_long(problems: list[str], what: str, value: Any, high: int, low: int = 0) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not low <= len(value) <= high:
        size = len(value) if isinstance(value, str) else type(value).__name__
        problems.append(f"{what}: {size} not within [{low}, {high}]")


def embed_problems(embed: dict[str, Any], where: str = "embed") -> list[str]:
    problems: list[str] = []
    _too_long(problems, f"{where}.title", embed.get("title"), 256)
    _too_long(problems, f"{where}.description", embed.get("description"), 4096)
    _too_long(problems, f"{where}.url", embed.get("url"), 2048)
    _too_long(problems, f"{where}.footer.text", (embed.get("footer") or {}).get("text"), 2048)
    _too_long(problems, f"{where}.author.name", (embed.get("author") or {}).get("name"), 256)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems.append(f"{where}: {len(fields)} fields")
    for i, fld in enumerate(fields):
        _too_long(problems, f"{where}.fields.{i}.name", fld.get("name"), 256, 1)
        _too_long(problems, f"{where}.fields.{i}.value", fld.get("value"), 1024, 1)
    total = _embed_size(embed)
    if total > 6000:
        problems.append(f"{where}: {total} characters in all")
    return problems


def _embed_size(embed: dict[str, Any]) -> int:
    parts = [
        embed.get("title"),
        embed.get("description"),
        (embed.get("footer") or {}).get("text"),
        (embed.get("author") or {}).get("name"),
    ]
    for fld in embed.get("fields") or []:
        parts += [fld.get("name"), fld.get("value")]
    return sum(len(p or "") for p in parts)


def component_problems(
    components: Iterable[dict[str, Any]], where: str = "components"
) -> list[str]:
    problems: list[str] = []
    rows = list(components)
    if len(rows) > 5:
        problems.append(f"{where}: {len(rows)} rows")
    for i, row in enumerate(rows):
        items = row.get("components") or []
        if len(items) > 5:
            problems.append(f"{where}.{i}: {len(items)} components")
        for j, item in enumerate(items):
            _too_long(problems, f"{where}.{i}.{j}.label", item.get("label"), 80)
            _too_long(problems, f"{where}.{i}.{j}.custom_id", item.get("custom_id"), 100, 1)
    return problems


def message_problems(data: dict[str, Any], where: str = "message") -> list[str]:
    problems: list[str] = []
    _too_long(problems, f"{where}.content", data.get("content"), 2000)
    embeds = data.get("embeds") or []
    if len(embeds) > 10:
        problems.append(f"{where}: {len(embeds)} embeds")
    for i, embed in enumerate(embeds):
        problems += embed_problems(embed, f"{where}.embeds.{i}")
    total = sum(_embed_size(e) for e in embeds)
    if total > 6000:  # Discord's 6,000 characters count across all of a message's embeds
        problems.append(f"{where}: embeds hold {total} characters in all")
    problems += component_problems(data.get("components") or [], f"{where}.components")
    return problems


def choice_problems(choices: list[dict[str, Any]], where: str = "choices") -> list[str]:
    problems: list[str] = []
    if len(choices) > 25:
        problems.append(f"{where}: {len(choices)} choices")
    for i, choice in enumerate(choices):
        _too_long(problems, f"{where}.{i}.name", choice.get("name"), 100, 1)
        if isinstance(choice.get("value"), str):
            _too_long(problems, f"{where}.{i}.value", choice["value"], 100, 1)
    return problems


def limit_problems(double) -> list[str]:
    """Every message, embed, button and autocomplete choice the bot sent, checked; plus every
    request the double refused as invalid (400)."""
    problems = []
    for rec, data in message_bodies(double):
        problems += message_problems(data, f"{rec.method} {rec.path}")
    for choices in autocomplete_results(double):
        problems += choice_problems(choices)
    problems += [
        f"400 from the double for {r.method} {r.path}: {r.response}"
        for r in double.requests
        if r.status == 400
    ]
    return problems


# -- secrets -----------------------------------------------------------------------------------


def _contains_secret(value: Any) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return any(part in text for part in SECRET_PARTS)


def secret_leaks(double, logs: Iterable[str] = (), files: Iterable[Path] = ()) -> list[str]:
    """Where the token shows up outside the Authorization header and the gateway IDENTIFY/RESUME
    (the two places Discord needs it)."""
    leaks = []
    for rec in double.requests:
        headers = {k: v for k, v in rec.headers.items() if k.lower() != "authorization"}
        for what, value in (
            ("path", rec.path),
            ("query", rec.query),
            ("headers", headers),
            ("body", rec.json),
            ("files", rec.files),
            ("response", rec.response),
        ):
            if _contains_secret(value):
                leaks.append(f"{rec.method} {rec.path}: {what}")
    for op in double.gateway_log:
        data = op.data
        if op.op in (2, 6) and isinstance(data, dict):  # IDENTIFY, RESUME
            data = {k: v for k, v in data.items() if k != "token"}
        if _contains_secret(data):
            leaks.append(f"gateway op {op.op}")
    for message in double.messages.values():
        if _contains_secret(message.versions):
            leaks.append(f"message {message.id}")
    for i, log in enumerate(logs):
        if _contains_secret(log):
            leaks.append(f"log {i}")
    for path in files:
        if path.exists() and any(p.encode() in path.read_bytes() for p in SECRET_PARTS):
            leaks.append(f"file {path.name}")
    return leaks


# -- the database ------------------------------------------------------------------------------


def db_snapshot(path: str | Path) -> dict[str, list[tuple]]:
    """Every row of every ordinary table (FTS shadow tables included), for before/after checks."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
        ]
        return {
            n: sorted(map(tuple, conn.execute(f'SELECT * FROM "{n}"')), key=repr) for n in names
        }
    finally:
        conn.close()


def integrity(path: str | Path) -> list[str]:
    conn = sqlite3.connect(path, timeout=10)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
