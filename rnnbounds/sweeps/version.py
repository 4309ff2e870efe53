"""The code version that keys cached results: package version + a digest of the source.

A result is reused only while the code that produced it is unchanged: the digest covers every
``.py`` file of the installed rnnbounds packages and the module of the task function.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
from pathlib import Path

PACKAGES = ("rnnbounds", "rnnbounds.theorems", "rnnbounds.numerics")


@functools.lru_cache(maxsize=None)
def package_digest() -> str:
    """sha256 over the relative paths and bytes of the packages' Python sources."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        root = Path(importlib.import_module(package).__file__).parent
        for path in sorted(root.rglob("*.py")):
            digest.update(f"{package}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def module_digest(module_name: str) -> str:
    """sha256 of one module's source file ('' when it has none)."""
    module = importlib.import_module(module_name)
    source = getattr(module, "__file__", None)
    return hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else ""


def code_version(function_reference: str) -> str:
    """'<package version>+<12 hex digits>' for tasks of ``module:function``."""
    try:
        release = importlib.metadata.version("rnnbounds")
    except importlib.metadata.PackageNotFoundError:
        release = "0"
    module_name = function_reference.partition(":")[0]
    combined = hashlib.sha256((package_digest() + module_digest(module_name)).encode()).hexdigest()
    return f"{release}+{combined[:12]}"
