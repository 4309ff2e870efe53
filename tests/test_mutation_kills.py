"""Tests written for mutants that survived tools/mutation (docs/mutation.md lists each one).

Each test states the behaviour the mutant broke; none compares code with itself.
"""

from __future__ import annotations

import dataclasses

import pytest

from bound_pins import gd_convergence as pins
from rnnbounds.theorems.core import Claim, Control, InstanceResult, Measurement, Source, Theorem, Verdict
from rnnbounds.theorems.core.result import ClaimResult
from rnnbounds.theorems.core.runner import run_theorem
from rnnbounds.theorems.gd_convergence import formulas


def _result(held, error=""):
    return InstanceResult(0, {}, Measurement(1.0) if not error else None, held, 0, error)


def _claim_result(controls) -> ClaimResult:
    return ClaimResult("t", "c", "quick", 0, Verdict.HOLDS, "", (_result(True),), None, controls=tuple(controls))


# -- judges: theorems/core/result.py, claim.py, runner.py -------------------------------------------

def test_control_seen_to_fail_needs_every_control_to_fail_without_error():
    assert _claim_result([_result(False), _result(False)]).control_seen_to_fail
    assert not _claim_result([_result(False), _result(True)]).control_seen_to_fail
    assert not _claim_result([_result(True)]).control_seen_to_fail
    assert not _claim_result([_result(None, error="ValueError: x")]).control_seen_to_fail
    assert not _claim_result([]).control_seen_to_fail


def _claim(controls=None, slow=False, measure=lambda i, rng: Measurement(1.0)):
    controls = controls or (Control(lambda level: {"limit": 0.5}, "limit > x", "limit 0.5 below x = 1"),)
    return Claim(id="toy", title="toy", statement="given x, measure x, expect x < limit",
                 instances=lambda level: [{"limit": 2.0}], measure=measure,
                 judge=lambda i, m: m.measured < i["limit"], tolerance="exact", controls=controls,
                 strategy=lambda: None, source=Source("p", "l"), slow=slow)


def test_a_claim_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        _claim().id = "other"


def test_the_legacy_negative_control_is_the_first_control():
    first = Control(lambda level: {"limit": 0.5}, "limit > x", "near", near=True)
    second = Control(lambda level: {"limit": 0.1}, "limit > x", "far", near=False)
    assert _claim(controls=(first, second)).negative_control("quick") == {"limit": 0.5}


def test_a_slow_claim_runs_at_a_full_level_built_at_run_time():
    level = "".join(["fu", "ll"])  # equal to "full", not the same object
    assert _claim(slow=True).runs_at(level) and not _claim(slow=True).runs_at("quick")
    assert _claim(slow=False).runs_at("quick")


def test_run_theorem_defaults_to_seed_zero():
    from rnnbounds.theorems.linear_curse_of_memory import JACKSON

    claim = _claim(measure=lambda i, rng: Measurement(float(rng.uniform(0, 1))))
    theorem = Theorem("toy", "Toy", "c", "s", "x", "y", (), (JACKSON,), (claim,))
    measured = lambda results: [r.measurement.measured for r in results[0].instances]
    assert measured(run_theorem(theorem)) == measured(run_theorem(theorem, seed=0))
    assert measured(run_theorem(theorem)) != measured(run_theorem(theorem, seed=1))


# -- gd-convergence formulas: the float recursions behind the experiments ---------------------------

@pytest.mark.parametrize("T, a", [(1, 0.5), (3, 0.5), (6, 1.0), (5, 1.3), (12, 0.9)])
def test_float_recursions_match_the_pin_table_typed_from_the_spec(T, a):
    """F4 G_{T-1} and the F5 recursion beta_{T-1}, tanh constants (s1 = 1, so alpha_eff = a)."""
    s0, s1, s2 = 1.0, 1.0, float(pins.S2_TANH)
    assert formulas.gradient_value(T, a, s0, s1) == pytest.approx(float(pins.gradient(T - 1, a, s0, s1)), rel=1e-12)
    assert formulas.hessian_recursion(T, a, s0, s1, s2) == pytest.approx(
        float(pins.hessian_recursion(T, a, s0, s1, s2)), rel=1e-12)


def test_float_gradient_with_s1_not_one_and_coordinate_inputs():
    """G_{T-1} = s1 sqrt(s0^2 S_{T-2}^2 + d S_{T-1}^2) at a = 0.5, T = 3, s0 = 0.5, s1 = 2, d = 4:
    S_1 = 1.5, S_2 = 1.75, so 2 sqrt(0.25 * 2.25 + 4 * 3.0625) = 2 sqrt(12.8125)."""
    assert formulas.gradient_value(3, 0.5, 0.5, 2.0, width=4.0) == pytest.approx(2 * 12.8125**0.5, rel=1e-12)


def test_an_error_names_the_file_and_line_that_raised_not_the_runner():
    from rnnbounds.theorems.core.runner import run_instance

    def measure(instance, rng):
        raise ArithmeticError("overflow at step 3")

    line = measure.__code__.co_firstlineno + 1
    result = run_instance(_claim(measure=measure), "toy", 0, "quick", 0)
    assert result.error == f"ArithmeticError: overflow at step 3 (test_mutation_kills.py:{line})"


@pytest.mark.parametrize("verdict, finding, unexpected", [
    (Verdict.FAILS, "", True), (Verdict.FAILS, "declared", False), (Verdict.HOLDS, "", False),
    (Verdict.REFUTED, "", False), (Verdict.UNDERPOWERED, "", False), (Verdict.SKIPPED, "", False)])
def test_only_an_undeclared_failure_is_unexpected(verdict, finding, unexpected):
    result = ClaimResult("t", "c", "quick", 0, verdict, "", (), None, finding=finding)
    assert result.unexpected is unexpected


def test_a_known_failure_on_a_claim_expected_to_be_refuted_is_refused():
    with pytest.raises(ValueError, match="known failure"):
        Claim(id="toy", title="t", statement="s", instances=lambda level: [{}], measure=lambda i, r: Measurement(1),
              judge=lambda i, m: True, tolerance="t", negative_control=lambda level: {}, strategy=lambda: None,
              source=Source("p", "l"), expect=Verdict.REFUTED, known_failure="x")


def test_a_legacy_single_control_counts_when_no_controls_are_listed():
    legacy = lambda control: ClaimResult("t", "c", "quick", 0, Verdict.HOLDS, "", (), control)
    assert legacy(_result(False)).control_seen_to_fail
    assert not legacy(_result(True)).control_seen_to_fail and not legacy(None).control_seen_to_fail
    assert not _claim_result([_result(False, error="ValueError: x")]).control_seen_to_fail


def test_results_are_frozen_and_arrays_go_to_json_as_lists():
    import numpy as np

    row = InstanceResult(0, {"grid": np.array([1.0, 2.0])}, Measurement(1.0), True, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.held = False
    assert ClaimResult("t", "c", "quick", 0, Verdict.HOLDS, "", (row,), None).to_json()["instances"][0][
        "instance"]["grid"] == [1.0, 2.0]


def test_looseness_of_a_negative_measurement_is_the_ratio_in_size():
    assert Measurement(-2.0, 4.0).looseness == 2.0
    assert Measurement(0.0, 4.0).looseness is None and Measurement(1.0).looseness is None


def test_a_claim_needs_a_strategy_and_a_source_each():
    for missing in ("strategy", "source"):
        kwargs = dict(strategy=lambda: None, source=Source("p", "l"))
        kwargs[missing] = None
        with pytest.raises(ValueError, match="strategy and a source"):
            Claim(id="toy", title="t", statement="s", instances=lambda level: [{}],
                  measure=lambda i, r: Measurement(1), judge=lambda i, m: True, tolerance="t",
                  negative_control=lambda level: {}, **kwargs)


def test_decisions_name_the_first_error_and_the_first_counterexample():
    from rnnbounds.theorems.core.result import decide
    from rnnbounds.theorems.core.seeding import NEGATIVE_CONTROL_INDEX

    failing = (InstanceResult(NEGATIVE_CONTROL_INDEX, {}, Measurement(1.0), False, 0),)
    errors = (InstanceResult(1, {}, None, None, 0, "ValueError: first"), InstanceResult(2, {}, None, None, 0, "ValueError: second"))
    decision = decide(Verdict.HOLDS, errors, failing)
    assert decision.reason == "instance 1 raised: ValueError: first" and decision.witness.index == 1
    broken = tuple(InstanceResult(i, {}, Measurement(1.0), False, 0) for i in (3, 4))
    assert decide(Verdict.REFUTED, broken, failing).witness.index == 3


def test_an_error_in_code_without_a_folder_in_its_file_name_is_located():
    from rnnbounds.theorems.core.runner import run_instance

    namespace: dict = {}
    exec(compile("def measure(instance, rng):\n    raise ArithmeticError('x')\n", "probe", "exec"), namespace)
    assert run_instance(_claim(measure=namespace["measure"]), "toy", 0, "quick", 0).error == "ArithmeticError: x (probe:2)"


def _two_claim_theorem():
    from rnnbounds.theorems.linear_curse_of_memory import JACKSON

    slow = dataclasses.replace(_claim(slow=True), id="slow")
    quick = dataclasses.replace(_claim(), id="quick")
    return Theorem("toy", "Toy", "c", "s", "x", "y", (), (JACKSON,), (slow, quick))


def test_tasks_skip_a_slow_claim_at_the_quick_level_and_keep_the_claims_after_it():
    from rnnbounds.theorems.core.runner import tasks_for

    theorem = _two_claim_theorem()
    assert {t.claim_id for t in tasks_for(theorem, "quick", 0)} == {"quick"}
    assert {t.claim_id for t in tasks_for(theorem, "full", 0, claim_ids=["slow"])} == {"slow"}
    assert {t.claim_id for t in tasks_for(theorem, "full", 0)} == {"slow", "quick"}


def test_assemble_keeps_the_claims_after_one_that_has_no_results():
    assert [r.claim_id for r in run_theorem(_two_claim_theorem(), "quick")] == ["quick"]


def test_every_reference_value_lies_in_its_symbols_domain():
    from rnnbounds.theorems.core.domain import validate_scalar
    from rnnbounds.theorems.registry import all_theorems

    for theorem in all_theorems():
        for bound in theorem.bounds:
            for name, value in bound.reference.items():
                assert validate_scalar(name, value) == value, (theorem.id, bound.name, name)


def test_activation_constants_are_the_sup_norms_of_spec_f20():
    """F20: (sup|sigma|, sup|sigma'|, sup|sigma''|): tanh (1, 1, 4/(3 sqrt 3)), sigmoid (1, 1/4, 1/(6 sqrt 3))."""
    import math

    expected = {"tanh": (1.0, 1.0, 4 / (3 * math.sqrt(3))), "sigmoid": (1.0, 0.25, 1 / (6 * math.sqrt(3)))}
    for name, constants in expected.items():
        assert [float(c) for c in formulas.ACTIVATION_CONSTANTS[name]] == pytest.approx(constants, rel=1e-15)
