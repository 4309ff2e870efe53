"""The Theorem 3.9 claims' parts: target kernels pinned by hand, the family predicates on both sides of each
boundary, the trained-model memory query against its closed form, the perturbation curve, the declared designs."""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.activations import HARDTANH
from rnnbounds.numerics.residual_training import ResidualDiagonalRNN, forward
from rnnbounds.theorems.inverse_approximation import claims_theorem39 as t39


def _details(E0_last=0.01, variance=1.0, blow_ups=(0.128, 0.128, 0.128), fits=((0.1, 0.09, 0.11, True),) * 3):
    return {"E0": [1.0, 0.1, E0_last], "variance": variance, "blow_ups": list(blow_ups),
            "memory_fits": [{"rate": r, "low": lo, "high": hi, "decayed": d} for r, lo, hi, d in fits]}


def test_target_kernels_by_hand():
    assert t39.target_kernel("exp", 3)[2] == pytest.approx(0.81, rel=1e-14)
    assert t39.target_kernel("repo-pol", 11)[10] == pytest.approx(2.0 ** -1.1, rel=1e-14)   # (1 + 0.1 * 10)^-1.1
    assert t39.target_kernel("damped-pol", 11, 0.1)[10] == pytest.approx(0.4665164957684037 * np.exp(-1.0), rel=1e-12)
    with pytest.raises(ValueError, match="target"):
        t39.target_kernel("sin", 3)


def test_approximated_boundary_at_5_percent_of_the_variance():
    assert t39.approximated(_details(E0_last=0.0499))
    assert t39.approximated(_details(E0_last=0.05))
    assert not t39.approximated(_details(E0_last=0.0501))


def test_stable_boundary_at_half_the_narrowest_blow_up_point():
    assert t39.stable(_details(blow_ups=(0.128, 0.02, 0.064)))           # exactly half: stable
    assert not t39.stable(_details(blow_ups=(0.128, 0.128, 0.0639)))
    assert t39.stable(_details(blow_ups=(0.128, 0.128, None)))           # never blew up on the grid: +inf
    assert not t39.stable(_details(blow_ups=(None, 0.128, 1.0)))


def test_exponential_memory_boundaries():
    base = ((0.1, 0.09, 0.11, True),)
    assert t39.exponential_memory(_details(fits=base + ((0.06, 0.0501, 0.07, True),) * 2))
    assert t39.exponential_memory(_details(fits=base + ((0.06, 0.05, 0.07, True),) * 2))
    assert not t39.exponential_memory(_details(fits=base + ((0.06, 0.0499, 0.07, True),) * 2))
    assert not t39.exponential_memory(_details(fits=base + ((0.1, 0.09, 0.11, False),) * 2))     # no decay seen
    assert not t39.exponential_memory(_details(fits=((1e-3, -1e-4, 2e-3, True),) * 3))          # interval reaches 0
    assert not t39.exponential_memory(_details(fits=base * 3), fraction=1.1)                    # the near control's floor


def test_polynomial_judge_needs_an_informative_unstable_family():
    good = _details()
    assert t39.stable_with_exponential_memory(good)
    assert not t39._judge_polynomial({}, t39.Measurement(1.0, None, good))                    # stable: fails
    moving = _details(blow_ups=(0.128, 0.128, 0.0639))                                         # 0.0639 < 0.128 / 2
    assert t39._judge_polynomial({}, t39.Measurement(0.0, None, moving))
    assert not t39._judge_polynomial({}, t39.Measurement(0.0, None, _details(blow_ups=(0.128, 0.128, 0.064))))
    dead = _details(blow_ups=(0.128, 0.128, 0.045), fits=((0.1, 0.09, 0.11, True),) * 2 + ((0.0, -1e-3, 1e-3, True),))
    assert not t39.decaying_memory(dead.copy())
    assert not t39._judge_polynomial({}, t39.Measurement(0.0, None, dead))                    # outside hypothesis (d)
    undecayed = _details(blow_ups=(0.128, 0.128, 0.045), fits=((0.1, 0.09, 0.11, False),) * 3)
    assert not t39._judge_polynomial({}, t39.Measurement(0.0, None, undecayed))


def test_model_memory_is_the_linear_kernel_when_hardtanh_stays_linear():
    """|z| < 1 throughout (small u and b, rates in (0, 1)): once the zero-input response (the bias's transient) is
    subtracted, Delta y_k(u^x) = x sum_i c_i u_i (1 - lambda_i)^k."""
    rng = np.random.default_rng(5)
    lam, u, c = rng.uniform(0.1, 0.9, 3), 0.05 * rng.standard_normal(3), rng.standard_normal(3)
    model = ResidualDiagonalRNN(lam, u, 0.05 * rng.standard_normal(3), c, np.asarray(0.4))
    memory = t39.model_step_memory(model, "hardtanh", 30)
    kernel = np.abs([(c * u * (1 - lam) ** k).sum() for k in range(30)])
    np.testing.assert_allclose(memory, kernel, rtol=1e-10, atol=1e-16)


def test_perturbation_curve_starts_at_the_test_error_and_never_falls():
    rng = np.random.default_rng(6)
    model = ResidualDiagonalRNN(rng.uniform(0.2, 0.8, 3), rng.standard_normal(3), np.zeros(3), rng.standard_normal(3),
                                np.asarray(0.0))
    x = rng.standard_normal((8, 12))
    data = {"x_test": x, "y_test": np.zeros((8, 12))}
    curve = t39.perturbation_curve(model, "hardtanh", data, 2, rng)
    assert curve[0] == pytest.approx(np.mean(forward(model, HARDTANH, x, 1.0, "relu")[0] ** 2), rel=1e-14)
    assert np.all(np.diff(curve) >= 0) and curve[-1] > curve[0]


def test_designs_pin_the_declared_thresholds():
    design = t39.T39_STABLE.design_at("full")
    assert dict(design.thresholds) == {"blow_up_factor": 10.0, "approximated": 0.05, "stable_spread": 0.5,
                                       "rate_fraction": 0.5, "teachers": 4.0}
    assert t39.T39_STABLE.slow and t39.T39_POLYNOMIAL.slow
    assert t39.T39_STABLE.has_near_control() and t39.T39_POLYNOMIAL.has_near_control()
    assert t39.T39_POLYNOMIAL.controls[0].instance("full")["damping"] == 0.1


def test_rate_floor_applies_to_the_wider_models_only():
    """The narrowest model's own interval need not reach above fraction x its rate: at fraction 1.1 the floor is
    0.11, which wider models at 0.12 [0.115, 0.125] clear and the narrowest (0.1 [0.09, 0.11]) is not held to."""
    fits = ((0.1, 0.09, 0.11, True),) + ((0.12, 0.115, 0.125, True),) * 2
    assert t39.exponential_memory(_details(fits=fits), fraction=1.1)
    slower = ((0.1, 0.09, 0.11, True),) + ((0.12, 0.115, 0.125, True), (0.11, 0.1099, 0.112, True))
    assert not t39.exponential_memory(_details(fits=slower), fraction=1.1)      # 0.1099 < 0.11


def test_stable_judge_needs_the_targets_memory_to_decay():
    good = {**_details(), "target_fit": {"rate": 0.105, "low": 0.104, "high": 0.106, "decayed": True}}
    assert t39._judge_stable({"target": "exp"}, t39.Measurement(1.0, None, good))
    never = {**good, "target_fit": {"rate": 0.01, "low": 0.005, "high": 0.02, "decayed": False}}
    assert not t39.target_exponential(never)
    assert not t39._judge_stable({"target": "repo-pol"}, t39.Measurement(1.0, None, never))
    flat = {**good, "target_fit": {"rate": 0.0, "low": -1e-3, "high": 1e-3, "decayed": True}}
    assert not t39._judge_stable({"target": "exp"}, t39.Measurement(1.0, None, flat))
