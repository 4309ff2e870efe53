"""Continuous-time, residual and SSM RNN simulators: exact cases, batching, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.linalg import expm

from rnnbounds.numerics.activations import HARDTANH, IDENTITY, TANH, scaled_linear
from rnnbounds.numerics.ctrnn import (
    RNNWeights, heaviside_output_rate, heaviside_velocity, readout, residual_rnn, ssm_rnn,
)
from rnnbounds.numerics.finite import NonFiniteError
from rnnbounds.numerics.teachers import symmetric_hurwitz


def _weights(rng, ensemble, m, d, rates=None):
    rates = rng.uniform(0.3, 2.0, (ensemble, m)) if rates is None else rates
    return RNNWeights(symmetric_hurwitz(rng, rates), rng.standard_normal((ensemble, m, d)),
                      rng.standard_normal((ensemble, m)), rng.standard_normal((ensemble, m)))


@given(m=st.integers(1, 5), d=st.integers(1, 3), seed=st.integers(0, 2**16))
def test_linear_heaviside_rate_is_the_matrix_exponential(m, d, seed):
    rng = np.random.default_rng(seed)
    w = _weights(rng, 2, m, d)
    w = RNNWeights(w.W, w.U, np.zeros_like(w.b), w.c)
    levels = rng.standard_normal((3, d))
    t = np.linspace(0.0, 8.0, 17)
    rate = heaviside_output_rate(w, IDENTITY, levels, t)
    exact = np.einsum("ei,etij,ejd,bd->ebt", w.c, expm(w.W[:, None] * t[None, :, None, None]), w.U, levels)
    np.testing.assert_allclose(rate, exact, rtol=1e-7, atol=1e-12 * np.abs(exact).max())


def test_v_system_and_state_integration_agree_and_batching_is_exact():
    rng = np.random.default_rng(4)
    w = _weights(rng, 3, 4, 2)
    levels = rng.standard_normal((2, 2))
    t = np.linspace(0.0, 10.0, 21)
    v = heaviside_velocity(w, TANH, levels, t)
    s = heaviside_velocity(w, TANH, levels, t, method="state")
    np.testing.assert_allclose(v, s, rtol=1e-5, atol=1e-9)
    one = RNNWeights(w.W[1:2], w.U[1:2], w.b[1:2], w.c[1:2])
    np.testing.assert_allclose(heaviside_velocity(one, TANH, levels[1:], t)[0, 0], v[1, 1], rtol=1e-8, atol=1e-14)
    assert v.shape == (3, 2, 21, 4)


def test_velocity_starts_at_sigma_of_the_drive():
    rng = np.random.default_rng(1)
    w = _weights(rng, 1, 3, 1)
    v = heaviside_velocity(w, HARDTANH, np.array([[2.0]]), np.array([0.0, 1.0]))
    np.testing.assert_allclose(v[0, 0, 0], np.clip(w.U[0, :, 0] * 2.0 + w.b[0], -1, 1))


def test_residual_rnn_matches_its_recursion_and_ssm_its_linear_form():
    rng = np.random.default_rng(2)
    w = _weights(rng, 2, 3, 1)
    x = rng.standard_normal((4, 6, 1))
    path = residual_rnn(w, scaled_linear(0.5), x, dt=0.3)
    h = np.zeros(3)
    for k in range(6):
        h = h + 0.3 * 0.5 * (w.W[1] @ h + w.U[1, :, 0] * x[2, k, 0] + w.b[1])
    np.testing.assert_allclose(path[1, 2, -1], h, rtol=1e-12)
    out = ssm_rnn(w, IDENTITY, x)
    h = np.zeros(3)
    for k in range(6):
        h = w.W[0] @ h + w.U[0, :, 0] * x[3, k, 0] + w.b[0]
    np.testing.assert_allclose(out[0, 3, -1], h, rtol=1e-12)
    assert readout(w, out).shape == (2, 4, 6)


def test_overflow_raises_naming_the_step():
    w = RNNWeights.single(np.array([[5.0]]), np.array([[1.0]]), np.zeros(1), np.ones(1))
    with pytest.raises(NonFiniteError, match="step"):
        ssm_rnn(w, IDENTITY, np.ones((1, 600, 1)))


@pytest.mark.parametrize("bad", [
    dict(W=np.zeros((1, 2, 3))), dict(U=np.zeros((1, 2))), dict(c=np.zeros((2, 2))), dict(b=np.full((1, 2), np.nan)),
])
def test_bad_weights_raise(bad):
    base = dict(W=np.zeros((1, 2, 2)), U=np.zeros((1, 2, 1)), b=np.zeros((1, 2)), c=np.zeros((1, 2)))
    with pytest.raises(ValueError):
        RNNWeights(**{**base, **bad})


def test_bad_levels_times_and_method_raise():
    w = RNNWeights.single(-np.eye(2), np.ones((2, 1)), np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match="levels"):
        heaviside_velocity(w, TANH, np.ones((2, 2)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="times"):
        heaviside_velocity(w, TANH, np.ones((2, 1)), np.array([1.0, 0.5]))
    with pytest.raises(ValueError, match="method"):
        heaviside_velocity(w, TANH, np.ones((2, 1)), np.array([0.0, 1.0]), method="euler")
    with pytest.raises(ValueError, match="dt"):
        residual_rnn(w, TANH, np.ones((1, 3, 1)), dt=0.0)
