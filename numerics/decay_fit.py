"""The exponential decay rate of a memory function, fitted on its tail, with a confidence interval.

For a memory function M_k that decays like C r^k on its tail, log M_k = log C - a k with
a = -log r. The tail window is the last ``max_points`` steps (at most) of the stretch where M
has fallen below ``upper`` * max M but not yet below ``lower`` * max M (so rounding noise at the
floor stays out, and a plateau that follows an early exponential stretch is what gets fitted).
The rate a is the negated OLS slope of log M on k there, with the two-sided t-interval
(n - 2 degrees of freedom). A memory that never falls below ``upper`` * max M on the horizon
(no decay seen) is fitted on its last ``max_points`` steps instead, and the fit says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .validation import checked_size, finite_array, finite_scalar

__all__ = ["DecayFit", "tail_window", "fit_tail_decay"]


@dataclass(frozen=True)
class DecayFit:
    """Fitted rate a (M_k ~ C e^{-a k}) with its interval, the window [start, stop) and whether M fell below upper."""

    rate: float
    low: float
    high: float
    start: int
    stop: int
    decayed: bool

    def to_json(self) -> dict[str, float | int | bool]:
        return {"rate": self.rate, "low": self.low, "high": self.high, "start": self.start, "stop": self.stop,
                "decayed": self.decayed}


def tail_window(memory: np.ndarray, upper: float = 1e-3, lower: float = 1e-10, max_points: int = 60
                ) -> tuple[int, int, bool]:
    """The last <= max_points steps [start, stop) after M first falls to upper * max M and before it first falls to
    lower * max M (or the horizon ends); (start, stop, decayed)."""
    memory = finite_array(memory, "memory", ndim=1)
    upper, lower = finite_scalar(upper, "upper", positive=True), finite_scalar(lower, "lower", positive=True)
    if not lower < upper < 1:
        raise ValueError(f"need 0 < lower < upper < 1, got lower={lower!r}, upper={upper!r}")
    max_points = checked_size(max_points, "max_points", minimum=3)
    peak = float(np.max(memory))
    if peak <= 0:
        raise ValueError("memory is identically 0: there is no decay to fit")
    below = np.flatnonzero(memory <= upper * peak)
    if below.size == 0:
        return max(0, memory.size - max_points), memory.size, False
    start = int(below[0])
    floor = np.flatnonzero(memory[start:] <= lower * peak)
    stop = start + (int(floor[0]) if floor.size else memory.size - start)
    return max(start, stop - max_points), stop, True


def fit_tail_decay(memory: np.ndarray, confidence: float = 0.95, **window) -> DecayFit:
    """Rate a of M_k ~ C e^{-a k} on the tail window, with its t-interval at level confidence in (0, 1);
    needs >= 3 positive points there."""
    confidence = finite_scalar(confidence, "confidence", positive=True)
    if not confidence < 1:
        raise ValueError(f"argument confidence must lie in (0, 1), got {confidence!r}")
    start, stop, decayed = tail_window(memory, **window)
    k = np.arange(start, stop, dtype=np.float64)
    values = np.asarray(memory, dtype=np.float64)[start:stop]
    if k.size < 3 or np.any(values <= 0):
        raise ValueError(f"the tail window [{start}, {stop}) holds fewer than 3 positive memory values")
    fit = stats.linregress(k, np.log(values))
    half = float(stats.t.ppf(0.5 + confidence / 2, k.size - 2) * fit.stderr) if k.size > 2 else np.inf
    rate = -float(fit.slope)
    return DecayFit(rate, rate - half, rate + half, start, stop, decayed)
