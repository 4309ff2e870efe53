"""Numerics behind the Theorem 3.9 claims: tanh teachers, tail decay fits, hardtanh BPTT at the repository's
operating point (dt = 1, rates in (0, 1)), and the trained-model memory query against a closed form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.activations import HARDTANH, TANH
from rnnbounds.numerics.decay_fit import fit_tail_decay, tail_window
from rnnbounds.numerics.residual_training import PARAMETERS, ResidualDiagonalRNN, mse_loss_and_gradient
from rnnbounds.numerics.teacher_rnn import TanhTeacher, random_tanh_teacher, teacher_outputs, teacher_step_memory


# -- BPTT with the activations the claims train ---------------------------------------------------------

@given(m=st.integers(1, 4), steps=st.integers(1, 6), seed=st.integers(0, 2**16),
       sigma=st.sampled_from([TANH, HARDTANH]))
def test_gradient_at_dt_1_matches_central_differences(m, steps, seed, sigma):
    """Rates relu(w) in (0.05, 1), inputs scaled so hardtanh stays off its kinks (|z| < 1 is kept by small u)."""
    rng = np.random.default_rng(seed)
    model = ResidualDiagonalRNN(rng.uniform(0.05, 1.0, m), 0.2 * rng.standard_normal(m), 0.05 * rng.standard_normal(m),
                                rng.standard_normal(m), np.asarray(0.1))
    x, y = rng.uniform(-1, 1, (3, steps)), rng.standard_normal((3, steps))
    _, grads = mse_loss_and_gradient(model, sigma, x, y, 1.0, "relu")
    params, h = model.as_dict(), 1e-6
    for name in PARAMETERS:
        for index in np.ndindex(params[name].shape):
            plus, minus = ({k: v.copy() for k, v in params.items()} for _ in range(2))
            plus[name][index] += h
            minus[name][index] -= h
            numeric = (mse_loss_and_gradient(ResidualDiagonalRNN.from_dict(plus), sigma, x, y, 1.0, "relu")[0]
                       - mse_loss_and_gradient(ResidualDiagonalRNN.from_dict(minus), sigma, x, y, 1.0, "relu")[0]) / (2 * h)
            assert grads[name][index] == pytest.approx(numeric, rel=1e-5, abs=1e-8), (name, index)


# -- tanh teachers -----------------------------------------------------------------------------------------

def test_teacher_follows_the_torch_recursion_by_hand():
    """m = 1: h_0 = tanh(u x_0 + b), h_1 = tanh(W h_0 + u x_1 + b), y = c h + c0, worked out step by step."""
    teacher = TanhTeacher(np.array([[0.5]]), np.array([2.0]), np.array([0.1]), np.array([3.0]), np.asarray(-1.0))
    h0 = np.tanh(2.0 * 1.0 + 0.1)
    h1 = np.tanh(0.5 * h0 + 2.0 * (-0.5) + 0.1)
    np.testing.assert_allclose(teacher_outputs(teacher, np.array([[1.0, -0.5]])), [[3 * h0 - 1, 3 * h1 - 1]], rtol=1e-14)


def test_teacher_without_recurrence_forgets_at_once():
    """W = 0: y_k(u^x) - y_k(0) = c^T (tanh(u x + b) - tanh(b)) for every k, so the memory is that at k = 0, then 0."""
    rng = np.random.default_rng(3)
    u, b, c = rng.standard_normal(5), rng.standard_normal(5), rng.standard_normal(5)
    teacher = TanhTeacher(np.zeros((5, 5)), u, b, c, np.asarray(0.7))
    memory = teacher_step_memory(teacher, np.array([-1.0, 2.0]), 6)
    expected = max(abs(c @ (np.tanh(u * x + b) - np.tanh(b))) / abs(x) for x in (-1.0, 2.0))
    np.testing.assert_allclose(memory, [expected, 0, 0, 0, 0, 0], atol=1e-15)


def test_small_teacher_memory_is_the_linear_kernel():
    """u x 1e-4 and b = 0 keep |z| <~ 1e-3, so tanh is linear to ~1e-6: memory ~ |c^T W^k u| (the linear kernel) to 1e-4."""
    rng = np.random.default_rng(4)
    W = 0.9 * np.linalg.qr(rng.standard_normal((4, 4)))[0]
    u, c = 1e-4 * rng.standard_normal(4), rng.standard_normal(4)
    memory = teacher_step_memory(TanhTeacher(W, u, np.zeros(4), c, np.asarray(0.0)), np.array([1.0]), 8)
    kernel = np.abs([c @ np.linalg.matrix_power(W, k) @ u for k in range(8)])
    np.testing.assert_allclose(memory, kernel, rtol=1e-4)


def test_random_teacher_draws_torch_ranges_and_is_seeded():
    a, b = random_tanh_teacher(16, np.random.default_rng(1), 2.0), random_tanh_teacher(16, np.random.default_rng(1), 2.0)
    np.testing.assert_array_equal(a.W, b.W)
    assert np.max(np.abs(a.W)) <= 2.0 / 4 and np.max(np.abs(a.u)) <= 0.25 and np.max(np.abs(a.b)) <= 0.5
    assert np.max(np.abs(a.W)) > 0.25  # the gain is applied


def test_teacher_bad_inputs_raise():
    with pytest.raises(ValueError, match="gain"):
        random_tanh_teacher(4, np.random.default_rng(0), 0.0)
    with pytest.raises(ValueError, match="shapes"):
        TanhTeacher(np.zeros((2, 3)), np.zeros(2), np.zeros(2), np.zeros(2), np.asarray(0.0))
    with pytest.raises(ValueError, match="levels"):
        teacher_step_memory(random_tanh_teacher(2, np.random.default_rng(0)), np.array([0.0, 1.0]), 3)


# -- tail decay fits ----------------------------------------------------------------------------------------

@given(ratio=st.floats(0.5, 0.99), scale=st.floats(1e-3, 1e3))
def test_geometric_memory_gives_minus_log_ratio(ratio, scale):
    memory = scale * ratio ** np.arange(3000.0)
    fit = fit_tail_decay(memory)
    assert fit.decayed and fit.rate == pytest.approx(-np.log(ratio), rel=1e-9)
    assert fit.low - 1e-12 <= -np.log(ratio) <= fit.high + 1e-12


def test_window_starts_below_upper_and_stops_above_lower():
    """M = 10^-k: upper 1e-3 first met at k = 3 (M = 1e-3 counts as fallen), lower 1e-10 at k = 10 (excluded)."""
    memory = 10.0 ** -np.arange(20.0)
    assert tail_window(memory) == (3, 10, True)
    assert tail_window(memory, upper=0.99e-3) == (4, 10, True)
    assert tail_window(memory, lower=1.01e-10) == (3, 9, True) or tail_window(memory, lower=1.01e-10) == (3, 10, True)
    assert tail_window(memory, max_points=4) == (6, 10, True)   # the last 4 steps before the floor


def test_a_plateau_after_an_exponential_stretch_is_what_gets_fitted():
    """0.9^k down to 1e-5, then flat (a dead unit's constant contribution): the tail fit sees no decay (rate ~ 0)."""
    memory = np.maximum(0.9 ** np.arange(400.0), 1e-5)
    fit = fit_tail_decay(memory)
    assert fit.decayed and (fit.start, fit.stop) == (340, 400)
    assert abs(fit.rate) < 1e-12


def test_memory_that_never_decays_is_fitted_on_its_last_points_and_says_so():
    memory = np.concatenate([np.ones(100), 0.999 ** np.arange(100.0)])
    fit = fit_tail_decay(memory, max_points=50)
    assert not fit.decayed and (fit.start, fit.stop) == (150, 200)
    assert fit.rate == pytest.approx(-np.log(0.999), rel=1e-6)


def test_polynomial_memory_has_no_single_rate():
    """(1 + k)^-1.5 has local rate 1.5 / (1 + k): the fit on an early window is far above one on a late window."""
    memory = (1.0 + np.arange(20000.0)) ** -1.5
    early, late = fit_tail_decay(memory[:200], upper=0.5, max_points=50), fit_tail_decay(memory, upper=1e-5)
    assert early.rate > 5 * late.rate


def test_decay_fit_bad_inputs_raise():
    with pytest.raises(ValueError, match="lower"):
        tail_window(np.ones(5), upper=1e-3, lower=1e-2)
    with pytest.raises(ValueError, match="identically 0"):
        tail_window(np.zeros(5))
    with pytest.raises(ValueError, match="fewer than 3"):
        fit_tail_decay(np.array([1.0, 1e-4, 1e-12, 1e-13]))


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5])
def test_tail_fit_refuses_a_confidence_outside_zero_to_one(confidence):
    with pytest.raises(ValueError, match="confidence"):
        fit_tail_decay(0.2 ** np.arange(12.0), confidence=confidence)


def test_tail_fit_accepts_a_confidence_just_inside():
    fit = fit_tail_decay(0.2 ** np.arange(12.0), confidence=0.999)
    assert fit.low <= fit.rate <= fit.high and np.isfinite([fit.low, fit.high]).all()
