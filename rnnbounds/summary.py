"""One row per claim result: the representative instance, its measurement, bound and verdict."""

from __future__ import annotations

from rnnbounds.format import number
from rnnbounds.theorems.core import ClaimResult, InstanceResult

VERDICT_HEADER = ("claim", "measured", "bound", "verdict", "negative control", "reason")


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
    if result.control is None:
        return "none"
    if result.control.error:
        return "raised"
    return "seen to fail" if result.control_seen_to_fail else "PASSED (check cannot fail)"


def verdict_row(result: ClaimResult) -> list[str]:
    """claim | measured | bound | verdict | negative control | reason."""
    chosen = representative(result)
    measured = number(chosen.measurement.measured) if chosen and chosen.measurement else "-"
    bound = number(chosen.measurement.bound) if chosen and chosen.measurement else "-"
    return [result.claim_id, measured, bound, result.verdict.value, control_text(result), result.reason]
