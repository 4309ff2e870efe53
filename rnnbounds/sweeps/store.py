"""The results store: one SQLite file under the cache directory.

Tables:
    results(key PRIMARY KEY, function, config, seed, version, rows, seconds, digest)   one row per task
    sweeps(name PRIMARY KEY, spec)                                                     the sweep as JSON

Each finished task is one committed transaction (WAL journal), so a process killed at any
moment loses at most the tasks that were still running. Only the process that runs the sweep
writes; workers hand their rows back to it. ``digest`` is sha256 of the key and the rows' JSON:
a row that does not match it (tampered with, or cut short) is not reused but recomputed, with a
warning. Opening checks the file first (rnnbounds.sweeps.store_open): a corrupt store is moved
aside, a read-only one is read without writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Iterable

from .store_open import StoreError, Warn, memory_connection, open_store
from .tasks import Task, canonical_json

DATABASE_NAME = "results.sqlite"
DEFAULT_CACHE = Path("~/.cache/rnnbounds")


def cache_directory(override: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory: ``override``, else $RNNBOUNDS_CACHE, else ~/.cache/rnnbounds."""
    if override is not None and not str(override).strip():
        raise StoreError("cache: empty path; give a folder (or leave it out for the default)")
    chosen = override if override is not None else os.environ.get("RNNBOUNDS_CACHE") or DEFAULT_CACHE
    return Path(chosen).expanduser()


def checked_cache(override: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory, refused at once (StoreError) when it cannot be a store's folder."""
    from .store_open import check_cache_path

    directory = cache_directory(override)
    check_cache_path(directory, directory / DATABASE_NAME)
    return directory


def row_digest(key: str, rows_json: str) -> str:
    """sha256 of a task key and its rows' canonical JSON."""
    return hashlib.sha256(f"{key}\0{rows_json}".encode()).hexdigest()


def _stderr_warning(message: str) -> None:
    print(f"rnnbounds: warning: {' '.join(message.split())}", file=sys.stderr)


class ResultStore:
    """Finished task rows, keyed by task hash, in ``<cache>/results.sqlite``.

    warn: receives each one-line warning (default: printed on stderr). ``writable`` is False for
    a store that is read-only (or could not be created): ``put`` then stores nothing.
    """

    def __init__(self, cache: str | os.PathLike[str] | None = None, warn: Warn = _stderr_warning):
        self.directory = cache_directory(cache)
        self.path = self.directory / DATABASE_NAME
        self._warn = warn
        self._connection, self.writable = open_store(self.directory, self.path, warn)

    @classmethod
    def in_memory(cls, warn: Warn = _stderr_warning) -> "ResultStore":
        """A store that lives and dies with this object: nothing is read from or left on disk."""
        store = cls.__new__(cls)
        store.directory, store.path, store._warn = None, Path(":memory:"), warn
        store._connection, store.writable = memory_connection(), True
        return store

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> "ResultStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, task: Task, rows: list[dict[str, Any]], seconds: float) -> None:
        """Commit one finished task atomically (a rerun of the same key rewrites the same row)."""
        if not self.writable:
            return
        payload = canonical_json(rows)
        with self._transaction():
            self._connection.execute(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (task.key, task.function, canonical_json(task.config), task.seed, task.version,
                 payload, float(seconds), row_digest(task.key, payload)),
            )

    def finished(self, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Rows of the finished tasks among ``keys``; rows that fail their digest are left out."""
        found: dict[str, list[dict[str, Any]]] = {}
        rejected = 0
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            query = f"SELECT key, rows, digest FROM results WHERE key IN ({','.join('?' * len(chunk))})"
            for key, rows, digest in self._read(query, chunk):
                parsed = _parsed(key, rows, digest)
                if parsed is None:
                    rejected += 1
                else:
                    found[key] = parsed
        if rejected:
            self._warn(f"result store {self.path}: {rejected} stored result(s) do not match their digest "
                       "(changed or cut short); they are recomputed")
        return found

    def save_sweep(self, name: str, spec_json: str) -> None:
        if not self.writable:
            return
        with self._transaction():
            self._connection.execute("INSERT OR REPLACE INTO sweeps VALUES (?, ?)", (name, spec_json))

    def sweep_spec(self, name: str) -> str | None:
        rows = self._read("SELECT spec FROM sweeps WHERE name = ?", (name,))
        return rows[0][0] if rows else None

    def count(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM results", ())[0][0])

    def sweep_count(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM sweeps", ())[0][0])

    def rows_index(self) -> list[tuple[str, str, str, str]]:
        """(key, function, configuration JSON, code version) of every stored result."""
        return self._read("SELECT key, function, config, version FROM results", ())

    def delete(self, keys: Iterable[str]) -> None:
        """Delete the results with these keys in one transaction, then compact the file."""
        keys = list(keys)
        if not self.writable or not keys:
            return
        with self._transaction():
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                self._connection.execute(f"DELETE FROM results WHERE key IN ({','.join('?' * len(chunk))})", chunk)
        try:
            self._connection.execute("VACUUM")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"result store {self.path}: {error}") from None

    def _read(self, query: str, parameters: Iterable[Any]) -> list[tuple[Any, ...]]:
        try:
            return self._connection.execute(query, tuple(parameters)).fetchall()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"result store {self.path}: {error}") from None

    def _transaction(self):
        return _Transaction(self._connection, self.path)


def _parsed(key: str, rows: Any, digest: Any) -> list[dict[str, Any]] | None:
    """The stored rows, or None when they are not text matching ``digest`` or not a list of dicts."""
    if not isinstance(rows, str) or digest != row_digest(key, rows):
        return None
    try:
        value = json.loads(rows)
    except ValueError:
        return None
    return value if isinstance(value, list) and all(isinstance(r, dict) for r in value) else None


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error; SQLite errors name the store."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.connection, self.path = connection, path

    def __enter__(self) -> None:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"result store {self.path}: {error}") from None

    def __exit__(self, kind: type | None, error: BaseException | None, trace: object) -> None:
        try:
            self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
        except sqlite3.DatabaseError as failure:
            raise StoreError(f"result store {self.path}: {failure}") from None
        if isinstance(error, sqlite3.DatabaseError):
            raise StoreError(f"result store {self.path}: {error}") from None
