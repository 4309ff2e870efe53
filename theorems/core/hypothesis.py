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

    def __post_init__(self) -> None:
        if isinstance(self.relation, (bool, sp.logic.boolalg.BooleanAtom)):
            raise ValueError(f"hypothesis {self.name!r}: the relation reduced to {self.relation} under the "
                             "symbols' assumptions; state it in text or with other symbols")

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
        if self.relation is None:
            return self.text
        from rnnbounds.theorems.core.bound import latex_expression

        return latex_expression(self.relation)


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
