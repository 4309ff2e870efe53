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
from scipy import stats

from rnnbounds.numerics.concepts import (
    additive_concept, n_variable_concept, random_betas, random_signs, sample_sequences, scalar_function,
    window_positions,
)
from rnnbounds.numerics.elman_rnn import ElmanParams, forward, init_elman
from rnnbounds.numerics.gram_checks import quadratic_form
from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk

MAX_FLOATS = 2**24


def hidden_norms_squared(rng: np.random.Generator, steps: int, width: int, dim: int, ensemble: int, *,
                         gain: float = 1.0, normalization: str = "none", eps: float = 0.1) -> np.ndarray:
    """||h_L||^2 of E independent (network, sequence) pairs with W, A ~ N(0, 2 gain / m), shape (E,).

    gain = 1 is the spec's He initialization; at infinite width ||h_l||^2 = gain (||h_{l-1}||^2 +
    ||X_l||^2), so gain != 1 moves the mean field off sum_l ||X_l||^2 (a control's knob).
    """
    if not np.isfinite(gain) or gain <= 0:
        raise ValueError(f"gain must be a positive finite number, got {gain!r}")
    chunk, norms = max(1, min(ensemble, MAX_FLOATS // (width * width))), []
    for start in range(0, ensemble, chunk):
        params = init_elman(rng, min(chunk, ensemble - start), width, dim)
        scaled = ElmanParams(W=np.sqrt(gain) * params.W, A=np.sqrt(gain) * params.A, b=params.b)
        X = sample_sequences(rng, params.ensemble, steps, dim, normalization=normalization, eps=eps)
        norms.append(np.sum(forward(scaled, X[:, None]).hidden[:, 0, -1] ** 2, axis=-1))
    return np.concatenate(norms)


def normalized_kernel(X: np.ndarray) -> np.ndarray:
    """Theta(x_i, x_j) / mean_i Theta(x_i, x_i) for sequences X (n, L, d), only W trained."""
    theta = rnn_ntk(X)
    return theta / np.mean(np.diag(theta))


def nested_kernel_norms(K: np.ndarray, y: np.ndarray, sizes: Sequence[int]) -> list[float]:
    """y_n^T K_n^{-1} y_n on the first n samples for every n in sizes (non-decreasing in n)."""
    return [quadratic_form(K[:n, :n], y[:n]) for n in sizes]


def additive_labels(rng: np.random.Generator, X: np.ndarray, f: str, bnorm: float, labels: str,
                    noise: float = 0.0) -> np.ndarray:
    """Labels of the additive concept sum_l f(beta_l^T X_l), the concept plus noise * (+-1) ("noisy"),
    or Rademacher labels ("random")."""
    if labels == "random":
        return random_signs(rng, X.shape[0])
    if labels not in ("concept", "noisy"):
        raise ValueError(f"labels must be 'concept', 'noisy' or 'random', got {labels!r}")
    y = additive_concept(X, random_betas(rng, X.shape[1], X.shape[2], bnorm), scalar_function(f))
    return y if labels == "concept" else y + noise * random_signs(rng, X.shape[0])


def additive_kernel_norms(instance: Mapping[str, Any], rng: np.random.Generator, steps: int,
                          sizes: Sequence[int]) -> list[float]:
    """Kernel norms of one additive-concept draw at every sample size (nested samples)."""
    X = sample_sequences(rng, max(sizes), steps, instance["d"])
    y = additive_labels(rng, X, instance["f"], instance["bnorm"], instance.get("labels", "concept"),
                        instance.get("noise", 0.0))
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


def quadratic_coefficient(x: np.ndarray, y: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """c of the OLS fit y = a + b x + c x^2, with its two-sided t-interval (df = points - 3)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.shape != y.shape or x.ndim != 1 or x.size < 4:
        raise ValueError(f"quadratic_coefficient needs two equal 1-d arrays of >= 4 points; got {x.shape}, {y.shape}")
    design = np.column_stack([np.ones_like(x), x, x * x])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coefficients
    variance = float(residual @ residual) / (x.size - 3)
    stderr = float(np.sqrt(variance * np.linalg.inv(design.T @ design)[2, 2]))
    half = float(stats.t.ppf(0.5 + confidence / 2, x.size - 3)) * stderr
    return float(coefficients[2]), float(coefficients[2] - half), float(coefficients[2] + half)


def mean_interval(values: Sequence[float], confidence: float) -> tuple[float, float, float]:
    """Mean of independent values with its two-sided t-interval (df = count - 1)."""
    values = np.asarray(values, float)
    if values.ndim != 1 or values.size < 2:
        raise ValueError(f"mean_interval needs >= 2 values; got shape {values.shape}")
    half = float(stats.t.ppf(0.5 + confidence / 2, values.size - 1) * np.std(values, ddof=1) / np.sqrt(values.size))
    return float(np.mean(values)), float(np.mean(values) - half), float(np.mean(values) + half)
