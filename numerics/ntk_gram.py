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
    deltas, features = _factors(params, X, trained)
    m = params.width
    J_W = np.einsum("enlm,enlk->enmk", deltas, features[..., :m]).reshape(deltas.shape[:2] + (-1,))
    if trained == "W":
        return J_W
    J_A = np.einsum("enlm,enlk->enmk", deltas, features[..., m:]).reshape(deltas.shape[:2] + (-1,))
    return np.concatenate([J_W, J_A], axis=-1)


def empirical_ntk(
    params: ElmanParams, X: np.ndarray, X2: np.ndarray | None = None, trained: Trained = "W"
) -> np.ndarray:
    """Theta(x_i, x'_j) = <J(x_i), J(x'_j)>_F, shape (E, n, n2), exact from the rank-L factors."""
    deltas, features = _factors(params, X, trained)
    deltas2, features2 = (deltas, features) if X2 is None else _factors(params, X2, trained)
    gram = np.zeros((params.ensemble, deltas.shape[1], deltas2.shape[1]))
    for step in range(deltas.shape[2]):
        delta_products = np.einsum("enm,eplm->enpl", deltas[:, :, step], deltas2)
        feature_products = np.einsum("enk,eplk->enpl", features[:, :, step], features2)
        gram += np.einsum("enpl,enpl->enp", delta_products, feature_products)
    return gram
