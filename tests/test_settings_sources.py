"""Settings first, everywhere: only `bot/config.py` reads the environment, after `.env`. A
module reading `os.environ` on its own runs before `.env` is loaded or ignores it (the CLI's
`--guild` default once did)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = ROOT / "bot" / "config.py"
# The engine pool sets defaults for its fork server's environment (BLAS threads): a write
# for child processes, not a setting.
WRITES = {"setdefault"}


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for path in sorted([*ROOT.glob("bot/**/*.py"), *ROOT.glob("cogs/**/*.py")]):
        if path == READER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "getenv":
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "environ"
                and node.attr not in WRITES
            ):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Subscript) and getattr(node.value, "attr", "") == "environ":
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == []
