"""The perturbation error E_m(beta) by worst-case search, and estimators of the stability radius.

Wang, Li & Li (2024), Def 3.4: E_m(beta) = sup_{|theta~ - theta_m| <= beta} ||H - H^(theta~)||.
The sup is estimated from below: random directions on the sphere of radius beta, a few
structured directions, then projected gradient ascent (central finite differences) from the
best start. The ball is named:

    "spectral": every block (matrix or vector) moves by at most beta in spectral / Euclidean
                norm, |theta|_2 = max of block norms (the paper, spec 1.3);
    "linf":     every entry of every tensor moves by at most beta (the repository, spec 6.5).

Parameters are a dict of named blocks; the error function takes a dict of batched blocks
(P, *shape) and returns (P,) errors. A perturbed model that diverges has error +inf: the
curve reports it as blown up, which is the finding the estimators look for.
"""

from __future__ import annotations

from typing import Callable, Literal, Mapping

import numpy as np

from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = [
    "BallNorm", "block_norm", "project_to_ball", "random_directions", "worst_case_error",
    "perturbation_curve", "crossing_points", "blow_up_points",
]

BallNorm = Literal["spectral", "linf"]
Params = Mapping[str, np.ndarray]
ErrorFunction = Callable[[dict[str, np.ndarray]], np.ndarray]


def block_norm(delta: np.ndarray, norm: BallNorm) -> np.ndarray:
    """Norm of each batched block (P, *shape) -> (P,): spectral (matrices) / Euclidean, or entrywise max."""
    delta = finite_array(delta, "delta")
    if delta.ndim < 2:
        raise ValueError(f"delta must be a batch of blocks (P, *shape), got shape {delta.shape}")
    if norm == "linf":
        return np.max(np.abs(delta.reshape(delta.shape[0], -1)), axis=1)
    if norm != "spectral":
        raise ValueError(f"norm must be 'spectral' or 'linf', got {norm!r}")
    if delta.ndim == 3:
        return np.linalg.norm(delta, ord=2, axis=(1, 2))
    return np.linalg.norm(delta.reshape(delta.shape[0], -1), axis=1)


def project_to_ball(delta: np.ndarray, beta: float, norm: BallNorm) -> np.ndarray:
    """Nearest point of the ball of radius beta (per batched block, in the named norm)."""
    beta = finite_scalar(beta, "beta", nonnegative=True)
    delta = finite_array(delta, "delta")
    if norm not in ("spectral", "linf"):
        raise ValueError(f"norm must be 'spectral' or 'linf', got {norm!r}")
    if norm == "linf":
        return np.clip(delta, -beta, beta)
    if delta.ndim == 3:
        u, s, vt = np.linalg.svd(delta, full_matrices=False)
        return np.einsum("pik,pk,pkj->pij", u, np.minimum(s, beta), vt)
    size = block_norm(delta, norm).reshape((-1,) + (1,) * (delta.ndim - 1))
    return delta * np.minimum(1.0, beta / np.maximum(size, 1e-300))


def random_directions(shape: tuple[int, ...], count: int, beta: float, norm: BallNorm,
                      rng: np.random.Generator) -> np.ndarray:
    """Gaussian directions scaled onto the sphere of radius beta: (count, *shape)."""
    count, beta = checked_size(count, "count"), finite_scalar(beta, "beta", nonnegative=True)
    shape = tuple(checked_size(k, "shape") for k in shape)
    g = rng.standard_normal((count,) + tuple(shape))
    size = block_norm(g, norm).reshape((-1,) + (1,) * len(shape))
    return beta * g / np.maximum(size, 1e-300)


def _batched(theta: Params, deltas: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: theta[k][None] + deltas[k] for k in theta}


def _safe_errors(error_fn: ErrorFunction, params: dict[str, np.ndarray]) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        errors = np.asarray(error_fn(params), dtype=np.float64)
    return np.where(np.isfinite(errors), errors, np.inf)


def _finite_difference_gradient(error_fn: ErrorFunction, theta: Params, delta: dict[str, np.ndarray],
                                step: float) -> dict[str, np.ndarray]:
    """Central differences of the error in every entry of every block, in one batched call."""
    names = list(theta)
    sizes = [theta[k].size for k in names]
    total = sum(sizes)
    flat = np.concatenate([delta[k].ravel() for k in names])
    probes = np.concatenate([flat + step * np.eye(total), flat - step * np.eye(total)])
    split = np.split(probes, np.cumsum(sizes)[:-1], axis=1)
    params = {k: theta[k][None] + s.reshape((-1,) + theta[k].shape) for k, s in zip(names, split)}
    errors = _safe_errors(error_fn, params)
    grad = np.nan_to_num((errors[:total] - errors[total:]) / (2 * step), posinf=0.0, neginf=0.0)
    return {k: g.reshape(theta[k].shape) for k, g in zip(names, np.split(grad, np.cumsum(sizes)[:-1]))}


def worst_case_error(
    error_fn: ErrorFunction, theta: Params, beta: float, norm: BallNorm, rng: np.random.Generator, *,
    samples: int = 10, ascent_steps: int = 3, structured: Mapping[str, np.ndarray] | None = None,
) -> tuple[float, dict[str, np.ndarray]]:
    """A lower estimate of E(beta) = sup_{|delta| <= beta} error(theta + delta), and its maximiser.

    structured: optional extra directions per block, (S, *shape), each scaled to radius beta
    (e.g. +I for a recurrent matrix, the eigenvalue-shifting direction of K3).
    """
    beta = finite_scalar(beta, "beta", nonnegative=True)
    samples, ascent_steps = checked_size(samples, "samples"), checked_size(ascent_steps, "ascent_steps", minimum=0)
    theta = {k: finite_array(v, f"theta[{k}]") for k, v in theta.items()}
    if not theta:
        raise ValueError("argument theta is empty: name at least one parameter block")
    if beta == 0:
        zero = {k: np.zeros_like(v) for k, v in theta.items()}
        return float(_safe_errors(error_fn, _batched(theta, {k: z[None] for k, z in zero.items()}))[0]), zero
    deltas = {k: random_directions(v.shape, samples, beta, norm, rng) for k, v in theta.items()}
    if structured:
        extra = {k: _scaled(structured.get(k), theta[k].shape, beta, norm) for k in theta}
        count = max(e.shape[0] for e in extra.values() if e is not None)
        deltas = {k: np.concatenate([deltas[k], _repeat_or_random(extra[k], count, theta[k].shape, beta, norm, rng)])
                  for k in theta}
    errors = _safe_errors(error_fn, _batched(theta, deltas))
    best = int(np.argmax(errors))
    best_error, best_delta = float(errors[best]), {k: d[best] for k, d in deltas.items()}
    for _ in range(ascent_steps if np.isfinite(best_error) else 0):
        best_error, best_delta = _ascent_step(error_fn, theta, best_delta, best_error, beta, norm)
    return best_error, best_delta


def _scaled(directions, shape, beta, norm):
    if directions is None:
        return None
    directions = np.asarray(directions, dtype=np.float64).reshape((-1,) + tuple(shape))
    size = block_norm(directions, norm).reshape((-1,) + (1,) * len(shape))
    return beta * directions / np.maximum(size, 1e-300)


def _repeat_or_random(directions, count, shape, beta, norm, rng):
    if directions is None:
        return random_directions(shape, count, beta, norm, rng)
    return directions[np.arange(count) % directions.shape[0]]


def _ascent_step(error_fn, theta, delta, error, beta, norm):
    """One projected, normalised gradient step of length beta per block; kept only if it helps."""
    grad = _finite_difference_gradient(error_fn, theta, delta, step=1e-6 * max(beta, 1e-3))
    moved = {}
    for k, g in grad.items():
        size = block_norm(g[None], norm)[0]
        step = g / size if size > 0 else np.zeros_like(g)
        moved[k] = project_to_ball((delta[k] + beta * step)[None], beta, norm)[0]
    new_error = float(_safe_errors(error_fn, _batched(theta, {k: v[None] for k, v in moved.items()}))[0])
    return (new_error, moved) if new_error > error else (error, delta)


def perturbation_curve(
    error_fn: ErrorFunction, theta: Params, betas: np.ndarray, norm: BallNorm,
    rng: np.random.Generator, **search,
) -> np.ndarray:
    """E(beta) on a grid of betas, as the running max (balls are nested, so E is non-decreasing)."""
    betas = finite_array(betas, "betas")
    if betas.ndim != 1 or np.any(np.diff(betas) <= 0) or np.any(betas < 0):
        raise ValueError("betas must be a strictly increasing 1-d array of nonnegative values")
    errors = np.array([worst_case_error(error_fn, theta, b, norm, rng, **search)[0] for b in betas])
    return np.maximum.accumulate(errors)


def crossing_points(betas: np.ndarray, curves: np.ndarray) -> np.ndarray:
    """beta*_k = smallest beta > 0 with E_{k+1}(beta) >= E_k(beta), for curves (K, nb): (K-1,), NaN if none.

    Curves are listed in increasing width; spec P7 expects beta*_k to fall with k for a
    polynomial-memory target and to stay put for an exponential one.
    """
    betas = finite_array(betas, "betas", ndim=1)
    curves = finite_array(curves, "curves", allow_inf=True)  # +inf = a model that blew up
    if curves.ndim != 2 or curves.shape[1] != betas.size:
        raise ValueError(f"curves must have shape (K, {betas.size}), got {curves.shape}")
    out = np.full(curves.shape[0] - 1, np.nan)
    for k in range(curves.shape[0] - 1):
        hits = np.flatnonzero((betas > 0) & (curves[k + 1] >= curves[k]))
        if hits.size:
            out[k] = betas[hits[0]]
    return out


def blow_up_points(betas: np.ndarray, curves: np.ndarray, factor: float = 10.0, floor: float = 0.0) -> np.ndarray:
    """Smallest beta with E(beta) > factor * max(E(0), floor), per curve (K, nb) -> (K,), NaN if none.

    The spec's proxy for the stability radius at finite m (section 8, point 5; K = 10); betas[0]
    must be 0. floor keeps the threshold meaningful when E(0) is at rounding level.
    """
    betas = finite_array(betas, "betas", ndim=1)
    curves = np.atleast_2d(finite_array(curves, "curves", allow_inf=True))  # +inf = blown up
    factor = finite_scalar(factor, "factor", positive=True)
    floor = finite_scalar(floor, "floor", nonnegative=True)
    if betas[0] != 0 or curves.shape[1] != betas.size:
        raise ValueError("betas must start at 0 and match the curves' last axis")
    threshold = factor * np.maximum(curves[:, 0], floor)
    out = np.full(curves.shape[0], np.nan)
    for k in range(curves.shape[0]):
        hits = np.flatnonzero(curves[k] > threshold[k])
        if hits.size:
            out[k] = betas[hits[0]]
    return out
