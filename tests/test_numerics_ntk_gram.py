"""Empirical NTK Gram matrix: factored form equals dense Jacobians; checks warn or raise."""

import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

from rnnbounds.numerics.elman_rnn import forward, gradients, init_elman
from rnnbounds.numerics.gram_checks import GramError, IllConditionedGramWarning, check_gram, quadratic_form
from rnnbounds.numerics.ntk_gram import _factored_gram, _factors, empirical_ntk, per_sample_jacobians


@given(m=st.integers(2, 8), d=st.integers(1, 3), L=st.integers(1, 5), n=st.integers(1, 5),
       trained=st.sampled_from(["W", "WA"]), seed=st.integers(0, 2**16))
def test_factored_gram_equals_dense_jacobian_gram(m, d, L, n, trained, seed):
    rng = np.random.default_rng(seed)
    params = init_elman(rng, 2, m, d)
    X = rng.standard_normal((n, L, d))
    J = per_sample_jacobians(params, X, trained)
    dense = np.einsum("enk,epk->enp", J, J)
    tolerance = dict(rtol=1e-12, atol=1e-12 * max(1.0, np.abs(dense).max()))
    assert np.allclose(empirical_ntk(params, X, trained=trained), dense, **tolerance)
    factors = _factors(params, X, trained)
    assert np.allclose(_factored_gram(*factors, *factors), dense, **tolerance)


@given(m=st.integers(2, 6), d=st.integers(1, 3), L=st.integers(1, 5), n=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_jacobians_sum_to_the_bptt_gradient(m, d, L, n, seed):
    """sum_i dF(x_i)/dW is the gradient of sum_i F(x_i), computed independently by BPTT."""
    rng = np.random.default_rng(seed)
    params = init_elman(rng, 2, m, d)
    X = rng.standard_normal((n, L, d))
    J = per_sample_jacobians(params, X, "WA")
    grads = gradients(params, forward(params, X), np.ones((2, n)))
    expected = np.concatenate([grads["W"].reshape(2, -1), grads["A"].reshape(2, -1)], axis=-1)
    assert np.allclose(J.sum(axis=1), expected, rtol=1e-12, atol=1e-12 * max(1.0, np.abs(expected).max()))


def test_cross_gram_matches_block_of_joint_gram():
    rng = np.random.default_rng(0)
    params = init_elman(rng, 1, 6, 2)
    X, X2 = rng.standard_normal((3, 4, 2)), rng.standard_normal((2, 4, 2))
    joint = empirical_ntk(params, np.concatenate([X, X2]))
    assert np.allclose(empirical_ntk(params, X, X2), joint[:, :3, 3:], rtol=1e-12)


def test_distinct_sequences_give_positive_definite_gram():
    rng = np.random.default_rng(1)
    params = init_elman(rng, 1, 32, 3)
    gram = empirical_ntk(params, rng.standard_normal((10, 4, 3)))[0]
    assert check_gram(gram).lambda_min > 0


def test_nonfinite_asymmetric_and_indefinite_raise():
    with pytest.raises(GramError, match="non-finite"):
        check_gram(np.array([[1.0, np.nan], [np.nan, 1.0]]))
    with pytest.raises(GramError, match="symmetric"):
        check_gram(np.array([[1.0, 0.5], [0.0, 1.0]]))
    with pytest.raises(GramError, match="positive semi-definite"):
        check_gram(np.array([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(GramError, match="square"):
        check_gram(np.ones((2, 3)))


def test_ill_conditioned_gram_warns_and_singular_raises():
    H = np.diag([1.0, 1e-13])
    with pytest.warns(IllConditionedGramWarning):
        check_gram(H)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IllConditionedGramWarning)
        with pytest.raises(GramError, match="singular"):
            quadratic_form(np.ones((2, 2)), np.array([1.0, -1.0]))


@given(n=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_quadratic_form_matches_solve(n, seed):
    rng = np.random.default_rng(seed)
    B = rng.standard_normal((n, n))
    H = B @ B.T + n * np.eye(n)
    y = rng.standard_normal(n)
    assert np.isclose(quadratic_form(H, y), y @ np.linalg.solve(H, y), rtol=1e-10)
