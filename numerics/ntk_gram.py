"""Exact empirical NTK Gram matrix of the ReLU Elman RNN from per-sample Jacobians.

For F(x) = b^T h_L(x) the Jacobian of one sequence with respect to W is the rank-L matrix
J_W(x) = sum_l delta_l(x) h_{l-1}(x)^T (delta_l = dF/dg_l, from exact BPTT), and with respect
to A it is J_A(x) = sum_l delta_l(x) X_l^T. The Gram matrix Theta(x, x') = <J(x), J(x')>_F is
computed from these factors without forming the m x m Jacobians:

    Theta_W(x, x') = sum_{l, l'} <delta_l, delta'_{l'}> <h_{l-1}, h'_{l'-1}>

which equals J J^T exactly (tests compare it with the dense ``per_sample_jacobians``).
Shapes: E networks, n sequences; results (E, n, n2). Theta is O(m): divide by m to compare it with
``rnn_ntk_recursion.rnn_ntk``.

Readouts. Besides the last-step readout F = b^T h_L, the average-pooled readout
F = (1/L) sum_l b^T h_l ("mean"; the avgpool readout of RNN-NTK.ipynb in thegregyang/NTK4A, the
code of Yang's Tensor Programs II, arXiv 2006.14548, and the pooled RNN of Alemohammad et al. 2020,
arXiv 2012.04859) has
delta_l = D_l (W^T delta_{l+1} + b / L); its Gram keeps the cross-time pairs l != l'. A trained
readout b adds Theta_b(x, x') = <dF/db, dF'/db>, the random-features kernel (<h_L, h'_L> or
(1/L^2) sum_{l,l'} <h_l, h'_l'>). Theta_b is O(1) while Theta_W is O(m): ``NtkBlocks.scaled`` gives
the kernel of the NTK parametrisation W = W~ / sqrt(m) (W~_ij ~ N(0, 2)), in which
Theta = Theta_W / m + Theta_b exactly at every width, the units of ``rnn_ntk_recursion``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np

from rnnbounds.numerics.elman_rnn import ElmanParams, ElmanTrace, backward_deltas, forward
from rnnbounds.numerics.validation import finite_array

__all__ = [
    "Trained", "PooledReadout", "per_sample_jacobians", "readout_features", "empirical_ntk", "DENSE_BYTES_LIMIT",
    "NtkBlocks", "readout_ntk_blocks", "empirical_readout_ntk",
]

Trained = Literal["W", "WA"]
#: F = b^T h_L ("last") or the average-pooled F = (1/L) sum_l b^T h_l ("mean")
PooledReadout = Literal["last", "mean"]


def _check_trained(trained: str) -> None:
    if trained not in ("W", "WA"):
        raise ValueError(f"trained must be 'W' or 'WA', got {trained!r}")


def _check_readout(readout: str) -> None:
    if readout not in ("last", "mean"):
        raise ValueError(f"readout must be 'last' or 'mean', got {readout!r}")


def _factors(params: ElmanParams, X: np.ndarray, trained: Trained,
             readout: PooledReadout = "last") -> tuple[np.ndarray, np.ndarray]:
    """(deltas, features), both (E, n, L, k): J(x) = sum_l delta_l features_l^T (features padded)."""
    _check_trained(trained)
    _check_readout(readout)
    return _trace_factors(params, forward(params, X), trained, readout)


def _readout_deltas(params: ElmanParams, trace: ElmanTrace, readout: PooledReadout) -> np.ndarray:
    """delta_l = dF/dg_l, (E, n, L, m): cotangent 1 at step L ("last"), or 1/L at every step ("mean")."""
    shape = trace.preact.shape[:2]
    if readout == "last":
        return backward_deltas(params, trace, np.ones(shape), "last")
    return backward_deltas(params, trace, np.full(shape + (trace.steps,), 1.0 / trace.steps), "all")


def _trace_factors(params: ElmanParams, trace: ElmanTrace, trained: Trained,
                   readout: PooledReadout) -> tuple[np.ndarray, np.ndarray]:
    deltas = _readout_deltas(params, trace, readout)
    features = trace.hidden[:, :, :-1]
    if trained == "WA":
        tokens = np.broadcast_to(trace.inputs, deltas.shape[:3] + (trace.inputs.shape[-1],))
        features = np.concatenate([features, tokens], axis=-1)
    return deltas, features


def per_sample_jacobians(params: ElmanParams, X: np.ndarray, trained: Trained = "W",
                         readout: PooledReadout = "last") -> np.ndarray:
    """Dense Jacobians dF(x_i)/d(W[, A]) of the readout F flattened, shape (E, n, m*m [+ m*d]). Memory O(E n m^2)."""
    return _jacobians_from_factors(*_factors(params, X, trained, readout), params.width)


def readout_features(trace: ElmanTrace, readout: PooledReadout = "last") -> np.ndarray:
    """dF/db, shape (E, n, m): h_L ("last") or (1/L) sum_l h_l ("mean")."""
    _check_readout(readout)
    return trace.hidden[:, :, -1] if readout == "last" else trace.hidden[:, :, 1:].mean(axis=2)


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
    return _gram_of_factors(deltas, features, deltas2, features2, same=X2 is None)


def _gram_of_factors(deltas: np.ndarray, features: np.ndarray, deltas2: np.ndarray, features2: np.ndarray,
                     same: bool) -> np.ndarray:
    """<J(x_i), J(x'_j)>_F by the cheaper exact route (see ``empirical_ntk``)."""
    E, n, steps, m = deltas.shape
    k = features.shape[-1]
    dense_bytes = 8 * E * (n + deltas2.shape[1]) * m * k
    if steps**2 * (m + k) > m * k and dense_bytes <= DENSE_BYTES_LIMIT:
        J = _jacobians_from_factors(deltas, features, m)
        J2 = J if same else _jacobians_from_factors(deltas2, features2, m)
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


@dataclass(frozen=True)
class NtkBlocks:
    """The empirical NTK of one readout in two blocks, each (E, n, n2).

    recurrent: Theta_W (+ Theta_A) = <dF/dW, dF'/dW>_F in the standard parametrisation, O(m);
    readout: Theta_b = <dF/db, dF'/db>, the random-features kernel, O(1); width: m.
    """

    recurrent: np.ndarray
    readout: np.ndarray
    width: int

    def scaled(self, readout_trained: bool = False) -> np.ndarray:
        """Theta of the NTK parametrisation: Theta_W / m, plus Theta_b when the readout b is trained."""
        if not isinstance(readout_trained, (bool, np.bool_)):
            raise ValueError(f"readout_trained must be True or False, got {readout_trained!r}")
        return self.recurrent / self.width + self.readout if readout_trained else self.recurrent / self.width


def readout_ntk_blocks(params: ElmanParams, X: np.ndarray, X2: np.ndarray | None = None,
                       readouts: Sequence[PooledReadout] = ("last",), trained: Trained = "W") -> dict[str, NtkBlocks]:
    """NtkBlocks of every readout in ``readouts``, from one forward pass per input batch.

    recurrent = sum_{l,l'} <delta_l, delta'_l'> <h_{l-1}, h'_{l'-1}> (+ <X_l, X'_l'>), exact as in
    ``empirical_ntk`` (equal to it for readout "last"); readout = <dF/db, dF'/db>.
    """
    _check_trained(trained)
    if isinstance(readouts, str) or len(readouts) == 0:
        raise ValueError(f"readouts must be a non-empty sequence of 'last' / 'mean', got {readouts!r}")
    for readout in readouts:
        _check_readout(readout)
    trace = forward(params, X)
    trace2 = trace if X2 is None else forward(params, finite_array(X2, "X2"))
    blocks = {}
    for readout in readouts:
        factors = _trace_factors(params, trace, trained, readout)
        factors2 = factors if X2 is None else _trace_factors(params, trace2, trained, readout)
        features, features2 = readout_features(trace, readout), readout_features(trace2, readout)
        blocks[readout] = NtkBlocks(recurrent=_gram_of_factors(*factors, *factors2, same=X2 is None),
                                    readout=np.matmul(features, features2.swapaxes(-1, -2)), width=params.width)
    return blocks


def empirical_readout_ntk(params: ElmanParams, X: np.ndarray, X2: np.ndarray | None = None,
                          readout: PooledReadout = "last", trained: Trained = "W",
                          readout_trained: bool = False) -> np.ndarray:
    """Theta_W/m (+ Theta_A/m) (+ Theta_b when readout_trained), shape (E, n, n2): the NTK of the NTK
    parametrisation, in the units of ``rnn_ntk_recursion.rnn_readout_ntk``."""
    return readout_ntk_blocks(params, X, X2, (readout,), trained)[readout].scaled(readout_trained)
