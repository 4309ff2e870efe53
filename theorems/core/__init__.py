"""The theorem core: bounds, claims, theorems, and how claims are run and judged."""

from rnnbounds.theorems.core.bound import Bound, Direction
from rnnbounds.theorems.core.claim import LEVELS, Claim, Instance, Level, Measurement, Verdict
from rnnbounds.theorems.core.design import ClaimKind, Control, Departure, Design
from rnnbounds.theorems.core.growth import GrowthOrder
from rnnbounds.theorems.core.hypothesis import Hypothesis, HypothesisViolation, HypothesisWarning, Option
from rnnbounds.theorems.core.provenance import Provenance, Source
from rnnbounds.theorems.core.reproduction import ReportContext, Reproduction
from rnnbounds.theorems.core.result import ClaimResult, InstanceResult
from rnnbounds.theorems.core.theorem import Theorem

__all__ = [
    "Bound", "Claim", "ClaimKind", "ClaimResult", "Control", "Departure", "Design", "Direction", "GrowthOrder", "Hypothesis",
    "HypothesisViolation", "HypothesisWarning", "Instance", "InstanceResult", "LEVELS", "Level", "Measurement", "Option", "Provenance", "ReportContext",
    "Reproduction", "Source", "Theorem", "Verdict",
]
