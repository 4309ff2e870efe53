"""reports/index.md: one row per theorem with its verdict counts."""

from __future__ import annotations

from typing import Sequence

from rnnbounds.format import markdown_table
from rnnbounds.report.verdict_sections import failing_reasons, kind_count_text
from rnnbounds.theorems.core import ClaimResult, Theorem


INDEX_MARKER = "<!-- index-verdicts: "


def verdict_cell(theorem: Theorem, results: list[ClaimResult]) -> str:
    """The index's verdict cell: counts by kind, then one line per failing claim with its reason."""
    failing = failing_reasons(results)
    text = kind_count_text(theorem, results) if results else "no claims run"
    return text + ("".join(f"<br>fails: {line}" for line in failing) if failing else "")


def index_marker(theorem: Theorem, results: list[ClaimResult]) -> str:
    """A hidden line of a theorem page that carries its index cell, so a later index can reuse it."""
    return f"{INDEX_MARKER}{verdict_cell(theorem, results)} -->"


def cell_from_page(page: str) -> str | None:
    """The verdict cell stored in an existing theorem page (None if the page has none)."""
    for line in page.splitlines():
        if line.startswith(INDEX_MARKER) and line.endswith(" -->"):
            return line[len(INDEX_MARKER):-len(" -->")]
    return None


def _verdicts(theorem: Theorem, results: list[ClaimResult] | str | None) -> str:
    if results is None:
        return "see report"
    return results if isinstance(results, str) else verdict_cell(theorem, results)


def index_page(entries: Sequence[tuple[Theorem, list[ClaimResult] | str | None]]) -> str:
    """The index; an entry's results may be the verdict cell read from its existing page."""
    rows = [[f"[{t.id}]({t.id}.md)", t.title, t.provenance_summary(), _verdicts(t, r)] for t, r in entries]
    return "\n".join([
        "# rnnbounds reports", "",
        "One report per theorem: statement, bounds with provenance, bound values and scaling plots, "
        "the verdict of every claim with its negative controls, its statistical design and its departures "
        "from the spec, and measured values beside the bounds. Paper claims (predictions of the paper) and "
        "implementation checks (our code does what it says) are counted apart.",
        "", "Provenance tags: **stated** (quoted from the paper), **reconstructed** (most likely form, not "
        "checked against the paper's text), **derived** (our derivation, our constants), **shape** "
        "(asymptotic form only).", "",
        markdown_table(("theorem", "title", "bounds", "verdicts"), rows), "",
    ])
