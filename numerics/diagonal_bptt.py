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
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, hidden_states, readout
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
        residual = readout(params, h[-1]) - Y
        dloss[-1] = residual / n
        return 0.5 * np.mean(residual**2, axis=1), dloss
    residual = readout(params, h) - Y.T[:, None, :]
    dloss[:] = residual / (n * T)
    return 0.5 * np.mean(residual**2, axis=(0, 2)), dloss


def loss(params: DiagonalParams, X: np.ndarray, Y: np.ndarray, act: Activation) -> np.ndarray:
    """Rhat(theta) for each network of the ensemble, shape (E,)."""
    _, h = hidden_states(params, X, act)
    Y = _check_targets(Y, h.shape[2], h.shape[0])
    return _output_sensitivities(params, h, Y)[0]


def loss_and_gradient(params: DiagonalParams, X: np.ndarray, Y: np.ndarray, act: Activation
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Rhat (E,), dRhat/dw (E, m), dRhat/dU (E, m, d)) by exact BPTT."""
    z, h = hidden_states(params, X, act)
    X = finite_array(X, "X")
    T = X.shape[1]
    value, dloss = _output_sensitivities(params, h, _check_targets(Y, X.shape[0], T))
    readout_weight = (params.c / np.sqrt(params.width))[:, None, :]
    w = params.w[:, None, :]
    grad_w = np.zeros(params.w.shape)  # float64 accumulators, whatever the dtype of the inputs
    grad_U = np.zeros(params.U.shape)
    carried = np.zeros(h.shape[1:])
    for t in range(T - 1, -1, -1):
        g = dloss[t][..., None] * readout_weight + w * carried
        q = g * act.derivative(z[t])
        if t > 0:
            grad_w += (q * h[t - 1]).sum(axis=1)
        grad_U += np.matmul(q.transpose(0, 2, 1), X[:, t])
        carried = q
    return value, grad_w, grad_U
