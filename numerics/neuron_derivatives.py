"""Forward-mode derivatives of each neuron's last hidden state h^i_{T-1} in its own parameters.

Neuron i has parameters theta_i = (w_i, u_i) in R^{1+d} (coordinate 0 is w, then u).  With
J_t = d h_t / d theta_i and H_t = d^2 h_t / d theta_i^2 (J_{-1} = 0, H_{-1} = 0):

    Jz_t = (h_{t-1} + w J_{t-1}[w],  X_t + w J_{t-1}[u]),             J_t = sigma'(z_t) Jz_t
    Hz_t = e_w J_{t-1}^T + J_{t-1} e_w^T + w H_{t-1},                  H_t = sigma''(z_t) Jz_t Jz_t^T + sigma'(z_t) Hz_t

psi(X; theta_i) := J_{T-1} is the neural tangent feature of the spec (section 1.8).
Shapes: w (E, m), U (E, m, d), X (n, T, d) -> psi (E, n, m, 1+d), Hessians (E, n, m, 1+d, 1+d).
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import Activation
from rnnbounds.numerics.diagonal_rnn import check_inputs, input_drive
from rnnbounds.numerics.finite import check_finite
from rnnbounds.numerics.validation import finite_array

__all__ = ["tangent_features", "directional_derivative", "hidden_hessians", "gradient_and_hessian_norms"]


def _drives(w: np.ndarray, U: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    w, U = finite_array(w, "w"), finite_array(U, "U")
    if w.ndim != 2 or U.ndim != 3 or U.shape[:2] != w.shape:
        raise ValueError(f"need w (E, m) and U (E, m, d); got {w.shape} and {U.shape}")
    X = check_inputs(X, U.shape[2])
    return X, input_drive(U, X)


def tangent_features(w: np.ndarray, U: np.ndarray, X: np.ndarray, act: Activation) -> np.ndarray:
    """psi = d h^i_{T-1} / d(w_i, u_i), shape (E, n, m, 1+d)."""
    w, U = finite_array(w, "w"), finite_array(U, "U")
    X, drive = _drives(w, U, X)
    n, T, d = X.shape
    shape = drive.shape[1:]
    h = np.zeros(shape)
    J = np.zeros(shape + (1 + d,))
    wb = w[:, None, :]
    for t in range(T):
        z = wb * h + drive[t]
        Jz = wb[..., None] * J
        Jz[..., 0] += h
        Jz[..., 1:] += X[None, :, t, None, :]
        J = act.derivative(z)[..., None] * Jz
        h = act.value(z)
        check_finite(J, where="tangent feature", step=t)
    return J


def directional_derivative(w: np.ndarray, U: np.ndarray, X: np.ndarray, dw: np.ndarray,
                           dU: np.ndarray, act: Activation) -> tuple[np.ndarray, np.ndarray]:
    """(h^i_{T-1}, <psi_i, (dw_i, du_i)>) for a per-neuron direction; both of shape (E, n, m).

    One forward pass of the tangent recursion dh_t = sigma'(z_t)(dw h_{t-1} + w dh_{t-1} + <du, X_t>).
    """
    w, U = finite_array(w, "w"), finite_array(U, "U")
    X, drive = _drives(w, U, X)
    dw, dU = finite_array(dw, "dw"), finite_array(dU, "dU")
    if dw.shape != w.shape or dU.shape != U.shape:
        raise ValueError(f"direction shapes {dw.shape}, {dU.shape} must match {w.shape}, {U.shape}")
    ddrive = input_drive(dU, X)
    h = np.zeros(drive.shape[1:])
    dh = np.zeros_like(h)
    wb, dwb = w[:, None, :], dw[:, None, :]
    for t in range(X.shape[1]):
        z = wb * h + drive[t]
        dh = act.derivative(z) * (dwb * h + wb * dh + ddrive[t])
        h = act.value(z)
        check_finite(dh, where="directional derivative", step=t)
    return h, dh


def _hessian_step(z: np.ndarray, h: np.ndarray, J: np.ndarray, Hs: np.ndarray, wb: np.ndarray,
                  x_t: np.ndarray, act: Activation) -> tuple[np.ndarray, np.ndarray]:
    Jz = wb[..., None] * J
    Jz[..., 0] += h
    Jz[..., 1:] += x_t
    Hz = wb[..., None, None] * Hs
    Hz[..., 0, :] += J
    Hz[..., :, 0] += J
    second = act.second_derivative(z)[..., None, None] * Jz[..., :, None] * Jz[..., None, :]
    return act.derivative(z)[..., None] * Jz, second + act.derivative(z)[..., None, None] * Hz


def hidden_hessians(w: np.ndarray, U: np.ndarray, X: np.ndarray, act: Activation
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(psi (E, n, m, p), Hessian d^2 h^i_{T-1}/d theta_i^2 (E, n, m, p, p)), p = 1 + d."""
    w, U = finite_array(w, "w"), finite_array(U, "U")
    X, drive = _drives(w, U, X)
    n, T, d = X.shape
    shape = drive.shape[1:]
    h = np.zeros(shape)
    J = np.zeros(shape + (1 + d,))
    Hs = np.zeros(shape + (1 + d, 1 + d))
    wb = w[:, None, :]
    for t in range(T):
        z = wb * h + drive[t]
        J, Hs = _hessian_step(z, h, J, Hs, wb, X[None, :, t, None, :], act)
        h = act.value(z)
        check_finite(Hs, where="hidden-state Hessian", step=t)
    return J, Hs


def gradient_and_hessian_norms(w: np.ndarray, U: np.ndarray, X: np.ndarray, act: Activation
                               ) -> tuple[np.ndarray, np.ndarray]:
    """(||psi||_2, ||Hessian||_op) of h^i_{T-1} for every network, sample, neuron: (E, n, m) each."""
    J, Hs = hidden_hessians(w, U, X, act)
    return np.linalg.norm(J, axis=-1), np.abs(np.linalg.eigvalsh(Hs)).max(axis=-1)
