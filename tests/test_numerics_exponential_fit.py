"""Unit and property tests of the free-rate exponential fit (variable projection)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.exponential_fit import ExponentialFit, fit_exponential_sum

GRID = np.arange(1.0, 101.0)


@given(
    log_rates=st.lists(st.floats(np.log(0.02), np.log(2.0)), min_size=1, max_size=3),
    signs=st.lists(st.sampled_from([-1.0, 1.0]), min_size=3, max_size=3),
    seed=st.integers(0, 2**16),
)
def test_recovers_an_exact_exponential_sum(log_rates, signs, seed):
    rates = np.exp(np.sort(log_rates))
    if len(rates) > 1 and np.min(np.diff(np.log(rates))) < 0.7:
        rates = rates[:1]  # keep the modes separated so that the fit is identifiable
    coeffs = np.array(signs[: rates.size]) * np.linspace(1.0, 2.0, rates.size)
    rho = np.exp(-np.outer(GRID, rates)) @ coeffs
    fit = fit_exponential_sum(GRID, rho, rates.size, rng=np.random.default_rng(seed))
    assert fit.max_error <= 1e-8 * np.max(np.abs(rho))
    np.testing.assert_allclose(fit.rates, rates, rtol=1e-5)


def test_fit_is_callable_and_its_max_error_is_the_grid_error():
    rho = (1.0 + GRID) ** -1.1
    fit = fit_exponential_sum(GRID, rho, 3)
    assert isinstance(fit, ExponentialFit)
    assert np.isclose(np.max(np.abs(fit(GRID) - rho)), fit.max_error, rtol=1e-12, atol=0.0)
    assert fit(np.float64(5.0)).shape == ()
    assert np.all(np.diff(fit.rates) >= 0) and np.all(fit.rates > 0)


def test_exponential_kernel_keeps_its_rate_for_every_width():
    rho = 0.9**GRID
    for m in (1, 3, 6):
        fit = fit_exponential_sum(GRID, rho, m)
        assert fit.active_min_rate() == pytest.approx(-np.log(0.9), rel=1e-6)


def test_polynomial_kernel_min_rate_falls_and_error_falls_with_width():
    rho = (1.0 + GRID) ** -1.1
    fits = [fit_exponential_sum(GRID, rho, m) for m in (1, 2, 4, 6)]
    rates = [f.active_min_rate() for f in fits]
    errors = [f.max_error for f in fits]
    assert all(a > b for a, b in zip(rates, rates[1:])), rates
    assert all(a > b for a, b in zip(errors, errors[1:])), errors


def test_more_terms_never_fit_worse():
    rho = (1.0 + 0.1 * GRID) ** -1.1
    errors = [np.linalg.norm(fit_exponential_sum(GRID, rho, m)(GRID) - rho) for m in (1, 2, 3, 4)]
    assert all(b <= a * (1 + 1e-9) for a, b in zip(errors, errors[1:])), errors


def test_same_seed_same_fit():
    rho = (1.0 + GRID) ** -1.5
    a = fit_exponential_sum(GRID, rho, 4, rng=np.random.default_rng(3))
    b = fit_exponential_sum(GRID, rho, 4, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.rates, b.rates)
    np.testing.assert_array_equal(a.coefficients, b.coefficients)


def test_active_min_rate_ignores_negligible_modes():
    fit = ExponentialFit(np.array([0.01, 0.5]), np.array([1e-12, 1.0]), 0.0)
    assert fit.active_min_rate() == 0.5
    assert fit.active_min_rate(tol=1e-14) == 0.01


@pytest.mark.parametrize(
    "t, rho, m",
    [
        (GRID, GRID[:-1], 2),
        (GRID[::-1], GRID, 2),
        (GRID, GRID, 0),
        (GRID, GRID, 101),
        (GRID, np.full_like(GRID, np.nan), 1),
        (np.ones((2, 2)), np.ones((2, 2)), 1),
    ],
)
def test_bad_input_raises_value_error(t, rho, m):
    with pytest.raises(ValueError):
        fit_exponential_sum(t, rho, m)


def test_several_widths_at_once_match_one_at_a_time():
    from rnnbounds.numerics.exponential_fit import fit_exponential_sums

    rho = (1.0 + GRID) ** -1.1
    together = fit_exponential_sums(GRID, rho, [2, 4], rng=np.random.default_rng(1))
    alone = fit_exponential_sum(GRID, rho, 4, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(together[1].rates, alone.rates)
    assert together[0].rates.size == 2
    with pytest.raises(ValueError):
        fit_exponential_sums(GRID, rho, [])
