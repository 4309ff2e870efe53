"""Stable reparameterizations: raw weights w mapped to recurrent eigenvalues.

Continuous time, eigenvalue lambda = g(w) of W (stable iff lambda < 0):
    direct     g(w) = w                       (unstable once w crosses 0)
    exp        g(w) = -e^w                    (Wang, Li & Li 2024, eq 16 / Sec 3.4)
    softplus   g(w) = -log(1 + e^w)           (ibid.)
    best       g(w) = -1 / (w^2 + 0.1)        (StableSSM, Wang & Li, arXiv 2311.14495; not the
                                               inverse-approximation paper)
    inverse-continuous  g(w) = -1/w, w clamped to >= 0.01  (derived: the map whose Euler step
                                               1 + g(w) with dt = 1 is the repository's 1 - 1/w;
                                               eigenvalues in [-100, 0))
Discrete time, eigenvalue modulus a = g(w) (stable iff |a| < 1):
    lru        g(w) = exp(-exp(w))            (Orvieto et al. 2023, the discrete analogue of exp)
    inverse    g(w) = 1 - 1/w, w >= 0.5       (repository branch fa3dc17; the paper names
                                               "inverse" without a formula: a reconstruction)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np

from rnnbounds.numerics.validation import finite_array, finite_scalar

__all__ = [
    "Reparameterization", "DIRECT", "EXP", "SOFTPLUS", "BEST", "LRU", "INVERSE", "INVERSE_CONTINUOUS",
    "REPARAMETERIZATIONS", "reparameterization", "euler_stable",
]

ArrayMap = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Reparameterization:
    """A map g from raw weights to eigenvalues (continuous) or eigenvalue moduli (discrete)."""

    name: str
    time: Literal["continuous", "discrete"]
    forward: ArrayMap
    inverse: ArrayMap
    stable_by_construction: bool

    def __call__(self, w: np.ndarray) -> np.ndarray:
        return self.forward(finite_array(w, "w", allow_empty=True))

    def is_stable(self, eigenvalues: np.ndarray) -> np.ndarray:
        """Re lambda < 0 (continuous) or |a| < 1 (discrete), elementwise."""
        eigenvalues = finite_array(eigenvalues, "eigenvalues", dtype=None)
        return eigenvalues.real < 0 if self.time == "continuous" else np.abs(eigenvalues) < 1


def _softplus(w: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, w)


def _inverse_softplus(y: np.ndarray) -> np.ndarray:
    """log(e^y - 1), stably for small and large y > 0."""
    y = np.asarray(y, dtype=np.float64)
    return y + np.log(-np.expm1(-y))


def _best_inverse(lam: np.ndarray) -> np.ndarray:
    value = -1.0 / np.asarray(lam, dtype=np.float64) - 0.1
    if np.any(value < 0):
        raise ValueError("the 'best' map reaches only eigenvalues in [-10, 0)")
    return np.sqrt(value)


#: the continuous inverse map clamps w at this floor, so its eigenvalues lie in [-1 / floor, 0)
INVERSE_FLOOR = 0.01


def _continuous_inverse_inverse(lam: np.ndarray) -> np.ndarray:
    lam = np.asarray(lam, dtype=np.float64)
    if np.any(lam >= 0) or np.any(lam < -1.0 / INVERSE_FLOOR):
        raise ValueError(f"the continuous 'inverse' map reaches only eigenvalues in [{-1.0 / INVERSE_FLOOR:g}, 0)")
    return -1.0 / lam


DIRECT = Reparameterization("direct", "continuous", lambda w: w, lambda lam: np.asarray(lam, dtype=np.float64), False)
EXP = Reparameterization("exp", "continuous", lambda w: -np.exp(w), lambda lam: np.log(-np.asarray(lam, dtype=np.float64)), True)
SOFTPLUS = Reparameterization("softplus", "continuous", lambda w: -_softplus(w),
                              lambda lam: _inverse_softplus(-np.asarray(lam, dtype=np.float64)), True)
BEST = Reparameterization("best", "continuous", lambda w: -1.0 / (w * w + 0.1), _best_inverse, True)
LRU = Reparameterization("lru", "discrete", lambda w: np.exp(-np.exp(w)),
                         lambda a: np.log(-np.log(np.asarray(a, dtype=np.float64))), True)
INVERSE = Reparameterization("inverse", "discrete", lambda w: 1.0 - 1.0 / np.maximum(w, 0.5),
                             lambda a: 1.0 / (1.0 - np.asarray(a, dtype=np.float64)), True)

INVERSE_CONTINUOUS = Reparameterization("inverse-continuous", "continuous",
                                        lambda w: -1.0 / np.maximum(w, INVERSE_FLOOR), _continuous_inverse_inverse, True)

REPARAMETERIZATIONS: dict[str, Reparameterization] = {
    r.name: r for r in (DIRECT, EXP, SOFTPLUS, BEST, LRU, INVERSE, INVERSE_CONTINUOUS)
}


def reparameterization(name: str) -> Reparameterization:
    """Look a map up by name: direct, exp, softplus, best, lru, inverse, inverse-continuous."""
    try:
        return REPARAMETERIZATIONS[name]
    except KeyError:
        raise ValueError(f"unknown reparameterization {name!r}; choose one of {sorted(REPARAMETERIZATIONS)}") from None


def euler_stable(eigenvalues: np.ndarray, dt: float) -> np.ndarray:
    """Whether the Euler/residual step h <- (1 + dt lambda) h is stable: |1 + dt lambda| < 1.

    For real lambda = -g < 0 this is 0 < dt g < 2 (spec P8): a stable continuous map need not
    give a stable discrete residual RNN.
    """
    dt = finite_scalar(dt, "dt", positive=True)
    return np.abs(1.0 + dt * finite_array(eigenvalues, "eigenvalues", dtype=None)) < 1.0
