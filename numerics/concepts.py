"""Input sequences and target concepts of the additive and N-variable classes (spec sec. 2).

Tokens: X (n, L, d) with directions uniform on the sphere. ``token_norm`` r sets ||X_l|| = r
(unnormalized inputs, the default r = 1); ``normalization="al19"`` instead sets ||X_1|| = 1 and
||X_l|| = eps for l >= 2, the small-token condition of Allen-Zhu & Li (2019).

    additive:    F(x) = sum_{l=1}^{L} f(beta_l^T X_l)                    betas (L, d)
    N-variable:  F(x) = f( sum_{j=1}^{N} beta_j^T X_{l_j} ),  l_1 < ... < l_N,  l_0 = l_N - l_1
"""

from __future__ import annotations

from typing import Callable, Literal

import numpy as np

from rnnbounds.numerics.finite import check_finite
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

ScalarFunction = Callable[[np.ndarray], np.ndarray]
Normalization = Literal["none", "al19"]

__all__ = [
    "SCALAR_FUNCTIONS", "scalar_function", "unit_directions", "sample_sequences", "random_betas",
    "additive_concept", "window_positions", "n_variable_concept", "random_signs",
]

SCALAR_FUNCTIONS: dict[str, ScalarFunction] = {
    "identity": lambda z: z,
    "square": lambda z: z**2,
    "cube": lambda z: z**3,
    "exp": np.exp,
    "expm1": np.expm1,
    "sin": np.sin,
    "cos": np.cos,
    "cosm1": lambda z: np.cos(z) - 1.0,
    "tanh": np.tanh,
}


def scalar_function(name: str) -> ScalarFunction:
    """Look up a target link f by name (see SCALAR_FUNCTIONS)."""
    if name not in SCALAR_FUNCTIONS:
        raise ValueError(f"unknown function {name!r}; choose one of {sorted(SCALAR_FUNCTIONS)}")
    return SCALAR_FUNCTIONS[name]


def unit_directions(rng: np.random.Generator, shape: tuple[int, ...], dim: int) -> np.ndarray:
    """Independent uniform points on the unit sphere S^{dim-1}, shape shape + (dim,)."""
    dim = checked_size(dim, "dim")
    shape = tuple(checked_size(k, "shape") for k in shape)
    z = rng.standard_normal(shape + (dim,))
    return z / np.linalg.norm(z, axis=-1, keepdims=True)


def sample_sequences(
    rng: np.random.Generator, n: int, steps: int, dim: int, *, token_norm: float = 1.0,
    normalization: Normalization = "none", eps: float = 0.1,
) -> np.ndarray:
    """n sequences of L = steps tokens in R^dim, shape (n, L, dim); token norms as in the module doc."""
    n, steps = checked_size(n, "n"), checked_size(steps, "steps")
    token_norm = finite_scalar(token_norm, "token_norm", positive=True)
    eps = finite_scalar(eps, "eps")
    X = unit_directions(rng, (n, steps), dim)
    if normalization == "none":
        return token_norm * X
    if normalization == "al19":
        if not 0 < eps <= 1:
            raise ValueError(f"eps must lie in (0, 1], got {eps!r}")
        norms = np.full(steps, eps)
        norms[0] = 1.0
        return X * norms[None, :, None]
    raise ValueError(f"normalization must be 'none' or 'al19', got {normalization!r}")


def random_betas(rng: np.random.Generator, count: int, dim: int, norm: float = 1.0) -> np.ndarray:
    """count directions of length norm, shape (count, dim)."""
    count = checked_size(count, "count")
    norm = finite_scalar(norm, "norm", nonnegative=True)
    return norm * unit_directions(rng, (count,), dim)


def additive_concept(X: np.ndarray, betas: np.ndarray, f: ScalarFunction) -> np.ndarray:
    """F(x_i) = sum_l f(beta_l^T X_{i,l}); X (n, L, d), betas (L, d); returns (n,)."""
    X, betas = finite_array(X, "X", ndim=3), finite_array(betas, "betas")
    if betas.shape != X.shape[1:]:
        raise ValueError(f"betas must have shape {X.shape[1:]}, got {betas.shape}")
    return _checked_targets(f(np.einsum("nld,ld->nl", X, betas)).sum(axis=1))


def _checked_targets(values: np.ndarray) -> np.ndarray:
    check_finite(values, where="target values F(x) (the link f overflowed)")
    return values


def window_positions(count: int, gap: int, steps: int) -> list[int]:
    """N = count distinct 1-based positions spread over [L - l_0, L] with l_0 = gap (N <= l_0 + 1)."""
    count, gap, steps = checked_size(count, "count"), checked_size(gap, "gap", minimum=0), checked_size(steps, "steps")
    if gap >= steps:
        raise ValueError(f"need 0 <= gap (l_0) < steps (L), got gap={gap}, steps={steps}")
    if count > gap + 1:
        raise ValueError(f"count: N = {count} distinct positions do not fit a window of width gap = l_0 = {gap}")
    if count == 1:
        return [steps]
    offsets = np.round(np.linspace(0, gap, count)).astype(int)
    return [int(steps - gap + offset) for offset in offsets]


def n_variable_concept(X: np.ndarray, positions: list[int], betas: np.ndarray, f: ScalarFunction) -> np.ndarray:
    """F(x_i) = f(sum_j beta_j^T X_{i, l_j}); positions are 1-based and distinct; betas (N, d)."""
    X, betas = finite_array(X, "X", ndim=3), finite_array(betas, "betas")
    if len(positions) == 0:
        raise ValueError("argument positions is empty: name at least one position")
    index = np.asarray(positions) - 1
    if len(set(positions)) != len(positions) or index.min() < 0 or index.max() >= X.shape[1]:
        raise ValueError(f"positions must be distinct and lie in 1..{X.shape[1]}, got {positions}")
    if betas.shape != (len(positions), X.shape[2]):
        raise ValueError(f"betas must have shape {(len(positions), X.shape[2])}, got {betas.shape}")
    return _checked_targets(f(np.einsum("njd,jd->n", X[:, index], betas)))


def random_signs(rng: np.random.Generator, n: int) -> np.ndarray:
    """n i.i.d. Rademacher labels: the random-label control for kernel-norm growth."""
    return rng.choice(np.array([-1.0, 1.0]), size=checked_size(n, "n"))
