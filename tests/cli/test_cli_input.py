"""The CLI with awkward input: settings from `.env`, removal, encodings, limits, and what a
refused argument looks like when it is echoed back."""

import sqlite3

from tests.cli.test_cli import newsbot
from tests.samples import SCRAPED_ARTICLE
from tests.samples_quotes import COUNCIL_ARTICLE


def guilds(database) -> list[int]:
    with sqlite3.connect(database) as conn:
        return [g for (g,) in conn.execute("SELECT guild_id FROM articles ORDER BY id")]


def test_add_stores_into_the_dev_guild_named_in_dot_env(tmp_path):
    database = tmp_path / "news.db"
    (tmp_path / ".env").write_text(f"NEWSBOT_DEV_GUILD=4242\nNEWSBOT_DATABASE={database}\n")
    (tmp_path / "bridge.txt").write_text(SCRAPED_ARTICLE, encoding="utf-8")
    result = newsbot("add", "bridge.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert guilds(database) == [4242]
    listed = newsbot("list", cwd=tmp_path)
    assert listed.stdout.count("\n") == 1 and "Harbour bridge" in listed.stdout


def test_remove_deletes_an_article_and_refuses_an_unknown_id(tmp_path):
    env = {"NEWSBOT_DATABASE": str(tmp_path / "news.db")}
    (tmp_path / "bridge.txt").write_text(SCRAPED_ARTICLE, encoding="utf-8")
    added = newsbot("add", str(tmp_path / "bridge.txt"), env_extra=env)
    article_id = added.stdout.split("\t")[1]
    other_guild = newsbot("remove", article_id, "--guild", "7", env_extra=env)
    assert other_guild.returncode == 2
    assert other_guild.stderr == "newsbot: There is no article with that id in this server.\n"
    removed = newsbot("remove", article_id, env_extra=env)
    assert removed.returncode == 0, removed.stderr
    assert (
        removed.stdout == f"removed\t{article_id}\tHarbour bridge reopens after two-year repair\n"
    )
    assert newsbot("list", env_extra=env).stdout == ""
    again = newsbot("remove", article_id, env_extra=env)
    assert again.returncode == 2 and again.stdout == ""


def test_quotes_refuses_a_text_over_the_article_limit(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("“We will build,” said Ana Ruiz. " * 7000, encoding="utf-8")
    result = newsbot("quotes", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert (
        result.stderr
        == f"newsbot: refused {path}: The article is longer than 200,000 characters.\n"
    )


def test_a_utf16_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "council.txt"
    path.write_bytes(COUNCIL_ARTICLE.encode("utf-16"))  # with its BOM, as Windows saves it
    result = newsbot("quotes", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Omar Reyes" in result.stdout


def test_a_url_with_leading_spaces_is_fetched_as_a_url_not_opened_as_a_file(tmp_path):
    env = {"NEWSBOT_DATABASE": str(tmp_path / "news.db")}
    result = newsbot("add", "  http://127.0.0.1:9/article", env_extra=env)
    assert result.returncode == 2
    assert "no such file" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        "newsbot: refused http://127.0.0.1:9/article: "
    )


def test_a_refused_url_is_echoed_on_one_short_line(tmp_path):
    env = {"NEWSBOT_DATABASE": str(tmp_path / "news.db")}
    url = "https://news.example.com/a\nb" + "x" * 10_000
    result = newsbot("add", url, env_extra=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 300
    assert "line break" in result.stderr
