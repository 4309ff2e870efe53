"""Elman RNN in the ALS19 convention, batched over sequences and an ensemble of networks.

    h_0 = 0,   g_l = W h_{l-1} + A x_l,   h_l = sigma(g_l),  F(x) = b^T h_L  (readout "last")
                                                             F_l(x) = b^T h_l (readout "all")

sigma is any activation of numerics.activations (ReLU by default, the ALS19 choice).

Initialization: W, A with i.i.d. N(0, 2/m) entries (He scale), Gaussian readout b ~ N(0, s^2 I).
Shapes: E networks, B sequences, L steps, width m, token dimension d.
W: (E, m, m), A: (E, m, d), b: (E, m); inputs X: (B, L, d), shared by every network, or
(E, B, L, d), one batch per network. Gradients (W, A and the readout b) are exact
back-propagation through time; ``hidden_jacobian`` gives d h_t / d h_k = D_t W ... D_{k+1} W.
Everything is computed in float64, whatever the dtype of the arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from rnnbounds.numerics.activations import RELU, Activation
from rnnbounds.numerics.finite import check_finite
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = [
    "Readout", "ElmanParams", "ElmanTrace", "init_elman", "forward", "outputs", "backward_deltas",
    "gradients", "hidden_jacobian",
]

Readout = Literal["last", "all"]


@dataclass(frozen=True)
class ElmanParams:
    """Weights of E independent networks: W (E, m, m), A (E, m, d), b (E, m)."""

    W: np.ndarray
    A: np.ndarray
    b: np.ndarray

    def __post_init__(self) -> None:
        for name in ("W", "A", "b"):
            object.__setattr__(self, name, finite_array(getattr(self, name), name))
        W, A, b = self.W, self.A, self.b
        if W.ndim != 3 or W.shape[1] != W.shape[2] or A.ndim != 3 or A.shape[:2] != W.shape[:2] \
                or b.shape != W.shape[:2]:
            raise ValueError(f"W, A, b must have shapes (E, m, m), (E, m, d), (E, m); got {W.shape}, "
                             f"{A.shape}, {b.shape}")

    @property
    def ensemble(self) -> int:
        return self.W.shape[0]

    @property
    def width(self) -> int:
        return self.W.shape[1]

    @property
    def token_dim(self) -> int:
        return self.A.shape[2]

    def with_recurrent(self, W: np.ndarray) -> "ElmanParams":
        """The same networks with recurrent weights replaced by W (E, m, m)."""
        return ElmanParams(W=W, A=self.A, b=self.b)


@dataclass(frozen=True)
class ElmanTrace:
    """Forward pass: hidden (E, B, L+1, m) with hidden[..., 0, :] = h_0 = 0; preact (E, B, L, m);
    the activation sigma it ran with."""

    hidden: np.ndarray
    preact: np.ndarray
    inputs: np.ndarray
    activation: Activation = RELU

    @property
    def steps(self) -> int:
        return self.preact.shape[2]


def init_elman(
    rng: np.random.Generator, ensemble: int, width: int, token_dim: int, readout_scale: float = 1.0
) -> ElmanParams:
    """Draw E networks: W_ij, A_ij ~ N(0, 2/m), b_i ~ N(0, readout_scale^2)."""
    ensemble, width = checked_size(ensemble, "ensemble"), checked_size(width, "width")
    token_dim = checked_size(token_dim, "token_dim")
    readout_scale = finite_scalar(readout_scale, "readout_scale", positive=True)
    scale = np.sqrt(2.0 / width)
    W = rng.standard_normal((ensemble, width, width)) * scale
    A = rng.standard_normal((ensemble, width, token_dim)) * scale
    b = rng.standard_normal((ensemble, width)) * readout_scale
    return ElmanParams(W=W, A=A, b=b)


def _slopes(trace: ElmanTrace, step: int) -> np.ndarray:
    """sigma'(g_l) at step l (1..L), shape (E, B, m): from h_l when the activation knows how."""
    act = trace.activation
    if act.derivative_from_value is not None:
        return act.derivative_from_value(trace.hidden[:, :, step])
    return act.derivative(trace.preact[:, :, step - 1])


def _validated_inputs(params: ElmanParams, X: np.ndarray) -> np.ndarray:
    X = finite_array(X, "X", allow_empty=True)
    if X.ndim not in (3, 4):
        raise ValueError(f"X must have shape (B, L, d) or (E, B, L, d), got {X.shape}")
    if X.shape[-1] != params.token_dim:
        raise ValueError(f"X has token dimension {X.shape[-1]}, the networks expect {params.token_dim}")
    if X.ndim == 4 and X.shape[0] != params.ensemble:
        raise ValueError(f"X has ensemble axis {X.shape[0]}, the networks have {params.ensemble}")
    if X.shape[-2] < 1:
        raise ValueError("X must hold at least one time step")
    if X.size == 0:
        raise ValueError(f"argument X is empty (shape {X.shape}): B = 0 sequences")
    return X


def _input_drive(A: np.ndarray, X: np.ndarray) -> np.ndarray:
    """A x_l of every network, step and sequence, laid out (E, L, B, m) (time-major), contiguous."""
    E, m, d = A.shape
    with np.errstate(over="ignore", invalid="ignore"):
        if X.ndim == 3:  # shared inputs: (L B, d) @ A_e^T for each network, written in place
            batch, steps, _ = X.shape
            tokens = np.ascontiguousarray(X.transpose(1, 0, 2)).reshape(steps * batch, d)
            return np.matmul(tokens, A.transpose(0, 2, 1)).reshape(E, steps, batch, m)
        drive = np.matmul(X, A.transpose(0, 2, 1)[:, None])  # (E, B, L, m)
    return np.ascontiguousarray(drive.transpose(0, 2, 1, 3))


def forward(params: ElmanParams, X: np.ndarray, act: Activation = RELU) -> ElmanTrace:
    """Run h_l = sigma(W h_{l-1} + A x_l) for l = 1..L from h_0 = 0; raise on overflow."""
    X = _validated_inputs(params, X)
    E, m = params.ensemble, params.width
    batch, steps = X.shape[-3], X.shape[-2]
    hidden = np.zeros((E, steps + 1, batch, m))  # time-major while stepping: contiguous slices
    drive = _input_drive(params.A, X)  # (E, L, B, m): A x_l for every step at once
    W_T = np.ascontiguousarray(params.W.transpose(0, 2, 1))  # a contiguous operand keeps matmul on BLAS
    product = np.empty((E, batch, m))  # buffers reused by every step: no temporary per step
    for step in range(steps):
        g = drive[:, step]
        with np.errstate(over="ignore", invalid="ignore"):
            g += np.matmul(hidden[:, step], W_T, out=product)  # batched GEMM over the ensemble
        check_finite(g, where="pre-activation g_l", step=step + 1)
        if act is RELU:
            np.maximum(g, 0.0, out=hidden[:, step + 1])
        elif isinstance(act.value, np.ufunc):
            act.value(g, out=hidden[:, step + 1])
        else:
            hidden[:, step + 1] = act.value(g)
    return ElmanTrace(hidden=hidden.transpose(0, 2, 1, 3), preact=drive.transpose(0, 2, 1, 3), inputs=X,
                      activation=act)


def outputs(params: ElmanParams, trace: ElmanTrace, readout: Readout = "last") -> np.ndarray:
    """F = b^T h_L with shape (E, B) for readout "last"; b^T h_l, shape (E, B, L), for "all"."""
    if readout == "last":
        return np.einsum("ebm,em->eb", trace.hidden[:, :, -1], params.b)
    if readout == "all":
        return np.einsum("eblm,em->ebl", trace.hidden[:, :, 1:], params.b)
    raise ValueError(f"readout must be 'last' or 'all', got {readout!r}")


def backward_deltas(
    params: ElmanParams, trace: ElmanTrace, cotangent: np.ndarray, readout: Readout = "last"
) -> np.ndarray:
    """delta_l = dF/dg_l, shape (E, B, L, m), for F = sum_b c_b b^T h_L (or sum_{b,l} c_bl b^T h_l).

    delta_L = D_L (c b); delta_l = D_l (W^T delta_{l+1} + [readout all] c_l b), D_l = diag(sigma'(g_l)).
    """
    E, batch, steps, m = trace.preact.shape
    c = finite_array(cotangent, "cotangent", allow_empty=True)
    expected = (E, batch) if readout == "last" else (E, batch, steps)
    if readout not in ("last", "all"):
        raise ValueError(f"readout must be 'last' or 'all', got {readout!r}")
    if c.shape != expected:
        raise ValueError(f"cotangent must have shape {expected} for readout {readout!r}, got {c.shape}")
    deltas = np.empty((E, steps, batch, m))  # time-major while stepping; returned as (E, B, L, m)
    relu = trace.activation is RELU
    preact = trace.preact.transpose(0, 2, 1, 3)
    upstream = np.zeros((E, batch, m))  # buffers reused by every step: no temporary per step
    readout_term = np.empty((E, batch, m))
    active = np.empty((E, batch, m), dtype=bool)
    for step in reversed(range(steps)):
        if readout == "all" or step == steps - 1:
            upstream += np.multiply(c[:, :, step, None] if readout == "all" else c[:, :, None],
                                    params.b[:, None, :], out=readout_term)
        slope = np.greater(preact[:, step], 0.0, out=active) if relu else _slopes(trace, step + 1)
        delta = np.multiply(upstream, slope, out=deltas[:, step])
        np.matmul(delta, params.W, out=upstream)
    return deltas.transpose(0, 2, 1, 3)


def gradients(
    params: ElmanParams, trace: ElmanTrace, cotangent: np.ndarray, readout: Readout = "last"
) -> dict[str, np.ndarray]:
    """Exact BPTT for F = sum_b c_b b^T h_L (or sum_{b,l} c_bl b^T h_l):

    dF/dW = sum_{b,l} delta_{b,l} h_{b,l-1}^T (E, m, m),  dF/dA = sum delta x^T (E, m, d),
    dF/db = sum_b c_b h_{b,L} (or sum_{b,l} c_bl h_{b,l}), shape (E, m).
    """
    E, m = params.ensemble, params.width
    deltas = backward_deltas(params, trace, cotangent, readout)
    c = np.asarray(cotangent, dtype=np.float64)
    # flatten (L, B) in time-major order, where the arrays made by forward/backward are contiguous
    flat_deltas = deltas.swapaxes(1, 2).reshape(E, -1, m).swapaxes(-1, -2)       # (E, m, L*B)
    previous = trace.hidden.swapaxes(1, 2)[:, :-1].reshape(E, -1, m)             # h_{l-1}: (E, L*B, m)
    X = trace.inputs
    tokens = X.swapaxes(-3, -2).reshape(X.shape[:-3] + (-1, X.shape[-1]))        # ([E,] L*B, d)
    if readout == "last":
        grad_b = np.einsum("eb,ebm->em", c, trace.hidden[:, :, -1])
    else:
        grad_b = np.einsum("ebl,eblm->em", c, trace.hidden[:, :, 1:])
    return {"W": np.matmul(flat_deltas, previous), "A": np.matmul(flat_deltas, tokens), "b": grad_b}


def hidden_jacobian(params: ElmanParams, trace: ElmanTrace, t: int, k: int) -> np.ndarray:
    """d h_t / d h_k = D_t W D_{t-1} W ... D_{k+1} W for 0 <= k <= t <= L, shape (E, B, m, m).

    D_l = diag(sigma'(g_l)) along the trace's trajectory; t = k gives the identity.
    """
    steps = trace.steps
    t, k = checked_size(t, "t", minimum=0), checked_size(k, "k", minimum=0)
    if t > steps:
        raise ValueError(f"argument t must be at most L = {steps}, got {t}")
    if k > t:
        raise ValueError(f"argument k must be at most t = {t}, got {k}")
    E, batch, _, m = trace.preact.shape
    # columns of every sequence side by side, (E, m, B m): one batched product W @ J per step
    jacobian = np.ascontiguousarray(np.broadcast_to(np.eye(m)[:, None, :], (E, m, batch, m))).reshape(E, m, -1)
    for step in range(k + 1, t + 1):
        slopes = _slopes(trace, step).transpose(0, 2, 1)[..., None]  # (E, m, B, 1)
        jacobian = (np.matmul(params.W, jacobian).reshape(E, m, batch, m) * slopes).reshape(E, m, -1)
    return np.ascontiguousarray(jacobian.reshape(E, m, batch, m).transpose(0, 2, 1, 3))
