"""Diagonal RNN (IndRNN cell without bias) with NTK-scaled readout and symmetric initialisation.

Width m, ensemble size E (independent networks), n sequences of length T in R^d:

    h^i_{-1} = 0,   z^i_t = w_i h^i_{t-1} + <u_i, X_t>,   h^i_t = sigma(z^i_t)
    f_t(X; theta) = (1/sqrt(m)) sum_i c_i h^i_t,        c_i in {-1, +1} fixed

Shapes: w (E, m), U (E, m, d), c (E, m), X (n, T, d); hidden states (T, E, n, m).
The symmetric initialisation copies neuron i into neuron i + m/2 with the opposite sign c, so
f_t(X; theta(0)) = 0 exactly when the readout sums the pairs first (cancelling order).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbounds.numerics.activations import Activation
from rnnbounds.numerics.finite import check_finite
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = [
    "RECURRENT_INITS", "DiagonalParams", "symmetric_init", "check_inputs", "input_drive",
    "hidden_states", "readout", "network_output",
]

RECURRENT_INITS = ("uniform", "constant", "rademacher")


@dataclass(frozen=True)
class DiagonalParams:
    """Trainable (w, U) and fixed readout signs c of an ensemble of diagonal RNNs; the width m is even."""

    w: np.ndarray  # (E, m) recurrent diagonal
    U: np.ndarray  # (E, m, d) input weights, row i is u_i
    c: np.ndarray  # (E, m) readout signs in {-1, +1}

    def __post_init__(self) -> None:
        for name in ("w", "U", "c"):
            object.__setattr__(self, name, finite_array(getattr(self, name), name))
        if self.w.ndim != 2 or self.U.ndim != 3 or self.c.shape != self.w.shape:
            raise ValueError(f"params: need w (E, m), U (E, m, d), c (E, m); got "
                             f"{self.w.shape}, {self.U.shape}, {self.c.shape}")
        if self.U.shape[:2] != self.w.shape:
            raise ValueError(f"params: U has shape {self.U.shape}, w has {self.w.shape}")
        if self.w.shape[1] % 2:
            raise ValueError(f"argument w: the width m = {self.w.shape[1]} is odd; the readout pairs neuron i "
                             "with neuron i + m/2, so m must be even")

    @property
    def ensemble(self) -> int:
        return self.w.shape[0]

    @property
    def width(self) -> int:
        return self.w.shape[1]

    @property
    def dim(self) -> int:
        return self.U.shape[2]

    def with_weights(self, w: np.ndarray, U: np.ndarray) -> "DiagonalParams":
        """The same readout signs with new trainable weights."""
        return DiagonalParams(w, U, self.c)


def _recurrent_draw(rng: np.random.Generator, shape: tuple[int, int], alpha: float,
                    law: str) -> np.ndarray:
    if law == "uniform":
        return rng.uniform(-alpha, alpha, size=shape)
    if law == "constant":
        return np.full(shape, float(alpha))
    if law == "rademacher":
        return alpha * rng.choice(np.array([-1.0, 1.0]), size=shape)
    raise ValueError(f"recurrent_init must be one of {RECURRENT_INITS}, got {law!r}")


def symmetric_init(rng: np.random.Generator, ensemble: int, width: int, dim: int,
                   alpha: float, recurrent_init: str = "uniform") -> DiagonalParams:
    """Symmetric init: for i <= m/2, c_i ~ U{-1,1}, u_i ~ N(0, I_d), |w_i| <= alpha by `recurrent_init`;
    neuron i + m/2 copies (w_i, u_i) with c = -c_i.  m must be even."""
    ensemble, dim = checked_size(ensemble, "ensemble"), checked_size(dim, "dim")
    if checked_size(width, "width", minimum=2) % 2:
        raise ValueError(f"width must be an even integer >= 2, got {width}")
    alpha = finite_scalar(alpha, "alpha", nonnegative=True)
    half = width // 2
    w = _recurrent_draw(rng, (ensemble, half), alpha, recurrent_init)
    U = rng.standard_normal((ensemble, half, dim))
    c = rng.choice(np.array([-1.0, 1.0]), size=(ensemble, half))
    return DiagonalParams(np.concatenate([w, w], 1), np.concatenate([U, U], 1),
                          np.concatenate([c, -c], 1))


def check_inputs(X: np.ndarray, dim: int) -> np.ndarray:
    """Validate inputs X of shape (n, T, d) and return them as float64."""
    dim = checked_size(dim, "dim")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 3 or X.shape[2] != dim or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must have shape (n, T, {dim}) with n, T >= 1, got {X.shape}")
    return finite_array(X, "X")


def _distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct, inverse) with rows == distinct[inverse], distinct in order of first appearance.

    Rows are compared bit by bit; when all rows differ, inverse is arange(len(rows)).
    """
    rows = np.ascontiguousarray(rows)
    keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rows[first[order]], rank[inverse.reshape(-1)]


def input_drive(U: np.ndarray, X: np.ndarray) -> np.ndarray:
    """<u_i, X_t> for U (E, m, d) and X (n, T, d): shape (T, E, n, m) (a view of a (T, n, E, m) array).

    One GEMM X (T n, d) @ V^T over the distinct rows V of U (across the whole ensemble), copied to
    every neuron that shares its row: two neurons with bitwise-equal u_i get bitwise-equal drives,
    so the symmetric initialisation cancels exactly, whatever order BLAS sums each column in.
    """
    U = finite_array(U, "U", ndim=3)
    return _sample_major_drive(U, check_inputs(X, U.shape[2])).transpose(0, 2, 1, 3)


def _sample_major_drive(U: np.ndarray, X: np.ndarray) -> np.ndarray:
    """The drive of input_drive laid out (T, n, E, m), contiguous: what the time loop steps over."""
    E, m, d = U.shape
    n, T, _ = X.shape
    distinct, inverse = _distinct_rows(U.reshape(E * m, d))
    tokens = np.ascontiguousarray(X.transpose(1, 0, 2)).reshape(T * n, d)
    drive = tokens @ distinct.T  # (T n, distinct rows)
    if len(distinct) < E * m:  # some neurons share a row: copy its drive to each of them
        drive = np.take(drive, inverse, axis=1)
    return drive.reshape(T, n, E, m)


def _apply(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    """out = sigma(z), in place when sigma is a NumPy ufunc (np.tanh): no temporary array."""
    if isinstance(act.value, np.ufunc):
        act.value(z, out=out)
    else:
        out[...] = act.value(z)


def _sample_major_states(params: DiagonalParams, X: np.ndarray,
                        act: Activation) -> tuple[np.ndarray, np.ndarray]:
    """z_t and h_t laid out (T, n, E, m), contiguous; X validated by the caller."""
    z = _sample_major_drive(params.U, X)  # overwritten in place: z_t = w h_{t-1} + drive_t
    h = np.empty_like(z)
    w = params.w
    carried = np.empty(z.shape[1:])
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported by check_finite
        _apply(act, z[0], h[0])
        for t in range(1, z.shape[0]):
            z[t] += np.multiply(w, h[t - 1], out=carried)
            _apply(act, z[t], h[t])
    check_finite(h.transpose(0, 2, 1, 3), where="hidden state h_t", time_axis=0)  # index as (t, e, j, i)
    return z, h


def hidden_states(params: DiagonalParams, X: np.ndarray,
                  act: Activation) -> tuple[np.ndarray, np.ndarray]:
    """All pre-activations z_t and hidden states h_t, each of shape (T, E, n, m) (views of arrays
    laid out (T, n, E, m), so that each step works on one contiguous block)."""
    z, h = _sample_major_states(params, check_inputs(X, params.dim), act)
    return z.transpose(0, 2, 1, 3), h.transpose(0, 2, 1, 3)


def readout(params: DiagonalParams, h: np.ndarray) -> np.ndarray:
    """f = (1/sqrt(m)) sum_i c_i h^i over the last axis, summing the symmetric pairs first.

    h (..., E, n, m) -> (..., E, n).  Pair (i, i + m/2) is added before the sum over i, so a
    symmetric initialisation gives exactly 0.0.
    """
    h = finite_array(h, "h")
    if h.ndim < 3 or h.shape[-1] != params.width or h.shape[-3] != params.ensemble:
        raise ValueError(f"h must have shape (..., E={params.ensemble}, n, m={params.width}), got {h.shape}")
    return _paired_readout(params, h)


def _paired_readout(params: DiagonalParams, h: np.ndarray) -> np.ndarray:
    """readout without the entry checks, for states this module computed (already checked finite)."""
    half = params.width // 2
    c = params.c[:, None, :]
    paired = c[..., :half] * h[..., :half] + c[..., half:] * h[..., half:]
    return paired.sum(axis=-1) / np.sqrt(params.width)


def network_output(params: DiagonalParams, X: np.ndarray, act: Activation,
                   every_step: bool = False) -> np.ndarray:
    """f_{T-1}(X; theta) of shape (E, n); with every_step, f_t for all t of shape (E, n, T)."""
    _, h = hidden_states(params, X, act)
    if every_step:
        return np.moveaxis(readout(params, h), 0, -1)
    return readout(params, h[-1])
