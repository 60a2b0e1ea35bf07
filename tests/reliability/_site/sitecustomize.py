"""Loaded by bot subprocesses of the reliability suite (first on PYTHONPATH), never by production.

It runs the Discord double's own `sitecustomize` (the network guard), then test hooks that an
environment variable switches on:

* ``NEWSBOT_TEST_HEARTBEAT_TIMEOUT=seconds``: discord.py's ``heartbeat_timeout`` (60 s by
  default: how long a silent gateway connection is trusted), so that a zombie connection is
  detected within a test's time.
* ``NEWSBOT_TEST_IDENTIFY_PAUSE=seconds``: discord.py's pause before a second IDENTIFY (5 s by
  default). It must stay below the heartbeat timeout: nothing reads the socket meanwhile.
"""

import importlib.abc
import importlib.util
import os
import sys
from pathlib import Path

_DOUBLE_SITE = Path(__file__).resolve().parents[2] / "discord_double" / "_site" / "sitecustomize.py"


def _run_double_site() -> None:
    spec = importlib.util.spec_from_file_location("_discord_double_sitecustomize", _DOUBLE_SITE)
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls `hook(module)` right after `name` is first imported."""

    def __init__(self, name, hook):
        self.name, self.hook = name, hook

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader, hook = spec.loader, self.hook
        original = loader.exec_module

        def exec_module(module):
            original(module)
            hook(module)

        loader.exec_module = exec_module
        return spec


def _heartbeat_timeout(seconds: float):
    def hook(module):
        original = module.Client.__init__

        def __init__(self, *args, **options):
            options.setdefault("heartbeat_timeout", seconds)
            original(self, *args, **options)

        module.Client.__init__ = __init__

    return hook


def _identify_pause(seconds: float):
    def hook(module):
        import asyncio

        async def before_identify_hook(self, shard_id, *, initial=False):
            if not initial:
                await asyncio.sleep(seconds)

        module.Client.before_identify_hook = before_identify_hook

    return hook


def _all(*hooks):
    def hook(module):
        for each in hooks:
            each(module)

    return hook


_run_double_site()
_client_hooks = []
if os.environ.get("NEWSBOT_TEST_HEARTBEAT_TIMEOUT"):
    _client_hooks.append(_heartbeat_timeout(float(os.environ["NEWSBOT_TEST_HEARTBEAT_TIMEOUT"])))
if os.environ.get("NEWSBOT_TEST_IDENTIFY_PAUSE"):
    _client_hooks.append(_identify_pause(float(os.environ["NEWSBOT_TEST_IDENTIFY_PAUSE"])))
if _client_hooks:
    sys.meta_path.insert(0, _AfterImport("discord.client", _all(*_client_hooks)))
