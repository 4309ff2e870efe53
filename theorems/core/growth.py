"""Growth order of an expression in one variable: Theta(b^v v^p (log v)^k).

The three exponents are found one after another with sympy limits,

    log b = lim log f / v,     p = lim log(f b^-v) / log v,     k = lim log(f b^-v v^-p) / log log v,

and the order is Theta (not just O) when f / (b^v v^p log^k v) tends to a finite non-zero
constant. Where sympy cannot take a limit, the same exponents are estimated numerically
from log f at v = 10^4 .. 10^12 and the result says so (method = "numeric").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp


@dataclass(frozen=True)
class GrowthOrder:
    """Theta(base^v * v^power * (log v)^log_power) as v -> infinity."""

    variable: str
    base: sp.Expr
    power: sp.Expr
    log_power: sp.Expr
    tight: bool
    method: str

    @property
    def kind(self) -> str:
        if self.base != 1:
            return "exponential" if sp.N(self.base) > 1 else "exponentially decaying"
        if self.power != 0:
            return "polynomial"
        if self.log_power != 0:
            return "logarithmic"
        return "constant"

    def _factors(self) -> list[sp.Expr]:
        v = sp.Symbol(self.variable)
        parts: list[sp.Expr] = []
        if self.base != 1:
            parts.append(sp.Pow(self.base, v, evaluate=False))
        if self.power != 0:
            parts.append(v**self.power)
        if self.log_power != 0:
            parts.append(sp.log(v) ** self.log_power)
        return parts or [sp.Integer(1)]

    def latex(self) -> str:
        symbol = r"\Theta" if self.tight else "O"
        return rf"{symbol}\left({' '.join(sp.latex(p) for p in self._factors())}\right)"

    def __str__(self) -> str:
        return f"{'Theta' if self.tight else 'O'}({' * '.join(sp.sstr(p) for p in self._factors())})"


_X = sp.Dummy("x", positive=True)


def _clean(value: sp.Expr) -> sp.Expr:
    """Snap a float exponent to a nearby simple rational (1/2, 3, ...)."""
    if value.is_Float:
        return sp.nsimplify(value, tolerance=1e-6, rational=True)
    return sp.nsimplify(value) if value.is_number else value


def _limit(expr: sp.Expr) -> sp.Expr:
    value = sp.limit(expr, _X, sp.oo)
    if value.has(sp.Limit) or value.has(sp.AccumBounds) or value is sp.nan or value.has(sp.zoo):
        raise ArithmeticError(f"sympy could not take the limit of {expr}")
    return value


def _symbolic(f: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr, bool]:
    log_base = _limit(sp.log(f) / _X)
    g = sp.simplify(f * sp.exp(-log_base * _X))
    power = _limit(sp.log(g) / sp.log(_X))
    h = g * _X ** (-power)
    log_power = _limit(sp.log(h) / sp.log(sp.log(_X)))
    constant = _limit(h / sp.log(_X) ** log_power)
    tight = bool(constant.is_finite) and constant != 0
    return sp.exp(log_base), power, log_power, tight


def _numeric(f: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr, bool]:
    """Fit log f = v log b + p log v + k log log v + c on a geometric grid (log-space evaluation)."""
    v = np.geomspace(1e4, 1e12, 40)
    log_f = sp.lambdify(_X, sp.expand_log(sp.log(f), force=True), "mpmath")
    y = np.array([float(log_f(x)) for x in v])
    if not np.all(np.isfinite(y)):
        raise ArithmeticError("the expression is not finite and positive far out")
    design = np.column_stack([v, np.log(v), np.log(np.log(v)), np.ones_like(v)])
    coef, *_ = np.linalg.lstsq(design / np.abs(design).max(axis=0), y, rcond=None)
    coef = coef / np.abs(design).max(axis=0)
    base = sp.exp(_clean(sp.Float(coef[0], 8))) if abs(coef[0]) > 1e-9 else sp.Integer(1)
    return base, _clean(sp.Float(coef[1], 8)), _clean(sp.Float(coef[2], 8)), False


def growth_order(expr: sp.Expr, variable: sp.Symbol) -> GrowthOrder:
    """The growth order of ``expr`` (all other symbols already substituted) in ``variable``."""
    f = sp.simplify(expr.subs(variable, _X))
    if f.free_symbols - {_X}:
        names = ", ".join(sorted(s.name for s in f.free_symbols - {_X}))
        raise ValueError(f"fix every other symbol before asking for growth in {variable}: {names} remain")
    try:
        base, power, log_power, tight = _symbolic(f)
        method = "symbolic"
    except (ArithmeticError, NotImplementedError, TypeError, ValueError, RecursionError):
        base, power, log_power, tight = _numeric(f)
        method = "numeric"
    return GrowthOrder(variable.name, sp.nsimplify(base), _clean(power), _clean(log_power), tight, method)
