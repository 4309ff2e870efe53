"""Plugins in tests without installing them: a folder on sys.path with a ``.dist-info`` of its own.

    folder = tmp_path
    (folder / "my_plugin.py").write_text(source)                      # defines THEOREM
    write_distribution(folder, "my-plugin", {"my-theorem": "my_plugin:THEOREM"})
    with plugins_from(folder):
        get_theorem("my-theorem")                                     # found through the entry point

``importlib.metadata`` finds the distribution as it finds an installed one, so the registry, the
cache key and the CLI treat it exactly like a ``pip install``-ed plugin.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from pathlib import Path
from typing import Iterator, Mapping

from rnnbounds.theorems.registry import ENTRY_POINT_GROUP


def write_distribution(folder: str | Path, name: str, entry_points: Mapping[str, str], version: str = "0.1") -> Path:
    """Write ``folder``/<name>-<version>.dist-info declaring ``entry_points`` (name -> 'module:object')."""
    info = Path(folder) / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = [f"[{ENTRY_POINT_GROUP}]"] + [f"{key} = {value}" for key, value in entry_points.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    return info


def forget_loaded(folder: str | Path) -> None:
    """Drop from sys.modules every module loaded from ``folder``, and every cached registry and
    source digest, so that the next lookup reads the files as they are now."""
    from rnnbounds.sweeps.version import clear_digests
    from rnnbounds.theorems import registry

    root = str(Path(folder).resolve())
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None) or ""
        if source and str(Path(source).resolve()).startswith(root):
            del sys.modules[name]
    importlib.invalidate_caches()
    registry.clear()
    clear_digests()


@contextlib.contextmanager
def plugins_from(folder: str | Path) -> Iterator[Path]:
    """Within the block, ``folder`` is on sys.path (first) and its distributions are registered."""
    path = str(Path(folder))
    sys.path.insert(0, path)
    forget_loaded(folder)
    try:
        yield Path(folder)
    finally:
        if path in sys.path:
            sys.path.remove(path)
        forget_loaded(folder)
