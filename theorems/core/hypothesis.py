"""Hypotheses of theorems and bounds, and the named options that stand for open choices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import sympy as sp


class HypothesisWarning(UserWarning):
    """A bound was evaluated at a point where one of its hypothesis relations is false."""


class HypothesisViolation(ValueError):
    """A bound was evaluated, with ``check_hypotheses="raise"``, where a hypothesis relation is false."""


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

    @property
    def symbol_names(self) -> set[str]:
        """Names of the symbols the relation involves (empty for a text-only hypothesis)."""
        return set() if self.relation is None else {s.name for s in self.relation.free_symbols}

    def holds_at(self, values: Mapping[str, float]) -> bool | None:
        """Whether the relation holds at ``values`` (None when it has no relation or misses a value)."""
        if self.relation is None:
            return None
        missing = [s for s in self.relation.free_symbols if s.name not in values]
        if missing:
            return None
        substituted = self.relation.subs({s: values[s.name] for s in self.relation.free_symbols})
        return bool(substituted)

    def holds_everywhere(self, values: Mapping[str, object]) -> bool | None:
        """Whether the relation holds at every point of ``values`` (arrays broadcast); None as in holds_at."""
        if self.relation is None or any(name not in values for name in self.symbol_names):
            return None
        if all(np.ndim(values[name]) == 0 for name in self.symbol_names):
            return self.holds_at({name: values[name] for name in self.symbol_names})
        ordered = sorted(self.relation.free_symbols, key=lambda s: s.name)
        truth = sp.lambdify(ordered, self.relation, modules="numpy")(*(np.asarray(values[s.name]) for s in ordered))
        return bool(np.all(truth))

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
