"""Plain-text and Markdown formatting shared by the CLI and the reports."""

from __future__ import annotations

import math
from typing import Sequence


def number(value: float | None, digits: int = 4) -> str:
    """A float with ``digits`` significant digits; '-' for None; 'inf'/'nan' spelled out."""
    if value is None:
        return "-"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}"


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A left-aligned fixed-width table for the terminal."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table; '|' inside cells is escaped."""
    escape = lambda cell: str(cell).replace("|", r"\|").replace("\n", " ")
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows])
