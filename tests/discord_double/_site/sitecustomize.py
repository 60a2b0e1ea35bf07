"""Loaded at start-up by a bot subprocess (via PYTHONPATH) to block non-loopback traffic.

Violations are printed to stderr and appended to ``$DISCORD_DOUBLE_NETGUARD_LOG`` so the
harness can fail the test; see ``tests/discord_double/fixtures.py``.
"""

import importlib.util
import os
import sys
from pathlib import Path


def _install() -> None:
    path = Path(__file__).resolve().parent.parent / "netguard.py"
    spec = importlib.util.spec_from_file_location("_discord_double_netguard", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    log_path = os.environ.get("DISCORD_DOUBLE_NETGUARD_LOG")

    def report(what: str) -> None:
        print(f"DISCORD-DOUBLE NETGUARD blocked {what}", file=sys.stderr, flush=True)
        if log_path:
            with open(log_path, "a", encoding="utf-8") as fh:
                fh.write(what + "\n")

    module.NetworkGuard(report=report).install()


_install()
