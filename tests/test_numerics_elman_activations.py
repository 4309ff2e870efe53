"""Elman RNN with any activation: exact BPTT (W, A and the readout b) against a hand computation,
central differences and autodiff, the Jacobian products d h_t / d h_k, and the float64 policy."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rnnbounds.numerics.activations import ACTIVATIONS, RELU, SIGMOID, TANH, scaled_linear
from rnnbounds.numerics.elman_rnn import ElmanParams, forward, gradients, hidden_jacobian, init_elman, outputs

SMOOTH = [TANH, SIGMOID, scaled_linear(0.5), ACTIVATIONS["identity"]]


def _objective(params, X, cot, readout, act):
    return float(np.sum(outputs(params, forward(params, X, act), readout) * cot))


def _central(params, X, cot, readout, act, name, h=1e-6):
    base = getattr(params, name)
    numeric = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        plus, minus = base.copy(), base.copy()
        plus[index] += h
        minus[index] -= h
        numeric[index] = (_objective(dataclasses.replace(params, **{name: plus}), X, cot, readout, act)
                          - _objective(dataclasses.replace(params, **{name: minus}), X, cot, readout, act)) / (2 * h)
    return numeric


@pytest.mark.parametrize("act", SMOOTH, ids=lambda a: a.name)
@pytest.mark.parametrize("readout", ["last", "all"])
def test_bptt_matches_central_differences_for_smooth_activations(act, readout):
    rng = np.random.default_rng(0)
    params = init_elman(rng, 2, 4, 3)
    X = rng.standard_normal((3, 5, 3))
    cot = rng.standard_normal((2, 3) if readout == "last" else (2, 3, 5))
    grads = gradients(params, forward(params, X, act), cot, readout)
    for name in ("W", "A", "b"):
        numeric = _central(params, X, cot, readout, act, name)
        assert np.max(np.abs(numeric - grads[name])) <= 1e-7 * max(1.0, np.abs(numeric).max()), name


def test_bptt_by_hand_two_units_two_steps():
    W, A, b = np.array([[0.4, -0.3], [0.2, 0.9]]), np.array([[1.0], [-0.5]]), np.array([0.7, -1.1])
    x1, x2 = np.array([0.6]), np.array([-0.8])
    h1 = np.tanh(A @ x1)
    h2 = np.tanh(W @ h1 + A @ x2)
    d2 = b * (1 - h2**2)                  # dF/dg_2
    d1 = (W.T @ d2) * (1 - h1**2)         # dF/dg_1
    by_hand = {"W": np.outer(d2, h1), "A": np.outer(d2, x2) + np.outer(d1, x1), "b": h2}
    params = ElmanParams(W[None], A[None], b[None])
    trace = forward(params, np.stack([x1, x2])[None], TANH)
    assert np.allclose(outputs(params, trace)[0, 0], b @ h2, rtol=1e-15)
    grads = gradients(params, trace, np.ones((1, 1)))
    for name, expected in by_hand.items():
        np.testing.assert_allclose(grads[name][0], expected, rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(hidden_jacobian(params, trace, 2, 0)[0, 0],
                               np.diag(1 - h2**2) @ W @ np.diag(1 - h1**2) @ W, rtol=1e-14)
    # negative control: forgetting D_1 in the backward pass is told apart
    assert not np.allclose(np.outer(W.T @ d2, x1) + np.outer(d2, x2), grads["A"][0], rtol=1e-3)


@pytest.mark.parametrize("act", list(ACTIVATIONS.values()), ids=lambda a: a.name)
@pytest.mark.parametrize("readout", ["last", "all"])
def test_bptt_agrees_with_torch_autograd(act, readout):
    torch = pytest.importorskip("torch")
    functions = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "hardtanh": torch.nn.functional.hardtanh,
                 "relu": torch.relu, "identity": lambda z: z}
    rng = np.random.default_rng(1)
    params = init_elman(rng, 2, 5, 3)
    X = rng.standard_normal((4, 6, 3))
    cot = rng.standard_normal((2, 4) if readout == "last" else (2, 4, 6))
    grads = gradients(params, forward(params, X, act), cot, readout)
    W, A, b = (torch.tensor(a, requires_grad=True) for a in (params.W, params.A, params.b))
    h = torch.zeros(2, 4, 5, dtype=torch.float64)
    F = []
    for t in range(6):
        h = functions[act.name](torch.einsum("eij,ebj->ebi", W, h) + torch.einsum("eid,bd->ebi", A, torch.tensor(X[:, t])))
        F.append(torch.einsum("ebi,ei->eb", h, b))
    F = F[-1] if readout == "last" else torch.stack(F, -1)
    (F * torch.tensor(cot)).sum().backward()
    for name, tensor in (("W", W), ("A", A), ("b", b)):
        np.testing.assert_allclose(grads[name], tensor.grad.numpy(), rtol=1e-12, atol=1e-13)


def test_a_wrong_derivative_is_caught_by_the_autograd_check():
    """Negative control for the oracle: tanh with sigma' = 1 - tanh (not squared) disagrees."""
    torch = pytest.importorskip("torch")
    wrong = dataclasses.replace(TANH, name="tanh", derivative=lambda z: 1 - np.tanh(z), derivative_from_value=None)
    rng = np.random.default_rng(2)
    params = init_elman(rng, 1, 3, 2)
    X = rng.standard_normal((2, 3, 2))
    good = gradients(params, forward(params, X, TANH), np.ones((1, 2)))["W"]
    bad = gradients(params, forward(params, X, wrong), np.ones((1, 2)))["W"]
    assert not np.allclose(good, bad, rtol=1e-6)


def test_relu_fast_path_equals_the_general_path_bit_for_bit():
    rng = np.random.default_rng(3)
    params = init_elman(rng, 3, 6, 2)
    X = rng.standard_normal((4, 7, 2))
    general = dataclasses.replace(RELU, name="relu (general path)")
    fast, slow = forward(params, X), forward(params, X, general)
    assert np.array_equal(fast.hidden, slow.hidden)
    cot = rng.standard_normal((3, 4, 7))
    for name in ("W", "A", "b"):
        assert np.array_equal(gradients(params, fast, cot, "all")[name], gradients(params, slow, cot, "all")[name])


@pytest.mark.parametrize("act", [TANH, RELU], ids=lambda a: a.name)
def test_hidden_jacobian_matches_central_differences_of_the_state_map(act):
    rng = np.random.default_rng(4)
    params = init_elman(rng, 2, 4, 2)
    X = rng.standard_normal((3, 6, 2))
    trace = forward(params, X, act)
    t, k, eps = 5, 2, 1e-6

    def run_from(state):  # h_k = state, then h_l = sigma(W h_{l-1} + A x_l) up to l = t
        for step in range(k, t):
            state = act.value(np.einsum("eij,ebj->ebi", params.W, state) + np.einsum("eid,bd->ebi", params.A, X[:, step]))
        return state

    h_k = trace.hidden[:, :, k]
    J = hidden_jacobian(params, trace, t, k)
    assert np.allclose(run_from(h_k), trace.hidden[:, :, t], rtol=1e-13)
    for j in range(4):
        step = np.zeros(4)
        step[j] = eps
        numeric = (run_from(h_k + step) - run_from(h_k - step)) / (2 * eps)
        np.testing.assert_allclose(J[..., j], numeric, atol=1e-7)
    assert np.array_equal(hidden_jacobian(params, trace, 3, 3), np.broadcast_to(np.eye(4), (2, 3, 4, 4)))


def test_hidden_jacobian_refuses_bad_steps():
    params = init_elman(np.random.default_rng(5), 1, 2, 1)
    trace = forward(params, np.ones((1, 3, 1)))
    with pytest.raises(ValueError, match="argument k"):
        hidden_jacobian(params, trace, 1, 2)
    with pytest.raises(ValueError, match="argument t"):
        hidden_jacobian(params, trace, 4, 0)
    assert hidden_jacobian(params, trace, 3, 0).shape == (1, 1, 2, 2)


def test_float32_arguments_give_the_float64_answer_of_the_upcast_arguments():
    rng = np.random.default_rng(6)
    p64 = init_elman(rng, 2, 4, 3)
    p32 = ElmanParams(*(a.astype(np.float32) for a in (p64.W, p64.A, p64.b)))
    upcast = ElmanParams(*(a.astype(np.float32).astype(np.float64) for a in (p64.W, p64.A, p64.b)))
    X32 = rng.standard_normal((3, 4, 3)).astype(np.float32)
    cot32 = rng.standard_normal((2, 3)).astype(np.float32)
    got = gradients(p32, forward(p32, X32, TANH), cot32)
    expected = gradients(upcast, forward(upcast, X32.astype(np.float64), TANH), cot32.astype(np.float64))
    for name in ("W", "A", "b"):
        assert got[name].dtype == np.float64 and np.array_equal(got[name], expected[name])
