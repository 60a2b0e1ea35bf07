"""Web addresses as newsbot stores and shows them: one rule where URLs come in (a pasted source,
the CLI, a page's canonical link) and where they go out (embeds).

Discord refuses a whole message whose embed carries a URL it does not consider well formed
(400 "Not a well formed URL"), so a stored `https://news.example.com/a b` once broke every
reply about its article. URLs are normalised on the way in (spaces and non-ASCII
percent-encoded, hosts in punycode) and checked again on the way out.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from yarl import URL

from bot import limits
from bot.errors import InputError

# RFC 3986's characters: anything else (spaces, quotes, brackets outside the host) is encoded.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_well_formed(url: str | None) -> bool:
    """Whether Discord accepts `url` as an embed link: http(s), a host, RFC 3986 characters
    only, and within the URL length limit."""
    if not url or len(url) > limits.MAX_URL_CHARS or not _URL_CHARS.fullmatch(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return False
    if ":" in host:  # an IPv6 literal, already checked by urlsplit
        return True
    return all(_HOST_LABEL.fullmatch(label) for label in host.removesuffix(".").split("."))


def normalize_url(raw: str, what: str = "That web address") -> str:
    """`raw` as newsbot stores it: trimmed, spaces and non-ASCII characters percent-encoded,
    the host in punycode. Raises InputError (with `what` as the subject) for anything that
    is not an http(s) address."""
    text = raw.strip()
    if _CONTROL.search(text):
        raise InputError(f"{what} contains a line break or control character.")
    if len(text) > limits.MAX_URL_CHARS:
        raise InputError(f"{what} is longer than {limits.MAX_URL_CHARS:,} characters.")
    scheme, colon, _ = text.partition(":")
    if not colon or not text.startswith(f"{scheme}://"):
        raise InputError(f"{what} doesn't look like a web address (start it with https://).")
    if scheme.lower() not in ("http", "https"):
        raise InputError("Only http and https links are supported.")
    try:
        url = str(URL(text))
    except ValueError:
        url = ""
    if not is_well_formed(url):
        raise InputError(f"{what} is not a valid http or https address.")
    return url
