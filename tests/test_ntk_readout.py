"""Average-pooled and trained readouts of the ReLU Elman NTK: empirical Grams and the infinite-width recursion.

Empirical side (numerics.ntk_gram): the per-sample Jacobians of F = (1/L) sum_l b^T h_l against central
differences, the factored Gram against the dense one, and an m = 2 network whose gradients are worked out
by hand below. Recursion side (numerics.rnn_ntk_recursion): the cross-time grid against the last-step
recursion, and its values at L = 1, 2, 3 worked out by hand from the module's formulas (typed again here).
"""

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from rnnbounds.numerics.concepts import sample_sequences
from rnnbounds.numerics.elman_rnn import ElmanParams, forward, init_elman, outputs
from rnnbounds.numerics.ntk_gram import (
    NtkBlocks, empirical_ntk, empirical_readout_ntk, per_sample_jacobians, readout_features, readout_ntk_blocks,
)
from rnnbounds.numerics.rnn_ntk_recursion import cross_time_kernels, rnn_ntk, rnn_ntk_kernels, rnn_readout_ntk

READOUTS = ["last", "mean"]


def _readout(params: ElmanParams, X: np.ndarray, readout: str) -> np.ndarray:
    """F(x_i) of network 0, shape (n,): b^T h_L or (1/L) sum_l b^T h_l, from the forward pass alone."""
    per_step = outputs(params, forward(params, X), "all")[0]
    return per_step[:, -1] if readout == "last" else per_step.mean(axis=-1)


def _central_jacobian(params: ElmanParams, X: np.ndarray, readout: str, name: str, h: float = 1e-6) -> np.ndarray:
    """dF(x_i)/d(name) of network 0 by central differences, shape (n, size of name)."""
    base = getattr(params, name)
    columns = []
    for index in np.ndindex(base.shape[1:]):
        plus, minus = base.copy(), base.copy()
        plus[(0,) + index] += h
        minus[(0,) + index] -= h
        up = ElmanParams(**{**vars(params), name: plus})
        down = ElmanParams(**{**vars(params), name: minus})
        columns.append((_readout(up, X, readout) - _readout(down, X, readout)) / (2 * h))
    return np.stack(columns, axis=-1)


@given(m=st.integers(2, 5), d=st.integers(1, 3), L=st.integers(1, 4), n=st.integers(1, 3),
       readout=st.sampled_from(READOUTS), seed=st.integers(0, 2**16))
def test_jacobians_match_central_differences(m, d, L, n, readout, seed):
    """dF/dW, dF/dA (per_sample_jacobians) and dF/db (readout_features) agree with central differences."""
    rng = np.random.default_rng(seed)
    params = init_elman(rng, 1, m, d)
    X = rng.standard_normal((n, L, d))
    if np.min(np.abs(forward(params, X).preact)) < 1e-4:  # a ReLU kink within h of a pre-activation
        return
    J = per_sample_jacobians(params, X, "WA", readout)[0]
    analytic = {"W": J[:, : m * m], "A": J[:, m * m:], "b": readout_features(forward(params, X), readout)[0]}
    for name, block in analytic.items():
        numeric = _central_jacobian(params, X, readout, name)
        assert np.max(np.abs(numeric - block)) <= 1e-6 * max(1.0, float(np.abs(numeric).max())), name


@given(m=st.integers(2, 7), d=st.integers(1, 3), L=st.integers(1, 5), n=st.integers(1, 4),
       trained=st.sampled_from(["W", "WA"]), seed=st.integers(0, 2**16))
def test_blocks_equal_the_dense_gram_of_the_scaled_jacobians(m, d, L, n, trained, seed):
    """NtkBlocks.scaled(True) = [J_W / sqrt(m), J_b] [J_W / sqrt(m), J_b]^T, the NTK parametrisation."""
    rng = np.random.default_rng(seed)
    params = init_elman(rng, 2, m, d)
    X = rng.standard_normal((n, L, d))
    blocks = readout_ntk_blocks(params, X, readouts=READOUTS, trained=trained)
    for readout in READOUTS:
        J = np.concatenate([per_sample_jacobians(params, X, trained, readout) / np.sqrt(m),
                            readout_features(forward(params, X), readout)], axis=-1)
        dense = np.matmul(J, J.swapaxes(-1, -2))
        tolerance = dict(rtol=1e-12, atol=1e-12 * max(1.0, np.abs(dense).max()))
        assert np.allclose(blocks[readout].scaled(True), dense, **tolerance)
        assert np.allclose(empirical_readout_ntk(params, X, readout=readout, trained=trained, readout_trained=True),
                           dense, **tolerance)


@pytest.mark.parametrize("trained", ["W", "WA"])
def test_last_step_blocks_are_the_existing_empirical_ntk(trained):
    rng = np.random.default_rng(3)
    params = init_elman(rng, 2, 6, 3)
    X, X2 = rng.standard_normal((4, 5, 3)), rng.standard_normal((2, 5, 3))
    assert np.array_equal(readout_ntk_blocks(params, X, trained=trained)["last"].recurrent,
                          empirical_ntk(params, X, trained=trained))
    assert np.array_equal(readout_ntk_blocks(params, X, X2, trained=trained)["last"].recurrent,
                          empirical_ntk(params, X, X2, trained=trained))


def test_cross_gram_is_a_block_of_the_joint_gram():
    rng = np.random.default_rng(4)
    params = init_elman(rng, 1, 6, 2)
    X, X2 = rng.standard_normal((3, 4, 2)), rng.standard_normal((2, 4, 2))
    joint = empirical_readout_ntk(params, np.concatenate([X, X2]), readout="mean", readout_trained=True)
    cross = empirical_readout_ntk(params, X, X2, readout="mean", readout_trained=True)
    assert np.allclose(cross, joint[:, :3, 3:], rtol=1e-12)


# -- an m = 2 network by hand -------------------------------------------------------------------------
# W = [[0.5, 0.3], [2, 0.7]], A = [1, -1]^T, b = (1, 2), d = 1, L = 2; x = (1, 1), x' = (1, -1).
# x : g_1 = (1, -1), h_1 = (1, 0); g_2 = W h_1 + A = (1.5, 1.0), h_2 = (1.5, 1).
# x': g_1, h_1 as for x;            g_2 = W h_1 - A = (-0.5, 3), h_2 = (0, 3).
# pooled F = (b.h_1 + b.h_2) / 2:
#   x : delta_2 = D_2 b / 2 = (0.5, 1); delta_1 = D_1 (b / 2 + W^T delta_2) = D_1 (2.75, 1.85) = (2.75, 0)
#       dF/dW = delta_2 h_1^T = [[0.5, 0], [1, 0]]; dF/dA = delta_1 + delta_2 = (3.25, 1); dF/db = (1.25, 0.5)
#   x': delta_2 = (0, 1); delta_1 = D_1 ((0.5, 1) + (2, 0.7)) = (2.5, 0)
#       dF/dW = [[0, 0], [1, 0]]; dF/dA = delta_1 - delta_2 = (2.5, -1); dF/db = (0.5, 1.5)
# last F = b.h_2: delta_2 = D_2 b = (1, 2) and (0, 2); dF/dW = [[1, 0], [2, 0]] and [[0, 0], [2, 0]];
#   dF/db = h_2 = (1.5, 1) and (0, 3).
HAND_PARAMS = dict(W=[[[0.5, 0.3], [2.0, 0.7]]], A=[[[1.0], [-1.0]]], b=[[1.0, 2.0]])
HAND_X = [[[1.0], [1.0]], [[1.0], [-1.0]]]
HAND = {  # (readout, trained): (Theta_W [+ Theta_A], Theta_b)
    ("mean", "W"): ([[1.25, 1.0], [1.0, 1.0]], [[1.8125, 1.375], [1.375, 2.5]]),
    ("mean", "WA"): ([[1.25 + 11.5625, 1.0 + 7.125], [1.0 + 7.125, 1.0 + 7.25]], [[1.8125, 1.375], [1.375, 2.5]]),
    ("last", "W"): ([[5.0, 4.0], [4.0, 4.0]], [[3.25, 3.0], [3.0, 9.0]]),
}


@pytest.mark.parametrize("readout, trained", list(HAND))
def test_two_unit_network_by_hand(readout, trained):
    params = ElmanParams(**{k: np.array(v) for k, v in HAND_PARAMS.items()})
    blocks = readout_ntk_blocks(params, np.array(HAND_X), readouts=(readout,), trained=trained)[readout]
    recurrent, readout_block = HAND[(readout, trained)]
    assert np.allclose(blocks.recurrent[0], recurrent, rtol=1e-14, atol=0)
    assert np.allclose(blocks.readout[0], readout_block, rtol=1e-14, atol=0)
    assert np.allclose(blocks.scaled(False)[0], np.array(recurrent) / 2, rtol=1e-14, atol=0)
    assert np.allclose(blocks.scaled(True)[0], np.array(recurrent) / 2 + np.array(readout_block), rtol=1e-14, atol=0)


# -- the recursion -------------------------------------------------------------------------------------

@given(L=st.integers(1, 8), d=st.integers(1, 4), n=st.integers(1, 5), trained=st.sampled_from(["W", "WA"]),
       seed=st.integers(0, 2**16))
def test_cross_time_grid_ends_in_the_last_step_recursion(L, d, n, trained, seed):
    X = sample_sequences(np.random.default_rng(seed), n, L, d)
    X[-1, : L // 2] = X[0, : L // 2]
    grid, last = cross_time_kernels(X, trained=trained), rnn_ntk_kernels(X, trained=trained)
    assert np.allclose(grid.theta[..., -1, -1], last.theta, rtol=1e-12, atol=1e-14)
    assert np.allclose(grid.hidden[..., -1, -1], last.hidden, rtol=1e-12, atol=1e-14)
    assert np.allclose(rnn_readout_ntk(X, readout="last", trained=trained, readout_trained=True),
                       last.theta + last.hidden, rtol=1e-12)


@given(L=st.integers(1, 8), r=st.floats(0.1, 3.0), seed=st.integers(0, 2**16))
def test_hidden_grid_diagonal_sums_token_norms(L, r, seed):
    """q_{l,l}(x, x) = l r^2 exactly for tokens of norm r."""
    X = sample_sequences(np.random.default_rng(seed), 3, L, 2, token_norm=r)
    hidden = cross_time_kernels(X).hidden
    for i in range(3):
        assert np.allclose(np.diag(hidden[i, i]), r**2 * np.arange(1, L + 1), rtol=1e-12)


def test_one_step_by_hand():
    """L = 1: both readouts are b^T h_1, which does not depend on W; a trained readout gives the arc-cosine
    kernel q_1 = (sin t + (pi - t) cos t) / pi of the tokens' angle t: 1 at t = 0, 1/pi at t = pi/2."""
    X = np.array([[[1.0, 0.0]], [[0.0, 1.0]], [[1 / math.sqrt(2), 1 / math.sqrt(2)]]])
    t = math.pi / 4
    quarter = (math.sin(t) + (math.pi - t) * math.cos(t)) / math.pi
    expected = np.array([[1.0, 1 / math.pi, quarter], [1 / math.pi, 1.0, quarter], [quarter, quarter, 1.0]])
    for readout in READOUTS:
        assert np.array_equal(rnn_readout_ntk(X, readout=readout), np.zeros((3, 3)))
        assert np.allclose(rnn_readout_ntk(X, readout=readout, readout_trained=True), expected, rtol=1e-14, atol=1e-15)


def test_two_steps_by_hand():
    """L = 2, x = (e1, e2): F_1 = b^T h_1 is W-free, so the pooled W-kernel is Theta_22 / 4 = (1/2)(1)(1) / 4;
    the readout term is (q_11 + 2 q_12 + q_22) / 4 with q_11 = 1, q_22 = 2, q_12 = sqrt(1 * 2) / pi (s_12 = 0)."""
    X = np.eye(2)[None]
    assert rnn_readout_ntk(X, readout="mean")[0, 0] == pytest.approx(0.125, rel=1e-14)
    assert rnn_readout_ntk(X, readout="mean", readout_trained=True)[0, 0] == pytest.approx(
        0.125 + (1 + 2 + 2 * math.sqrt(2) / math.pi) / 4, rel=1e-14)


def test_three_steps_by_hand_has_cross_time_terms():
    """L = 3, x = (e1, e2, e3): Theta_22 = 1/2, Theta_33 = 3/2 and the cross-time Theta_23 = Theta_32 =
    (1/2) q_12 rhodot_23 with q_12 = sqrt 2 / pi, s_23 = q_12, cos t_23 = q_12 / sqrt(2 * 3), rhodot = (pi - t) / pi."""
    t23 = math.acos(math.sqrt(2) / math.pi / math.sqrt(6))
    cross = 0.5 * math.sqrt(2) / math.pi * (math.pi - t23) / math.pi
    X = np.eye(3)[None]
    assert rnn_readout_ntk(X, readout="mean")[0, 0] == pytest.approx((0.5 + 1.5 + 2 * cross) / 9, rel=1e-13)
    grid = cross_time_kernels(X).theta[0, 0]
    assert grid[1, 2] == pytest.approx(cross, rel=1e-13) and grid[2, 1] == pytest.approx(cross, rel=1e-13)
    assert np.all(grid[0] == 0) and np.all(grid[:, 0] == 0)


@given(seed=st.integers(0, 2**16), trained=st.sampled_from(["W", "WA"]), readout_trained=st.booleans())
def test_pooled_kernel_is_symmetric_and_cross_blocks_agree(seed, trained, readout_trained):
    rng = np.random.default_rng(seed)
    X, X2 = rng.standard_normal((4, 5, 3)), rng.standard_normal((3, 5, 3))
    K = rnn_readout_ntk(np.concatenate([X, X2]), readout="mean", trained=trained, readout_trained=readout_trained)
    assert np.allclose(K, K.T, rtol=1e-12)
    assert np.allclose(rnn_readout_ntk(X, X2, "mean", trained, readout_trained), K[:4, 4:], rtol=1e-12)
    assert np.all(np.linalg.eigvalsh(K) > -1e-10 * np.abs(K).max())


def test_duplicate_sequences_give_identical_rows():
    X = sample_sequences(np.random.default_rng(5), 3, 6, 3)
    X[2] = X[0]
    K = rnn_readout_ntk(X, readout="mean", readout_trained=True)
    assert np.array_equal(K[0], K[2]) and K[0, 2] == K[0, 0]


def test_finite_width_mean_matches_the_pooled_recursion():
    """Mean of Theta/m over 16 networks at m = 256 within 4 standard errors (+ 1e-3) of the pooled recursion,
    with and without the readout term; the last-step recursion, and the pooled one with its cross-time
    terms dropped, are far outside."""
    rng = np.random.default_rng(7)
    X = sample_sequences(rng, 4, 4, 3)
    blocks = readout_ntk_blocks(init_elman(rng, 16, 256, 3), X, readouts=("mean",))["mean"]
    grid = cross_time_kernels(X)
    for readout_trained in (False, True):
        grams = blocks.scaled(readout_trained)
        mean, sem = grams.mean(0), grams.std(0, ddof=1) / 4
        assert np.all(np.abs(mean - rnn_readout_ntk(X, readout="mean", readout_trained=readout_trained))
                      <= 4 * sem + 1e-3)
        assert not np.all(np.abs(mean - rnn_readout_ntk(X, readout="last", readout_trained=readout_trained))
                          <= 4 * sem + 1e-3)
        per_step = grid.theta + grid.hidden if readout_trained else grid.theta
        diagonal_only = np.trace(per_step, axis1=-2, axis2=-1) / 16
        assert not np.all(np.abs(mean - diagonal_only) <= 4 * sem + 1e-3)


# -- bad input -----------------------------------------------------------------------------------------

def _params():
    return init_elman(np.random.default_rng(0), 1, 3, 2)


@pytest.mark.parametrize("call, name", [
    (lambda: rnn_readout_ntk(np.ones((2, 3, 2)), readout="all"), "readout"),
    (lambda: rnn_readout_ntk(np.ones((2, 3, 2)), readout_trained=1), "readout_trained"),
    (lambda: rnn_readout_ntk(np.ones((2, 3, 2)), readout="mean", trained="A"), "trained"),
    (lambda: cross_time_kernels(np.ones((2, 3)),), "X"),
    (lambda: cross_time_kernels(np.ones((2, 3, 2)), np.ones((2, 4, 2))), "share"),
    (lambda: rnn_readout_ntk(np.full((2, 3, 2), np.nan), readout="mean"), "X"),
    (lambda: rnn_readout_ntk(np.ones((2, 3, 2)), np.full((1, 3, 2), np.inf), readout="mean"), "X2"),
    (lambda: rnn_readout_ntk(np.ones((0, 3, 2)), readout="mean"), "X"),
    (lambda: empirical_readout_ntk(_params(), np.ones((2, 3, 2)), readout="all"), "readout"),
    (lambda: empirical_readout_ntk(_params(), np.ones((2, 3, 2)), trained="b"), "trained"),
    (lambda: empirical_readout_ntk(_params(), np.ones((2, 3, 2)), readout_trained="yes"), "readout_trained"),
    (lambda: empirical_readout_ntk(_params(), np.full((2, 3, 2), np.nan), readout="mean"), "X"),
    (lambda: empirical_readout_ntk(_params(), np.ones((2, 3, 2)), np.full((1, 3, 2), np.nan)), "X2"),
    (lambda: readout_ntk_blocks(_params(), np.ones((2, 3, 2)), readouts=()), "readouts"),
    (lambda: readout_ntk_blocks(_params(), np.ones((2, 3, 2)), readouts="mean"), "readouts"),
    (lambda: readout_features(forward(_params(), np.ones((2, 3, 2))), "all"), "readout"),
])
def test_bad_input_is_a_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_float32_input_gives_the_float64_answer():
    X = sample_sequences(np.random.default_rng(2), 3, 4, 2).astype(np.float32)
    params = _params()
    for readout in READOUTS:
        kernel = rnn_readout_ntk(X, readout=readout, readout_trained=True)
        assert kernel.dtype == np.float64
        assert np.array_equal(kernel, rnn_readout_ntk(X.astype(np.float64), readout=readout, readout_trained=True))
        gram = empirical_readout_ntk(params, X, readout=readout, readout_trained=True)
        assert gram.dtype == np.float64
        assert np.array_equal(gram, empirical_readout_ntk(params, X.astype(np.float64), readout=readout,
                                                          readout_trained=True))
    assert isinstance(readout_ntk_blocks(params, X)["last"], NtkBlocks)
    assert np.array_equal(rnn_readout_ntk(X.astype(np.float64)), rnn_ntk(X.astype(np.float64)))


# -- digits: the pooled recursion against 50-digit mpmath ------------------------------------------------

def _pooled_reference(x: np.ndarray, y: np.ndarray, readout_trained: bool):
    """(1/L^2) sum_{t,u} [Theta_{t,u} (+ q_{t,u})], typed again in mpmath from the module's formulas:
    s_{l,u} = q_{l-1,u-1} + <x_l, y_u>, q and rhodot the arc-cosine layer, and
    Theta_{t,u} = sum_{k=0}^{min(t,u)-1} (1/2) q_{t-k-1,u-k-1} prod_{j=0}^{k} rhodot_{t-j,u-j}."""
    import mpmath

    mpmath.mp.dps = 50
    steps = len(x)
    dot = lambda a, b: mpmath.fsum(mpmath.mpf(float(p)) * mpmath.mpf(float(r)) for p, r in zip(a, b))
    norms_x = [mpmath.fsum(dot(x[k], x[k]) for k in range(l)) for l in range(steps + 1)]
    norms_y = [mpmath.fsum(dot(y[k], y[k]) for k in range(l)) for l in range(steps + 1)]
    q = {(l, u): mpmath.mpf(0) for l in range(steps + 1) for u in range(steps + 1) if l == 0 or u == 0}
    rho = {}
    for l in range(1, steps + 1):
        for u in range(1, steps + 1):
            s = q[(l - 1, u - 1)] + dot(x[l - 1], y[u - 1])
            root = mpmath.sqrt(norms_x[l] * norms_y[u])
            angle = mpmath.acos(min(mpmath.mpf(1), max(mpmath.mpf(-1), s / root)))
            q[(l, u)] = root / mpmath.pi * (mpmath.sin(angle) + (mpmath.pi - angle) * mpmath.cos(angle))
            rho[(l, u)] = (mpmath.pi - angle) / mpmath.pi
    total = mpmath.mpf(0)
    for t in range(1, steps + 1):
        for u in range(1, steps + 1):
            product = mpmath.mpf(1)
            for k in range(min(t, u)):
                product *= rho[(t - k, u - k)]                       # prod_{j=0}^{k} rhodot_{t-j,u-j}
                total += q[(t - k - 1, u - k - 1)] / 2 * product
            total += q[(t, u)] if readout_trained else 0
    return total / steps**2


def test_pooled_recursion_keeps_its_digits(readout_trained=True):
    """Identical sequences, a shared prefix and unrelated ones: 1e-13 relative against 50 digits (computing
    arccos of a cosine rounded below 1 would lose about 5e-9 per step on the identical pairs)."""
    rng = np.random.default_rng(4)      # a draw whose identical pairs round a cosine below 1 (4e-10 lost)
    X = rng.standard_normal((2, 10, 3)) * rng.uniform(0.5, 2.0, size=(2, 10, 1))
    X = np.concatenate([X, X[:1], X[:1]])
    X[3, 6:] = rng.standard_normal((4, 3))                     # shares its first 6 tokens with X[0]
    K = rnn_readout_ntk(X, readout="mean", readout_trained=readout_trained)
    for i, j in [(0, 0), (0, 2), (0, 1), (0, 3)]:
        expected = _pooled_reference(X[i], X[j], readout_trained)
        assert abs(K[i, j] - float(expected)) <= 1e-13 * abs(float(expected)), (i, j)
