"""The falsification search on known answers: weakened bounds are broken, correct bounds are not
(best ratio at their known tightness), the two counterexamples of the inverse-approximation
report are found from their hypotheses alone; plus the pieces (shrinking, precision, hypotheses
check, sweep caching, the command and its report section)."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest
import sympy as sp

from rnnbounds.falsify import precision
from rnnbounds.falsify.families import Family, Parameter, Reading, Target
from rnnbounds.falsify.registry import select_targets, target_key, targets_for
from rnnbounds.falsify.search import Evaluator, search
from rnnbounds.falsify.shrink import readable_instance, readable_point, round_significant
from rnnbounds.theorems import symbols as S
from rnnbounds.theorems.core import Direction
from rnnbounds.theorems.inverse_approximation.falsification import LYAPUNOV_TARGET, P13_TARGET, p13_admits
from rnnbounds.theorems.linear_curse_of_memory import kappa_V, norm_U, norm_c, time
from rnnbounds.theorems.linear_curse_of_memory_falsification import ENVELOPE_TARGET
from rnnbounds.theorems.registry import all_theorems, get_theorem

ENVELOPE = ENVELOPE_TARGET.bound
RANDOM = ENVELOPE_TARGET.family("random-hurwitz")


def weakened(expr: sp.Expr, name: str) -> Target:
    names = {s.name for s in expr.free_symbols}
    reference = {k: v for k, v in ENVELOPE.reference.items() if k in names}
    return ENVELOPE_TARGET.with_bound(replace(ENVELOPE, name=name, expr=expr, reference=reference))


# -- seeded problems: a deliberately weakened bound must be broken within the budget -------------

ENVELOPE_WEAKENED = {
    "constant-halved": sp.sqrt(S.d) * kappa_V * norm_c * norm_U * sp.exp(-S.beta * time) / 2,
    "exponent-off": sp.sqrt(S.d) * kappa_V * norm_c * norm_U * sp.exp(-2 * S.beta * time),
    "sqrt-dropped": kappa_V * norm_c * norm_U * sp.exp(-S.beta * time),
}


@pytest.mark.parametrize("kind", sorted(ENVELOPE_WEAKENED))
def test_a_weakened_envelope_is_broken_by_a_readable_verified_witness(kind):
    result = search(weakened(ENVELOPE_WEAKENED[kind], kind), RANDOM, seed=0, budget=1.5)
    assert result.violation, result
    witness = result.witness
    assert witness.verified and witness.precise_ratio > 1.0 + 1e-9
    assert ENVELOPE_TARGET.admits(witness.instance) is None
    assert witness.point["m"] == 1  # shrunk to the smallest network
    if kind == "sqrt-dropped":
        assert witness.point["d"] >= 2  # the sqrt(d) matters only with two inputs or more
    assert all(len(repr(x)) <= 6 for row in witness.instance["U"] for x in row)  # rounded


def test_the_lyapunov_bound_halved_is_broken_on_symmetric_w():
    halved = replace(LYAPUNOV_TARGET.bound, name="halved", expr=LYAPUNOV_TARGET.bound.expr / 2)
    result = search(LYAPUNOV_TARGET.with_bound(halved), LYAPUNOV_TARGET.family("symmetric"), seed=0, budget=1.0)
    assert result.violation and result.witness.precise_ratio == pytest.approx(2.0, rel=1e-9)


# -- correct bounds: no violation, best ratio at the known tightness -----------------------------

def test_the_correct_envelope_holds_with_best_ratio_at_its_known_tightness():
    result = search(ENVELOPE_TARGET, RANDOM, seed=0, budget=1.5)
    assert not result.violation and result.witness is None
    assert result.known_tightness == 1.0
    assert 1.0 - 1e-6 <= result.best_ratio <= 1.0 + ENVELOPE_TARGET.slack


@pytest.mark.parametrize("family", ["symmetric", "normal-nonsymmetric"])
def test_lemma_a8_holds_on_normal_w_with_ratio_one(family):
    result = search(LYAPUNOV_TARGET, LYAPUNOV_TARGET.family(family), seed=0, budget=1.0)
    assert not result.violation
    assert result.best_ratio == pytest.approx(1.0, abs=1e-6)


# -- the report's two counterexamples, rediscovered from their hypotheses ------------------------

def test_lemma_a8_counterexample_is_rediscovered_among_jordan_blocks():
    result = search(LYAPUNOV_TARGET, LYAPUNOV_TARGET.family("jordan"), seed=0, budget=1.0)
    assert result.violation
    W = np.array(result.witness.instance["W"])
    assert np.linalg.eigvals(W).real.max() < 0
    assert np.linalg.norm(W @ W.T - W.T @ W) > 0.1  # non-normal, as caveat c1 says it must be
    assert result.witness.precise_ratio > 1.5


def test_remark_3_3_counterexample_is_rediscovered_among_sheared_jordan_blocks():
    result = search(P13_TARGET, P13_TARGET.family("sheared-jordan"), seed=0, budget=4.0)
    assert result.violation
    instance = result.witness.instance
    assert p13_admits(instance) is None
    W = np.array(instance["W"])
    assert np.linalg.norm(W @ W.T - W.T @ W) > 0.1
    assert result.witness.precise_ratio > 1e5  # |v| stays O(1), not 1e-6
    claim = get_theorem("inverse-approximation").claim(P13_TARGET.claim_id)
    assert not claim.judge(instance, claim.measure(instance, np.random.default_rng(0)))


# -- the pieces ----------------------------------------------------------------------------------

def test_hypotheses_are_checked_before_a_candidate_counts():
    evaluator = Evaluator(P13_TARGET, P13_TARGET.family("general"), 0, math.inf)
    unstable = {"w11": 1.0, "w12": 0.0, "w21": 0.0, "w22": -1.0, "drive_1": 1.0, "drive_2": 1.0}
    found = evaluator.evaluate(unstable)
    assert found.rejected.startswith("W is not Hurwitz") and found.excess == -math.inf and not found.violation
    assert evaluator.rejected == 1 and evaluator.evaluations == 0
    gap_too_small = {"w11": -0.4, "w12": 0.0, "w21": 0.0, "w22": -1.0, "drive_1": 1.0, "drive_2": 1.0}
    assert evaluator.evaluate(gap_too_small).rejected
    inside = {"w11": -0.5, "w12": 0.0, "w21": 0.0, "w22": -1.0, "drive_1": 1.0, "drive_2": 1.0}
    assert not evaluator.evaluate(inside).rejected


def test_a_family_that_admits_nothing_finds_nothing():
    closed = replace(LYAPUNOV_TARGET, admits=lambda instance: "closed")
    result = search(closed, closed.family("jordan"), seed=0, budget=0.3)
    assert result.evaluations == 0 and result.rejected > 0 and not result.violation and result.best_ratio is None


def test_round_significant():
    assert round_significant(0.012345, 2) == 0.012
    assert round_significant(-1234.5, 1) == -1000.0
    assert round_significant(0.0, 3) == 0.0


def test_readable_point_lowers_sizes_and_rounds_only_while_it_still_violates():
    family = Family("box", "", (Parameter("n", 1, 9, integer=True), Parameter("x", 0.0, 10.0)), lambda p: dict(p))
    violates = lambda p: p["n"] >= 3 and 2.71 < p["x"] < 2.73
    assert readable_point(family, {"n": 8.0, "x": 2.7182818}, violates) == {"n": 3.0, "x": 2.72}
    assert readable_point(family, {"n": 8.0, "x": 1.0}, violates) == {"n": 8.0, "x": 1.0}  # not a witness: untouched
    instance = {"W": [[-1.0001234, 9.87654]], "k": 2}
    assert readable_instance(instance, lambda i: i["W"][0][1] > 9.5) == {"W": [[-1.0, 10.0]], "k": 2}


def test_lyapunov_norm_at_fifty_digits_against_the_closed_form():
    # W = [[-1, k], [0, -1]]: P = [[1/2, k/4], [k/4, 1/2 + k^2/4]], so ||P||_2 = 13 + sqrt(162.5) at k = 10
    norm = precision.spectral_norm(precision.lyapunov_solution([[-1.0, 10.0], [0.0, -1.0]]))
    assert abs(norm - (13 + math.sqrt(162.5))) < 1e-13
    assert precision.spectral_abscissa([[-1.0, 10.0], [0.0, -1.0]]) == -1


def test_precise_ratio_evaluates_the_bound_itself():
    reading = LYAPUNOV_TARGET.precise({"W": [[-2.0, 0.0], [0.0, -3.0]], "bound_factor": 1.0})
    assert float(reading.measured) == pytest.approx(0.25, rel=1e-15)  # P = diag(1/4, 1/6)
    assert precision.bound_at(LYAPUNOV_TARGET.bound, reading.arguments) == pytest.approx(0.25, rel=1e-15)


def test_ratio_direction_and_violation_edges():
    upper = Target("u", "c", Direction.UPPER, lambda i, r: Reading(np.array([0.5, 2.0]), limit=1.0),
                   lambda i: None, (Family("f", "", (), lambda p: {}),), slack=1e-9)
    lower = replace(upper, direction=Direction.LOWER)
    reading = upper.read({}, None)
    assert upper.ratio(reading) == 2.0 and lower.ratio(reading) == 0.5
    assert not upper.violates(1.0 + 1e-9) and upper.violates(1.0 + 2e-9)
    assert not lower.violates(1.0 - 1e-9) and lower.violates(1.0 - 2e-9)


def test_every_bound_a_claim_measures_has_a_target():
    for theorem in all_theorems():
        covered = {(t.claim_id, t.name) for t in targets_for(theorem)}
        wanted = {(c.id, c.bound) for c in theorem.claims if c.bound is not None}
        assert wanted <= covered, theorem.id
        assert len({target_key(t) for t in targets_for(theorem)}) == len(targets_for(theorem))


def test_select_targets_by_bound_claim_or_key_and_refuses_others():
    theorem = get_theorem("inverse-approximation")
    assert [t.name for t in select_targets(theorem, "lyapunov_norm")] == ["lyapunov_norm"]
    assert [t.claim_id for t in select_targets(theorem, P13_TARGET.claim_id)] == [P13_TARGET.claim_id]
    with pytest.raises(ValueError, match="no bound or claim 'jackson'"):
        select_targets(theorem, "jackson")


def test_same_seed_same_search():
    first = search(LYAPUNOV_TARGET, LYAPUNOV_TARGET.family("near-defective"), seed=3, budget=2.0)
    again = search(LYAPUNOV_TARGET, LYAPUNOV_TARGET.family("near-defective"), seed=3, budget=2.0)
    assert not first.stopped_by_budget
    assert json.dumps(first.witness.instance) == json.dumps(again.witness.instance)
    assert first.evaluations == again.evaluations


def test_a_bound_evaluated_outside_its_hypotheses_rejects_the_candidate():
    bound = get_theorem("inverse-approximation").bound("target_memory")  # hypothesis: beta < beta0
    read = lambda instance, rng: Reading(np.array(0.5), {"C_memory": 1.0, "beta": instance["beta"], "time": 1.0,
                                                         "beta0": 0.2})
    family = Family("beta", "", (Parameter("beta", 0.01, 0.5),), lambda p: dict(p))
    target = Target("target_memory", "c", Direction.UPPER, read, lambda i: None, (family,), bound=bound)
    evaluator = Evaluator(target, family, 0, math.inf)
    assert evaluator.evaluate({"beta": 0.3}).rejected.startswith("bound 'target_memory' evaluated outside")
    inside = evaluator.evaluate({"beta": 0.1})
    assert not inside.rejected and inside.ratio == pytest.approx(0.5 / math.exp(-0.1), rel=1e-12)


@pytest.mark.parametrize("measured, held, violation, claim_failure", [
    (2.0, False, True, False),    # the judge says no and the bound is crossed: a counterexample
    (0.5, False, False, True),    # the judge says no on the safe side: a claim failure, reported apart
    (2.0, True, False, False),    # crossed, but within the claim's own tolerance: not a violation
    (0.5, None, False, False),
    (2.0, None, True, False),     # no judge: the ratio alone decides
])
def test_a_claim_judge_and_the_ratio_decide_a_violation_together(measured, held, violation, claim_failure):
    family = Family("one", "", (Parameter("x", 0.0, 1.0),), lambda p: dict(p))
    read = lambda instance, rng: Reading(np.array(measured), limit=1.0, held=held)
    evaluator = Evaluator(Target("t", "c", Direction.UPPER, read, lambda i: None, (family,)), family, 0, math.inf)
    found = evaluator.evaluate({"x": 0.5})
    assert found.violation is violation and (evaluator.claim_failures == 1) is claim_failure


def test_a_negative_bound_reads_above_one_only_when_measured_is_above_it():
    family = Family("one", "", (), lambda p: {})
    for measured, expected in ((-0.5149, 1.0 - 0.0149 / 0.5), (-0.45, 1.1)):
        read = lambda instance, rng, m=measured: Reading(np.array(m), limit=-0.5)
        target = Target("slope", "c", Direction.UPPER, read, lambda i: None, (family,))
        assert target.ratio(target.read({}, None)) == pytest.approx(expected, rel=1e-12)


def test_the_euler_step_bound_is_attained_on_symmetric_w():
    from rnnbounds.theorems.inverse_approximation.falsification import EULER_TARGET, critical_step

    assert critical_step(np.diag([-1.0, -4.0])) == pytest.approx(0.5, rel=1e-12)  # 2 / g_max, g_max = 4
    result = search(EULER_TARGET, EULER_TARGET.family("diagonal"), seed=0, budget=1.0)
    assert not result.violation and result.best_ratio == pytest.approx(1.0, abs=1e-9)
    assert EULER_TARGET.admits({"W": [[-1.0, 1.0], [0.0, -1.0]]}).startswith("W is not symmetric")


def test_a_long_transient_is_not_taken_for_memory_that_does_not_decay():
    # found at seed 3 with P13's own max-over-window reading: |v| ~ 1 up to t = 45, 3e-5 at t = 50, then 1e-10
    transient = {"W": [[-7.0, 2.0], [-18.0, 5.0]], "ensemble": 1, "drive": [2.0, 0.0], "window": [50.0, 100.0]}
    claim = get_theorem("inverse-approximation").claim(P13_TARGET.claim_id)
    assert claim.measure(transient, np.random.default_rng(0)).measured > 1e-5  # the claim's max: "not decayed"
    assert P13_TARGET.ratio(P13_TARGET.read(transient, np.random.default_rng(0))) < 1.0  # the minimum: decayed
    witness = {"W": [[1.0, 1.0], [-4.0, -3.0]], "ensemble": 1, "drive": [2.0, 2.0], "window": [50.0, 100.0]}
    assert P13_TARGET.ratio(P13_TARGET.read(witness, np.random.default_rng(0))) > 1e5  # stays at |v| ~ sqrt 2
