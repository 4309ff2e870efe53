"""Output paths checked before any work is done, and files written atomically.

A mistyped output path must cost nothing: ``checked_output_file`` and ``checked_output_folder``
raise a one-line ``OutputPathError`` (a ValueError naming the option) before a claim runs.
``write_text_atomically`` writes to a temporary name in the target's own folder and renames it
over the target, so a reader never sees half a file and a failed write leaves the old one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Sequence

NAME_MAX = 255  # bytes in one path component (Linux, macOS)
PATH_MAX = 4096  # bytes in a whole path


class OutputPathError(ValueError):
    """An output path that cannot be written; the message names the option."""


def _checked_text(text: str | os.PathLike[str] | None, option: str) -> Path:
    if text is None or not str(text).strip():
        raise OutputPathError(f"{option}: empty path; give a file or folder name")
    path = Path(text).expanduser()
    if len(os.fsencode(str(path.absolute()))) > PATH_MAX:
        raise OutputPathError(f"{option}: path longer than {PATH_MAX} bytes")
    for part in path.parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise OutputPathError(f"{option}: name longer than {NAME_MAX} bytes: {part[:40]}...")
    return path


def _probe_writable(folder: Path, option: str) -> None:
    """Create and remove a temporary file in ``folder`` (permission bits do not bind root)."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".rnnbounds-probe-")
    except OSError as error:
        raise OutputPathError(f"{option}: cannot write in folder {folder} ({error.strerror})") from None
    os.close(handle)
    os.unlink(name)


def _nearest_existing(path: Path) -> Path:
    for candidate in [path, *path.absolute().parents]:
        if candidate.exists():
            return candidate
    return Path("/")


def checked_output_file(text: str | os.PathLike[str] | None, option: str) -> Path:
    """The file ``text`` names, once it is known that it can be (re)written in place."""
    path = _checked_text(text, option)
    if path.exists():
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise OutputPathError(f"{option}: {path} is a folder; give a file name")
        if not stat.S_ISREG(mode):
            raise OutputPathError(f"{option}: {path} is not a regular file")
        if not os.access(path, os.W_OK):
            raise OutputPathError(f"{option}: {path} is read-only")
    folder = path.absolute().parent
    if not folder.exists():
        raise OutputPathError(f"{option}: folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputPathError(f"{option}: {folder} is not a folder")
    _probe_writable(folder, option)
    return path


def checked_output_folder(text: str | os.PathLike[str] | None, option: str,
                          subfolders: Sequence[str] = ()) -> Path:
    """The folder ``text`` names (it may not exist yet), once it is known that it can be written.

    subfolders: names inside it that will be used as folders (each must not be a file).
    """
    path = _checked_text(text, option)
    if path.exists() and not path.is_dir():
        raise OutputPathError(f"{option}: {path} is not a folder")
    for name in subfolders:
        inner = path / name
        if inner.exists() and not inner.is_dir():
            raise OutputPathError(f"{option}: {inner} is not a folder (the output needs it as one)")
    existing = _nearest_existing(path)
    if not existing.is_dir():
        raise OutputPathError(f"{option}: {existing} is not a folder")
    _probe_writable(existing, option)
    return path


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` by a rename from a temporary file in the same folder."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` by a rename from a temporary file in the same folder."""
    handle, name = tempfile.mkstemp(dir=path.absolute().parent, prefix=f".{path.name[:200]}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
