"""Local servers and helpers for the ingest tests: loopback only, free ports, no internet."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from yarl import URL

from bot.ingest.fetch import Resolver, SafeFetcher


def allowed_loopback() -> str:
    """A loopback address distinct from 127.0.0.1 that tests allow-list as "a public site".

    Refused targets listen on 127.0.0.1, so allowed pages and refused targets never
    share an address. Linux routes all of 127/8 to loopback; else fall back to ::1.
    """
    for family, host in ((socket.AF_INET, "127.0.0.2"), (socket.AF_INET6, "::1")):
        with socket.socket(family) as probe:
            try:
                probe.bind((host, 0))
            except OSError:
                continue
            return host
    pytest.skip("no second loopback address to serve allowed pages on")


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def address_and_port(base: str) -> tuple[str, int]:
    """The IP address and port a `serve` base URL listens on."""
    url = URL(base)
    assert url.host is not None and url.port is not None
    return url.host, url.port


def make_fetcher(
    *,
    allow: Iterable[str] = (),
    resolver: Mapping[str, list[str]] | None = None,
    calls: list[str] | None = None,
    **options: Any,
) -> SafeFetcher:
    """A SafeFetcher with an allow-list and, optionally, a fixed name -> addresses map."""
    kwargs: dict[str, Any] = {"allow_addresses": {ip_network(a) for a in allow}, **options}
    if resolver is not None:
        kwargs["resolver"] = static_resolver(resolver, calls)
    return SafeFetcher(**kwargs)


def static_resolver(table: Mapping[str, list[str]], calls: list[str] | None = None) -> Resolver:
    """A resolver answering from `table` (recording each lookup in `calls`)."""

    async def resolve(host: str) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


@contextlib.asynccontextmanager
async def serve(
    app: web.Application, host: str, ssl_context: ssl.SSLContext | None = None
) -> AsyncIterator[str]:
    """Run `app` on `host`:free-port; yields its base URL (no trailing slash)."""
    runner = web.AppRunner(app, shutdown_timeout=0.5, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, host, 0, ssl_context=ssl_context)
    await site.start()
    port = runner.addresses[0][1]
    scheme = "https" if ssl_context else "http"
    try:
        yield f"{scheme}://{url_host(host)}:{port}"
    finally:
        await runner.cleanup()


def make_tls_contexts(directory: Path, hostname: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server, client) contexts: a throwaway CA and a certificate for `hostname` only."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make test certificates")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Test CA")
    openssl("req", *ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", f"/CN={hostname}")
    (directory / "leaf.ext").write_text(
        f"subjectAltName=DNS:{hostname}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    sign = ("-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-extfile", "leaf.ext")
    openssl("x509", "-req", "-in", "leaf.csr", "-out", "leaf.pem", *sign)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(directory / "leaf.pem", directory / "leaf.key")
    client = ssl.create_default_context(cafile=str(directory / "ca.pem"))
    return server, client


class CountingListener:
    """A raw TCP listener on 127.0.0.1 (and ::1, same port, where possible) that counts
    accepted connections. If the guard ever let a request through, it would answer
    200 with HTML, so a leak shows up as a count (and a successful fetch), not a hang."""

    def __init__(self) -> None:
        self.accepted = 0
        self.port = 0
        self._servers: list[asyncio.Server] = []

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        body = b"<html><body><p>internal secret</p></body></html>"
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()

    async def __aenter__(self) -> CountingListener:
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self._servers.append(server)
        self.port = server.sockets[0].getsockname()[1]
        with contextlib.suppress(OSError):
            self._servers.append(await asyncio.start_server(self._handle, "::1", self.port))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for server in self._servers:
            server.close()
            await server.wait_closed()


class Ticker:
    """A task that ticks every 10 ms and records the longest gap between ticks
    (including the gap up to the moment it is stopped).

    If anything blocked the event loop (a synchronous read, a huge decompression),
    the gap would grow to match.
    """

    def __init__(self) -> None:
        self.max_gap = 0.0
        self._last = 0.0
        self._task: asyncio.Task[None] | None = None

    def _mark(self) -> None:
        now = time.monotonic()
        self.max_gap = max(self.max_gap, now - self._last)
        self._last = now

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(0.01)
            self._mark()

    async def __aenter__(self) -> Ticker:
        self._last = time.monotonic()
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._mark()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
