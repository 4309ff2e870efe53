"""Exact BPTT gradients of the residual diagonal RNN (against central differences) and Adam."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.activations import HARDTANH, IDENTITY, TANH
from rnnbounds.numerics.residual_training import (
    PARAMETERS, AdamSettings, ResidualDiagonalRNN, adam, forward, mse_loss_and_gradient, rates,
)


@given(m=st.integers(1, 5), n=st.integers(1, 4), steps=st.integers(1, 8), seed=st.integers(0, 2**16),
       phi=st.sampled_from(["relu", "identity", "softplus"]), sigma=st.sampled_from([TANH, IDENTITY]),
       dt=st.sampled_from([0.3, 1.0]))
def test_gradient_matches_central_differences(m, n, steps, seed, phi, sigma, dt):
    rng = np.random.default_rng(seed)
    model = ResidualDiagonalRNN.initial(m, rng)
    model = ResidualDiagonalRNN.from_dict({**model.as_dict(), "w": rng.uniform(0.1, 1.0, m) * rng.choice([-1, 1], m),
                                           "b": 0.1 * rng.standard_normal(m), "c0": np.asarray(0.3)})
    x, y = rng.standard_normal((n, steps)), rng.standard_normal((n, steps))
    _, grads = mse_loss_and_gradient(model, sigma, x, y, dt, phi)
    params, h = model.as_dict(), 1e-6
    for name in PARAMETERS:
        for index in np.ndindex(params[name].shape):
            plus, minus = ({k: v.copy() for k, v in params.items()} for _ in range(2))
            plus[name][index] += h
            minus[name][index] -= h
            numeric = (mse_loss_and_gradient(ResidualDiagonalRNN.from_dict(plus), sigma, x, y, dt, phi)[0]
                       - mse_loss_and_gradient(ResidualDiagonalRNN.from_dict(minus), sigma, x, y, dt, phi)[0]) / (2 * h)
            assert grads[name][index] == pytest.approx(numeric, rel=1e-5, abs=1e-8), (name, index)


def test_forward_matches_the_recursion_and_adam_lowers_the_loss():
    rng = np.random.default_rng(0)
    model = ResidualDiagonalRNN.initial(4, rng)
    x = rng.standard_normal((64, 20))
    y = np.cumsum(0.5 * x, axis=1) * 0.1
    y_hat, h, _ = forward(model, HARDTANH, x, 1.0, "relu")
    state = np.zeros(4)
    lam = np.maximum(model.w, 0)
    for k in range(20):
        state = state + np.clip(x[3, k] * model.u + model.b - lam * state, -1, 1)
    assert y_hat[3, -1] == pytest.approx(state @ model.c + model.c0, rel=1e-12)
    trained, losses = adam(model, HARDTANH, x, y, 1.0, "softplus", AdamSettings(steps=150))
    assert losses[-1] < 0.2 * losses[0]
    assert isinstance(trained, ResidualDiagonalRNN)


def test_grown_network_computes_the_same_outputs():
    from rnnbounds.numerics.residual_training import grown

    rng = np.random.default_rng(1)
    small = ResidualDiagonalRNN.initial(3, rng)
    big = grown(small, 7, rng)
    x = rng.standard_normal((5, 12))
    assert big.w.size == 7
    np.testing.assert_allclose(forward(big, TANH, x, 1.0, "softplus")[0], forward(small, TANH, x, 1.0, "softplus")[0],
                               rtol=1e-13)
    with pytest.raises(ValueError):
        grown(big, 2, rng)


def test_bad_inputs_raise():
    with pytest.raises(ValueError):
        rates(np.ones(2), "sigmoid")
    with pytest.raises(ValueError):
        forward(ResidualDiagonalRNN.initial(2, np.random.default_rng(0)), TANH, np.ones(3), 1.0, "relu")
    with pytest.raises(ValueError):
        ResidualDiagonalRNN.initial(0, np.random.default_rng(0))
