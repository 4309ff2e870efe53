"""Opening the results store safely: a checked cache path, a corrupt file moved aside, a
read-only store read without writing.

    connection, writable = open_store(path, warn)

A store that cannot be trusted is never read as valid: a file that SQLite cannot read, that
fails ``PRAGMA quick_check``, or whose tables have other columns than the schema, is renamed to
``results.sqlite.corrupt-N`` (with its WAL files) and a new store is started, with a one-line
warning naming both files. A store whose file or folder cannot be written is opened read-only:
its results are reused and new ones are computed but not stored, again with one warning.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import Callable

from rnnbounds.output_paths import NAME_MAX, PATH_MAX

COLUMNS = ("key", "function", "config", "seed", "version", "rows", "seconds", "digest")
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    function TEXT NOT NULL,
    config TEXT NOT NULL,
    seed INTEGER NOT NULL,
    version TEXT NOT NULL,
    rows TEXT NOT NULL,
    seconds REAL NOT NULL,
    digest TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sweeps (name TEXT PRIMARY KEY, spec TEXT NOT NULL);
"""
_BEFORE_DIGESTS = COLUMNS[:-1]  # stores written before rows carried a digest

Warn = Callable[[str], None]
BUSY_SECONDS = 60.0  # how long to wait for another process's write lock


class StoreError(ValueError):
    """The results store cannot be used; the message names the file or folder."""


class _Corrupt(Exception):
    """The file is not a results store that can be trusted."""


def check_cache_path(directory: Path, database: Path) -> None:
    """Refuse a cache that is empty, too long, a file, or whose database is not a regular file."""
    if len(os.fsencode(str(database.absolute()))) > PATH_MAX or any(
            len(os.fsencode(part)) > NAME_MAX for part in directory.parts):
        raise StoreError(f"cache: path too long: {str(directory)[:60]}...")
    if directory.exists() and not directory.is_dir():
        raise StoreError(f"cache: {directory} is not a folder")
    if database.exists() and not stat.S_ISREG(database.stat().st_mode):
        raise StoreError(f"cache: {database} is not a regular file")
    for parent in directory.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreError(f"cache: {parent} is not a folder")
            break


def _can_write(directory: Path, database: Path) -> bool:
    """Whether a file can be created in ``directory`` and ``database`` (if present) written."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=directory, prefix=".rnnbounds-probe-")
    except OSError:
        return False
    os.close(handle)
    os.unlink(name)
    if not database.exists():
        return True
    try:
        with open(database, "r+b"):
            return True
    except OSError:
        return False


def _verify(connection: sqlite3.Connection, create: bool) -> None:
    """Raise _Corrupt unless the file passes quick_check and has the schema's columns."""
    try:
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise _Corrupt(f"integrity check says {verdict!r}")
        if create:
            connection.executescript(SCHEMA)
        columns = tuple(row[1] for row in connection.execute("PRAGMA table_info(results)"))
        if create and columns == _BEFORE_DIGESTS:
            connection.execute("ALTER TABLE results ADD COLUMN digest TEXT NOT NULL DEFAULT ''")
            columns = COLUMNS
        sweeps = tuple(row[1] for row in connection.execute("PRAGMA table_info(sweeps)"))
    except sqlite3.OperationalError:
        raise  # locked, busy, read-only, cannot open: a state of the store, not a damaged file
    except sqlite3.DatabaseError as error:  # "file is not a database", "disk image is malformed"
        raise _Corrupt(str(error)) from None
    if columns not in (COLUMNS, ()) or sweeps not in (("name", "spec"), ()):
        raise _Corrupt(f"unexpected tables (results columns {list(columns)})")


def _open_writable(database: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(database, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as error:
            raise _Corrupt(str(error)) from None
        connection.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process
        _verify(connection, create=True)
    except (sqlite3.DatabaseError, _Corrupt):
        connection.close()
        raise
    return connection


def _open_read_only(database: Path) -> sqlite3.Connection:
    """Read-only; ``immutable`` where the WAL index cannot be created beside a read-only file."""
    uri = database.absolute().as_uri()
    try:
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_SECONDS, isolation_level=None)
        _verify(connection, create=False)
        return connection
    except sqlite3.OperationalError:  # no WAL index can be made beside it
        connection = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=BUSY_SECONDS, isolation_level=None)
        _verify(connection, create=False)
        return connection


def memory_connection() -> sqlite3.Connection:
    """A new empty store in memory."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.executescript(SCHEMA)
    return connection


def _move_aside(database: Path) -> Path:
    """Rename ``database`` (and its -wal, -shm files) to the first free ``.corrupt-N`` name."""
    number = 1
    while database.with_name(f"{database.name}.corrupt-{number}").exists():
        number += 1
    target = database.with_name(f"{database.name}.corrupt-{number}")
    os.replace(database, target)
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target


def open_store(directory: Path, database: Path, warn: Warn) -> tuple[sqlite3.Connection, bool]:
    """(connection, writable) for the store ``database`` in ``directory``; see the module doc."""
    check_cache_path(directory, database)
    writable = _can_write(directory, database)
    try:
        if writable:
            return _open_writable(database), True
        if database.exists():
            connection = _open_read_only(database)
            warn(f"result store {database} is read-only: its results are reused, new ones are not stored")
            return connection, False
    except sqlite3.OperationalError as error:
        raise StoreError(f"result store {database}: {error}") from None
    except (_Corrupt, sqlite3.DatabaseError) as error:
        return _replace_corrupt(database, writable, error, warn)
    warn(f"cache folder {directory} cannot be written: results are computed but not stored")
    return memory_connection(), False


def _replace_corrupt(database: Path, writable: bool, error: BaseException, warn: Warn) -> tuple[sqlite3.Connection, bool]:
    if not writable:
        warn(f"result store {database} is corrupt ({error}) and read-only: it is not used, nothing is stored")
        return memory_connection(), False
    moved = _move_aside(database)
    warn(f"result store {database} is corrupt ({error}): moved it to {moved.name} and started a new one")
    try:
        return _open_writable(database), True
    except (_Corrupt, sqlite3.DatabaseError) as again:
        raise StoreError(f"result store {database}: cannot start a new store ({again})") from None
