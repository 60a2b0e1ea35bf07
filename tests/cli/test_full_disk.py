"""A full disk, as `newsbot` meets it: a file-size limit (RLIMIT_FSIZE) on the process makes
every write that grows a database file fail, as a full disk does. Adding then fails with one
clear line and exit code 2, nothing is half-written, and reading keeps working."""

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.samples import SCRAPED_ARTICLE

NEWSBOT = [sys.executable, "-m", "bot.cli"]
# newsbot's own main(), run after limiting file sizes
WITH_FULL_DISK = (
    "import resource, sys\n"
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))\n"
    "from bot.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


def long_article(sentences: int = 1800) -> str:
    """About 150,000 characters of distinct sentences: adding it must grow the database."""
    places = ["harbour", "station", "library", "market", "bridge", "stadium", "airport", "school"]
    lines = [
        f"Inspectors visited the {places[i % len(places)]} in district {i} on day {i * 7 % 31} "
        f"and counted {i * 13 % 997} visitors before noon."
        for i in range(sentences)
    ]
    return "Inspections across the city\n\n" + "\n\n".join(
        " ".join(lines[i : i + 6]) for i in range(0, len(lines), 6)
    )


def newsbot(*args: str, env: dict[str, str], max_file_bytes: int | None = None):
    """`newsbot ARGS` in a real process; with `max_file_bytes`, as if the disk were full."""
    command = [*NEWSBOT, *args]
    if max_file_bytes is not None:
        command = [sys.executable, "-c", WITH_FULL_DISK, str(max_file_bytes), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def env(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "NEWSBOT_"))}
    return {**clean, "NEWSBOT_DATABASE": str(tmp_path / "news.db")}


@pytest.fixture
def full_disk(tmp_path, env) -> int:
    """A database holding one article, and a file-size limit at its current size."""
    first = tmp_path / "bridge.txt"
    first.write_text(SCRAPED_ARTICLE, encoding="utf-8")
    assert newsbot("add", str(first), env=env).returncode == 0
    size = os.path.getsize(env["NEWSBOT_DATABASE"])
    assert not os.path.exists(env["NEWSBOT_DATABASE"] + "-wal")  # checkpointed at exit
    return size  # any new article's pages (text, index, quotations) must grow the file past it


def test_adding_on_a_full_disk_fails_with_one_clear_line_and_exit_2(tmp_path, env, full_disk):
    big = tmp_path / "inspections.txt"
    big.write_text(long_article(), encoding="utf-8")

    result = newsbot("add", str(big), env=env, max_file_bytes=full_disk)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "disk is full" in lines[0] and "nothing was saved" in lines[0]
    assert "Traceback" not in result.stderr
    assert not result.stdout.startswith("added")


def test_reading_keeps_working_while_the_disk_is_full(tmp_path, env, full_disk):
    big = tmp_path / "inspections.txt"
    big.write_text(long_article(), encoding="utf-8")
    newsbot("add", str(big), env=env, max_file_bytes=full_disk)

    listed = newsbot("list", env=env, max_file_bytes=full_disk)
    summary = newsbot("summarize", "--article", "1", env=env, max_file_bytes=full_disk)

    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["1"]
    assert summary.returncode == 0, summary.stderr
    assert "Harbour Bridge" in summary.stdout


def test_a_full_disk_corrupts_nothing_and_the_add_succeeds_with_space(tmp_path, env, full_disk):
    big = tmp_path / "inspections.txt"
    big.write_text(long_article(), encoding="utf-8")
    newsbot("add", str(big), env=env, max_file_bytes=full_disk)

    check = newsbot("db", "check", env=env)
    assert check.returncode == 0 and check.stdout.strip() == "ok"
    with sqlite3.connect(env["NEWSBOT_DATABASE"]) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM summaries").fetchone() == (1,)

    again = newsbot("add", str(big), env=env)  # space again: the same file adds whole
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("added\t2\t")
    with sqlite3.connect(env["NEWSBOT_DATABASE"]) as conn:
        assert conn.execute("SELECT count(*) FROM summaries").fetchone() == (2,)
