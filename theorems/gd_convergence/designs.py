"""Statistical designs shared by the gd-convergence claims.

- ``all_draws_design``: an all-must-hold check over N independent random draws; its false-pass chance
  against a per-draw break rate r is (1 - r)^N (``chance_all_pass``).
- ``rate_design``: a violation rate over seeds judged against ``allowed`` per instance; its false-pass
  chance against a true violation rate r is P(Bin(seeds, r) <= floor(allowed seeds)) per instance,
  multiplied over independent instances.
- ``deterministic_design``: a computation whose only randomness is fixed by the seed (error 0).
"""

from __future__ import annotations

import math
from typing import Mapping

from rnnbounds.theorems.core import Design
from scipy import stats

from rnnbounds.theorems.core.statistics import chance_all_pass

#: the per-draw break rate against which an all-must-hold check states its false-pass chance
DRAW_BREAK_RATE = 0.01


def all_draws_design(draws: int, instances: int, statistic: str, threshold: str,
                     thresholds: Mapping[str, float], rate: float = DRAW_BREAK_RATE) -> Design:
    """All of ``draws`` independent draws (over ``instances`` instances) must hold."""
    return Design(instances=instances, seeds=1, statistic=statistic, threshold=threshold,
                  error=chance_all_pass(draws, rate),
                  error_meaning=f"P(passes | the bound fails on {rate:.0%} of random draws)",
                  method=f"(1 - rate)^n over n = {draws} independent draws, all must hold",
                  thresholds=dict(thresholds))


def largest_allowed_count(seeds: int, allowed_rate: float) -> int:
    """The largest violation count k with k / seeds <= allowed_rate."""
    return min(seeds, int(math.floor(allowed_rate * seeds + 1e-12)))


def chance_rate_passes(seeds: int, allowed_rate: float, true_rate: float) -> float:
    """P(Bin(seeds, true_rate) <= largest allowed count): one instance passes at a true violation rate."""
    allowed = largest_allowed_count(seeds, allowed_rate)
    return float(stats.binom.cdf(allowed, seeds, true_rate))


def rate_design(instances: int, seeds: int, allowed_rate: float, break_rate: float, statistic: str,
                threshold: str, thresholds: Mapping[str, float]) -> Design:
    """Every instance's violation rate over ``seeds`` must stay <= ``allowed_rate``."""
    error = chance_rate_passes(seeds, allowed_rate, break_rate) ** instances
    return Design(instances=instances, seeds=seeds, statistic=statistic, threshold=threshold, error=error,
                  error_meaning=f"P(passes | the bound is violated on {break_rate:.0%} of seeds at every instance)",
                  method=(f"binomial tail: P(Bin({seeds}, {break_rate}) <= "
                          f"{largest_allowed_count(seeds, allowed_rate)})^{instances}"),
                  thresholds=dict(thresholds))


def deterministic_design(instances: int, statistic: str, threshold: str, thresholds: Mapping[str, float],
                         why: str) -> Design:
    """A computation fixed by the seed: no chance of a wrong verdict beyond the stated ``why``."""
    return Design(instances=instances, seeds=1, statistic=statistic, threshold=threshold, error=0.0,
                  error_meaning="none: a fixed computation given the seed", method=f"deterministic; {why}",
                  thresholds=dict(thresholds))
