"""Infinite-width RNN NTK recursion: exact identities and agreement with finite width."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from rnnbounds.numerics.concepts import sample_sequences
from rnnbounds.numerics.elman_rnn import init_elman
from rnnbounds.numerics.ntk_gram import empirical_ntk
from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk, rnn_ntk_kernels, unit_token_ntk_diagonal


@given(L=st.integers(1, 12), d=st.integers(1, 4), n=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_unit_tokens_give_diagonal_L_L_minus_1_over_4(L, d, n, seed):
    X = sample_sequences(np.random.default_rng(seed), n, L, d)
    assert np.allclose(np.diag(rnn_ntk(X)), unit_token_ntk_diagonal(L), rtol=1e-6, atol=1e-12)


@given(L=st.integers(1, 10), r=st.floats(0.1, 3.0), seed=st.integers(0, 2**16))
def test_hidden_kernel_diagonal_sums_token_norms(L, r, seed):
    X = sample_sequences(np.random.default_rng(seed), 3, L, 2, token_norm=r)
    assert np.allclose(np.diag(rnn_ntk_kernels(X).hidden), L * r**2, rtol=1e-12)


@given(seed=st.integers(0, 2**16), trained=st.sampled_from(["W", "WA"]))
def test_kernel_is_symmetric_and_cross_blocks_agree(seed, trained):
    rng = np.random.default_rng(seed)
    X, X2 = rng.standard_normal((4, 5, 3)), rng.standard_normal((3, 5, 3))
    K = rnn_ntk(np.concatenate([X, X2]), trained=trained)
    assert np.allclose(K, K.T, rtol=1e-12)
    assert np.allclose(rnn_ntk(X, X2, trained), K[:4, 4:], rtol=1e-12)


def test_trained_A_adds_token_term_for_one_step():
    """For L = 1: Theta_W = 0 (q_0 = 0), Theta_WA = (1/2) rhodot_1 <x_1, x'_1>."""
    X = sample_sequences(np.random.default_rng(0), 4, 1, 3)
    assert np.allclose(rnn_ntk(X, trained="W"), 0.0)
    cosine = np.clip(X[:, 0] @ X[:, 0].T, -1, 1)
    expected = 0.5 * (np.pi - np.arccos(cosine)) / np.pi * cosine
    assert np.allclose(rnn_ntk(X, trained="WA"), expected, atol=1e-12)


def test_finite_width_mean_matches_recursion():
    """Mean of Theta/m over 16 networks at m = 512 within 4 standard errors of the recursion."""
    rng = np.random.default_rng(7)
    X = sample_sequences(rng, 4, 5, 3)
    grams = empirical_ntk(init_elman(rng, 16, 512, 3), X) / 512
    mean, sem = grams.mean(0), grams.std(0, ddof=1) / 4
    assert np.all(np.abs(mean - rnn_ntk(X)) <= 4 * sem + 1e-3)


def test_bad_shapes_raise():
    with pytest.raises(ValueError, match="X"):
        rnn_ntk(np.ones((3, 4)))
    with pytest.raises(ValueError, match="share"):
        rnn_ntk(np.ones((3, 4, 2)), np.ones((3, 5, 2)))
