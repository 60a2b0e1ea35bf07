"""`newsbot web`: a process of its own that serves the panel without a bot token and without
reaching Discord, or says in one line which setting is missing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli.test_cli import newsbot
from tests.web.panel import free_port

SECRET = "very-secret-client-secret"
NETGUARD_SITE = Path(__file__).resolve().parents[1] / "discord_double" / "_site"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "NEWSBOT_WEB_URL, DISCORD_CLIENT_ID, DISCORD_CLIENT_SECRET"),
        ({"NEWSBOT_WEB_URL": "https://panel.example", "DISCORD_CLIENT_ID": "1"}, "SECRET"),
        ({"NEWSBOT_WEB_URL": "panel.example", "DISCORD_CLIENT_SECRET": SECRET}, "https://"),
        ({"NEWSBOT_WEB_PORT": "http", "DISCORD_CLIENT_SECRET": SECRET}, "NEWSBOT_WEB_PORT"),
    ],
)
def test_web_without_its_settings_says_which_in_one_line(tmp_path, env, missing):
    result = newsbot("web", env_extra={"NEWSBOT_DATABASE": str(tmp_path / "n.db"), **env})
    assert result.returncode == 2
    assert missing in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert SECRET not in result.stderr + result.stdout


def test_web_serves_the_panel_without_a_token_or_discord(tmp_path):
    port = free_port()
    netguard = tmp_path / "netguard.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "NEWSBOT_"))}
    env.update(
        NEWSBOT_DATABASE=str(tmp_path / "news.db"),
        NEWSBOT_WEB_URL="https://panel.example",
        NEWSBOT_WEB_PORT=str(port),
        NEWSBOT_WEB_HOST="127.0.0.1",
        NEWSBOT_WORKERS="1",
        DISCORD_CLIENT_ID="1234",
        DISCORD_CLIENT_SECRET=SECRET,
        LOG_LEVEL="DEBUG",
        PYTHONPATH=os.pathsep.join(p for p in (str(NETGUARD_SITE), env.get("PYTHONPATH")) if p),
        DISCORD_DOUBLE_NETGUARD_LOG=str(netguard),
    )
    log = tmp_path / "web.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "web"], env=env, stdout=out, stderr=out, cwd=tmp_path
        )
    try:
        page = None
        for _ in range(300):
            assert proc.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    body = page.read().decode()
                    headers = page.headers
                break
            except OSError:
                time.sleep(0.1)
        assert page is not None, log.read_text()
        assert "Sign in with Discord" in body
        assert "default-src 'none'" in headers["Content-Security-Policy"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0, log.read_text()
    output = log.read_text()
    assert SECRET not in output
    assert not netguard.exists() or not netguard.read_text().strip()


def test_run_with_a_panel_url_but_no_client_says_so_before_connecting(tmp_path):
    result = newsbot(
        "run",
        env_extra={
            "NEWSBOT_DATABASE": str(tmp_path / "n.db"),
            "DISCORD_TOKEN": "not-a-real-token",
            "NEWSBOT_WEB_URL": "https://panel.example",
            "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
        },
    )
    assert result.returncode == 2
    assert "DISCORD_CLIENT_ID, DISCORD_CLIENT_SECRET" in result.stderr
    assert "not-a-real-token" not in result.stderr + result.stdout
