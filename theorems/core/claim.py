"""A claim: a checkable prediction -- given X, measure Y, expect Z.

A claim is a bundle of pure functions (optax style): ``instances(level)`` lists the instances to
check, ``measure(instance, rng)`` calls numerics, ``judge(instance, measurement)`` says whether the
prediction holds, ``negative_control(level)`` gives an instance on which the judge must say no,
and ``strategy()`` draws instances for property-based tests. Instances are dicts of plain JSON
values, so they can be hashed, stored and shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Literal, Mapping, Sequence

import numpy as np

from rnnbounds.theorems.core.provenance import Source

Level = Literal["quick", "full"]
LEVELS: tuple[Level, ...] = ("quick", "full")
Instance = Mapping[str, Any]


class Verdict(str, Enum):
    """HOLDS; FAILS (unexpected: a bug or a real problem); REFUTED (an expected counterexample to
    the paper, reported as a finding with its witness); SKIPPED (with a reason)."""

    HOLDS = "holds"
    FAILS = "fails"
    REFUTED = "refuted"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Measurement:
    """What one instance measured: the value, the bound it is set against, and JSON-able details."""

    measured: float
    bound: float | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def looseness(self) -> float | None:
        """bound / measured, how loose the bound is (None without a bound or at measured = 0)."""
        if self.bound is None or self.measured == 0 or not np.isfinite(self.measured):
            return None
        return abs(self.bound / self.measured)


@dataclass(frozen=True)
class Claim:
    """A checkable prediction with its measure, judge, instances, strategy and negative control."""

    id: str
    title: str
    statement: str
    instances: Callable[[Level], Sequence[Instance]]
    measure: Callable[[Instance, np.random.Generator], Measurement]
    judge: Callable[[Instance, Measurement], bool]
    tolerance: str
    negative_control: Callable[[Level], Instance]
    strategy: Callable[[], Any]
    source: Source
    expect: Verdict = Verdict.HOLDS
    bound: str | None = None
    slow: bool = False

    def __post_init__(self) -> None:
        if self.expect not in (Verdict.HOLDS, Verdict.REFUTED):
            raise ValueError(f"claim {self.id!r}: expect must be HOLDS or REFUTED, not {self.expect}")
        if not self.tolerance.strip():
            raise ValueError(f"claim {self.id!r} must state its tolerance or failure probability")

    def runs_at(self, level: Level) -> bool:
        """Slow claims run only at the full level."""
        return level == "full" or not self.slow
