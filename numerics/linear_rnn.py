"""Linear RNNs in continuous and discrete time, with their exact memory kernels.

Continuous:  dh/dt = W h + U x,  y = c^T h,  kernel rho(s) = (c^T e^{W s} U)^T in R^d.
Discrete:    h_{k+1} = W h_k + U x_k,  y_k = c^T h_k,  kernel rho_k = (c^T W^{k-1} U)^T, k >= 1.

Parameters may carry a leading ensemble axis E: W (E, m, m), U (E, m, d), c (E, m).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
from scipy.linalg import expm

from rnnbounds.numerics.finite import check_finite
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = ["LinearRNN", "random_hurwitz"]


@dataclass(frozen=True)
class LinearRNN:
    """W (..., m, m), U (..., m, d), c (..., m); leading axes are an ensemble of networks."""

    W: np.ndarray
    U: np.ndarray
    c: np.ndarray

    def __post_init__(self) -> None:
        W, U, c = (finite_array(a, name) for a, name in ((self.W, "W"), (self.U, "U"), (self.c, "c")))
        m = W.shape[-1]
        if W.ndim < 2 or U.ndim < 2 or W.shape[-2:] != (m, m) or U.shape[-2] != m or c.shape[-1] != m:
            raise ValueError(f"shapes do not fit: W {W.shape}, U {U.shape}, c {c.shape}")
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "U", U)
        object.__setattr__(self, "c", c)

    @property
    def input_dim(self) -> int:
        return self.U.shape[-1]

    def spectral_abscissa(self) -> np.ndarray:
        """max_i Re lambda_i(W), per network."""
        return np.linalg.eigvals(self.W).real.max(axis=-1)

    def kernel(self, t: np.ndarray) -> np.ndarray:
        """rho(t) = (c^T e^{W t} U)^T, shape (..., T, d), by the matrix exponential at each t."""
        times = finite_array(t, "t", ndim=1)
        with np.errstate(over="ignore", invalid="ignore"):
            flows = expm(self.W[..., None, :, :] * times[:, None, None])      # (..., T, m, m)
            kernel = np.einsum("...m,...tmn,...nd->...td", self.c, flows, self.U)
        check_finite(kernel, where="kernel c^T e^{Wt} U", time_axis=-2)
        return kernel

    def memory(self, t: np.ndarray) -> np.ndarray:
        """The exact memory function M(t) = |rho(t)|_1, shape (..., T)."""
        return np.abs(self.kernel(t)).sum(axis=-1)

    def heaviside_states(self, level: np.ndarray, t: np.ndarray) -> np.ndarray:
        """h_t under the step input u_t = level 1[t >= 0], h_0 = 0, on a uniform grid t_k = k dt.

        Integrated exactly for piecewise-constant inputs (zero-order hold):
        h_{k+1} = e^{W dt} h_k + (int_0^dt e^{W s} ds) U level. Returns (..., T, m).
        """
        times = finite_array(t, "t")
        level = finite_array(level, "level", ndim=1)
        if level.shape != (self.input_dim,):
            raise ValueError(f"level must have shape ({self.input_dim},), got {level.shape}")
        dt = _uniform_step(times)
        flow, integral = _zero_order_hold(self.W, dt)
        drive = np.einsum("...mn,...nd,...d->...m", integral, self.U, level)
        states = np.zeros(self.W.shape[:-2] + (times.size, self.W.shape[-1]))
        for k in range(1, times.size):
            states[..., k, :] = np.einsum("...mn,...n->...m", flow, states[..., k - 1, :]) + drive
            check_finite(states[..., k, :], where="hidden state h_t", step=k)
        return states

    def heaviside_memory(self, t: np.ndarray) -> np.ndarray:
        """M(t) = max over x in {-1, 1}^d of |d/dt c^T h_t(u^x)|, with d/dt h = W h + U x read off the
        simulated state (the sup over |x|_inf <= 1 of a linear function sits at a vertex)."""
        t = finite_array(t, "t")
        best = np.zeros(self.W.shape[:-2] + (np.size(t),))
        for signs in product((-1.0, 1.0), repeat=self.input_dim):
            x = np.array(signs)
            h = self.heaviside_states(x, t)
            rate = np.einsum("...m,...tm->...t", self.c,
                             np.einsum("...mn,...tn->...tm", self.W, h) + (self.U @ x)[..., None, :])
            best = np.maximum(best, np.abs(rate))
        return best

    def discrete_kernel(self, steps: int) -> np.ndarray:
        """rho_k = (c^T W^{k-1} U)^T for k = 1..steps, shape (..., steps, d)."""
        steps = checked_size(steps, "steps")
        rows, current = [], self.U
        for k in range(1, steps + 1):
            rows.append(np.einsum("...m,...md->...d", self.c, current))
            check_finite(rows[-1], where="discrete kernel c^T W^(k-1) U", step=k)
            with np.errstate(over="ignore", invalid="ignore"):
                current = self.W @ current
        return np.stack(rows, axis=-2)


def _uniform_step(times: np.ndarray) -> float:
    if times.ndim != 1 or times.size < 2 or times[0] != 0:
        raise ValueError("t must be a uniform grid starting at 0 with at least two points")
    steps = np.diff(times)
    if not np.allclose(steps, steps[0], rtol=1e-12, atol=0) or steps[0] <= 0:
        raise ValueError("t must be uniformly spaced with a positive step")
    return float(steps[0])


def _zero_order_hold(W: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """(e^{W dt}, int_0^dt e^{W s} ds) from one exponential of the block matrix [[W, I], [0, 0]] dt."""
    m = W.shape[-1]
    block = np.zeros(W.shape[:-2] + (2 * m, 2 * m))
    block[..., :m, :m] = W * dt
    block[..., :m, m:] = np.eye(m) * dt
    with np.errstate(over="ignore", invalid="ignore"):
        exponential = expm(block)  # an overflow shows up as inf in the first simulated state
    return exponential[..., :m, :m], exponential[..., :m, m:]


def random_hurwitz(rng: np.random.Generator, m: int, margin: float = 0.1, ensemble: tuple[int, ...] = ()) -> np.ndarray:
    """Random W (ensemble..., m, m) with spectral abscissa exactly -margin: A - (s(A) + margin) I."""
    m = checked_size(m, "m")
    margin = finite_scalar(margin, "margin", positive=True)
    A = rng.standard_normal(ensemble + (m, m)) / np.sqrt(m)
    shift = np.linalg.eigvals(A).real.max(axis=-1) + margin
    return A - shift[..., None, None] * np.eye(m)
