"""Write a sweep and its rows side by side: ``<name>.sweep.json`` and ``<name>.rows.jsonl``.

Both files are written atomically (a temporary name, then a rename) and are deterministic
(sorted keys, rows in sweep order, no timestamps), so two runs with the same seeds give
byte-identical files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from rnnbounds.output_paths import write_text_atomically

from .runner import SweepResult


def write_results(result: SweepResult, directory: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write the sweep spec and its tidy rows into ``directory``; return both paths."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    spec_path = folder / f"{result.sweep.name}.sweep.json"
    rows_path = folder / f"{result.sweep.name}.rows.jsonl"
    write_text_atomically(spec_path, result.sweep.to_json())
    lines = [json.dumps(row, sort_keys=True) for row in result.rows]
    write_text_atomically(rows_path, "".join(line + "\n" for line in lines))
    return spec_path, rows_path
