"""Growth analyses the generic `Bound.growth` cannot finish for this theorem's bounds.

The core's limit-based analysis stalls on the Hessian majorant (a Piecewise exp-polynomial with
surds) and on `Max`.  Here, with every symbol but T fixed:
  * an exp-polynomial sum_k c_k T^{p_k} b_k^T is Theta(b^T T^p) for its largest (b, p) with a
    non-zero collected coefficient (exact, by expansion);
  * Theta orders multiply under products and take the maximum under sums and Max of positive terms.
"""

from __future__ import annotations

from typing import Mapping

import sympy as sp

from rnnbounds.theorems.core import Bound, GrowthOrder


def _order_key(order: GrowthOrder) -> tuple[float, float, float]:
    return (float(sp.log(order.base)), float(order.power), float(order.log_power))


def _term_shape(term: sp.Expr, variable: sp.Symbol) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """(coefficient, base, power) of one product term c T^p b^(k T + l)."""
    base, power, coefficient = sp.Integer(1), sp.Integer(0), sp.Integer(1)
    for factor in sp.Mul.make_args(term):
        exp_base, exponent = factor.as_base_exp()
        if exp_base == variable:
            power += exponent
        elif exponent.has(variable):
            slope = sp.diff(exponent, variable)
            if slope.has(variable):
                raise ValueError(f"{factor} is not exponential-linear in {variable}")
            base *= exp_base**slope
            coefficient *= exp_base ** exponent.subs(variable, 0)
        else:
            coefficient *= factor
    return coefficient, sp.nsimplify(base), power


def exp_poly_order(expr: sp.Expr, variable: sp.Symbol) -> GrowthOrder:
    """Theta order of an exponential polynomial in `variable` (all other symbols substituted)."""
    expanded = sp.expand(sp.powsimp(sp.expand(expr), force=True), power_base=True, power_exp=True)
    groups: dict[tuple[sp.Expr, sp.Expr], sp.Expr] = {}
    for term in sp.Add.make_args(expanded):
        coefficient, base, power = _term_shape(term, variable)
        groups[(base, power)] = groups.get((base, power), 0) + coefficient
    live = [(b, p) for (b, p), c in groups.items() if abs(float(sp.N(c, 30))) > 1e-20]
    if not live:
        raise ValueError("the expression vanishes identically")
    base, power = max(live, key=lambda bp: (float(sp.log(bp[0])), float(bp[1])))
    return GrowthOrder(variable.name, base, power, sp.Integer(0), True, "exp-poly")


def product_order(*factors: tuple[GrowthOrder, int]) -> GrowthOrder:
    """Theta of a product of powers: prod f_k^{e_k}."""
    base, power, log_power = sp.Integer(1), sp.Integer(0), sp.Integer(0)
    for order, exponent in factors:
        base, power = base * order.base**exponent, power + order.power * exponent
        log_power += order.log_power * exponent
    first = factors[0][0]
    return GrowthOrder(first.variable, sp.nsimplify(base), power, log_power,
                       all(o.tight for o, _ in factors), "product")


def max_order(*orders: GrowthOrder) -> GrowthOrder:
    """Theta of a sum (or Max) of positive terms: the fastest one."""
    return max(orders, key=_order_key)


def bound_exp_poly_order(bound: Bound, variable: str, **fixed: float) -> GrowthOrder:
    """exp_poly_order of a bound with every other symbol at `fixed` or its reference value."""
    point = bound.at_reference(**fixed)
    symbol = next(s for s in bound.free_symbols if s.name == variable)
    subs = {s: sp.nsimplify(point[s.name], rational=True) for s in bound.free_symbols if s != symbol}
    return exp_poly_order(sp.piecewise_fold(bound.expr.subs(subs)), symbol)


def exp_poly_regimes(bound: Bound, variable: str, parameter: str, cutoff: float,
                     below: float, above: float, **fixed: float) -> dict[str, GrowthOrder]:
    """Like Bound.regimes, with the exp-polynomial analysis."""
    points: Mapping[str, float] = {"below": below, "at": cutoff, "above": above}
    return {where: bound_exp_poly_order(bound, variable, **{**fixed, parameter: value})
            for where, value in points.items()}


def _bounds() -> dict[str, Bound]:
    from rnnbounds.theorems.gd_convergence.bounds import BOUNDS
    return {b.name: b for b in BOUNDS}


def width_regimes(below: float = 0.5, above: float = 2.0, **fixed: float
                  ) -> dict[str, tuple[dict[str, GrowthOrder], str]]:
    """Theta-order in T of the m_req terms and of m_req, at gains below / at / above a = 1.

    m_req_approx ~ G^2 (exp-poly), m_req_curv ~ beta^2, m_req_drift ~ beta^2 (G nu + B_y)^2 ~ beta^2 G^2,
    m_req = their maximum.  G's order comes from the core's symbolic analysis, beta's from exp_poly.
    """
    bounds = _bounds()
    approx = exp_poly_regimes(bounds["m_req_approx"], "T", "a", 1.0, below, above, **fixed)
    beta = exp_poly_regimes(bounds["beta"], "T", "a", 1.0, below, above)
    G = bounds["G"].regimes("T", "a", cutoff=1.0, below=below, above=above)
    curvature = {k: product_order((beta[k], 2)) for k in beta}
    drift = {k: product_order((beta[k], 2), (G[k], 2)) for k in beta}
    total = {k: max_order(approx[k], curvature[k], drift[k]) for k in beta}
    return {"m_req_approx": (approx, "exp-poly"), "m_req_curv": (curvature, "beta^2"),
            "m_req_drift": (drift, "beta^2 G^2"), "m_req": (total, "max of terms")}


def width_requirement_in_T():
    """m_req of F14 with G and beta replaced by their formulas in (a, T): a Bound for plots."""
    from rnnbounds.theorems.gd_convergence import formulas as F
    from rnnbounds.theorems.gd_convergence.bounds import BETA, G, REFERENCE

    bound = _bounds()["m_req"]
    expr = F.width_requirement(G, BETA)
    names = {s.name for s in expr.free_symbols}
    return Bound(bound.name, bound.quantity, expr, bound.direction, bound.provenance, bound.source,
                 {k: v for k, v in REFERENCE.items() if k in names}, bound.hypotheses, "T", bound.description)


def width_growth_in_n() -> GrowthOrder:
    """Theta-order of m_req in n: only the random-feature term depends on n, so it is that term's order.

    (The core's numeric fallback for Max reports O(1): the n-free drift term dominates at every n a fit
    can reach, although log n wins as n -> infinity.)"""
    constant = GrowthOrder("n", sp.Integer(1), sp.Integer(0), sp.Integer(0), True, "constant")
    return max_order(_bounds()["m_req_approx"].growth("n"), constant)
