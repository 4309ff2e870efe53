"""Transportation teacher, random-feature reference point, and the NTK of the diagonal RNN."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.bounded_inputs import bounded_sequences
from rnnbounds.numerics.diagonal_rnn import symmetric_init
from rnnbounds.numerics.neuron_derivatives import tangent_features
from rnnbounds.numerics.ntk_diagonal import empirical_ntk, limit_ntk
from rnnbounds.numerics.transport_teacher import (
    draw_teacher, random_feature_error, random_feature_prediction, transport_map)


@given(st.integers(0, 2**16), st.integers(1, 6), st.floats(0.1, 5.0))
def test_transport_map_has_norm_nu(seed, d, nu):
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((3, 7, d))
    vw, vU = transport_map(rng.standard_normal((3, 7)), U, nu)
    np.testing.assert_allclose(np.sqrt(vw**2 + (vU**2).sum(-1)), nu, rtol=1e-12)


def test_teacher_is_the_mean_tangent_projection():
    rng = np.random.default_rng(0)
    teacher = draw_teacher(rng, 50, 3, 0.6, 1.5, TANH)
    X = bounded_sequences(rng, 4, 5, 3)
    psi = tangent_features(teacher.w[None], teacher.U[None], X, TANH)[0]
    vw, vU = transport_map(teacher.w, teacher.U, 1.5)
    v = np.concatenate([vw[:, None], vU], -1)
    np.testing.assert_allclose(teacher(X), np.einsum("nip,ip->n", psi, v) / 50, atol=1e-13)


def test_random_feature_error_shrinks_with_width():
    rng = np.random.default_rng(1)
    teacher = draw_teacher(rng, 20000, 2, 0.5, 1.0, TANH)
    X = bounded_sequences(rng, 8, 4, 2)
    errors = [np.median(random_feature_error(symmetric_init(rng, 10, m, 2, 0.5), teacher, X)) for m in (16, 1024)]
    assert errors[1] < errors[0] / 3  # ~ m^{-1/2}: expect a factor 8 over a width factor 64
    assert random_feature_prediction(symmetric_init(rng, 2, 4, 2, 0.5), X, 1.0, TANH).shape == (2, 8)


def test_empirical_ntk_is_symmetric_psd_and_converges_to_the_limit():
    rng = np.random.default_rng(2)
    X = bounded_sequences(rng, 5, 4, 3)
    K = empirical_ntk(symmetric_init(rng, 3, 4096, 3, 0.5), X, TANH)
    np.testing.assert_allclose(K, np.swapaxes(K, 1, 2), atol=1e-12)
    assert np.linalg.eigvalsh(K).min() > -1e-10
    K_inf = limit_ntk(rng, X, TANH, 0.5, 100000)
    assert np.abs(K - K_inf).max() < 0.1 * np.abs(K_inf).max()


def test_bad_arguments_raise():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="nu"):
        transport_map(np.zeros((1, 2)), np.ones((1, 2, 2)), 0.0)
    with pytest.raises(ValueError, match="neurons"):
        draw_teacher(rng, 0, 2, 0.5, 1.0, TANH)
    with pytest.raises(ValueError, match="norm"):
        bounded_sequences(rng, 2, 2, 2, "sup")
