"""One generic battery over every registered theorem (built-in and plugins).

Every bound has provenance, a source and a reference point, evaluates there, and has growth
orders; every claim has a negative control that is seen to fail and a strategy whose instances
the claim holds on; every theorem renders to LaTeX and to a report section.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnbounds.commands import describe
from rnnbounds.report.theorem_page import theorem_page
from rnnbounds.theorems import symbols
from rnnbounds.theorems.core import Provenance, Verdict
from rnnbounds.theorems.core.runner import run_instance, run_theorem
from rnnbounds.theorems.core.seeding import NEGATIVE_CONTROL_INDEX
from rnnbounds.theorems.registry import all_theorems

THEOREMS = all_theorems()
BOUNDS = [pytest.param(t, b, id=f"{t.id}:{b.name}") for t in THEOREMS for b in t.bounds]
CLAIMS = [pytest.param(t, c, id=f"{t.id}:{c.id}", marks=[pytest.mark.slow] if c.slow else [])
          for t in THEOREMS for c in t.claims]
HOLDING = [p for p in CLAIMS if p.values[1].expect is Verdict.HOLDS]
REFUTED = [p for p in CLAIMS if p.values[1].expect is Verdict.REFUTED]


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


@pytest.mark.parametrize("theorem, claim", CLAIMS)
def test_negative_control_is_seen_to_fail(theorem, claim):
    result = run_instance(claim, theorem.id, NEGATIVE_CONTROL_INDEX, "quick", seed=0)
    assert not result.error, result.error
    assert result.held is False, f"negative control of {claim.id} passed: the check cannot fail"


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
    (result,) = run_theorem(theorem, "quick", seed=0, claim_ids=[claim.id])
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
