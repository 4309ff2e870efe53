"""The repository's definitions in numerics: time-weighted MSE, the orthogonal-P residual RNN, fixed-direction
perturbations. Literals worked out by hand from spec 6.3-6.5."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnbounds.numerics.activations import IDENTITY, TANH
from rnnbounds.numerics.fixed_direction_perturbation import fixed_direction_curve, fixed_directions
from rnnbounds.numerics.residual_orthogonal import (
    ORTHOGONAL_PARAMETERS, ResidualOrthogonalRNN, adam_orthogonal, forward_orthogonal, grown_orthogonal,
    objective_and_gradient, perturbed_orthogonal, stability_margin,
)
from rnnbounds.numerics.residual_training import AdamSettings
from rnnbounds.numerics.time_weighted_mse import time_weighted_mse, time_weighted_mse_and_gradient, time_weights


# -- time-weighted MSE ---------------------------------------------------------------------------

def test_time_weights_for_two_steps_by_hand():
    # raw ((i+1)/3)^2 = 1/9, 4/9, sum 5/9; rescaled to sum 2: 2/5, 8/5
    assert time_weights(2) == pytest.approx([0.4, 1.6], rel=1e-15)
    assert time_weights(1) == pytest.approx([1.0], rel=1e-15)      # T = 1: plain MSE
    assert time_weights(7).sum() == pytest.approx(7.0, rel=1e-14)


def test_time_weighted_mse_for_two_steps_by_hand():
    zero = np.zeros((1, 2))
    assert time_weighted_mse(np.array([[1.0, 1.0]]), zero) == pytest.approx((0.16 + 2.56) / 2, rel=1e-14)   # 1.36
    assert time_weighted_mse(np.array([[1.0, -2.0]]), zero) == pytest.approx((0.16 + 10.24) / 2, rel=1e-14)  # 5.2
    # two sequences: the mean runs over b and i
    two = np.array([[1.0, 1.0], [0.0, 0.0]])
    assert time_weighted_mse(two, np.zeros((2, 2))) == pytest.approx(2.72 / 4, rel=1e-14)
    # the weights act squared: plain MSE would give 1 and 2.5
    loss, grad = time_weighted_mse_and_gradient(np.array([[1.0, 1.0]]), zero)
    assert loss == pytest.approx(1.36) and grad == pytest.approx(np.array([[0.16, 2.56]]), rel=1e-14)  # 2 omega^2 r / (N T)


def test_time_weighted_mse_refuses_bad_shapes():
    with pytest.raises(ValueError, match="steps"):
        time_weights(0)
    with pytest.raises(ValueError, match=r"\by\b"):
        time_weighted_mse(np.zeros((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="y_hat"):
        time_weighted_mse(np.array([[np.nan]]), np.zeros((1, 1)))


# -- the orthogonal-P residual RNN -----------------------------------------------------------------

def _model(m: int, rng: np.random.Generator) -> ResidualOrthogonalRNN:
    base = ResidualOrthogonalRNN.initial(m, rng)
    return ResidualOrthogonalRNN.from_dict({**base.as_dict(), "w": rng.uniform(0.1, 1.5, m) * rng.choice([-1, 1], m),
                                            "P": base.P + 0.2 * rng.standard_normal((m, m)),   # trained P drifts
                                            "b": 0.1 * rng.standard_normal(m), "c0": np.asarray(0.3)})


@settings(max_examples=12)
@given(m=st.integers(1, 4), n=st.integers(1, 3), steps=st.integers(1, 6), seed=st.integers(0, 2**16),
       phi=st.sampled_from(["relu", "identity", "softplus"]), loss=st.sampled_from(["time-weighted", "mse"]),
       margin_weight=st.sampled_from([0.0, 0.05]))
def test_gradient_matches_central_differences(m, n, steps, seed, phi, loss, margin_weight):
    rng = np.random.default_rng(seed)
    model = _model(m, rng)
    x, y = rng.standard_normal((n, steps)), rng.standard_normal((n, steps))
    f = lambda mod: objective_and_gradient(mod, TANH, x, y, 0.7, phi, loss, margin_weight)
    _, grads = f(model)
    params, h = model.as_dict(), 1e-6
    for name in ORTHOGONAL_PARAMETERS:
        for index in np.ndindex(params[name].shape):
            plus, minus = ({k: v.copy() for k, v in params.items()} for _ in range(2))
            plus[name][index] += h
            minus[name][index] -= h
            numeric = (f(ResidualOrthogonalRNN.from_dict(plus))[0] - f(ResidualOrthogonalRNN.from_dict(minus))[0]) / (2 * h)
            assert grads[name][index] == pytest.approx(numeric, rel=1e-5, abs=1e-8), (name, index)


def test_forward_by_hand_with_a_rotated_p():
    # m = 2, P a rotation by 90 degrees: A = P^T diag(1, 0) P = diag(0, 1); sigma = identity, dt = 1
    P = np.array([[0.0, 1.0], [-1.0, 0.0]])
    model = ResidualOrthogonalRNN(np.array([1.0, 0.0]), P, np.array([1.0, 1.0]), np.zeros(2), np.array([1.0, 2.0]),
                                  np.asarray(0.5))
    assert model.recurrent_matrix("identity") == pytest.approx(np.diag([0.0, 1.0]), abs=1e-15)
    y, h, _ = forward_orthogonal(model, IDENTITY, np.array([[1.0, 0.0]]), 1.0, "identity")
    # h1 = (1, 1); h2 = h1 + (0 - 0, 0 - 1) = (1, 0); y = c.h + 0.5 = 3.5, 1.5
    assert h[0, 2] == pytest.approx([1.0, 0.0]) and y == pytest.approx(np.array([[3.5, 1.5]]))


def test_initial_p_is_orthogonal_and_growth_keeps_the_outputs():
    rng = np.random.default_rng(3)
    small = ResidualOrthogonalRNN.initial(3, rng)
    assert small.P @ small.P.T == pytest.approx(np.eye(3), abs=1e-12)
    big = grown_orthogonal(small, 6, rng)
    assert big.P @ big.P.T == pytest.approx(np.eye(6), abs=1e-12)
    x = rng.standard_normal((4, 9))
    for phi in ("relu", "softplus"):
        assert forward_orthogonal(big, TANH, x, 1.0, phi)[0] == pytest.approx(forward_orthogonal(small, TANH, x, 1.0, phi)[0],
                                                                              rel=1e-12, abs=1e-14)
    with pytest.raises(ValueError, match="grow"):
        grown_orthogonal(big, 2, rng)


def test_stability_margin_by_hand_on_both_sides_of_its_cases():
    w = np.array([-0.5, 0.3, 2.0])
    assert stability_margin(w, "relu") == (0.3, pytest.approx([0.0, 1.0, 0.0]))        # smallest positive w_i
    margin, grad = stability_margin(w, "softplus")                                       # softplus(min w) = log(1 + e^-0.5)
    assert margin == pytest.approx(0.47407698418010663, rel=1e-14)
    assert grad == pytest.approx([1 / (1 + np.exp(0.5)), 0.0, 0.0], rel=1e-14)
    assert stability_margin(np.array([-1.0, 0.0]), "relu") == (0.0, pytest.approx([0.0, 0.0]))  # none positive
    # the regulariser 0.01 relu(1 - margin) acts only below 1
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    for w_min, added in ((0.9, 0.01 * 0.1), (1.1, 0.0)):
        model = ResidualOrthogonalRNN(np.array([w_min, 2.0]), np.eye(2), np.ones(2), np.zeros(2), np.ones(2), np.zeros(()))
        plain = objective_and_gradient(model, TANH, x, y, 1.0, "relu")[0]
        assert objective_and_gradient(model, TANH, x, y, 1.0, "relu", margin_weight=0.01)[0] - plain == pytest.approx(
            added, abs=1e-15)


def test_adam_lowers_the_time_weighted_loss_and_p_is_trained():
    rng = np.random.default_rng(0)
    model = ResidualOrthogonalRNN.initial(3, rng)
    x = rng.standard_normal((32, 12))
    y = 0.3 * np.cumsum(x, axis=1) * 0.5 ** np.arange(12)[::-1]
    trained, values = adam_orthogonal(model, TANH, x, y, 1.0, "softplus", AdamSettings(steps=80))
    assert values.min() < 0.5 * values[0]
    assert not np.allclose(trained.P, model.P)
    assert perturbed_orthogonal(trained, {"P": np.ones((3, 3))}).P == pytest.approx(trained.P + 1.0)
    with pytest.raises(ValueError, match="unknown"):
        perturbed_orthogonal(trained, {"W": np.ones((3, 3))})


# -- fixed-direction perturbation -----------------------------------------------------------------

def test_fixed_directions_have_sup_norm_one_and_depend_only_on_the_seed():
    params = {"w": np.zeros(5), "P": np.zeros((3, 3)), "c0": np.zeros(())}
    a, b, c = fixed_directions(params, 4), fixed_directions(params, 4), fixed_directions(params, 5)
    for k in params:
        assert np.max(np.abs(a[k])) == 1.0 and a[k].shape == params[k].shape
        assert np.array_equal(a[k], b[k])
    assert not np.array_equal(a["w"], c["w"])
    assert abs(float(a["c0"])) == 1.0                      # a scalar moves by exactly beta


def test_curve_scales_the_same_directions_and_takes_a_running_max():
    params = {"a": np.array([0.0, 0.0])}
    betas = np.array([0.0, 0.5, 1.0, 2.0])
    seen = []
    linear = lambda p: seen.append(p["a"].copy()) or float(p["a"][0])
    curve, raw = fixed_direction_curve(linear, params, betas, repeats=3)
    g = [fixed_directions(params, r)["a"][0] for r in range(3)]
    assert raw[:, 1:] == pytest.approx(np.outer(g, betas[1:]), rel=1e-14)     # the same g_r at every beta
    assert curve == pytest.approx(np.maximum.accumulate(np.r_[0.0, max(g) * betas[1:]]))
    assert len(seen) == 1 + 3 * 3                                              # beta = 0 evaluated once
    falling = lambda p: -float(np.sum(np.abs(p["a"])))                          # errors fall with beta
    assert fixed_direction_curve(falling, params, betas, 2)[0] == pytest.approx([0.0] * 4)
    blow = lambda p: float("nan") if np.abs(p["a"]).max() > 1.5 else 1.0
    assert fixed_direction_curve(blow, params, betas, 1)[0][-1] == np.inf      # NaN = diverged = +inf
    with pytest.raises(ValueError, match="betas"):
        fixed_direction_curve(linear, params, np.array([0.0, np.nan]), 1)
    with pytest.raises(ValueError, match="increasing"):
        fixed_direction_curve(linear, params, np.array([0.0, 1.0, 1.0]), 1)
