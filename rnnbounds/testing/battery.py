"""The theorem battery under pytest: subclass :class:`TheoremBattery` in a test module.

    from rnnbounds.testing import TheoremBattery

    class TestMyTheorem(TheoremBattery):
        theorem_ids = ("my-theorem",)        # None: every registered theorem

pytest then runs every check of :mod:`rnnbounds.testing.checks` on each bound, claim and control
of those theorems, one test per case (claims marked ``slow`` carry pytest's ``slow`` mark). The
number of drawn instances per claim follows the hypothesis profile that is loaded:
``max_examples`` of the profile times ``examples_fraction`` (at least 1).
"""

from __future__ import annotations

import inspect
import math
from typing import Any, Callable, Sequence

import pytest

from rnnbounds.testing import checks
from rnnbounds.theorems.core import ClaimKind, Theorem, Verdict


def selected_theorems(theorem_ids: Sequence[str] | None) -> list[Theorem]:
    """The registered theorems with these ids (all when None); an unknown id is a ValueError."""
    from rnnbounds.theorems.registry import all_theorems, get_theorem

    return list(all_theorems()) if theorem_ids is None else [get_theorem(i) for i in theorem_ids]


def _slow(claim: Any) -> list[pytest.MarkDecorator]:
    return [pytest.mark.slow] if claim.slow else []


def battery_cases(theorems: Sequence[Theorem]) -> dict[str, list[Any]]:
    """pytest parameters of every case, keyed by the argument names of the tests that take them."""
    claims = [pytest.param(t, c, id=f"{t.id}:{c.id}", marks=_slow(c)) for t in theorems for c in t.claims]
    return {
        "theorem": [pytest.param(t, id=t.id) for t in theorems],
        "theorem,bound": [pytest.param(t, b, id=f"{t.id}:{b.name}") for t in theorems for b in t.bounds],
        "theorem,claim": claims,
        "theorem,holding_claim": [p for p in claims if p.values[1].expect is Verdict.HOLDS],
        "theorem,paper_claim": [p for p in claims if p.values[1].kind is ClaimKind.PAPER],
        "theorem,bound_naming_claim": [p for p in claims if p.values[1].expect is Verdict.HOLDS
                                       and p.values[1].bound is not None and not p.values[1].known_failure],
        "theorem,refuted_claim": [p for p in claims if p.values[1].expect is Verdict.REFUTED],
        "theorem,claim,number": [pytest.param(t, c, k, id=f"{t.id}:{c.id}:control{k}", marks=_slow(c))
                                 for t in theorems for c in t.claims for k in range(len(c.controls))],
    }


def _run(check: Callable[..., None], *arguments: Any) -> None:
    try:
        check(*arguments)
    except checks.NotApplicable as reason:
        pytest.skip(str(reason))


def drawn_examples(fraction: float) -> int:
    """How many instances to draw per claim: the loaded hypothesis profile's max_examples x fraction."""
    from hypothesis import settings

    return max(1, math.ceil(settings.default.max_examples * fraction))


#: test name -> (check, the parameters it runs over); one table drives pytest and run_battery
CHECKS: dict[str, tuple[Callable[..., None], str]] = {
    "test_theorem_is_documented": (checks.theorem_is_documented, "theorem"),
    "test_bound_has_provenance_source_and_reference": (checks.bound_has_provenance_source_and_reference, "theorem,bound"),
    "test_bound_growth_orders_are_computed": (checks.bound_growth_orders_are_computed, "theorem,bound"),
    "test_bound_rejects_values_outside_its_domain": (checks.bound_rejects_values_outside_its_domain, "theorem,bound"),
    "test_quick_level_has_no_unexpected_failure": (checks.quick_level_has_no_unexpected_failure, "theorem"),
    "test_every_negative_control_is_seen_to_fail": (checks.negative_control_is_seen_to_fail, "theorem,claim,number"),
    "test_paper_claim_declares_its_design_spec_item_and_a_near_control": (
        checks.paper_claim_declares_its_design_spec_item_and_a_near_control, "theorem,paper_claim"),
    "test_every_claim_has_controls_that_say_what_they_cross": (checks.claim_controls_say_what_they_cross, "theorem,claim"),
    "test_claim_evaluates_the_bound_it_names": (checks.claim_evaluates_the_bound_it_names, "theorem,bound_naming_claim"),
    "test_claim_holds_on_drawn_instances": (checks.claim_holds_on_drawn_instances, "theorem,holding_claim"),
    "test_expected_counterexample_is_found": (checks.expected_counterexample_is_found, "theorem,refuted_claim"),
    "test_theorem_renders_to_latex_and_report": (checks.theorem_renders_to_latex_and_report, "theorem"),
}


def _arguments(test: str, case: Any, examples: int) -> tuple[Any, ...]:
    values = tuple(case.values)
    return values + (examples,) if test == "test_claim_holds_on_drawn_instances" else values


def run_battery(theorem_ids: Sequence[str] | None, examples: int = 10, slow: bool = False) -> list[str]:
    """Every check on every case, without pytest's runner: one line per failed case (empty: all pass)."""
    cases = battery_cases(selected_theorems(theorem_ids))
    failures = []
    for test, (check, key) in CHECKS.items():
        for case in cases[key]:
            if not slow and any(mark.name == "slow" for mark in case.marks):
                continue
            try:
                check(*_arguments(test, case, examples))
            except checks.NotApplicable:
                continue
            except Exception as error:
                failures.append(f"{test}[{case.id}]: {type(error).__name__}: {' '.join(str(error).split())[:300]}")
    return failures


def _method(test: str) -> Callable[..., None]:
    check, key = CHECKS[test]

    def method(self: "TheoremBattery", **parameters: Any) -> None:
        values = [parameters[name] for name in key.split(",")]
        extra = (drawn_examples(self.examples_fraction),) if test == "test_claim_holds_on_drawn_instances" else ()
        _run(check, *values, *extra)

    names = ["self", *key.split(",")]
    method.__signature__ = inspect.Signature(  # type: ignore[attr-defined]  # the names pytest parametrizes
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in names])
    method.__name__ = method.__qualname__ = test
    method.__doc__ = check.__doc__
    return method


class TheoremBattery:
    """Every battery check as a test method, parametrized over ``theorem_ids``."""

    theorem_ids: Sequence[str] | None = None
    examples_fraction: float = 1.0

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        test = metafunc.function.__name__
        if test in CHECKS:
            key = CHECKS[test][1]
            metafunc.parametrize(key, battery_cases(selected_theorems(self.theorem_ids))[key])


for _test in CHECKS:
    setattr(TheoremBattery, _test, _method(_test))
