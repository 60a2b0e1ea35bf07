"""What starting newsbot loads: the bot process and the commands that do not summarise never
import sumy, nltk or numpy (180 ms and tens of MB each time; only the engine workers and the
summarising commands need them). Checked on real processes with Python's import log."""

import os
import re
import subprocess
import sys
from pathlib import Path

HEAVY = ("sumy", "nltk", "numpy")
NEWSBOT = Path(sys.executable).with_name("newsbot")
# `python -X importtime` logs one line per module: "import time: self | cumulative | name".
IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| +([\w.]+)$", re.MULTILINE)


def heavy_imports(*command: str, env_extra: dict[str, str] | None = None) -> list[str]:
    """The heavy packages a real process running `command` imported (top-level names)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "NEWSBOT_"))}
    env.update(env_extra or {})
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = {m.split(".")[0] for m in IMPORTED.findall(result.stderr)}
    assert "bot" in names, "the import log is empty: the check would prove nothing"
    return sorted(names & set(HEAVY))


def test_bot_process_modules_and_every_cog_import_no_summariser():
    code = (
        "import importlib, pkgutil, cogs, bot.client, bot.feeds.poller\n"
        "for m in pkgutil.iter_modules(cogs.__path__):\n"
        "    importlib.import_module('cogs.' + m.name)\n"
    )
    assert heavy_imports("-c", code) == []


def test_newsbot_help_imports_no_summariser():
    assert heavy_imports(str(NEWSBOT), "--help") == []


def test_newsbot_list_imports_no_summariser(tmp_path):
    db = {"NEWSBOT_DATABASE": str(tmp_path / "news.db")}
    assert heavy_imports(str(NEWSBOT), "list", env_extra=db) == []


def test_newsbot_summarize_still_loads_the_engine_it_needs(tmp_path):
    """The other side of the line: summarising imports sumy on demand."""
    article = tmp_path / "a.txt"
    article.write_text(
        "The council approved the harbour budget on Monday. The vote was close. "
        "Councillors argued for three hours before the vote. The mayor welcomed the result.",
        encoding="utf-8",
    )
    assert "sumy" in heavy_imports(str(NEWSBOT), "summarize", str(article))
