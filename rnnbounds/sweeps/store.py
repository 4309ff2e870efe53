"""The results store: one SQLite file under the cache directory.

Tables:
    results(key PRIMARY KEY, function, config, seed, version, rows, seconds)   one row per task
    sweeps(name PRIMARY KEY, spec)                                             the sweep as JSON

Each finished task is one committed transaction (WAL journal), so a process killed at any
moment loses at most the tasks that were still running. Only the process that runs the sweep
writes; workers hand their rows back to it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from .tasks import Task, canonical_json

DATABASE_NAME = "results.sqlite"
DEFAULT_CACHE = Path("~/.cache/rnnbounds")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    function TEXT NOT NULL,
    config TEXT NOT NULL,
    seed INTEGER NOT NULL,
    version TEXT NOT NULL,
    rows TEXT NOT NULL,
    seconds REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sweeps (name TEXT PRIMARY KEY, spec TEXT NOT NULL);
"""


def cache_directory(override: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory: ``override``, else $RNNBOUNDS_CACHE, else ~/.cache/rnnbounds."""
    chosen = override if override is not None else os.environ.get("RNNBOUNDS_CACHE") or DEFAULT_CACHE
    return Path(chosen).expanduser()


class ResultStore:
    """Finished task rows, keyed by task hash, in ``<cache>/results.sqlite``."""

    def __init__(self, cache: str | os.PathLike[str] | None = None):
        self.directory = cache_directory(cache)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / DATABASE_NAME
        self._connection = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process
        self._connection.executescript(_SCHEMA)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> "ResultStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, task: Task, rows: list[dict[str, Any]], seconds: float) -> None:
        """Commit one finished task atomically (a rerun of the same key is a no-op)."""
        with self._transaction():
            self._connection.execute(
                "INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
                (task.key, task.function, canonical_json(task.config), task.seed, task.version,
                 canonical_json(rows), float(seconds)),
            )

    def finished(self, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Rows of the finished tasks among ``keys``."""
        found: dict[str, list[dict[str, Any]]] = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, rows FROM results WHERE key IN ({marks})"
            for key, rows in self._connection.execute(query, chunk):
                found[key] = json.loads(rows)
        return found

    def save_sweep(self, name: str, spec_json: str) -> None:
        with self._transaction():
            self._connection.execute("INSERT OR REPLACE INTO sweeps VALUES (?, ?)", (name, spec_json))

    def sweep_spec(self, name: str) -> str | None:
        row = self._connection.execute("SELECT spec FROM sweeps WHERE name = ?", (name,)).fetchone()
        return None if row is None else row[0]

    def count(self) -> int:
        return int(self._connection.execute("SELECT COUNT(*) FROM results").fetchone()[0])

    def _transaction(self):
        return _Transaction(self._connection)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type | None, *exc: object) -> None:
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
