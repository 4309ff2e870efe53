"""reports/index.md: one row per theorem with its verdict counts."""

from __future__ import annotations

from typing import Sequence

from rnnbounds.format import markdown_table
from rnnbounds.report.verdict_sections import failing_reasons, kind_count_text
from rnnbounds.theorems.core import ClaimResult, Theorem


def _verdicts(theorem: Theorem, results: list[ClaimResult] | None) -> str:
    if results is None:
        return "see report"
    failing = failing_reasons(results)
    text = kind_count_text(theorem, results) if results else "no claims run"
    return text + ("".join(f"<br>fails: {line}" for line in failing) if failing else "")


def index_page(entries: Sequence[tuple[Theorem, list[ClaimResult] | None]]) -> str:
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
