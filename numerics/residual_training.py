"""Training the repository's residual diagonal RNN by exact backpropagation through time, with Adam.

Model (radarFudan/Curse-of-memory "diagonalrnn" / "softplusrnn" with P = I, spec 6.3), scalar input:

    z_k = u x_k + b,   h_{k+1} = h_k + dt sigma(z_k - lambda * h_k),   h_0 = 0,
    y_k = c^T h_{k+1} + c0,   lambda = phi(w),

phi = relu ("direct", training mode), identity ("direct" when perturbed, as the repository does),
or softplus (the stable reparameterization). Parameters: w, u, b, c (m,) and c0 (scalar).
Loss: mean squared error over the batch (N, T). Gradients are exact (checked against central
differences in the tests); ``adam`` runs full-batch Adam from a seeded initialisation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from .activations import Activation
from .finite import check_finite
from .validation import finite_array, finite_scalar, checked_size

__all__ = [
    "RateMap", "PARAMETERS", "ResidualDiagonalRNN", "grown", "rates", "forward",
    "mse_loss_and_gradient", "AdamSettings", "adam", "perturbed",
]

RateMap = Literal["relu", "identity", "softplus"]
PARAMETERS = ("w", "u", "b", "c", "c0")


@dataclass(frozen=True)
class ResidualDiagonalRNN:
    """Parameters of the residual diagonal RNN: w, u, b, c of shape (m,), c0 of shape ()."""

    w: np.ndarray
    u: np.ndarray
    b: np.ndarray
    c: np.ndarray
    c0: np.ndarray

    def __post_init__(self) -> None:
        for name in PARAMETERS:
            object.__setattr__(self, name, finite_array(getattr(self, name), name, allow_empty=True))
        m = self.w.shape
        if len(m) != 1 or m[0] < 1 or any(getattr(self, k).shape != m for k in ("u", "b", "c")):
            raise ValueError(f"w, u, b, c must be vectors of one length m >= 1, got "
                             f"{[getattr(self, k).shape for k in ('w', 'u', 'b', 'c')]}")
        if self.c0.shape != ():
            raise ValueError(f"c0 must be a scalar (shape ()), got shape {self.c0.shape}")

    def as_dict(self) -> dict[str, np.ndarray]:
        return {k: getattr(self, k) for k in PARAMETERS}

    @classmethod
    def from_dict(cls, values: dict[str, np.ndarray]) -> "ResidualDiagonalRNN":
        return cls(*(np.asarray(values[k], dtype=np.float64) for k in PARAMETERS))

    @classmethod
    def initial(cls, m: int, rng: np.random.Generator) -> "ResidualDiagonalRNN":
        """w ~ N(0, 1) as in the repository; u, c ~ N(0, 1/m)-scaled; b = 0, c0 = 0."""
        m = checked_size(m, "m")
        return cls(rng.standard_normal(m), rng.standard_normal(m) / np.sqrt(m), np.zeros(m),
                   rng.standard_normal(m) / np.sqrt(m), np.zeros(()))


def grown(model: ResidualDiagonalRNN, m: int, rng: np.random.Generator) -> ResidualDiagonalRNN:
    """The same network with m - m_old new units (w ~ N(0,1), u ~ N(0, 1/m), b = 0, c = 0): same outputs."""
    extra = checked_size(m, "m") - model.w.size
    if extra < 0:
        raise ValueError(f"cannot grow a width-{model.w.size} network to width {m}")
    fresh = ResidualDiagonalRNN.initial(max(extra, 1), rng)
    pad = lambda old, new: np.concatenate([old, new[:extra]])
    return ResidualDiagonalRNN(pad(model.w, fresh.w), pad(model.u, fresh.u * np.sqrt(max(extra, 1) / m)),
                               pad(model.b, np.zeros(extra)), pad(model.c, np.zeros(extra)), model.c0.copy())


def rates(w: np.ndarray, phi: RateMap) -> tuple[np.ndarray, np.ndarray]:
    """lambda = phi(w) and dlambda/dw; the derivative of relu at its kink w = 0 is taken as 0."""
    w = finite_array(w, "w")
    if phi == "relu":
        return np.maximum(w, 0.0), (w > 0).astype(np.float64)
    if phi == "identity":
        return w, np.ones_like(w)
    if phi == "softplus":
        return np.logaddexp(0.0, w), 0.5 * (1.0 + np.tanh(0.5 * w))
    raise ValueError(f"phi must be 'relu', 'identity' or 'softplus', got {phi!r}")


def forward(model: ResidualDiagonalRNN, sigma: Activation, x: np.ndarray, dt: float, phi: RateMap
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Outputs y (N, T), hidden states h_0..h_T (N, T+1, m) and pre-activations (N, T, m)."""
    x = finite_array(x, "x", allow_empty=True)
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"x must have shape (N, T) with N, T >= 1, got {x.shape}")
    dt = finite_scalar(dt, "dt", positive=True)
    lam, _ = rates(model.w, phi)
    n, steps = x.shape
    h = np.zeros((n, steps + 1, model.w.size))
    pre = np.empty((n, steps, model.w.size))
    for k in range(steps):
        pre[:, k] = x[:, k, None] * model.u + model.b - lam * h[:, k]
        h[:, k + 1] = h[:, k] + dt * sigma.value(pre[:, k])
        check_finite(h[:, k + 1], where="residual RNN hidden state h", step=k + 1)
    return h[:, 1:] @ model.c + model.c0, h, pre


def mse_loss_and_gradient(model: ResidualDiagonalRNN, sigma: Activation, x: np.ndarray, y: np.ndarray,
                          dt: float, phi: RateMap) -> tuple[float, dict[str, np.ndarray]]:
    """L = mean (y_hat - y)^2 and its exact gradient by backpropagation through time."""
    y_hat, h, pre = forward(model, sigma, x, dt, phi)
    y = finite_array(y, "y")
    if y.shape != y_hat.shape:
        raise ValueError(f"y must have the shape of x {y_hat.shape}, got {y.shape}")
    residual = y_hat - y
    g = 2.0 * residual / residual.size                      # dL/dy_k, (N, T)
    lam, dlam = rates(model.w, phi)
    grads = {k: np.zeros_like(v) for k, v in model.as_dict().items()}
    grads["c"] = np.einsum("nt,ntm->m", g, h[:, 1:])
    grads["c0"] = np.asarray(g.sum())
    delta = np.zeros_like(h[:, 0])                          # dL/dh_{k+1}, accumulated backwards
    d_lam = np.zeros_like(lam)
    for k in range(x.shape[1] - 1, -1, -1):
        delta = delta + g[:, k, None] * model.c
        s = delta * dt * sigma.derivative(pre[:, k])        # dL/d pre_k
        grads["u"] += np.einsum("nm,n->m", s, x[:, k])
        grads["b"] += s.sum(axis=0)
        d_lam -= np.einsum("nm,nm->m", s, h[:, k])
        delta = delta - s * lam
    grads["w"] = d_lam * dlam
    return float(np.mean(residual**2)), grads


@dataclass(frozen=True)
class AdamSettings:
    """Full-batch Adam: step size, moment decays, epsilon, number of steps, gradient-norm clip."""

    learning_rate: float = 0.01
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    steps: int = 500
    clip: float = 0.5
    keep_best: bool = True  # return the iterate with the lowest loss (the repository checkpoints the best)

    def __post_init__(self) -> None:
        for name in ("learning_rate", "eps", "clip"):
            object.__setattr__(self, name, finite_scalar(getattr(self, name), name, positive=True))
        for name in ("beta1", "beta2"):
            object.__setattr__(self, name, finite_scalar(getattr(self, name), name))
            if not 0 <= getattr(self, name) < 1:
                raise ValueError(f"argument {name} must lie in [0, 1), got {getattr(self, name)!r}")
        object.__setattr__(self, "steps", checked_size(self.steps, "steps"))


def adam(model: ResidualDiagonalRNN, sigma: Activation, x: np.ndarray, y: np.ndarray, dt: float, phi: RateMap,
         settings: AdamSettings = AdamSettings()) -> tuple[ResidualDiagonalRNN, np.ndarray]:
    """Train with full-batch Adam (gradient norm clipped as in the repository); returns the model and losses.

    With keep_best the returned model is the iterate of lowest loss, never worse than the start.
    """
    params = {k: v.copy() for k, v in model.as_dict().items()}
    first = {k: np.zeros_like(v) for k, v in params.items()}
    second = {k: np.zeros_like(v) for k, v in params.items()}
    losses = np.empty(settings.steps)
    best, best_loss = dict(params), np.inf
    for step in range(1, settings.steps + 1):
        losses[step - 1], grads = mse_loss_and_gradient(ResidualDiagonalRNN.from_dict(params), sigma, x, y, dt, phi)
        if losses[step - 1] < best_loss:
            best, best_loss = {k: v.copy() for k, v in params.items()}, losses[step - 1]
        norm = np.sqrt(sum(float(np.sum(g**2)) for g in grads.values()))
        scale = min(1.0, settings.clip / norm) if norm > 0 else 1.0
        for k in params:
            g = grads[k] * scale
            first[k] = settings.beta1 * first[k] + (1 - settings.beta1) * g
            second[k] = settings.beta2 * second[k] + (1 - settings.beta2) * g**2
            corrected = first[k] / (1 - settings.beta1**step), second[k] / (1 - settings.beta2**step)
            params[k] = params[k] - settings.learning_rate * corrected[0] / (np.sqrt(corrected[1]) + settings.eps)
            check_finite(params[k], where=f"parameter {k} after Adam step", step=step)
    return ResidualDiagonalRNN.from_dict(best if settings.keep_best else params), losses


def perturbed(model: ResidualDiagonalRNN, deltas: dict[str, np.ndarray]) -> ResidualDiagonalRNN:
    """The model with every parameter moved by its delta."""
    unknown = set(deltas) - set(PARAMETERS)
    if unknown:
        raise ValueError(f"deltas names unknown parameters {sorted(unknown)}; choose from {PARAMETERS}")
    return replace(model, **{k: getattr(model, k) + finite_array(deltas[k], f"deltas[{k}]") for k in deltas})
