"""The E_m(beta) worst-case search, the balls, and the crossing and blow-up estimators."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.exponential_fit import fit_exponential_sum
from rnnbounds.numerics.fitted_linear_rnn import (
    diagonal_kernel, direct_error_function, direct_realisation, matrix_kernel,
    reparameterized_error_function, reparameterized_realisation,
)
from rnnbounds.numerics.perturbation import (
    block_norm, blow_up_points, crossing_points, perturbation_curve, project_to_ball,
    random_directions, worst_case_error,
)
from rnnbounds.numerics.reparameterization import SOFTPLUS


@given(norm=st.sampled_from(["spectral", "linf"]), beta=st.floats(1e-3, 10.0), seed=st.integers(0, 2**16),
       shape=st.sampled_from([(3,), (2, 2), (4, 1), (3, 5)]))
def test_projection_lands_in_the_ball_and_directions_on_its_sphere(norm, beta, seed, shape):
    rng = np.random.default_rng(seed)
    big = 10 * beta * rng.standard_normal((5,) + shape)
    assert np.all(block_norm(project_to_ball(big, beta, norm), norm) <= beta * (1 + 1e-12))
    np.testing.assert_allclose(block_norm(random_directions(shape, 4, beta, norm, rng), norm), beta, rtol=1e-12)
    inside = project_to_ball(big, beta, norm)
    np.testing.assert_allclose(project_to_ball(inside, beta, norm), inside, rtol=1e-10, atol=1e-14)


def test_linear_error_function_finds_the_exact_sup_for_a_readout_perturbation():
    # error(c + delta) = |delta . a| is maximised on the Euclidean sphere at |a|_2 beta
    a = np.array([3.0, -4.0])
    error_fn = lambda p: np.abs(p["c"] @ a)
    value, delta = worst_case_error(error_fn, {"c": np.zeros(2)}, 0.5, "spectral", np.random.default_rng(0),
                                    samples=3, ascent_steps=3)
    assert 0.999 * 2.5 <= value <= 2.5 * (1 + 1e-12)  # a lower estimate of the sup, and a close one
    assert np.linalg.norm(delta["c"]) <= 0.5 + 1e-12


def test_kernels_agree_for_a_diagonal_realisation():
    t = np.arange(1.0, 31.0)
    fit = fit_exponential_sum(t, (1 + t) ** -1.1, 3)
    theta = direct_realisation(fit)
    by_matrix = matrix_kernel(theta["W"][None], theta["U"][None], theta["c"][None], 30)[0]
    by_diagonal = diagonal_kernel(-fit.rates[None], theta["U"][None], theta["c"][None], 30)[0]
    np.testing.assert_allclose(by_matrix, fit(t), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(by_diagonal, fit(t), rtol=1e-12, atol=1e-14)


def test_identity_shift_blows_up_past_the_spectral_gap_and_softplus_does_not():
    t = np.arange(1.0, 101.0)
    rho = 0.9**t
    fit = fit_exponential_sum(t, rho, 2)
    betas = np.array([0.0, 0.05, 0.2, 0.4])
    direct = perturbation_curve(direct_error_function(rho, "sup"), direct_realisation(fit), betas, "spectral",
                                np.random.default_rng(0), samples=4, ascent_steps=0,
                                structured={"W": np.eye(2)[None]})
    assert direct[0] < 1e-12 and direct[-1] > 1e6  # eigenvalue -0.105 + 0.4 > 0 over 100 steps
    soft = perturbation_curve(reparameterized_error_function(rho, SOFTPLUS, "sup"),
                              reparameterized_realisation(fit, SOFTPLUS), betas, "spectral",
                              np.random.default_rng(0), samples=4, ascent_steps=0)
    assert soft[-1] < 10.0
    assert np.all(np.diff(direct) >= 0) and np.all(np.diff(soft) >= 0)


def test_crossing_and_blow_up_estimators():
    betas = np.array([0.0, 0.1, 0.2, 0.4])
    curves = np.array([[1.0, 1.0, 1.0, 2.0], [0.1, 0.5, 3.0, 9.0], [0.01, 0.9, 9.0, 99.0]])
    np.testing.assert_array_equal(crossing_points(betas, curves), [0.2, 0.1])
    np.testing.assert_array_equal(blow_up_points(betas, curves), [np.nan, 0.2, 0.1])
    np.testing.assert_array_equal(blow_up_points(betas, curves, floor=1.0), [np.nan, np.nan, 0.4])
    with pytest.raises(ValueError):
        crossing_points(betas, curves[:, :2])
    with pytest.raises(ValueError):
        blow_up_points(betas[1:], curves[:, 1:])
    with pytest.raises(ValueError):
        block_norm(np.ones((1, 2)), "l1")
