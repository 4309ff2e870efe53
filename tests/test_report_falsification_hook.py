"""A theorem page carries the falsification section when `rnnbounds falsify` ran into its folder."""

from __future__ import annotations

from pathlib import Path

from rnnbounds.cli import main
from rnnbounds.report.theorem_page import theorem_page
from rnnbounds.theorems.registry import get_theorem

LINEAR = "linear-curse-of-memory"


def _page(out: Path) -> str:
    return theorem_page(get_theorem(LINEAR), [], out / "figures", "quick", 0, include_reproductions=False)


def test_page_shows_the_search_run_into_its_folder_and_nothing_otherwise(tmp_path, capsys):
    assert "## Falsification search" not in _page(tmp_path)
    code = main(["falsify", LINEAR, "memory_envelope", "--budget", "1", "--no-cache", "--executor", "serial",
                 "--no-progress", "--out", str(tmp_path / "falsify")])
    capsys.readouterr()
    page = _page(tmp_path)
    assert code == 0 and "## Falsification search" in page
    assert "| `memory_envelope` | memory-envelope | upper |" in page
