"""Hypotheses of theorems and bounds, and the named options that stand for open choices."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp


@dataclass(frozen=True)
class Hypothesis:
    """An assumption: a name, its text, and a sympy relation when it can be written as one.

    ``relation`` (e.g. ``alpha * L_sigma < 1``) lets a hypothesis be tested at a point with
    :meth:`holds_at`; a hypothesis without one is documentation only.
    """

    name: str
    text: str
    relation: sp.Basic | None = None

    def holds_at(self, values: dict[str, float]) -> bool | None:
        """Whether the relation holds at ``values`` (None when it has no relation or misses a value)."""
        if self.relation is None:
            return None
        missing = [s for s in self.relation.free_symbols if s.name not in values]
        if missing:
            return None
        substituted = self.relation.subs({s: values[s.name] for s in self.relation.free_symbols})
        return bool(substituted)

    def latex(self) -> str:
        return sp.latex(self.relation) if self.relation is not None else self.text


@dataclass(frozen=True)
class Option:
    """A named choice the spec leaves open; the default is what the toolkit uses unless told."""

    name: str
    description: str
    choices: tuple[str, ...]
    default: str

    def __post_init__(self) -> None:
        if self.default not in self.choices:
            raise ValueError(f"option {self.name!r}: default {self.default!r} is not in {self.choices}")

    def validate(self, value: str) -> str:
        if value not in self.choices:
            raise ValueError(f"option {self.name!r} must be one of {', '.join(self.choices)}; got {value!r}")
        return value
