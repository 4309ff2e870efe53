"""The report sections that say what each verdict is worth.

- counts of paper claims and implementation checks, apart;
- the statistical design of every paper claim (instances, seeds, statistic, threshold, chance
  of a wrong verdict);
- every negative control with the boundary it crosses, how far across, and its outcome;
- every departure from the spec, with its reason;
- findings: claims that fail by their spec criterion, with what was measured.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from rnnbounds.format import markdown_table, number
from rnnbounds.summary import ordered_counts, verdict_label
from rnnbounds.theorems.core import Claim, ClaimKind, ClaimResult, Theorem


def kind_count_text(theorem: Theorem, results: Sequence[ClaimResult]) -> str:
    """'paper claims: 9 holds, 1 fails (finding); implementation checks: 4 holds'."""
    parts = []
    for kind, label in ((ClaimKind.PAPER, "paper claims"), (ClaimKind.IMPLEMENTATION, "implementation checks")):
        counts = Counter(verdict_label(r) for r in results if theorem.claim(r.claim_id).kind is kind)
        parts.append(f"{label}: {ordered_counts(counts)}")
    return "; ".join(parts)


def _design_rows(claims: Sequence[Claim], level: str) -> list[list[str]]:
    rows = []
    for claim in claims:
        design = claim.design_at(level)  # type: ignore[arg-type]
        if design is None:
            continue
        rows.append([claim.id, str(design.instances), str(design.seeds), design.statistic, design.threshold,
                     f"{design.error_meaning} = {number(design.error, 2)} ({design.method})",
                     "yes" if design.powered() else "no: underpowered"])
    return rows


def design_section(theorem: Theorem, level: str) -> list[str]:
    rows = _design_rows([c for c in theorem.claims if c.kind is ClaimKind.PAPER], level)
    if not rows:
        return []
    header = ("claim", "instances", "seeds", "statistic", "threshold (spec)", "chance of a wrong verdict", "powered")
    return [f"## Statistical design (level `{level}`)", "",
            "A claim whose design allows more than a 5% chance of a wrong verdict at this level reads "
            "`underpowered` instead of `holds`.", "", markdown_table(header, rows), ""]


def _control_outcome(result: ClaimResult | None, number_: int) -> str:
    if result is None or number_ >= len(result.controls):
        return "not run"
    control = result.controls[number_]
    if control.error:
        return f"raised: {control.error}"
    return "seen to fail" if control.held is False else "PASSED: the check cannot fail"


def controls_section(theorem: Theorem, results: Sequence[ClaimResult]) -> list[str]:
    by_id = {r.claim_id: r for r in results}
    rows = [[claim.id, str(k), "near" if control.near else "far", control.crosses, control.distance,
             _control_outcome(by_id.get(claim.id), k)]
            for claim in theorem.claims for k, control in enumerate(claim.controls)]
    return ["## Negative controls", "", "Each control steps across one boundary of the claim's hypotheses or "
            "judge; a near control sits just across it, to show the check's resolution.", "",
            markdown_table(("claim", "#", "kind", "crosses", "how far across", "outcome"), rows), ""]


def departures_section(theorem: Theorem) -> list[str]:
    rows = [[claim.id, d.aspect, d.spec, d.ours, d.why] for claim in theorem.claims for d in claim.departures]
    lines = ["## Departures from the spec", ""]
    if not rows:
        return lines + ["No claim departs from its spec item's criterion, grid or scope.", ""]
    return lines + ["Where a claim's criterion, grid, scope or statistic differs from its spec item, and why.", "",
                    markdown_table(("claim", "aspect", "spec", "ours", "why"), rows), ""]


def findings_section(results: Sequence[ClaimResult]) -> list[str]:
    failed = [r for r in results if r.finding]
    if not failed:
        return []
    lines = ["## Findings: claims that fail by their spec criterion", ""]
    for r in failed:
        lines += [f"- **{r.claim_id}**: {r.finding}. Verdict reason: {r.reason}."]
    return lines + [""]


def failing_reasons(results: Sequence[ClaimResult]) -> list[str]:
    """One line per failing claim, for the index page: 'claim: reason'."""
    return [f"{r.claim_id}: {r.finding or r.reason}" for r in results if r.verdict.value == "fails"]
