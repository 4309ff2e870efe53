"""The code version that keys cached results: package version + a digest of the source.

A result is reused only while the code that produced it is unchanged: the digest covers every
``.py`` file of the installed rnnbounds packages and the module of the task function. A theorem
that comes from another package (a plugin) adds :func:`source_digest` of its module to the key of
each of its claim tasks (rnnbounds.sweeps.claims), so an edit anywhere in the plugin's package
makes its cached results stale.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
from pathlib import Path

PACKAGES = ("rnnbounds", "rnnbounds.theorems", "rnnbounds.numerics")


def _digest_folder(digest: "hashlib._Hash", label: str, root: Path) -> None:
    for path in sorted(root.rglob("*.py")):
        digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
        digest.update(path.read_bytes())


@functools.lru_cache(maxsize=None)
def package_digest() -> str:
    """sha256 over the relative paths and bytes of the packages' Python sources."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        _digest_folder(digest, package, Path(importlib.import_module(package).__file__).parent)
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def module_digest(module_name: str) -> str:
    """sha256 of one module's source file ('' when it has none)."""
    module = importlib.import_module(module_name)
    source = getattr(module, "__file__", None)
    return hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else ""


@functools.lru_cache(maxsize=None)
def source_digest(module_name: str) -> str:
    """sha256 of the sources of the top-level package that ``module_name`` belongs to.

    Every ``.py`` file under each folder of that package (a namespace package may have several),
    or the one file of a top-level module. Modules of rnnbounds itself give '' (package_digest
    covers them already).
    """
    top = module_name.partition(".")[0]
    if top == "rnnbounds":
        return ""
    module = importlib.import_module(top)
    folders = list(getattr(module, "__path__", None) or [])
    digest = hashlib.sha256()
    if folders:
        for folder in sorted(folders):
            _digest_folder(digest, top, Path(folder))
    elif getattr(module, "__file__", None):
        digest.update(f"{top}.py\0".encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def clear_digests() -> None:
    """Forget every digest computed in this process (after editing sources in a running process)."""
    for cached in (package_digest, module_digest, source_digest):
        cached.cache_clear()


def code_version(function_reference: str) -> str:
    """'<package version>+<12 hex digits>' for tasks of ``module:function``."""
    try:
        release = importlib.metadata.version("rnnbounds")
    except importlib.metadata.PackageNotFoundError:
        release = "0"
    module_name = function_reference.partition(":")[0]
    combined = hashlib.sha256((package_digest() + module_digest(module_name)).encode()).hexdigest()
    return f"{release}+{combined[:12]}"
