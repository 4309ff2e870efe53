"""Causal convolution of input sequences with a memory kernel, by FFT.

Discrete form of H_t(x) = int_0^inf rho(s)^T x_{t-s} ds on a grid of step dt:

    y_k = dt * sum_{j=0}^{k} rho_j^T x_{k-j},     rho: (T, d),  x: (..., T, d)  ->  y: (..., T).
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.validation import finite_array, finite_scalar
from scipy.signal import fftconvolve


__all__ = ["causal_convolution", "direct_causal_convolution"]

def _checked(kernel: np.ndarray, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rho = finite_array(kernel, "kernel")
    x = finite_array(inputs, "inputs")
    rho = rho[:, None] if rho.ndim == 1 else rho
    x = x[..., None] if x.ndim >= 1 and rho.shape[1] == 1 and x.shape[-1] != 1 else x
    if rho.ndim != 2 or x.ndim < 2 or x.shape[-1] != rho.shape[1]:
        raise ValueError(f"kernel must be (T, d) and inputs (..., T, d); got {rho.shape} and {np.shape(inputs)}")
    if x.shape[-2] > rho.shape[0]:
        raise ValueError(f"the kernel covers {rho.shape[0]} steps but the inputs have {x.shape[-2]}")
    return rho, x


def causal_convolution(kernel: np.ndarray, inputs: np.ndarray, dt: float = 1.0) -> np.ndarray:
    """y_k = dt sum_{j<=k} rho_j^T x_{k-j}, batched over the leading axes of ``inputs``, via FFT."""
    rho, x = _checked(kernel, inputs)
    dt = finite_scalar(dt, "dt", positive=True)
    steps = x.shape[-2]
    shape = (1,) * (x.ndim - 2) + rho[:steps].shape
    full = fftconvolve(x, rho[:steps].reshape(shape), axes=-2)
    return dt * full[..., :steps, :].sum(axis=-1)


def direct_causal_convolution(kernel: np.ndarray, inputs: np.ndarray, dt: float = 1.0) -> np.ndarray:
    """The same sum computed directly in O(T^2): the reference the FFT path is tested against."""
    rho, x = _checked(kernel, inputs)
    dt = finite_scalar(dt, "dt", positive=True)
    steps = x.shape[-2]
    y = np.zeros(x.shape[:-1])
    for k in range(steps):
        y[..., k] = np.einsum("jd,...jd->...", rho[: k + 1], x[..., k::-1, :])
    return dt * y
