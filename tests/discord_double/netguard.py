"""Refuse, and record, every network connection that does not stay on the loopback interface.

Patching ``socket.socket.connect``/``connect_ex`` and ``socket.getaddrinfo`` catches every
client in the process (aiohttp, asyncio, urllib, DNS lookups through Python) at the lowest
level Python offers. This module has no package-relative imports because the subprocess
harness loads it from ``_site/sitecustomize.py`` in the bot process as well.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: Any) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port) is a local wildcard lookup
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    """Install to block non-loopback connects and lookups; ``violations`` lists each attempt."""

    def __init__(self, report: Callable[[str], None] | None = None) -> None:
        self.violations: list[str] = []
        self._report = report
        self._saved: tuple[Any, Any, Any] | None = None

    def _violation(self, what: str) -> OSError:
        self.violations.append(what)
        log.error("network guard blocked %s", what)
        if self._report is not None:
            self._report(what)
        return ConnectionRefusedError(f"network guard: {what} is not loopback")

    def install(self) -> NetworkGuard:
        assert self._saved is None, "already installed"
        connect, connect_ex, getaddrinfo = (
            socket.socket.connect,
            socket.socket.connect_ex,
            socket.getaddrinfo,
        )
        self._saved = (connect, connect_ex, getaddrinfo)
        guard = self

        def checked(address: Any) -> None:
            if isinstance(address, tuple) and not is_loopback(address[0]):
                raise guard._violation(f"connect to {address[0]}:{address[1]}")

        def guarded_connect(sock: socket.socket, address: Any) -> None:
            checked(address)
            return connect(sock, address)

        def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
            checked(address)
            return connect_ex(sock, address)

        def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            if not is_loopback(host):
                raise guard._violation(f"lookup of {host}")
            return getaddrinfo(host, *args, **kwargs)

        socket.socket.connect = guarded_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = guarded_getaddrinfo
        return self

    def uninstall(self) -> None:
        if self._saved is not None:
            socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = self._saved  # type: ignore[method-assign]
            self._saved = None
