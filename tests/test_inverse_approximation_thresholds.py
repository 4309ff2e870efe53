"""inverse-approximation: every claim's declared thresholds against the literals of its spec item, and every
judge tested just inside, at and just outside each edge (spec: shared/papers/wang2023_inverse_approximation.md)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnbounds.theorems.core import Measurement
from rnnbounds.theorems.inverse_approximation import THEOREM
from rnnbounds.theorems.inverse_approximation.claims_stability import gap_prediction_holds
from rnnbounds.theorems.inverse_approximation.claims_training import REPO_BETAS

# (claim id, threshold name, literal, where the literal comes from)
PINS = [
    ("P3-decay-rate-is-spectral-gap", "rate_tolerance", 0.02, "§7 P3: slope = -lambda_min within 2%"),
    ("P3-decay-rate-is-spectral-gap", "second_mode_suppression", 1e3, "§7 P3: 2nd mode suppressed by > 1e3"),
    ("P4-class-A0-rate-scales-with-c-sigma", "rate_tolerance", 0.02, "§7 P4 with P3's 2%"),
    ("P5-radius-below-spectral-gap", "growth_tolerance", 0.05, "ours: §7 P5 gives the rate, no tolerance"),
    ("P5-radius-below-spectral-gap", "bounded_growth", 1e-6, "ours: rounding of the log-ratio"),
    ("P6-fitted-gap-vanishes-for-polynomial-memory", "predicted_rate", 0.10536051565782628, "§7 P6: -ln 0.9"),
    ("P6-fitted-gap-vanishes-for-polynomial-memory", "rate_tolerance", 5e-4, "§7 P6: four digits, 0.1054"),
    ("P6-fitted-gap-vanishes-for-polynomial-memory", "grid_first", 1.0, "§7 P6: t in {1..100}"),
    ("P6-fitted-gap-vanishes-for-polynomial-memory", "grid_last", 100.0, "§7 P6: t in {1..100}"),
    ("P6-fitted-gap-vanishes-for-polynomial-memory", "fall_factor", 0.25, "departure: spec asks strict decrease only"),
    ("P6-fitted-gap-vanishes-for-polynomial-memory", "max_width", 8.0, "departure: spec widths up to 14"),
    ("P7-crossing-points-move-left", "slope_ceiling", 0.0, "§7 P7: beta*_k decreasing in k"),
    ("P7-crossing-points-move-left", "confidence", 0.95, "issue 9: 95% interval"),
    ("P7-crossing-points-move-left", "max_width", 8.0, "departure: spec widths up to 14"),
    ("P9-trained-softplus-stays-ordered", "beta_max", 1.0, "§7 P9: ordered at every beta <= 1"),
    ("P9-trained-softplus-stays-ordered", "lost_from", 0.01, "§7 P9: merge or jump for beta >~ 0.01-0.05"),
    ("P10-lemma-A8-needs-normal-W", "witness_shear", 10.0, "§7 P10: k = 10 gives 25.75"),
    ("P10-lemma-A8-needs-normal-W", "rounding", 1e-9, "proof claim: rounding only"),
    ("P11-lemma-A9-cubic-bound", "rounding", 1e-9, "proof claim: rounding only"),
    ("P11-lemma-A9-cubic-bound", "radius_factor", 1.0, "§7 P11: |v|_2 <= sqrt(beta0 L / M)"),
    ("P13-hurwitz-tanh-memory-need-not-decay", "window_start", 50.0, "§7 P13: corners at t = 50-100"),
    ("P13-hurwitz-tanh-memory-need-not-decay", "window_end", 100.0, "§7 P13: corners at t = 50-100"),
    ("P13-hurwitz-tanh-memory-need-not-decay", "decay_tolerance", 1e-6, "ours: decayed means 1e-6 of |v_0|"),
    ("P14-heaviside-vs-impulse-memory", "ratio_tolerance", 0.05, "§7 P14: same per-step ratio (+-5%)"),
    ("P14-heaviside-vs-impulse-memory", "linear_tolerance", 1e-10, "§7 P14: identical (rounding only)"),
    ("P15-repository-memory-query", "ratio_tolerance", 0.02, "ours: §7 P15 says 'approx.'"),
    ("P15-repository-memory-query", "head_tolerance", 0.05, "ours: §7 P15 'within the training error'"),
]


@pytest.mark.parametrize("claim_id, name, literal, where", PINS, ids=[f"{p[0].split('-')[0]}:{p[1]}" for p in PINS])
@pytest.mark.parametrize("level", ["quick", "full"])
def test_declared_threshold_equals_the_spec_literal(claim_id, name, literal, where, level):
    assert THEOREM.claim(claim_id).design_at(level).thresholds[name] == pytest.approx(literal, rel=1e-12), where


def test_minus_log_point_nine_typed_again():
    assert -math.log(0.9) == pytest.approx(0.10536051565782628, rel=1e-15)


def _judge(claim_id: str):
    return THEOREM.claim(claim_id).judge


@pytest.mark.parametrize("deviation, holds", [(0.0199, True), (0.02, True), (0.0201, False)])
@pytest.mark.parametrize("claim_id", ["P3-decay-rate-is-spectral-gap", "P4-class-A0-rate-scales-with-c-sigma"])
def test_decay_rate_window_edges(claim_id, deviation, holds):
    assert _judge(claim_id)({}, Measurement(1.0, 1.0, {"deviation": deviation})) is holds


def test_p5_judge_needs_every_network():
    judge = _judge("P5-radius-below-spectral-gap")
    assert judge({}, Measurement(0.0, None, {"ok": [True, True]}))
    assert not judge({}, Measurement(0.0, None, {"ok": [True, False]}))


@pytest.mark.parametrize("offset, holds", [(4.99e-4, True), (5.01e-4, False), (-4.99e-4, True), (-5.01e-4, False)])
def test_p6_bounded_window_edges(offset, holds):
    rate = 0.10536051565782628
    assert gap_prediction_holds({"expect": "bounded"}, np.full(3, rate * (1 + offset)), rate) is holds


@pytest.mark.parametrize("gaps, holds", [
    ([1.0, 0.5, 0.25], True),        # at the fall edge
    ([1.0, 0.5, 0.2501], False),     # just above a quarter
    ([1.0, 0.2, 0.2, 0.1], False),   # a step of exactly 0 (strictness)
    ([1.0, 0.1, 0.2, 0.05], False),  # an increase
])
def test_p6_vanishing_branch_edges(gaps, holds):
    assert gap_prediction_holds({"expect": "vanishing"}, np.array(gaps), None) is holds


@pytest.mark.parametrize("high, finite, holds", [(-1e-3, True, True), (0.0, True, False), (1e-3, True, False),
                                                 (-1.0, False, False)])
def test_p7_slope_interval_edge(high, finite, holds):
    meas = Measurement(-1.0, None, {"finite": finite, "slope": {"high": high}})
    assert _judge("P7-crossing-points-move-left")({}, meas) is holds


def test_p7_every_family_needs_every_family_decreasing():
    judge = _judge("P7-crossings-decrease-in-every-family")
    assert judge({}, Measurement(0.0, None, {"finite": True, "decreasing_per_family": [True, True]}))
    assert not judge({}, Measurement(0.0, None, {"finite": True, "decreasing_per_family": [True, False]}))


@pytest.mark.parametrize("claim_id", ["P10-lemma-A8-needs-normal-W", "P11-lemma-A9-cubic-bound"])
@pytest.mark.parametrize("ratio, holds", [(1.0, True), (1.0 + 1e-9, True), (1.0 + 3e-9, False)])
def test_proof_claims_allow_rounding_only(claim_id, ratio, holds):
    assert _judge(claim_id)({}, Measurement(ratio, 1.0)) is holds


@pytest.mark.parametrize("tail, holds", [(9.9e-7, True), (1e-6, True), (1.01e-6, False)])
def test_p13_decay_edge(tail, holds):
    assert _judge("P13-hurwitz-tanh-memory-need-not-decay")({}, Measurement(tail, 1e-6)) is holds


@pytest.mark.parametrize("model, error, holds", [
    ("linear", 1e-10, True), ("linear", 1.01e-10, False),
    ("residual-tanh", 0.05, True), ("residual-tanh", 0.0501, False),
])
def test_p14_branch_edges(model, error, holds):
    assert _judge("P14-heaviside-vs-impulse-memory")({"model": model}, Measurement(error, None)) is holds


@pytest.mark.parametrize("predicted, measured, head, holds", [
    (0.5, 0.5199, 0.01, True), (0.5, 0.5201, 0.01, False), (0.5, 0.4799, 0.01, False),  # ratio branch, both edges
    (1.2, 0.98, 0.01, True), (1.2, 0.9799, 0.01, False),                                # no-decay branch
    (0.5, 0.5, 0.05, True), (0.5, 0.5, 0.0501, False),                                  # head branch
])
def test_p15_branch_edges(predicted, measured, head, holds):
    meas = Measurement(measured, predicted, {"predicted_ratio": predicted, "measured_ratio": measured,
                                             "head_error": head})
    assert _judge("P15-repository-memory-query")({"prediction": "max|1-lambda|"}, meas) is holds


def _p9_meas(ordered: np.ndarray, e_at_1: list[float]) -> Measurement:
    return Measurement(float(np.mean(ordered)), None, {"ordered": ordered.tolist(), "E_at_1": e_at_1})


def test_p9_branches():
    judge = _judge("P9-trained-softplus-stays-ordered")
    everywhere = np.ones(REPO_BETAS.size, dtype=bool)
    assert judge({"expect": "ordered"}, _p9_meas(everywhere, [3.0, 2.0, 1.0]))
    assert not judge({"expect": "ordered"}, _p9_meas(everywhere, [3.0, 2.0, 2.0]))   # E_m(1) must fall
    last_inside = np.flatnonzero(REPO_BETAS <= 1.0)[-1]
    broken = everywhere.copy()
    broken[last_inside] = False
    assert not judge({"expect": "ordered"}, _p9_meas(broken, [3.0, 2.0, 1.0]))
    beyond = everywhere.copy()
    beyond[REPO_BETAS > 1.0] = False
    assert judge({"expect": "ordered"}, _p9_meas(beyond, [3.0, 2.0, 1.0]))             # beta > 1 is not judged
    assert judge({"expect": "ordering-lost"}, _p9_meas(broken, [1.0, 1.0, 1.0]))
    assert not judge({"expect": "ordering-lost"}, _p9_meas(everywhere, [1.0, 1.0, 1.0]))
    unordered_at_zero = broken.copy()
    unordered_at_zero[0] = False
    assert not judge({"expect": "ordering-lost"}, _p9_meas(unordered_at_zero, [1.0, 1.0, 1.0]))
