"""Lazy-regime diagnostics along a GD run: movement and linearization error (spec Q9-Q11).

    r_k     = sqrt(m) max_i ||theta_i(k) - theta_i(0)||                  (per-neuron movement)
    move_k  = ||theta(k) - theta(0)||_2 / ||theta(0)||_2                   (relative movement)
    e_lin_k = max_j | f(X^j; theta(k)) - <grad f(X^j; theta(0)), theta(k) - theta(0)> |
(f(.; theta(0)) = 0 under the symmetric initialisation, so the linear model has no offset.)
Each recorder is an observer for `projected_gradient_descent` and keeps the maximum over k.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import Activation
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, check_inputs, network_output, readout
from rnnbounds.numerics.neuron_derivatives import directional_derivative
from rnnbounds.numerics.projected_gd import neuron_displacement
from rnnbounds.numerics.validation import checked_size

__all__ = ["linearized_output", "LinearizationRecorder", "MovementRecorder"]


def linearized_output(start: DiagonalParams, params: DiagonalParams, X: np.ndarray,
                      act: Activation) -> np.ndarray:
    """f(X; theta(0)) + <grad f(X; theta(0)), theta - theta(0)>, shape (E, n)."""
    _, dh = directional_derivative(start.w, start.U, X, params.w - start.w, params.U - start.U, act)
    h0 = network_output(start, X, act)
    return h0 + readout(start, dh)


class LinearizationRecorder:
    """Observer recording max_k e_lin(k) (E,) every `every` steps (and at k = 0)."""

    def __init__(self, start: DiagonalParams, X: np.ndarray, act: Activation, every: int = 1):
        every = checked_size(every, "every")
        X = check_inputs(X, start.dim)
        self.start, self.X, self.act, self.every = start, X, act, every
        self.max_error = np.zeros(start.ensemble)

    def __call__(self, k: int, params: DiagonalParams) -> None:
        if k % self.every:
            return
        gap = network_output(params, self.X, self.act) - linearized_output(
            self.start, params, self.X, self.act)
        self.max_error = np.maximum(self.max_error, np.abs(gap).max(axis=1))


class MovementRecorder:
    """Observer recording max_k relative movement ||theta(k)-theta(0)|| / ||theta(0)|| (E,)."""

    def __init__(self, start: DiagonalParams):
        self.start = start
        scale = np.sqrt((start.w**2).sum(axis=1) + (start.U**2).sum(axis=(1, 2)))
        self.scale = scale
        self.max_relative = np.zeros(start.ensemble)

    def __call__(self, k: int, params: DiagonalParams) -> None:
        moved = np.linalg.norm(neuron_displacement(params, self.start).reshape(
            self.start.ensemble, -1), axis=1)
        self.max_relative = np.maximum(self.max_relative, moved / self.scale)
