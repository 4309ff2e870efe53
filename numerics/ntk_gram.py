"""Exact empirical NTK Gram matrix of the ReLU Elman RNN from per-sample Jacobians.

For F(x) = b^T h_L(x) the Jacobian of one sequence with respect to W is the rank-L matrix
J_W(x) = sum_l delta_l(x) h_{l-1}(x)^T (delta_l = dF/dg_l, from exact BPTT), and with respect
to A it is J_A(x) = sum_l delta_l(x) X_l^T. The Gram matrix Theta(x, x') = <J(x), J(x')>_F is
computed from these factors without forming the m x m Jacobians:

    Theta_W(x, x') = sum_{l, l'} <delta_l, delta'_{l'}> <h_{l-1}, h'_{l'-1}>

which equals J J^T exactly (tests compare it with the dense ``per_sample_jacobians``).
Shapes: E networks, n sequences; results (E, n, n2). Theta is O(m): divide by m to compare it with
``rnn_ntk_recursion.rnn_ntk``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from rnnbounds.numerics.elman_rnn import ElmanParams, backward_deltas, forward
from rnnbounds.numerics.validation import finite_array

__all__ = ["Trained", "per_sample_jacobians", "empirical_ntk", "DENSE_BYTES_LIMIT"]

Trained = Literal["W", "WA"]


def _factors(params: ElmanParams, X: np.ndarray, trained: Trained) -> tuple[np.ndarray, np.ndarray]:
    """(deltas, features), both (E, n, L, k): J(x) = sum_l delta_l features_l^T (features padded)."""
    if trained not in ("W", "WA"):
        raise ValueError(f"trained must be 'W' or 'WA', got {trained!r}")
    trace = forward(params, X)
    deltas = backward_deltas(params, trace, np.ones(trace.preact.shape[:2]), "last")
    features = trace.hidden[:, :, :-1]
    if trained == "WA":
        tokens = np.broadcast_to(trace.inputs, deltas.shape[:3] + (trace.inputs.shape[-1],))
        features = np.concatenate([features, tokens], axis=-1)
    return deltas, features


def per_sample_jacobians(params: ElmanParams, X: np.ndarray, trained: Trained = "W") -> np.ndarray:
    """Dense Jacobians dF(x_i)/d(W[, A]) flattened, shape (E, n, m*m [+ m*d]). Memory O(E n m^2)."""
    return _jacobians_from_factors(*_factors(params, X, trained), params.width)


def _jacobians_from_factors(deltas: np.ndarray, features: np.ndarray, m: int) -> np.ndarray:
    """J = sum_l delta_l features_l^T per sample, as one batched GEMM, flattened W block first."""
    J_W = np.matmul(deltas.swapaxes(-1, -2), features[..., :m]).reshape(deltas.shape[:2] + (-1,))
    if features.shape[-1] == m:
        return J_W
    J_A = np.matmul(deltas.swapaxes(-1, -2), features[..., m:]).reshape(deltas.shape[:2] + (-1,))
    return np.concatenate([J_W, J_A], axis=-1)


DENSE_BYTES_LIMIT = 2**30


def empirical_ntk(
    params: ElmanParams, X: np.ndarray, X2: np.ndarray | None = None, trained: Trained = "W"
) -> np.ndarray:
    """Theta(x_i, x'_j) = <J(x_i), J(x'_j)>_F, shape (E, n, n2), exact.

    Two exact routes: the dense Gram J J'^T costs n n2 m (m + d) flops; the rank-L factors
    Theta = sum_{l,l'} <delta_l, delta'_l'> <h_{l-1}, h'_{l'-1}> cost n n2 L^2 (m + k). The cheaper
    one is taken (the dense one only while the Jacobians fit in DENSE_BYTES_LIMIT bytes).
    """
    deltas, features = _factors(params, X, trained)
    if X2 is not None:
        X2 = finite_array(X2, "X2")
    deltas2, features2 = (deltas, features) if X2 is None else _factors(params, X2, trained)
    E, n, steps, m = deltas.shape
    k = features.shape[-1]
    dense_bytes = 8 * E * (n + deltas2.shape[1]) * m * k
    if steps**2 * (m + k) > m * k and dense_bytes <= DENSE_BYTES_LIMIT:
        J = _jacobians_from_factors(deltas, features, m)
        J2 = J if X2 is None else _jacobians_from_factors(deltas2, features2, m)
        return np.matmul(J, J2.swapaxes(-1, -2))
    return _factored_gram(deltas, features, deltas2, features2)


def _factored_gram(deltas: np.ndarray, features: np.ndarray, deltas2: np.ndarray, features2: np.ndarray) -> np.ndarray:
    E, n, steps, m = deltas.shape
    n2 = deltas2.shape[1]
    flat_deltas2 = deltas2.reshape(E, -1, m).swapaxes(-1, -2)                 # (E, m, n2 L)
    flat_features2 = features2.reshape(E, -1, features2.shape[-1]).swapaxes(-1, -2)
    gram = np.zeros((E, n, n2))
    for step in range(steps):
        products = np.matmul(deltas[:, :, step], flat_deltas2) * np.matmul(features[:, :, step], flat_features2)
        gram += products.reshape(E, n, n2, steps).sum(axis=-1)
    return gram
