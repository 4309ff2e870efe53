"""Growth order of an expression in one variable: Theta(b^v v^(q log v) v^p (log v)^k).

The four exponents are found one after another with sympy limits,

    log b = lim log f / v,   q = lim log(f b^-v) / log^2 v,   p = lim log(f b^-v v^(-q log v)) / log v,
    k = lim log(f b^-v v^(-q log v) v^-p) / log log v,

(q != 0 is the quasi-polynomial growth L^(O(log L)) of "almost polynomial" bounds)

A maximum (minimum) of terms grows like its fastest (slowest) term, and so does a sum of positive
terms: the orders of the terms are found one by one and compared, so Max(log n, C) and log n + C
are Theta(log n) however large C is, although a numeric fit on any finite range would call them
constant.  A positive numeric factor is set aside before the limits (it leaves the order as it is).

and the order is Theta (not just O) when f / (b^v v^p log^k v) tends to a finite non-zero
constant. Where sympy cannot take a limit within a budget of CPU time, the same exponents are
estimated numerically from log f at v = 10^4 .. 10^12 (mpmath, so a^v cannot overflow) and the
result says so (method = "numeric", reported as O rather than Theta).
"""

from __future__ import annotations

import signal
from fractions import Fraction
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import mpmath
import numpy as np
import sympy as sp

SYMBOLIC_SECONDS = 10.0
NUMERIC_MISFIT = 0.05
"""Largest |log f - fitted order| on the numeric grid (about 5% relative) before the fit is refused."""


@dataclass(frozen=True)
class GrowthOrder:
    """Theta(base^v * v^(quasi log v) * v^power * (log v)^log_power) as v -> infinity."""

    variable: str
    base: sp.Expr
    power: sp.Expr
    log_power: sp.Expr
    tight: bool
    method: str
    quasi: sp.Expr = sp.Integer(0)

    @property
    def kind(self) -> str:
        if self.base != 1:
            return "exponential" if sp.N(self.base) > 1 else "exponentially decaying"
        if self.quasi != 0:
            return "quasi-polynomial" if sp.N(self.quasi) > 0 else "quasi-polynomially decaying"
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
        if self.quasi != 0:
            parts.append(sp.Pow(v, self.quasi * sp.log(v), evaluate=False))
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

    def __repr__(self) -> str:  # the order, as printed: Theta(1/m), not the dataclass fields
        return str(self)


_X = sp.Dummy("x", positive=True)


def _clean(value: sp.Expr) -> sp.Expr:
    """Snap a float exponent to a nearby simple rational (1/2, 3, ...)."""
    if value.is_Float:
        return sp.nsimplify(value, tolerance=1e-6, rational=True)
    return sp.nsimplify(value) if value.is_number else value


def _clean_base(base: sp.Expr) -> sp.Expr:
    """An exact base (exp(-100), 2) as it is; a float base snapped to a simple number other than 1 only
    when that number agrees with it to 1e-9 relative (nsimplify alone turns exp(-100) into 0)."""
    if not base.has(sp.Float):
        return base
    simple = sp.nsimplify(base)
    if simple == 1:  # a base other than 1, however close, is exponential: never snapped to a constant
        return base
    if simple != 0 and abs(complex(sp.N(simple - base, 30))) <= 1e-9 * abs(complex(sp.N(base, 30))):
        return simple
    return base


def _exact(f: sp.Expr) -> sp.Expr:
    """Every float as the decimal fraction it prints as (1.00000003 -> 100000003/100000000): sympy's limit
    rounds a float base within about 1e-7 of 1 to 1, which would read 1.00000003^n as Theta(1)."""
    return f.xreplace({x: sp.Rational(str(x)) for x in f.atoms(sp.Float)})


def _as_float_if(had_floats: bool, base: sp.Expr) -> sp.Expr:
    """A rational base back as a float where the expression was written with floats."""
    return sp.Float(base, 15) if had_floats and base.is_Rational and not base.is_Integer else base


def _limit(expr: sp.Expr) -> sp.Expr:
    value = sp.limit(expr, _X, sp.oo)
    if value.has(sp.Limit) or value.has(sp.AccumBounds) or value is sp.nan or value.has(sp.zoo):
        raise ArithmeticError(f"sympy could not take the limit of {expr}")
    return value


def _symbolic(f: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr, bool]:
    log_base = _limit(sp.log(f) / _X)
    g = sp.simplify(f * sp.exp(-log_base * _X))
    quasi = _limit(sp.log(g) / sp.log(_X) ** 2)
    g = g * sp.exp(-quasi * sp.log(_X) ** 2)
    power = _limit(sp.log(g) / sp.log(_X))
    h = g * _X ** (-power)
    log_power = _limit(sp.log(h) / sp.log(sp.log(_X)))
    constant = _limit(h / sp.log(_X) ** log_power)
    tight = bool(constant.is_finite) and constant != 0
    return sp.exp(log_base), quasi, power, log_power, tight


def _numeric(f: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr, bool]:
    """Fit log f = v log b + q log^2 v + p log v + k log log v + c on a geometric grid (in mpmath)."""
    v = np.geomspace(1e4, 1e12, 40)
    log_f = sp.lambdify(_X, sp.log(f), "mpmath")
    with mpmath.workdps(30):
        y = np.array([float(mpmath.re(log_f(mpmath.mpf(float(x))))) for x in v])
    if not np.all(np.isfinite(y)):
        raise ArithmeticError("the expression is not finite and positive far out")
    design = np.column_stack([v, np.log(v) ** 2, np.log(v), np.log(np.log(v)), np.ones_like(v)])
    scale = np.abs(design).max(axis=0)
    coef, *_ = np.linalg.lstsq(design / scale, y, rcond=None)
    coef = coef / scale
    misfit = float(np.max(np.abs(design @ coef - y)))
    if misfit > NUMERIC_MISFIT:
        raise ArithmeticError(f"{f} has no single growth order: log f departs from the best fitted order by "
                              f"{misfit:.2g} far out (it oscillates, or grows faster than every term fitted)")
    base = _snap(float(np.exp(coef[0]))) if abs(coef[0]) > 1e-9 else sp.Integer(1)
    quasi = _snap(coef[1]) if abs(coef[1]) > 1e-3 else sp.Integer(0)
    return base, quasi, _snap(coef[2]), _snap(coef[3]), False


def _snap(value: float) -> sp.Expr:
    """A fitted exponent as a rational with denominator <= 12 when within 0.01, else 3 digits."""
    near = Fraction(value).limit_denominator(12)
    if abs(value - near) <= 0.01 * max(1.0, abs(value)):
        return sp.Rational(near.numerator, near.denominator)
    return sp.Float(value, 3)


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError after ``seconds`` of this process's CPU time (only in the main thread, where
    signals can be used).  CPU time, not wall time, so that a loaded machine does not change the answer."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"symbolic limit took longer than {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _rank(order: GrowthOrder) -> tuple[float, float, float, float]:
    """Orders compared as v -> infinity: by log base, then quasi, power and log power."""
    return (float(sp.log(order.base)), float(order.quasi), float(order.power), float(order.log_power))


def _eventually_positive(term: sp.Expr) -> bool:
    """Positive for all large v, by its assumptions, or else by its value at v = 1e100 and 1e300 (mpmath)."""
    if term.is_positive:
        return True
    value = sp.lambdify(_X, term, "mpmath")
    try:
        with mpmath.workdps(30):
            points = [mpmath.mpmathify(value(mpmath.mpf(10) ** k)) for k in (100, 300)]
    except (ArithmeticError, TypeError, ValueError, OverflowError):
        return False
    return all(mpmath.im(p) == 0 and mpmath.re(p) > 0 for p in points)


def _extremal(f: sp.Expr, variable: sp.Symbol, symbolic_seconds: float) -> GrowthOrder:
    """Order of Max(f_1, ...) or of a sum of positive terms (the fastest term), or of Min(f_1, ...)
    (the slowest term)."""
    orders = [growth_order(term.subs(_X, variable), variable, symbolic_seconds) for term in f.args]
    pick = min if isinstance(f, sp.Min) else max
    best = pick(orders, key=_rank)
    ties = [o for o in orders if _rank(o) == _rank(best)]
    tight = all(o.tight for o in ties)
    method = "symbolic" if all(o.method == "symbolic" for o in orders) else "numeric"
    return GrowthOrder(variable.name, best.base, best.power, best.log_power, tight, method, best.quasi)


def growth_order(expr: sp.Expr, variable: sp.Symbol, symbolic_seconds: float = SYMBOLIC_SECONDS) -> GrowthOrder:
    """The growth order of ``expr`` (all other symbols already substituted) in ``variable``.

    The symbolic route gets ``symbolic_seconds``; past that the numeric estimate is used.
    """
    f = expr.subs(variable, _X)
    if f.free_symbols - {_X}:
        names = ", ".join(sorted(s.name for s in f.free_symbols - {_X}))
        raise ValueError(f"fix every other symbol before asking for growth in {variable}: {names} remain")
    coefficient, rest = f.as_coeff_Mul()
    if coefficient.is_positive and coefficient != 1 and rest.has(_X):
        return growth_order(rest.subs(_X, variable), variable, symbolic_seconds)
    if isinstance(f, (sp.Max, sp.Min)) or (isinstance(f, sp.Add) and all(_eventually_positive(t) for t in f.args)):
        return _extremal(f, variable, symbolic_seconds)
    try:
        with _time_limit(symbolic_seconds):
            base, quasi, power, log_power, tight = _symbolic(_exact(f))
        base = _as_float_if(f.has(sp.Float), base)
        base, quasi, power, log_power = _clean_base(base), _clean(quasi), _clean(power), _clean(log_power)
        method = "symbolic"
    except (ArithmeticError, NotImplementedError, TypeError, ValueError, RecursionError, TimeoutError):
        base, quasi, power, log_power, tight = _numeric(f)
        method = "numeric"
    return GrowthOrder(variable.name, base, power, log_power, tight, method, quasi)
