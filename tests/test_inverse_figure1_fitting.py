"""Linear RNN fitting for the Figure 1 protocol: exact gradients, the fixed-basis fit, the trained fit,
the discrete kernel and the continuous inverse map, with literals worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.linear_rnn_fitting import (
    discrete_diagonal_kernel, fixed_basis_fit, geometric_rate_grid, kernel_loss, kernel_loss_gradient, train_linear_rnn,
)
from rnnbounds.numerics.reparameterization import reparameterization

T = np.arange(1.0, 31.0)


@given(ensemble=st.integers(1, 3), m=st.integers(1, 5), seed=st.integers(0, 2**16))
def test_kernel_loss_gradient_matches_central_differences(ensemble, m, seed):
    """Relative error <= 1e-6 of every partial derivative against central differences, step 1e-6."""
    rng = np.random.default_rng(seed)
    params = {"log_rates": rng.uniform(np.log(0.02), np.log(1.5), (ensemble, m)),
              "U": rng.standard_normal((ensemble, m)), "c": rng.standard_normal((ensemble, m))}
    rho = (1.0 + T) ** -1.1
    _, grads = kernel_loss_gradient(params["log_rates"], params["U"], params["c"], T, rho)
    step = 1e-6
    for name in params:
        numeric = np.zeros_like(params[name])
        for index in np.ndindex(params[name].shape):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[name][index] += step
            down[name][index] -= step
            numeric[index] = (kernel_loss(up["log_rates"], up["U"], up["c"], T, rho)[index[0]]
                              - kernel_loss(down["log_rates"], down["U"], down["c"], T, rho)[index[0]]) / (2 * step)
        scale = np.max(np.abs(numeric)) + 1e-12
        assert np.max(np.abs(grads[name] - numeric)) <= 1e-6 * scale + 1e-12, name


def test_kernel_loss_literal():
    """rho_hat = 6 e^{-t} on t = (0, 1) against rho = (6, 0): L = (1/4)(6/e)^2 = 9 / e^2."""
    loss = kernel_loss(np.zeros((1, 1)), np.array([[2.0]]), np.array([[3.0]]), np.array([0.0, 1.0]), np.array([6.0, 0.0]))
    assert loss[0] == pytest.approx(1.2180175491295145, rel=1e-12)


def test_geometric_rate_grid_literals_and_edges():
    np.testing.assert_allclose(geometric_rate_grid(3, 0.01, 1.0), [0.01, 0.1, 1.0], rtol=1e-14)
    np.testing.assert_allclose(geometric_rate_grid(1, 0.01, 1.0), [0.01])
    with pytest.raises(ValueError, match="high"):
        geometric_rate_grid(3, 1.0, 1.0)
    with pytest.raises(ValueError, match="low"):
        geometric_rate_grid(3, 0.0, 1.0)


def test_fixed_basis_fit_recovers_a_sum_on_its_grid_and_not_off_it():
    rho = 2.0 * np.exp(-0.1 * T) + 3.0 * np.exp(-T)
    coefficients, error = fixed_basis_fit(T, rho, np.array([0.1, 1.0]))
    np.testing.assert_allclose(coefficients, [2.0, 3.0], rtol=1e-10)
    assert error < 1e-12
    _, off_grid = fixed_basis_fit(T, rho, np.array([0.2, 1.0]))
    assert off_grid > 1e-2
    with pytest.raises(ValueError, match="rates"):
        fixed_basis_fit(T, rho, np.array([0.0, 1.0]))


def test_discrete_kernel_literal():
    """a = (0.5, -1), U = 1, c = (2, 1): t = 1, 2, 3 give 0, 1.5, -0.75."""
    out = discrete_diagonal_kernel(np.array([[0.5, -1.0]]), np.ones((1, 2)), np.array([[2.0, 1.0]]), 3)
    np.testing.assert_allclose(out[0], [0.0, 1.5, -0.75], rtol=1e-14)


def test_training_recovers_a_single_exponential_and_is_seeded():
    """m = 1 on 0.9^t: the rate is -ln 0.9 = 0.105360515657826 and c U = 1 (to 1e-3)."""
    rho = 0.9 ** np.arange(1.0, 101.0)
    net = train_linear_rnn(np.arange(1.0, 101.0), rho, 1, np.random.default_rng(3), ensemble=2)
    np.testing.assert_allclose(net.rates[:, 0], 0.105360515657826, rtol=1e-3)
    np.testing.assert_allclose(net.inputs[:, 0] * net.readout[:, 0], 1.0, rtol=1e-3)
    again = train_linear_rnn(np.arange(1.0, 101.0), rho, 1, np.random.default_rng(3), ensemble=2)
    np.testing.assert_array_equal(net.rates, again.rates)
    short = train_linear_rnn(np.arange(1.0, 101.0), rho, 1, np.random.default_rng(3), ensemble=2, steps=5)
    assert np.all(short.loss > 100 * net.loss)


def test_training_rejects_bad_arguments():
    with pytest.raises(ValueError, match="learning_rate"):
        train_linear_rnn(T, np.exp(-T), 1, np.random.default_rng(0), learning_rate=0.0)
    with pytest.raises(ValueError, match="rho"):
        train_linear_rnn(T, np.exp(-T[:-1]), 1, np.random.default_rng(0))


def test_continuous_inverse_map_literals_and_clamp():
    """g(w) = -1/w for w >= 0.01: g(0.5) = -2, g(4) = -0.25; below the floor g = -100."""
    g = reparameterization("inverse-continuous")
    np.testing.assert_allclose(g(np.array([0.5, 4.0, 0.01, 0.0099, -3.0])), [-2.0, -0.25, -100.0, -100.0, -100.0])
    np.testing.assert_allclose(g.inverse(np.array([-4.0, -100.0])), [0.25, 0.01])
    for outside in (-100.5, 0.0):
        with pytest.raises(ValueError, match="eigenvalues"):
            g.inverse(np.array([outside]))


def test_eigen_kernel_matches_expm_powers_and_falls_back_on_a_jordan_block():
    from rnnbounds.numerics.fitted_linear_rnn import matrix_kernel
    from rnnbounds.numerics.linear_rnn_fitting import eigen_matrix_kernel

    rng = np.random.default_rng(5)
    W = -np.diag(np.geomspace(0.01, 1.0, 6))[None] + 0.3 * rng.standard_normal((4, 6, 6)) / np.sqrt(6)
    U, c = rng.standard_normal((4, 6)), rng.standard_normal((4, 6))
    expected = matrix_kernel(W, U, c, 40)
    np.testing.assert_allclose(eigen_matrix_kernel(W, U, c, 40), expected, rtol=1e-9, atol=1e-12 * np.abs(expected).max())
    jordan = np.array([[[-1.0, 1.0], [0.0, -1.0]]])   # e^{Wt} = e^{-t} (I + t N): c^T e^{Wt} U = t e^{-t}
    out = eigen_matrix_kernel(jordan, np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]), 2)
    np.testing.assert_allclose(out[0], [0.36787944117144233, 0.2706705664732254], rtol=1e-10)
    blown = eigen_matrix_kernel(np.array([[[800.0]]]), np.ones((1, 1)), np.ones((1, 1)), 3)
    assert blown[0, 0] == np.inf


def test_training_stops_once_the_error_is_reached_and_not_before():
    t = np.arange(1.0, 101.0)
    rho = 0.9**t
    full = train_linear_rnn(t, rho, 1, np.random.default_rng(3))
    stopped = train_linear_rnn(t, rho, 1, np.random.default_rng(3), stop_error=0.05)
    assert stopped.max_error[0] <= 0.05 and stopped.max_error[0] > 10 * full.max_error[0]
    with pytest.raises(ValueError, match="stop_error"):
        train_linear_rnn(t, rho, 1, np.random.default_rng(3), stop_error=0.0)
