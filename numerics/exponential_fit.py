"""Best m-term exponential fits with free rates, by variable projection.

Given samples rho(t_k) of a kernel on a grid t_1 < ... < t_K, find rates lambda_i > 0 and
coefficients c_i minimising the least-squares residual

    sum_k ( sum_{i=1}^m c_i exp(-lambda_i t_k) - rho(t_k) )^2 .

For fixed rates the coefficients solve a linear least-squares problem, so only the rates are
searched (Golub-Pereyra variable projection, Kaufman's Jacobian), in log space
theta_i = log lambda_i so that rates stay positive. Starts come from a continuation in m (the
(m-1)-term fit plus one new rate placed below, between and above the old ones) and from random
log-uniform draws. A linear RNN with diagonal W = -diag(lambda) realises exactly these fits,
which is the mechanism behind the curse of memory (Wang, Li & Li 2024, Fig 1; spec P6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = ["ExponentialFit", "fit_exponential_sum", "fit_exponential_sums", "LOG_RATE_MIN", "LOG_RATE_MAX"]

LOG_RATE_MIN = np.log(1e-7)
LOG_RATE_MAX = np.log(1e2)


@dataclass(frozen=True)
class ExponentialFit:
    """rho(t) ~ sum_i c_i exp(-lambda_i t), rates sorted ascending.

    rates: (m,) positive decay rates lambda_i; coefficients: (m,) c_i;
    max_error: max_k |fit(t_k) - rho(t_k)| on the fitting grid.
    """

    rates: np.ndarray
    coefficients: np.ndarray
    max_error: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "rates", finite_array(self.rates, "rates", ndim=1))
        object.__setattr__(self, "coefficients", finite_array(self.coefficients, "coefficients", ndim=1))
        if self.rates.shape != self.coefficients.shape:
            raise ValueError(f"rates and coefficients must share a shape, got {self.rates.shape}, "
                             f"{self.coefficients.shape}")
        object.__setattr__(self, "max_error", finite_scalar(self.max_error, "max_error", nonnegative=True))

    def __call__(self, t: np.ndarray) -> np.ndarray:
        """The fit sum_i c_i exp(-lambda_i t), broadcast over any shape of t."""
        t = finite_array(t, "t", allow_empty=True)
        return np.exp(-np.multiply.outer(t, self.rates)) @ self.coefficients

    def active_min_rate(self, tol: float = 1e-8) -> float:
        """min lambda_i over the modes with |c_i| > tol * max_j |c_j| (the fit's spectral gap)."""
        tol = finite_scalar(tol, "tol", nonnegative=True)
        scale = np.max(np.abs(self.coefficients))
        if scale == 0.0:
            return float("inf")
        return float(np.min(self.rates[np.abs(self.coefficients) > tol * scale]))


def fit_exponential_sum(
    t: np.ndarray, rho: np.ndarray, m: int, *, rng: np.random.Generator | None = None,
) -> ExponentialFit:
    """Best m-term exponential fit of rho on the grid t (least squares, free rates).

    t: (K,) grid of nonnegative times; rho: (K,) kernel values; m >= 1 with m <= K.
    The search runs the continuation m' = 1, ..., m and keeps, at every m', the best of the
    continuation starts and a few random starts drawn from rng (default seed 0).
    """
    return fit_exponential_sums(t, rho, [m], rng=rng)[0]


def fit_exponential_sums(
    t: np.ndarray, rho: np.ndarray, widths: list[int], *, rng: np.random.Generator | None = None,
) -> list[ExponentialFit]:
    """The best fits for several widths from one continuation run (same fits as one at a time)."""
    if len(widths) == 0:
        raise ValueError("widths must name at least one width")
    for m in widths:
        t, rho = _validated(t, rho, m)
    rng = np.random.default_rng(0) if rng is None else rng
    best: np.ndarray | None = None
    fits: dict[int, ExponentialFit] = {}
    for width in range(1, max(widths) + 1):
        starts = _continuation_starts(best, t) + _random_starts(width, t, rng, count=3)
        best = min((_refine(s, t, rho) for s in starts), key=lambda th: _residual_norm(th, t, rho))
        if width in widths:
            fits[width] = _fit_from_log_rates(best, t, rho)
    return [fits[m] for m in widths]


def _validated(t: np.ndarray, rho: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    t, rho = finite_array(t, "t"), finite_array(rho, "rho")
    if t.ndim != 1 or t.size < 2:
        raise ValueError(f"t must be a 1-d grid with at least 2 points, got shape {t.shape}")
    if rho.shape != t.shape:
        raise ValueError(f"rho must have the shape of t {t.shape}, got {rho.shape}")
    if np.any(t < 0) or np.any(np.diff(t) <= 0):
        raise ValueError("t must be nonnegative and strictly increasing")
    if not isinstance(m, (int, np.integer)) or m < 1 or m > t.size:
        raise ValueError(f"m (each of widths) must be an integer in [1, len(t)={t.size}], got {m!r}")
    return t, rho


def _basis(log_rates: np.ndarray, t: np.ndarray) -> np.ndarray:
    """A[k, i] = exp(-lambda_i t_k), shape (K, m)."""
    return np.exp(-np.outer(t, np.exp(log_rates)))


def _coefficients(basis: np.ndarray, rho: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(basis, rho, rcond=None)[0]


def _projected_residual(log_rates: np.ndarray, t: np.ndarray, rho: np.ndarray) -> np.ndarray:
    basis = _basis(log_rates, t)
    return basis @ _coefficients(basis, rho) - rho


def _residual_norm(log_rates: np.ndarray, t: np.ndarray, rho: np.ndarray) -> float:
    return float(np.linalg.norm(_projected_residual(log_rates, t, rho)))


def _kaufman_jacobian(log_rates: np.ndarray, t: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """d r / d theta_i ~ (I - P_A) dA/dtheta_i c, with dA/dtheta_i = -lambda_i t exp(-lambda_i t)."""
    basis = _basis(log_rates, t)
    coeffs = _coefficients(basis, rho)
    d_basis = -np.outer(t, np.exp(log_rates)) * basis * coeffs
    q, _ = np.linalg.qr(basis)
    return d_basis - q @ (q.T @ d_basis)


def _refine(start: np.ndarray, t: np.ndarray, rho: np.ndarray) -> np.ndarray:
    start = np.clip(np.sort(start), LOG_RATE_MIN + 1e-9, LOG_RATE_MAX - 1e-9)
    result = least_squares(
        _projected_residual, start, jac=_kaufman_jacobian, args=(t, rho),
        bounds=(LOG_RATE_MIN, LOG_RATE_MAX), method="trf", xtol=1e-15, ftol=1e-15, gtol=1e-15,
        max_nfev=400,
    )
    return np.sort(result.x)


def _continuation_starts(previous: np.ndarray | None, t: np.ndarray) -> list[np.ndarray]:
    """The (m-1)-term log rates plus one new rate below, between each pair, and above."""
    if previous is None:
        return [np.array([-np.log(np.mean(t))])]
    edges = np.concatenate([[previous[0] - 1.5], previous, [previous[-1] + 1.5]])
    new_rates = 0.5 * (edges[:-1] + edges[1:])
    new_rates[0], new_rates[-1] = previous[0] - 1.5, previous[-1] + 1.5
    return [np.sort(np.append(previous, r)) for r in new_rates]


def _random_starts(m: int, t: np.ndarray, rng: np.random.Generator, count: int) -> list[np.ndarray]:
    """Log-uniform rates between 1/(10 t_max) and 10/t_min (t_min floored at the grid step)."""
    t_small = max(float(t[0]), float(np.min(np.diff(t))))
    low, high = np.log(0.1 / t[-1]), np.log(10.0 / t_small)
    return [np.sort(rng.uniform(low, high, size=m)) for _ in range(count)]


def _fit_from_log_rates(log_rates: np.ndarray, t: np.ndarray, rho: np.ndarray) -> ExponentialFit:
    basis = _basis(log_rates, t)
    coeffs = _coefficients(basis, rho)
    error = float(np.max(np.abs(basis @ coeffs - rho)))
    order = np.argsort(log_rates)
    return ExponentialFit(np.exp(log_rates[order]), coeffs[order], error)
