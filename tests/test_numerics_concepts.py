"""Token generators and the additive / N-variable concepts."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from rnnbounds.numerics.concepts import (
    additive_concept, n_variable_concept, random_betas, sample_sequences, scalar_function, window_positions,
)


@given(n=st.integers(1, 5), L=st.integers(1, 6), d=st.integers(1, 4), r=st.floats(0.1, 5), seed=st.integers(0, 999))
def test_token_norms(n, L, d, r, seed):
    X = sample_sequences(np.random.default_rng(seed), n, L, d, token_norm=r)
    assert X.shape == (n, L, d)
    assert np.allclose(np.linalg.norm(X, axis=-1), r)


def test_al19_normalization_shrinks_later_tokens():
    X = sample_sequences(np.random.default_rng(0), 3, 4, 2, normalization="al19", eps=0.01)
    assert np.allclose(np.linalg.norm(X, axis=-1), [1, 0.01, 0.01, 0.01])


@given(L=st.integers(2, 30), data=st.data())
def test_window_positions_fit_the_window(L, data):
    gap = data.draw(st.integers(0, L - 1))
    count = data.draw(st.integers(1, gap + 1))
    positions = window_positions(count, gap, L)
    assert len(set(positions)) == count and positions[-1] == L
    assert count == 1 or positions[-1] - positions[0] == gap


def test_window_rejects_N_above_l0_plus_1():
    with pytest.raises(ValueError, match="l_0"):
        window_positions(4, 2, 10)


def test_concepts_by_hand():
    X = np.arange(12, dtype=float).reshape(1, 3, 4) / 10
    betas = np.ones((3, 4))
    assert np.isclose(additive_concept(X, betas, np.sin)[0], sum(np.sin(X[0, l].sum()) for l in range(3)))
    value = n_variable_concept(X, [1, 3], betas[:2], scalar_function("square"))[0]
    assert np.isclose(value, (X[0, 0].sum() + X[0, 2].sum()) ** 2)
    assert random_betas(np.random.default_rng(0), 5, 3, 2.0).shape == (5, 3)
    with pytest.raises(ValueError, match="unknown function"):
        scalar_function("gamma")
