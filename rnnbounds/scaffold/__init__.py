"""``rnnbounds new NAME``: a new plugin package whose theorem passes the battery as written.

    rnnbounds-NAME/
        pyproject.toml              the `rnnbounds.theorems` entry point NAME = rnnbounds_NAME.theorem:THEOREM
        README.md
        rnnbounds_NAME/__init__.py
        rnnbounds_NAME/theorem.py   one bound, one paper claim with its design and a near control
        tests/test_battery.py       the installed battery (rnnbounds.testing) on theorem NAME
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rnnbounds.scaffold.templates import FILES

_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PluginNames:
    """The names of one plugin: theorem id NAME, distribution rnnbounds-NAME, package rnnbounds_NAME."""

    theorem_id: str

    @property
    def distribution(self) -> str:
        return f"rnnbounds-{self.theorem_id}"

    @property
    def package(self) -> str:
        return f"rnnbounds_{self.theorem_id.replace('-', '_')}"

    @property
    def title(self) -> str:
        return f"{self.theorem_id.replace('-', ' ').capitalize()} (bounded state of a linear RNN)"


def plugin_names(name: str) -> PluginNames:
    """The names for theorem id ``name`` (ValueError unless lower-case letters, digits and hyphens)."""
    if len(name) > 60 or not _ID.match(name):
        raise ValueError(f"NAME: {name[:60]!r} is not a theorem id; use lower-case letters, digits and single "
                         "hyphens, starting with a letter (e.g. 'gradient-norms')")
    return PluginNames(name)


def plugin_files(name: str) -> dict[str, str]:
    """Relative path -> text of every file of the new package."""
    names = plugin_names(name)
    swap = {"__ID__": names.theorem_id, "__PACKAGE__": names.package, "__DISTRIBUTION__": names.distribution,
            "__TITLE__": names.title}

    def fill(text: str) -> str:
        for token, value in swap.items():
            text = text.replace(token, value)
        return text

    return {fill(path): fill(text) for path, text in FILES.items()}


def create_plugin(name: str, parent: str | Path = ".") -> Path:
    """Write the package into ``parent``/rnnbounds-NAME and return that folder (refused if it exists)."""
    files = plugin_files(name)
    root = Path(parent) / plugin_names(name).distribution
    if root.exists():
        raise ValueError(f"{root}: already exists; choose another NAME or --dir")
    if Path(parent).exists() and not Path(parent).is_dir():
        raise ValueError(f"--dir: {parent} is not a folder")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
