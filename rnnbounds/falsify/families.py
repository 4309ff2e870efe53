"""What a theorem offers the falsification search: parameter families, readings and targets.

A **family** is a box of parameters (sizes, scales, shears, angles) and a map ``build`` from a
point of the box to an instance: a random matrix family, a Jordan block, a near-defective or
normal non-symmetric W, a saturated drive, an orthogonal matrix times a scale. The search moves
inside the box; structured families reach the corners that break a lemma, where random draws
almost never go.

A **target** is one bound (or one claim's threshold) set against one measurement:

    reading = target.read(instance, rng)        # measured values and the bound's arguments
    ratio   = target.ratio(reading)             # max measured / bound (UPPER), min (LOWER)

An upper bound is violated where ratio > 1 + slack, a lower one where ratio < 1 - slack; the
slack is the claim's rounding allowance. ``admits(instance)`` checks the hypotheses before a
candidate counts (None: admitted; otherwise the reason it is not). ``precise(instance, index)`` re-measures
at higher precision (mpmath where the quantity allows) at point ``index`` of the float64 reading
(the one closest to breaking the target's bound) and returns a scalar Reading there, whose bound
is then evaluated at 50 digits.

This module imports only the theorem core, so that theorem packages can declare their families.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from rnnbounds.theorems.core import Bound, Direction, Instance

Point = Mapping[str, float]


@dataclass(frozen=True)
class Parameter:
    """One coordinate of a family's box: [low, high], an integer (a size) or a real (log-spaced
    when ``log``). Sizes shrink towards ``low``; reals are rounded towards few digits."""

    name: str
    low: float
    high: float
    integer: bool = False
    log: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low <= self.high):
            raise ValueError(f"parameter {self.name!r}: need finite low <= high, got [{self.low}, {self.high}]")
        if self.log and self.low <= 0:
            raise ValueError(f"parameter {self.name!r}: a log-spaced parameter needs low > 0")

    def strategy(self) -> Any:
        from hypothesis import strategies as st

        if self.integer:
            return st.integers(int(self.low), int(self.high))
        if self.log:
            return st.floats(math.log(self.low), math.log(self.high)).map(math.exp)
        return st.floats(self.low, self.high, allow_nan=False, allow_infinity=False)

    def clip(self, value: float) -> float:
        """``value`` moved into the box (and to an integer for a size)."""
        clipped = min(max(float(value), self.low), self.high)
        return float(round(clipped)) if self.integer else clipped


@dataclass(frozen=True)
class Family:
    """Instances built from a box of parameters; ``fixed`` values are passed to ``build`` as well."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    build: Callable[[Point], Instance]
    fixed: Mapping[str, float] = field(default_factory=dict)
    draws: Callable[[], Any] | None = None

    def strategy(self) -> Any:
        """Points of the box; for a family of ``draws`` (a claim's own instance strategy), instances."""
        from hypothesis import strategies as st

        if self.draws is not None:
            return self.draws()
        return st.fixed_dictionaries({p.name: p.strategy() for p in self.parameters})

    def instance(self, point: Point) -> Instance:
        """The instance at ``point`` (clipped into the box); a drawn instance is its own point."""
        if self.draws is not None:
            return dict(point)
        inside = {p.name: p.clip(point[p.name]) for p in self.parameters}
        return self.build({**self.fixed, **inside})

    @property
    def continuous(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if not p.integer)


@dataclass(frozen=True)
class Reading:
    """What one instance measured, with the bound's arguments at the same points (arrays broadcast).

    ``arguments`` feed ``Bound.evaluate``; a target without a Bound sets ``limit`` instead (the
    claim's own threshold, e.g. 'memory decayed to 1e-6'). ``held`` is the claim's own judge where
    the reading comes from it: a violation then needs both the judge saying no and the ratio
    crossing the bound; a judge's no on the safe side of the bound is a claim failure, reported
    apart (the claim may judge more than the bound, e.g. a slope or a window).
    """

    measured: np.ndarray
    arguments: Mapping[str, Any] = field(default_factory=dict)
    limit: float | None = None
    held: bool | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """One bound or claim threshold, the measurement it is set against, and where to search.

    name: the bound's name (or the claim id when ``bound`` is None); claim_id: the claim that
    measures it; read: the measurement adapter; admits: the hypotheses check; families: where to
    search; slack: the rounding allowance of a violation; known_tightness: the best ratio where
    it is known (e.g. 1 where the bound is attained); snippet: a Python reproducer of an instance.
    """

    name: str
    claim_id: str
    direction: Direction
    read: Callable[[Instance, np.random.Generator], Reading]
    admits: Callable[[Instance], str | None]
    families: tuple[Family, ...]
    bound: Bound | None = None
    slack: float = 1e-9
    precise: Callable[[Instance, int], Reading] | None = None
    precision_text: str = "re-measured with mpmath at 50 digits"
    known_tightness: float | None = None
    snippet: Callable[[Instance], str] | None = None
    hypotheses_text: str = ""

    def __post_init__(self) -> None:
        if not self.families:
            raise ValueError(f"target {self.name!r}: a search needs at least one family")
        names = [f.name for f in self.families]
        if len(set(names)) != len(names):
            raise ValueError(f"target {self.name!r}: family names repeat: {names}")
        if not 0.0 <= self.slack < 1.0:
            raise ValueError(f"target {self.name!r}: slack must lie in [0, 1), got {self.slack}")

    def family(self, name: str) -> Family:
        for family in self.families:
            if family.name == name:
                return family
        raise ValueError(f"target {self.name!r} has no family {name!r}; known: "
                         f"{', '.join(f.name for f in self.families)}")

    def with_bound(self, bound: Bound, name: str | None = None) -> "Target":
        """The same search against another bound on the same symbols (e.g. a deliberately weakened one)."""
        return replace(self, bound=bound, name=name or bound.name, known_tightness=None)

    def bound_values(self, reading: Reading) -> np.ndarray:
        """The bound at the reading's points: ``bound.evaluate(**arguments)``, or the claim's limit."""
        if self.bound is None:
            if reading.limit is None:
                raise ValueError(f"target {self.name!r}: a reading without a bound needs a limit")
            return np.asarray(reading.limit, dtype=np.float64)
        names = getattr(self.bound, "accepted_names", self.bound.symbol_names)
        return np.asarray(self.bound.evaluate(**{k: v for k, v in reading.arguments.items() if k in names}),
                          dtype=np.float64)

    def ratios(self, reading: Reading) -> np.ndarray:
        """measured / bound pointwise, for a negative bound (a rate, a slope) 1 + (measured - bound) / |bound|,
        so that > 1 always means 'above the bound'; NaN where the bound is 0."""
        measured = np.asarray(reading.measured, dtype=np.float64)
        bound = self.bound_values(reading)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(bound > 0, measured / bound, 1.0 + (measured - bound) / np.abs(bound))

    def worst_index(self, reading: Reading) -> int:
        """The flat index of the reading's point closest to breaking the bound (0 for a scalar)."""
        measured = np.asarray(reading.measured, dtype=np.float64)
        if measured.ndim == 0:
            return 0
        ratios = np.broadcast_to(self.ratios(reading), measured.shape).ravel()
        ratios = np.where(np.isfinite(ratios), ratios, -np.inf if self.direction is Direction.UPPER else np.inf)
        return int(np.argmax(ratios) if self.direction is Direction.UPPER else np.argmin(ratios))

    def ratio(self, reading: Reading) -> float:
        """max measured / bound for an upper bound, min for a lower one (NaN where undefined); see ``ratios``."""
        ratios = np.atleast_1d(self.ratios(reading))
        ratios = ratios[np.isfinite(ratios)]
        if ratios.size == 0:
            return float("nan")
        return float(ratios.max() if self.direction is Direction.UPPER else ratios.min())

    def excess(self, ratio: float) -> float:
        """How far the bound is from breaking, as a number to maximize: ratio (UPPER) or 1/ratio (LOWER)."""
        if not math.isfinite(ratio):
            return float("-inf")
        if self.direction is Direction.UPPER:
            return ratio
        return float("inf") if ratio <= 0 else 1.0 / ratio

    def violates(self, ratio: float) -> bool:
        """ratio > 1 + slack (UPPER) or ratio < 1 - slack (LOWER)."""
        if not math.isfinite(ratio):
            return False
        return ratio > 1.0 + self.slack if self.direction is Direction.UPPER else ratio < 1.0 - self.slack


def drawn_family(name: str, description: str, draws: Callable[[], Any]) -> Family:
    """A family whose points are instances drawn by a hypothesis strategy (no box to refine in)."""
    return Family(name, description, (), lambda point: dict(point), draws=draws)


def claim_snippet(theorem_id: str, claim_id: str) -> Callable[[str], str]:
    """A reproducer that calls the claim's own measure and judge on the witness instance."""
    def snippet(json_name: str) -> str:
        return f'''import json
from pathlib import Path

import numpy as np
from rnnbounds.theorems.registry import get_theorem

claim = get_theorem("{theorem_id}").claim("{claim_id}")
instance = json.loads(Path(__file__).with_name("{json_name}").read_text())["instance"]
measurement = claim.measure(instance, np.random.default_rng(0))
print("measured", measurement.measured, "bound", measurement.bound, "judge says it holds:", claim.judge(instance, measurement))
'''
    return snippet


def admit_all(instance: Instance) -> str | None:
    """The hypotheses check of a family whose instances are admissible by construction."""
    return None


def hurwitz_reason(W: np.ndarray, margin: float = 0.0) -> str | None:
    """None when every eigenvalue of W has real part < -margin; otherwise why not."""
    abscissa = float(np.linalg.eigvals(np.asarray(W, dtype=np.float64)).real.max())
    return None if abscissa < -margin else f"W is not Hurwitz (max Re lambda = {abscissa:.3g})"


def jordan_block(size: int, eigenvalue: float, coupling: float) -> np.ndarray:
    """eigenvalue I + coupling N, N the nilpotent shift: one Jordan block (defective for coupling != 0)."""
    return eigenvalue * np.eye(size) + coupling * np.eye(size, k=1)


def near_defective(eigenvalue: float, split: float, shear: float) -> np.ndarray:
    """[[eigenvalue, shear], [0, eigenvalue - split]]: two eigenvalues ``split`` apart whose
    eigenvectors close up (kappa(V) ~ 2 shear / split) as split -> 0."""
    return np.array([[eigenvalue, shear], [0.0, eigenvalue - split]])


def rotation(angle: float) -> np.ndarray:
    return np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])


def normal_nonsymmetric(decay: float, frequency: float, angle: float) -> np.ndarray:
    """Q [[-decay, frequency], [-frequency, -decay]] Q^T: normal, not symmetric for frequency != 0."""
    Q = rotation(angle)
    return Q @ np.array([[-decay, frequency], [-frequency, -decay]]) @ Q.T


def orthogonal_times_scale(size: int, scale: float, angle: float) -> np.ndarray:
    """scale times a block rotation by ``angle`` (an orthogonal matrix); odd sizes end with a 1."""
    W = np.eye(size) * scale
    for start in range(0, size - 1, 2):
        W[start:start + 2, start:start + 2] = scale * rotation(angle)
    return W


def round_matrix(W: np.ndarray) -> list[list[float]]:
    """A matrix as nested lists of plain floats (JSON)."""
    return [[float(x) for x in row] for row in np.asarray(W, dtype=np.float64)]


def family_names(families: Sequence[Family]) -> list[str]:
    return [family.name for family in families]
