"""Bound values over a grid of the scan variable, as a table and a log-log plot."""

from __future__ import annotations

import numpy as np

from rnnbounds.theorems.core import Bound, ReportContext
from rnnbounds.theorems.core.sampling import geometric_grid


def scan_grid(bound: Bound, points: int = 7) -> tuple[str, np.ndarray] | None:
    """A geometric grid around the reference value of the bound's scan variable."""
    variable = bound.scan_variable
    if variable is None:
        return None
    center = float(bound.reference[variable])
    kind = bound.symbol_info(variable).kind
    if kind == "probability":
        grid = np.geomspace(min(center, 0.5) / 100, min(center * 4, 0.9), points)
    elif kind == "size":
        grid = geometric_grid(variable, max(1.0, center / 100), center * 100, points, kind)
    elif center > 0:
        grid = np.geomspace(center / 100, center * 100, points) if kind != "nonnegative" else np.linspace(0, center * 4, points)
    else:
        grid = np.linspace(center - 10, center + 10, points)
    admissible = bound.admissible(variable, grid, {})
    return (variable, admissible) if admissible.size else None


def bound_values(bound: Bound, points: int = 7) -> tuple[str, np.ndarray, np.ndarray] | None:
    """(variable, grid, values) with the other symbols at the reference point."""
    scan = scan_grid(bound, points)
    if scan is None:
        return None
    variable, grid = scan
    values = np.broadcast_to(bound.evaluate(**{**bound.reference, variable: grid}), grid.shape)
    return variable, grid, np.asarray(values, dtype=float)


def scaling_figure(bound: Bound, ctx: ReportContext) -> str | None:
    """A log-log (or semi-log) plot of the bound against its scan variable; the figure's path."""
    import matplotlib.pyplot as plt

    table = bound_values(bound, points=41)
    if table is None:
        return None
    variable, grid, values = table
    positive = np.isfinite(values) & (values > 1e-200) & (values < 1e200)  # log axes overflow near 1e308
    if positive.sum() < 2:
        return None
    fig, ax = plt.subplots(figsize=(4.8, 3.2))
    ax.plot(grid[positive], values[positive], color="C0")
    ax.set_yscale("log")
    ax.set_xscale("log" if grid[positive].min() > 0 else "linear")
    ax.set_xlabel(bound.symbol_info(variable).latex and f"${bound.symbol_info(variable).latex}$")
    ax.set_ylabel(f"{bound.name} [{bound.provenance.value}]")
    ax.grid(True, which="both", alpha=0.3)
    return ctx.save_figure(fig, f"bound-{bound.name.replace('_', '-')}")
