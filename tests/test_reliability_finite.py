"""Simulators driven into overflow raise NonFiniteError (a ValueError) naming the quantity and step.

A simulator that still returns NaN or inf silently is marked xfail(strict=True) with the gap
named, so the mark must be removed (and the test then guards it) once the check is added.
"""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.activations import IDENTITY, TANH
from rnnbounds.numerics.finite import NonFiniteError


@pytest.fixture(autouse=True)
def overflow_without_warnings():
    """Let overflow happen quietly (as outside the test suite), so that what is checked is the
    simulator's own NonFiniteError, not the suite's RuntimeWarning-as-error filter."""
    with np.errstate(over="ignore", invalid="ignore"):
        yield


def exploding_diagonal(rng, steps=400):
    from rnnbounds.numerics.diagonal_rnn import DiagonalParams

    m, d = 4, 2
    params = DiagonalParams(np.full((1, m), 10.0), rng.standard_normal((1, m, d)), np.ones((1, m)))
    return params, rng.standard_normal((3, steps, d))


def test_diagonal_forward_names_the_step(rng=np.random.default_rng(0)):
    from rnnbounds.numerics.diagonal_rnn import hidden_states

    params, X = exploding_diagonal(rng)
    with pytest.raises(NonFiniteError, match=r"hidden state h_t at step \d+") as caught:
        hidden_states(params, X, IDENTITY)
    assert 250 < caught.value.step < 400  # 10^t overflows float64 near t = 308


def test_diagonal_gradient_raises_not_nan(rng=np.random.default_rng(1)):
    from rnnbounds.numerics.diagonal_bptt import loss_and_gradient

    params, X = exploding_diagonal(rng)
    with pytest.raises(NonFiniteError):
        loss_and_gradient(params, X, np.zeros(3), IDENTITY)


def test_diagonal_gd_with_huge_step_raises(rng=np.random.default_rng(2)):
    from rnnbounds.numerics.diagonal_rnn import symmetric_init
    from rnnbounds.numerics.projected_gd import projected_gradient_descent

    start = symmetric_init(rng, 1, 4, 2, alpha=0.5)
    X, Y = rng.standard_normal((5, 6, 2)), 10.0 * rng.standard_normal(5)
    with pytest.raises(NonFiniteError):
        projected_gradient_descent(start, X, Y, IDENTITY, eta=1e200, steps=5)


def test_elman_forward_names_the_step(rng=np.random.default_rng(3)):
    from rnnbounds.numerics.elman_rnn import forward, init_elman

    params = init_elman(rng, 1, 8, 2)
    loud = params.with_recurrent(100.0 * np.abs(params.W))
    with pytest.raises(NonFiniteError, match=r"pre-activation g_l at step \d+"):
        forward(loud, np.abs(rng.standard_normal((2, 400, 2))))


def test_elman_training_with_huge_step_raises(rng=np.random.default_rng(4)):
    from rnnbounds.numerics.elman_rnn import init_elman
    from rnnbounds.numerics.gd_training import train_recurrent

    params = init_elman(rng, 1, 8, 2)
    X, y = rng.standard_normal((4, 5, 2)), 10.0 * rng.standard_normal(4)
    with pytest.raises(NonFiniteError):
        train_recurrent(params, X, y, steps=20, step_size=1e150)


def unstable_ctrnn(m=3, d=1):
    from rnnbounds.numerics.ctrnn import RNNWeights

    return RNNWeights.single(5.0 * np.eye(m), np.ones((m, d)), np.zeros(m), np.ones(m))


def test_residual_and_ssm_rnn_name_the_step():
    from rnnbounds.numerics.ctrnn import residual_rnn, ssm_rnn

    inputs = np.ones((1, 600, 1))
    with pytest.raises(NonFiniteError, match=r"residual RNN hidden state h at step \d+"):
        residual_rnn(unstable_ctrnn(), IDENTITY, inputs, dt=1.0)
    with pytest.raises(NonFiniteError, match=r"SSM hidden state h at step \d+"):
        ssm_rnn(unstable_ctrnn(), TANH, inputs)


def test_ctrnn_heaviside_overflow_is_an_error():
    from rnnbounds.numerics.ctrnn import heaviside_velocity

    with pytest.raises(ValueError, match="v-system|solver"):
        heaviside_velocity(unstable_ctrnn(), IDENTITY, np.ones((1, 1)), np.linspace(0.0, 400.0, 5))


def unstable_linear():
    from rnnbounds.numerics.linear_rnn import LinearRNN

    m = 3
    return LinearRNN(W=10.0 * np.eye(m), U=np.ones((m, 1)), c=np.ones(m))


def test_linear_rnn_heaviside_states_name_the_step():
    with pytest.raises(NonFiniteError, match=r"hidden state h_t at step \d+"):
        unstable_linear().heaviside_states(np.ones(1), np.linspace(0.0, 200.0, 401))


def test_linear_rnn_discrete_kernel_overflow_raises():
    try:
        kernel = unstable_linear().discrete_kernel(400)
    except NonFiniteError:
        return
    assert np.isfinite(kernel).all(), "returned non-finite values without raising"


def test_linear_rnn_kernel_overflow_raises():
    try:
        memory = unstable_linear().memory(np.array([1.0, 100.0]))
    except NonFiniteError:
        return
    assert np.isfinite(memory).all(), "returned non-finite values without raising"


def test_infinite_width_ntk_recursion_overflow_raises():
    """Tokens of 1e200 give a kernel near 1e400: a ValueError naming X, not inf/inf = NaN."""
    from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk

    with pytest.raises(ValueError, match=r"argument X: .*float64 range"):
        rnn_ntk(1e200 * np.ones((2, 3, 2)))
    theta = rnn_ntk(1e150 * np.ones((2, 3, 2)))  # 1e300 times the unit-scale kernel: representable
    assert np.isfinite(theta).all() and theta[0, 0] > 1e299
