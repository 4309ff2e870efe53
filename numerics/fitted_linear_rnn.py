"""Linear RNNs that realise an exponential fit, and their kernel error under perturbation.

A fit rho(t) ~ sum_i c_i e^{-lambda_i t} is the kernel c^T e^{W t} U of the linear RNN with
W = -diag(lambda), U = 1, readout c (Wang, Li & Li 2024, Fig 1 / Fig 4 set-up). The error of a
model with kernel rho_hat against a linear target is measured on the integer grid t = 1..T as

    "l1":  sum_t |rho(t) - rho_hat(t)|   (the operator norm sup_t ||H_t - H^_t|| of the discrete
                                          convolution functional, spec 2.1), or
    "sup": max_t |rho(t) - rho_hat(t)|.

Error functions take batched parameter blocks (P, ...) so that a perturbation search costs one
vectorised call: {"W": (P,m,m), "U": (P,m), "c": (P,m)} for the direct parameterization, and
{"w": (P,m), "U": (P,m), "c": (P,m)} for a diagonal reparameterization W = diag(g(w)).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.linalg import expm

from .exponential_fit import ExponentialFit
from .reparameterization import Reparameterization
from .validation import finite_array, checked_size

__all__ = [
    "ErrorNorm", "direct_realisation", "reparameterized_realisation", "matrix_kernel",
    "diagonal_kernel", "kernel_error", "direct_error_function", "reparameterized_error_function",
]

ErrorNorm = Literal["l1", "sup"]


def direct_realisation(fit: ExponentialFit) -> dict[str, np.ndarray]:
    """theta = (W, U, c) = (-diag(lambda), 1, c) realising the fit exactly."""
    m = fit.rates.size
    return {"W": -np.diag(fit.rates), "U": np.ones(m), "c": fit.coefficients.copy()}


def reparameterized_realisation(fit: ExponentialFit, g: Reparameterization) -> dict[str, np.ndarray]:
    """theta = (w, U, c) with g(w) = -lambda: the same kernel, in raw coordinates."""
    if g.time != "continuous":
        raise ValueError(f"a continuous-time map is needed, got {g.name!r} ({g.time})")
    m = fit.rates.size
    return {"w": g.inverse(-fit.rates), "U": np.ones(m), "c": fit.coefficients.copy()}


def matrix_kernel(W: np.ndarray, U: np.ndarray, c: np.ndarray, steps: int) -> np.ndarray:
    """rho_hat(t) = c^T e^{W t} U at t = 1..steps for a batch: W (P,m,m), U, c (P,m) -> (P, steps).

    Uses powers of A = e^W (one batched expm), so the cost is `steps` batched mat-vecs.
    """
    W, U, c = finite_array(W, "W", ndim=3), finite_array(U, "U", ndim=2), finite_array(c, "c", ndim=2)
    steps = checked_size(steps, "steps")
    transition = expm(W)
    state = U
    out = np.empty((W.shape[0], steps))
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            state = np.einsum("pij,pj->pi", transition, state)
            out[:, k] = np.einsum("pi,pi->p", c, state)
    return out


def diagonal_kernel(eigenvalues: np.ndarray, U: np.ndarray, c: np.ndarray, steps: int) -> np.ndarray:
    """rho_hat(t) = sum_i c_i U_i e^{lambda_i t} at t = 1..steps: (P, m) blocks -> (P, steps)."""
    eigenvalues = finite_array(eigenvalues, "eigenvalues", ndim=2)
    U, c = finite_array(U, "U", ndim=2), finite_array(c, "c", ndim=2)
    t = np.arange(1, checked_size(steps, "steps") + 1, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.einsum("pi,pit->pt", c * U, np.exp(eigenvalues[:, :, None] * t))


def kernel_error(rho: np.ndarray, kernels: np.ndarray, norm: ErrorNorm = "l1") -> np.ndarray:
    """Error of batched kernels (P, T) against rho (T,) in the named norm: (P,).

    "l1" sums |rho(t) - rho_hat(t)| over t = 1..T (a sum, not a mean); "sup" takes the max. A kernel
    that diverged (an entry inf or NaN, e.g. after a destabilising perturbation) has error +inf.
    """
    rho = finite_array(rho, "rho", ndim=1)
    kernels = np.asarray(kernels, dtype=np.float64)
    if kernels.ndim != 2 or kernels.shape[1] != rho.size or kernels.shape[0] == 0:
        raise ValueError(f"kernels must have shape (P >= 1, T={rho.size}), got {kernels.shape}")
    if norm not in ("l1", "sup"):
        raise ValueError(f"norm must be 'l1' or 'sup', got {norm!r}")
    with np.errstate(over="ignore", invalid="ignore"):
        gap = np.abs(kernels - rho[None, :])
        error = gap.sum(axis=1) if norm == "l1" else gap.max(axis=1)
    return np.where(np.isfinite(kernels).all(axis=1) & np.isfinite(error), error, np.inf)


def direct_error_function(rho: np.ndarray, norm: ErrorNorm = "l1"):
    """params {"W", "U", "c"} (batched) -> kernel error against rho on t = 1..len(rho)."""
    rho = finite_array(rho, "rho", ndim=1)
    return lambda p: kernel_error(rho, matrix_kernel(p["W"], p["U"], p["c"], rho.size), norm)


def reparameterized_error_function(rho: np.ndarray, g: Reparameterization, norm: ErrorNorm = "l1"):
    """params {"w", "U", "c"} (batched) -> kernel error of W = diag(g(w)) against rho."""
    rho = finite_array(rho, "rho", ndim=1)
    return lambda p: kernel_error(rho, diagonal_kernel(g(p["w"]), p["U"], p["c"], rho.size), norm)
