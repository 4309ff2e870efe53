"""One generic battery over every registered theorem (built-in and plugins).

Every bound has provenance, a source and a reference point, evaluates there, and has growth
orders; every claim has negative controls that are seen to fail and a strategy whose instances
the claim holds on; every paper claim declares a statistical design at each level (at most a 5%
chance of a wrong verdict at the full level), a spec item, and a control just across a boundary;
a claim that names a bound is seen to change its verdict when that bound is perturbed; every
theorem renders to LaTeX and to a report section.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnbounds.commands import describe
from rnnbounds.report.theorem_page import theorem_page
from rnnbounds.theorems import symbols
from rnnbounds.theorems.core import Bound, ClaimKind, ClaimResult, Direction, Provenance, Verdict
from rnnbounds.theorems.core.design import MAX_ERROR_PROBABILITY
from rnnbounds.theorems.core.runner import run_instance, run_theorem
from rnnbounds.theorems.core.seeding import control_index
from rnnbounds.theorems.registry import all_theorems

THEOREMS = all_theorems()
BOUNDS = [pytest.param(t, b, id=f"{t.id}:{b.name}") for t in THEOREMS for b in t.bounds]
CLAIMS = [pytest.param(t, c, id=f"{t.id}:{c.id}", marks=[pytest.mark.slow] if c.slow else [])
          for t in THEOREMS for c in t.claims]
HOLDING = [p for p in CLAIMS if p.values[1].expect is Verdict.HOLDS]
REFUTED = [p for p in CLAIMS if p.values[1].expect is Verdict.REFUTED]
PAPER = [p for p in CLAIMS if p.values[1].kind is ClaimKind.PAPER]
CONTROLS = [pytest.param(t, c, k, id=f"{t.id}:{c.id}:control{k}", marks=[pytest.mark.slow] if c.slow else [])
            for t in THEOREMS for c in t.claims for k in range(len(c.controls))]
NAMING_A_BOUND = [p for p in HOLDING if p.values[1].bound is not None and not p.values[1].known_failure]


def test_ids_are_unique_and_expected_theorem_is_registered():
    ids = [t.id for t in THEOREMS]
    assert len(ids) == len(set(ids))
    assert "linear-curse-of-memory" in ids


@pytest.mark.parametrize("theorem", THEOREMS, ids=lambda t: t.id)
def test_theorem_is_documented(theorem):
    assert theorem.title and theorem.citation and theorem.spec and theorem.summary and theorem.statement
    assert theorem.bounds, "a theorem needs at least one bound"
    assert theorem.claims, "a theorem needs at least one claim"


@pytest.mark.parametrize("theorem, bound", BOUNDS)
def test_bound_has_provenance_source_and_reference(theorem, bound):
    assert isinstance(bound.provenance, Provenance)
    assert bound.source.paper and bound.source.locator
    assert set(bound.reference) >= bound.symbol_names
    value = bound.evaluate(**bound.reference)
    assert isinstance(value, float) and not math.isnan(value)


@pytest.mark.parametrize("theorem, bound", BOUNDS)
def test_bound_growth_orders_are_computed(theorem, bound):
    for name in sorted(bound.symbol_names):
        if symbols.info(name).kind in ("size", "probability") or name == bound.scan_variable:
            order = bound.growth(name)
            assert order.method in ("symbolic", "numeric")
            assert str(order).startswith(("Theta(", "O("))


@pytest.mark.parametrize("theorem, bound", BOUNDS)
def test_bound_rejects_values_outside_its_domain(theorem, bound):
    name = sorted(bound.symbol_names)[0] if bound.symbol_names else None
    if name is None or symbols.info(name).kind == "real":
        pytest.skip("no constrained symbol")
    with pytest.raises(ValueError, match=name):
        bound.evaluate(**{**bound.reference, name: -1.0})


@functools.lru_cache(maxsize=None)
def quick_verdicts(theorem_id: str) -> dict[str, ClaimResult]:
    """Every quick-level claim of a theorem, run once per test session (seed 0)."""
    theorem = next(t for t in THEOREMS if t.id == theorem_id)
    return {r.claim_id: r for r in run_theorem(theorem, "quick", seed=0)}


@pytest.mark.parametrize("theorem", THEOREMS, ids=lambda t: t.id)
def test_quick_level_has_no_unexpected_failure(theorem):
    unexpected = [(r.claim_id, r.reason) for r in quick_verdicts(theorem.id).values() if r.unexpected]
    assert not unexpected, unexpected


@pytest.mark.parametrize("theorem, claim, number", CONTROLS)
def test_every_negative_control_is_seen_to_fail(theorem, claim, number):
    if claim.runs_at("quick"):
        result = quick_verdicts(theorem.id)[claim.id].controls[number]
    else:
        result = run_instance(claim, theorem.id, control_index(number), "quick", seed=0)
    assert not result.error, result.error
    assert result.held is False, f"negative control {number} of {claim.id} passed: the check cannot fail"


@pytest.mark.parametrize("theorem, claim", PAPER)
def test_paper_claim_declares_its_design_spec_item_and_a_near_control(theorem, claim):
    assert claim.source.spec.strip(), f"{claim.id}: a paper claim names its spec item"
    assert claim.has_near_control(), f"{claim.id}: a paper claim needs a control just across a boundary"
    for level in ("quick", "full"):
        assert claim.design_at(level) is not None, f"{claim.id}: no design at level {level}"
    full = claim.design_at("full")
    assert full.error <= MAX_ERROR_PROBABILITY, (
        f"{claim.id}: {full.error_meaning} = {full.error} > {MAX_ERROR_PROBABILITY} at the full level")


@pytest.mark.parametrize("theorem, claim", CLAIMS)
def test_every_claim_has_controls_that_say_what_they_cross(theorem, claim):
    assert claim.controls
    for control in claim.controls:
        assert control.crosses != "unstated" and control.distance != "unstated", (
            f"{claim.id}: a control states the boundary it crosses and how far across it is")


def _perturbed(name: str, how: str):
    original = Bound.evaluate

    def evaluate(self, **values):
        value = original(self, **values)
        if self.name != name:
            return value
        if how == "scale":
            return value * (1e-9 if self.direction is Direction.UPPER else 1e9)
        return np.asarray(value) ** 3 if np.all(np.asarray(value) > 0) else value * 3.0

    return evaluate


@pytest.mark.parametrize("theorem, claim", NAMING_A_BOUND)
def test_claim_evaluates_the_bound_it_names(theorem, claim, monkeypatch):
    """Perturbing the named Bound (scaled past any tightness, or cubed) must move some verdict."""
    theorem.bound(claim.bound)  # the name is one of the theorem's bounds
    instance = dict(claim.instances("quick")[0])
    baseline = claim.judge(instance, claim.measure(instance, np.random.default_rng(0)))
    assert baseline, f"{claim.id}: instance 0 does not hold unperturbed"
    moved = []
    for how in ("scale", "cube"):
        monkeypatch.setattr(Bound, "evaluate", _perturbed(claim.bound, how))
        try:
            moved.append(not claim.judge(instance, claim.measure(instance, np.random.default_rng(0))))
        except (ValueError, ArithmeticError):
            moved.append(True)
        monkeypatch.undo()
    assert any(moved), f"{claim.id}: its verdict ignores the bound {claim.bound!r} it names"


@pytest.mark.parametrize("theorem, claim", HOLDING)
def test_claim_holds_on_drawn_instances(theorem, claim):
    @settings(max_examples=4)
    @given(instance=claim.strategy(), seed=st.integers(0, 2**16))
    def holds(instance, seed):
        measurement = claim.measure(dict(instance), np.random.default_rng(seed))
        assert claim.judge(dict(instance), measurement), (instance, measurement)

    holds()


@pytest.mark.parametrize("theorem, claim", REFUTED)
def test_expected_counterexample_is_found(theorem, claim):
    result = quick_verdicts(theorem.id).get(claim.id) or run_theorem(theorem, "full", 0, claim_ids=[claim.id])[0]
    assert result.verdict is Verdict.REFUTED, result.reason
    assert result.witness is not None and result.witness.measurement is not None


@pytest.mark.parametrize("theorem", THEOREMS, ids=lambda t: t.id)
def test_theorem_renders_to_latex_and_report(theorem, tmp_path):
    text = describe(theorem, latex=True)
    for bound in theorem.bounds:
        assert bound.latex() in text
    page = theorem_page(theorem, [], tmp_path, "quick", 0, include_reproductions=False)
    assert f"# {theorem.title}" in page
    for bound in theorem.bounds:
        assert f"`{bound.name}` [{bound.provenance.value}]" in page
