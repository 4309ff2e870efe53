"""gd-convergence bounds: provenance, the exact recursion, and the symbolic analyses of the issue."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.activations import SIGMOID, TANH
from rnnbounds.theorems.core import Provenance
from rnnbounds.theorems.gd_convergence import THEOREM, analysis
from rnnbounds.theorems.gd_convergence import formulas as F
from rnnbounds.theorems.gd_convergence.symbols import T, a, alpha, s0, s1, s2

B = {b.name: b for b in THEOREM.bounds}
TANH_S2 = 4 / (3 * np.sqrt(3))


def test_provenance_shapes_are_the_papers_and_the_rest_is_derived():
    shapes = {b.name for b in THEOREM.bounds if b.provenance is Provenance.SHAPE}
    assert shapes == {"C4-memory-cutoff", "C5-width-log-n"}
    assert all(b.provenance is Provenance.DERIVED for b in THEOREM.bounds if b.name not in shapes)
    assert all("abstract" in B[name].source.locator for name in shapes)


def test_activation_constants_agree_with_numerics():
    for act in (TANH, SIGMOID):
        exact = F.ACTIVATION_CONSTANTS[act.name]
        np.testing.assert_allclose([float(c) for c in exact], [act.value_bound, act.lipschitz, act.curvature])


def test_hessian_recursion_reproduces_the_spec_sanity_table():
    # spec 4.1 table, tanh, beta bound column (3 significant digits)
    table = {(0.5, 5): 23.0, (0.5, 20): 29.3, (1.0, 5): 107, (1.0, 20): 4.88e3, (1.3, 5): 263, (1.3, 20): 2.05e6}
    for (gain, horizon), expected in table.items():
        assert F.hessian_recursion(horizon, gain, 1, 1, TANH_S2) == pytest.approx(expected, rel=5e-3)


@given(st.floats(0.05, 2.5), st.integers(1, 40), st.sampled_from(["tanh", "sigmoid"]))
def test_closed_forms_agree_with_the_recursion(gain, horizon, name):
    c0, c1, c2 = (float(v) for v in F.ACTIVATION_CONSTANTS[name])
    point = {"a": gain, "T": horizon, "sigma_0": c0, "sigma_1": c1, "sigma_2": c2}
    assert B["G"].evaluate(**{k: point[k] for k in ("a", "T", "sigma_0", "sigma_1")}) == pytest.approx(
        F.gradient_value(horizon, gain, c0, c1), rel=1e-10)
    assert B["beta"].evaluate(**point) >= F.hessian_recursion(horizon, gain, c0, c1, c2) * (1 - 1e-9)


def test_majorant_is_exact_polynomial_at_the_cutoff_and_recursion_is_below():
    critical = F.hessian_majorant().subs({a: 1, s0: 1, s1: 1, s2: sp.Rational(77, 100)})
    assert sp.Poly(sp.expand(critical), T).degree() == 3


def test_width_requirement_is_logarithmic_in_n():
    order = analysis.width_growth_in_n()
    assert (order.base, order.power, order.log_power) == (1, 0, 1)
    assert str(B["m_req_approx"].growth("n")) == "Theta(log(n))"
    assert B["C5-width-log-n"].growth("n").kind == "logarithmic"


def test_width_requirement_regimes_in_T():
    regimes = analysis.width_regimes(below=0.5, above=2.0)
    approx, drift, total = regimes["m_req_approx"][0], regimes["m_req_drift"][0], regimes["m_req"][0]
    assert all(r["below"].kind == "constant" for r in (approx, drift, total))
    assert (approx["at"].kind, approx["at"].power) == ("polynomial", 2)
    assert (drift["at"].kind, drift["at"].power) == ("polynomial", 8)
    assert approx["above"].base == 2**2 and drift["above"].base == 2**6  # a^{2T}, a^{6T} at a = 2
    assert total["at"].power == 8 and total["above"].base == 2**6


@pytest.mark.slow
def test_width_requirement_regimes_at_another_gain_above_the_cutoff():
    regimes = analysis.width_regimes(below=0.25, above=sp.Rational(3, 2))
    assert regimes["m_req_drift"][0]["above"].base == sp.Rational(3, 2) ** 6


def test_gradient_and_hessian_regimes():
    G = B["G"].regimes("T", "a", cutoff=1.0, below=0.5, above=2.0)
    assert [G[k].kind for k in ("below", "at", "above")] == ["constant", "polynomial", "exponential"]
    beta = analysis.exp_poly_regimes(B["beta"], "T", "a", 1.0, 0.5, 2.0)
    assert beta["at"].power == 3 and beta["above"].base == 4 and beta["below"].kind == "constant"


def test_iteration_requirement_is_inverse_in_eps():
    order = B["tau_req"].growth("eps")
    assert (order.base, order.power, order.log_power, order.tight) == (1, 1, 0, True)


@pytest.mark.parametrize("name, lipschitz", [("tanh", 1.0), ("sigmoid", 0.25)])
def test_cutoff_sits_at_alpha_equal_to_one_over_s1(name, lipschitz):
    regimes = B["G_alpha"].regimes("T", "alpha", cutoff=1 / lipschitz, sigma_1=lipschitz)
    assert [regimes[k].kind for k in ("below", "at", "above")] == ["constant", "polynomial", "exponential"]
    assert sp.solve(sp.denom(sp.together(F.cutoff_safe_width())), alpha) == [1 / s1]


def test_exp_poly_order_detects_cancellation_and_rejects_non_exponential_terms():
    x = sp.Symbol("T", positive=True)
    assert analysis.exp_poly_order(2**x + x**3 - 2**x, x).power == 3
    with pytest.raises(ValueError):
        analysis.exp_poly_order(2 ** (x**2), x)


def test_a_constant_is_changed_in_one_place(monkeypatch):
    from rnnbounds.theorems.gd_convergence import constants

    G, beta = sp.symbols("G_value beta_value", positive=True)
    before = F.width_drift_term(G, beta)
    monkeypatch.setattr(constants, "WIDTH_DRIFT_FACTOR", sp.Integer(1))
    assert sp.simplify(before / F.width_drift_term(G, beta)) == 36
