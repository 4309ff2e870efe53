"""Diagonal linear RNNs fitted to a kernel: reached by training, or on a fixed grid of rates.

A continuous-time linear RNN with diagonal W = -diag(lambda), input weights U and readout c
has the kernel (memory function, sampled on a grid t_1 < ... < t_K)

    rho_hat(t) = sum_i c_i U_i exp(-lambda_i t).

Two ways of choosing it, beside the free-rate fits of ``exponential_fit``:

- ``train_linear_rnn``: Adam on the least-squares loss
      L = (1 / 2K) sum_k (rho_hat(t_k) - rho(t_k))^2
  over (theta, U, c) with lambda = exp(theta) (log-rate coordinates keep W Hurwitz during
  training), from a seeded random start; batched over an ensemble axis of independent models.
  The gradient is exact (``kernel_loss_gradient``):
      dL/dc_i = (1/K) sum_k r_k U_i e_ik,   dL/dU_i = (1/K) sum_k r_k c_i e_ik,
      dL/dtheta_i = -(1/K) sum_k r_k c_i U_i lambda_i t_k e_ik,
  with r_k = rho_hat(t_k) - rho(t_k) and e_ik = exp(-lambda_i t_k).
- ``fixed_basis_fit``: the rates are fixed on a grid and only c is fitted by linear least
  squares (U = 1): regression of rho(-ln s) on the functions s^lambda_i of s = e^{-t}.

``eigen_matrix_kernel`` gives the kernel c^T e^{W t} U of a batch of general (perturbed) W by
eigendecomposition, W = V diag(mu) V^{-1}: rho_hat(t) = Re sum_i (c^T V)_i (V^{-1} U)_i e^{mu_i t}, and falls
back to powers of expm(W) where V is ill-conditioned. ``discrete_diagonal_kernel`` gives the kernel sum_i c_i U_i a_i^t of a discrete-time diagonal
RNN with eigenvalue moduli a_i (the form of a discrete reparameterization such as 1 - 1/w).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbounds.numerics.fitted_linear_rnn import matrix_kernel
from rnnbounds.numerics.validation import checked_size, finite_array, finite_scalar

__all__ = [
    "TrainedLinearRNN", "diagonal_kernels", "kernel_loss", "kernel_loss_gradient", "train_linear_rnn",
    "geometric_rate_grid", "fixed_basis_fit", "discrete_diagonal_kernel", "eigen_matrix_kernel",
]

#: random start: rates log-uniform on [INIT_RATE_LOW, INIT_RATE_HIGH], U ~ N(0, 1), c ~ N(0, 1) / m
INIT_RATE_LOW, INIT_RATE_HIGH = 1e-2, 1.0


@dataclass(frozen=True)
class TrainedLinearRNN:
    """An ensemble of trained diagonal linear RNNs: rates, U, c of shape (P, m); loss (P,) at the end."""

    rates: np.ndarray
    inputs: np.ndarray
    readout: np.ndarray
    loss: np.ndarray
    max_error: np.ndarray

    def kernel(self, t: np.ndarray) -> np.ndarray:
        """rho_hat at the times t (K,): (P, K)."""
        return diagonal_kernels(np.log(self.rates), self.inputs, self.readout, t)


def _blocks(log_rates, U, c) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    log_rates = finite_array(log_rates, "log_rates", ndim=2)
    U, c = finite_array(U, "U", ndim=2), finite_array(c, "c", ndim=2)
    if U.shape != log_rates.shape or c.shape != log_rates.shape:
        raise ValueError(f"log_rates, U and c must share a shape (P, m), got {log_rates.shape}, {U.shape}, {c.shape}")
    return log_rates, U, c


def _grid(t, rho=None) -> tuple[np.ndarray, np.ndarray | None]:
    t = finite_array(t, "t", ndim=1)
    if np.any(t < 0) or np.any(np.diff(t) <= 0):
        raise ValueError("t must be nonnegative and strictly increasing")
    if rho is None:
        return t, None
    rho = finite_array(rho, "rho", ndim=1)
    if rho.shape != t.shape:
        raise ValueError(f"rho must have the shape of t {t.shape}, got {rho.shape}")
    return t, rho


def _modes(log_rates: np.ndarray, t: np.ndarray) -> np.ndarray:
    """e[p, i, k] = exp(-lambda_pi t_k)."""
    return np.exp(-np.exp(log_rates)[:, :, None] * t[None, None, :])


def diagonal_kernels(log_rates, U, c, t) -> np.ndarray:
    """rho_hat(t_k) = sum_i c_i U_i exp(-exp(theta_i) t_k) for blocks (P, m): (P, K)."""
    log_rates, U, c = _blocks(log_rates, U, c)
    t, _ = _grid(t)
    return np.einsum("pi,pik->pk", c * U, _modes(log_rates, t))


def kernel_loss(log_rates, U, c, t, rho) -> np.ndarray:
    """L = (1/2K) sum_k (rho_hat(t_k) - rho(t_k))^2 per model: (P,)."""
    t, rho = _grid(t, rho)
    residual = diagonal_kernels(log_rates, U, c, t) - rho[None, :]
    return 0.5 * np.mean(residual**2, axis=1)


def kernel_loss_gradient(log_rates, U, c, t, rho) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The loss (P,) and its exact gradient in theta = log lambda, U and c (each (P, m))."""
    log_rates, U, c = _blocks(log_rates, U, c)
    t, rho = _grid(t, rho)
    modes = _modes(log_rates, t)
    residual = np.einsum("pi,pik->pk", c * U, modes) - rho[None, :]
    weighted = np.einsum("pk,pik->pi", residual, modes) / t.size          # (1/K) sum_k r_k e_ik
    timed = np.einsum("pk,pik->pi", residual * t[None, :], modes) / t.size  # (1/K) sum_k r_k t_k e_ik
    grads = {"log_rates": -c * U * np.exp(log_rates) * timed, "U": c * weighted, "c": U * weighted}
    return 0.5 * np.mean(residual**2, axis=1), grads


def train_linear_rnn(
    t, rho, m: int, rng: np.random.Generator, *, ensemble: int = 1, steps: int = 4000,
    learning_rate: float = 1e-2, stop_error: float | None = None,
) -> TrainedLinearRNN:
    """Adam (beta1 0.9, beta2 0.999, eps 1e-8, constant rate) on L from a seeded random start.

    Start: rates log-uniform on [1e-2, 1], U ~ N(0, 1), c ~ N(0, 1) / m; every model of the
    ensemble has its own start. Returns the models after ``steps`` full-batch steps, or earlier,
    as soon as every model's max_k |rho_hat - rho| is at most ``stop_error`` (early stopping).
    """
    t, rho = _grid(t, rho)
    m, ensemble, steps = checked_size(m, "m"), checked_size(ensemble, "ensemble"), checked_size(steps, "steps")
    learning_rate = finite_scalar(learning_rate, "learning_rate", positive=True)
    if stop_error is not None:
        stop_error = finite_scalar(stop_error, "stop_error", positive=True)
    params = {"log_rates": rng.uniform(np.log(INIT_RATE_LOW), np.log(INIT_RATE_HIGH), (ensemble, m)),
              "U": rng.standard_normal((ensemble, m)), "c": rng.standard_normal((ensemble, m)) / m}
    first = {k: np.zeros_like(v) for k, v in params.items()}
    second = {k: np.zeros_like(v) for k, v in params.items()}
    for step in range(1, steps + 1):
        if stop_error is not None and _max_error(params, t, rho).max() <= stop_error:
            break
        _, grads = kernel_loss_gradient(params["log_rates"], params["U"], params["c"], t, rho)
        for k, g in grads.items():
            first[k] = 0.9 * first[k] + 0.1 * g
            second[k] = 0.999 * second[k] + 0.001 * g * g
            update = (first[k] / (1 - 0.9**step)) / (np.sqrt(second[k] / (1 - 0.999**step)) + 1e-8)
            params[k] = params[k] - learning_rate * update
    loss = kernel_loss(params["log_rates"], params["U"], params["c"], t, rho)
    return TrainedLinearRNN(np.exp(params["log_rates"]), params["U"], params["c"], loss, _max_error(params, t, rho))


def _max_error(params: dict[str, np.ndarray], t: np.ndarray, rho: np.ndarray) -> np.ndarray:
    return np.max(np.abs(diagonal_kernels(params["log_rates"], params["U"], params["c"], t) - rho), axis=1)


def geometric_rate_grid(m: int, low: float, high: float) -> np.ndarray:
    """m rates low * (high/low)^{(i-1)/(m-1)}, i = 1..m (just ``low`` when m = 1)."""
    m = checked_size(m, "m")
    low, high = finite_scalar(low, "low", positive=True), finite_scalar(high, "high", positive=True)
    if high <= low:
        raise ValueError(f"high must exceed low, got low={low!r}, high={high!r}")
    return np.array([low]) if m == 1 else low * (high / low) ** (np.arange(m) / (m - 1))


def fixed_basis_fit(t, rho, rates) -> tuple[np.ndarray, float]:
    """Least-squares c for rho(t_k) ~ sum_i c_i exp(-lambda_i t_k) with the rates fixed: (c (m,), max error)."""
    t, rho = _grid(t, rho)
    rates = finite_array(rates, "rates", ndim=1)
    if np.any(rates <= 0):
        raise ValueError("rates must be positive (a Hurwitz W)")
    basis = np.exp(-np.outer(t, rates))
    coefficients = np.linalg.lstsq(basis, rho, rcond=None)[0]
    return coefficients, float(np.max(np.abs(basis @ coefficients - rho)))


def discrete_diagonal_kernel(moduli, U, c, steps: int) -> np.ndarray:
    """sum_i c_i U_i a_i^t at t = 1..steps for blocks (P, m): (P, steps); |a_i| > 1 may overflow to inf."""
    moduli, U, c = finite_array(moduli, "moduli", ndim=2), finite_array(U, "U", ndim=2), finite_array(c, "c", ndim=2)
    t = np.arange(1, checked_size(steps, "steps") + 1, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.einsum("pi,pit->pt", c * U, np.power(moduli[:, :, None], t[None, None, :]))


#: a kernel value this large counts as overflow (+inf), as powers of expm(W) overflow there
OVERFLOW = 1e300
#: eigenvector condition number above which ``eigen_matrix_kernel`` uses expm powers instead
EIGEN_CONDITION_LIMIT = 1e6


def eigen_matrix_kernel(W, U, c, steps: int) -> np.ndarray:
    """rho_hat(t) = c^T e^{W t} U at t = 1..steps: W (P, m, m), U, c (P, m) -> (P, steps); inf where it overflows.

    The same numbers as ``fitted_linear_rnn.matrix_kernel`` (to ~cond(V) * 1e-16 relative) at a
    fraction of the cost; batches whose eigenvector matrix has condition number above 1e6 go to it.
    """
    W, U, c = finite_array(W, "W", ndim=3), finite_array(U, "U", ndim=2), finite_array(c, "c", ndim=2)
    steps = checked_size(steps, "steps")
    mu, V = np.linalg.eig(W)
    condition = np.linalg.cond(V)
    good = np.isfinite(condition) & (condition <= EIGEN_CONDITION_LIMIT)
    out = np.empty((W.shape[0], steps))
    t = np.arange(1, steps + 1, dtype=np.float64)
    if np.any(good):
        left = np.einsum("pi,pij->pj", c[good].astype(complex), V[good])
        right = np.linalg.solve(V[good], U[good].astype(complex)[:, :, None])[:, :, 0]
        with np.errstate(over="ignore", invalid="ignore"):
            values = np.einsum("pi,pit->pt", left * right, np.exp(mu[good][:, :, None] * t[None, None, :])).real
        out[good] = np.where(np.isfinite(values) & (np.abs(values) < OVERFLOW), values, np.inf)
    if not np.all(good):
        out[~good] = matrix_kernel(W[~good], U[~good], c[~good], steps)
    return out
