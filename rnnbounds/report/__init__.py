"""Bound reports: one Markdown page per theorem with its figures, and an index.

Files are named deterministically and hold no timestamps, so two runs with the same seed give
byte-identical reports. Each page is written atomically (a temporary name in ``out``, then a
rename), so an interrupted run leaves the previous page, never half of one. The command line
checks ``out`` (rnnbounds.output_paths.checked_output_folder) before any claim runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")

from rnnbounds.output_paths import write_text_atomically  # noqa: E402
from rnnbounds.report.index_page import cell_from_page, index_page  # noqa: E402
from rnnbounds.report.theorem_page import theorem_page  # noqa: E402
from rnnbounds.theorems.core import ClaimResult, Theorem  # noqa: E402


def write_reports(theorems: Sequence[Theorem], results: Mapping[str, list[ClaimResult]], out: Path,
                  level: str, seed: int) -> list[Path]:
    """Write ``out/<id>.md`` for each theorem (figures under ``out/figures``) and ``out/index.md``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for theorem in theorems:
        path = out / f"{theorem.id}.md"
        write_text_atomically(path, theorem_page(theorem, results[theorem.id], out / "figures", level, seed))
        written.append(path)
    index = out / "index.md"
    write_text_atomically(index, index_page(_indexed(out, theorems, results)))
    return written + [index]


def _indexed(out: Path, theorems: Sequence[Theorem], results: Mapping[str, list[ClaimResult]]):
    """The theorems to list in the index: every report already in ``out`` plus the new ones."""
    from rnnbounds.theorems.registry import all_theorems

    present = {p.stem for p in out.glob("*.md") if p.stem != "index"} | {t.id for t in theorems}
    listed = [t for t in all_theorems() if t.id in present]
    return [(t, results[t.id] if t.id in results else _stored_cell(out / f"{t.id}.md")) for t in listed]


def _stored_cell(page: Path) -> str | None:
    """The verdict cell of a page written earlier (None where it cannot be read or has none)."""
    try:
        return cell_from_page(page.read_text())
    except (OSError, UnicodeDecodeError):
        return None
