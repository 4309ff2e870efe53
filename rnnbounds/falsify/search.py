"""The search for the instance that comes closest to breaking a bound, within a time budget.

For one target (a bound against a measurement) and one family (a box of parameters):

1. hypothesis draws points of the box, guided by ``hypothesis.target(log excess)`` towards the
   largest measured / bound (upper bound) or smallest (lower bound); the first violation stops
   the draw and hypothesis shrinks it (smaller sizes, simpler numbers);
2. scipy.optimize's Nelder-Mead (bounded, log-scaled where the parameter is) refines the
   continuous parameters from the best points found;
3. a violation is made readable: sizes pushed down, reals rounded to as few digits as keep it;
4. the readable witness is re-measured at higher precision (``target.precise``, mpmath where the
   quantity allows) or, without one, in float64 with a fresh generator.

A violation is the ratio crossing 1 + slack (upper) or 1 - slack (lower); where the reading
comes from a claim's own judge, the judge must say no as well (a no on the safe side of the bound
is counted as a claim failure, apart). Every candidate is checked against the hypotheses before
it counts: ``target.admits`` on the
instance, and the bound's sympy hypothesis relations at the reading (a ``HypothesisWarning`` of
``Bound.evaluate``, raised here or inside a claim's own measure, rejects the candidate). The search is deterministic given the seed unless
the budget cuts it short (``stopped_by_budget`` says so).
"""

from __future__ import annotations

import json
import math
import time
import warnings
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

import numpy as np

from rnnbounds.falsify.families import Family, Point, Reading, Target
from rnnbounds.falsify.shrink import readable_instance, readable_point
from rnnbounds.theorems.core.hypothesis import HypothesisWarning

#: share of a task's budget given to the hypothesis phase (the rest: refinement and shrinking)
HYPOTHESIS_SHARE = 0.6
#: hypothesis examples per second of budget, before the budget cuts (deterministic counts)
EXAMPLES_PER_SECOND = 25
MAX_EXAMPLES = 2000
#: Nelder-Mead starts: the best distinct points found by hypothesis
REFINE_STARTS = 4


@dataclass(frozen=True)
class Evaluated:
    """One candidate: its point, instance, ratio measured / bound, and why it did not count."""

    point: Mapping[str, float]
    instance: Mapping[str, Any]
    ratio: float
    excess: float
    violation: bool
    rejected: str = ""
    judged_failing: bool = False


def point_key(value: Any) -> str:
    """A hashable key of a point or instance: its canonical JSON."""
    return json.dumps(_plain(value), sort_keys=True)


class _Found(Exception):
    def __init__(self, point: Mapping[str, float]):
        super().__init__("violation")
        self.point = dict(point)


class Evaluator:
    """Measure a point of a family against a target; keep counts and the best admitted candidate."""

    def __init__(self, target: Target, family: Family, seed: int, deadline: float):
        self.target, self.family, self.seed, self.deadline = target, family, seed, deadline
        self.evaluations = self.rejected = self.errors = self.claim_failures = 0
        self.best: Evaluated | None = None
        self.first_violation: Evaluated | None = None
        self.first_claim_failure: Evaluated | None = None
        self.first_error = self.first_rejection = ""
        self.stopped_by_budget = False
        self._cache: dict[tuple, Evaluated] = {}

    def rng(self) -> np.random.Generator:
        """The same generator for every point, so that a point's ratio is a function of the point."""
        return np.random.default_rng([self.seed, zlib.crc32(self.family.name.encode())])

    def out_of_time(self) -> bool:
        if time.perf_counter() > self.deadline and self.first_violation is None:
            self.stopped_by_budget = True
            return True
        return False

    def evaluate(self, point: Point, rng: np.random.Generator | None = None) -> Evaluated:
        """Measure ``point`` (cached); an inadmissible or failing candidate has excess -inf."""
        return self.evaluate_instance(dict(self.family.instance(point)), point, rng)

    def evaluate_instance(self, instance: dict, point: Point | None = None,
                          rng: np.random.Generator | None = None) -> Evaluated:
        """Measure an instance directly (cached by its JSON)."""
        key = point_key(instance)
        if key in self._cache and rng is None:
            return self._cache[key]
        found = self._measure(dict(point if point is not None else {}), instance, rng or self.rng())
        if rng is None:
            self._cache[key] = found
        return found

    def cached(self, point: Point) -> Evaluated | None:
        return self._cache.get(point_key(dict(self.family.instance(point))))

    def _measure(self, point: dict, instance: dict, rng: np.random.Generator) -> Evaluated:
        try:
            reason = self.target.admits(instance)
            if reason is None:
                reading, ratio, reason = self._read(instance, rng)
        except Exception as error:  # a numerics failure is not a counterexample
            self.errors += 1
            message = " ".join(f"{type(error).__name__}: {error}".split())[:300]
            self.first_error = self.first_error or message
            return Evaluated(point, instance, math.nan, -math.inf, False, message)
        if reason is not None:
            self.rejected += 1
            self.first_rejection = self.first_rejection or reason
            return Evaluated(point, instance, math.nan, -math.inf, False, reason)
        self.evaluations += 1
        failing = reading.held is False
        violation = self.target.violates(ratio) and (reading.held is None or failing)
        found = Evaluated(point, instance, ratio, self.target.excess(ratio), violation, judged_failing=failing)
        if failing and not violation:
            self.claim_failures += 1
            if self.first_claim_failure is None:
                self.first_claim_failure = found
        if self.best is None or found.excess > self.best.excess or (violation and not self.best.violation):
            self.best = found
        if violation and self.first_violation is None:
            self.first_violation = found
        return found

    def _read(self, instance: dict, rng: np.random.Generator) -> tuple[Reading, float, str | None]:
        """The reading and its ratio; a reason when a bound was evaluated outside its hypotheses
        (a ``HypothesisWarning`` from ``Bound.evaluate``, here or inside the claim's measure)."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", HypothesisWarning)
            reading = self.target.read(instance, rng)
            ratio = self.target.ratio(reading)
        outside = [str(w.message) for w in caught if issubclass(w.category, HypothesisWarning)]
        return reading, ratio, (outside[0] if outside else None)

    def score(self, point: Point) -> float:
        """log excess (to maximize); -inf for a rejected candidate or after the deadline."""
        if self.out_of_time():
            return -math.inf
        found = self.evaluate(point)
        if found.excess <= 0 or not math.isfinite(found.excess):
            return found.excess if found.excess == math.inf else -math.inf
        return math.log(found.excess)


def hypothesis_phase(evaluator: Evaluator, family: Family, examples: int, seed: int) -> dict[str, float] | None:
    """Target-guided draws; the shrunk first violating point, or None."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as fixed_seed
    from hypothesis import target as guide
    from hypothesis.errors import FlakyFailure, HypothesisException

    @settings(max_examples=examples, deadline=None, database=None, verbosity=Verbosity.quiet,
              phases=(Phase.generate, Phase.target, Phase.shrink), suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False)
    @fixed_seed(seed)
    @given(family.strategy())
    def probe(point: dict[str, float]) -> None:
        value = evaluator.score(point)
        if math.isfinite(value):
            guide(max(min(value, 1e300), -1e300), label="log measured/bound")
        found = evaluator.cached(point)
        if found is not None and found.violation:
            raise _Found(point)

    try:
        probe()
    except _Found as found:
        return found.point
    except (FlakyFailure, HypothesisException):  # a shrink replay that changed: keep the first violation
        pass
    return dict(evaluator.first_violation.point) if evaluator.first_violation is not None else None


def _to_unit(family: Family, point: Point) -> np.ndarray:
    coordinates = []
    for p in family.continuous:
        low, high, x = (math.log(p.low), math.log(p.high), math.log(point[p.name])) if p.log else (p.low, p.high, point[p.name])
        coordinates.append(0.5 if high == low else (x - low) / (high - low))
    return np.array(coordinates)


def _from_unit(family: Family, base: Point, unit: np.ndarray) -> dict[str, float]:
    point = dict(base)
    for p, u in zip(family.continuous, np.clip(unit, 0.0, 1.0)):
        if p.log:
            point[p.name] = float(math.exp(math.log(p.low) + u * (math.log(p.high) - math.log(p.low))))
        else:
            point[p.name] = float(p.low + u * (p.high - p.low))
    return point


def refine_phase(evaluator: Evaluator, family: Family, starts: list[Point], deadline: float) -> dict[str, float] | None:
    """Bounded Nelder-Mead on the continuous parameters (in [0, 1] coordinates) from each start;
    the first violating point, or None."""
    from scipy.optimize import minimize

    if not family.continuous:
        return None

    def objective(unit: np.ndarray, base: Point) -> float:
        if time.perf_counter() > deadline:
            raise TimeoutError
        point = _from_unit(family, base, unit)
        value = evaluator.score(point)
        found = evaluator.evaluate(point) if math.isfinite(value) or value == math.inf else None
        if found is not None and found.violation:
            raise _Found(point)
        return 1e6 if not math.isfinite(value) else -value

    dimension = len(family.continuous)
    for start in starts:
        try:
            minimize(objective, _to_unit(family, start), args=(dict(start),), method="Nelder-Mead",
                     bounds=[(0.0, 1.0)] * dimension,
                     options={"maxfev": 60 * dimension + 40, "xatol": 1e-6, "fatol": 1e-9,
                              "initial_simplex": _simplex(_to_unit(family, start))})
        except _Found as found:
            return found.point
        except TimeoutError:
            evaluator.stopped_by_budget = evaluator.first_violation is None
            break
    return None


def _simplex(center: np.ndarray, step: float = 0.15) -> np.ndarray:
    """A simplex around ``center`` inside the unit box (steps reflected at the walls)."""
    vertices = [center.copy()]
    for i in range(center.size):
        vertex = center.copy()
        vertex[i] = center[i] + step if center[i] + step <= 1.0 else center[i] - step
        vertices.append(vertex)
    return np.array(vertices)


@dataclass(frozen=True)
class Witness:
    """A readable counterexample: its point and instance, float64 and high-precision ratios."""

    point: Mapping[str, float]
    instance: Mapping[str, Any]
    ratio: float
    precise_measured: float | None
    precise_bound: float | None
    precise_ratio: float | None
    verified: bool
    verification: str


@dataclass(frozen=True)
class SearchResult:
    """What one (target, family) search tried and found."""

    theorem_id: str
    target: str
    claim_id: str
    bound: str | None
    direction: str
    family: str
    family_description: str
    seed: int
    budget: float
    seconds: float
    evaluations: int
    rejected: int
    errors: int
    stopped_by_budget: bool
    best_ratio: float | None
    best_point: Mapping[str, float] | None
    best_instance: Mapping[str, Any] | None
    violation: bool
    witness: Witness | None
    known_tightness: float | None
    phases: Mapping[str, Any] = field(default_factory=dict)
    claim_failures: int = 0
    claim_failure_instance: Mapping[str, Any] | None = None
    claim_failure_ratio: float | None = None
    first_error: str = ""
    first_rejection: str = ""

    def to_json(self) -> dict[str, Any]:
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    """JSON-safe: non-finite floats become None, numpy scalars plain numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(float(value)) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    return value


def _best_starts(evaluator: Evaluator, count: int) -> list[dict[str, float]]:
    ranked = sorted((e for e in evaluator._cache.values() if math.isfinite(e.excess) and e.point),
                    key=lambda e: -e.excess)
    starts: list[dict[str, float]] = []
    for candidate in ranked:
        if all(candidate.point != s for s in starts):
            starts.append(dict(candidate.point))
        if len(starts) == count:
            break
    return starts


def precise_ratio(target: Target, reading: Reading) -> float:
    """measured / bound with the bound's expression evaluated at 50 digits (or the claim's limit)."""
    import mpmath

    from rnnbounds.falsify.precision import bound_at

    bound = mpmath.mpf(reading.limit) if target.bound is None else bound_at(target.bound, reading.arguments)
    measured = mpmath.mpf(reading.measured)
    if bound == 0:
        return math.nan
    return float(measured / bound if bound > 0 else 1 + (measured - bound) / abs(bound))


def verify(target: Target, evaluator: Evaluator, point: Point, instance: dict) -> Witness:
    """Re-measure the witness: at high precision where the target can, else with a fresh generator."""
    found = evaluator.evaluate_instance(instance)
    if target.precise is not None:
        worst = target.worst_index(target.read(instance, evaluator.rng()))
        reading = target.precise(instance, worst)
        ratio = precise_ratio(target, reading)
        bound = ratio and float(reading.measured) / ratio
        return Witness(dict(point), instance, found.ratio, float(reading.measured), bound, ratio,
                       target.violates(ratio) and found.violation, target.precision_text)
    again = evaluator.evaluate_instance(instance, rng=np.random.default_rng([evaluator.seed, 1]))
    return Witness(dict(point), instance, found.ratio, None, None, again.ratio, again.violation and found.violation,
                   "no higher-precision form: re-measured in float64 with a fresh generator")


def search(target: Target, family: Family, *, seed: int = 0, budget: float = 10.0,
           theorem_id: str = "") -> SearchResult:
    """Search ``family`` for the instance maximizing measured / bound (upper) or minimizing it
    (lower) against ``target`` for about ``budget`` seconds; see the module doc."""
    if not (isinstance(budget, (int, float)) and 0 < budget < 1e6):
        raise ValueError(f"budget: expected seconds in (0, 1e6), got {budget!r}")
    started = time.perf_counter()
    share = HYPOTHESIS_SHARE if family.continuous else 1.0  # nothing to refine: hypothesis gets it all
    evaluator = Evaluator(target, family, seed, started + share * budget)
    examples = int(min(MAX_EXAMPLES, max(10, EXAMPLES_PER_SECOND * budget)))
    violating = hypothesis_phase(evaluator, family, examples, seed)
    after_hypothesis = evaluator.evaluations
    if violating is None:
        evaluator.deadline = started + budget
        violating = refine_phase(evaluator, family, _best_starts(evaluator, REFINE_STARTS), started + budget)
    witness = None
    if violating is not None:
        still = lambda p: evaluator.evaluate(p).violation
        readable = readable_point(family, violating, still)
        instance = readable_instance(dict(family.instance(readable)),
                                     lambda candidate: evaluator.evaluate_instance(candidate).violation)
        witness = verify(target, evaluator, readable, instance)
    best, failure = evaluator.best, evaluator.first_claim_failure
    return SearchResult(
        theorem_id=theorem_id, target=target.name, claim_id=target.claim_id,
        bound=target.bound.name if target.bound is not None else None, direction=target.direction.value,
        family=family.name, family_description=family.description, seed=seed, budget=float(budget),
        seconds=time.perf_counter() - started, evaluations=evaluator.evaluations, rejected=evaluator.rejected,
        errors=evaluator.errors, stopped_by_budget=evaluator.stopped_by_budget,
        best_ratio=None if best is None else best.ratio, best_point=None if best is None else dict(best.point),
        best_instance=None if best is None else dict(best.instance), violation=witness is not None and witness.verified,
        witness=witness, known_tightness=target.known_tightness,
        phases={"hypothesis_examples": examples, "hypothesis_evaluations": after_hypothesis,
                "refine_evaluations": evaluator.evaluations - after_hypothesis},
        claim_failures=evaluator.claim_failures,
        claim_failure_instance=None if failure is None else dict(failure.instance),
        claim_failure_ratio=None if failure is None else failure.ratio,
        first_error=evaluator.first_error, first_rejection=evaluator.first_rejection)
