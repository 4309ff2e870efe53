"""Minimal width on a doubling grid: the smallest m in {m0, 2 m0, 4 m0, ...} whose median
(over seeds) best training loss min_{k <= tau} Rhat(theta(k)) is at most eps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = ["BestLosses", "WidthSearch", "doubling_grid", "minimal_width"]

BestLosses = Callable[[int], np.ndarray]  # width m -> best loss per seed, shape (seeds,)


@dataclass(frozen=True)
class WidthSearch:
    """Result of a doubling search: m_min (None if no grid width reached eps) and the table
    of (width, median best loss) visited."""

    minimal_width: Optional[int]
    widths: tuple[int, ...]
    medians: tuple[float, ...]


def doubling_grid(smallest: int, largest: int) -> list[int]:
    """[smallest, 2 smallest, ...] up to and including largest; both even and positive."""
    smallest, largest = checked_size(smallest, "smallest", minimum=2), checked_size(largest, "largest", minimum=2)
    if smallest % 2 or largest < smallest:
        raise ValueError(f"need an even smallest >= 2 and largest >= smallest, got {smallest}, {largest}")
    grid = [smallest]
    while grid[-1] * 2 <= largest:
        grid.append(grid[-1] * 2)
    return grid


def minimal_width(best_losses: BestLosses, eps: float, smallest: int = 2,
                  largest: int = 4096) -> WidthSearch:
    """Walk the doubling grid upward and stop at the first width whose median best loss <= eps."""
    eps = finite_scalar(eps, "eps", positive=True)
    widths, medians = [], []
    for m in doubling_grid(smallest, largest):
        median = float(np.median(finite_array(best_losses(m), f"best_losses({m})")))
        widths.append(m)
        medians.append(median)
        if median <= eps:
            return WidthSearch(m, tuple(widths), tuple(medians))
    return WidthSearch(None, tuple(widths), tuple(medians))
