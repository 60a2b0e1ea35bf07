"""The subset of Discord's request validation that bots commonly trip over in production.

Real Discord answers these with 400 ``Invalid Form Body`` (code 50035); the double does the
same, so a summary longer than 2000 characters or an oversized embed fails in tests rather
than for users. Each check returns ``(path, message)`` pairs; an empty list means valid.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

Problems = list[tuple[str, str]]
_CHAT_NAME = re.compile(r"^[-_\w]{1,32}$")
# Embed links Discord checks (https://discord.com/developers/docs/resources/message#embed-object):
# the embed's url, author url and icon, footer icon, image and thumbnail.
_EMBED_URLS = (("url",), ("author", "url"), ("author", "icon_url"), ("footer", "icon_url"),
               ("image", "url"), ("thumbnail", "url"))  # fmt: skip
_URL_MAX = 2048
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]")


def well_formed_url(url: Any) -> bool:
    """Discord's "well formed URL" for embeds: http(s) with a host (or attachment://name),
    no spaces, control characters or characters RFC 3986 excludes, at most 2,048 long."""
    if not isinstance(url, str) or not url or len(url) > _URL_MAX or _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a port out of range raises)
    except ValueError:
        return False
    if parts.scheme == "attachment":
        return bool(parts.netloc or parts.path)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _length(problems: Problems, path: str, value: Any, low: int, high: int) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not low <= len(value) <= high:
        problems.append((path, f"Must be between {low} and {high} in length."))


def check_command(cmd: dict[str, Any], path: str) -> Problems:
    problems: Problems = []
    kind = cmd.get("type", 1)
    name = cmd.get("name", "")
    if kind == 1:
        if not _CHAT_NAME.match(name) or name != name.lower():
            problems.append((f"{path}.name", "Command name is invalid"))
        _length(problems, f"{path}.description", cmd.get("description"), 1, 100)
        problems += _check_options(cmd.get("options") or [], f"{path}.options")
    else:
        _length(problems, f"{path}.name", name, 1, 32)
        if cmd.get("description"):
            problems.append(
                (f"{path}.description", "Context menu commands cannot have a description")
            )
    return problems


def _check_options(options: list[dict[str, Any]], path: str) -> Problems:
    problems: Problems = []
    if len(options) > 25:
        problems.append((path, "Must be 25 or fewer in length."))
    seen: set[str] = set()
    optional_seen = False
    for i, opt in enumerate(options):
        p = f"{path}.{i}"
        name = opt.get("name", "")
        if not _CHAT_NAME.match(name) or name != name.lower():
            problems.append((f"{p}.name", "Command name is invalid"))
        if name in seen:
            problems.append((f"{p}.name", "Option names must be unique"))
        seen.add(name)
        _length(problems, f"{p}.description", opt.get("description"), 1, 100)
        if opt.get("type") in (1, 2):
            problems += _check_options(opt.get("options") or [], f"{p}.options")
            continue
        if opt.get("required"):
            if optional_seen:
                problems.append(
                    (f"{p}.required", "Required options must be placed before non-required options")
                )
        else:
            optional_seen = True
        choices = opt.get("choices") or []
        if len(choices) > 25:
            problems.append((f"{p}.choices", "Must be 25 or fewer in length."))
        if choices and opt.get("autocomplete"):
            problems.append((f"{p}.autocomplete", "Autocomplete cannot be set with choices"))
    return problems


def check_message(data: dict[str, Any], *, files: int = 0, creating: bool = True) -> Problems:
    """Content and embed limits; ``creating`` also rejects an empty message (code 50006)."""
    problems: Problems = []
    content = data.get("content")
    if content is not None and len(content) > 2000:
        problems.append(("content", "Must be 2000 or fewer in length."))
    embeds = data.get("embeds") or []
    if len(embeds) > 10:
        problems.append(("embeds", "Must be 10 or fewer in length."))
    total = 0
    for i, embed in enumerate(embeds):
        p = f"embeds.{i}"
        limits = (("title", 256), ("description", 4096))
        for key, high in limits:
            value = embed.get(key) or ""
            total += len(value)
            if len(value) > high:
                problems.append((f"{p}.{key}", f"Must be {high} or fewer in length."))
        for key, sub, high in (("footer", "text", 2048), ("author", "name", 256)):
            value = (embed.get(key) or {}).get(sub) or ""
            total += len(value)
            if len(value) > high:
                problems.append((f"{p}.{key}.{sub}", f"Must be {high} or fewer in length."))
        for keys in _EMBED_URLS:
            node: Any = embed
            for key in keys:
                node = node.get(key) if isinstance(node, dict) else None
            if node is not None and not well_formed_url(node):
                problems.append((".".join((p, *keys)), "Not a well formed URL."))
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append((f"{p}.fields", "Must be 25 or fewer in length."))
        for j, fld in enumerate(fields):
            total += len(fld.get("name") or "") + len(fld.get("value") or "")
            _length(problems, f"{p}.fields.{j}.name", fld.get("name") or "", 1, 256)
            _length(problems, f"{p}.fields.{j}.value", fld.get("value") or "", 1, 1024)
    if total > 6000:
        problems.append(("embeds", "Embed size exceeds maximum size of 6000"))
    components = data.get("components") or []
    v2 = bool((data.get("flags") or 0) & (1 << 15))
    if not v2 and len(components) > 5:
        problems.append(("components", "Must be 5 or fewer in length."))
    for i, row in enumerate(components):
        for j, comp in enumerate(row.get("components") or []):
            _length(
                problems, f"components.{i}.components.{j}.custom_id", comp.get("custom_id"), 1, 100
            )
            _length(problems, f"components.{i}.components.{j}.label", comp.get("label"), 0, 80)
    empty = not (content or embeds or components or files or data.get("attachments"))
    if creating and empty and not data.get("poll") and not data.get("sticker_ids"):
        problems.append(("", "Cannot send an empty message"))
    return problems


def check_choices(choices: list[dict[str, Any]]) -> Problems:
    problems: Problems = []
    if len(choices) > 25:
        problems.append(("choices", "Must be 25 or fewer in length."))
    for i, choice in enumerate(choices):
        _length(problems, f"choices.{i}.name", choice.get("name"), 1, 100)
        if isinstance(choice.get("value"), str):
            _length(problems, f"choices.{i}.value", choice["value"], 0, 100)
    return problems


def check_modal(data: dict[str, Any]) -> Problems:
    problems: Problems = []
    _length(problems, "title", data.get("title"), 1, 45)
    _length(problems, "custom_id", data.get("custom_id"), 1, 100)
    if not 1 <= len(data.get("components") or []) <= 5:
        problems.append(("components", "Must be between 1 and 5 in length."))
    return problems


def form_errors(problems: Problems) -> dict[str, Any]:
    """Nest ``("a.0.b", msg)`` pairs into Discord's ``{"a": {"0": {"b": {"_errors": [...]}}}}``."""
    errors: dict[str, Any] = {}
    for path, message in problems:
        node = errors
        for part in [p for p in path.split(".") if p]:
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_BAD", "message": message})
    return errors
