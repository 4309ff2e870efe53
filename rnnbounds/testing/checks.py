"""The checks of the theorem battery, one function each; a failed check raises AssertionError.

Every bound has provenance, a source and a reference point, evaluates there, and has growth
orders; every claim has negative controls that are seen to fail and a strategy whose instances
the claim holds on; every paper claim declares a statistical design at each level (at most a 5%
chance of a wrong verdict at the full level), a spec item, and a control just across a boundary;
a claim that names a bound is seen to change its verdict when that bound is perturbed; every
theorem renders to LaTeX and to a report section. :mod:`rnnbounds.testing.battery` runs them
under pytest.
"""

from __future__ import annotations

import contextlib
import math
import tempfile
from pathlib import Path
from typing import Iterator

import numpy as np

from rnnbounds.theorems import symbols
from rnnbounds.theorems.core import Bound, Claim, ClaimKind, ClaimResult, Direction, Provenance, Theorem, Verdict
from rnnbounds.theorems.core.design import MAX_ERROR_PROBABILITY
from rnnbounds.theorems.core.runner import run_instance, run_theorem
from rnnbounds.theorems.core.seeding import control_index
from rnnbounds.theorems.core.statistics import chance_at_least

DRAWN_FALSE_ALARM = 1e-4
"""The drawn-instance check fails when its failures are this unlikely under the declared break rate."""


class NotApplicable(Exception):
    """The check does not apply to this case (e.g. a bound with no constrained symbol)."""


def _kind(theorem: Theorem, bound: Bound, name: str) -> str:
    symbol = next(s for s in bound.free_symbols if s.name == name)
    return symbols.info(symbol, theorem.id).kind


def theorem_is_documented(theorem: Theorem) -> None:
    assert theorem.title and theorem.citation and theorem.spec and theorem.summary and theorem.statement
    assert theorem.bounds, "a theorem needs at least one bound"
    assert theorem.claims, "a theorem needs at least one claim"


def bound_has_provenance_source_and_reference(theorem: Theorem, bound: Bound) -> None:
    assert isinstance(bound.provenance, Provenance)
    assert bound.source.paper and bound.source.locator
    assert set(bound.reference) >= bound.symbol_names
    value = bound.evaluate(**bound.reference)
    assert isinstance(value, float) and not math.isnan(value), f"{bound.name} at its reference point: {value!r}"


def bound_growth_orders_are_computed(theorem: Theorem, bound: Bound) -> None:
    for name in sorted(bound.symbol_names):
        if _kind(theorem, bound, name) in ("size", "probability") or name == bound.scan_variable:
            order = bound.growth(name)
            assert order.method in ("symbolic", "numeric")
            assert str(order).startswith(("Theta(", "O(")), f"growth of {bound.name} in {name}: {order}"


def bound_rejects_values_outside_its_domain(theorem: Theorem, bound: Bound) -> None:
    name = sorted(bound.symbol_names)[0] if bound.symbol_names else None
    if name is None or _kind(theorem, bound, name) == "real":
        raise NotApplicable("no constrained symbol")
    try:
        bound.evaluate(**{**bound.reference, name: -1.0})
    except ValueError as error:
        assert name in str(error), f"the error does not name {name!r}: {error}"
        return
    raise AssertionError(f"{bound.name} accepted {name} = -1, outside the domain of its kind")


_QUICK: dict[int, tuple[Theorem, dict[str, ClaimResult]]] = {}


def quick_verdicts(theorem: Theorem) -> dict[str, ClaimResult]:
    """Every quick-level claim of ``theorem``, run once per process (seed 0)."""
    if id(theorem) not in _QUICK:
        _QUICK[id(theorem)] = (theorem, {r.claim_id: r for r in run_theorem(theorem, "quick", seed=0)})
    return _QUICK[id(theorem)][1]


def quick_level_has_no_unexpected_failure(theorem: Theorem) -> None:
    unexpected = [(r.claim_id, r.reason) for r in quick_verdicts(theorem).values() if r.unexpected]
    assert not unexpected, unexpected


def negative_control_is_seen_to_fail(theorem: Theorem, claim: Claim, number: int) -> None:
    if claim.runs_at("quick"):
        result = quick_verdicts(theorem)[claim.id].controls[number]
    else:
        result = run_instance(claim, theorem.id, control_index(number), "quick", seed=0)
    assert not result.error, result.error
    assert result.held is False, f"negative control {number} of {claim.id} passed: the check cannot fail"


def paper_claim_declares_its_design_spec_item_and_a_near_control(theorem: Theorem, claim: Claim) -> None:
    if claim.kind is not ClaimKind.PAPER:
        raise NotApplicable("an implementation check")
    assert claim.source.spec.strip(), f"{claim.id}: a paper claim names its spec item"
    assert claim.has_near_control(), f"{claim.id}: a paper claim needs a control just across a boundary"
    for level in ("quick", "full"):
        assert claim.design_at(level) is not None, f"{claim.id}: no design at level {level}"
    full = claim.design_at("full")
    if claim.known_failure:  # a declared finding reads "fails (finding)" whatever its power; its chance is stated
        assert 0.0 <= full.error <= 1.0, f"{claim.id}: a chance of a wrong verdict in [0, 1], got {full.error}"
        return
    assert full.error <= MAX_ERROR_PROBABILITY, (
        f"{claim.id}: {full.error_meaning} = {full.error} > {MAX_ERROR_PROBABILITY} at the full level")


def claim_controls_say_what_they_cross(theorem: Theorem, claim: Claim) -> None:
    assert claim.controls
    for control in claim.controls:
        assert control.crosses != "unstated" and control.distance != "unstated", (
            f"{claim.id}: a control states the boundary it crosses and how far across it is")


@contextlib.contextmanager
def perturbed_bound(name: str, how: str) -> Iterator[None]:
    """Within the block, every Bound called ``name`` evaluates scaled past any tightness
    (how="scale": x 1e-9 for an upper bound, x 1e9 for a lower one) or cubed (how="cube")."""
    original = Bound.evaluate

    def evaluate(self: Bound, **values: object) -> object:
        value = original(self, **values)
        if self.name != name:
            return value
        if how == "scale":
            return value * (1e-9 if self.direction is Direction.UPPER else 1e9)
        return np.asarray(value) ** 3 if np.all(np.asarray(value) > 0) else value * 3.0

    Bound.evaluate = evaluate  # type: ignore[method-assign]
    try:
        yield
    finally:
        Bound.evaluate = original  # type: ignore[method-assign]


def claim_evaluates_the_bound_it_names(theorem: Theorem, claim: Claim) -> None:
    """Perturbing the named Bound (scaled past any tightness, or cubed) must move some verdict."""
    if claim.bound is None or claim.known_failure or claim.expect is not Verdict.HOLDS:
        raise NotApplicable("the claim names no bound it is expected to meet")
    theorem.bound(claim.bound)  # the name is one of the theorem's bounds
    instance = dict(claim.instances("quick")[0])
    baseline = claim.judge(instance, claim.measure(instance, np.random.default_rng(0)))
    assert baseline, f"{claim.id}: instance 0 does not hold unperturbed"
    moved = []
    for how in ("scale", "cube"):
        with perturbed_bound(claim.bound, how):
            try:
                moved.append(not claim.judge(instance, claim.measure(instance, np.random.default_rng(0))))
            except (ValueError, ArithmeticError):
                moved.append(True)
    assert any(moved), f"{claim.id}: its verdict ignores the bound {claim.bound!r} it names"


def drawn_failures_are_plausible(failures: int, examples: int, break_rate: float) -> bool:
    """P(Bin(examples, break_rate) >= failures) >= DRAWN_FALSE_ALARM: as many failures as seen are not
    too many for a claim that breaks on a drawn instance with chance ``break_rate`` (none allowed at 0)."""
    if failures == 0:
        return True
    return break_rate > 0.0 and chance_at_least(examples, failures, break_rate) >= DRAWN_FALSE_ALARM


def claim_holds_on_drawn_instances(theorem: Theorem, claim: Claim, max_examples: int) -> None:
    """The claim holds on up to ``max_examples`` instances drawn from its strategy (hypothesis).

    A claim that declares ``drawn_break_rate`` > 0 (an interval judge misses at a known rate) may
    fail on some: the check fails when the number of failures is implausible at that rate (binomial
    tail below DRAWN_FALSE_ALARM); with 4 examples at a rate of 5% that is all 4 failing. A claim
    declared a finding (``known_failure``) is not applicable.
    """
    from hypothesis import given, settings
    from hypothesis import strategies as st

    if claim.known_failure:
        raise NotApplicable("a declared finding: the claim fails by its criterion, its drawn instances need not hold")
    strategy = claim.strategy()
    assert isinstance(strategy, st.SearchStrategy), (
        f"{claim.id}: strategy() must return a hypothesis strategy, got {type(strategy).__name__}")
    outcomes: list[tuple[dict, object, bool]] = []

    @settings(max_examples=max_examples)
    @given(instance=strategy, seed=st.integers(0, 2**16))
    def holds(instance: dict, seed: int) -> None:
        measurement = claim.measure(dict(instance), np.random.default_rng(seed))
        passed = bool(claim.judge(dict(instance), measurement))
        outcomes.append((instance, measurement, passed))
        if not passed and claim.drawn_break_rate == 0.0:
            raise AssertionError((instance, measurement))

    holds()
    failed = [(instance, measurement) for instance, measurement, passed in outcomes if not passed]
    assert drawn_failures_are_plausible(len(failed), len(outcomes), claim.drawn_break_rate), (
        f"{claim.id}: {len(failed)} of {len(outcomes)} drawn instances fail, implausible at its declared "
        f"break rate {claim.drawn_break_rate}: {failed}")


def expected_counterexample_is_found(theorem: Theorem, claim: Claim) -> None:
    result = quick_verdicts(theorem).get(claim.id) or run_theorem(theorem, "full", 0, claim_ids=[claim.id])[0]
    assert result.verdict is Verdict.REFUTED, result.reason
    assert result.witness is not None and result.witness.measurement is not None


def theorem_renders_to_latex_and_report(theorem: Theorem, figure_dir: Path | None = None) -> None:
    from rnnbounds.commands import describe
    from rnnbounds.report.theorem_page import theorem_page

    text = describe(theorem, latex=True)
    for bound in theorem.bounds:
        assert bound.latex() in text
    with tempfile.TemporaryDirectory() as scratch:
        page = theorem_page(theorem, [], figure_dir or Path(scratch), "quick", 0, include_reproductions=False)
    assert f"# {theorem.title}" in page
    for bound in theorem.bounds:
        assert f"`{bound.name}` [{bound.provenance.value}]" in page
