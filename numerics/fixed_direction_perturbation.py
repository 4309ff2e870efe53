"""The repository's perturbation error (src/perturb.py, spec 6.5): fixed directions scaled for every beta.

For repeat r = 0..R-1 one Generator seeded r draws a Gaussian direction g per tensor (in the order
the tensors are given, every tensor of the model); the perturbed model is

    theta + beta g / ||g||_inf          (per tensor: its largest entry moves by exactly beta),

with the SAME g for every beta (the repository reseeds with r before each beta). Then

    E(beta_j) = max( E(beta_{j-1}), max_r error(theta + beta_j g_r / ||g_r||_inf) ),

a running max over the repeats and over all smaller betas; beta = 0 is evaluated once.
"""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from .validation import checked_size, finite_array

__all__ = ["fixed_directions", "fixed_direction_curve"]

Params = Mapping[str, np.ndarray]


def fixed_directions(params: Params, seed: int) -> dict[str, np.ndarray]:
    """g / ||g||_inf per tensor, g ~ N(0, I) from a Generator seeded ``seed``: each of sup norm 1.

    seed 0 is valid (the repository's first repeat); an empty tensor is refused."""
    seed = checked_size(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    out = {}
    for name, value in params.items():
        g = rng.standard_normal(finite_array(value, name).shape)
        out[name] = g / max(float(np.max(np.abs(g))), 1e-300)
    return out


def fixed_direction_curve(error: Callable[[dict[str, np.ndarray]], float], params: Params, betas: np.ndarray,
                          repeats: int) -> tuple[np.ndarray, np.ndarray]:
    """E(beta) on a grid (running max) and the raw per-repeat errors (R, nb); betas[0] = 0 is evaluated once.

    ``error`` maps a dict of perturbed tensors to a float (+inf for a diverged model).
    """
    betas = finite_array(betas, "betas", ndim=1)
    repeats = checked_size(repeats, "repeats")
    if np.any(np.diff(betas) <= 0) or betas[0] < 0:
        raise ValueError("betas must be a strictly increasing 1-d array of nonnegative values")
    params = {k: finite_array(v, k) for k, v in params.items()}
    directions = [fixed_directions(params, r) for r in range(repeats)]
    raw = np.empty((repeats, betas.size))
    for j, beta in enumerate(betas):
        if beta == 0:
            raw[:, j] = float(error(dict(params)))
            continue
        for r, g in enumerate(directions):
            raw[r, j] = float(error({k: v + beta * g[k] for k, v in params.items()}))
    raw = np.where(np.isnan(raw), np.inf, raw)
    return np.maximum.accumulate(raw.max(axis=0)), raw
