"""Memory functions of a model or target over a finite grid of step levels.

Wang, Li & Li (2024), Def 3.1: with the Heaviside input u^x_t = x 1[t >= 0],

    M(H)(t) = sup_{x != 0} |d/dt H_t(u^x)| / N(x),    N(x) = |x|_inf   (Def 3.1)
                                                     or |x|_inf + 1 (the proofs, eqs 43, 67).

The sup runs over a finite grid of levels here (the sup over all x may be infinite for a
saturating target, spec section 8 point 7). In discrete time the derivative becomes the step
difference y_k - y_{k-1} (y_{-1} = 0), and the impulse memory (App F) is |y_k(i^x)| / N(x)
for the one-step impulse i^x. Arrays carry any leading axes (ensemble, ...), then the level
axis B, then time T.
"""

from __future__ import annotations

import itertools
from typing import Literal

import numpy as np

from rnnbounds.numerics.validation import finite_array, checked_size

Normalisation = Literal["inf", "inf+1"]


__all__ = [
    "Normalisation", "level_grid", "level_norm", "memory_from_rates", "step_memory",
    "impulse_memory", "step_inputs", "impulse_inputs", "log_decay_rate",
]

def level_grid(d: int, magnitudes: tuple[float, ...] = (1.0,)) -> np.ndarray:
    """Step levels s * a for every sign vector s in {-1, 1}^d and magnitude a > 0: (2^d * A, d).

    For a linear functional the sup of Def 3.1 is reached at a sign vector (spec 2.2), so a
    single magnitude already gives the exact memory; more magnitudes probe a nonlinear model.
    """
    if not isinstance(d, (int, np.integer)) or d < 1 or d > 12:
        raise ValueError(f"d must be an integer in [1, 12], got {d!r}")
    mags = np.asarray(magnitudes, dtype=np.float64)
    if mags.ndim != 1 or mags.size == 0 or np.any(~np.isfinite(mags)) or np.any(mags <= 0):
        raise ValueError(f"magnitudes must be a nonempty list of positive numbers, got {magnitudes!r}")
    signs = np.array(list(itertools.product((-1.0, 1.0), repeat=d)))
    return (mags[:, None, None] * signs[None]).reshape(-1, d)


def level_norm(levels: np.ndarray, normalisation: Normalisation = "inf") -> np.ndarray:
    """N(x) for each level (B, d) -> (B,): |x|_inf or |x|_inf + 1."""
    levels = finite_array(levels, "levels")
    if levels.ndim != 2:
        raise ValueError(f"levels must have shape (B, d), got {levels.shape}")
    norm = np.max(np.abs(levels), axis=1)
    if np.any(norm == 0):
        raise ValueError("levels must be nonzero: the memory function divides by |x|_inf")
    if normalisation == "inf":
        return norm
    if normalisation == "inf+1":
        return norm + 1.0
    raise ValueError(f"normalisation must be 'inf' or 'inf+1', got {normalisation!r}")


def memory_from_rates(
    rates: np.ndarray, levels: np.ndarray, normalisation: Normalisation = "inf",
) -> np.ndarray:
    """M(t) = max_b |d/dt y_t(u^{x_b})| / N(x_b): rates (..., B, T) -> (..., T)."""
    rates = finite_array(rates, "rates")
    norm = level_norm(levels, normalisation)
    if rates.ndim < 2 or rates.shape[-2] != norm.size:
        raise ValueError(f"rates must have shape (..., B={norm.size}, T), got {rates.shape}")
    return np.max(np.abs(rates) / norm[:, None], axis=-2)


def step_memory(
    outputs: np.ndarray, levels: np.ndarray, normalisation: Normalisation = "inf",
) -> np.ndarray:
    """Discrete Heaviside memory max_b |y_k - y_{k-1}| / N(x_b) with y_{-1} = 0: (..., B, T) -> (..., T)."""
    outputs = finite_array(outputs, "outputs")
    return memory_from_rates(np.diff(outputs, axis=-1, prepend=0.0), levels, normalisation)


def impulse_memory(
    outputs: np.ndarray, levels: np.ndarray, normalisation: Normalisation = "inf",
) -> np.ndarray:
    """Discrete impulse memory max_b |y_k(i^{x_b})| / N(x_b): (..., B, T) -> (..., T) (App F, eq 119)."""
    outputs = finite_array(outputs, "outputs")
    return memory_from_rates(outputs, levels, normalisation)


def step_inputs(levels: np.ndarray, steps: int) -> np.ndarray:
    """The discrete Heaviside sequences x_k = x for k = 0..steps-1: (B, steps, d)."""
    levels = finite_array(levels, "levels", ndim=2)
    steps = checked_size(steps, "steps")
    return np.repeat(levels[:, None, :], steps, axis=1)


def impulse_inputs(levels: np.ndarray, steps: int) -> np.ndarray:
    """The discrete impulses x_0 = x, x_k = 0 for k >= 1: (B, steps, d)."""
    sequences = np.zeros_like(step_inputs(levels, steps))
    sequences[:, 0] = levels
    return sequences


def log_decay_rate(times: np.ndarray, memory: np.ndarray) -> np.ndarray:
    """Least-squares slope of log M(t) against t over the given window: (..., T) -> (...).

    A slope of -r means M(t) ~ C e^{-r t} on the window. Raises on nonpositive memory values.
    """
    times = finite_array(times, "times", ndim=1)
    memory = finite_array(memory, "memory")
    if memory.shape[-1] != times.size or times.size < 2:
        raise ValueError(f"memory must end with the time axis of length {times.size} >= 2")
    if np.any(memory <= 0):
        raise ValueError("memory must be positive on the fitting window")
    centred = times - times.mean()
    logs = np.log(memory)
    return (logs - logs.mean(axis=-1, keepdims=True)) @ centred / (centred @ centred)
