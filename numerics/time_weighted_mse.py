"""The repository's time-weighted mean squared error (radarFudan/Curse-of-memory twe_MSE, p = 2).

For outputs over T steps the weights are

    omega_i = ((i + 1) / (T + 1))^2,  i = 0..T-1,  rescaled so that sum_i omega_i = T,

and the loss multiplies the error before squaring, so the weights act squared:

    L = mean_{b, i} (omega_i (y^_{b,i} - y_{b,i}))^2.

Late steps (long memory) count up to ((T / (T + 1)) / (1 / (T + 1)))^4 = T^4 times more than the
first. Worked example, T = 2: raw weights 1/9, 4/9 (sum 5/9), rescaled to 2/5, 8/5.
"""

from __future__ import annotations

import numpy as np

from .validation import checked_size, finite_array

__all__ = ["time_weights", "time_weighted_mse", "time_weighted_mse_and_gradient"]


def time_weights(steps: int) -> np.ndarray:
    """omega_i = ((i + 1) / (T + 1))^2 rescaled to sum to T: shape (T,)."""
    steps = checked_size(steps, "steps")
    raw = (np.arange(1, steps + 1, dtype=np.float64) / (steps + 1)) ** 2
    return raw * (steps / raw.sum())


def _residual(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    y_hat, y = finite_array(y_hat, "y_hat"), finite_array(y, "y")
    if y_hat.ndim != 2:
        raise ValueError(f"y_hat must have shape (N, T), got {y_hat.shape}")
    if y.shape != y_hat.shape:
        raise ValueError(f"y must have the shape of y_hat {y_hat.shape}, got {y.shape}")
    return y_hat - y


def time_weighted_mse(y_hat: np.ndarray, y: np.ndarray) -> float:
    """L = mean_{b,i} (omega_i (y^_{b,i} - y_{b,i}))^2 for (N, T) arrays."""
    residual = _residual(y_hat, y)
    return float(np.mean((time_weights(residual.shape[1]) * residual) ** 2))


def time_weighted_mse_and_gradient(y_hat: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """The loss and dL/dy^ = 2 omega_i^2 (y^ - y) / (N T): shape (N, T)."""
    residual = _residual(y_hat, y)
    omega2 = time_weights(residual.shape[1]) ** 2
    return float(np.mean(omega2 * residual**2)), 2.0 * omega2 * residual / residual.size
