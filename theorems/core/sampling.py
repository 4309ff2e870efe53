"""Sample grids over a symbol's domain, used by the numeric analyses of a bound."""

from __future__ import annotations

import numpy as np

from rnnbounds.theorems import symbols


def geometric_grid(name: str, low: float, high: float, points: int, kind: str | None = None) -> np.ndarray:
    """``points`` geometrically spaced values in [low, high]; for a size symbol, the distinct integers.
    ``kind``: the symbol's kind as the caller's bound declares it (default: looked up by name)."""
    grid = np.geomspace(low, high, points)
    return np.unique(np.round(grid)) if (kind or symbols.info(name).kind) == "size" else grid


def domain_grid(name: str, points: int = 121, kind: str | None = None) -> np.ndarray:
    """A geometric (or, for probabilities, logit-spaced) grid over the domain of ``name``."""
    kind = kind or symbols.info(name).kind
    if kind == "size":
        return geometric_grid(name, 1, 1e6, points, kind)
    if kind == "probability":
        return 1.0 / (1.0 + np.exp(-np.linspace(-9.0, 9.0, points)))
    if kind in ("positive", "nonnegative"):
        return np.geomspace(1e-3, 1e3, points)
    return np.linspace(-1e3, 1e3, points)
