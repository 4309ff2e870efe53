"""A claim's declared drawn_break_rate: the battery tests drawn failures as a binomial rate.

P(Bin(4, 0.025) >= 3) = 4 (0.025^3)(0.975) + 0.025^4 = 6.1328e-5 and P(Bin(4, 0.025) >= 2) = 3.6262e-3,
worked by hand; the false-alarm limit is 1e-4, so 3 of 4 failing is implausible at 2.5% and 2 of 4 is not.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Callable

import numpy as np
import pytest
from hypothesis import strategies as st

from rnnbounds.testing.checks import DRAWN_FALSE_ALARM, claim_holds_on_drawn_instances, drawn_failures_are_plausible
from rnnbounds.theorems.core import Claim, Measurement
from rnnbounds.theorems.core.claim import MAX_DRAWN_BREAK_RATE
from rnnbounds.theorems.core.design import Control
from rnnbounds.theorems.core.provenance import Source


def test_false_alarm_limit_is_the_documented_one():
    assert DRAWN_FALSE_ALARM == 1e-4
    assert MAX_DRAWN_BREAK_RATE == 0.1


@pytest.mark.parametrize("failures, examples, rate, plausible", [
    (0, 4, 0.0, True),
    (1, 4, 0.0, False),          # no rate declared: any failure is a failure
    (2, 4, 0.025, True),         # 3.63e-3 >= 1e-4
    (3, 4, 0.025, False),        # 6.13e-5 < 1e-4
    (3, 4, 0.045, True),         # 4 (0.045^3)(0.955) + 0.045^4 = 3.52e-4
    (4, 4, 0.045, False),        # 0.045^4 = 4.10e-6
    (4, 4, 0.1, True),           # 0.1^4 = 1e-4, at the limit: not below it
    (5, 80, 0.025, True),        # mean 2: five is unremarkable
    (12, 80, 0.025, False),      # far beyond the declared rate
])
def test_plausibility_on_both_sides_of_the_limit(failures, examples, rate, plausible):
    assert drawn_failures_are_plausible(failures, examples, rate) is plausible


def _claim(fails: Callable[[int], bool], rate: float) -> Claim:
    """A claim on instances {'k': int}; the judge fails on the j-th judged draw when ``fails(j)``."""
    calls = itertools.count()
    return Claim(
        id="toy", title="toy", statement="toy", instances=lambda level: [{"k": 0}],
        measure=lambda instance, rng: Measurement(float(instance["k"]), 0.0),
        judge=lambda instance, measurement: not fails(next(calls)), tolerance="toy",
        controls=(Control(lambda level: {"k": -1}, "toy", "toy"),),
        strategy=lambda: st.integers(0, 10**6).map(lambda k: {"k": k}),
        source=Source("a toy paper", "eq. 1"),
        drawn_break_rate=rate)


def test_drawn_check_fails_on_any_failure_without_a_rate():
    # fails on one fixed instance (k = 7), so that hypothesis's replay while shrinking fails again
    claim = _claim(lambda j: False, 0.0)
    claim = dataclasses.replace(claim, judge=lambda instance, measurement: instance["k"] != 7,
                                strategy=lambda: st.sampled_from([{"k": 1}, {"k": 7}]))
    with pytest.raises(AssertionError):
        claim_holds_on_drawn_instances(None, claim, 20)


def test_drawn_check_passes_when_nothing_fails():
    claim_holds_on_drawn_instances(None, _claim(lambda j: False, 0.0), 20)


def test_drawn_check_tolerates_a_rare_failure_at_the_declared_rate():
    # the first of about 20 draws fails: P(Bin(20, 0.1) >= 1) = 0.88
    claim_holds_on_drawn_instances(None, _claim(lambda j: j == 0, 0.1), 20)


def test_drawn_check_fails_a_claim_that_always_fails_despite_its_rate():
    with pytest.raises(AssertionError, match="implausible at its declared break rate"):
        claim_holds_on_drawn_instances(None, _claim(lambda j: True, 0.025), 20)


@pytest.mark.parametrize("rate", [-0.01, 0.11, float("nan")])
def test_claim_refuses_a_break_rate_outside_zero_to_a_tenth(rate):
    with pytest.raises(ValueError, match="drawn_break_rate"):
        _claim(lambda j: False, rate)


@pytest.mark.parametrize("rate", [0.0, 0.1])
def test_claim_accepts_the_ends_of_the_allowed_range(rate):
    assert _claim(lambda j: False, rate).drawn_break_rate == rate


def test_interval_judged_claims_declare_their_interval_miss():
    from rnnbounds.theorems.registry import get_theorem
    ntk = get_theorem("ntk-generalization").claim("P4-ntk-convergence")
    gd = get_theorem("gd-convergence").claim("P8-lazy-regime")
    assert ntk.drawn_break_rate == pytest.approx(0.025)          # two-sided 97.5% interval
    assert gd.drawn_break_rate == pytest.approx(0.02 + 0.025)    # 98% interval plus the spread's 1 in 40
    assert np.isfinite([ntk.drawn_break_rate, gd.drawn_break_rate]).all()


def test_a_declared_finding_is_not_run_on_drawn_instances():
    from rnnbounds.testing.checks import NotApplicable

    finding = dataclasses.replace(_claim(lambda j: True, 0.0), known_failure="fails on every draw, measured")
    with pytest.raises(NotApplicable, match="declared finding"):
        claim_holds_on_drawn_instances(None, finding, 20)


def test_only_a_finding_may_declare_a_full_level_chance_above_five_percent():
    from rnnbounds.testing.checks import paper_claim_declares_its_design_spec_item_and_a_near_control as check
    from rnnbounds.theorems.core.design import Design

    weak = lambda level: Design(instances=1, seeds=1, statistic="s", threshold="t", error=0.27,
                                error_meaning="measured seed dependence", method="one seed")
    claim = dataclasses.replace(_claim(lambda j: False, 0.0), design=weak,
                                source=Source("a toy paper", "eq. 1", "spec P1"))
    with pytest.raises(AssertionError, match="at the full level"):
        check(None, claim)
    check(None, dataclasses.replace(claim, known_failure="fails at seed 0, measured"))
