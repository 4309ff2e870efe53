"""Reproductions: a theorem's own report sections (figures of the paper redone, scatter plots...)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True)
class ReportContext:
    """Where a reproduction writes its figures, and at which level and seed it runs."""

    figure_dir: Path
    figure_prefix: str
    level: str
    seed: int

    def save_figure(self, figure: Any, name: str) -> str:
        """Save a matplotlib figure as PNG, deterministically; return the path relative to the report."""
        import matplotlib.pyplot as plt

        if not name.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"figure name {name!r} must be letters, digits, '-' and '_'")
        self.figure_dir.mkdir(parents=True, exist_ok=True)
        filename = f"{self.figure_prefix}-{name}.png"
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight")
        plt.close(figure)
        (self.figure_dir / filename).write_bytes(buffer.getvalue())
        return f"{self.figure_dir.name}/{filename}"


@dataclass(frozen=True)
class Reproduction:
    """A report section computed and drawn by the theorem: ``render(ctx)`` returns Markdown."""

    id: str
    title: str
    render: Callable[[ReportContext], str]
    slow: bool = False
