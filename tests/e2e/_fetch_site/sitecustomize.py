"""Test-only start-up hook for the bot process in the links and feeds end-to-end tests.

It is loaded only because the test harness puts this directory first on the bot process's
PYTHONPATH (`tests/e2e/web_site.py`, `WebSite.bot_env`); nothing in the installed package
reads the variables below, so production has no switch that loosens the fetch guard.

1. Python imports a single `sitecustomize`, so this one first runs the Discord double's
   (`tests/discord_double/_site/sitecustomize.py`): the network guard that fails the test on
   any connection leaving the loopback interface.
2. It gives `SafeFetcher` test defaults, exactly as the ingest tests construct it:
   `E2E_FETCH_ALLOW` (networks, comma-separated) is allow-listed, `E2E_FETCH_HOSTS`
   (`name=address,...`) is the whole DNS (any other name does not resolve), and
   `E2E_FETCH_DEADLINE` shortens the deadline. Every other rule of the guard is unchanged:
   127.0.0.1, private ranges and metadata addresses are still refused.
"""

import ipaddress
import os
import runpy
import socket
from pathlib import Path

_DOUBLE_SITE = Path(__file__).resolve().parents[2] / "discord_double" / "_site" / "sitecustomize.py"


def _allow_test_site() -> None:
    allow = [
        ipaddress.ip_network(n.strip())
        for n in os.environ.get("E2E_FETCH_ALLOW", "").split(",")
        if n.strip()
    ]
    hosts = dict(
        pair.strip().split("=", 1)
        for pair in os.environ.get("E2E_FETCH_HOSTS", "").split(",")
        if "=" in pair
    )
    deadline = os.environ.get("E2E_FETCH_DEADLINE", "").strip()
    if not (allow or hosts or deadline):
        return

    from bot.ingest import fetch

    async def resolve(host: str) -> list[str]:
        if host not in hosts:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [hosts[host]]

    original = fetch.SafeFetcher.__init__

    def init(self, **options):
        options.setdefault("allow_addresses", allow)
        options.setdefault("resolver", resolve)
        if deadline:
            options.setdefault("deadline", float(deadline))
        original(self, **options)

    fetch.SafeFetcher.__init__ = init


if _DOUBLE_SITE.exists():
    runpy.run_path(str(_DOUBLE_SITE))
_allow_test_site()
