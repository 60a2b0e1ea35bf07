"""A wheel carries everything newsbot needs at run time: built from the project, installed in a
fresh virtual environment outside the checkout, `newsbot add` and `newsbot list` work (the SQL
migrations once lived outside the package, and a wheel install had no tables).

Offline: the wheel is built without build isolation (this environment's setuptools), and the
fresh environment finds the dependencies through a path entry to this environment's
site-packages (whose editable-install hook is not loaded that way), so nothing is downloaded
and only the wheel provides `bot` and `cogs`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.samples import SCRAPED_ARTICLE

ROOT = Path(__file__).resolve().parents[1]


def run(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, **kw)


def test_a_wheel_installed_in_a_fresh_venv_adds_and_lists_articles(tmp_path):
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("bot", "cogs"):
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    wheels = tmp_path / "wheels"
    built = run(sys.executable, "-m", "pip", "wheel", str(source), "-w", str(wheels),
                "--no-deps", "--no-build-isolation", "-q")  # fmt: skip
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("newsbot-*.whl")

    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    deps = Path(sysconfig.get_paths()["purelib"])
    (Path(site.stdout.strip()) / "newsbot_deps.pth").write_text(f"{deps}\n")
    installed = run(sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--no-index", "-q", str(wheel))  # fmt: skip
    assert installed.returncode == 0, installed.stderr

    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "bridge.txt").write_text(SCRAPED_ARTICLE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "PYTHON"))}
    newsbot = str(env_dir / "bin" / "newsbot")
    where = run(str(python), "-c", "import bot.store; print(bot.store.__file__)", cwd=work, env=env)
    assert where.stdout.startswith(str(env_dir)), where.stdout + where.stderr
    added = run(newsbot, "add", "bridge.txt", cwd=work, env=env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added\t1\tHarbour bridge reopens")
    listed = run(newsbot, "list", cwd=work, env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split("\t")[::3] == ["1", "Harbour bridge reopens after two-year repair\n"]
    assert (work / "data" / "newsbot.db").is_file()
