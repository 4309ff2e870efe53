"""Statistical designs shared by the ntk-generalization claims.

- ``share_design``: a share of E networks judged against a threshold per instance; its chance of a
  wrong verdict is the binomial tail at a stated break rate (P(Bin(E, r) <= floor(t E)) for a
  share that must stay <= t, P(Bin(E, r) >= ceil(t E)) for one that must reach t).
- ``all_draws_design``: an all-must-hold check over N independent draws, (1 - r)^N at break rate r.
- ``interval_design``: a fitted coefficient judged by its two-sided interval against a declared
  value, a false-fail chance of (1 - confidence) per judged instance by construction.
"""

from __future__ import annotations

import math
from typing import Mapping

from scipy import stats

from rnnbounds.theorems.core import Design
from rnnbounds.theorems.core.statistics import chance_all_pass


def allowed_count(ensemble: int, share: float) -> int:
    """The largest count k of E with k / E <= share."""
    return int(math.floor(share * ensemble + 1e-12))


def required_count(ensemble: int, share: float) -> int:
    """The smallest count k of E with k / E >= share."""
    return int(math.ceil(share * ensemble - 1e-12))


def chance_share_at_most(ensemble: int, share: float, rate: float) -> float:
    """P(Bin(E, rate) <= floor(share E)): a share that must stay <= share passes at a true rate."""
    return float(stats.binom.cdf(allowed_count(ensemble, share), ensemble, rate))


def chance_share_at_least(ensemble: int, share: float, rate: float) -> float:
    """P(Bin(E, rate) >= ceil(share E)): a share that must reach share passes at a true rate."""
    return float(stats.binom.sf(required_count(ensemble, share) - 1, ensemble, rate))


def all_draws_design(draws: int, instances: int, rate: float, statistic: str, threshold: str,
                     thresholds: Mapping[str, float]) -> Design:
    """All of ``draws`` independent draws must hold; false pass (1 - rate)^draws."""
    return Design(instances=instances, seeds=draws, statistic=statistic, threshold=threshold,
                  error=chance_all_pass(draws, rate),
                  error_meaning=f"P(passes | the prediction breaks on {rate:.0%} of independent draws)",
                  method=f"(1 - rate)^n over n = {draws} independent draws, all must hold",
                  thresholds=dict(thresholds))


def interval_design(instances: int, seeds: int, confidence: float, statistic: str, threshold: str,
                    thresholds: Mapping[str, float]) -> Design:
    """Each of ``instances`` fitted coefficients' intervals must contain the declared value."""
    return Design(instances=instances, seeds=seeds, statistic=statistic, threshold=threshold,
                  error=min(1.0, round(instances * (1.0 - confidence), 12)),
                  error_meaning="P(fails | every true coefficient equals its declared value): the intervals' misses "
                                "(union bound)",
                  method=f"regression t-intervals at {confidence:.1%}", thresholds=dict(thresholds))
