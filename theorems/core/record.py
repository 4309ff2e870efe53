"""One JSON record per claim result: the verdict with everything that says what it is worth.

The record joins a ``ClaimResult`` with its ``Claim``'s declarations: the kind (paper claim or
implementation check), the design at the level run (instances, seeds, statistic, threshold,
chance of a wrong verdict), every control with the boundary it crosses, how far across, and its
outcome, the departures from the spec, and the tightness bound / measured where a bound is tested.
"""

from __future__ import annotations

from typing import Any

from rnnbounds.theorems.core.claim import Claim
from rnnbounds.theorems.core.result import ClaimResult


def _controls(claim: Claim, result: ClaimResult) -> list[dict[str, Any]]:
    rows = []
    for number, control in enumerate(claim.controls):
        outcome = result.controls[number] if number < len(result.controls) else None
        seen = None if outcome is None else (outcome.held is False and not outcome.error)
        rows.append({**control.to_json(), "seen_to_fail": seen,
                     "instance": None if outcome is None else dict(outcome.instance),
                     "error": "" if outcome is None else outcome.error})
    return rows


def claim_record(claim: Claim, result: ClaimResult) -> dict[str, Any]:
    """The JSON record of ``result``: its own fields plus the claim's kind, design, controls,
    departures, known failure, drawn-instance break rate and tightness (min, median, max of bound / measured, or None)."""
    design = claim.design_at(result.level)  # type: ignore[arg-type]
    tightness = result.tightness()
    return {
        **result.to_json(),
        "kind": claim.kind.value,
        "spec_item": claim.source.spec if claim.source is not None else "",
        "bound_name": claim.bound,
        "design": design.to_json() if design is not None else None,
        "failure_probability": design.error if design is not None else None,
        "control_details": _controls(claim, result),
        "departures": [d.to_json() for d in claim.departures],
        "known_failure": claim.known_failure,
        "drawn_break_rate": claim.drawn_break_rate,
        "tightness": None if tightness is None else dict(zip(("min", "median", "max"), tightness)),
    }
