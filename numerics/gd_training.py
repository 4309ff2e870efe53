"""Full-batch gradient descent on the recurrent weights W of an ensemble of Elman RNNs.

Loss (per network): Phi(W) = (1/2) sum_i (u(x_i) - y_i)^2, with u = F_W - F_{W(0)} when
``centered`` (the initial function is subtracted, so the kernel regime starts from u = 0) and
u = F_W otherwise. Update: W <- W - eta * dPhi/dW with exact BPTT gradients; A and b stay fixed.
Test error: mean of min(|u(x) - y|, 1) on fresh sequences (a loss in [0, 1], 1-Lipschitz in u).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbounds.numerics.elman_rnn import ElmanParams, forward, gradients, outputs
from rnnbounds.numerics.finite import check_finite
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = ["TrainingRun", "network_function", "train_recurrent", "clipped_test_error"]


@dataclass(frozen=True)
class TrainingRun:
    """Trained networks, the training loss (E, steps + 1) and the initial networks."""

    params: ElmanParams
    initial: ElmanParams
    losses: np.ndarray
    centered: bool

    def predict(self, X: np.ndarray) -> np.ndarray:
        """u(x) for every network, shape (E, n)."""
        return network_function(self.params, self.initial if self.centered else None, X)


def network_function(params: ElmanParams, initial: ElmanParams | None, X: np.ndarray) -> np.ndarray:
    """F_W(x) - F_{W(0)}(x) when ``initial`` is given, else F_W(x); shape (E, n)."""
    value = outputs(params, forward(params, X))
    if initial is not None:
        value = value - outputs(initial, forward(initial, X))
    return value


def train_recurrent(
    params: ElmanParams, X: np.ndarray, y: np.ndarray, *, steps: int, step_size: float, centered: bool = True
) -> TrainingRun:
    """Run ``steps`` full-batch GD steps on W; y has shape (n,) or (E, n)."""
    steps = checked_size(steps, "steps", minimum=0)
    step_size = finite_scalar(step_size, "step_size", positive=True)
    initial_trace = forward(params, X)  # validates X first
    y = _targets(y, params.ensemble, np.shape(X)[-3])
    offset = outputs(params, initial_trace) if centered else 0.0
    current, losses = params, []
    for step in range(steps + 1):
        trace = forward(current, X)
        residual = outputs(current, trace) - offset - y
        losses.append(0.5 * np.sum(residual**2, axis=1))
        check_finite(losses[-1], where="training loss", step=step)
        if step < steps:
            grad_W = gradients(current, trace, residual, "last")["W"]
            updated = current.W - step_size * grad_W
            check_finite(updated, where="recurrent weights W", step=step + 1)
            current = current.with_recurrent(updated)
    return TrainingRun(params=current, initial=params, losses=np.stack(losses, axis=1), centered=centered)


def _targets(y: np.ndarray, ensemble: int, n: int) -> np.ndarray:
    """Labels y (n,) or (E, n), finite, broadcast to (E, n)."""
    y = finite_array(y, "y")
    if y.shape not in ((n,), (ensemble, n)):
        raise ValueError(f"y must have shape ({n},) or ({ensemble}, {n}), got {y.shape}")
    return np.broadcast_to(y, (ensemble, n))


def clipped_test_error(run: TrainingRun, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean over fresh sequences of min(|u(x) - y|, 1), one value per network, shape (E,)."""
    prediction = run.predict(X)
    y = _targets(y, run.params.ensemble, prediction.shape[-1])
    return np.mean(np.minimum(np.abs(prediction - y), 1.0), axis=1)
