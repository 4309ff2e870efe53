"""Bound.violated_hypotheses and Bound.evaluate(check_hypotheses=...): both sides of each boundary,
the boundary itself, arrays, and the internal callers that leave the hypotheses on purpose."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy as sp

from rnnbounds.theorems.core import Bound, Direction, Hypothesis, Provenance, Source
from rnnbounds.theorems.core.hypothesis import HypothesisViolation, HypothesisWarning
from rnnbounds.theorems.registry import get_theorem

BELOW, ABOVE = (lambda x: float(np.nextafter(x, -np.inf))), (lambda x: float(np.nextafter(x, np.inf)))


def _bound(theorem: str, name: str) -> Bound:
    return get_theorem(theorem).bound(name)


def _names(hypotheses) -> list[str]:
    return [h.name for h in hypotheses]


# (theorem, bound, values, names of the violated hypotheses as the spec gives them)
CASES = [
    # gd-convergence F6: a < 1 (strict)
    ("gd-convergence", "G_free", {"a": BELOW(1.0)}, []),
    ("gd-convergence", "G_free", {"a": 1.0}, ["A4-below-cutoff"]),
    ("gd-convergence", "G_free", {"a": ABOVE(1.0)}, ["A4-below-cutoff"]),
    # gd-convergence F15: alpha s1 < 1 (strict), s1 at the reference 1
    ("gd-convergence", "m_cut", {"alpha": BELOW(1.0)}, []),
    ("gd-convergence", "m_cut", {"alpha": 1.0}, ["below-cutoff-init"]),
    ("gd-convergence", "m_cut", {"alpha": 0.5, "sigma_1": ABOVE(2.0)}, ["below-cutoff-init"]),
    # gd-convergence A3: rho >= nu (inclusive)
    ("gd-convergence", "R_bound", {"rho": 2.0, "nu": 2.0}, []),
    ("gd-convergence", "R_bound", {"rho": BELOW(2.0), "nu": 2.0}, ["A3-realizable"]),
    ("gd-convergence", "R_bound", {"rho": ABOVE(2.0), "nu": 2.0}, []),
    # inverse-approximation Thm 3.9: beta < beta0, beta0 a hypothesis-only symbol (reference 0.1)
    ("inverse-approximation", "target_memory", {"beta": BELOW(0.1)}, []),
    ("inverse-approximation", "target_memory", {"beta": 0.1}, ["rate-below-radius"]),
    ("inverse-approximation", "target_memory", {"beta": 0.05, "beta0": 0.05}, ["rate-below-radius"]),
    ("inverse-approximation", "target_memory", {"beta": 0.3, "beta0": ABOVE(0.3)}, []),
]


@pytest.mark.parametrize("theorem, name, values, violated", CASES,
                         ids=[f"{n}{v}" for _, n, v, _ in CASES])
def test_violated_hypotheses_on_both_sides_and_at_the_boundary(theorem, name, values, violated):
    assert _names(_bound(theorem, name).violated_hypotheses(values)) == violated


def test_every_bound_is_inside_its_hypotheses_at_its_reference():
    from rnnbounds.theorems.registry import all_theorems

    outside = [(t.id, b.name) for t in all_theorems() for b in t.bounds if b.violated_hypotheses({})]
    assert not outside


def test_an_array_violates_a_hypothesis_when_one_of_its_points_does():
    bound = _bound("gd-convergence", "G_free")
    assert _names(bound.violated_hypotheses({"a": np.array([0.2, 0.5, BELOW(1.0)])})) == []
    assert _names(bound.violated_hypotheses({"a": np.array([0.2, 1.0, 0.5])})) == ["A4-below-cutoff"]


def test_violated_hypotheses_refuses_a_name_the_bound_does_not_take():
    with pytest.raises(ValueError, match="has no symbol beta0"):
        _bound("gd-convergence", "G_free").violated_hypotheses({"beta0": 1.0})
    with pytest.raises(ValueError, match="a must be"):
        _bound("gd-convergence", "G_free").violated_hypotheses({"a": -1.0})


def _point(bound: Bound, **overrides) -> dict:
    return {k: v for k, v in bound.at_reference(**overrides).items() if k in bound.symbol_names}


def test_evaluate_warns_by_default_outside_the_hypotheses():
    bound = _bound("gd-convergence", "m_cut")
    with pytest.warns(HypothesisWarning, match="m_cut.*below-cutoff-init"):
        value = bound.evaluate(**_point(bound, alpha=1.5))
    assert value == pytest.approx((1 / (1 - 1.5)) ** 2)  # the value still comes back
    assert issubclass(HypothesisWarning, UserWarning)


def test_evaluate_is_silent_inside_and_at_an_inclusive_boundary():
    bound = _bound("gd-convergence", "R_bound")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bound.evaluate(**_point(bound))
        bound.evaluate(**_point(bound, rho=2.0, nu=2.0))


def test_evaluate_raises_when_asked_and_is_silent_when_told_not_to_check():
    bound = _bound("gd-convergence", "R_bound")
    point = _point(bound, rho=BELOW(2.0), nu=2.0)
    with pytest.raises(HypothesisViolation, match="A3-realizable"):
        bound.evaluate(**point, check_hypotheses="raise")
    assert issubclass(HypothesisViolation, ValueError)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unchecked = bound.evaluate(**point, check_hypotheses=False)
    with pytest.warns(HypothesisWarning):
        assert bound.evaluate(**point, check_hypotheses="warn") == unchecked
    with pytest.raises(ValueError, match="check_hypotheses"):
        bound.evaluate(**point, check_hypotheses="sometimes")


def test_evaluate_takes_a_hypothesis_only_symbol_and_uses_it_only_for_the_check():
    bound = _bound("inverse-approximation", "target_memory")
    point = _point(bound, beta=0.2)
    with pytest.warns(HypothesisWarning, match="rate-below-radius"):
        outside = bound.evaluate(**point)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        inside = bound.evaluate(**point, beta0=0.3)
    assert inside == outside == pytest.approx(np.exp(-0.2 * 20.0))


def test_a_reference_value_no_relation_names_is_refused():
    x = sp.Symbol("time", positive=True)
    with pytest.raises(ValueError, match="beta0"):
        Bound("probe", "q", sp.exp(-x), Direction.UPPER, Provenance.DERIVED, Source("p", "l"),
              reference={"time": 1.0, "beta0": 0.1}, hypotheses=(Hypothesis("h", "text only"),))


def test_sweeps_inside_the_core_do_not_warn():
    """monotonicity and solve scan past a hypothesis on purpose (the grid is cut to its admissible part)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", HypothesisWarning)
        assert _bound("gd-convergence", "m_cut").monotonicity("alpha") == "increasing"
        assert _bound("gd-convergence", "G_free").monotonicity("a") == "increasing"
        _bound("gd-convergence", "R_bound").solve("m", 1.0)
