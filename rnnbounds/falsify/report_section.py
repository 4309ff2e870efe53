"""The theorem page's falsification section: what the search tried, for how long, the tightness
found for each bound, and each counterexample with its witness and reproducer.

    render(payload, link_prefix="")                 Markdown from a falsify.json payload (summary.py)
    section_for(theorem_id, folder, link_prefix="")  the section from folder/<theorem-id>/falsify.json,
                                                     "" when no search was run
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

from rnnbounds.format import markdown_table, number


def _ratio(value: Any) -> str:
    return "-" if value is None else number(float(value), 6)


def _tightness_rows(payload: Mapping[str, Any]) -> list[list[str]]:
    rows = []
    for summary in payload["targets"]:
        verdict = (f"counterexample ({', '.join(summary['counterexamples'])})" if summary["counterexamples"]
                   else "no violation found" if summary["evaluations"] else "nothing measured")
        if summary.get("claim_failures"):
            verdict += f"; the claim's judge said no {summary['claim_failures']}x on the safe side"
        rows.append([f"`{summary['name']}`", summary["claim"], summary["direction"], str(summary["evaluations"]),
                     f"{summary['seconds']:.1f}", _ratio(summary["best_ratio"]), summary["best_family"] or "-",
                     _ratio(summary["known_tightness"]), verdict])
    return rows


def _tried_rows(payload: Mapping[str, Any]) -> list[list[str]]:
    return [[f"`{s['target']}`", s["family"], s["family_description"], str(s["evaluations"]), str(s["rejected"]),
             str(s["errors"]), f"{s['seconds']:.1f}", "yes" if s["stopped_by_budget"] else "no", _ratio(s["best_ratio"]),
             _note(s)] for s in payload["searches"]]


def _note(search: Mapping[str, Any]) -> str:
    """The first error and the first rejection of a search, shortened."""
    notes = [f"first error: {search['first_error']}" if search.get("first_error") else "",
             f"first rejection: {search['first_rejection']}" if search.get("first_rejection") else ""]
    text = "; ".join(n for n in notes if n)
    return text if len(text) <= 160 else text[:157] + "..."


def _claim_failure_lines(payload: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for search in payload["searches"]:
        if search.get("claim_failure_instance") is None:
            continue
        lines += [f"- `{search['target']}` ({search['claim_id']}), family {search['family']}: "
                  f"{search['claim_failures']} instance(s) judged failing with measured / bound = "
                  f"{_ratio(search['claim_failure_ratio'])}, e.g. `{json.dumps(search['claim_failure_instance'], sort_keys=True)[:200]}`"]
    return lines + ([""] if lines else [])


def _counterexample_lines(payload: Mapping[str, Any], link_prefix: str) -> list[str]:
    lines: list[str] = []
    for search in payload["searches"]:
        if not search["violation"]:
            continue
        witness = search["witness"]
        lines += [f"### `{search['target']}` ({search['claim_id']}), family {search['family']}", "",
                  f"measured / bound = {_ratio(witness['ratio'])} in float64, {_ratio(witness['precise_ratio'])} "
                  f"re-verified ({witness['verification']}).", "",
                  "Witness instance:", "", "```json", json.dumps(witness["instance"], sort_keys=True), "```", ""]
        reproducer = search.get("reproducer")
        if reproducer:
            lines += [f"Reproducer: [{reproducer.rsplit('/', 1)[-1]}]({link_prefix}{reproducer}) (its JSON beside it).", ""]
    return lines


def render(payload: Mapping[str, Any], link_prefix: str = "") -> str:
    """The section in Markdown (a level-2 heading, a tightness table, the searches, counterexamples);
    ``link_prefix`` leads from the page to the falsify folder of the theorem (e.g. 'falsify/<id>/')."""
    direction_note = ("ratio = measured / bound (for a negative bound, 1 + (measured - bound) / |bound|): the "
                      "largest found for an upper bound, the smallest for a lower one. A violation is ratio > 1 + slack "
                      "(upper) or < 1 - slack (lower); where the search reads a claim's own measure, the claim's "
                      "judge must say no as well. A candidate counts only once it passes the hypotheses check.")
    lines = ["## Falsification search", "",
             f"Budget {payload['budget']:g} s per bound, seed {payload['seed']}; hypothesis `target()`-guided draws "
             "with shrinking, then bounded Nelder-Mead on the continuous parameters from the best points. "
             + direction_note, "",
             markdown_table(("bound", "claim", "direction", "evaluations", "seconds", "best ratio", "family",
                             "known tightness", "result"), _tightness_rows(payload)), "",
             "What the search tried:", "",
             markdown_table(("bound", "family", "instances", "evaluated", "rejected", "errors", "seconds",
                             "budget cut", "best ratio", "notes"), _tried_rows(payload)), ""]
    failures = _claim_failure_lines(payload)
    if failures:
        lines += ["Instances the claim's own judge rejected although measured / bound stayed on the bound's safe "
                  "side (the claim judges more than the bound; not counterexamples to the bound):", ""] + failures
    counterexamples = _counterexample_lines(payload, link_prefix)
    if counterexamples:
        lines += ["Counterexamples found by the search (each shrunk, re-verified, with a reproducer):", ""]
        lines += counterexamples
    return "\n".join(lines).rstrip() + "\n"


def section_for(theorem_id: str, folder: str | Path, link_prefix: str = "") -> str:
    """The section of ``theorem_id`` from ``folder/<theorem_id>/falsify.json``; "" when no search was run."""
    path = Path(folder) / theorem_id / "falsify.json"
    if not path.is_file():
        return ""
    return render(json.loads(path.read_text()), link_prefix)
