"""Infinite-width NTK of the ReLU Elman RNN (readout at the last step), in closed form.

Model: F(x) = b^T h_L, b ~ N(0, I_m), W, A ~ N(0, 2/m). With q_0 = 0 and, for l = 1..L,

    s_l(x,x')   = q_{l-1}(x,x') + <X_l, X'_l>
    theta_l     = arccos( s_l(x,x') / sqrt(s_l(x,x) s_l(x',x')) )
    q_l(x,x')   = sqrt(s_l(x,x) s_l(x',x')) / pi * (sin theta_l + (pi - theta_l) cos theta_l)
    rhodot_l    = (pi - theta_l) / pi
    Theta_W / m = sum_l (1/2) [prod_{k=l}^{L} rhodot_k] q_{l-1}          (only W trained)
    Theta_A / m = sum_l (1/2) [prod_{k=l}^{L} rhodot_k] <X_l, X'_l>      (added when A is trained)

q_l is the limit of <h_l(x), h_l(x')>, the arc-cosine kernel of degree one; the diagonal obeys
q_l(x,x) = q_{l-1}(x,x) + ||X_l||^2. The sum is accumulated forward with
S_l = (S_{l-1} + (1/2) q_{l-1}) rhodot_l, so memory does not grow with L. The recursion uses the
gradient-independence step usual for weight-shared networks (spec sec. 4.5).

Digits. For two sequences that agree in every token so far (in particular a sequence with itself)
the angle theta_l is 0 exactly, so the recursion sets cos theta_l = 1, q_l = s_l(x,x) and
rhodot_l = 1 for such pairs by construction: computing arccos of a cosine that rounded 1 ulp
below 1 would give theta ~ 1.5e-8 and cost ~5e-9 relative accuracy per step. The kernels are
homogeneous of degree 2 in the tokens, so the tokens are scaled by a power of two (exactly) into
a safe range first and the result scaled back; a kernel beyond the float64 range is a ValueError.
Inputs are converted to float64; the result is float64 whatever the input dtype.

Other readouts [D]. The same recursion run over every pair of steps (l, l') gives the cross-time
kernels q_{l,l'} = lim <h_l(x), h'_l'(x')> and Theta_{l,l'} = lim <dF_l/dW, dF'_l'/dW>/m of the
per-step outputs F_l = b^T h_l:

    s_{l,l'}     = q_{l-1,l'-1} + <X_l, X'_l'>,   q_{0,.} = q_{.,0} = 0
    q_{l,l'}, rhodot_{l,l'} = the arc-cosine layer of s_{l,l'} with diagonals s_{l,l}(x,x), s_{l',l'}(x',x')
    Theta_{l,l'} = (Theta_{l-1,l'-1} + (1/2) q_{l-1,l'-1}) rhodot_{l,l'}   (s_{l,l'} for the q-term if A is trained)

Backward vectors <delta_l, delta'_l'> meet only at equal depth below their outputs (W^T applied equally
often, the gradient-independence step), so each (l, l') draws on the diagonal l - l' = const only;
Theta_{L,L} is the last-step kernel above. The average-pooled readout F = (1/L) sum_l b^T h_l has
Theta/m = (1/L^2) sum_{l,l'} Theta_{l,l'}; a trained readout b adds its random-features kernel, q_{L,L}
(last) or (1/L^2) sum_{l,l'} q_{l,l'} (mean), in the NTK parametrisation (``ntk_gram.NtkBlocks``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from rnnbounds.numerics.validation import finite_array, checked_size

Trained = Literal["W", "WA"]
#: F = b^T h_L ("last") or the average-pooled F = (1/L) sum_l b^T h_l ("mean")
PooledReadout = Literal["last", "mean"]

__all__ = [
    "Trained", "PooledReadout", "RecursionKernels", "rnn_ntk_kernels", "rnn_ntk", "unit_token_ntk_diagonal",
    "CrossTimeKernels", "cross_time_kernels", "rnn_readout_ntk",
]


@dataclass(frozen=True)
class RecursionKernels:
    """theta: Theta/m, shape (n, n2); hidden: q_L = lim <h_L, h'_L>, shape (n, n2)."""

    theta: np.ndarray
    hidden: np.ndarray


def _arccos_step(s: np.ndarray, s_left: np.ndarray, s_right: np.ndarray,
                 identical: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One ReLU layer of the arc-cosine kernel: (q_l, rhodot_l) from s_l and its diagonals.

    identical marks the pairs whose sequences agree so far: there theta = 0 exactly, q = s, rhodot = 1.
    """
    return _arccos_layer(s, np.sqrt(s_left[:, None] * s_right[None, :]), identical)


def _arccos_layer(s: np.ndarray, scale: np.ndarray, identical: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(q, rhodot) from s and scale = sqrt(s(x,x) s(x',x')), any common shape."""
    cosine = np.divide(s, scale, out=np.ones_like(s), where=scale > 0)
    cosine[identical] = 1.0
    theta = np.arccos(np.clip(cosine, -1.0, 1.0))
    q = scale / np.pi * (np.sin(theta) + (np.pi - theta) * np.cos(theta))
    q[identical] = s[identical]
    return q, (np.pi - theta) / np.pi


def _validated(X: np.ndarray, name: str) -> np.ndarray:
    X = finite_array(X, name)
    if X.ndim != 3:
        raise ValueError(f"{name} must have shape (n, L, d) with n, L, d >= 1, got {X.shape}")
    return X


def _power_of_two_scale(*arrays: np.ndarray) -> float:
    """A power of two near max |X|, so that X / scale has entries of order one (exact division)."""
    largest = max(float(np.max(np.abs(a))) for a in arrays)
    if largest == 0.0:
        return 1.0
    return float(np.ldexp(1.0, int(np.frexp(largest)[1])))


def _same_tokens(X: np.ndarray, X2: np.ndarray, step: int) -> np.ndarray:
    """(n, n2) mask: token `step` of X_i equals token `step` of X2_j exactly."""
    return np.all(X[:, None, step] == X2[None, :, step], axis=-1)


def rnn_ntk_kernels(X: np.ndarray, X2: np.ndarray | None = None, trained: Trained = "W") -> RecursionKernels:
    """Theta/m and q_L between sequences X (n, L, d) and X2 (n2, L, d) (X2 defaults to X)."""
    X = _validated(X, "X")
    X2 = X if X2 is None else _validated(X2, "X2")
    if X.shape[1:] != X2.shape[1:]:
        raise ValueError(f"X and X2 must share (L, d), got {X.shape[1:]} and {X2.shape[1:]}")
    if trained not in ("W", "WA"):
        raise ValueError(f"trained must be 'W' or 'WA', got {trained!r}")
    scale = _power_of_two_scale(X, X2)
    kernels = _scaled_recursion(X / scale, X2 / scale, trained)
    with np.errstate(over="ignore"):
        theta, hidden = kernels.theta * scale * scale, kernels.hidden * scale * scale
    if not (np.isfinite(theta).all() and np.isfinite(hidden).all()):
        raise ValueError(f"argument X: tokens of size {scale:.3g} give a kernel beyond the float64 range")
    return RecursionKernels(theta=theta, hidden=hidden)


def _scaled_recursion(X: np.ndarray, X2: np.ndarray, trained: Trained) -> RecursionKernels:
    """The recursion of the module doc, forward in l, on tokens of order one."""
    q = np.zeros((X.shape[0], X2.shape[0]))
    q_left, q_right = np.zeros(X.shape[0]), np.zeros(X2.shape[0])
    identical = np.ones(q.shape, dtype=bool)
    ntk = np.zeros_like(q)
    for step in range(X.shape[1]):
        identical &= _same_tokens(X, X2, step)
        s = q + X[:, step] @ X2[:, step].T
        s_left = q_left + np.einsum("nd,nd->n", X[:, step], X[:, step])
        s_right = q_right + np.einsum("nd,nd->n", X2[:, step], X2[:, step])
        s[identical] = np.broadcast_to(s_left[:, None], s.shape)[identical]
        gradient_features = s if trained == "WA" else q
        q_next, rhodot = _arccos_step(s, s_left, s_right, identical)
        ntk = (ntk + 0.5 * gradient_features) * rhodot
        q, q_left, q_right = q_next, s_left, s_right
    return RecursionKernels(theta=ntk, hidden=q)


def rnn_ntk(X: np.ndarray, X2: np.ndarray | None = None, trained: Trained = "W") -> np.ndarray:
    """Theta(x, x')/m of the infinite-width ReLU Elman RNN, shape (n, n2)."""
    return rnn_ntk_kernels(X, X2, trained).theta


def unit_token_ntk_diagonal(steps: int) -> float:
    """Theta(x,x)/m = L(L-1)/4 for unit-norm tokens with only W trained (spec F14)."""
    steps = checked_size(steps, "steps")
    return steps * (steps - 1) / 4.0


@dataclass(frozen=True)
class CrossTimeKernels:
    """theta[i, j, l, l'] = lim <dF_l(x_i)/dW, dF_l'(x'_j)/dW>_F / m for F_l = b^T h_l, and
    hidden[i, j, l, l'] = lim <h_l(x_i), h_l'(x'_j)>; shape (n, n2, L, L), steps l = 1..L at index l - 1."""

    theta: np.ndarray
    hidden: np.ndarray


def cross_time_kernels(X: np.ndarray, X2: np.ndarray | None = None, trained: Trained = "W") -> CrossTimeKernels:
    """The recursion over every pair of steps (module doc, "Other readouts"), X (n, L, d), X2 (n2, L, d)."""
    X = _validated(X, "X")
    X2 = X if X2 is None else _validated(X2, "X2")
    if X.shape[1:] != X2.shape[1:]:
        raise ValueError(f"X and X2 must share (L, d), got {X.shape[1:]} and {X2.shape[1:]}")
    if trained not in ("W", "WA"):
        raise ValueError(f"trained must be 'W' or 'WA', got {trained!r}")
    scale = _power_of_two_scale(X, X2)
    kernels = _scaled_cross_time(X / scale, X2 / scale, trained)
    with np.errstate(over="ignore"):
        theta, hidden = kernels.theta * scale * scale, kernels.hidden * scale * scale
    if not (np.isfinite(theta).all() and np.isfinite(hidden).all()):
        raise ValueError(f"argument X: tokens of size {scale:.3g} give a kernel beyond the float64 range")
    return CrossTimeKernels(theta=theta, hidden=hidden)


def _shifted(row: np.ndarray, first: float | bool) -> np.ndarray:
    """Row l of a kernel as the previous row for step l + 1: column l' holds the value at (l, l'), l' = 0..L."""
    return np.concatenate([np.full(row.shape[:-1] + (1,), first, dtype=row.dtype), row], axis=-1)


def _scaled_cross_time(X: np.ndarray, X2: np.ndarray, trained: Trained) -> CrossTimeKernels:
    """Row by row in l, every l' at once; identical histories (theta = 0 exactly) as in the last-step recursion."""
    n, steps, _ = X.shape
    tokens = np.einsum("ald,bud->ablu", X, X2)                                    # <X_l, X'_l'>
    equal = np.all(X[:, None, :, None] == X2[None, :, None, :], axis=-1)
    diag_left = np.cumsum(np.einsum("ald,ald->al", X, X), axis=1)                 # s_{l,l}(x, x)
    diag_right = np.cumsum(np.einsum("bud,bud->bu", X2, X2), axis=1)
    q_prev = np.zeros((n, X2.shape[0], steps + 1))                                # q_{l-1, l'}, l' = 0..L
    theta_prev, identical_prev = np.zeros_like(q_prev), np.zeros(q_prev.shape, dtype=bool)
    identical_prev[..., 0] = True                                                 # h_0 = h'_0 = 0
    theta, hidden = np.zeros(q_prev.shape[:2] + (steps, steps)), np.zeros(q_prev.shape[:2] + (steps, steps))
    for step in range(steps):
        identical = identical_prev[..., :-1] & equal[:, :, step]
        left = np.broadcast_to(diag_left[:, step, None, None], identical.shape)
        s = np.where(identical, left, q_prev[..., :-1] + tokens[:, :, step])
        q, rhodot = _arccos_layer(s, np.sqrt(left * diag_right[None]), identical)
        features = s if trained == "WA" else q_prev[..., :-1]
        hidden[:, :, step] = q
        theta[:, :, step] = (theta_prev[..., :-1] + 0.5 * features) * rhodot
        q_prev, theta_prev = _shifted(q, 0.0), _shifted(theta[:, :, step], 0.0)
        identical_prev = _shifted(identical, False)
    return CrossTimeKernels(theta=theta, hidden=hidden)


def rnn_readout_ntk(X: np.ndarray, X2: np.ndarray | None = None, readout: PooledReadout = "last",
                    trained: Trained = "W", readout_trained: bool = False) -> np.ndarray:
    """Theta/m of the readout F = b^T h_L ("last") or (1/L) sum_l b^T h_l ("mean"), shape (n, n2);
    readout_trained adds the readout's random-features kernel (NTK parametrisation)."""
    if readout not in ("last", "mean"):
        raise ValueError(f"readout must be 'last' or 'mean', got {readout!r}")
    if not isinstance(readout_trained, (bool, np.bool_)):
        raise ValueError(f"readout_trained must be True or False, got {readout_trained!r}")
    if readout == "last":
        kernels = rnn_ntk_kernels(X, X2, trained)
        return kernels.theta + kernels.hidden if readout_trained else kernels.theta
    grid = cross_time_kernels(X, X2, trained)
    pooled = grid.theta.mean(axis=(-2, -1))
    return pooled + grid.hidden.mean(axis=(-2, -1)) if readout_trained else pooled
