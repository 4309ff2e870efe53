"""Diagonal RNN numerics: symmetric init, exact BPTT, per-neuron tangent features and Hessians."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.activations import SIGMOID, TANH
from rnnbounds.numerics.bounded_inputs import bounded_sequences
from rnnbounds.numerics.diagonal_bptt import loss, loss_and_gradient
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, network_output, symmetric_init
from rnnbounds.numerics.finite import NonFiniteError
from rnnbounds.numerics.neuron_derivatives import (
    directional_derivative, hidden_hessians, tangent_features)

FD_STEP = 1e-6
FD_TOL = 1e-6  # central differences in float64: error ~ h^2 f''' + eps/h


def _perturbed(rng, E, m, d, alpha):
    p = symmetric_init(rng, E, m, d, alpha)
    return p.with_weights(p.w + 0.1 * rng.standard_normal(p.w.shape), p.U + 0.1 * rng.standard_normal(p.U.shape))


shapes = st.fixed_dictionaries({"E": st.integers(1, 3), "half": st.integers(1, 4), "d": st.integers(1, 4),
                                "n": st.integers(1, 5), "T": st.integers(1, 6), "seed": st.integers(0, 2**16),
                                "alpha": st.floats(0.1, 1.5), "every": st.booleans(),
                                "act": st.sampled_from([TANH, SIGMOID])})


@given(shapes)
def test_bptt_gradient_matches_central_differences(s):
    rng = np.random.default_rng(s["seed"])
    p = _perturbed(rng, s["E"], 2 * s["half"], s["d"], s["alpha"])
    X = bounded_sequences(rng, s["n"], s["T"], s["d"])
    Y = rng.standard_normal((s["n"], s["T"]) if s["every"] else s["n"])
    _, gw, gU = loss_and_gradient(p, X, Y, s["act"])
    for i in range(p.width):
        wp, wm = p.w.copy(), p.w.copy()
        wp[:, i] += FD_STEP
        wm[:, i] -= FD_STEP
        fd = (loss(p.with_weights(wp, p.U), X, Y, s["act"]) - loss(p.with_weights(wm, p.U), X, Y, s["act"])) / (2 * FD_STEP)
        np.testing.assert_allclose(gw[:, i], fd, atol=FD_TOL)
        for k in range(p.dim):
            Up, Um = p.U.copy(), p.U.copy()
            Up[:, i, k] += FD_STEP
            Um[:, i, k] -= FD_STEP
            fd = (loss(p.with_weights(p.w, Up), X, Y, s["act"]) - loss(p.with_weights(p.w, Um), X, Y, s["act"])) / (2 * FD_STEP)
            np.testing.assert_allclose(gU[:, i, k], fd, atol=FD_TOL)


@given(shapes)
def test_tangent_features_and_hessians_match_central_differences(s):
    rng = np.random.default_rng(s["seed"])
    p = _perturbed(rng, s["E"], 2 * s["half"], s["d"], s["alpha"])
    X = bounded_sequences(rng, s["n"], s["T"], s["d"])
    J, H = hidden_hessians(p.w, p.U, X, s["act"])
    np.testing.assert_allclose(J, tangent_features(p.w, p.U, X, s["act"]), atol=1e-13)
    last = lambda w, U: directional_derivative(w, U, X, np.zeros_like(w), np.zeros_like(U), s["act"])[0]
    fd_w = (last(p.w + FD_STEP, p.U) - last(p.w - FD_STEP, p.U)) / (2 * FD_STEP)
    np.testing.assert_allclose(J[..., 0], fd_w, atol=FD_TOL)
    fd_J = (tangent_features(p.w + FD_STEP, p.U, X, s["act"]) - tangent_features(p.w - FD_STEP, p.U, X, s["act"])) / (2 * FD_STEP)
    np.testing.assert_allclose(H[..., 0, :], fd_J, atol=FD_TOL)
    np.testing.assert_allclose(H, np.swapaxes(H, -1, -2), atol=1e-12)


@given(shapes)
def test_directional_derivative_is_the_contracted_tangent_feature(s):
    rng = np.random.default_rng(s["seed"])
    p = _perturbed(rng, s["E"], 2 * s["half"], s["d"], s["alpha"])
    X = bounded_sequences(rng, s["n"], s["T"], s["d"])
    dw, dU = rng.standard_normal(p.w.shape), rng.standard_normal(p.U.shape)
    _, dh = directional_derivative(p.w, p.U, X, dw, dU, s["act"])
    J = tangent_features(p.w, p.U, X, s["act"])
    expected = np.einsum("enmp,emp->enm", J, np.concatenate([dw[..., None], dU], -1))
    np.testing.assert_allclose(dh, expected, atol=1e-12)


@given(st.integers(1, 4), st.integers(1, 40), st.integers(1, 6), st.integers(1, 8), st.integers(0, 2**16),
       st.sampled_from(["uniform", "constant", "rademacher"]))
def test_symmetric_init_outputs_exact_zero_at_every_step(E, half, d, T, seed, law):
    rng = np.random.default_rng(seed)
    p = symmetric_init(rng, E, 2 * half, d, 1.3, law)
    assert np.all(np.abs(p.w) <= 1.3)
    assert np.array_equal(p.c[:, :half], -p.c[:, half:])
    f = network_output(p, bounded_sequences(rng, 5, T, d, "coordinate"), TANH, every_step=True)
    assert f.shape == (E, 5, T) and np.all(f == 0.0)


def test_output_is_not_zero_after_breaking_the_pairs():
    rng = np.random.default_rng(0)
    p = symmetric_init(rng, 1, 8, 2, 0.5)
    p = p.with_weights(p.w + 0.01, p.U)
    p = DiagonalParams(p.w, p.U, np.ones_like(p.c))
    assert np.abs(network_output(p, bounded_sequences(rng, 3, 4, 2), TANH)).max() > 0


def test_bad_inputs_raise_naming_the_argument():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="width"):
        symmetric_init(rng, 1, 3, 2, 0.5)
    with pytest.raises(ValueError, match="recurrent_init"):
        symmetric_init(rng, 1, 4, 2, 0.5, "gaussian")
    p = symmetric_init(rng, 1, 4, 2, 0.5)
    with pytest.raises(ValueError, match="X must have shape"):
        network_output(p, np.zeros((3, 4, 5)), TANH)
    with pytest.raises(ValueError, match="Y must have shape"):
        loss(p, np.zeros((3, 4, 2)), np.zeros(4), TANH)


def test_overflow_raises_naming_the_step():
    from rnnbounds.numerics.activations import IDENTITY

    p = DiagonalParams(np.full((1, 2), 1e200), np.ones((1, 2, 1)), np.array([[1.0, -1.0]]))
    with pytest.raises(NonFiniteError, match="step"):
        network_output(p, np.ones((1, 5, 1)), IDENTITY)
