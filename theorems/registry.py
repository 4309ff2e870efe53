"""Find theorems: the built-in modules listed here, and entry points of other packages.

A third-party package adds a theorem by declaring, in its pyproject.toml,

    [project.entry-points."rnnbounds.theorems"]
    my-theorem = "my_package.my_module:THEOREM"

where the object is a :class:`~rnnbounds.theorems.core.Theorem` (or a callable returning one).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from importlib.metadata import entry_points

from rnnbounds.theorems.core.theorem import Theorem

ENTRY_POINT_GROUP = "rnnbounds.theorems"

BUILTIN: tuple[str, ...] = (
    "rnnbounds.theorems.linear_curse_of_memory",
    "rnnbounds.theorems.inverse_approximation",
    "rnnbounds.theorems.ntk_generalization",
    "rnnbounds.theorems.gd_convergence",
)


def _as_theorem(obj: object, origin: str) -> Theorem:
    theorem = obj() if callable(obj) and not isinstance(obj, Theorem) else obj
    if not isinstance(theorem, Theorem):
        raise TypeError(f"{origin} does not provide a Theorem (got {type(theorem).__name__})")
    return theorem


def _builtin() -> list[Theorem]:
    return [_as_theorem(importlib.import_module(path).THEOREM, path) for path in BUILTIN]


def _plugins() -> list[Theorem]:
    return [_as_theorem(ep.load(), f"entry point {ep.name!r} ({ep.value})")
            for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)]


@lru_cache(maxsize=1)
def all_theorems() -> tuple[Theorem, ...]:
    """Every registered theorem: built-in first, then plugins; ids must be unique."""
    found = _builtin() + _plugins()
    seen: dict[str, Theorem] = {}
    for theorem in found:
        if theorem.id in seen:
            raise ValueError(f"two theorems share the id {theorem.id!r}")
        seen[theorem.id] = theorem
    return tuple(found)


def get_theorem(theorem_id: str) -> Theorem:
    """The registered theorem with this id; a ValueError lists the known ids."""
    for theorem in all_theorems():
        if theorem.id == theorem_id:
            return theorem
    known = ", ".join(t.id for t in all_theorems())
    raise ValueError(f"unknown theorem {theorem_id!r}; known: {known}")
