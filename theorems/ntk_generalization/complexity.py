"""Complexity measures of a smooth link phi(z) = sum_i c_i z^i (ALL19 sec. 2; spec sec. 2.3, F1-F2).

    C_eps(phi, R) = sum_{i>=0} [ (C* R)^i + ( sqrt(log(1/eps)) / sqrt(i) * C* R )^i ] |c_i|
    C_s(phi, R)   = C* sum_{i>=0} (i+1)^{1.75} R^i |c_i|

The i = 0 term of C_eps is taken as 2|c_0| (spec sec. 8, item 10). The coefficients c_i come from
sympy's power series of any expression in one variable; the sums are taken in mpmath (they reach
e^{C* R}) and truncated once the terms have decayed below ``rtol`` of the partial sum. A series that
has not converged by ``max_order`` terms (finite radius of convergence, or R too large) raises.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import mpmath
import sympy as sp

DEFAULT_MAX_ORDER = 160


def _variable(expr: sp.Expr) -> sp.Symbol:
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(free) != 1:
        raise ValueError(f"phi must be an expression in exactly one variable, got free symbols {free}")
    return free[0]


@lru_cache(maxsize=64)
def taylor_coefficients(expr: sp.Expr, order: int) -> tuple[sp.Rational, ...]:
    """Exact c_0..c_{order-1} of expr around 0 (for a polynomial: all its coefficients)."""
    expr = sp.sympify(expr)
    if not expr.free_symbols:
        return (sp.nsimplify(expr),)
    z = _variable(expr)
    if expr.is_polynomial(z):
        coefficients = sp.Poly(sp.expand(expr), z).all_coeffs()[::-1]
        return tuple(coefficients)
    series = sp.series(expr, z, 0, order).removeO()
    if series.has(sp.log) or any(p.exp < 0 for p in series.atoms(sp.Pow) if p.base == z):
        raise ValueError(f"phi = {expr} has no power series at 0")
    poly = sp.Poly(series, z).all_coeffs()[::-1]
    return tuple(poly) + (sp.Integer(0),) * (order - len(poly))


def _absolute_sum(coefficients: tuple[sp.Expr, ...], weight: Callable[[int], mpmath.mpf],
                  rtol: float, exact: bool) -> mpmath.mpf:
    total, tail = mpmath.mpf(0), []
    for i, c in enumerate(coefficients):
        term = abs(mpmath.mpf(sp.Float(c, 40))) * weight(i) if c != 0 else mpmath.mpf(0)
        total += term
        tail = (tail + [term])[-4:]
    if not exact and total > 0 and max(tail) > rtol * total:
        raise ValueError(f"the power series has not converged within max_order = {len(coefficients)} terms "
                         f"(last terms {[mpmath.nstr(t, 3) for t in tail]} against a sum of "
                         f"{mpmath.nstr(total, 6)}); raise max_order or check the radius of convergence")
    return total


def _coefficients(phi: sp.Expr, max_order: int) -> tuple[tuple[sp.Expr, ...], bool]:
    phi = sp.sympify(phi)
    coefficients = taylor_coefficients(phi, max_order)
    exact = not phi.free_symbols or phi.is_polynomial(_variable(phi))
    return coefficients, exact


def sample_complexity(phi: sp.Expr, R: float, *, Cstar: float = 1.0, rtol: float = 1e-14,
                      max_order: int = DEFAULT_MAX_ORDER) -> mpmath.mpf:
    """C_s(phi, R) = C* sum_i (i+1)^{7/4} R^i |c_i| (F2); with C* = 1 it is C_s / C*."""
    if R < 0 or Cstar <= 0:
        raise ValueError(f"need R >= 0 and Cstar > 0, got R={R!r}, Cstar={Cstar!r}")
    coefficients, exact = _coefficients(phi, max_order)
    weight = lambda i: mpmath.mpf(i + 1) ** mpmath.mpf(1.75) * mpmath.mpf(R) ** i
    with mpmath.workdps(40):
        return mpmath.mpf(Cstar) * _absolute_sum(coefficients, weight, rtol, exact)


def width_complexity(phi: sp.Expr, R: float, eps: float, *, Cstar: float = 1.0, rtol: float = 1e-14,
                     max_order: int = DEFAULT_MAX_ORDER) -> mpmath.mpf:
    """C_eps(phi, R) (F1), the i = 0 term counted as 2|c_0|."""
    if R < 0 or Cstar <= 0 or not 0 < eps < 1:
        raise ValueError(f"need R >= 0, Cstar > 0 and eps in (0, 1), got {R!r}, {Cstar!r}, {eps!r}")
    coefficients, exact = _coefficients(phi, max_order)
    with mpmath.workdps(40):
        radius = mpmath.mpf(Cstar) * mpmath.mpf(R)
        boost = mpmath.sqrt(mpmath.log(1 / mpmath.mpf(eps))) * radius

        def weight(i: int) -> mpmath.mpf:
            return mpmath.mpf(2) if i == 0 else radius**i + (boost / mpmath.sqrt(i)) ** i

        return _absolute_sum(coefficients, weight, rtol, exact)


def boosted_exponential_sum(a: float, terms: int = 600) -> mpmath.mpf:
    """sum_{i>=1} (a / sqrt(i))^i / i!, the eps-dependent part of C_eps(exp, R) (F23)."""
    with mpmath.workdps(40):
        return mpmath.fsum((mpmath.mpf(a) / mpmath.sqrt(i)) ** i / mpmath.factorial(i) for i in range(1, terms))


def boosted_exponential_asymptote(a: float) -> float:
    """log of F23's sum ~ (3/2) e^{-1/3} a^{2/3} as a -> infinity (our saddle-point estimate)."""
    return 1.5 * float(mpmath.exp(-mpmath.mpf(1) / 3)) * a ** (2.0 / 3.0)
