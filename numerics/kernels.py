"""Memory kernels rho(t) of linear functionals H_t(x) = int_0^inf rho(s)^T x_{t-s} ds.

Each function maps a time grid t of shape (T,) to rho(t) of shape (T,) (scalar input) or, given
a direction vector of shape (d,), to shape (T, d): rho(t) = k(t) * direction.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.validation import finite_array, finite_scalar


__all__ = ["exponential", "polynomial", "sum_of_exponentials"]

def _times(t: np.ndarray) -> np.ndarray:
    times = finite_array(t, "t")
    if times.ndim != 1 or np.any(times < 0):
        raise ValueError("t must be a one-dimensional grid of finite times >= 0")
    return times


def _directed(k: np.ndarray, direction: np.ndarray | None) -> np.ndarray:
    if direction is None:
        return k
    vector = finite_array(direction, "direction")
    if vector.ndim != 1:
        raise ValueError("direction must be a vector of shape (d,)")
    return k[:, None] * vector[None, :]


def exponential(t: np.ndarray, rate: float, direction: np.ndarray | None = None) -> np.ndarray:
    """rho(t) = e^{-rate t}; rate = -ln 0.9 gives the discrete kernel 0.9^t."""
    rate = finite_scalar(rate, "rate", positive=True)
    return _directed(np.exp(-rate * _times(t)), direction)


def polynomial(t: np.ndarray, power: float, scale: float = 1.0, direction: np.ndarray | None = None) -> np.ndarray:
    """rho(t) = (1 + scale t)^{-power}: (1+t)^-1.1, (1+t)^-1.5, or (1 + 0.1 t)^-1.1 with scale 0.1."""
    power = finite_scalar(power, "power", positive=True)
    scale = finite_scalar(scale, "scale", positive=True)
    return _directed((1.0 + scale * _times(t)) ** (-power), direction)


def sum_of_exponentials(t: np.ndarray, rates: np.ndarray, coefficients: np.ndarray,
                        direction: np.ndarray | None = None) -> np.ndarray:
    """rho(t) = sum_i c_i e^{-lambda_i t}, the kernel of a diagonal linear RNN."""
    lam = finite_array(rates, "rates")
    c = finite_array(coefficients, "coefficients")
    if lam.shape != c.shape or lam.ndim != 1 or np.any(lam <= 0):
        raise ValueError("rates and coefficients must be vectors of one length, with rates > 0")
    return _directed(np.exp(-np.outer(_times(t), lam)) @ c, direction)
