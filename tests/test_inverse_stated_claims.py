"""Claims testing the stated bounds as printed (claims_stated.py): hand-worked witnesses, both sides of each
judge's boundary, and the verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnbounds.theorems.core import Measurement, Verdict
from rnnbounds.theorems.core.runner import run_theorem
from rnnbounds.theorems.inverse_approximation import THEOREM
from rnnbounds.theorems.inverse_approximation import claims_stated as CS

RNG = np.random.default_rng(0)


def _ratio(claim, instance):
    return claim.measure(instance, np.random.default_rng(0)).measured


def test_every_stated_bound_is_named_by_a_claim_that_evaluates_it():
    stated = {b.name for b in THEOREM.bounds if b.provenance.value == "stated"}
    named = {c.bound for c in THEOREM.claims if c.bound is not None}
    assert stated == {"spectral_abscissa", "model_memory_a0_stated", "model_memory_a1", "lyapunov_norm", "cubic_radius"}
    assert stated <= named


def test_cubic_radius_witness_by_hand():
    # W = [[-1, 1], [-1, -1]]: beta0 = M_0 = 1, P = I/2, ratio (3 + sqrt 2) / 4 at v angle -pi/16
    assert CS.cubic_witness_angle(1.0) == pytest.approx(-math.pi / 16, rel=1e-15)
    meas = CS.S_A9.measure(CS.S_A9.instances("quick")[3], RNG)
    assert meas.measured == pytest.approx((3 + math.sqrt(2)) / 4, rel=1e-12)          # 1.1035533905932737
    assert meas.details["M_0"] == 1.0 and meas.details["norm_W"] == pytest.approx(math.sqrt(2), rel=1e-14)
    assert meas.details["radius"] == pytest.approx(math.sqrt(0.5), rel=1e-14)          # sqrt(beta0 L / M_0)


@pytest.mark.parametrize("b, expected", [(0.1, (3 + math.sqrt(1.01)) / 4), (0.5, (3 + math.sqrt(1.25)) / 4),
                                         (2.0, (3 + math.sqrt(5)) / 8)])   # b > 1: M_0 = b divides
def test_cubic_radius_ratio_on_rotations_by_hand(b, expected):
    instance = CS._cubic(CS.rotation(b), 0.3, "angle", angle=CS.cubic_witness_angle(b))
    assert _ratio(CS.S_A9, instance) == pytest.approx(expected, rel=1e-12)


def test_cubic_radius_attained_at_minus_identity_and_controls_just_across():
    base = CS._cubic("minus-identity", 0.5, "axis")
    assert _ratio(CS.S_A9, base) == pytest.approx(1.0, rel=1e-14)
    assert _ratio(CS.S_A9, {**base, "radius_factor": 1.001}) == pytest.approx(1.001**2, rel=1e-12)
    judge = CS.S_A9.judge
    assert judge({}, Measurement(1.0 + 0.5e-9)) and not judge({}, Measurement(1.0 + 2e-9))


def test_a1_rate_attained_at_minus_identity_and_its_controls():
    base = CS._a1("minus-identity", 0.5, "axis")
    assert _ratio(CS.S_A1, base) == pytest.approx(1.0, abs=1e-9)                       # tangent at t = 0
    assert _ratio(CS.S_A1, {**base, "radius_factor": 1.001}) == pytest.approx(1.001, rel=1e-8)
    assert _ratio(CS.S_A1, {**base, "bound_factor": 1 - 1e-6}) == pytest.approx(1 / (1 - 1e-6), rel=1e-8)
    judge = CS.S_A1.judge
    assert judge({}, Measurement(1.0 + 0.5e-7)) and not judge({}, Measurement(1.0 + 2e-7))


def test_a1_constant_by_hand_for_the_shear_witness():
    meas = CS.S_A1.measure(CS._a1(CS.SHEAR, 0.5, "stretch"), RNG)
    # M_0 = 10, beta0 = 1, Upsilon = sqrt(0.05); ||W||_2 = (sqrt(104) + 10) / 2 (singular values of [[-1, 10], [0, -1]])
    assert meas.details["M_0"] == 10.0 and meas.details["beta0"] == 1.0
    assert meas.details["norm_W"] == pytest.approx((math.sqrt(104) + 10) / 2, rel=1e-12)
    assert np.linalg.norm(meas.details["v0"]) == pytest.approx(math.sqrt(0.05), rel=1e-12)
    assert meas.measured > 2.0                  # e^{Wt} stretches v_0 by ~ 10 t e^{-t}: the bound breaks


def test_a0_contraction_shear_witness_and_controls_by_hand():
    # e^{Wt} = e^{-t} [[1, k t], [0, 1]]: along e_2 the ratio is sqrt(1 + k^2 t^2), largest at t = 10 / beta0 = 10
    witness = CS._a0(CS.SHEAR, "angle", angle=math.pi / 2)
    assert _ratio(CS.S_A0, witness) == pytest.approx(math.sqrt(10001.0), rel=1e-7)          # 100.005
    near = CS._a0([[-1.0, 0.01], [0.0, -1.0]], "angle", angle=math.pi / 2)
    assert _ratio(CS.S_A0, near) == pytest.approx(math.sqrt(1.01), rel=1e-7)                 # 1.00499
    base = CS._a0("minus-identity", "axis")
    assert _ratio(CS.S_A0, base) == pytest.approx(1.0, abs=1e-8)
    saturated = CS.S_A0.measure({**base, "level": 3.0}, RNG)
    assert not saturated.details["linear_zone"] and not CS.S_A0.judge({}, saturated)
    inside = Measurement(1.0 + 0.5e-7, details={"linear_zone": True})
    assert CS.S_A0.judge({}, inside) and not CS.S_A0.judge({}, Measurement(1.0 + 2e-7, details={"linear_zone": True}))


def test_verdicts_at_the_quick_level():
    ids = ["S-A9-cubic-radius-as-printed", "S-A1-rate-as-printed", "S-A0-contraction-as-printed"]
    results = {r.claim_id: r for r in run_theorem(THEOREM, "quick", 0, claim_ids=ids)}
    assert all(r.verdict is Verdict.REFUTED for r in results.values())
    assert results[ids[0]].witness.measurement.details["W"] == [[-1.0, 1.0], [-1.0, -1.0]]
    assert results[ids[1]].witness.measurement.details["W"] == CS.SHEAR
    assert results[ids[2]].witness.measurement.details["W"] == CS.SHEAR


@pytest.mark.slow
def test_normal_w_claim_holds_at_the_quick_level():
    result, = run_theorem(THEOREM, "quick", 0, claim_ids=["S-A1-rate-as-printed-normal-W"])
    assert result.verdict is Verdict.HOLDS, result.reason
