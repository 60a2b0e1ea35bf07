"""The guarded fetcher: SSRF refusals (with zero connections), limits, decoding, redirects."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import pickle
import socket
import time
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st
from ingest_servers import (
    CountingListener,
    Ticker,
    address_and_port,
    allowed_loopback,
    make_fetcher,
    make_tls_contexts,
    serve,
)

from bot.ingest.fetch import (
    FEED_TYPES,
    USER_AGENT,
    BlockedURLError,
    ConnectionFailedError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    SafeFetcher,
    TooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
    is_public_address,
    parse_ipv4_number,
)

# Every test runs under the suite's network guard: any connect or DNS lookup that is not
# loopback fails the test, on top of the listener counts below.
pytestmark = pytest.mark.usefixtures("network_guard")


PAGE = "<html><head><title>Hi</title></head><body><p>Hello, world.</p></body></html>"
DEADLINE = 1.5


def assert_plain_message(error: FetchError) -> None:
    """One short sentence, fit to show a user as is."""
    assert error.message == str(error)
    assert error.message.endswith(".") and "\n" not in error.message
    assert 10 < len(error.message) < 120


def build_site(stats: dict[str, int]) -> web.Application:
    """The allowed "public" site: pages, redirects, and misbehaving endpoints."""

    async def page(request: web.Request) -> web.Response:
        stats["requests"] = stats.get("requests", 0) + 1
        stats["user_agent_ok"] = request.headers.get("User-Agent") == USER_AGENT
        return web.Response(text=PAGE, content_type="text/html")

    async def host(request: web.Request) -> web.Response:
        return web.Response(text=request.headers["Host"], content_type="text/plain")

    async def redirect(request: web.Request) -> web.Response:
        stats["requests"] = stats.get("requests", 0) + 1
        raise web.HTTPFound(request.query["to"])

    async def chain(request: web.Request) -> web.Response:
        left = int(request.match_info["n"])
        if left == 0:
            return web.Response(text=PAGE, content_type="text/html")
        raise web.HTTPFound(f"/chain/{left - 1}")  # relative, resolved against the hop

    async def conditional(request: web.Request) -> web.Response:
        headers = {"ETag": '"v1"', "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"}
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers=headers)
        return web.Response(text=PAGE, content_type="text/html", headers=headers)

    async def encoded(request: web.Request) -> web.Response:
        kind = request.match_info["kind"]
        data = "<p>Crème brûlée €5</p>"
        if kind == "header":
            return web.Response(
                body=data.encode("iso-8859-15"), content_type="text/html", charset="iso-8859-15"
            )
        if kind == "meta":
            body = b'<html><head><meta charset="windows-1252"></head>' + data.encode("cp1252")
            return web.Response(body=body, headers={"Content-Type": "text/html"})
        if kind == "gzip":
            compressor = zlib.compressobj(wbits=31)
            body = compressor.compress(data.encode()) + compressor.flush()
            headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
            return web.Response(body=body, headers=headers)
        if kind == "deflate":
            headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "deflate"}
            return web.Response(body=zlib.compress(data.encode()), headers=headers)
        return web.Response(body=data.encode() + b"\xff", headers={"Content-Type": "text/html"})

    async def typed(request: web.Request) -> web.Response:
        return web.Response(body=b"<rss/>", headers={"Content-Type": request.query["type"]})

    async def status(request: web.Request) -> web.Response:
        return web.Response(status=int(request.match_info["code"]), text="nope")

    async def endless(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        await resp.prepare(request)
        chunk = b"<p>" + b"spam " * 13_000 + b"</p>"
        with contextlib.suppress(ConnectionError):
            while True:
                await resp.write(chunk)
        return resp

    async def bomb(request: web.Request) -> web.StreamResponse:
        """1 GB of zeros, gzipped a megabyte at a time as the client reads (~1 MB on the wire)."""
        resp = web.StreamResponse(headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
        await resp.prepare(request)
        zeros = bytes(1 << 20)
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        with contextlib.suppress(ConnectionError):
            for _ in range(1024):
                stats["bomb_mb"] = stats.get("bomb_mb", 0) + 1
                await resp.write(compressor.compress(zeros))
                await asyncio.sleep(0)  # tiny writes never block: let the client (same loop) run
            await resp.write(compressor.flush())
        return resp

    async def trickle(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        await resp.prepare(request)
        with contextlib.suppress(ConnectionError):
            while True:
                await resp.write(b"a")
                await asyncio.sleep(1)
        return resp

    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def huge(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        resp.content_length = 10 * 1024**3
        await resp.prepare(request)
        with contextlib.suppress(ConnectionError):
            await asyncio.sleep(3600)
        return resp

    app = web.Application()
    app.router.add_get("/page", page)
    app.router.add_get("/host", host)
    app.router.add_get("/redirect", redirect)
    app.router.add_get("/chain/{n}", chain)
    app.router.add_get("/conditional", conditional)
    app.router.add_get("/encoded/{kind}", encoded)
    app.router.add_get("/typed", typed)
    app.router.add_get("/status/{code}", status)
    app.router.add_get("/endless", endless)
    app.router.add_get("/bomb", bomb)
    app.router.add_get("/trickle", trickle)
    app.router.add_get("/silent", silent)
    app.router.add_get("/huge", huge)
    return app


@pytest.fixture
def stats() -> dict[str, int]:
    return {}


@pytest.fixture
async def site(stats: dict[str, int]) -> AsyncIterator[str]:
    """Base URL of the allowed site, on a loopback address distinct from 127.0.0.1."""
    async with serve(build_site(stats), allowed_loopback()) as base:
        yield base


@pytest.fixture
def fetcher_for(site: str):
    """Build a fetcher that allow-lists the site's address only."""
    host, _ = address_and_port(site)

    def build(**kwargs) -> SafeFetcher:
        return make_fetcher(allow=[host], **kwargs)

    return build


@pytest.fixture
async def listener() -> AsyncIterator[CountingListener]:
    async with CountingListener() as counting:
        yield counting


# --- SSRF: refused, and nothing ever connects --------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "http://127.0.0.1:{port}/",
        "http://localhost:{port}/",
        "http://[::1]:{port}/",
        "http://2130706433:{port}/",
        "http://0x7f.1:{port}/",
        "http://017700000001:{port}/",
        "http://127.1:{port}/",
        "http://127.0.0.1.:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[64:ff9b::7f00:1]:{port}/",
        "http://[2002:7f00:1::]:{port}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://0.0.0.0:{port}/",
        "http://10.0.0.5/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
    ],
)
async def test_refuses_private_addresses_without_connecting(
    template: str, listener: CountingListener
) -> None:
    async with SafeFetcher() as fetcher:
        with pytest.raises(BlockedURLError) as caught:
            await fetcher.fetch(template.format(port=listener.port))
    assert_plain_message(caught.value)
    assert listener.accepted == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "Only http and https links are supported."),
        ("ftp://example.com/file", "Only http and https links are supported."),
        ("http://user:secret@127.0.0.1:{port}/", "user name or password"),
        ("https://user@example.com/", "user name or password"),
    ],
)
async def test_refuses_schemes_and_credentials(
    url: str, message: str, listener: CountingListener
) -> None:
    async with SafeFetcher() as fetcher:
        with pytest.raises(BlockedURLError, match=message) as caught:
            await fetcher.fetch(url.format(port=listener.port))
    assert_plain_message(caught.value)
    assert listener.accepted == 0


@pytest.mark.parametrize(
    "addresses",
    [["127.0.0.1"], ["10.0.0.5"], ["93.184.216.34", "127.0.0.1"], ["2606:4700::1", "::1"]],
)
async def test_refuses_names_resolving_to_private_addresses(
    addresses: list[str], listener: CountingListener
) -> None:
    """Every resolved address must be public, not just the first."""
    fetcher = make_fetcher(resolver={"news.example.com": addresses})
    async with fetcher:
        with pytest.raises(BlockedURLError) as caught:
            await fetcher.fetch(f"http://news.example.com:{listener.port}/story")
    assert_plain_message(caught.value)
    assert listener.accepted == 0


async def test_metadata_address_refused_even_when_allow_listed() -> None:
    async with make_fetcher(allow=["169.254.0.0/16", "fd00::/8"]) as fetcher:
        for url in ("http://169.254.169.254/", "http://[fd00:ec2::254]/"):
            with pytest.raises(BlockedURLError):
                await fetcher.fetch(url)


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/",
        "http://localhost:{port}/",
        "http://internal.example.com:{port}/",
        "http://2130706433:{port}/",
        "file:///etc/passwd",
    ],
)
async def test_redirect_to_private_address_is_refused(
    target: str, site: str, stats: dict[str, int], fetcher_for, listener: CountingListener
) -> None:
    fetcher = fetcher_for(
        resolver={"internal.example.com": ["127.0.0.1"], "localhost": ["127.0.0.1", "::1"]}
    )
    location = target.format(port=listener.port)
    async with fetcher:
        with pytest.raises(BlockedURLError) as caught:
            await fetcher.fetch(f"{site}/redirect?to={quote(location, safe='')}")
    assert_plain_message(caught.value)
    assert stats["requests"] == 1  # the allowed page was fetched...
    assert listener.accepted == 0  # ...and its redirect target never contacted


async def test_hostname_connects_only_to_the_vetted_address(site: str, fetcher_for) -> None:
    """news.example.com has no DNS here: success proves aiohttp used our vetted address,
    with the hostname kept in the Host header, and the name was resolved exactly once."""
    address, port = address_and_port(site)
    calls: list[str] = []
    async with fetcher_for(resolver={"news.example.com": [address]}, calls=calls) as fetcher:
        page = await fetcher.fetch(f"http://news.example.com:{port}/host")
    assert page.text == f"news.example.com:{port}"
    assert calls == ["news.example.com"]


async def test_https_checks_the_certificate_against_the_hostname(
    tmp_path: Path, stats: dict[str, int]
) -> None:
    """Pinning the address must not weaken TLS: SNI and the certificate check use the name."""
    server_tls, client_tls = make_tls_contexts(tmp_path, "news.example.com")
    address = allowed_loopback()
    async with serve(build_site(stats), address, server_tls) as base:
        _, port = address_and_port(base)
        names = {"news.example.com": [address], "other.example.com": [address]}
        fetcher = make_fetcher(allow=[address], resolver=names, ssl_context=client_tls)
        async with fetcher:
            page = await fetcher.fetch(f"https://news.example.com:{port}/host")
            assert page.text == f"news.example.com:{port}"
            for wrong in (f"https://other.example.com:{port}/host", f"{base}/host"):
                with pytest.raises(ConnectionFailedError, match="secure connection"):
                    await fetcher.fetch(wrong)


async def test_environment_proxy_is_ignored(
    site: str, fetcher_for, listener: CountingListener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy would do its own DNS and connect anywhere; the fetcher never uses one."""
    proxy = f"http://127.0.0.1:{listener.port}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with fetcher_for() as fetcher:
        page = await fetcher.fetch(f"{site}/page")
    assert page.status == 200
    assert listener.accepted == 0


# --- malformed input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "example.com/story",
        "http://",
        "http:///path",
        "http://exa mple.com/",
        "http://a..b/",
        "http://999.1.1.1/",
        "http://1.2.3.4.5/",
        "http://0x/",
        "http://08.1/",
        "http://[::1/",
        "http://[fe80::1%25eth0]/",
        "http://example.com:0/",
        "http://example.com:99999/",
        "https://example.com/" + "a" * 3000,
    ],
)
async def test_malformed_urls(url: str) -> None:
    async with SafeFetcher() as fetcher:
        with pytest.raises(InvalidURLError) as caught:
            await fetcher.fetch(url)
    assert_plain_message(caught.value)


async def test_unknown_name_is_a_connection_failure() -> None:
    async with make_fetcher(resolver={}) as fetcher:
        with pytest.raises(ConnectionFailedError, match="Couldn't find"):
            await fetcher.fetch("https://no-such-host.example/")


async def test_own_headers_cannot_be_overridden() -> None:
    async with SafeFetcher() as fetcher:
        with pytest.raises(ValueError):
            await fetcher.fetch("https://example.com/", headers={"User-Agent": "curl"})


# --- normal fetching -------------------------------------------------------------------


async def test_fetches_a_page(site: str, stats: dict[str, int], fetcher_for) -> None:
    async with fetcher_for() as fetcher:
        page = await fetcher.fetch(f"{site}/page#section")
    assert page.status == 200
    assert page.url == f"{site}/page#section"
    assert page.final_url == f"{site}/page"
    assert page.content_type == "text/html"
    assert page.body == PAGE.encode()
    assert page.text == PAGE
    assert page.headers["Content-Type"].startswith("text/html")
    assert stats["user_agent_ok"]


async def test_concurrent_fetches_share_one_session(site: str, fetcher_for) -> None:
    address, port = address_and_port(site)
    async with fetcher_for(resolver={"news.example.com": [address]}) as fetcher:
        pages = await asyncio.gather(
            *(fetcher.fetch(f"http://news.example.com:{port}/host") for _ in range(8))
        )
    assert {p.text for p in pages} == {f"news.example.com:{port}"}


async def test_follows_three_redirects_but_not_four(site: str, fetcher_for) -> None:
    async with fetcher_for() as fetcher:
        page = await fetcher.fetch(f"{site}/chain/3")
        assert page.final_url == f"{site}/chain/0"
        with pytest.raises(TooManyRedirectsError) as caught:
            await fetcher.fetch(f"{site}/chain/4")
    assert_plain_message(caught.value)


async def test_conditional_request_gets_304(site: str, fetcher_for) -> None:
    async with fetcher_for() as fetcher:
        first = await fetcher.fetch(f"{site}/conditional")
        again = await fetcher.fetch(f"{site}/conditional", etag=first.headers["ETag"])
    assert first.status == 200
    assert again.status == 304
    assert again.body == b"" and again.text == ""


@pytest.mark.parametrize("kind", ["header", "meta", "gzip", "deflate"])
async def test_decodes_charsets_and_compression(kind: str, site: str, fetcher_for) -> None:
    async with fetcher_for() as fetcher:
        page = await fetcher.fetch(f"{site}/encoded/{kind}")
    assert "<p>Crème brûlée €5</p>" in page.text


async def test_undecodable_bytes_fall_back_to_utf8_with_replacement(site: str, fetcher_for) -> None:
    async with fetcher_for() as fetcher:
        page = await fetcher.fetch(f"{site}/encoded/broken")
    assert page.text == "<p>Crème brûlée €5</p>\ufffd"


async def test_http_error_status(site: str, fetcher_for) -> None:
    async with fetcher_for() as fetcher:
        with pytest.raises(HTTPStatusError) as caught:
            await fetcher.fetch(f"{site}/status/404")
    assert caught.value.status == 404
    assert "404" in caught.value.message
    assert_plain_message(caught.value)
    assert pickle.loads(pickle.dumps(caught.value)).status == 404


async def test_content_types_are_a_parameter(site: str, fetcher_for) -> None:
    url = f"{site}/typed?type=application/rss%2Bxml"
    async with fetcher_for() as fetcher:
        with pytest.raises(UnsupportedContentError) as caught:
            await fetcher.fetch(url)
        assert_plain_message(caught.value)
        page = await fetcher.fetch(url, allowed_types=FEED_TYPES)
        assert page.content_type == "application/rss+xml"
        with pytest.raises(UnsupportedContentError):
            await fetcher.fetch(f"{site}/typed?type=image/png", allowed_types=FEED_TYPES)


# --- limits, with the event loop staying responsive ------------------------------------


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/endless", TooLargeError),
        ("/bomb", TooLargeError),
        ("/huge", TooLargeError),
        ("/trickle", FetchTimeoutError),
        ("/silent", FetchTimeoutError),
    ],
)
async def test_limits_stop_hostile_responses(
    path: str, error: type[FetchError], site: str, stats: dict[str, int], fetcher_for
) -> None:
    async with fetcher_for(deadline=DEADLINE) as fetcher, Ticker() as ticker:
        started = time.monotonic()
        with pytest.raises(error) as caught:
            await fetcher.fetch(f"{site}{path}")
        elapsed = time.monotonic() - started
    assert_plain_message(caught.value)
    assert elapsed < DEADLINE + 0.5
    assert ticker.max_gap < 0.25, "the event loop was blocked"
    if path == "/bomb":
        # Stopped after the first few megabytes of the gigabyte, not after inflating it.
        assert stats["bomb_mb"] < 64


# --- the address and number rules ------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "192.0.0.8",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",
        "64:ff9b:1::1",
        "2002:c0a8:101::",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "2001:db8::1",
        "fec0::1",
    ],
)
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "2606:4700::1", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


_part = st.one_of(
    st.from_regex(r"0[xX][0-9a-fA-F]{0,10}", fullmatch=True),
    st.from_regex(r"[0-9]{1,12}", fullmatch=True),
    st.integers(0, 2**32).map(str),
)


@given(st.lists(_part, min_size=1, max_size=5).map(".".join))
def test_ipv4_numbers_read_like_inet_aton(host: str) -> None:
    try:
        expected = socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        expected = None
    try:
        got = str(parse_ipv4_number(host))
    except ValueError:
        got = None
    assert got == expected


def test_user_agent_is_honest() -> None:
    import bot

    assert USER_AGENT.startswith(f"newsbot/{bot.__version__} (+https://")
