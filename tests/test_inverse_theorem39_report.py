"""The Theorem 3.9 report section renders (slow: it trains 8 small families)."""

from __future__ import annotations

import pytest

from rnnbounds.theorems.core import ReportContext
from rnnbounds.theorems.inverse_approximation import THEOREM
from rnnbounds.theorems.inverse_approximation.claims_theorem39 import REPRODUCTIONS, TEACHER_GAINS


def test_section_is_joined_to_the_theorem_and_marked_slow():
    assert REPRODUCTIONS[0] in THEOREM.reproductions and REPRODUCTIONS[0].slow


@pytest.mark.slow
def test_section_renders_a_figure_and_a_row_per_model(tmp_path):
    text = REPRODUCTIONS[0].render(ReportContext(tmp_path / "figures", "inverse", "quick", 0))
    assert (tmp_path / "figures" / "inverse-theorem-3-9.png").stat().st_size > 10_000
    rows = [line for line in text.splitlines() if line.startswith("| ") and "(gain" in line]
    assert len(rows) == 2 * len(TEACHER_GAINS)          # quick level: widths 2 and 4 per teacher
    assert sum(line.startswith("| 0.9^t") or line.startswith("| (1+0.1t)") for line in text.splitlines()) == 8
