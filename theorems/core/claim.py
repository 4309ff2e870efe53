"""A claim: a checkable prediction -- given X, measure Y, expect Z.

A claim is a bundle of pure functions (optax style): ``instances(level)`` lists the instances to
check, ``measure(instance, rng)`` calls numerics, ``judge(instance, measurement)`` says whether the
prediction holds, each of ``controls`` gives an instance on which the judge must say no (just
across one boundary: see ``design.Control``), and ``strategy()`` draws instances for
property-based tests. Instances are dicts of plain JSON values, so they can be hashed, stored and
shown. A paper claim also declares its statistical ``design(level)`` and its ``departures`` from
the spec (see ``design``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from rnnbounds.theorems.core.design import ClaimKind, Control, Departure, Design, Instance, Level
from rnnbounds.theorems.core.provenance import Source

MAX_DRAWN_BREAK_RATE = 0.1
"""A claim whose judge fails on more than one drawn instance in ten while it holds is too weak to state."""

LEVELS: tuple[Level, ...] = ("quick", "full")


class Verdict(str, Enum):
    """HOLDS; FAILS (a bug or a real problem; a declared ``known_failure`` is a finding);
    REFUTED (an expected counterexample to the paper, reported as a finding with its witness);
    UNDERPOWERED (every instance held, but the level's design cannot rule out a false pass);
    SKIPPED (with a reason)."""

    HOLDS = "holds"
    FAILS = "fails"
    REFUTED = "refuted"
    UNDERPOWERED = "underpowered"
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
    """A checkable prediction with its measure, judge, instances, strategy and negative controls.

    ``negative_control`` (one instance function, no stated boundary) is accepted for a claim that
    has not declared its ``controls``; it becomes a single far control. ``known_failure`` declares
    a finding: the claim is measured to fail by its spec criterion, for the reason given, and is
    reported as failing without making ``check`` exit 1 (if it then holds, it FAILS, so the
    finding is re-examined). ``drawn_break_rate`` is the chance that the judge fails on one
    instance drawn from ``strategy`` although the claim holds (an interval's miss, a declared
    spread rate); the battery then tests the drawn failures as a binomial rate instead of
    requiring none. It is 0 for a judge that cannot fail on a true claim, and at most
    ``MAX_DRAWN_BREAK_RATE``.
    """

    id: str
    title: str
    statement: str
    instances: Callable[[Level], Sequence[Instance]]
    measure: Callable[[Instance, np.random.Generator], Measurement]
    judge: Callable[[Instance, Measurement], bool]
    tolerance: str
    negative_control: Callable[[Level], Instance] | None = None
    strategy: Callable[[], Any] | None = None
    source: Source | None = None
    expect: Verdict = Verdict.HOLDS
    bound: str | None = None
    slow: bool = False
    kind: ClaimKind = ClaimKind.PAPER
    design: Callable[[Level], Design] | None = None
    controls: tuple[Control, ...] = ()
    departures: tuple[Departure, ...] = ()
    known_failure: str = ""
    drawn_break_rate: float = 0.0

    def __post_init__(self) -> None:
        if self.expect not in (Verdict.HOLDS, Verdict.REFUTED):
            raise ValueError(f"claim {self.id!r}: expect must be HOLDS or REFUTED, not {self.expect}")
        if not self.tolerance.strip():
            raise ValueError(f"claim {self.id!r} must state its tolerance or failure probability")
        if self.strategy is None or self.source is None:
            raise ValueError(f"claim {self.id!r} needs an instance strategy and a source")
        if not self.controls and self.negative_control is not None:
            legacy = Control(self.negative_control, "unstated", "unstated", near=False)
            object.__setattr__(self, "controls", (legacy,))
        if not self.controls:
            raise ValueError(f"claim {self.id!r} has no negative control: a check that cannot fail is refused")
        object.__setattr__(self, "negative_control", self.controls[0].instance)
        if not 0.0 <= self.drawn_break_rate <= MAX_DRAWN_BREAK_RATE:
            raise ValueError(f"claim {self.id!r}: drawn_break_rate must lie in [0, {MAX_DRAWN_BREAK_RATE}], "
                             f"got {self.drawn_break_rate!r}")
        if self.known_failure and self.expect is not Verdict.HOLDS:
            raise ValueError(f"claim {self.id!r}: a known failure is declared on a claim expected to hold")

    def design_at(self, level: Level) -> Design | None:
        """The declared design at ``level`` (None where the claim declares none)."""
        return self.design(level) if self.design is not None else None

    def has_near_control(self) -> bool:
        return any(control.near for control in self.controls)

    def runs_at(self, level: Level) -> bool:
        """Slow claims run only at the full level."""
        return level == "full" or not self.slow
