"""The repository's "rnn" / "softplusrnn" residual RNN with a trained orthogonal-at-start P, by exact BPTT.

Model (radarFudan/Curse-of-memory src/models/recurrent/{simple_rnn,softplusrnn}.py, spec 6.3), scalar input:

    z_k = u x_k + b,   A = P^T diag(phi(w)) P,   h_{k+1} = h_k + dt sigma(z_k - A h_k),   h_0 = 0,
    y_k = c^T h_{k+1} + c0,

P (m, m) starts orthogonal (QR of a Gaussian) and is trained freely (not re-orthogonalised);
phi = relu ("rnn" in training), identity ("rnn" when perturbed, on relu(w)) or softplus
("softplusrnn"). A is symmetric, and negative semidefinite as -A whenever phi >= 0.

Objective (spec 6.4): the time-weighted MSE of ``time_weighted_mse`` (or plain MSE) plus
``margin_weight * relu(1 - margin)``, margin = the repository's stability margin
(min of the positive w_i for relu/identity, softplus(min_i w_i) for softplus). Gradients are exact:
with G = dL/dA, dL/dP = diag(lambda) P (G + G^T) and dL/dlambda_k = (P G P^T)_kk.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from .activations import Activation
from .finite import check_finite
from .residual_training import AdamSettings, RateMap, rates
from .time_weighted_mse import time_weighted_mse_and_gradient
from .validation import checked_size, finite_array, finite_scalar

__all__ = [
    "LossName", "ORTHOGONAL_PARAMETERS", "ResidualOrthogonalRNN", "grown_orthogonal", "forward_orthogonal",
    "stability_margin", "objective_and_gradient", "adam_orthogonal", "perturbed_orthogonal",
]

LossName = Literal["time-weighted", "mse"]
ORTHOGONAL_PARAMETERS = ("w", "P", "u", "b", "c", "c0")


@dataclass(frozen=True)
class ResidualOrthogonalRNN:
    """Parameters: w, u, b, c of shape (m,), P of shape (m, m), c0 of shape ()."""

    w: np.ndarray
    P: np.ndarray
    u: np.ndarray
    b: np.ndarray
    c: np.ndarray
    c0: np.ndarray

    def __post_init__(self) -> None:
        for name in ORTHOGONAL_PARAMETERS:
            object.__setattr__(self, name, finite_array(getattr(self, name), name, allow_empty=True))
        m = self.w.shape
        if len(m) != 1 or m[0] < 1 or any(getattr(self, k).shape != m for k in ("u", "b", "c")):
            raise ValueError(f"w, u, b, c must be vectors of one length m >= 1, got "
                             f"{[getattr(self, k).shape for k in ('w', 'u', 'b', 'c')]}")
        if self.P.shape != (m[0], m[0]):
            raise ValueError(f"P must have shape ({m[0]}, {m[0]}), got {self.P.shape}")
        if self.c0.shape != ():
            raise ValueError(f"c0 must be a scalar (shape ()), got shape {self.c0.shape}")

    def as_dict(self) -> dict[str, np.ndarray]:
        return {k: getattr(self, k) for k in ORTHOGONAL_PARAMETERS}

    @classmethod
    def from_dict(cls, values: dict[str, np.ndarray]) -> "ResidualOrthogonalRNN":
        return cls(*(np.asarray(values[k], dtype=np.float64) for k in ORTHOGONAL_PARAMETERS))

    @classmethod
    def initial(cls, m: int, rng: np.random.Generator) -> "ResidualOrthogonalRNN":
        """w ~ N(0, 1), P = Q of the QR of a Gaussian (sign-fixed), u, c ~ N(0, 1/m); b = 0, c0 = 0."""
        m = checked_size(m, "m")
        w = rng.standard_normal(m)
        q, r = np.linalg.qr(rng.standard_normal((m, m)))
        P = q * np.sign(np.diag(r))[None, :]
        return cls(w, P, rng.standard_normal(m) / np.sqrt(m), np.zeros(m), rng.standard_normal(m) / np.sqrt(m),
                   np.zeros(()))

    def recurrent_matrix(self, phi: RateMap) -> np.ndarray:
        """A = P^T diag(phi(w)) P (the model's W is -A)."""
        lam, _ = rates(self.w, phi)
        return self.P.T @ (lam[:, None] * self.P)


def grown_orthogonal(model: ResidualOrthogonalRNN, m: int, rng: np.random.Generator) -> ResidualOrthogonalRNN:
    """The same network widened to m: P block-diagonal (old P, a fresh orthogonal block), new c = 0, so the
    new units never reach the old ones or the output and the outputs are unchanged."""
    extra = checked_size(m, "m") - model.w.size
    if extra < 0:
        raise ValueError(f"cannot grow a width-{model.w.size} network to width {m}")
    if extra == 0:
        return model
    fresh = ResidualOrthogonalRNN.initial(extra, rng)
    P = np.zeros((m, m))
    P[: model.w.size, : model.w.size], P[model.w.size:, model.w.size:] = model.P, fresh.P
    pad = np.concatenate
    return ResidualOrthogonalRNN(pad([model.w, fresh.w]), P, pad([model.u, fresh.u * np.sqrt(extra / m)]),
                                 pad([model.b, np.zeros(extra)]), pad([model.c, np.zeros(extra)]), model.c0.copy())


def forward_orthogonal(model: ResidualOrthogonalRNN, sigma: Activation, x: np.ndarray, dt: float, phi: RateMap
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Outputs y (N, T), hidden states h_0..h_T (N, T+1, m) and pre-activations (N, T, m)."""
    x = finite_array(x, "x", allow_empty=True)
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"x must have shape (N, T) with N, T >= 1, got {x.shape}")
    dt = finite_scalar(dt, "dt", positive=True)
    A = model.recurrent_matrix(phi)
    n, steps = x.shape
    h = np.zeros((n, steps + 1, model.w.size))
    pre = np.empty((n, steps, model.w.size))
    for k in range(steps):
        pre[:, k] = x[:, k, None] * model.u + model.b - h[:, k] @ A.T
        h[:, k + 1] = h[:, k] + dt * sigma.value(pre[:, k])
        check_finite(h[:, k + 1], where="residual orthogonal RNN hidden state h", step=k + 1)
    return h[:, 1:] @ model.c + model.c0, h, pre


def stability_margin(w: np.ndarray, phi: RateMap) -> tuple[float, np.ndarray]:
    """The repository's margin and its gradient in w: softplus(min_i w_i) for softplus; otherwise the
    smallest positive w_i (0, with zero gradient, when no w_i is positive)."""
    w = finite_array(w, "w")
    grad = np.zeros_like(w)
    if phi == "softplus":
        k = int(np.argmin(w))
        lam, dlam = rates(w[k:k + 1], "softplus")
        grad[k] = dlam[0]
        return float(lam[0]), grad
    rates(w, phi)  # validates phi
    positive = np.flatnonzero(w > 0)
    if positive.size == 0:
        return 0.0, grad
    k = int(positive[np.argmin(w[positive])])
    grad[k] = 1.0
    return float(w[k]), grad


def _loss(y_hat: np.ndarray, y: np.ndarray, loss: LossName) -> tuple[float, np.ndarray]:
    if loss == "time-weighted":
        return time_weighted_mse_and_gradient(y_hat, y)
    if loss == "mse":
        residual = y_hat - y
        return float(np.mean(residual**2)), 2.0 * residual / residual.size
    raise ValueError(f"loss must be 'time-weighted' or 'mse', got {loss!r}")


def objective_and_gradient(model: ResidualOrthogonalRNN, sigma: Activation, x: np.ndarray, y: np.ndarray, dt: float,
                           phi: RateMap, loss: LossName = "time-weighted", margin_weight: float = 0.0
                           ) -> tuple[float, dict[str, np.ndarray]]:
    """loss(y^, y) + margin_weight relu(1 - margin) and its exact gradient by backpropagation through time."""
    margin_weight = finite_scalar(margin_weight, "margin_weight", nonnegative=True)
    y_hat, h, pre = forward_orthogonal(model, sigma, x, dt, phi)
    y = finite_array(y, "y")
    if y.shape != y_hat.shape:
        raise ValueError(f"y must have the shape of x {y_hat.shape}, got {y.shape}")
    value, g = _loss(y_hat, y, loss)
    lam, dlam = rates(model.w, phi)
    A = model.P.T @ (lam[:, None] * model.P)
    grads = {k: np.zeros_like(v) for k, v in model.as_dict().items()}
    grads["c"] = np.einsum("nt,ntm->m", g, h[:, 1:])
    grads["c0"] = np.asarray(g.sum())
    delta = np.zeros_like(h[:, 0])                          # dL/dh_{k+1}, accumulated backwards
    dA = np.zeros_like(A)
    for k in range(x.shape[1] - 1, -1, -1):
        delta = delta + g[:, k, None] * model.c
        s = delta * dt * sigma.derivative(pre[:, k])        # dL/d pre_k
        grads["u"] += s.T @ x[:, k]
        grads["b"] += s.sum(axis=0)
        dA -= s.T @ h[:, k]
        delta = delta - s @ A
    grads["P"] = lam[:, None] * (model.P @ (dA + dA.T))
    grads["w"] = np.einsum("ki,ij,kj->k", model.P, dA, model.P) * dlam
    if margin_weight > 0:
        margin, dmargin = stability_margin(model.w, phi)
        if margin < 1.0:
            value += margin_weight * (1.0 - margin)
            grads["w"] = grads["w"] - margin_weight * dmargin
    return value, grads


def adam_orthogonal(model: ResidualOrthogonalRNN, sigma: Activation, x: np.ndarray, y: np.ndarray, dt: float,
                    phi: RateMap, settings: AdamSettings = AdamSettings(), loss: LossName = "time-weighted",
                    margin_weight: float = 0.0) -> tuple[ResidualOrthogonalRNN, np.ndarray]:
    """Full-batch Adam with the gradient norm clipped (as the repository); returns the model (the iterate
    of lowest objective with keep_best) and the objective per step."""
    params = {k: v.copy() for k, v in model.as_dict().items()}
    first = {k: np.zeros_like(v) for k, v in params.items()}
    second = {k: np.zeros_like(v) for k, v in params.items()}
    values = np.empty(settings.steps)
    best, best_value = dict(params), np.inf
    for step in range(1, settings.steps + 1):
        values[step - 1], grads = objective_and_gradient(ResidualOrthogonalRNN.from_dict(params), sigma, x, y, dt, phi,
                                                         loss, margin_weight)
        if values[step - 1] < best_value:
            best, best_value = {k: v.copy() for k, v in params.items()}, values[step - 1]
        norm = np.sqrt(sum(float(np.sum(g**2)) for g in grads.values()))
        scale = min(1.0, settings.clip / norm) if norm > 0 else 1.0
        for k in params:
            g = grads[k] * scale
            first[k] = settings.beta1 * first[k] + (1 - settings.beta1) * g
            second[k] = settings.beta2 * second[k] + (1 - settings.beta2) * g**2
            corrected = first[k] / (1 - settings.beta1**step), second[k] / (1 - settings.beta2**step)
            params[k] = params[k] - settings.learning_rate * corrected[0] / (np.sqrt(corrected[1]) + settings.eps)
            check_finite(params[k], where=f"parameter {k} after Adam step", step=step)
    return ResidualOrthogonalRNN.from_dict(best if settings.keep_best else params), values


def perturbed_orthogonal(model: ResidualOrthogonalRNN, deltas: dict[str, np.ndarray]) -> ResidualOrthogonalRNN:
    """The model with every named parameter moved by its delta."""
    unknown = set(deltas) - set(ORTHOGONAL_PARAMETERS)
    if unknown:
        raise ValueError(f"deltas names unknown parameters {sorted(unknown)}; choose from {ORTHOGONAL_PARAMETERS}")
    return replace(model, **{k: getattr(model, k) + finite_array(deltas[k], f"deltas[{k}]") for k in deltas})
