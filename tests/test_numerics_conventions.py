"""Simulator conventions, each pinned on a tiny case worked out by hand (2 units, T = 2).

Conventions under test, as the docstrings state them:
- kinks: relu'(0) = 0 and hardtanh'(+-1) = 0, so a unit exactly on a kink passes no gradient;
- norms: kernel_error "l1" is a sum over t (not a mean), "sup" a max; the memory function is a max
  over levels of |rate| / N(x); block_norm is spectral/Euclidean or entrywise max;
- readout pairing: the diagonal readout adds neuron i and neuron i + m/2 first;
- time indexing: diagonal RNN h_{-1} = 0 and f = f_{T-1}; Elman h_0 = 0, h_1..h_L; the residual
  and SSM paths return h_1..h_T; the discrete kernel starts at rho_1 = c^T U; step memory uses y_{-1} = 0.
Every expected value below was computed by hand from the model equations in those docstrings.
"""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.activations import HARDTANH, IDENTITY, RELU
from rnnbounds.numerics.convolution import causal_convolution
from rnnbounds.numerics.ctrnn import RNNWeights, residual_rnn, ssm_rnn
from rnnbounds.numerics.diagonal_bptt import loss_and_gradient
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, network_output, readout
from rnnbounds.numerics.elman_rnn import ElmanParams, forward, outputs
from rnnbounds.numerics.fitted_linear_rnn import kernel_error
from rnnbounds.numerics.linear_rnn import LinearRNN
from rnnbounds.numerics.memory import memory_from_rates, step_memory
from rnnbounds.numerics.neuron_derivatives import tangent_features
from rnnbounds.numerics.perturbation import block_norm
from rnnbounds.numerics.residual_training import ResidualDiagonalRNN, forward as residual_forward, rates

SQRT2 = np.sqrt(2.0)


def test_derivatives_at_kinks_are_zero():
    z = np.array([-1.0, 0.0, 1.0])
    assert RELU.derivative(z).tolist() == [0.0, 0.0, 1.0]
    assert HARDTANH.derivative(np.array([-1.0, -0.999, 0.999, 1.0])).tolist() == [0.0, 1.0, 1.0, 0.0]
    assert rates(np.array([-1.0, 0.0, 2.0]), "relu")[1].tolist() == [0.0, 0.0, 1.0]


def two_unit_diagonal(c=(1.0, 1.0)) -> DiagonalParams:
    return DiagonalParams(np.array([[0.5, 0.5]]), np.array([[[1.0], [1.0]]]), np.array([c]))


def test_bptt_through_a_relu_kink_passes_no_gradient():
    """x = (1, -0.5): z_0 = 1, z_1 = 0.5 * 1 - 0.5 = 0 exactly, so q_1 = g_1 relu'(0) = 0 and all
    gradients vanish (with relu'(0) = 1, dR/dw_i would be -1/sqrt 2). f_1 = 0, Y = 1: R = 1/2."""
    X = np.array([[[1.0], [-0.5]]])
    value, grad_w, grad_U = loss_and_gradient(two_unit_diagonal(), X, np.array([1.0]), RELU)
    assert value.tolist() == [0.5]
    assert grad_w.tolist() == [[0.0, 0.0]] and grad_U.tolist() == [[[0.0], [0.0]]]


def test_bptt_just_off_the_kink():
    """x = (1, -0.4): h_0 = 1, h_1 = 0.1 per unit, f_1 = 0.2 / sqrt 2; with Y = 1,
    q_1 = (f_1 - 1)/sqrt 2 = 0.1 - 1/sqrt 2 = dR/dw_i, q_0 = w q_1, dR/du_i = q_1 x_1 + q_0 x_0 = 0.1 q_1."""
    X = np.array([[[1.0], [-0.4]]])
    value, grad_w, grad_U = loss_and_gradient(two_unit_diagonal(), X, np.array([1.0]), RELU)
    q1 = 0.1 - 1.0 / SQRT2
    assert value[0] == pytest.approx(0.5 * (0.1 * SQRT2 - 1.0) ** 2, rel=1e-14)
    assert np.allclose(grad_w, [[q1, q1]], rtol=1e-14, atol=0)
    assert np.allclose(grad_U, [[[0.1 * q1], [0.1 * q1]]], rtol=1e-13, atol=0)


def test_diagonal_time_indexing_and_readout():
    """w = (0.5, -1), u = (1, 2), c = (1, -1), identity, x = (1, -1):
    h_0 = u x_0 = (1, 2); h_1 = w h_0 + u x_1 = (-0.5, -4); f_0 = (1 - 2)/sqrt 2, f_1 = (-0.5 + 4)/sqrt 2."""
    params = DiagonalParams(np.array([[0.5, -1.0]]), np.array([[[1.0], [2.0]]]), np.array([[1.0, -1.0]]))
    X = np.array([[[1.0], [-1.0]]])
    assert network_output(params, X, IDENTITY)[0, 0] == pytest.approx(3.5 / SQRT2, rel=1e-15)
    assert np.allclose(network_output(params, X, IDENTITY, every_step=True), [[[-1 / SQRT2, 3.5 / SQRT2]]],
                       rtol=1e-15, atol=0)
    psi = tangent_features(params.w, params.U, X, IDENTITY)[0, 0]  # dh_1/d(w_i, u_i) = (h_0, w x_0 + x_1)
    assert psi.tolist() == [[1.0, -0.5], [2.0, -2.0]]


def test_readout_pairs_i_with_i_plus_half():
    """m = 4, c = (1, 1, -1, -1), h = (1, 2, 3, 5): f = ((1 - 3) + (2 - 5)) / sqrt 4 = -2.5."""
    params = DiagonalParams(np.zeros((1, 4)), np.zeros((1, 4, 1)), np.array([[1.0, 1.0, -1.0, -1.0]]))
    assert readout(params, np.array([[[1.0, 2.0, 3.0, 5.0]]])).tolist() == [[-2.5]]


def test_elman_time_indexing():
    """W = [[0.5, 0], [1, -1]], A = (1, 2), b = (1, 1), x = (1, 1): h_0 = 0, h_1 = relu(A) = (1, 2),
    h_2 = relu(W h_1 + A) = relu(1.5, 1) = (1.5, 1); F = b^T h_2 = 2.5; readout all = (3, 2.5)."""
    params = ElmanParams(np.array([[[0.5, 0.0], [1.0, -1.0]]]), np.array([[[1.0], [2.0]]]), np.array([[1.0, 1.0]]))
    trace = forward(params, np.array([[[1.0], [1.0]]]))
    assert trace.hidden[0, 0].tolist() == [[0.0, 0.0], [1.0, 2.0], [1.5, 1.0]]
    assert outputs(params, trace).tolist() == [[2.5]]
    assert outputs(params, trace, "all").tolist() == [[[3.0, 2.5]]]


def ctrnn_weights() -> RNNWeights:
    return RNNWeights.single(np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[1.0], [0.0]]),
                             np.array([0.0, 1.0]), np.array([1.0, -1.0]))


def test_residual_and_ssm_return_h_1_to_h_T():
    """x = (2, 0), dt = 0.5, identity. Residual: h_1 = 0.5 (U x_0 + b) = (1, 0.5),
    h_2 = h_1 + 0.5 (W h_1 + b) = (1.25, 1). SSM: h_1 = U x_0 + b = (2, 1), h_2 = W h_1 + b = (1, 1)."""
    inputs = np.array([[[2.0], [0.0]]])
    assert residual_rnn(ctrnn_weights(), IDENTITY, inputs, dt=0.5)[0, 0].tolist() == [[1.0, 0.5], [1.25, 1.0]]
    assert ssm_rnn(ctrnn_weights(), IDENTITY, inputs)[0, 0].tolist() == [[2.0, 1.0], [1.0, 1.0]]


def test_residual_training_outputs_read_h_k_plus_1():
    """lambda = phi(w) = (1, 0), u = (1, 1), b = (0, 1), c = (1, -1), c0 = 0.5, dt = 0.5, x = (2, 0):
    h_1 = 0.5 (2, 3) = (1, 1.5); h_2 = h_1 + 0.5 ((0, 1) - (1, 0) h_1) = (0.5, 2); y_k = c^T h_{k+1} + c0 = (0, -1)."""
    model = ResidualDiagonalRNN(np.array([1.0, 0.0]), np.ones(2), np.array([0.0, 1.0]), np.array([1.0, -1.0]),
                                np.array(0.5))
    y, h, _ = residual_forward(model, IDENTITY, np.array([[2.0, 0.0]]), 0.5, "identity")
    assert y.tolist() == [[0.0, -1.0]]
    assert h[0].tolist() == [[0.0, 0.0], [1.0, 1.5], [0.5, 2.0]]


def test_discrete_kernel_starts_at_rho_1_and_convolution_at_lag_0():
    """rho_k = c^T W^{k-1} U: W = diag(0.5, -1), U = (1, 1), c = (1, 2): rho_1 = 3, rho_2 = 0.5 - 2 = -1.5.
    y_k = dt sum_{j<=k} rho_j x_{k-j} with rho = (1, 0.5), x = (2, 4), dt = 0.5: y = (1, 2.5)."""
    model = LinearRNN(np.diag([0.5, -1.0]), np.ones((2, 1)), np.array([1.0, 2.0]))
    assert model.discrete_kernel(2)[:, 0].tolist() == [3.0, -1.5]
    y = causal_convolution(np.array([1.0, 0.5]), np.array([[2.0, 4.0]]), dt=0.5)
    assert np.allclose(y, [[1.0, 2.5]], rtol=1e-14, atol=1e-15)


def test_memory_is_a_max_over_levels_and_step_memory_starts_from_zero():
    """rates (1, -3), (2, 2) at levels (1, -2), (0.5, 0.5): N = |x|_inf = (2, 0.5), so
    |rate|/N = (0.5, 1.5), (4, 4) and M = (4, 4); with N = |x|_inf + 1 = (3, 1.5): M = (4/3, 4/3).
    Step memory of y = (1, 3) at level 2: (y_0 - 0, y_1 - y_0) / 2 = (0.5, 1)."""
    levels = np.array([[1.0, -2.0], [0.5, 0.5]])
    rates_ = np.array([[1.0, -3.0], [2.0, 2.0]])
    assert memory_from_rates(rates_, levels).tolist() == [4.0, 4.0]
    assert np.allclose(memory_from_rates(rates_, levels, "inf+1"), [4 / 3, 4 / 3], rtol=1e-15)
    assert step_memory(np.array([[1.0, 3.0]]), np.array([[2.0]])).tolist() == [0.5, 1.0]


def test_l1_is_a_sum_and_sup_a_max():
    """rho = (1, 0.5), kernel (0.5, 1): gaps (0.5, 0.5): l1 = 1.0 (a mean would give 0.5), sup = 0.5."""
    rho, kernels = np.array([1.0, 0.5]), np.array([[0.5, 1.0]])
    assert kernel_error(rho, kernels, "l1").tolist() == [1.0]
    assert kernel_error(rho, kernels, "sup").tolist() == [0.5]


def test_block_norms():
    """[[1, 1], [1, 1]]: spectral 2, entrywise max 1; (3, 4): Euclidean 5, max 4."""
    matrix, vector = np.ones((1, 2, 2)), np.array([[3.0, 4.0]])
    assert block_norm(matrix, "spectral")[0] == pytest.approx(2.0, rel=1e-15)
    assert block_norm(matrix, "linf").tolist() == [1.0]
    assert block_norm(vector, "spectral").tolist() == [5.0]
    assert block_norm(vector, "linf").tolist() == [4.0]
