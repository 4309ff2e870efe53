"""Diagonal RNN: exact cancellation of the symmetric init on the BLAS path, odd widths, float64
policy, the derivative-from-value shortcut, and BPTT against a hand computation and autodiff."""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.activations import ACTIVATIONS, HARDTANH, RELU, SIGMOID, TANH, scaled_linear
from rnnbounds.numerics.diagonal_bptt import loss, loss_and_gradient
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, input_drive, network_output, symmetric_init


def _elementwise_drive(U: np.ndarray, X: np.ndarray) -> np.ndarray:
    """<u_i, X_t> summed coordinate by coordinate (the former reference), shape (T, E, n, m)."""
    Xt = X.transpose(1, 0, 2)
    drive = np.zeros((X.shape[1], U.shape[0], X.shape[0], U.shape[1]))
    for k in range(U.shape[2]):
        drive += Xt[:, None, :, k, None] * U[None, :, None, :, k]
    return drive


@pytest.mark.parametrize("E, half, d, n, T", [(1, 128, 16, 64, 3), (3, 8, 4, 8, 5), (2, 37, 9, 17, 2)])
def test_symmetric_init_cancels_exactly_at_blas_sizes(E, half, d, n, T):
    rng = np.random.default_rng(half)
    params = symmetric_init(rng, E, 2 * half, d, 0.9)
    X = rng.standard_normal((n, T, d))
    assert np.all(network_output(params, X, TANH, every_step=True) == 0.0)
    assert np.all(loss(params, X, np.zeros(n), TANH) == 0.0)


def test_breaking_one_pair_by_one_ulp_is_seen():
    """Negative control: the exact-zero check is not vacuous."""
    rng = np.random.default_rng(1)
    params = symmetric_init(rng, 1, 256, 16, 0.9)
    U = params.U.copy()
    U[0, 200, 3] = np.nextafter(U[0, 200, 3], np.inf)
    broken = params.with_weights(params.w, U)
    assert np.any(network_output(broken, rng.standard_normal((64, 3, 16)), TANH) != 0.0)


def test_equal_rows_get_bitwise_equal_drives_across_networks():
    rng = np.random.default_rng(2)
    U = rng.standard_normal((3, 40, 7))
    U[2, 5] = U[0, 31]
    U[1, 0] = U[1, 39]
    X = rng.standard_normal((11, 6, 7))
    drive = input_drive(U, X)
    assert np.array_equal(drive[:, 2, :, 5], drive[:, 0, :, 31])
    assert np.array_equal(drive[:, 1, :, 0], drive[:, 1, :, 39])
    np.testing.assert_allclose(drive, _elementwise_drive(U, X), rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("m", [1, 3, 5])
def test_odd_width_is_refused_naming_the_argument(m):
    with pytest.raises(ValueError, match=r"argument w: the width m = \d+ is odd"):
        DiagonalParams(np.zeros((1, m)), np.zeros((1, m, 2)), np.ones((1, m)))


@pytest.mark.parametrize("m", [2, 4, 6])
def test_even_width_is_accepted(m):
    assert DiagonalParams(np.zeros((1, m)), np.zeros((1, m, 2)), np.ones((1, m))).width == m


def test_float32_arguments_give_the_float64_answer_of_the_upcast_arguments():
    rng = np.random.default_rng(3)
    p64 = symmetric_init(rng, 2, 6, 3, 0.8)
    p64 = p64.with_weights(p64.w + 0.1 * rng.standard_normal(p64.w.shape), p64.U)
    w32, U32, c32 = (a.astype(np.float32) for a in (p64.w, p64.U, p64.c))
    X32, Y32 = rng.standard_normal((4, 5, 3)).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    upcast = DiagonalParams(w32.astype(np.float64), U32.astype(np.float64), c32.astype(np.float64))
    got = loss_and_gradient(DiagonalParams(w32, U32, c32), X32, Y32, TANH)
    expected = loss_and_gradient(upcast, X32.astype(np.float64), Y32.astype(np.float64), TANH)
    for a, b in zip(got, expected):
        assert a.dtype == np.float64 and np.array_equal(a, b)


@pytest.mark.parametrize("act", list(ACTIVATIONS.values()) + [scaled_linear(0.5)], ids=lambda a: a.name)
def test_derivative_from_value_is_the_derivative_bit_for_bit(act):
    z = np.concatenate([np.linspace(-3, 3, 601), [0.0, -0.0, 1.0, -1.0, 1e-300, -1e-300]])
    if act.derivative_from_value is not None:
        assert np.array_equal(act.derivative_from_value(act.value(z)), act.derivative(z))


def _tiny_by_hand(w, U, c, x, y):
    """m = 2 neurons, d = 1, T = 2, one sequence, tanh: loss and gradient by the chain rule."""
    z0 = U * x[0]
    h0 = np.tanh(z0)
    z1 = w * h0 + U * x[1]
    h1 = np.tanh(z1)
    f = (c @ h1) / np.sqrt(2.0)
    r = f - y
    q1 = r * c / np.sqrt(2.0) * (1 - h1**2)   # dL/dz1
    q0 = q1 * w * (1 - h0**2)                 # dL/dz0
    return 0.5 * r**2, q1 * h0, q1 * x[1] + q0 * x[0]


def test_bptt_by_hand_two_units_two_steps():
    w, U, c = np.array([0.3, -0.7]), np.array([0.5, 1.2]), np.array([1.0, -1.0])
    x, y = np.array([0.8, -0.4]), 0.25
    value, gw, gU = _tiny_by_hand(w, U, c, x, y)
    params = DiagonalParams(w[None], U[None, :, None], c[None])
    got = loss_and_gradient(params, x[None, :, None], np.array([y]), TANH)
    np.testing.assert_allclose(got[0][0], value, rtol=1e-14)
    np.testing.assert_allclose(got[1][0], gw, rtol=1e-14)
    np.testing.assert_allclose(got[2][0, :, 0], gU, rtol=1e-14)
    # negative control: the hand computation tells a sign flip of one readout apart
    assert not np.allclose(_tiny_by_hand(w, U, -c, x, y)[1], gw, rtol=1e-3)


@pytest.mark.parametrize("act", [TANH, SIGMOID, HARDTANH, RELU], ids=lambda a: a.name)
@pytest.mark.parametrize("every_step", [False, True])
def test_bptt_agrees_with_torch_autograd(act, every_step):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    E, m, d, n, T = 2, 6, 3, 5, 7
    w, U = rng.uniform(-0.9, 0.9, (E, m)), rng.standard_normal((E, m, d))
    c = rng.choice([-1.0, 1.0], (E, m))
    X = rng.standard_normal((n, T, d))
    Y = rng.standard_normal((n, T) if every_step else n)
    value, gw, gU = loss_and_gradient(DiagonalParams(w, U, c), X, Y, act)
    functions = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "hardtanh": torch.nn.functional.hardtanh,
                 "relu": torch.relu}
    tw, tU = torch.tensor(w, requires_grad=True), torch.tensor(U, requires_grad=True)
    tX, tY, tc = torch.tensor(X), torch.tensor(Y), torch.tensor(c)
    h = torch.zeros(E, n, m, dtype=torch.float64)
    outputs = []
    for t in range(T):
        h = functions[act.name](tw[:, None] * h + torch.einsum("emd,nd->enm", tU, tX[:, t]))
        outputs.append((h * tc[:, None]).sum(-1) / np.sqrt(m))
    f = torch.stack(outputs, -1)
    residual = f - tY[None] if every_step else f[..., -1] - tY[None]
    total = 0.5 * (residual**2).flatten(1).mean(1)
    total.sum().backward()
    np.testing.assert_allclose(value, total.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(gw, tw.grad.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(gU, tU.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_drive_is_computed_once_per_distinct_row():
    """The GEMM runs over the distinct rows only (OpenBLAS happens to round equal columns alike, so
    the cancellation test alone would not see the copy step go)."""
    from rnnbounds.numerics.diagonal_rnn import _distinct_rows

    params = symmetric_init(np.random.default_rng(5), 2, 10, 3, 0.5)
    rows = params.U.reshape(20, 3)
    distinct, inverse = _distinct_rows(rows)
    assert distinct.shape == (10, 3) and np.array_equal(distinct[inverse], rows)
    assert inverse.tolist() == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5, 6, 7, 8, 9]
    signed_zero = np.array([[0.0, 1.0], [-0.0, 1.0]])
    assert _distinct_rows(signed_zero)[1].tolist() == [0, 1]  # compared bit by bit
    assert _distinct_rows(np.eye(3))[1].tolist() == [0, 1, 2]
