"""The CLI findings of issue 13: each is a behaviour a user hit, run as a real process."""

import json
import sqlite3

import pytest

from tests.cli.test_cli import newsbot
from tests.samples import SCRAPED_ARTICLE


@pytest.fixture
def db(tmp_path):
    return {"NEWSBOT_DATABASE": str(tmp_path / "news.db")}


@pytest.fixture
def stored(tmp_path, db):
    path = tmp_path / "article.txt"
    path.write_text(SCRAPED_ARTICLE, encoding="utf-8")
    assert newsbot("add", str(path), env_extra=db).returncode == 0
    return db


@pytest.mark.parametrize("percent", ["0", "150"])
def test_bad_percent_of_a_stored_article_is_one_line_and_exit_2(stored, percent):
    done = newsbot("summarize", "--article", "1", "--percent", percent, env_extra=stored)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "1 to 100 percent" in done.stderr


@pytest.mark.parametrize(("flags", "count"), [(("--words", "40"), None), (("--percent", "30"), 3)])
def test_words_and_percent_summarize_a_stored_article(stored, flags, count):
    done = newsbot("summarize", "--article", "1", "--method", "lead", *flags, "--format", "json",
                   env_extra=stored)  # fmt: skip
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["length"] == {"unit": flags[0][2:], "value": int(flags[1])}
    if count is None:
        assert sum(len(s.split()) for s in payload["sentences"]) <= 40
    else:
        assert len(payload["sentences"]) == -(-payload["total_sentences"] * 30 // 100)


def test_more_sentences_than_the_article_has_is_said(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("The pier reopened. Crowds came back. Shops were busy.", encoding="utf-8")
    done = newsbot("summarize", str(path), "--sentences", "8")
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 3
    assert "the whole article: it has 3 sentences" in done.stderr


def test_more_than_ten_sentences_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SCRAPED_ARTICLE, encoding="utf-8")
    done = newsbot("summarize", str(path), "--sentences", "11")
    assert done.returncode == 2 and "1 to 10 sentences" in done.stderr


@pytest.mark.parametrize("command", ["summarize", "quotes"])
def test_jsonl_with_a_bad_line_reports_its_number_and_exits_2_for_both(tmp_path, command):
    path = tmp_path / "in.jsonl"
    good = json.dumps({"id": "a", "text": SCRAPED_ARTICLE})
    path.write_text(f"{good}\nnot json\n", encoding="utf-8")
    done = newsbot(command, "--jsonl", str(path))
    assert done.returncode == 2
    assert f"{path}:2: not valid JSON" in done.stderr
    assert json.loads(done.stdout.splitlines()[0])["id"] == "a"  # the good line still answered


def test_summarize_a_url_fetches_it_like_add_instead_of_no_such_file():
    done = newsbot("summarize", "http://127.0.0.1:9/story")
    assert done.returncode == 2
    assert "no such file" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_add_shows_the_user_one_message_and_no_log_line(db):
    done = newsbot("add", "http://127.0.0.1:9/story", env_extra=db)
    assert done.returncode == 2
    assert done.stderr.startswith("newsbot: refused http://127.0.0.1:9/story: ")
    assert done.stderr.count("\n") == 1
    assert "WARNING" not in done.stderr


def test_verbose_shows_log_lines(db):
    done = newsbot("--verbose", "add", "http://127.0.0.1:9/story", env_extra=db)
    assert "bot.ingest.fetch" in done.stderr


def test_backup_to_a_missing_directory_is_refused(tmp_path, stored):
    target = tmp_path / "no" / "such" / "dir" / "b.db"
    done = newsbot("db", "backup", str(target), env_extra=stored)
    assert done.returncode == 2
    assert done.stderr.startswith(f"newsbot: refused {target}: ")
    assert not (tmp_path / "no").exists()


def test_title_with_several_files_is_refused_and_nothing_is_stored(tmp_path, db):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(SCRAPED_ARTICLE, encoding="utf-8")
    second.write_text("The pier reopened. Crowds came back.", encoding="utf-8")
    done = newsbot("add", str(first), str(second), "--title", "Same", env_extra=db)
    assert done.returncode == 2 and "--title" in done.stderr
    database = tmp_path / "news.db"
    if database.exists():
        with sqlite3.connect(database) as conn:
            assert conn.execute("select count(*) from articles").fetchone()[0] == 0


def test_version():
    done = newsbot("--version")
    assert done.returncode == 0 and done.stdout.startswith("newsbot ")


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (("summarize",), ("--sentences", "--percent", "--words", "--method", "--format", "--article", "--jsonl")),
        (("quotes",), ("--article", "--jsonl", "--format")),
        (("add",), ("--title",)),
    ],
)  # fmt: skip
def test_every_option_has_help_text(command, options):
    done = newsbot(*command, "--help")
    lines = done.stdout.splitlines()
    for option in options:
        line = next(i for i, text in enumerate(lines) if text.strip().startswith(option))
        described = lines[line].split(None, 2)[2:] or lines[line + 1].split()
        assert described, option


def test_add_help_mentions_urls():
    assert "URL" in newsbot("add", "--help").stdout


def test_usage_error_has_no_double_space():
    done = newsbot("bogus")
    assert "(see 'newsbot --help')" in done.stderr


def test_method_names_are_case_insensitive(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SCRAPED_ARTICLE, encoding="utf-8")
    done = newsbot("summarize", str(path), "--method", "LexRank", "--sentences", "2")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2


@pytest.mark.parametrize("command", ["summarize", "quotes"])
def test_a_missing_file_is_refused_in_one_wording(command):
    done = newsbot(command, "missing.txt")
    assert done.stderr == "newsbot: refused missing.txt: no such file\n"


def test_summarize_from_html_on_stdin_reads_the_page():
    page = ("<!DOCTYPE html><html><head><title>Pier reopens</title></head><body><article>"
            "<h1>Pier reopens</h1>" + "".join(f"<p>{s}</p>" for s in [
                "The old pier in Saltby reopened on Friday after a storm closed it last winter.",
                "&ldquo;It is the heart of the town,&rdquo; said mayor Ida Rowe on the boardwalk.",
                "Repairs cost 2 million pounds and took eight months to finish properly.",
                "Anglers were back at the far end of the pier within an hour of the opening."])
            + "</article></body></html>")  # fmt: skip
    done = newsbot("summarize", "-", "--format", "json", stdin=page)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["title"] == "Pier reopens"
    assert not any("<" in s or "ldquo" in s for s in payload["sentences"])
    assert "ldquo" not in payload["keywords"]
    quotes = newsbot("quotes", "-", "--format", "json", stdin=page)
    assert json.loads(quotes.stdout)["quotes"][0]["speaker"] == "Ida Rowe"


@pytest.mark.parametrize("command", ["run", "sync"])
def test_unreachable_discord_is_one_line_and_a_nonzero_exit(tmp_path, command):
    env = {
        "DISCORD_TOKEN": "not.a.token",
        "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
        "NEWSBOT_DATABASE": str(tmp_path / "news.db"),
    }
    done = newsbot(command, env_extra=env, cwd=tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    failing = [line for line in done.stderr.splitlines() if "couldn't reach Discord" in line]
    assert len(failing) == 1 and "connection refused" in failing[0]
    assert "voice will NOT be supported" not in done.stderr
    if command == "sync":
        assert done.stderr.count("\n") == 1


def test_seen_markdown_file_is_stored_with_a_clean_title_and_no_credit_sentences(tmp_path, db):
    from tests.engine.text.corpus import SHAPES

    rail = next(s for s in SHAPES if s.filename == "rail.md")
    path = tmp_path / "rail.md"
    path.write_text(rail.raw, encoding="utf-8")
    added = newsbot("add", str(path), env_extra=db)
    assert added.stdout.split("\t")[2].strip() == "Rail strike halts trains across the north"
    summary = newsbot("summarize", "--article", "1", "--sentences", "10", env_extra=db)
    assert "Credit:" not in summary.stdout and "Read more" not in summary.stdout


@pytest.mark.parametrize(("method", "count"), [("lead", "2"), ("textrank", "3")])
def test_seen_byline_and_wire_footer_never_lead_or_join_a_summary(tmp_path, method, count):
    path = tmp_path / "wire.txt"
    path.write_text(
        "Harbour cranes idle as dockers strike\n\nBy Helen Okafor, Political Correspondent\n\n"
        "Dock workers at Port Calder walked out on Monday, leaving twelve cranes idle.\n\n"
        "The union said talks had broken down over night-shift pay. Ships queued offshore.\n\n"
        "Reporting by Helen Okafor; Editing by Mark Potter\n",
        encoding="utf-8",
    )
    done = newsbot("summarize", str(path), "--method", method, "--sentences", count)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Dock workers")
    assert "By Helen" not in done.stdout and "Reporting by" not in done.stdout


@pytest.mark.parametrize("command", ["summarize", "quotes"])
def test_no_file_at_a_terminal_prints_the_usage_instead_of_waiting(command):
    import os
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", command],
            stdin=terminal, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(controller)
        os.close(terminal)
    assert done.returncode == 2
    assert done.stderr.startswith(f"usage: newsbot {command}")


@pytest.mark.parametrize("command", ["run", "sync"])
async def test_a_token_discord_refuses_is_one_line_and_a_nonzero_exit(tmp_path, command):
    import asyncio
    import os
    import sys

    from discord_double.server import DiscordDouble

    double = DiscordDouble()
    await double.start()
    try:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "NEWSBOT_"))},
            "DISCORD_TOKEN": "not.the.token",
            "DISCORD_API_BASE": double.api_base,
            "DISCORD_GATEWAY_URL": double.gateway_url,
            "NEWSBOT_DATABASE": str(tmp_path / "news.db"),
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", command, env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        await double.stop()
    stderr = err.decode()
    assert proc.returncode != 0
    assert "Traceback" not in stderr
    assert len([line for line in stderr.splitlines() if "refused the token" in line]) == 1
