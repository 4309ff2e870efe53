"""Numerical measurements shared by the claims and the report (calls into rnnbounds.numerics only).

Kernel norm: the label vector's squared RKHS norm y^T K^{-1} y under the infinite-width RNN NTK
normalised to unit mean diagonal, K = Theta / mean_i Theta(x_i, x_i). The normalisation makes the
measure invariant to the kernel's scale (which only sets the step size): y^T K^-1 y = y^T Theta^-1 y *
tr(Theta)/n, the form in which the Rademacher bound of the linearised class appears [D]. For unit
tokens it is Theta / (L(L-1)/4), the normalisation the spec suggests (sec. 4.5).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from rnnbounds.numerics.concepts import (
    additive_concept, n_variable_concept, random_betas, random_signs, sample_sequences, scalar_function,
    window_positions,
)
from rnnbounds.numerics.gram_checks import quadratic_form
from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk


def normalized_kernel(X: np.ndarray) -> np.ndarray:
    """Theta(x_i, x_j) / mean_i Theta(x_i, x_i) for sequences X (n, L, d), only W trained."""
    theta = rnn_ntk(X)
    return theta / np.mean(np.diag(theta))


def nested_kernel_norms(K: np.ndarray, y: np.ndarray, sizes: Sequence[int]) -> list[float]:
    """y_n^T K_n^{-1} y_n on the first n samples for every n in sizes (non-decreasing in n)."""
    return [quadratic_form(K[:n, :n], y[:n]) for n in sizes]


def additive_labels(rng: np.random.Generator, X: np.ndarray, f: str, bnorm: float, labels: str) -> np.ndarray:
    """Labels of the additive concept sum_l f(beta_l^T X_l), or Rademacher labels ("random")."""
    if labels == "random":
        return random_signs(rng, X.shape[0])
    if labels != "concept":
        raise ValueError(f"labels must be 'concept' or 'random', got {labels!r}")
    return additive_concept(X, random_betas(rng, X.shape[1], X.shape[2], bnorm), scalar_function(f))


def additive_kernel_norms(instance: Mapping[str, Any], rng: np.random.Generator, steps: int,
                          sizes: Sequence[int]) -> list[float]:
    """Kernel norms of one additive-concept draw at every sample size (nested samples)."""
    X = sample_sequences(rng, max(sizes), steps, instance["d"])
    y = additive_labels(rng, X, instance["f"], instance["bnorm"], instance.get("labels", "concept"))
    return nested_kernel_norms(normalized_kernel(X), y, sizes)


def n_variable_kernel_norm(rng: np.random.Generator, n: int, steps: int, dim: int, count: int, gap: int,
                           f: str, bnorm: float, inert: bool = False) -> float:
    """y^T K^{-1} y for f(sum_j beta_j^T X_{l_j}); ``inert`` zeroes every beta_j but the last."""
    X = sample_sequences(rng, n, steps, dim)
    betas = random_betas(rng, count, dim, bnorm)
    if inert:
        betas[:-1] = 0.0
    y = n_variable_concept(X, window_positions(count, gap, steps), betas, scalar_function(f))
    return quadratic_form(normalized_kernel(X), y)


def loglog_slope(x: Sequence[float], y: Sequence[float]) -> float:
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])


def fit_residual(x: np.ndarray, log_y: np.ndarray) -> float:
    """Root-mean-square residual of a straight-line fit of log_y on x."""
    coefficients = np.polyfit(x, log_y, 1)
    return float(np.sqrt(np.mean((np.polyval(coefficients, x) - log_y) ** 2)))
