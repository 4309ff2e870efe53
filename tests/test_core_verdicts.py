"""Verdict logic and the claim runner, on tiny claims whose outcome is known."""

from __future__ import annotations

from rnnbounds.theorems.core import Claim, InstanceResult, Measurement, Source, Theorem, Verdict
from rnnbounds.theorems.core.result import decide
from rnnbounds.theorems.core.runner import run_theorem


def result(held, index=0, error=""):
    return InstanceResult(index, {}, Measurement(1.0) if not error else None, held, 0, error)


def test_holds_needs_every_instance_and_a_failing_control():
    assert decide(Verdict.HOLDS, (result(True), result(True)), result(False))[0] is Verdict.HOLDS
    assert decide(Verdict.HOLDS, (result(True), result(False)), result(False))[0] is Verdict.FAILS


def test_a_control_that_passes_makes_the_claim_fail():
    verdict, reason, _ = decide(Verdict.HOLDS, (result(True),), result(True))
    assert verdict is Verdict.FAILS and "cannot fail" in reason


def test_refuted_needs_a_witness():
    verdict, _, witness = decide(Verdict.REFUTED, (result(True), result(False, 1)), result(False))
    assert verdict is Verdict.REFUTED and witness.index == 1
    assert decide(Verdict.REFUTED, (result(True),), result(False))[0] is Verdict.FAILS


def test_errors_fail_the_claim_with_their_message():
    verdict, reason, _ = decide(Verdict.HOLDS, (result(None, error="ValueError: boom"),), result(False))
    assert verdict is Verdict.FAILS and "boom" in reason


def _claim(measure, judge=lambda i, m: m.measured < i["limit"]):
    return Claim(
        id="toy", title="toy", statement="given x, measure x, expect x < limit",
        instances=lambda level: [{"limit": 2.0}, {"limit": 3.0}],
        measure=measure, judge=judge, tolerance="exact",
        negative_control=lambda level: {"limit": 0.5}, strategy=lambda: None, source=Source("p", "l"),
    )


def _theorem(claim):
    from rnnbounds.theorems.linear_curse_of_memory import JACKSON

    return Theorem("toy", "Toy", "c", "s", "x", "y", (), (JACKSON,), (claim,))


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
    assert claim_result.verdict is Verdict.FAILS
    assert "overflow at step 3" in claim_result.reason
