"""The code digest of numerics/, recorded with every benchmark table.

Same scheme as the sweep cache's key (rnnbounds.sweeps.version.package_digest): sha256 over the
relative path and the bytes of every ``.py`` file, here of the ``rnnbounds.numerics`` package
alone, so that a change anywhere else does not mark the speed table stale.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from pathlib import Path

PACKAGE = "rnnbounds.numerics"
SHOWN = 12  # hex digits written in the tables
DIGEST_LINE = re.compile(r"numerics/ code digest `([0-9a-f]{12})`")


def numerics_digest(root: Path | None = None) -> str:
    """sha256 hex digest of the Python sources under ``root`` (default: the installed numerics)."""
    root = Path(importlib.import_module(PACKAGE).__file__).parent if root is None else Path(root)
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(f"{PACKAGE}/{path.relative_to(root).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def digest_line(digest: str) -> str:
    """The sentence a table carries: 'numerics/ code digest `<12 hex>`'."""
    return f"numerics/ code digest `{digest[:SHOWN]}`"


def recorded_digests(text: str) -> list[str]:
    """Every digest a Markdown text records with digest_line (12 hex digits each)."""
    return DIGEST_LINE.findall(text)
