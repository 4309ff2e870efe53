"""Forward stability of the ReLU Elman RNN at random initialization (spec sec. 4.1, P1-P2).

Mean field: ||h_l||^2 = ||h_{l-1}||^2 + ||X_l||^2, so at infinite width
rho(x) = ||h_L||^2 / sum_l ||X_l||^2 -> 1. At finite width the product of L random layers makes
rho heavy-tailed once m is not large against L^2. ``hidden_norm_ratios`` draws E independent
networks, each fed its own sequence, and returns rho per network; the work is chunked so that
at most ``max_floats`` weights are held at a time.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.concepts import Normalization, sample_sequences
from rnnbounds.numerics.elman_rnn import forward, init_elman
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = ["hidden_norm_ratios", "fraction_outside"]


def hidden_norm_ratios(
    rng: np.random.Generator, steps: int, width: int, dim: int, ensemble: int, *,
    token_norm: float = 1.0, normalization: Normalization = "none", eps: float = 0.1,
    max_floats: int = 2**24,
) -> np.ndarray:
    """rho_e = ||h_L||^2 / sum_l ||X_l||^2 for e = 1..E independent (network, sequence) pairs, shape (E,)."""
    steps, width, dim = checked_size(steps, "steps"), checked_size(width, "width"), checked_size(dim, "dim")
    ensemble, max_floats = checked_size(ensemble, "ensemble"), checked_size(max_floats, "max_floats")
    chunk = max(1, min(ensemble, max_floats // (width * width)))
    ratios = []
    for start in range(0, ensemble, chunk):
        size = min(chunk, ensemble - start)
        params = init_elman(rng, size, width, dim)
        X = sample_sequences(rng, size, steps, dim, token_norm=token_norm,
                             normalization=normalization, eps=eps)[:, None]
        last = forward(params, X).hidden[:, 0, -1]
        ratios.append(np.sum(last**2, axis=-1) / np.sum(X[:, 0] ** 2, axis=(-2, -1)))
    return np.concatenate(ratios)


def fraction_outside(ratios: np.ndarray, low: float = 0.5, high: float = 2.0) -> float:
    """Share of networks whose ratio rho lies outside [low, high]."""
    ratios = finite_array(ratios, "ratios")
    low, high = finite_scalar(low, "low"), finite_scalar(high, "high")
    if not low < high:
        raise ValueError(f"need low < high, got low={low!r}, high={high!r}")
    return float(np.mean((ratios < low) | (ratios > high)))
