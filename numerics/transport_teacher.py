"""Targets inside the transportation class F_nu, built from M teacher neurons (spec 4.5).

    v(w, u) = nu (cos phi(u), sin phi(u) u / ||u||),   phi(u) = pi tanh(u_1),   ||v|| = nu
    f*(X)   = (1/M) sum_k < v(theta^k), psi(X; theta^k) >,   theta^k ~ mu_0 i.i.d.

The same map evaluated at the student's initial neurons gives the linearised prediction at the
reference point theta*_i = theta_i(0) + c_i v(theta_i(0)) / sqrt(m) (spec 3.3):
    f_lin(X; theta*) = (1/m) sum_i < v(theta_i(0)), psi(X; theta_i(0)) >
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbounds.numerics.activations import Activation
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, symmetric_init
from rnnbounds.numerics.neuron_derivatives import directional_derivative
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = [
    "transport_map", "mean_tangent_projection", "TransportTeacher", "draw_teacher",
    "random_feature_prediction", "random_feature_error",
]


def transport_map(w: np.ndarray, U: np.ndarray, nu: float) -> tuple[np.ndarray, np.ndarray]:
    """(v_w, v_u) of shapes w.shape and U.shape, with ||(v_w, v_u)||_2 = nu for every neuron."""
    nu = finite_scalar(nu, "nu", positive=True)
    w, U = finite_array(w, "w"), finite_array(U, "U")
    if U.ndim < 1 or U.shape[:-1] != w.shape:
        raise ValueError(f"U must have shape w.shape + (d,) = {w.shape} + (d,), got {U.shape}")
    phi = np.pi * np.tanh(U[..., 0])
    norms = np.linalg.norm(U, axis=-1, keepdims=True)
    direction = U / np.maximum(norms, np.finfo(float).tiny)
    return nu * np.cos(phi), nu * np.sin(phi)[..., None] * direction


def mean_tangent_projection(w: np.ndarray, U: np.ndarray, X: np.ndarray, nu: float,
                            act: Activation, chunk: int = 2048) -> np.ndarray:
    """(1/m) sum_i <v(theta_i), psi(X; theta_i)> for w (E, m), U (E, m, d): shape (E, n)."""
    w, U = finite_array(w, "w", ndim=2), finite_array(U, "U", ndim=3)
    chunk = checked_size(chunk, "chunk")
    X = finite_array(X, "X", ndim=3)
    total = np.zeros((w.shape[0], X.shape[0]))
    for start in range(0, w.shape[1], chunk):
        ws, Us = w[:, start:start + chunk], U[:, start:start + chunk]
        vw, vU = transport_map(ws, Us, nu)
        _, dh = directional_derivative(ws, Us, X, vw, vU, act)
        total += dh.sum(axis=-1)
    return total / w.shape[1]


@dataclass(frozen=True)
class TransportTeacher:
    """f* in F_nu from M teacher neurons theta^k = (w_k, u_k); evaluate with teacher(X) -> (n,)."""

    w: np.ndarray  # (M,)
    U: np.ndarray  # (M, d)
    nu: float
    act: Activation

    def __post_init__(self) -> None:
        object.__setattr__(self, "w", finite_array(self.w, "w", ndim=1))
        object.__setattr__(self, "U", finite_array(self.U, "U", ndim=2))
        object.__setattr__(self, "nu", finite_scalar(self.nu, "nu", positive=True))
        if self.U.shape[0] != self.w.shape[0]:
            raise ValueError(f"w and U must list the same neurons, got {self.w.shape} and {self.U.shape}")

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return mean_tangent_projection(self.w[None], self.U[None], X, self.nu, self.act)[0]

    @property
    def neurons(self) -> int:
        return self.w.shape[0]


def draw_teacher(rng: np.random.Generator, neurons: int, dim: int, alpha: float, nu: float,
                 act: Activation, recurrent_init: str = "uniform") -> TransportTeacher:
    """M = `neurons` i.i.d. draws from the student's initial law mu_0 (half of a symmetric init)."""
    neurons = checked_size(neurons, "neurons")
    init = symmetric_init(rng, 1, 2 * neurons, dim, alpha, recurrent_init)
    return TransportTeacher(init.w[0, :neurons], init.U[0, :neurons], float(nu), act)


def random_feature_prediction(params: DiagonalParams, X: np.ndarray, nu: float,
                              act: Activation) -> np.ndarray:
    """f_lin(X; theta*) at the reference point built from theta(0) = params: shape (E, n)."""
    return mean_tangent_projection(params.w, params.U, X, nu, act)


def random_feature_error(params: DiagonalParams, teacher: TransportTeacher,
                         X: np.ndarray) -> np.ndarray:
    """eps_app = max_j |f_lin(X^j; theta*) - f*(X^j)| per network, shape (E,)."""
    gap = random_feature_prediction(params, X, teacher.nu, teacher.act) - teacher(X)[None]
    return np.abs(gap).max(axis=1)
