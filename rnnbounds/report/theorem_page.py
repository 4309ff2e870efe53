"""reports/<id>.md: statement, bounds with provenance, values and plots, verdicts, reproductions."""

from __future__ import annotations

import json
from pathlib import Path

from rnnbounds.format import markdown_table, number
from rnnbounds.report.bound_figures import bound_values, scaling_figure
from rnnbounds.report.index_page import index_marker
from rnnbounds.report.verdict_sections import (controls_section, departures_section, design_section,
                                               findings_section, kind_count_text)
from rnnbounds.summary import VERDICT_HEADER, theorem_rows
from rnnbounds.theorems.core import Bound, ClaimResult, ReportContext, Theorem, Verdict

PROVENANCE_NOTE = ("Provenance: **stated** = quoted from the cited paper; **reconstructed** = the most likely "
                   "form, not checked against the paper's text; **derived** = our own derivation with our "
                   "constants; **shape** = asymptotic form only, constants free.")


def _growth_variables(bound: Bound) -> list[str]:
    names = sorted(bound.symbol_names)
    chosen = [n for n in names if bound.symbol_info(n).kind in ("size", "probability")]
    if bound.scan_variable and bound.scan_variable not in chosen:
        chosen.insert(0, bound.scan_variable)
    return chosen


def _bound_section(bound: Bound, ctx: ReportContext) -> list[str]:
    lines = [f"### `{bound.name}` [{bound.provenance.value}]", "",
             f"{bound.direction.value.capitalize()} bound on {bound.quantity}.", "",
             f"$$ {bound.latex()} $$", "", f"Source: {bound.source}.", ""]
    if bound.description:
        lines += [bound.description, ""]
    if bound.hypotheses:
        lines += ["Hypotheses: " + "; ".join(f"{h.name} ({h.text})" for h in bound.hypotheses) + ".", ""]
    growth = [[v, f"${bound.growth(v).latex()}$", bound.growth(v).method] for v in _growth_variables(bound)]
    lines += [markdown_table(("variable", "growth (others at reference)", "method"), growth), ""]
    reference = ", ".join(f"{k} = {number(float(v))}" for k, v in sorted(bound.reference.items()))
    table = bound_values(bound)
    if table is not None:
        variable, grid, values = table
        lines += [f"Values over {variable} (reference: {reference}):", "",
                  markdown_table((variable, bound.name), [[number(g), number(v)] for g, v in zip(grid, values)]), ""]
    figure = scaling_figure(bound, ctx)
    if figure:
        lines += [f"![{bound.name} against {bound.scan_variable}]({figure})", ""]
    return lines


def _headline_verdict(claim, result: ClaimResult | None, level: str) -> tuple[str, str]:
    if result is None:
        if not claim.runs_at(level):
            return "not run", f"a slow claim: runs at `--level full`, not at `{level}`"
        return "not run", "no result was given for it"
    verdict = f"{result.verdict.value} (finding)" if result.finding else result.verdict.value
    reason = result.reason if len(result.reason) <= 200 else result.reason[:197] + "..."
    return f"**{verdict}**", reason


def headline_section(theorem: Theorem, results: list[ClaimResult], level: str) -> list[str]:
    """The paper's headline sentence, its provenance, and the verdicts of the claims that test it directly."""
    if not theorem.headline.strip():
        return []
    by_id = {r.claim_id: r for r in results}
    lines = ["## Headline", "", f"> {theorem.headline}", "", f"Provenance: {theorem.headline_source}.", ""]
    if not theorem.headline_claims:
        return lines + ["No claim tests this statement directly yet.", ""]
    rows = []
    for claim_id in theorem.headline_claims:
        claim = theorem.claim(claim_id)
        verdict, reason = _headline_verdict(claim, by_id.get(claim_id), level)
        rows.append([f"`{claim_id}`", claim.kind.value, verdict, reason])
    return lines + [f"Verdicts of the claims that test it directly (level `{level}`):", "",
                    markdown_table(("claim", "kind", "verdict", "reason"), rows), ""]


def _short(instance: dict) -> str:
    text = json.dumps(instance, sort_keys=True)
    return text if len(text) <= 90 else text[:87] + "..."


def _checks_section(theorem: Theorem, results: list[ClaimResult], level: str) -> list[str]:
    lines = ["## Checks", "", f"Verdicts, counted apart: {kind_count_text(theorem, results)}.", "",
             "A paper claim predicts what the paper states and can fail if the paper is wrong; an implementation "
             "check shows that our code does what it says. bound/measured is given as min / median / max over "
             "the instances that test a bound.", "",
             markdown_table(VERDICT_HEADER, theorem_rows(theorem, results)), ""]
    for claim in theorem.claims:
        lines.append(f"- **{claim.id}** ({claim.kind.value}) — {claim.statement} Tolerance: {claim.tolerance}. "
                     f"Source: {claim.source}.")
    lines += [""]
    lines += design_section(theorem, level) + controls_section(theorem, results) + departures_section(theorem)
    lines += findings_section(results)
    found = [r for r in results if r.verdict is Verdict.REFUTED and r.witness is not None]
    if found:
        lines += ["## Findings: counterexamples to the paper", ""]
        for r in found:
            details = json.dumps(r.witness.to_json()["measurement"], sort_keys=True, indent=1)
            lines += [f"### {r.claim_id}: counterexample found", "", r.reason + ".", "",
                      f"Witness instance: `{_short(r.witness.instance)}`", "", "```json", details, "```", ""]
    return lines


def _looseness_section(results: list[ClaimResult]) -> list[str]:
    rows = []
    for r in results:
        for i in r.instances:
            m = i.measurement
            if m is not None and m.bound is not None:
                rows.append([r.claim_id, f"`{_short(i.instance)}`", number(m.measured), number(m.bound),
                             number(m.looseness)])
    if not rows:
        return []
    return ["## Measured against bound", "", "bound / measured shows how loose each bound is "
            "(for a tolerance check, the bound column is the tolerance).", "",
            markdown_table(("claim", "instance", "measured", "bound", "bound / measured"), rows), ""]


def _falsification_section(theorem: Theorem, out: Path) -> list[str]:
    """The search of `rnnbounds falsify --out OUT/falsify`, when one was run into this report's folder."""
    from rnnbounds.falsify.report_section import section_for

    section = section_for(theorem.id, out / "falsify", link_prefix=f"falsify/{theorem.id}/")
    return [section.rstrip(), ""] if section else []


def theorem_page(theorem: Theorem, results: list[ClaimResult], figure_dir: Path, level: str, seed: int,
                 include_reproductions: bool = True) -> str:
    """The Markdown report of one theorem (reproductions can be left out for a quick render)."""
    ctx = ReportContext(figure_dir, theorem.id, level, seed)
    lines = [f"# {theorem.title}", "", f"`{theorem.id}` — {theorem.citation}", ""]
    lines += headline_section(theorem, results, level)
    lines += [f"Spec: {theorem.spec}. Checks run at level `{level}` with seed {seed}.", "",
              theorem.summary, "", "## Statement", "", f"$$ {theorem.statement} $$", "", "Hypotheses:", ""]
    lines += [f"- **{h.name}**: {h.text}" for h in theorem.hypotheses] + [""]
    if theorem.options:
        lines += ["## Options (choices the sources leave open)", "", markdown_table(
            ("option", "default", "choices", "meaning"),
            [[o.name, o.default, ", ".join(o.choices), o.description] for o in theorem.options.values()]), ""]
    lines += ["## Bounds", "", PROVENANCE_NOTE, ""]
    for bound in theorem.bounds:
        lines += _bound_section(bound, ctx)
    lines += _checks_section(theorem, results, level) + [index_marker(theorem, results), ""]
    lines += _looseness_section(results)
    lines += _falsification_section(theorem, figure_dir.parent)
    for reproduction in theorem.reproductions if include_reproductions else ():
        if reproduction.slow and level != "full":
            lines += [f"## {reproduction.title}", "", "Runs at `--level full` only.", ""]
            continue
        lines += [f"## {reproduction.title}", "", reproduction.render(ctx).rstrip(), ""]
    return "\n".join(lines) + "\n"
