"""Verdict logic and the claim runner, on tiny claims whose outcome is known: every decision path."""

from __future__ import annotations

import pytest

from rnnbounds.theorems.core import (Claim, ClaimKind, Control, Departure, Design, InstanceResult, Measurement, Source,
                                     Theorem, Verdict)
from rnnbounds.theorems.core.result import decide
from rnnbounds.theorems.core.runner import run_theorem, tasks_for
from rnnbounds.theorems.core.seeding import NEGATIVE_CONTROL_INDEX, control_index, control_number


def result(held, index=0, error=""):
    return InstanceResult(index, {}, Measurement(1.0) if not error else None, held, 0, error)


def design(error: float) -> Design:
    return Design(instances=3, seeds=1, statistic="x", threshold="x < limit", error=error,
                  error_meaning="P(passes | x >= limit)", method="binomial tail")


FAILING_CONTROL = (result(False, NEGATIVE_CONTROL_INDEX),)


def test_holds_needs_every_instance_and_a_failing_control():
    assert decide(Verdict.HOLDS, (result(True), result(True)), FAILING_CONTROL).verdict is Verdict.HOLDS
    decision = decide(Verdict.HOLDS, (result(True), result(False, 1)), FAILING_CONTROL)
    assert decision.verdict is Verdict.FAILS and decision.witness.index == 1 and not decision.finding


def test_a_claim_without_a_control_is_refused():
    decision = decide(Verdict.HOLDS, (result(True),), ())
    assert decision.verdict is Verdict.FAILS and "no negative control" in decision.reason
    with pytest.raises(ValueError, match="no negative control"):
        _claim(lambda i, rng: Measurement(1.0), controls=())


@pytest.mark.parametrize("failing_first", [True, False])
def test_any_control_that_passes_makes_the_claim_fail(failing_first):
    controls = (result(False), result(True)) if failing_first else (result(True), result(False))
    decision = decide(Verdict.HOLDS, (result(True),), controls)
    assert decision.verdict is Verdict.FAILS and "cannot fail" in decision.reason
    assert f"control {1 if failing_first else 0}" in decision.reason


def test_a_control_that_raises_makes_the_claim_fail():
    decision = decide(Verdict.HOLDS, (result(True),), (result(None, error="ValueError: bad control"),))
    assert decision.verdict is Verdict.FAILS and "bad control" in decision.reason


def test_refuted_needs_a_witness():
    decision = decide(Verdict.REFUTED, (result(True), result(False, 1)), FAILING_CONTROL)
    assert decision.verdict is Verdict.REFUTED and decision.witness.index == 1
    assert decide(Verdict.REFUTED, (result(True),), FAILING_CONTROL).verdict is Verdict.FAILS


def test_errors_fail_the_claim_with_their_message():
    decision = decide(Verdict.HOLDS, (result(None, error="ValueError: boom"),), FAILING_CONTROL)
    assert decision.verdict is Verdict.FAILS and "boom" in decision.reason


def test_a_declared_known_failure_is_a_finding_and_must_keep_failing():
    failed = decide(Verdict.HOLDS, (result(False),), FAILING_CONTROL, known_failure="slope 0.6 outside [0.8, 1.2]")
    assert failed.verdict is Verdict.FAILS and failed.finding == "slope 0.6 outside [0.8, 1.2]"
    held = decide(Verdict.HOLDS, (result(True),), FAILING_CONTROL, known_failure="slope 0.6 outside [0.8, 1.2]")
    assert held.verdict is Verdict.FAILS and not held.finding and "re-examine" in held.reason


@pytest.mark.parametrize("error, verdict", [(0.049, Verdict.HOLDS), (0.05, Verdict.HOLDS),
                                            (0.025 + 0.025, Verdict.HOLDS), (0.0500001, Verdict.UNDERPOWERED), (0.051, Verdict.UNDERPOWERED), (0.5, Verdict.UNDERPOWERED)])
def test_an_underpowered_design_does_not_pass(error, verdict):
    assert decide(Verdict.HOLDS, (result(True),), FAILING_CONTROL, design(error)).verdict is verdict


def test_an_underpowered_design_still_fails_on_a_break():
    assert decide(Verdict.HOLDS, (result(False),), FAILING_CONTROL, design(0.5)).verdict is Verdict.FAILS


def test_control_indices_count_down_from_the_first():
    assert control_index(0) == NEGATIVE_CONTROL_INDEX and control_index(2) == NEGATIVE_CONTROL_INDEX - 2
    assert [control_number(control_index(k)) for k in range(3)] == [0, 1, 2]
    assert control_number(0) is None and control_number(NEGATIVE_CONTROL_INDEX - 64) is None
    with pytest.raises(ValueError):
        control_index(64)


@pytest.mark.parametrize("kwargs, message", [
    (dict(instances=0), "at least one instance"), (dict(seeds=0), "at least one instance"),
    (dict(error=-0.01), "error probability"), (dict(error=1.01), "error probability"),
    (dict(statistic=" "), "states its statistic")])
def test_design_refuses_bad_declarations(kwargs, message):
    base = dict(instances=3, seeds=1, statistic="x", threshold="t", error=0.01, error_meaning="m", method="b")
    with pytest.raises(ValueError, match=message):
        Design(**{**base, **kwargs})


def test_control_and_departure_must_say_what_and_why():
    with pytest.raises(ValueError):
        Control(lambda level: {}, crosses="", distance="10% above")
    with pytest.raises(ValueError):
        Departure("criterion", spec="slope in [-1.2, -0.8]", ours="slope <= -0.5", why=" ")


def _claim(measure, judge=lambda i, m: m.measured < i["limit"], controls=None, **kwargs):
    if controls is None:
        controls = (Control(lambda level: {"limit": 0.5}, "limit > x", "limit 0.5 below x = 1"),)
    return Claim(
        id="toy", title="toy", statement="given x, measure x, expect x < limit",
        instances=lambda level: [{"limit": 2.0}, {"limit": 3.0}],
        measure=measure, judge=judge, tolerance="exact", controls=controls,
        strategy=lambda: None, source=Source("p", "l"), **kwargs,
    )


def _theorem(claim):
    from rnnbounds.theorems.linear_curse_of_memory import JACKSON

    return Theorem("toy", "Toy", "c", "s", "x", "y", (), (JACKSON,), (claim,))


def test_a_legacy_negative_control_becomes_one_far_control():
    claim = Claim(id="toy", title="t", statement="s", instances=lambda level: [{}], measure=lambda i, r: Measurement(1),
                  judge=lambda i, m: True, tolerance="t", negative_control=lambda level: {"limit": 0},
                  strategy=lambda: None, source=Source("p", "l"))
    assert len(claim.controls) == 1 and not claim.controls[0].near and not claim.has_near_control()
    assert claim.negative_control("quick") == {"limit": 0} and claim.kind is ClaimKind.PAPER


def test_every_control_runs_and_each_is_judged():
    controls = (Control(lambda level: {"limit": 0.5}, "limit > x", "0.5 below"),
                Control(lambda level: {"limit": 5.0}, "limit > x", "wrong side", near=False))
    claim = _claim(lambda i, rng: Measurement(1.0), controls=controls)
    indices = [t.index for t in tasks_for(_theorem(claim), "quick", 0)]
    assert indices == [0, 1, control_index(0), control_index(1)]
    (verdict,) = run_theorem(_theorem(claim), "quick", seed=0)
    assert [c.instance["limit"] for c in verdict.controls] == [0.5, 5.0]
    assert verdict.verdict is Verdict.FAILS and "control 1 passed" in verdict.reason


def test_runner_carries_a_declared_finding():
    claim = _claim(lambda i, rng: Measurement(2.5), known_failure="x = 2.5 is not below 2")
    (verdict,) = run_theorem(_theorem(claim), "quick", seed=0)
    assert verdict.verdict is Verdict.FAILS and verdict.finding and not verdict.unexpected


def test_runner_is_seeded_per_instance_and_repeatable():
    claim = _claim(lambda i, rng: Measurement(float(rng.uniform(0, 1))))
    first = run_theorem(_theorem(claim), "quick", seed=3)
    second = run_theorem(_theorem(claim), "quick", seed=3)
    other = run_theorem(_theorem(claim), "quick", seed=4)
    values = lambda rs: [i.measurement.measured for i in rs[0].instances]
    assert values(first) == values(second) != values(other)
    assert values(first)[0] != values(first)[1]


def test_runner_records_exceptions_instead_of_losing_them():
    def measure(instance, rng):
        raise ArithmeticError("overflow at step 3")

    (claim_result,) = run_theorem(_theorem(_claim(measure)), "quick", seed=0)
    assert claim_result.verdict is Verdict.FAILS and claim_result.unexpected
    assert "overflow at step 3" in claim_result.reason


def test_tightness_is_min_median_max_of_bound_over_measured():
    rows = tuple(InstanceResult(i, {}, Measurement(m, b), True, 0) for i, (m, b) in
                 enumerate([(1.0, 2.0), (1.0, 8.0), (2.0, 2.0), (0.0, 1.0), (1.0, None)]))
    from rnnbounds.theorems.core.result import ClaimResult

    claim_result = ClaimResult("t", "c", "quick", 0, Verdict.HOLDS, "", rows, None)
    assert claim_result.tightness() == (1.0, 2.0, 8.0)
