"""reports/index.md: one row per theorem with its verdict counts."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from rnnbounds.format import markdown_table
from rnnbounds.theorems.core import ClaimResult, Theorem, Verdict


def _verdicts(results: list[ClaimResult] | None) -> str:
    if results is None:
        return "see report"
    counts = Counter(r.verdict for r in results)
    return ", ".join(f"{counts[v]} {v.value}" for v in Verdict if counts[v]) or "no claims run"


def index_page(entries: Sequence[tuple[Theorem, list[ClaimResult] | None]]) -> str:
    rows = [[f"[{t.id}]({t.id}.md)", t.title, t.provenance_summary(), _verdicts(r)] for t, r in entries]
    return "\n".join([
        "# rnnbounds reports", "",
        "One report per theorem: statement, bounds with provenance, bound values and scaling plots, "
        "the verdict of every claim with its negative control, and measured values beside the bounds.",
        "", "Provenance tags: **stated** (quoted from the paper), **reconstructed** (most likely form, not "
        "checked against the paper's text), **derived** (our derivation, our constants), **shape** "
        "(asymptotic form only).", "",
        markdown_table(("theorem", "title", "bounds", "verdicts"), rows), "",
    ])
