"""Looking after the results store: what it holds, dropping results no code can reuse, clearing it.

    rnnbounds cache info    # the store's file, size, results, and how many are stale
    rnnbounds cache prune   # delete the stale results (their code changed), then compact the file
    rnnbounds cache clear   # delete the store's files

A stored result is *stale* when the current code would never look it up again: its task function
no longer imports, its code version differs from the function's current one, or (a claim task of
a plugin theorem) the digest of the plugin's sources in its configuration is not the current one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .store import DATABASE_NAME, ResultStore, checked_cache


@dataclass(frozen=True)
class StoreSummary:
    """What ``cache info`` prints."""

    path: Path
    bytes: int
    results: int
    sweeps: int
    stale: int

    def lines(self) -> list[str]:
        if not self.path.exists():
            return [f"store: {self.path} (none yet: nothing is cached)"]
        return [f"store: {self.path}", f"size: {self.bytes:,} bytes",
                f"results: {self.results:,} ({self.stale:,} stale: 'rnnbounds cache prune' deletes them)",
                f"sweeps: {self.sweeps:,}"]


def _current_version(function: str) -> str | None:
    """The code version tasks of ``function`` get now (None when it no longer imports)."""
    from .tasks import resolve_function
    from .version import code_version

    try:
        resolve_function(function)
    except ValueError:
        return None
    return code_version(function)


def _current_theorem_code(theorem_id: str) -> str | None:
    from .claims import theorem_code

    try:
        return theorem_code(theorem_id)
    except (ValueError, ImportError):
        return None


def stale_keys(store: ResultStore) -> list[str]:
    """Keys of the stored results that the current code can never reuse (see the module doc)."""
    from .claims import CLAIM_TASK

    versions: dict[str, str | None] = {}
    codes: dict[str, str | None] = {}
    stale = []
    for key, function, config, version in store.rows_index():
        if function not in versions:
            versions[function] = _current_version(function)
        if versions[function] != version:
            stale.append(key)
        elif function == CLAIM_TASK:
            stored = _configuration(config)
            theorem_id = str(stored.get("theorem", ""))
            if theorem_id not in codes:
                codes[theorem_id] = _current_theorem_code(theorem_id)
            if codes[theorem_id] is None or stored.get("code", "") != codes[theorem_id]:
                stale.append(key)
    return stale


def _configuration(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _database(cache: str | os.PathLike[str] | None) -> Path:
    return checked_cache(cache) / DATABASE_NAME


def summary(cache: str | os.PathLike[str] | None = None) -> StoreSummary:
    """Size, counts and stale results of the store under ``cache`` (an absent store is empty)."""
    database = _database(cache)
    if not database.exists():
        return StoreSummary(database, 0, 0, 0, 0)
    with ResultStore(cache) as store:
        return StoreSummary(database, _size(database), store.count(), store.sweep_count(), len(stale_keys(store)))


def prune(cache: str | os.PathLike[str] | None = None) -> tuple[int, int]:
    """Delete the stale results and compact the file: (deleted, kept)."""
    if not _database(cache).exists():
        return 0, 0
    with ResultStore(cache) as store:
        if not store.writable:
            raise ValueError(f"cache: {store.path} is read-only; nothing can be pruned")
        stale = stale_keys(store)
        store.delete(stale)
        return len(stale), store.count()


def clear(cache: str | os.PathLike[str] | None = None) -> list[Path]:
    """Delete the store's file and its journal files; the paths deleted (none when there was no store)."""
    database = _database(cache)
    removed = []
    for path in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        if path.exists():
            try:
                path.unlink()
            except OSError as error:
                raise ValueError(f"cache: cannot delete {path} ({error.strerror or error})") from None
            removed.append(path)
    return removed


def _size(database: Path) -> int:
    companions = (database, database.with_name(database.name + "-wal"))
    return sum(path.stat().st_size for path in companions if path.exists())

