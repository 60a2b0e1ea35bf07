"""Numbered SQL migrations: `schema/sqlite/NNNN_name.sql` for SQLite and the same numbers in
`schema/postgres/` for PostgreSQL, so both schemas move in step.

They ship inside the package (see `package-data` in pyproject.toml), so an installed wheel has
its schema; a store refuses to open when none are found rather than run on no tables."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
MIGRATIONS_DIR = SCHEMA_DIR / "sqlite"
POSTGRES_MIGRATIONS_DIR = SCHEMA_DIR / "postgres"
_NAME = re.compile(r"^(\d{4})_([\w-]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str
    sql: str

    def statements(self) -> Iterator[str]:
        """The script's statements one by one (trigger bodies keep their inner semicolons)."""
        pending = ""
        for line in self.sql.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                statement = pending.strip()
                pending = ""
                if statement and not all(
                    s.strip().startswith("--") or not s.strip() for s in statement.splitlines()
                ):
                    yield statement
        if pending.strip() and not pending.strip().startswith("--"):
            raise ValueError(f"migration {self.number:04d} ends with an incomplete statement")


def load_migrations(directory: Path = MIGRATIONS_DIR, suffix: str = ".sql") -> list[Migration]:
    """Every migration in `directory`, in order; numbers must be unique."""
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob(f"*{suffix}")):
        match = _NAME.match(path.name)
        if not match:
            continue
        number = int(match.group(1))
        if number in found:
            raise ValueError(f"two migrations are numbered {number:04d}")
        found[number] = Migration(number, match.group(2), path.read_text(encoding="utf-8"))
    if not found:
        raise FileNotFoundError(f"no migrations found in {directory}: the package is incomplete")
    return [found[n] for n in sorted(found)]
