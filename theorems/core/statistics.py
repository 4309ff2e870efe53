"""Statistics behind a claim's design: rates with exact intervals, fitted exponents with intervals.

- ``clopper_pearson(k, n)``: the exact binomial confidence interval of a rate k / n.
- ``chance_all_pass(n, rate)``: (1 - rate)^n, the chance that n independent instances all pass
  when each breaks with probability ``rate``: the false-pass probability of an all-must-hold check.
- ``chance_at_least(n, k, p)``: P(Bin(n, p) >= k), the binomial tail.
- ``instances_for(rate, error)``: the smallest n with (1 - rate)^n <= error.
- ``fit_slope(x, y)``: an OLS slope with its t-interval, the diffrax order test's statistic.
- ``bootstrap_slope(x, y, rng)``: a percentile bootstrap interval of the slope over (x, y) pairs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats


def clopper_pearson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The exact (Clopper-Pearson) two-sided interval of a binomial rate."""
    if trials < 1 or not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials, trials >= 1; got {successes} of {trials}")
    interval = stats.binomtest(successes, trials).proportion_ci(confidence_level=confidence, method="exact")
    return float(interval.low), float(interval.high)


def chance_all_pass(trials: int, rate: float) -> float:
    """(1 - rate)^trials: all of ``trials`` independent instances pass although each breaks w.p. ``rate``."""
    if trials < 1 or not 0.0 <= rate <= 1.0:
        raise ValueError(f"need trials >= 1 and a rate in [0, 1]; got {trials}, {rate}")
    return float((1.0 - rate) ** trials)


def chance_at_least(trials: int, required: int, p: float) -> float:
    """P(Bin(trials, p) >= required)."""
    if trials < 1 or not 0 <= required <= trials or not 0.0 <= p <= 1.0:
        raise ValueError(f"need 0 <= required <= trials, p in [0, 1]; got {required}, {trials}, {p}")
    return float(stats.binom.sf(required - 1, trials, p))


def instances_for(rate: float, error: float) -> int:
    """The smallest n with (1 - rate)^n <= error: instances needed to catch a break rate ``rate``."""
    if not 0.0 < rate < 1.0 or not 0.0 < error < 1.0:
        raise ValueError(f"need rate and error in (0, 1); got {rate}, {error}")
    return int(math.ceil(math.log(error) / math.log1p(-rate)))


@dataclass(frozen=True)
class SlopeFit:
    """slope of y on x with its two-sided interval at ``confidence``."""

    slope: float
    low: float
    high: float
    stderr: float
    points: int
    confidence: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def to_json(self) -> dict[str, float]:
        return {"slope": self.slope, "low": self.low, "high": self.high, "stderr": self.stderr,
                "points": self.points, "confidence": self.confidence}


def fit_slope(x: np.ndarray, y: np.ndarray, confidence: float = 0.95) -> SlopeFit:
    """OLS slope of y on x with the t-interval slope +- t_{n-2} * stderr (needs >= 3 finite points)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or x.size < 3:
        raise ValueError(f"fit_slope needs two equal 1-d arrays of >= 3 points; got {x.shape}, {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("fit_slope needs finite x and y")
    fit = stats.linregress(x, y)
    half = float(stats.t.ppf(0.5 + confidence / 2, x.size - 2) * fit.stderr)
    return SlopeFit(float(fit.slope), float(fit.slope) - half, float(fit.slope) + half, float(fit.stderr),
                    int(x.size), confidence)


def bootstrap_slope(x: np.ndarray, y: np.ndarray, rng: np.random.Generator, confidence: float = 0.95,
                    resamples: int = 2000) -> SlopeFit:
    """Percentile bootstrap interval of the OLS slope, resampling (x, y) pairs."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    point = fit_slope(x, y, confidence)
    picks = rng.integers(0, x.size, size=(resamples, x.size))
    xs, ys = x[picks], y[picks]
    xc, yc = xs - xs.mean(axis=1, keepdims=True), ys - ys.mean(axis=1, keepdims=True)
    denominator = np.sum(xc * xc, axis=1)
    slopes = np.sum(xc * yc, axis=1)[denominator > 0] / denominator[denominator > 0]
    low, high = np.quantile(slopes, [0.5 - confidence / 2, 0.5 + confidence / 2])
    return SlopeFit(point.slope, float(low), float(high), float(np.std(slopes)), point.points, confidence)
