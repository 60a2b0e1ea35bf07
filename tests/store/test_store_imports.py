"""The store owns the SQL and nothing of the engine: what a query needs from the engine (a
speaker's short names, say) the service computes and passes in."""

import ast
from pathlib import Path

STORE = Path(__file__).resolve().parents[2] / "bot" / "store"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_store_module_imports_the_engine():
    offenders = {
        path.name: sorted(m for m in imported_modules(path) if m.startswith("bot.engine"))
        for path in STORE.rglob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}
