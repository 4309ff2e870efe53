"""Random recurrent weights and RNN teachers, drawn as ensembles (leading axis E).

- random_orthogonal: Haar-distributed Q (QR of a Gaussian with the sign fix), (E, m, m).
- symmetric_hurwitz: W = -Q^T diag(lambda) Q, symmetric negative definite with spectrum -lambda;
  the structure the repository uses (W = -P^T diag(phi(w)) P, spec 6.3) and the setting of K2.
- normal_hurwitz: W = Q^T B Q with B block-diagonal rotations-and-decays, normal but not symmetric.
- random_teacher: a random width-m RNN (W, U, b, c) with W ~ N(0, gain^2 / m), as a teacher.
"""

from __future__ import annotations

import numpy as np

from .ctrnn import RNNWeights
from .validation import finite_array, finite_scalar, checked_size

__all__ = ["random_orthogonal", "symmetric_hurwitz", "normal_hurwitz", "random_teacher"]


def random_orthogonal(rng: np.random.Generator, ensemble: int, m: int) -> np.ndarray:
    """Haar-random orthogonal matrices (E, m, m)."""
    ensemble, m = checked_size(ensemble, "ensemble"), checked_size(m, "m")
    q, r = np.linalg.qr(rng.standard_normal((ensemble, m, m)))
    return q * np.sign(np.diagonal(r, axis1=1, axis2=2))[:, None, :]


def symmetric_hurwitz(rng: np.random.Generator, rates: np.ndarray) -> np.ndarray:
    """W = -Q^T diag(rates) Q for rates (E, m) > 0, with Haar Q: (E, m, m)."""
    rates = finite_array(rates, "rates")
    if rates.ndim != 2 or np.any(rates <= 0):
        raise ValueError(f"rates must be a positive (E, m) array, got shape {rates.shape}")
    q = random_orthogonal(rng, *rates.shape)
    return -np.einsum("eji,ej,ejk->eik", q, rates, q)


def normal_hurwitz(rng: np.random.Generator, rates: np.ndarray, frequencies: np.ndarray) -> np.ndarray:
    """A normal W = Q^T B Q with 2x2 blocks [[-a, w], [-w, -a]] (eigenvalues -a +- i w): (E, 2k, 2k).

    rates (E, k) > 0 give the real parts -a, frequencies (E, k) the imaginary parts.
    """
    rates, frequencies = finite_array(rates, "rates"), finite_array(frequencies, "frequencies")
    if rates.shape != frequencies.shape or rates.ndim != 2 or np.any(rates <= 0):
        raise ValueError("rates and frequencies must be (E, k) arrays of one shape, rates > 0")
    e, k = rates.shape
    block = np.zeros((e, 2 * k, 2 * k))
    idx = 2 * np.arange(k)
    block[:, idx, idx] = block[:, idx + 1, idx + 1] = -rates
    block[:, idx, idx + 1], block[:, idx + 1, idx] = frequencies, -frequencies
    q = random_orthogonal(rng, e, 2 * k)
    return np.einsum("eji,ejl,elk->eik", q, block, q)


def random_teacher(rng: np.random.Generator, ensemble: int, m: int, d: int = 1, gain: float = 1.0) -> RNNWeights:
    """Random RNN teachers: W ~ N(0, gain^2/m), U ~ N(0, 1), b ~ N(0, 0.1^2), c ~ N(0, 1/m)."""
    ensemble, m, d = checked_size(ensemble, "ensemble"), checked_size(m, "m"), checked_size(d, "d")
    gain = finite_scalar(gain, "gain", positive=True)
    W = gain * rng.standard_normal((ensemble, m, m)) / np.sqrt(m)
    U = rng.standard_normal((ensemble, m, d))
    b = 0.1 * rng.standard_normal((ensemble, m))
    c = rng.standard_normal((ensemble, m)) / np.sqrt(m)
    return RNNWeights(W, U, b, c)
