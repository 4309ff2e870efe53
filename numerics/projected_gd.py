"""Projected (max-norm constrained) gradient descent for diagonal RNNs, and plain GD.

    theta(k+1) = Proj_Omega( theta(k) - eta grad Rhat(theta(k)) ),   k = 0 .. tau-1
    Omega = { theta : ||theta_i - theta_i(0)||_2 <= rho / sqrt(m) for every neuron i }

The projection separates by neuron: theta_i is pulled radially back onto its own ball.  With
rho = None the step is plain gradient descent.  Every network of the ensemble is trained at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from rnnbounds.numerics.activations import Activation
from rnnbounds.numerics.diagonal_bptt import loss, loss_and_gradient
from rnnbounds.numerics.diagonal_rnn import DiagonalParams
from rnnbounds.numerics.finite import check_finite
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = [
    "Observer", "GDTrace", "neuron_displacement", "project_onto_neuron_balls",
    "projected_gradient_descent",
]

Observer = Callable[[int, DiagonalParams], None]


@dataclass(frozen=True)
class GDTrace:
    """What a run of (projected) GD reports, per network of the ensemble.

    losses (tau+1, E): Rhat(theta(k)); best_loss (E,) = min_k losses; best_step (E,);
    max_gain (E,): max_k max_i |w_i(k)|; max_movement (E,): r = sqrt(m) max_k max_i ||theta_i(k) - theta_i(0)||;
    final: theta(tau).
    """

    losses: np.ndarray
    best_loss: np.ndarray
    best_step: np.ndarray
    max_gain: np.ndarray
    max_movement: np.ndarray
    final: DiagonalParams


def neuron_displacement(params: DiagonalParams, start: DiagonalParams) -> np.ndarray:
    """theta_i - theta_i(0) stacked as (E, m, 1+d), coordinate 0 the recurrent weight."""
    if params.U.shape != start.U.shape:
        raise ValueError(f"params and start must have one shape, got {params.U.shape} and {start.U.shape}")
    return np.concatenate([(params.w - start.w)[..., None], params.U - start.U], axis=-1)


def project_onto_neuron_balls(params: DiagonalParams, start: DiagonalParams,
                              radius: float) -> DiagonalParams:
    """Pull each theta_i radially back onto the ball ||theta_i - theta_i(0)|| <= radius."""
    radius = finite_scalar(radius, "radius", positive=True)
    delta = neuron_displacement(params, start)
    norms = np.linalg.norm(delta, axis=-1, keepdims=True)
    scale = np.minimum(1.0, radius / np.maximum(norms, np.finfo(float).tiny))
    delta = delta * scale
    return params.with_weights(start.w + delta[..., 0], start.U + delta[..., 1:])


def _validate(eta: float, steps: int, rho: Optional[float]) -> None:
    finite_scalar(eta, "eta", positive=True)
    checked_size(steps, "steps", minimum=0)
    if rho is not None:
        finite_scalar(rho, "rho", positive=True)


def projected_gradient_descent(start: DiagonalParams, X: np.ndarray, Y: np.ndarray,
                               act: Activation, eta: float, steps: int,
                               rho: Optional[float] = None,
                               observe: Optional[Observer] = None) -> GDTrace:
    """Run tau = `steps` iterations of GD projected onto the per-neuron balls of radius rho/sqrt(m).

    observe(k, theta(k)) is called for k = 0 .. tau (e.g. to record a linearization error).
    """
    _validate(eta, steps, rho)
    radius = None if rho is None else rho / np.sqrt(start.width)
    params = start
    losses = np.empty((steps + 1, start.ensemble))
    max_gain = np.abs(start.w).max(axis=1)
    max_move = np.zeros(start.ensemble)
    for k in range(steps + 1):
        if observe is not None:
            observe(k, params)
        if k == steps:
            losses[k] = loss(params, X, Y, act)
            break
        losses[k], grad_w, grad_U = loss_and_gradient(params, X, Y, act)
        w, U = params.w - eta * grad_w, params.U - eta * grad_U
        check_finite(w, where="recurrent weights w", step=k + 1)
        check_finite(U, where="input weights U", step=k + 1)
        params = params.with_weights(w, U)
        if radius is not None:
            params = project_onto_neuron_balls(params, start, radius)
        max_gain = np.maximum(max_gain, np.abs(params.w).max(axis=1))
        moved = np.linalg.norm(neuron_displacement(params, start), axis=-1).max(axis=1)
        max_move = np.maximum(max_move, np.sqrt(start.width) * moved)
    return GDTrace(losses, losses.min(axis=0), losses.argmin(axis=0), max_gain, max_move, params)
