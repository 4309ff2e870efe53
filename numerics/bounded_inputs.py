"""Random input sequences with bounded per-step norm.

    "l2":          X_t = xi_t / max(1, ||xi_t||_2),  xi_t ~ N(0, I_d / d)     (||X_t||_2 <= 1)
    "coordinate":  X_t ~ Uniform[-1, 1]^d                                      (||X_t||_inf <= 1)
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = ["bounded_sequences", "constant_sequence", "INPUT_NORMS"]

INPUT_NORMS = ("l2", "coordinate")


def bounded_sequences(rng: np.random.Generator, n: int, T: int, d: int,
                      norm: str = "l2") -> np.ndarray:
    """n sequences of length T in R^d, shape (n, T, d), bounded per step in the chosen norm."""
    n, T, d = checked_size(n, "n"), checked_size(T, "T"), checked_size(d, "d")
    if norm == "l2":
        xi = rng.standard_normal((n, T, d)) / np.sqrt(d)
        return xi / np.maximum(1.0, np.linalg.norm(xi, axis=-1, keepdims=True))
    if norm == "coordinate":
        return rng.uniform(-1.0, 1.0, size=(n, T, d))
    raise ValueError(f"norm must be one of {INPUT_NORMS}, got {norm!r}")


def constant_sequence(T: int, d: int, direction: int = 0) -> np.ndarray:
    """The tightness witness input X_t = e_direction for every t, shape (1, T, d)."""
    T, d = checked_size(T, "T"), checked_size(d, "d")
    if not 0 <= checked_size(direction, "direction", minimum=0) < d:
        raise ValueError(f"direction must be in [0, {d}), got {direction}")
    X = np.zeros((1, T, d))
    X[:, :, direction] = 1.0
    return X
