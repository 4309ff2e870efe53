"""Row types of the bound-pin table.

A ``ValuePin`` states what a bound must evaluate to at one point, as computed independently from
the formula printed in the spec (by hand, or with mpmath from the formula typed again in the data
module).  A ``GrowthPin`` states the exact Theta-order of a bound in one variable,

    Theta(base^v * v^(quasi log v) * v^power * (log v)^log_power)   as v -> infinity

(for a probability such as eps: as 1/eps -> infinity), the other symbols at the bound's reference
point or at ``fixed``.  A ``GrowthExempt`` says why a variable of a bound has no growth pin (the
limit leaves the domain the spec gives, or the variable is not in the spec's formula).

``xfail`` holds the reason when the row asserts the spec's value and the code is known to differ:
the row stays as the spec gives it and is marked ``xfail(strict=True)``, so a fix turns it green
and the marker must then be removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import sympy as sp


@dataclass(frozen=True)
class ValuePin:
    """bound(point) == expected (``relation="=="``) or >= expected (``">="``, a majorant)."""

    theorem: str
    bound: str
    spec: str
    point: Mapping[str, float]
    expected: float
    rtol: float = 1e-12
    atol: float = 0.0
    relation: str = "=="
    xfail: str | None = None

    def __post_init__(self) -> None:
        if self.relation not in ("==", ">="):
            raise ValueError(f"relation must be '==' or '>='; got {self.relation!r}")

    @property
    def id(self) -> str:
        shown = ",".join(f"{k}={v:g}" for k, v in sorted(self.point.items()))
        return f"{self.theorem}/{self.bound}[{shown}]" + (" (>=)" if self.relation == ">=" else "")


@dataclass(frozen=True)
class GrowthPin:
    """The exact growth order of ``bound`` in ``variable``; ``tight=None`` leaves Theta-vs-O unchecked."""

    theorem: str
    bound: str
    spec: str
    variable: str
    kind: str
    base: sp.Expr = sp.Integer(1)
    quasi: sp.Expr = sp.Integer(0)
    power: sp.Expr = sp.Integer(0)
    log_power: sp.Expr = sp.Integer(0)
    tight: bool | None = True
    fixed: Mapping[str, float] = field(default_factory=dict)
    xfail: str | None = None

    @property
    def id(self) -> str:
        shown = ",".join(f"{k}={v:g}" for k, v in sorted(self.fixed.items()))
        return f"{self.theorem}/{self.bound}/{self.variable}" + (f"[{shown}]" if shown else "")


@dataclass(frozen=True)
class GrowthExempt:
    """A variable of a bound that has no growth pin, and why."""

    theorem: str
    bound: str
    variable: str
    reason: str


def polynomial(theorem: str, bound: str, spec: str, variable: str, power: sp.Expr,
               log_power: sp.Expr = sp.Integer(0), **kw) -> GrowthPin:
    """Theta(v^power (log v)^log_power): kind 'polynomial' when power != 0, else 'logarithmic'/'constant'."""
    power, log_power = sp.sympify(power), sp.sympify(log_power)
    kind = "polynomial" if power != 0 else ("logarithmic" if log_power != 0 else "constant")
    return GrowthPin(theorem, bound, spec, variable, kind, power=power, log_power=log_power, **kw)


def exponential(theorem: str, bound: str, spec: str, variable: str, base: sp.Expr,
                power: sp.Expr = sp.Integer(0), **kw) -> GrowthPin:
    """Theta(base^v v^power): kind 'exponential' for base > 1, 'exponentially decaying' for base < 1."""
    base = sp.sympify(base)
    kind = "exponential" if float(base) > 1 else "exponentially decaying"
    return GrowthPin(theorem, bound, spec, variable, kind, base=base, power=sp.sympify(power), **kw)
