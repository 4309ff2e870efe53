"""One row per claim result, and the counts: paper claims and implementation checks apart.

A row shows the representative instance's measurement and bound, the tightness bound/measured
over all instances (min / median / max), the declared chance of a wrong verdict, the verdict
(a declared known failure reads "fails (finding)") and the controls.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence

from rnnbounds.format import number
from rnnbounds.theorems.core import Claim, ClaimKind, ClaimResult, InstanceResult, Theorem, Verdict
from rnnbounds.theorems.core.record import claim_record

VERDICT_HEADER = ("claim", "kind", "measured", "bound", "bound/measured min/med/max", "P(wrong)", "verdict",
                  "negative controls", "reason")


def representative(result: ClaimResult) -> InstanceResult | None:
    """The witness if there is one, else the instance closest to (or past) its bound, else the last."""
    if result.witness is not None:
        return result.witness
    measured = [r for r in result.instances if r.measurement is not None]
    bounded = [r for r in measured if r.measurement.bound not in (None, 0)]
    if bounded:
        return max(bounded, key=lambda r: r.measurement.measured / abs(r.measurement.bound))
    return measured[-1] if measured else None


def control_text(result: ClaimResult) -> str:
    """'seen to fail' when every control failed; else which one raised or passed."""
    controls = result.controls or ((result.control,) if result.control is not None else ())
    if not controls:
        return "none"
    for number_, control in enumerate(controls):
        if control.error:
            return f"control {number_} raised"
        if control.held is not False:
            return f"control {number_} PASSED (check cannot fail)"
    return "seen to fail" if len(controls) == 1 else f"{len(controls)} seen to fail"


def verdict_label(result: ClaimResult) -> str:
    """The verdict, with "(finding)" after a declared known failure."""
    return f"{result.verdict.value} (finding)" if result.finding else result.verdict.value


def _tightness_text(result: ClaimResult) -> str:
    tightness = result.tightness()
    return "-" if tightness is None else " / ".join(number(x, 3) for x in tightness)


def verdict_row(result: ClaimResult, claim: Claim | None = None) -> list[str]:
    """claim | kind | measured | bound | tightness | P(wrong) | verdict | controls | reason."""
    chosen = representative(result)
    measured = number(chosen.measurement.measured) if chosen and chosen.measurement else "-"
    bound = number(chosen.measurement.bound) if chosen and chosen.measurement else "-"
    design = claim.design_at(result.level) if claim is not None else None  # type: ignore[arg-type]
    kind = claim.kind.value if claim is not None else "-"
    error = number(design.error, 2) if design is not None else "-"
    return [result.claim_id, kind, measured, bound, _tightness_text(result), error, verdict_label(result),
            control_text(result), result.reason]


def theorem_rows(theorem: Theorem, results: Sequence[ClaimResult]) -> list[list[str]]:
    """The verdict rows of one theorem's results."""
    return [verdict_row(r, theorem.claim(r.claim_id)) for r in results]


def kind_counts(theorems: Sequence[Theorem], results: Mapping[str, Sequence[ClaimResult]]) -> dict[ClaimKind, Counter]:
    """Verdict labels counted per claim kind, over every theorem's results."""
    counts: dict[ClaimKind, Counter] = {kind: Counter() for kind in ClaimKind}
    by_id = {t.id: t for t in theorems}
    for theorem_id, verdicts in results.items():
        for r in verdicts:
            counts[by_id[theorem_id].claim(r.claim_id).kind][verdict_label(r)] += 1
    return counts


def ordered_counts(counter: Counter) -> str:
    """'3 holds, 1 fails (finding)', in the order of Verdict; 'none run' when empty."""
    order = [v.value for v in Verdict] + [f"{Verdict.FAILS.value} (finding)"]
    return ", ".join(f"{counter[label]} {label}" for label in order if counter[label]) or "none run"


def verdict_counts(theorems: Sequence[Theorem], results: Mapping[str, Sequence[ClaimResult]]) -> str:
    """e.g. 'paper claims: 12 holds, 1 fails (finding); implementation checks: 5 holds'."""
    counts = kind_counts(theorems, results)
    return (f"paper claims: {ordered_counts(counts[ClaimKind.PAPER])}; "
            f"implementation checks: {ordered_counts(counts[ClaimKind.IMPLEMENTATION])}")


def check_records(theorems: Sequence[Theorem], results: Mapping[str, Sequence[ClaimResult]]) -> dict[str, list[dict[str, Any]]]:
    """Every result as its JSON record (kind, design, controls, departures, tightness), per theorem id."""
    by_id = {t.id: t for t in theorems}
    return {tid: [claim_record(by_id[tid].claim(r.claim_id), r) for r in rs] for tid, rs in results.items()}
