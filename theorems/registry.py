"""Find theorems: the built-in modules listed here, and entry points of other packages.

A third-party package adds a theorem by declaring, in its pyproject.toml,

    [project.entry-points."rnnbounds.theorems"]
    my-theorem = "my_package.my_module:THEOREM"

where the object is a :class:`~rnnbounds.theorems.core.Theorem` (or a callable returning one).
Each entry point is loaded on its own: one that fails to import, does not give a Theorem, or
repeats an id already registered is left out and recorded in :func:`broken_plugins` (named by its
entry point), so that every other theorem keeps working. Entry points load in the order of their
names, so of two plugins with one theorem id the one whose entry point sorts first is kept.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points

from rnnbounds.theorems.core.theorem import Theorem

ENTRY_POINT_GROUP = "rnnbounds.theorems"

BUILTIN: tuple[str, ...] = (
    "rnnbounds.theorems.linear_curse_of_memory",
    "rnnbounds.theorems.inverse_approximation",
    "rnnbounds.theorems.ntk_generalization",
    "rnnbounds.theorems.gd_convergence",
)


@dataclass(frozen=True)
class Registered:
    """A theorem and the module it was loaded from (whose package sources key its cached results)."""

    theorem: Theorem
    module: str


@dataclass(frozen=True)
class BrokenPlugin:
    """An entry point that could not be registered, and why, in one line."""

    name: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"plugin entry point {self.name!r} ({self.value}) is left out: {self.reason}"


def _as_theorem(obj: object, origin: str) -> Theorem:
    theorem = obj() if callable(obj) and not isinstance(obj, Theorem) else obj
    if not isinstance(theorem, Theorem):
        raise TypeError(f"{origin} does not provide a Theorem (got {type(theorem).__name__})")
    return theorem


def _builtin() -> list[Registered]:
    return [Registered(_as_theorem(importlib.import_module(path).THEOREM, path), path) for path in BUILTIN]


def _load(ep: EntryPoint) -> Registered:
    """One entry point as a registered theorem (any exception is the plugin's own failure)."""
    return Registered(_as_theorem(ep.load(), f"entry point {ep.name!r} ({ep.value})"), ep.module)


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or "no message"
    return f"{type(error).__name__}: {text}"


@lru_cache(maxsize=1)
def _registry() -> tuple[tuple[Registered, ...], tuple[BrokenPlugin, ...]]:
    found = _builtin()
    seen = {entry.theorem.id for entry in found}
    if len(seen) != len(found):
        raise ValueError("two built-in theorems share an id")
    broken: list[BrokenPlugin] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: (ep.name, ep.value)):
        try:
            entry = _load(ep)
        except Exception as error:  # a plugin's bug must not break the other theorems
            broken.append(BrokenPlugin(ep.name, ep.value, _reason(error)))
            continue
        if entry.theorem.id in seen:
            broken.append(BrokenPlugin(ep.name, ep.value, f"its theorem id {entry.theorem.id!r} is already registered"))
            continue
        seen.add(entry.theorem.id)
        found.append(entry)
    return tuple(found), tuple(broken)


def clear() -> None:
    """Forget what was loaded, so that the next call finds the entry points again."""
    _registry.cache_clear()


def all_theorems() -> tuple[Theorem, ...]:
    """Every registered theorem: built-in first, then plugins by entry point name; ids are unique."""
    return tuple(entry.theorem for entry in _registry()[0])



def broken_plugins() -> tuple[BrokenPlugin, ...]:
    """The entry points left out of the registry, each with its one-line reason."""
    return _registry()[1]


def theorem_module(theorem_id: str) -> str:
    """The module the theorem with this id was loaded from (ValueError if it is not registered)."""
    for entry in _registry()[0]:
        if entry.theorem.id == theorem_id:
            return entry.module
    raise ValueError(_unknown(theorem_id))


def get_theorem(theorem_id: str) -> Theorem:
    """The registered theorem with this id; a ValueError lists the known ids."""
    for theorem in all_theorems():
        if theorem.id == theorem_id:
            return theorem
    raise ValueError(_unknown(theorem_id))


def _unknown(theorem_id: str) -> str:
    known = ", ".join(t.id for t in all_theorems())
    broken = broken_plugins()
    note = f" ({len(broken)} plugin(s) failed to load: {', '.join(b.name for b in broken)})" if broken else ""
    return f"unknown theorem {theorem_id!r}; known: {known}{note}"
