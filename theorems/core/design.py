"""What makes a verdict worth reading: the claim's kind, statistical design, controls, departures.

A **paper claim** predicts what a paper's statement says, traceable to a spec item; it can fail
if the paper is wrong. An **implementation check** shows that our simulator or encoding does what
it says. Reports count the two apart.

A paper claim declares its ``Design`` per level: how many independent instances and seeds are
judged, the statistic, the threshold (from the spec), and the probability that the verdict is
wrong by chance. Its negative controls sit just across one hypothesis boundary (``Control``),
close enough to show the check's resolution. Every way in which the claim's criterion, grid or
scope differs from its spec item is a ``Departure``, shown in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Literal, Mapping

Level = Literal["quick", "full"]
Instance = Mapping[str, Any]

#: the largest chance of a wrong verdict a paper claim may declare at the full level
MAX_ERROR_PROBABILITY = 0.05


class ClaimKind(str, Enum):
    """PAPER: a prediction of the paper's statement; IMPLEMENTATION: our code does what it says."""

    PAPER = "paper"
    IMPLEMENTATION = "implementation"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Design:
    """The statistical design of one claim at one level.

    ``error`` is the declared chance that the verdict is wrong: ``error_meaning`` says which way
    (e.g. "P(fails | slope = 0)" or "P(passes | rate of breaks >= 10%)") and ``method`` how it was
    obtained (Clopper-Pearson, binomial tail, regression t-interval, bootstrap, or "deterministic"
    for a computation whose only randomness is fixed by the seed, with ``error`` = 0).
    ``thresholds`` are the judge's numbers as data, so tests can pin them against the spec.
    """

    instances: int
    seeds: int
    statistic: str
    threshold: str
    error: float
    error_meaning: str
    method: str
    thresholds: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.instances < 1 or self.seeds < 1:
            raise ValueError(f"a design needs at least one instance and one seed; got {self.instances}, {self.seeds}")
        if not 0.0 <= self.error <= 1.0:
            raise ValueError(f"error probability must lie in [0, 1]; got {self.error}")
        if not (self.statistic.strip() and self.threshold.strip() and self.error_meaning.strip() and self.method.strip()):
            raise ValueError("a design states its statistic, threshold, error meaning and method")

    def powered(self, limit: float = MAX_ERROR_PROBABILITY) -> bool:
        """Whether the declared chance of a wrong verdict is at most ``limit`` (up to rounding, so
        that 0.025 + 0.025 counts as 0.05)."""
        return self.error <= limit * (1.0 + 1e-9)

    def to_json(self) -> dict[str, Any]:
        return {"instances": self.instances, "seeds": self.seeds, "statistic": self.statistic,
                "threshold": self.threshold, "error_probability": self.error, "error_meaning": self.error_meaning,
                "method": self.method, "thresholds": dict(self.thresholds), "powered": self.powered()}


@dataclass(frozen=True)
class Control:
    """A negative control: an instance on which the judge must say no.

    ``crosses`` names the boundary it steps over (a hypothesis, e.g. "alpha L_sigma < 1", or one
    edge of the judge's window); ``distance`` says how far across, with the number, e.g.
    "alpha L_sigma = 1.1, 10% above 1". ``near`` is False for a far control, which a claim may
    keep only beside a near one.
    """

    instance: Callable[[Level], Instance]
    crosses: str
    distance: str
    near: bool = True

    def __post_init__(self) -> None:
        if not (self.crosses.strip() and self.distance.strip()):
            raise ValueError("a control states the boundary it crosses and how far across it is")

    def to_json(self) -> dict[str, Any]:
        return {"crosses": self.crosses, "distance": self.distance, "near": self.near}


@dataclass(frozen=True)
class Departure:
    """Where a claim's criterion, grid, scope or statistic differs from its spec item, and why."""

    aspect: Literal["criterion", "grid", "scope", "statistic", "protocol"]
    spec: str
    ours: str
    why: str

    def __post_init__(self) -> None:
        if not (self.spec.strip() and self.ours.strip() and self.why.strip()):
            raise ValueError("a departure states the spec's choice, ours, and why")

    def to_json(self) -> dict[str, str]:
        return {"aspect": self.aspect, "spec": self.spec, "ours": self.ours, "why": self.why}
