"""Solve a bound for one variable: the smallest value from which on the bound meets a target."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np
from scipy.optimize import brentq

from rnnbounds.theorems.core.sampling import domain_grid

if TYPE_CHECKING:
    from rnnbounds.theorems.core.bound import Bound


def _meets(bound: "Bound", values: np.ndarray, target: float) -> np.ndarray:
    return values <= target if bound.direction.value == "upper" else values >= target


def checked_target(target: Any) -> float:
    """A finite real target (no strings, booleans or complex numbers), as a float."""
    if isinstance(target, (bool, np.bool_)) or not isinstance(target, (int, float, np.integer, np.floating)):
        raise ValueError(f"target must be a finite real number; got {target!r}")
    try:
        value = float(target)
    except OverflowError:
        raise ValueError("target must be a finite real number; got an integer beyond float range") from None
    if not np.isfinite(value):
        raise ValueError(f"target must be a finite real number; got {target!r}")
    return value


def smallest_satisfying(bound: "Bound", variable: str, target: float, fixed: Mapping[str, Any]) -> float | int:
    """Scan the admissible domain, then refine the first crossing with Brent's method; a size
    symbol gets the smallest integer (an int), by bisection on the integers.

    Raises ValueError when the variable or a fixed value is bad, when no admissible value meets
    the target, or when the target is met only on a part of the domain that is not a final
    segment (the answer would be ambiguous).
    """
    bound.check_variable(variable)
    target = checked_target(target)
    fixed = bound.checked_fixed(variable, fixed)
    point = bound.at_reference(**fixed)
    grid = bound.admissible(variable, domain_grid(variable, 400, bound.symbol_info(variable).kind), fixed)
    if grid.size == 0:
        raise ValueError(f"no {variable} in its domain is admissible for {bound.name} at these values")
    values = bound.evaluate(**{**point, variable: grid}, check_hypotheses=False)  # grid is admissible
    ok = _meets(bound, values, target)
    if not ok.any():
        raise ValueError(f"no {variable} in [{grid[0]:g}, {grid[-1]:g}] makes {bound.name} "
                         f"{'<=' if bound.direction.value == 'upper' else '>='} {target:g}")
    first = int(np.argmax(ok))
    if not ok[first:].all():
        raise ValueError(f"{bound.name} meets {target:g} only on part of the {variable} domain; "
                         "solve on a narrower range")
    kind = bound.symbol_info(variable).kind
    if first == 0:
        return int(grid[0]) if kind == "size" else float(grid[0])
    f = lambda x: float(bound.evaluate(**{**point, variable: x}, check_hypotheses=False)) - target
    if kind == "size":
        lo, hi = int(grid[first - 1]), int(grid[first])
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if _meets(bound, np.array(f(mid) + target), target) else (mid, hi)
        return int(hi)
    root = brentq(f, grid[first - 1], grid[first], xtol=1e-12, rtol=1e-12)
    return float(root) if _meets(bound, np.array(f(root) + target), target) else float(math.nextafter(root, grid[first]))
