"""Sample grids over a symbol's domain, used by the numeric analyses of a bound."""

from __future__ import annotations

import numpy as np

from rnnbounds.theorems import symbols


def geometric_grid(name: str, low: float, high: float, points: int) -> np.ndarray:
    """``points`` geometrically spaced values in [low, high]; for a size symbol, the distinct integers."""
    grid = np.geomspace(low, high, points)
    return np.unique(np.round(grid)) if symbols.info(name).kind == "size" else grid


def domain_grid(name: str, points: int = 121) -> np.ndarray:
    """A geometric (or, for probabilities, logit-spaced) grid over the domain of ``name``."""
    kind = symbols.info(name).kind
    if kind == "size":
        return geometric_grid(name, 1, 1e6, points)
    if kind == "probability":
        return 1.0 / (1.0 + np.exp(-np.linspace(-9.0, 9.0, points)))
    if kind in ("positive", "nonnegative"):
        return np.geomspace(1e-3, 1e3, points)
    return np.linspace(-1e3, 1e3, points)
