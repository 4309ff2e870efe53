"""Results of running claims: per instance, per claim, and the verdict logic."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from rnnbounds.theorems.core.claim import Measurement, Verdict
from rnnbounds.theorems.core.design import MAX_ERROR_PROBABILITY, Design


@dataclass(frozen=True)
class InstanceResult:
    """One instance: its inputs, what was measured, whether the prediction held, and the seed."""

    index: int
    instance: Mapping[str, Any]
    measurement: Measurement | None
    held: bool | None
    seed: int
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self), default=_jsonable))


def _jsonable(value: Any) -> Any:
    tolist = getattr(value, "tolist", None)
    if tolist is not None:
        return tolist()
    return str(value)


@dataclass(frozen=True)
class ClaimResult:
    """The verdict of a claim with every instance, its negative controls and the reason.

    ``control`` is the first control (kept for readers of one control); ``controls`` holds them
    all. ``finding`` is the claim's declared known failure when the claim failed as declared.
    """

    theorem_id: str
    claim_id: str
    level: str
    seed: int
    verdict: Verdict
    reason: str
    instances: tuple[InstanceResult, ...]
    control: InstanceResult | None
    witness: InstanceResult | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    controls: tuple[InstanceResult, ...] = ()
    finding: str = ""

    @property
    def control_seen_to_fail(self) -> bool:
        controls = self.controls or ((self.control,) if self.control is not None else ())
        return bool(controls) and all(c.held is False and not c.error for c in controls)

    @property
    def unexpected(self) -> bool:
        """A FAILS verdict that is not a declared finding: a bug or a new problem."""
        return self.verdict is Verdict.FAILS and not self.finding

    def tightness(self) -> tuple[float, float, float] | None:
        """(min, median, max) of bound / measured over the instances that set a value against a bound."""
        ratios = [r.measurement.looseness for r in self.instances if r.measurement is not None]
        ratios = [x for x in ratios if x is not None and np.isfinite(x)]
        if not ratios:
            return None
        return float(np.min(ratios)), float(np.median(ratios)), float(np.max(ratios))

    def to_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self), default=_jsonable))


@dataclass(frozen=True)
class Decision:
    """What ``decide`` concludes: the verdict, its reason, the witness and a declared finding."""

    verdict: Verdict
    reason: str
    witness: InstanceResult | None = None
    finding: str = ""


def _control_problem(controls: Sequence[InstanceResult]) -> Decision | None:
    for number, control in enumerate(controls):
        if control.error:
            return Decision(Verdict.FAILS, f"negative control {number} raised: {control.error}")
        if control.held is not False:
            return Decision(Verdict.FAILS, f"negative control {number} passed: this check cannot fail", control)
    return None


def _decide_holding(results: tuple[InstanceResult, ...], design: Design | None, known_failure: str) -> Decision:
    broken = [r for r in results if r.held is False]
    if broken and known_failure:
        return Decision(Verdict.FAILS, f"finding: {known_failure} ({len(broken)} of {len(results)} instances break "
                        "the prediction)", broken[0], known_failure)
    if broken:
        return Decision(Verdict.FAILS, f"{len(broken)} of {len(results)} instances break the prediction", broken[0])
    if known_failure:
        return Decision(Verdict.FAILS, "declared as a known failure, but every instance held: re-examine the finding")
    if design is not None and not design.powered():
        return Decision(Verdict.UNDERPOWERED, f"all {len(results)} instances hold, but at this level "
                        f"{design.error_meaning} = {design.error:.2g} > {MAX_ERROR_PROBABILITY}")
    return Decision(Verdict.HOLDS, f"all {len(results)} instances hold; every negative control fails")


def decide(expect: Verdict, results: tuple[InstanceResult, ...], controls: Sequence[InstanceResult],
           design: Design | None = None, known_failure: str = "") -> Decision:
    """The verdict from the instance results and the controls (a claim without a control is refused).

    Errors and passing controls make the claim FAIL; so do broken instances of a claim expected
    to hold (a declared ``known_failure`` turns them into a finding). A claim whose every
    instance holds is UNDERPOWERED where its ``design`` declares more than a 5% chance of error.
    """
    if not controls:
        return Decision(Verdict.FAILS, "the claim has no negative control: this check cannot fail")
    errors = [r for r in results if r.error]
    if errors:
        return Decision(Verdict.FAILS, f"instance {errors[0].index} raised: {errors[0].error}", errors[0])
    problem = _control_problem(controls)
    if problem is not None:
        return problem
    if expect is Verdict.HOLDS:
        return _decide_holding(results, design, known_failure)
    broken = [r for r in results if r.held is False]
    if broken:
        return Decision(Verdict.REFUTED, f"counterexample found ({len(broken)} of {len(results)} instances)", broken[0])
    return Decision(Verdict.FAILS, "the expected counterexample did not appear")
