"""Where the two readings of "almost polynomial in L" differ (spec sec. 3.2, F19).

    AP1 = L^(c0 log(1/eps) + b2)        polynomial in L for each fixed eps
    AP2 = L^(c0 log L) = exp(c0 log^2 L)                   quasi-polynomial, eps-free exponent (F19)

log(AP2 / AP1) = log L (c0 log L - c0 log(1/eps) - b2), so the readings coincide at
L = e^(b2/c0) / eps and AP2 is the larger one exactly when L is beyond it. In 1/eps, AP1 grows like
(1/eps)^(c0 log L) while AP2 does not depend on eps at all.
"""

from __future__ import annotations

import sympy as sp

from rnnbounds.theorems.ntk_generalization import symbols as Y
from rnnbounds.theorems.ntk_generalization.bounds import almost_polynomial


def log_ratio() -> sp.Expr:
    """log(AP2 / AP1), simplified."""
    return sp.factor(sp.expand_log(sp.log(almost_polynomial("AP2") / almost_polynomial("AP1")), force=True))


def crossover_length() -> sp.Expr:
    """The L > 1 at which AP1 = AP2 (the readings agree), solved symbolically."""
    solutions = [s for s in sp.solve(sp.Eq(log_ratio(), 0), Y.L) if s != 1]
    if len(solutions) != 1:
        raise ArithmeticError(f"expected one crossover, sympy found {solutions}")
    return sp.simplify(solutions[0])


def local_exponents() -> dict[str, sp.Expr]:
    """d log(AP) / d log L for each reading: constant for AP1, growing like 2 c0 log L for AP2."""
    u = sp.Symbol("u", positive=True)
    exponents = {}
    for reading in ("AP1", "AP2"):
        logged = sp.expand_log(sp.log(almost_polynomial(reading)), force=True).subs(sp.log(Y.L), u)
        exponents[reading] = sp.simplify(sp.diff(logged.subs(Y.L, sp.exp(u)), u).subs(u, sp.log(Y.L)))
    return exponents


def growth_in_inverse_eps() -> dict[str, sp.Expr]:
    """d log(AP) / d log(1/eps): c0 log L for AP1, 0 for AP2."""
    v = sp.Symbol("v", positive=True)
    return {reading: sp.simplify(sp.diff(
        sp.expand_log(sp.log(almost_polynomial(reading)), force=True).subs(sp.log(1 / Y.eps), v)
        .subs(sp.log(Y.eps), -v), v)) for reading in ("AP1", "AP2")}
