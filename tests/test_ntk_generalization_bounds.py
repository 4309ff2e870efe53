"""Bounds, provenance tags and the two almost-polynomial readings of ntk-generalization."""

import numpy as np
import pytest
import sympy as sp

from rnnbounds.numerics.rnn_ntk_recursion import unit_token_ntk_diagonal
from rnnbounds.theorems.core import Provenance
from rnnbounds.theorems.ntk_generalization import THEOREM, readings
from rnnbounds.theorems.ntk_generalization import symbols as Y


def test_provenance_follows_the_spec_tags():
    tags = {b.name: b.provenance for b in THEOREM.bounds}
    for name in ("gen_bound", "yHy_monomial", "yHy_cos", "ntk_concentration", "hnorm_upper", "hnorm_lower"):
        assert tags[name] is Provenance.STATED
    for name in ("n_samples_AP1", "n_samples_AP2", "M_N_template"):
        assert tags[name] is Provenance.SHAPE
        assert "2109.14142" in THEOREM.bound(name).source.paper
    for name in ("hnorm2_meanfield", "ntk_diagonal", "Cs_exp_upper"):
        assert tags[name] is Provenance.DERIVED
    for name in ("T_AL19", "rho_AL19_def", "token_scale_AL19"):
        assert tags[name] is Provenance.RECONSTRUCTED
    stated_sources = {THEOREM.bound(n).source.paper for n, t in tags.items() if t is Provenance.STATED}
    assert all("2109.14142" not in s for s in stated_sources), "the paper itself was not read: nothing of it is stated"


def test_gen_bound_leading_term():
    b = THEOREM.bound("gen_bound")
    value = b.evaluate(n=1000, yHy=50.0, lam0=0.1, delta=0.05, c_lo=1.0)
    assert value == pytest.approx(np.sqrt(0.1) + np.sqrt(np.log(1000 / 0.005) / 1000))


def test_ntk_diagonal_bound_matches_recursion_constant():
    for L in (2, 5, 17):
        assert THEOREM.bound("ntk_diagonal").evaluate(L=L) == unit_token_ntk_diagonal(L)


def test_adhlw_examples():
    assert THEOREM.bound("yHy_monomial").evaluate(p_deg=2, alpha_coef=1.0, bnorm=2.0) == 24.0
    assert THEOREM.bound("yHy_cos").evaluate(bnorm=1.0) == pytest.approx(3 * np.sinh(1.0))


def test_readings_cross_at_e_to_the_b2_over_c0_over_eps():
    """log(AP2/AP1) = log L (c0 log L - c0 log(1/eps) - b2) (spec F19: AP2 carries no b2): zero at
    L = e^(b2/c0)/eps, which is 50 at c0 = 0.5, b2 = 0.5 log 5, eps = 0.1."""
    assert sp.simplify(readings.crossover_length() - sp.exp(Y.b2 / Y.c0) / Y.eps) == 0
    ap1, ap2 = THEOREM.bound("n_samples_AP1"), THEOREM.bound("n_samples_AP2")
    one = lambda L: ap1.evaluate(L=L, c0=0.5, b2=0.5 * np.log(5.0), eps=0.1)
    two = lambda L: ap2.evaluate(L=L, c0=0.5, eps=0.1)
    assert one(50) == pytest.approx(two(50), rel=1e-12)
    assert two(51) > one(51) and two(49) < one(49)


def test_readings_local_exponents_and_eps_dependence():
    exponents = readings.local_exponents()
    assert sp.diff(exponents["AP1"], Y.L) == 0
    assert sp.simplify(exponents["AP2"] - 2 * Y.c0 * sp.log(Y.L)) == 0
    assert readings.growth_in_inverse_eps() == {"AP1": Y.c0 * sp.log(Y.L), "AP2": 0}


def test_AP1_is_polynomial_in_L_and_n_variable_hypothesis():
    assert THEOREM.bound("n_samples_AP1").growth("L").kind == "polynomial"
    hypothesis = THEOREM.bound("M_N_template").hypotheses[0]
    assert hypothesis.holds_at({"N": 3, "l0": 2}) is True
    assert hypothesis.holds_at({"N": 4, "l0": 2}) is False


def test_options_encode_both_readings():
    option = THEOREM.options["almost_polynomial"]
    assert set(option.choices) == {"AP1", "AP2"}
    with pytest.raises(ValueError, match="almost_polynomial"):
        option.validate("AP3")
