"""The `newsbot` command as a user runs it: a real process, a real database file."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.samples import SCRAPED_ARTICLE, SHORT_ARTICLE


def newsbot(*args, env_extra=None, stdin=None, cwd=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "NEWSBOT_"))}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def db(tmp_path):
    return {"NEWSBOT_DATABASE": str(tmp_path / "news.db")}


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(SCRAPED_ARTICLE, encoding="utf-8")
    return path


def rows(db) -> int:
    path = db["NEWSBOT_DATABASE"]
    if not os.path.exists(path):
        return 0
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_summarize_a_scraped_article_prints_three_clean_sentences(article_file):
    result = newsbot("summarize", str(article_file))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    article_order = [SCRAPED_ARTICLE.replace("\n", " ").find(line[:40]) for line in lines]
    assert all(p >= 0 for p in article_order) and article_order == sorted(article_order)
    for junk in ("Getty", "hours ago", "Read Entire", "Share this", "Advertisement"):
        assert junk not in result.stdout


def test_summarize_json_format(article_file):
    result = newsbot(
        "summarize", str(article_file), "--format", "json", "--sentences", "2", "--method", "lead"
    )
    payload = json.loads(result.stdout)
    assert payload["title"] == "Harbour bridge reopens after two-year repair"
    assert len(payload["sentences"]) == 2 and payload["method"] == "lead"


def test_summarize_reads_stdin():
    result = newsbot("summarize", "-", "--sentences", "1", "--method", "lead", stdin=SHORT_ARTICLE)
    assert result.stdout.strip() == "The council met on Tuesday."


def test_summarize_jsonl_writes_one_line_per_article(tmp_path):
    data = tmp_path / "in.jsonl"
    records = [
        {"id": "a", "title": "Bridge", "text": SCRAPED_ARTICLE},
        {"id": 7, "title": "", "text": SHORT_ARTICLE},
    ]
    data.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = newsbot("summarize", "--jsonl", str(data), "--sentences", "2", "--method", "textrank")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    assert all(len(o["summary_sentences"]) == 2 for o in out)
    assert set(out[0]) == {"id", "summary_sentences"}


def test_percent_length(article_file):
    result = newsbot("summarize", str(article_file), "--percent", "50", "--method", "lead")
    assert len(result.stdout.strip().splitlines()) == 6  # 11 sentences


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ("summarize", "missing.txt"), "no such file"),
        (b"", ("summarize", "{file}"), "empty"),
        (b"\x00\x01\x02binary", ("summarize", "{file}"), "binary"),
        (b"\xff\xfe caf\xe9", ("summarize", "{file}"), "not UTF-8"),
        (b"Only one sentence here.", ("summarize", "{file}"), "only one sentence"),
        (b"A. " * 150_000, ("summarize", "{file}"), "longer than"),
        (SCRAPED_ARTICLE.encode(), ("summarize", "{file}", "--method", "magic"), "unknown method"),
        (
            SCRAPED_ARTICLE.encode(),
            ("summarize", "{file}", "--sentences", "0"),
            "1 to 10 sentences",
        ),
        (None, ("summarize", "--article", "4242"), "no article with that id"),
        (None, ("summarize", "--article", "x"), "invalid int value"),
        (None, ("frobnicate",), "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, db, content, args, message):
    file = tmp_path / "input.txt"
    if content is not None:
        file.write_bytes(content)
    result = newsbot(*(a.replace("{file}", str(file)) for a in args), env_extra=db)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message.lower() in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert rows(db) == 0


def test_add_refuses_bad_files_one_line_each_and_keeps_the_good_one(tmp_path, db, article_file):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    wrong_type = tmp_path / "sheet.xlsx"
    wrong_type.write_bytes(b"PK")
    result = newsbot("add", str(article_file), str(binary), str(wrong_type), env_extra=db)
    assert result.returncode == 2
    refused = result.stderr.strip().splitlines()
    assert len(refused) == 2 and "photo.txt" in refused[0] and "sheet.xlsx" in refused[1]
    assert result.stdout.startswith("added\t1\tHarbour bridge reopens")
    assert rows(db) == 1


def test_adding_the_same_text_twice_says_it_exists(db, article_file):
    newsbot("add", str(article_file), env_extra=db)
    again = newsbot("add", str(article_file), env_extra=db)
    assert again.returncode == 0 and again.stdout.startswith("exists\t1\t")
    assert rows(db) == 1


def test_add_then_list_then_summarize_stored_article(db, article_file):
    newsbot("add", str(article_file), "--guild", "5", "--title", "My title", env_extra=db)
    listed = newsbot("list", "--guild", "5", env_extra=db)
    assert listed.stdout.split("\t")[0] == "1" and listed.stdout.strip().endswith("My title")
    assert newsbot("list", "--guild", "6", env_extra=db).stdout == ""
    summary = newsbot(
        "summarize",
        "--article",
        "1",
        "--guild",
        "5",
        "--method",
        "lead",
        "--sentences",
        "1",
        env_extra=db,
    )
    assert summary.stdout.startswith("The Harbour Bridge in Port Calder reopened")
    other_guild = newsbot("summarize", "--article", "1", "--guild", "6", env_extra=db)
    assert other_guild.returncode == 2


def test_db_check_and_backup(tmp_path, db, article_file):
    newsbot("add", str(article_file), env_extra=db)
    assert newsbot("db", "check", env_extra=db).stdout.strip() == "ok"
    target = tmp_path / "copy.db"
    assert newsbot("db", "backup", str(target), env_extra=db).returncode == 0
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT title FROM articles").fetchall() == [
            ("Harbour bridge reopens after two-year repair",)
        ]


def test_run_without_a_token_says_what_to_set(tmp_path):
    result = newsbot("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "DISCORD_TOKEN" in result.stderr and ".env" in result.stderr
    assert "Traceback" not in result.stderr
