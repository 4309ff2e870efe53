"""The files of a new plugin package, with ``__ID__``, ``__PACKAGE__``, ``__DISTRIBUTION__`` and
``__TITLE__`` standing for the theorem id, the import package, the distribution name and a title.

The theorem is a complete worked example that passes the battery: a bound with its provenance,
source, reference point and hypotheses; a paper claim with a design at each level and a control
just across one hypothesis boundary. docs/plugins.md shows these files as ``rnnbounds new demo``
writes them.
"""

PYPROJECT = '''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "__DISTRIBUTION__"
version = "0.1.0"
description = "__TITLE__: a theorem for rnnbounds"
requires-python = ">=3.10"
dependencies = ["rnnbounds"]

[project.optional-dependencies]
test = ["pytest>=7.4", "hypothesis>=6.90"]

# rnnbounds finds the theorem through this entry point: id-like name = "module:THEOREM"
[project.entry-points."rnnbounds.theorems"]
__ID__ = "__PACKAGE__.theorem:THEOREM"

[tool.setuptools]
packages = ["__PACKAGE__"]

[tool.pytest.ini_options]
markers = ["slow: long-running case"]
'''

INIT = '''"""__TITLE__: a theorem plugin for rnnbounds (see theorem.py)."""
'''

THEOREM = '''"""__TITLE__: the state of a contractive scalar linear RNN stays bounded.

Model: h_0 = 0, h_t = w h_{t-1} + x_t with 0 < w < 1 and |x_t| <= u for every t. Then
|h_t| <= sum_{k < t} w^k u <= u / (1 - w): the geometric series, our own two-line derivation
(provenance DERIVED). The claim measures max_t |h_t| on the worst-case input x_t = u and on four
random-sign inputs, and expects it to stay below the bound; its control feeds inputs 5% above u,
where the worst case must exceed it.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from rnnbounds.theorems import symbols
from rnnbounds.theorems.core import (Bound, Claim, Control, Design, Direction, Hypothesis, Measurement,
                                     Provenance, Source, Theorem)

THEOREM_ID = "__ID__"

# Symbols of this theorem live in its own namespace; shared ones (symbols.n, symbols.T, ...) can
# be used as they are.
OWN = symbols.namespace(THEOREM_ID)
w = OWN.declare("w", "positive", latex="w", description="recurrent weight of the scalar linear RNN")
u = OWN.declare("u", "positive", latex="u", description="bound on the inputs, |x_t| <= u")

CONTRACTIVE = Hypothesis("contractive", "0 < w < 1", w < 1)
BOUNDED_INPUTS = Hypothesis("bounded-inputs", "|x_t| <= u for every t")
SOURCE = Source("geometric series", "|h_t| <= sum_{k<t} w^k u <= u / (1 - w)", spec="worked example, item S1")

STATE_BOUND = Bound(
    name="state_bound", quantity="max_t |h_t|", expr=u / (1 - w), direction=Direction.UPPER,
    provenance=Provenance.DERIVED, source=SOURCE, reference={"w": 0.5, "u": 1.0},
    hypotheses=(CONTRACTIVE, BOUNDED_INPUTS), scan="u",
    description="the geometric series summed to infinity",
)

RANDOM_INPUTS = 4


def largest_state(w_value: float, inputs: np.ndarray) -> float:
    """max_t |h_t| over a batch of input sequences of shape (batch, T), with h_0 = 0."""
    h = np.zeros(inputs.shape[0])
    peak = 0.0
    for x_t in inputs.T:
        h = w_value * h + x_t
        peak = max(peak, float(np.max(np.abs(h))))
    return peak


def measure(instance: dict, rng: np.random.Generator) -> Measurement:
    """The largest |h_t| on the worst-case input and RANDOM_INPUTS random-sign ones."""
    w_value, u_value, steps = float(instance["w"]), float(instance["u"]), int(instance["T"])
    size = u_value * float(instance.get("overshoot", 1.0))
    inputs = np.vstack([np.full((1, steps), size), size * rng.choice([-1.0, 1.0], size=(RANDOM_INPUTS, steps))])
    return Measurement(largest_state(w_value, inputs), STATE_BOUND.evaluate(w=w_value, u=u_value), {"T": steps})


def judge(instance: dict, measurement: Measurement) -> bool:
    """Holds when the measured peak is at most the bound (relative slack 1e-12 for rounding)."""
    return measurement.measured <= measurement.bound * (1.0 + 1e-12)


def instances(level: str) -> list[dict]:
    """Deterministic, plain JSON: the same list every call, in every process."""
    quick = [{"w": 0.5, "u": 1.0, "T": 40}, {"w": 0.9, "u": 2.0, "T": 200}, {"w": 0.1, "u": 0.5, "T": 5}]
    return quick if level == "quick" else quick + [{"w": 0.99, "u": 1.0, "T": 3000}, {"w": 0.3, "u": 10.0, "T": 60}]


def strategy() -> st.SearchStrategy:
    """Instances for property-based tests: any w in (0, 1), u > 0, T >= 1."""
    return st.fixed_dictionaries({"w": st.floats(0.01, 0.99), "u": st.floats(0.1, 10.0), "T": st.integers(1, 100)})


def design(level: str) -> Design:
    return Design(
        instances=len(instances(level)), seeds=1,
        statistic=f"max_t |h_t| over the worst-case input and {RANDOM_INPUTS} random-sign inputs",
        threshold="at most u / (1 - w), relative slack 1e-12", error=0.0,
        error_meaning="P(wrong verdict): 0, the bound holds for every input sequence", method="deterministic",
        thresholds={"relative_slack": 1e-12},
    )


NEAR_CONTROL = Control(
    instance=lambda level: {"w": 0.5, "u": 1.0, "T": 30, "overshoot": 1.05},
    crosses="bounded-inputs: |x_t| <= u",
    distance="|x_t| = 1.05 u, 5% above u (the worst case then reaches 1.05 u / (1 - w))",
)

STATE_STAYS_BOUNDED = Claim(
    id="S1-state-bounded", title="the state stays below u / (1 - w)",
    statement="Given 0 < w < 1 and |x_t| <= u, measure max_t |h_t|, expect it at most u / (1 - w).",
    instances=instances, measure=measure, judge=judge, tolerance="exact up to a relative 1e-12",
    strategy=strategy, source=SOURCE, bound="state_bound", design=design, controls=(NEAR_CONTROL,),
)

THEOREM = Theorem(
    id=THEOREM_ID,
    title="__TITLE__",
    citation="worked example of an rnnbounds plugin (replace with your paper)",
    spec="the worked example of the rnnbounds plugin guide, item S1",
    statement="For h_t = w h_{t-1} + x_t, h_0 = 0, 0 < w < 1 and |x_t| <= u: |h_t| <= u / (1 - w).",
    summary="A contractive scalar linear RNN keeps its state within the geometric-series bound.",
    hypotheses=(CONTRACTIVE, BOUNDED_INPUTS),
    bounds=(STATE_BOUND,),
    claims=(STATE_STAYS_BOUNDED,),
)
'''

TEST_BATTERY = '''"""The rnnbounds battery on this package's theorem: run with `python -m pytest`."""

from rnnbounds.testing import TheoremBattery


class TestTheorem(TheoremBattery):
    theorem_ids = ("__ID__",)
'''

README = '''# __DISTRIBUTION__

__TITLE__: a theorem plugin for [rnnbounds](https://pypi.org/project/rnnbounds/).

    pip install -e .
    rnnbounds show __ID__
    rnnbounds check __ID__
    rnnbounds selftest __ID__          # or: python -m pytest tests
'''

FILES = {
    "pyproject.toml": PYPROJECT,
    "README.md": README,
    "__PACKAGE__/__init__.py": INIT,
    "__PACKAGE__/theorem.py": THEOREM,
    "tests/test_battery.py": TEST_BATTERY,
}
