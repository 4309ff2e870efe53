"""Linear RNNs, kernels and FFT convolution against independent computations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics import kernels
from rnnbounds.numerics.convolution import causal_convolution, direct_causal_convolution
from rnnbounds.numerics.finite import NonFiniteError
from rnnbounds.numerics.linear_rnn import LinearRNN, random_hurwitz


@given(seed=st.integers(0, 2**16), steps=st.integers(1, 40), d=st.integers(1, 3), batch=st.integers(1, 3))
def test_fft_convolution_matches_direct_sum(seed, steps, d, batch):
    rng = np.random.default_rng(seed)
    rho, x = rng.standard_normal((steps + 5, d)), rng.standard_normal((batch, steps, d))
    np.testing.assert_allclose(causal_convolution(rho, x, dt=0.5), direct_causal_convolution(rho, x, dt=0.5),
                               atol=1e-11 * (1 + np.abs(x).sum()))


def test_convolution_of_a_step_accumulates_the_kernel():
    rho = kernels.exponential(np.arange(50.0), 0.3)
    y = causal_convolution(rho, np.ones((50, 1)))
    np.testing.assert_allclose(y, np.cumsum(rho), rtol=1e-12)


def test_kernel_validation():
    with pytest.raises(ValueError):
        kernels.polynomial(np.arange(3.0), power=-1)
    with pytest.raises(ValueError):
        kernels.exponential(np.array([-1.0]), 1.0)


@given(seed=st.integers(0, 2**16), m=st.integers(1, 5), d=st.integers(1, 3))
def test_discrete_kernel_matches_simulation(seed, m, d):
    rng = np.random.default_rng(seed)
    W = random_hurwitz(rng, m, 0.5) * 0.3
    net = LinearRNN(W, rng.standard_normal((m, d)), rng.standard_normal(m))
    x = rng.standard_normal((12, d))
    h, y = np.zeros(m), []
    for k in range(12):
        y.append(net.c @ h)
        h = W @ h + net.U @ x[k]
    rho = net.discrete_kernel(12)  # y_k = sum_{j>=1} rho_j^T x_{k-j}
    expected = [sum(rho[j - 1] @ x[k - j] for j in range(1, k + 1)) for k in range(12)]
    np.testing.assert_allclose(y, expected, atol=1e-10)


def test_random_hurwitz_has_the_requested_abscissa():
    W = random_hurwitz(np.random.default_rng(0), 5, 0.25, (7,))
    np.testing.assert_allclose(np.linalg.eigvals(W).real.max(axis=-1), -0.25, atol=1e-10)


def test_continuous_kernel_of_a_diagonal_network_is_a_sum_of_exponentials():
    rates, c = np.array([0.5, 2.0]), np.array([1.0, -3.0])
    net = LinearRNN(-np.diag(rates), np.ones((2, 1)), c)
    t = np.linspace(0, 5, 11)
    np.testing.assert_allclose(net.kernel(t)[:, 0], kernels.sum_of_exponentials(t, rates, c), rtol=1e-12)


def test_simulation_raises_on_overflow_with_the_step():
    net = LinearRNN(np.array([[800.0]]), np.ones((1, 1)), np.ones(1))
    with pytest.raises(NonFiniteError, match="at step"):
        net.heaviside_states(np.ones(1), np.linspace(0, 10, 11))


def test_parameters_are_validated():
    with pytest.raises(ValueError, match="shapes"):
        LinearRNN(np.eye(2), np.ones((3, 1)), np.ones(2))
