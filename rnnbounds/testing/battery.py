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


_ARGUMENTS = ("theorem", "bound", "claim", "holding_claim", "paper_claim", "bound_naming_claim", "refuted_claim", "number")


class TheoremBattery:
    """Every battery check as a test method, parametrized over ``theorem_ids``."""

    theorem_ids: Sequence[str] | None = None
    examples_fraction: float = 1.0

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        names = [name for name in _ARGUMENTS
                 if name in metafunc.fixturenames]
        if names:
            metafunc.parametrize(",".join(names), battery_cases(selected_theorems(self.theorem_ids))[",".join(names)])

    def test_theorem_is_documented(self, theorem):
        _run(checks.theorem_is_documented, theorem)

    def test_bound_has_provenance_source_and_reference(self, theorem, bound):
        _run(checks.bound_has_provenance_source_and_reference, theorem, bound)

    def test_bound_growth_orders_are_computed(self, theorem, bound):
        _run(checks.bound_growth_orders_are_computed, theorem, bound)

    def test_bound_rejects_values_outside_its_domain(self, theorem, bound):
        _run(checks.bound_rejects_values_outside_its_domain, theorem, bound)

    def test_quick_level_has_no_unexpected_failure(self, theorem):
        _run(checks.quick_level_has_no_unexpected_failure, theorem)

    def test_every_negative_control_is_seen_to_fail(self, theorem, claim, number):
        _run(checks.negative_control_is_seen_to_fail, theorem, claim, number)

    def test_paper_claim_declares_its_design_spec_item_and_a_near_control(self, theorem, paper_claim):
        _run(checks.paper_claim_declares_its_design_spec_item_and_a_near_control, theorem, paper_claim)

    def test_every_claim_has_controls_that_say_what_they_cross(self, theorem, claim):
        _run(checks.claim_controls_say_what_they_cross, theorem, claim)

    def test_claim_evaluates_the_bound_it_names(self, theorem, bound_naming_claim):
        _run(checks.claim_evaluates_the_bound_it_names, theorem, bound_naming_claim)

    def test_claim_holds_on_drawn_instances(self, theorem, holding_claim):
        _run(checks.claim_holds_on_drawn_instances, theorem, holding_claim, drawn_examples(self.examples_fraction))

    def test_expected_counterexample_is_found(self, theorem, refuted_claim):
        _run(checks.expected_counterexample_is_found, theorem, refuted_claim)

    def test_theorem_renders_to_latex_and_report(self, theorem, tmp_path):
        _run(checks.theorem_renders_to_latex_and_report, theorem, tmp_path)
