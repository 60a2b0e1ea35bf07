"""A guarded HTTP client for fetching pages that users (and feeds) point the bot at.

Every URL a Discord user pastes is untrusted, so the fetcher is built against
server-side request forgery (SSRF):

* only ``http``/``https``, no userinfo, no exotic IPv4 spellings slipping past the check;
* the host is resolved once, **every** address must be public, and the connection is
  made to exactly those vetted addresses (a pinned aiohttp resolver: no second DNS
  lookup that a rebinding server could answer differently). The URL keeps its
  hostname, so the Host header and TLS SNI/certificate checks are unchanged;
* redirects are followed by hand, each hop vetted the same way;
* a total deadline, a cap on the *decompressed* body (we inflate ourselves, with a
  bounded output size, so a gzip bomb stops after a few kilobytes of input), and a
  content-type allow-list.

Nothing here reads the environment: proxies, ``.netrc`` and the like are ignored, and
the guard can only be relaxed through the constructor (tests allow-list loopback).
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import logging
import re
import socket
import ssl
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot import __version__
from bot.errors import UserFacingError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], Awaitable[Iterable[str]]]
"""Maps a hostname to the IP addresses (as strings) it resolves to."""

USER_AGENT = f"newsbot/{__version__} (+https://github.com/newsbot; Discord news summary bot)"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
"""Content types an article page may have."""
FEED_TYPES = HTML_TYPES | {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
"""Content types a feed may have (servers label feeds loosely, so HTML types too)."""

DEFAULT_DEADLINE = 15.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 3

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_MAX_URL_LENGTH = 2048
_OWN_HEADERS = frozenset({"host", "user-agent", "accept-encoding"})

# Cloud metadata endpoints: refused even when a test allow-list would cover them.
_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, ...
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.170.23",  # AWS EKS pod identity
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS IPv6
        "fd00:ec2::23",  # AWS EKS pod identity, IPv6
    )
)
# Non-public ranges that `ipaddress`'s is_private/is_global miss (on some Python versions).
_EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "100.64.0.0/10",  # carrier-grade NAT
        "192.0.0.0/24",  # IETF protocol assignments
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "64:ff9b:1::/48",  # local-use NAT64
        "2001::/32",  # Teredo: the embedded client address is obfuscated, so refuse it all
        "fec0::/10",  # deprecated site-local
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

_NUMERIC_LABEL = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)\Z")
_HOST_LABEL = re.compile(r"[a-z0-9_-]{1,63}\Z")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9._:-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# --- errors ---------------------------------------------------------------------------


class FetchError(UserFacingError):
    """Base of all fetch failures; ``message`` is one plain sentence a user can be shown."""

    message = "Couldn't fetch that page."

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class BlockedURLError(FetchError):
    """The URL's scheme, credentials or address is one the bot refuses to visit."""

    message = "That address points to a private or local network, so I won't fetch it."


class InvalidURLError(FetchError):
    """The URL can't be parsed as a web address."""

    message = "That doesn't look like a valid web address."


class TooLargeError(FetchError):
    """The (decompressed) body is over the size cap."""

    message = "That page is too large to fetch."


class FetchTimeoutError(FetchError):
    """The whole fetch, redirects included, overran the deadline."""

    message = "That site took too long to respond."


class HTTPStatusError(FetchError):
    """The server answered with an error (or otherwise unusable) status."""

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(f"The site answered with HTTP error {status}.")

    def __reduce__(self) -> tuple[type[HTTPStatusError], tuple[int]]:
        return type(self), (self.status,)  # rebuilt from the status (e.g. across processes)


class UnsupportedContentError(FetchError):
    """The response isn't one of the allowed content types (or uses an unknown encoding)."""

    message = "That link isn't a web page or feed I can read."


class TooManyRedirectsError(FetchError):
    """More redirects than the fetcher follows."""

    message = "That link redirects too many times."


class ConnectionFailedError(FetchError):
    """DNS, TCP, TLS or the transfer itself failed."""

    message = "Couldn't connect to that site."


# --- result ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """One fetched response. ``status`` is 304 (and the body empty) for a conditional hit."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    text: str
    headers: Mapping[str, str]


# --- address and URL checks -----------------------------------------------------------


def is_public_address(ip: IPAddress) -> bool:
    """Whether `ip` is a globally routable unicast address.

    IPv4-mapped, NAT64 and 6to4 addresses are judged by the IPv4 address they carry,
    so ``::ffff:127.0.0.1`` is as private as ``127.0.0.1``.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
    return not (
        ip in _METADATA_ADDRESSES
        or not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or any(ip in net for net in _EXTRA_BLOCKED)
    )


def parse_ipv4_number(host: str) -> ipaddress.IPv4Address:
    """Read an IPv4 address the way ``inet_aton`` does (``127.1``, ``0x7f.1``, ``2130706433``).

    Browsers and C libraries accept these spellings, so they must be checked as the
    address they denote. Raises ValueError if `host` isn't such a spelling.
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        raise ValueError(host)
    numbers = []
    for part in parts:
        if part[:2].lower() == "0x":
            numbers.append(int(part[2:], 16))  # ValueError on "0x" or bad digits
        elif len(part) > 1 and part.startswith("0"):
            numbers.append(int(part, 8))
        elif part.isdigit() and part.isascii():
            numbers.append(int(part))
        else:
            raise ValueError(host)
    *head, last = numbers
    if any(n > 0xFF for n in head) or last >= 1 << (8 * (4 - len(head))):
        raise ValueError(host)
    value = last
    for i, n in enumerate(head):
        value |= n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _literal_address(host: str) -> IPAddress | None:
    """The IP address `host` spells, if it is an IP literal in any accepted form.

    Like the WHATWG URL parser, a host whose last label is numeric is an IPv4 address
    or nothing: it is never handed to DNS.
    """
    if ":" in host:
        if "%" in host:  # zone ids only make sense for link-local, which is refused anyway
            raise InvalidURLError()
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise InvalidURLError() from None
    name = host.removesuffix(".")
    if not _NUMERIC_LABEL.match(name.rsplit(".", 1)[-1]):
        return None
    try:
        return parse_ipv4_number(name)
    except ValueError:
        raise InvalidURLError() from None


def check_url(url: str, is_allowed: Callable[[IPAddress], bool] = is_public_address) -> URL:
    """Parse and vet a URL without touching the network; return the URL to request.

    IP literals are checked with `is_allowed` and come back in canonical form
    (``http://0x7f.1/`` would be ``http://127.0.0.1/``, were it not refused), so the
    connection goes to the address that was checked. Hostnames are only checked for
    syntax here; their addresses are vetted when resolved.
    Raises InvalidURLError or BlockedURLError.
    """
    if len(url) > _MAX_URL_LENGTH:
        raise InvalidURLError("That web address is too long.")
    try:
        parsed = URL(url.strip())
    except ValueError:
        raise InvalidURLError() from None
    if not parsed.scheme:
        raise InvalidURLError("That doesn't look like a web address (start it with https://).")
    if parsed.scheme not in ("http", "https"):
        raise BlockedURLError("Only http and https links are supported.")
    if parsed.raw_user is not None or parsed.raw_password is not None:
        raise BlockedURLError("Links with a user name or password in them aren't supported.")
    host = parsed.raw_host
    if not host or not parsed.port:
        raise InvalidURLError()
    literal = _literal_address(host)
    if literal is None:
        if not all(_HOST_LABEL.match(label) for label in host.removesuffix(".").split(".")):
            raise InvalidURLError()
    elif not is_allowed(literal):
        log.warning("refused URL with non-public address %s", literal)
        raise BlockedURLError()
    else:
        parsed = parsed.with_host(str(literal))
    return parsed.with_fragment(None)


async def system_resolver(host: str) -> list[str]:
    """Resolve `host` with the system resolver (getaddrinfo in a thread)."""
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, None, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return [str(info[4][0]) for info in infos]


class _PinnedResolver(AbstractResolver):
    """An aiohttp resolver that only answers with addresses the fetcher has vetted.

    The fetcher pins a host's vetted addresses for the duration of a request; any other
    lookup fails, so aiohttp can never connect somewhere that wasn't checked.
    """

    def __init__(self) -> None:
        self._pins: dict[str, tuple[IPAddress, ...]] = {}
        self._users: dict[str, int] = {}

    @contextmanager
    def pin(self, host: str, addresses: tuple[IPAddress, ...]) -> Iterator[None]:
        # Concurrent fetches of one host may overwrite each other's pins; harmless,
        # since every pinned address passed the same check.
        self._pins[host] = addresses
        self._users[host] = self._users.get(host, 0) + 1
        try:
            yield
        finally:
            self._users[host] -= 1
            if not self._users[host]:
                del self._users[host], self._pins[host]

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = self._pins.get(host)
        if not addresses:
            raise OSError(f"{host!r} was not vetted")
        results: list[ResolveResult] = []
        for ip in addresses:
            ip_family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
            if family in (socket.AF_UNSPEC, ip_family):
                results.append(
                    ResolveResult(
                        hostname=host,
                        host=str(ip),
                        port=port,
                        family=ip_family,
                        proto=0,
                        flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
                    )
                )
        if not results:
            raise OSError(f"no vetted address of {host!r} in family {family!r}")
        return results

    async def close(self) -> None:
        """Nothing to release: the resolver holds no sockets or threads."""


# --- body handling --------------------------------------------------------------------


def decode_body(body: bytes, header_charset: str | None) -> str:
    """Decode a page: BOM, then the Content-Type charset, then a meta/XML declaration, then UTF-8.

    Undecodable bytes become U+FFFD rather than failing: a slightly garbled article
    is more useful than none.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, "replace")
    candidates = [header_charset] if header_charset else []
    match = _META_CHARSET.search(body[:4096])
    if match:
        candidates.append((match.group(1) or match.group(2)).decode("ascii"))
    for name in candidates:
        try:
            encoding = codecs.lookup(name).name
            # WHATWG: pages labelled Latin-1 or ASCII are really windows-1252.
            if encoding in ("iso8859-1", "ascii"):
                encoding = "cp1252"
            return body.decode(encoding, "replace")
        except LookupError:
            continue
    return body.decode("utf-8", "replace")


class _Inflater:
    """Incremental gzip/deflate decoder whose output per call is bounded.

    zlib's ``max_length`` stops inflation as soon as the cap is passed, so a bomb
    costs at most cap + 1 bytes of memory, never its full expansion.
    """

    def __init__(self) -> None:
        self._zlib = zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)  # gzip or zlib header

    def feed(self, data: bytes, limit: int) -> bytes:
        try:
            return self._zlib.decompress(data, limit)
        except zlib.error as exc:
            raise ConnectionFailedError("The site sent a damaged response.") from exc

    def flush(self) -> bytes:
        return self._zlib.flush() if not self._zlib.eof else b""


async def _read_body(resp: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """Stream the body, decompressing by hand, and stop as soon as it passes `max_bytes`."""
    encoding = resp.headers.get(aiohttp.hdrs.CONTENT_ENCODING, "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater: _Inflater | None = _Inflater()
    elif encoding == "identity" or not encoding:
        inflater = None
        if resp.content_length is not None and resp.content_length > max_bytes:
            raise TooLargeError()
    else:
        raise UnsupportedContentError("That site sent its page in a format I can't read.")
    body = bytearray()
    async for chunk in resp.content.iter_chunked(_CHUNK):
        body += inflater.feed(chunk, max_bytes - len(body) + 1) if inflater else chunk
        if len(body) > max_bytes:
            raise TooLargeError()
    if inflater:
        body += inflater.flush()
        if len(body) > max_bytes:
            raise TooLargeError()
    return bytes(body)


# --- the fetcher ----------------------------------------------------------------------


class SafeFetcher:
    """Fetches untrusted URLs safely; use as ``async with SafeFetcher() as f``.

    `resolver` and `allow_addresses` exist for tests (and deployments with a DNS
    cache): allow-listed networks are permitted despite being non-public, except for
    cloud metadata addresses, which are always refused. There is deliberately no
    other switch. `ssl_context` replaces the system trust store (e.g. a private CA);
    either way aiohttp checks the certificate against the URL's hostname, not the
    pinned address.
    """

    def __init__(
        self,
        *,
        resolver: Resolver = system_resolver,
        allow_addresses: Iterable[IPNetwork] = (),
        deadline: float = DEFAULT_DEADLINE,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._resolver = resolver
        self._allow = tuple(allow_addresses)
        self._deadline = deadline
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._ssl: ssl.SSLContext | bool = ssl_context or True
        self._pinned = _PinnedResolver()
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close pooled connections; the fetcher may be used again afterwards."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    resolver=self._pinned, use_dns_cache=False, ssl=self._ssl
                ),
                cookie_jar=aiohttp.DummyCookieJar(),  # no cookies carried between sites
                auto_decompress=False,  # we inflate with a size cap in _read_body
                trust_env=False,  # no proxy or .netrc from the environment
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            )
        return self._session

    def is_allowed_address(self, ip: IPAddress) -> bool:
        """Whether this fetcher may connect to `ip` (public, or allow-listed and not metadata)."""
        if ip in _METADATA_ADDRESSES:
            return False
        return is_public_address(ip) or any(ip in net for net in self._allow)

    async def fetch(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        allowed_types: Iterable[str] = HTML_TYPES,
    ) -> FetchedPage:
        """GET `url`, following up to `max_redirects` vetted redirects.

        With `etag`/`last_modified` the request is conditional and may return a
        304 page with an empty body. Raises a FetchError subclass on any failure.
        """
        allowed = frozenset(t.lower() for t in allowed_types)
        request_headers = CIMultiDict(headers or {})
        if _OWN_HEADERS & {k.lower() for k in request_headers}:
            raise ValueError(f"the fetcher sets {sorted(_OWN_HEADERS)} itself")
        request_headers.setdefault("Accept", ", ".join(sorted(allowed)))
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        target = check_url(url, self.is_allowed_address)
        try:
            async with asyncio.timeout(self._deadline):
                return await self._follow(url, target, request_headers, allowed)
        except TimeoutError:
            raise FetchTimeoutError() from None

    async def _follow(
        self, url: str, target: URL, headers: CIMultiDict[str], allowed: frozenset[str]
    ) -> FetchedPage:
        for _ in range(self._max_redirects + 1):
            async with await self._request(target, headers) as resp:
                location = resp.headers.get(aiohttp.hdrs.LOCATION)
                if resp.status not in _REDIRECT_STATUSES or location is None:
                    return await self._page(url, resp, allowed)
            try:
                next_url = str(target.join(URL(location)))
            except ValueError:
                raise InvalidURLError("That link redirects to an invalid address.") from None
            log.debug("redirect %s -> %s", target, next_url)
            target = check_url(next_url, self.is_allowed_address)
        raise TooManyRedirectsError()

    async def _vet_host(self, host: str) -> tuple[IPAddress, ...]:
        """Resolve `host` once and insist that every address it has is allowed."""
        try:
            raw = await self._resolver(host)
            addresses = tuple(dict.fromkeys(ipaddress.ip_address(a) for a in raw))
        except (OSError, ValueError) as exc:
            raise ConnectionFailedError("Couldn't find a site with that name.") from exc
        if not addresses:
            raise ConnectionFailedError("Couldn't find a site with that name.")
        refused = [ip for ip in addresses if not self.is_allowed_address(ip)]
        if refused:
            log.warning("refused host %s: resolves to non-public %s", host, refused)
            raise BlockedURLError()
        return addresses

    async def _request(self, target: URL, headers: CIMultiDict[str]) -> aiohttp.ClientResponse:
        host = target.raw_host
        assert host is not None  # check_url guarantees it
        # aiohttp connects to IP literals (already vetted by check_url) without a lookup;
        # for names, it may only connect to the addresses we pin for this request.
        literal = _literal_address(host) is not None
        addresses = () if literal else await self._vet_host(host)
        session = self._get_session()
        try:
            with self._pinned.pin(host, addresses):
                return await session.get(target, headers=headers, allow_redirects=False)
        except aiohttp.InvalidURL:
            raise InvalidURLError() from None
        except aiohttp.ClientSSLError as exc:
            raise ConnectionFailedError("Couldn't make a secure connection to that site.") from exc
        except TimeoutError:
            raise  # aiohttp's own timeouts are ours too: fetch() reports them
        except (aiohttp.ClientError, OSError) as exc:
            raise ConnectionFailedError() from exc

    async def _page(
        self, url: str, resp: aiohttp.ClientResponse, allowed: frozenset[str]
    ) -> FetchedPage:
        has_type = aiohttp.hdrs.CONTENT_TYPE in resp.headers
        content_type = resp.content_type if has_type else ""
        if resp.status == 304:
            body = b""
        elif not 200 <= resp.status < 300:
            raise HTTPStatusError(resp.status)
        elif content_type not in allowed:
            log.info("refused content type %r from %s", content_type, resp.url)
            raise UnsupportedContentError()
        else:
            try:
                body = await _read_body(resp, self._max_bytes)
            except TimeoutError:
                raise
            except (aiohttp.ClientError, OSError) as exc:
                raise ConnectionFailedError() from exc
        return FetchedPage(
            url=url,
            final_url=str(resp.url),
            status=resp.status,
            content_type=content_type,
            body=body,
            text=decode_body(body, resp.charset) if body else "",
            headers=CIMultiDictProxy(CIMultiDict(resp.headers)),
        )
