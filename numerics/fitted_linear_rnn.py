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
    transition = expm(W)
    state = np.asarray(U, dtype=np.float64)
    out = np.empty((W.shape[0], steps))
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            state = np.einsum("pij,pj->pi", transition, state)
            out[:, k] = np.einsum("pi,pi->p", c, state)
    return out


def diagonal_kernel(eigenvalues: np.ndarray, U: np.ndarray, c: np.ndarray, steps: int) -> np.ndarray:
    """rho_hat(t) = sum_i c_i U_i e^{lambda_i t} at t = 1..steps: (P, m) blocks -> (P, steps)."""
    t = np.arange(1, steps + 1, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.einsum("pi,pit->pt", c * U, np.exp(eigenvalues[:, :, None] * t))


def kernel_error(rho: np.ndarray, kernels: np.ndarray, norm: ErrorNorm = "l1") -> np.ndarray:
    """Error of batched kernels (P, T) against rho (T,) in the named norm: (P,)."""
    with np.errstate(over="ignore", invalid="ignore"):
        gap = np.abs(kernels - rho[None, :])
        if norm == "l1":
            return gap.sum(axis=1)
        if norm == "sup":
            return gap.max(axis=1)
    raise ValueError(f"norm must be 'l1' or 'sup', got {norm!r}")


def direct_error_function(rho: np.ndarray, norm: ErrorNorm = "l1"):
    """params {"W", "U", "c"} (batched) -> kernel error against rho on t = 1..len(rho)."""
    rho = np.asarray(rho, dtype=np.float64)
    return lambda p: kernel_error(rho, matrix_kernel(p["W"], p["U"], p["c"], rho.size), norm)


def reparameterized_error_function(rho: np.ndarray, g: Reparameterization, norm: ErrorNorm = "l1"):
    """params {"w", "U", "c"} (batched) -> kernel error of W = diag(g(w)) against rho."""
    rho = np.asarray(rho, dtype=np.float64)
    return lambda p: kernel_error(rho, diagonal_kernel(g(p["w"]), p["U"], p["c"], rho.size), norm)
