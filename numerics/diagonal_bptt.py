"""Squared loss of a diagonal RNN and its exact gradient by backpropagation through time.

    final step:  Rhat(theta) = (1/(2n))  sum_j (f_{T-1}(X^j) - Y^j)^2,           Y of shape (n,)
    every step:  Rhat(theta) = (1/(2nT)) sum_j sum_t (f_t(X^j) - Y^j_t)^2,      Y of shape (n, T)

Backward recursion (per neuron, elementwise over ensemble e, sample j, neuron i):
    g_t = dRhat/dh_t = (dRhat/df_t) c_i / sqrt(m) + w_i q_{t+1},   q_t = g_t sigma'(z_t)
    dRhat/dw_i = sum_{t,j} q_t h_{t-1},    dRhat/du_i = sum_{t,j} q_t X_t
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import Activation
from rnnbounds.numerics.diagonal_rnn import (
    DiagonalParams, _paired_readout, _sample_major_states, check_inputs, hidden_states)
from rnnbounds.numerics.validation import finite_array

__all__ = ["loss", "loss_and_gradient"]


def _check_targets(Y: np.ndarray, n: int, T: int) -> np.ndarray:
    Y = finite_array(Y, "Y")
    if Y.shape not in ((n,), (n, T)):
        raise ValueError(f"Y must have shape ({n},) or ({n}, {T}), got {Y.shape}")
    return Y


def _output_sensitivities(params: DiagonalParams, h: np.ndarray, Y: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Loss per network (E,) and dRhat/df_t of shape (T, E, n) (zero where no target)."""
    T, E, n, _ = h.shape
    dloss = np.zeros((T, E, n))
    if Y.ndim == 1:
        residual = _paired_readout(params, h[-1]) - Y
        dloss[-1] = residual / n
        return 0.5 * np.mean(residual**2, axis=1), dloss
    residual = _paired_readout(params, h) - Y.T[:, None, :]
    dloss[:] = residual / (n * T)
    return 0.5 * np.mean(residual**2, axis=(0, 2)), dloss


def loss(params: DiagonalParams, X: np.ndarray, Y: np.ndarray, act: Activation) -> np.ndarray:
    """Rhat(theta) for each network of the ensemble, shape (E,)."""
    _, h = hidden_states(params, X, act)
    Y = _check_targets(Y, h.shape[2], h.shape[0])
    return _output_sensitivities(params, h, Y)[0]


def loss_and_gradient(params: DiagonalParams, X: np.ndarray, Y: np.ndarray, act: Activation
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Rhat (E,), dRhat/dw (E, m), dRhat/dU (E, m, d)) by exact BPTT, in float64 whatever the inputs."""
    X = check_inputs(X, params.dim)
    n, T, d = X.shape
    E, m = params.w.shape
    z, h = _sample_major_states(params, X, act)  # contiguous (T, n, E, m)
    value, dloss = _output_sensitivities(params, h.transpose(0, 2, 1, 3), _check_targets(Y, n, T))
    q = _backward_sensitivities(params, z, h, dloss.transpose(0, 2, 1), act)
    grad_w = np.einsum("tjem,tjem->em", q[1:], h[:-1]) if T > 1 else np.zeros((E, m))
    tokens = np.ascontiguousarray(X.transpose(1, 0, 2)).reshape(T * n, d)       # (T n, d)
    grad_U = (tokens.T @ q.reshape(T * n, E * m)).reshape(d, E, m)               # sum_{t,j} X_t q_t
    return value, grad_w, np.ascontiguousarray(grad_U.transpose(1, 2, 0))


def _derivative(act: Activation, z: np.ndarray, h: np.ndarray) -> np.ndarray:
    """sigma'(z) from h = sigma(z) when the activation knows how (one map less), else from z."""
    return act.derivative(z) if act.derivative_from_value is None else act.derivative_from_value(h)


def _backward_sensitivities(params: DiagonalParams, z: np.ndarray, h: np.ndarray, dloss: np.ndarray,
                            act: Activation) -> np.ndarray:
    """q_t = dRhat/dz_t laid out (T, n, E, m), written over z (which is not needed afterwards).

    z, h: (T, n, E, m); dloss = dRhat/df_t laid out (T, n, E).
    """
    readout_weight = params.c / np.sqrt(params.width)  # (E, m)
    w = params.w
    carried = np.zeros(z.shape[1:])
    g = np.empty(z.shape[1:])
    targeted = dloss.reshape(dloss.shape[0], -1).any(axis=1).tolist()  # steps that carry a target
    for t in range(z.shape[0] - 1, -1, -1):
        np.multiply(w, carried, out=g)
        if targeted[t]:
            g += dloss[t][..., None] * readout_weight
        carried = np.multiply(g, _derivative(act, z[t], h[t]), out=z[t])
    return z
