"""P3-als19-bounds' declared drawn break rate: the bound of the rate it was measured at, and a rate seen again.

ALS19 Lemma B.3 holds with probability >= 1 - exp(-Omega(m/L^2)), a constant at the claim's m = 16 L^2, so an
instance drawn from the claim's strategy may break. The claim declares that chance (``drawn_break_rate``) and the
battery counts drawn failures against it. Here: the declared rate is the one-sided 95% Clopper-Pearson bound of
the count it was measured at (typed again), and a fresh fixed-seed draw at the strategy's worse cell, L = 2, is
consistent with it, while the same draw 15% below the He variance is not (the control).
"""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.testing.checks import drawn_failures_are_plausible
from rnnbounds.theorems.ntk_generalization import THEOREM

P3 = {c.id: c for c in THEOREM.claims}["P3-als19-bounds"]
DRAWS = 1000


def _failures(gain: float) -> int:
    """Drawn instances at L = 2, d = 3 (2 networks, one sequence) that the claim's judge fails, fixed seeds."""
    instance = {"L": 2, "width_factor": 16.0, "d": 3, "ensemble": 2, "sequences": 1, "gain": gain, "first_step": 1}
    return sum(not P3.judge(dict(instance), P3.measure(dict(instance), np.random.default_rng([15, k])))
               for k in range(DRAWS))


def test_declared_rate_is_the_clopper_pearson_bound_of_the_measured_count():
    """78 of 6000 draws at L = 2 broke: the 0.95 quantile of Beta(79, 5922), typed again, rounded up."""
    from scipy.stats import beta

    assert beta.ppf(0.95, 79, 5922) == pytest.approx(0.0157, abs=5e-4)
    assert beta.ppf(0.95, 79, 5922) <= P3.drawn_break_rate == 0.016
    assert any(d.aspect == "criterion" and "0.016" in d.ours for d in P3.departures)


def test_a_fresh_draw_breaks_at_a_rate_consistent_with_the_declared_one():
    failures = _failures(1.0)
    assert failures >= 1, "no draw broke: the declared rate would be a guess, not a measurement"
    assert drawn_failures_are_plausible(failures, DRAWS, P3.drawn_break_rate), failures


def test_control_below_he_variance_breaks_at_an_implausible_rate():
    """Variance 0.85 x 2/m lowers ||h_2|| toward 7/8: more draws break than the declared rate allows (at
    0.9 the count sits a few draws past the implausibility edge, too near for a fixed-seed test)."""
    failures = _failures(0.85)
    assert not drawn_failures_are_plausible(failures, DRAWS, P3.drawn_break_rate), failures
