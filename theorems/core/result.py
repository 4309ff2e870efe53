"""Results of running claims: per instance, per claim, and the verdict logic."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

from rnnbounds.theorems.core.claim import Measurement, Verdict


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
    """The verdict of a claim with every instance, the negative control and the reason."""

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

    @property
    def control_seen_to_fail(self) -> bool:
        return self.control is not None and self.control.held is False

    def to_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self), default=_jsonable))


def decide(expect: Verdict, results: tuple[InstanceResult, ...], control: InstanceResult | None) -> tuple[Verdict, str, InstanceResult | None]:
    """The verdict from the instance results and the control, with its reason and witness."""
    errors = [r for r in results if r.error]
    if errors:
        return Verdict.FAILS, f"instance {errors[0].index} raised: {errors[0].error}", errors[0]
    if control is not None and control.error:
        return Verdict.FAILS, f"the negative control raised: {control.error}", None
    if control is not None and control.held is not False:
        return Verdict.FAILS, "the negative control passed: this check cannot fail", control
    broken = [r for r in results if r.held is False]
    if expect is Verdict.HOLDS:
        if broken:
            return Verdict.FAILS, f"{len(broken)} of {len(results)} instances break the prediction", broken[0]
        return Verdict.HOLDS, f"all {len(results)} instances hold; the negative control fails", None
    if broken:
        return Verdict.REFUTED, f"counterexample found ({len(broken)} of {len(results)} instances)", broken[0]
    return Verdict.FAILS, "the expected counterexample did not appear", None
