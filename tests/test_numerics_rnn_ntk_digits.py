"""The infinite-width RNN NTK keeps its digits: against a 50-digit mpmath evaluation of the recursion.

The reference below types the recursion of the spec (sec. 4.5) again, in mpmath at 50 digits:
    s_l = q_{l-1} + <X_l, X'_l>,  theta_l = arccos(s_l / sqrt(s_l(x,x) s_l(x',x'))),
    q_l = sqrt(s_l(x,x) s_l(x',x')) / pi (sin theta_l + (pi - theta_l) cos theta_l),
    rhodot_l = (pi - theta_l) / pi,   Theta_W/m = sum_l (1/2) prod_{k=l}^{L} rhodot_k q_{l-1}.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk, rnn_ntk_kernels

mpmath.mp.dps = 50


def _dot(a, b):
    return mpmath.fsum(mpmath.mpf(float(u)) * mpmath.mpf(float(v)) for u, v in zip(a, b))


def reference_theta(x: np.ndarray, y: np.ndarray, trained: str = "W") -> mpmath.mpf:
    """Theta(x, y)/m by the recursion above, summing the products prod_{k=l}^{L} rhodot_k explicitly."""
    q_xy = q_xx = q_yy = mpmath.mpf(0)
    features, rhodots = [], []
    for x_l, y_l in zip(x, y):
        s_xy, s_xx, s_yy = q_xy + _dot(x_l, y_l), q_xx + _dot(x_l, x_l), q_yy + _dot(y_l, y_l)
        root = mpmath.sqrt(s_xx * s_yy)
        theta = mpmath.acos(min(mpmath.mpf(1), max(mpmath.mpf(-1), s_xy / root)))
        features.append(s_xy if trained == "WA" else q_xy)
        rhodots.append((mpmath.pi - theta) / mpmath.pi)
        q_xy = root / mpmath.pi * (mpmath.sin(theta) + (mpmath.pi - theta) * mpmath.cos(theta))
        q_xx, q_yy = s_xx, s_yy
    total = mpmath.mpf(0)
    for l, feature in enumerate(features):
        total += feature / 2 * mpmath.fprod(rhodots[l:])
    return total


def sequences(seed: int, n: int, steps: int, d: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, steps, d)) * rng.uniform(0.5, 2.0, size=(n, steps, 1))


@pytest.mark.parametrize("steps", [5, 40, 200])
@pytest.mark.parametrize("trained", ["W", "WA"])
def test_diagonal_agrees_with_mpmath(steps, trained):
    X = sequences(steps, 2, steps)
    diagonal = np.diag(rnn_ntk(X, trained=trained))
    for i in range(2):
        expected = reference_theta(X[i], X[i], trained)
        assert abs(diagonal[i] - float(expected)) <= 1e-13 * abs(float(expected)), (steps, i)


@pytest.mark.parametrize("steps", [5, 40, 200])
def test_duplicated_sequences_are_exact_off_the_diagonal(steps):
    """Rows 0 and 2 are one sequence: Theta[0, 2] is a diagonal value and keeps all its digits."""
    X = sequences(100 + steps, 2, steps)
    X = np.concatenate([X, X[:1]])
    expected = float(reference_theta(X[0], X[0]))
    assert abs(rnn_ntk(X)[0, 2] - expected) <= 1e-13 * expected
    assert abs(rnn_ntk(X[:1], X[2:])[0, 0] - expected) <= 1e-13 * expected


@pytest.mark.parametrize("steps", [5, 40])
def test_off_diagonal_agrees_with_mpmath(steps):
    X = sequences(200 + steps, 2, steps)
    value = rnn_ntk(X)[0, 1]
    expected = float(reference_theta(X[0], X[1]))
    assert abs(value - expected) <= 1e-12 * abs(expected)


def test_unit_tokens_identity_is_exact_at_L_17():
    """Theta(x, x)/m = L(L-1)/4 = 68 for unit tokens at L = 17 (spec F14), to the last digit."""
    rng = np.random.default_rng(17)
    X = rng.standard_normal((3, 17, 4))
    X /= np.linalg.norm(X, axis=-1, keepdims=True)
    assert np.abs(np.diag(rnn_ntk(X)) - 68.0).max() <= 68.0 * 4e-16


def test_huge_and_tiny_tokens_scale_by_homogeneity():
    """Theta is homogeneous of degree 2: Theta(c x, c x') = c^2 Theta(x, x'), also where c^2 over/underflows
    the intermediate sums of an unscaled recursion."""
    X = sequences(3, 3, 6)
    base = rnn_ntk_kernels(X)
    for c in (2.0**500, 2.0**-500):
        scaled = rnn_ntk_kernels(c * X)
        assert np.allclose(scaled.theta / c**2, base.theta, rtol=1e-14, atol=0)
        assert np.allclose(scaled.hidden / c**2, base.hidden, rtol=1e-14, atol=0)


def test_kernel_beyond_float64_is_a_value_error():
    with pytest.raises(ValueError, match="argument X.*float64 range"):
        rnn_ntk(1e200 * np.ones((2, 3, 2)))
