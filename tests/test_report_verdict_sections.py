"""The report and the index say what each verdict is worth: kinds apart, designs, controls,
departures and findings, on a toy theorem whose outcome is known."""

from __future__ import annotations

import json

from rnnbounds.report.index_page import index_page
from rnnbounds.report.theorem_page import theorem_page
from rnnbounds.summary import check_records, verdict_counts
from rnnbounds.theorems.core import (Claim, ClaimKind, Control, Departure, Design, Measurement, Source, Theorem,
                                     Verdict)
from rnnbounds.theorems.core.runner import run_theorem


def _design(level):
    return Design(instances=2, seeds=1, statistic="x", threshold="x < limit (spec §7 P1)",
                  error=0.01 if level == "full" else 0.3, error_meaning="P(passes | x >= limit)", method="binomial tail")


def _claim(claim_id, value, kind=ClaimKind.PAPER, **kwargs):
    return Claim(id=claim_id, title=claim_id, statement="given x, expect x < limit",
                 instances=lambda level: [{"limit": 2.0}, {"limit": 3.0}],
                 measure=lambda i, rng: Measurement(value, i["limit"]), judge=lambda i, m: m.measured < i["limit"],
                 tolerance="x < limit", strategy=lambda: None, source=Source("p", "l", "§7 P1"), kind=kind,
                 controls=(Control(lambda level: {"limit": 0.9}, "x < limit", "limit 0.9, 10% below x = 1"),),
                 **kwargs)


def _theorem():
    from rnnbounds.theorems.linear_curse_of_memory import JACKSON

    claims = (
        _claim("powered", 1.0, design=_design),
        _claim("with-finding", 2.5, design=_design, known_failure="x = 2.5 is not below 2",
               departures=(Departure("grid", spec="limits 1..4", ours="limits 2, 3", why="the toy needs two"),)),
        _claim("encoding", 1.0, kind=ClaimKind.IMPLEMENTATION),
    )
    return Theorem("toy", "Toy theorem", "c", "s", "x", "y", (), (JACKSON,), claims)


def test_page_counts_kinds_apart_and_lists_design_controls_departures_findings(tmp_path):
    theorem = _theorem()
    results = run_theorem(theorem, "full", seed=0)
    page = theorem_page(theorem, results, tmp_path, "full", 0, include_reproductions=False)
    assert "paper claims: 1 holds, 1 fails (finding); implementation checks: 1 holds" in page
    assert "## Statistical design (level `full`)" in page and "P(passes \\| x >= limit) = 0.01" in page
    assert "limit 0.9, 10% below x = 1" in page and "seen to fail" in page
    assert "## Departures from the spec" in page and "the toy needs two" in page
    assert "## Findings: claims that fail by their spec criterion" in page and "x = 2.5 is not below 2" in page


def test_quick_level_design_reads_underpowered(tmp_path):
    theorem = _theorem()
    results = {r.claim_id: r for r in run_theorem(theorem, "quick", seed=0)}
    assert results["powered"].verdict is Verdict.UNDERPOWERED
    page = theorem_page(theorem, list(results.values()), tmp_path, "quick", 0, include_reproductions=False)
    assert "no: underpowered" in page


def test_index_gives_the_reason_of_each_failing_claim():
    theorem = _theorem()
    text = index_page([(theorem, run_theorem(theorem, "full", seed=0))])
    assert "fails: with-finding: x = 2.5 is not below 2" in text and "implementation checks: 1 holds" in text


def test_check_records_carry_kind_design_controls_departures_tightness():
    theorem = _theorem()
    results = {"toy": run_theorem(theorem, "full", seed=0)}
    records = {r["claim_id"]: r for r in json.loads(json.dumps(check_records([theorem], results)))["toy"]}
    powered = records["powered"]
    assert powered["kind"] == "paper" and powered["failure_probability"] == 0.01
    assert powered["design"]["instances"] == 2 and powered["design"]["powered"] is True
    assert powered["control_details"][0]["distance"] == "limit 0.9, 10% below x = 1"
    assert powered["control_details"][0]["seen_to_fail"] is True
    assert powered["tightness"] == {"min": 2.0, "median": 2.5, "max": 3.0}
    assert powered["drawn_break_rate"] == 0.0
    assert records["with-finding"]["departures"][0]["why"] == "the toy needs two"
    assert records["encoding"]["kind"] == "implementation" and records["encoding"]["design"] is None
    counts = verdict_counts([theorem], results)
    assert counts == "paper claims: 1 holds, 1 fails (finding); implementation checks: 1 holds"


def test_index_keeps_the_verdicts_of_a_page_written_earlier(tmp_path):
    from rnnbounds.report.index_page import cell_from_page, verdict_cell

    theorem = _theorem()
    results = run_theorem(theorem, "full", seed=0)
    page = theorem_page(theorem, results, tmp_path, "full", 0, include_reproductions=False)
    stored = cell_from_page(page)
    assert stored == verdict_cell(theorem, results) and "fails: with-finding" in stored
    assert cell_from_page("# a page without a marker\n") is None
    text = index_page([(theorem, stored)])
    assert "see report" not in text and "fails: with-finding: x = 2.5 is not below 2" in text
