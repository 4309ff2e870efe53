"""C_s and C_eps from the power series against the spec's worked values (sec. 7) and identities."""

import math

import mpmath
import pytest
import sympy as sp
from hypothesis import given, strategies as st

from rnnbounds.theorems.ntk_generalization.complexity import (
    boosted_exponential_asymptote, boosted_exponential_sum, sample_complexity, taylor_coefficients,
    width_complexity,
)

z = sp.Symbol("z")
SPEC_CS = {  # C_s / C* at R = 1, 2, 4, 8 (spec sec. 7, computed values)
    "exp": (sp.exp(z), [10.6075, 57.8128, 1008.21, 148426.8]),
    "exp-1": (sp.exp(z) - 1, [9.6075, 56.8128, 1007.21, 148425.8]),
    "sin": (sp.sin(z), [5.4486, 28.9959, 504.083, 74213.40]),
    "cos-1": (sp.cos(z) - 1, [4.1589, 27.8169, 503.126, 74212.42]),
}


@pytest.mark.parametrize("name", sorted(SPEC_CS))
def test_sample_complexity_matches_spec_table(name):
    phi, expected = SPEC_CS[name]
    for R, value in zip([1, 2, 4, 8], expected):
        assert float(sample_complexity(phi, R)) == pytest.approx(value, rel=6e-6)


def test_sample_complexity_scales_with_cstar_and_is_below_F17():
    for R in (0.5, 1.0, 3.0):
        cs = float(sample_complexity(sp.exp(z), R))
        assert float(sample_complexity(sp.exp(z), R, Cstar=1e4)) == pytest.approx(1e4 * cs, rel=1e-12)
        assert cs <= math.exp(R) * (R * R + 3 * R + 1)


@pytest.mark.parametrize("a, expected", [(1, 1.285), (10, 117.4), (100, 9.28e9), (1000, 3.89e46)])
def test_F23_sum_matches_spec(a, expected):
    assert float(boosted_exponential_sum(a)) == pytest.approx(expected, rel=2e-3)


def test_F23_asymptote_within_spec_accuracy_at_a_1000():
    assert float(mpmath.log(boosted_exponential_sum(1000))) == pytest.approx(107.3, abs=0.05)
    assert boosted_exponential_asymptote(1000) == pytest.approx(107.5, abs=0.05)


@given(a=st.sampled_from([1.0, 5.0, 20.0, 60.0]), eps=st.sampled_from([0.5, 0.1, 0.01, 1e-4]))
def test_width_complexity_of_expm1_is_exponential_plus_F23(a, eps):
    """C_eps(e^z - 1, R) = (e^{C* R} - 1) + S(sqrt(log 1/eps) C* R) exactly, with C* = 1."""
    R = a / math.sqrt(math.log(1 / eps))
    expected = mpmath.e**R - 1 + boosted_exponential_sum(a)
    assert float(width_complexity(sp.exp(z) - 1, R, eps)) == pytest.approx(float(expected), rel=1e-12)


@given(R=st.floats(0.05, 3.0), eps=st.floats(1e-6, 0.5))
def test_C_eps_grows_as_eps_shrinks_and_R_grows(R, eps):
    """Every weight of F1 is non-decreasing in R and in log(1/eps)."""
    base = width_complexity(sp.sin(z), R, eps)
    assert width_complexity(sp.sin(z), R, eps / 10) >= base
    assert width_complexity(sp.sin(z), 1.5 * R, eps) >= base


def test_polynomial_is_summed_exactly():
    assert float(sample_complexity(z**3 + 2 * z, 2.0)) == pytest.approx(2 * 2**1.75 * 2 + 4**1.75 * 8, rel=1e-14)
    assert float(width_complexity(sp.Integer(3) + 0 * z, 1.0, 0.1)) == pytest.approx(6.0)


def test_taylor_coefficients_of_cos():
    assert taylor_coefficients(sp.cos(z), 5) == (1, 0, sp.Rational(-1, 2), 0, sp.Rational(1, 24))


def test_divergent_or_bad_series_raise():
    with pytest.raises(ValueError, match="max_order"):
        sample_complexity(1 / (1 - z), 2.0)
    with pytest.raises(ValueError, match="one variable"):
        sample_complexity(sp.Symbol("x") * z, 1.0)
    with pytest.raises(ValueError, match="eps"):
        width_complexity(sp.exp(z), 1.0, 1.5)
