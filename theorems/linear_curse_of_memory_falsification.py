"""Falsification targets of the linear curse of memory: the derived memory envelope.

The envelope sqrt(d) kappa(V) |c|_2 |U|_2 e^{s(W) t} bounds M(t) = |c^T e^{Wt} U|_1 for a
diagonalizable Hurwitz W; it is attained at m = d = 1, so its known tightness is 1. The search
runs over random Hurwitz networks, near-defective and normal non-symmetric W, and scaled
rotations, each with U and c drawn from a seeded generator; every candidate must be Hurwitz and
numerically diagonalizable (kappa(V) < 1e8) before it counts.

(This file sits beside ``linear_curse_of_memory.py`` because that theorem is a single module.)
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np

from rnnbounds.falsify import precision
from rnnbounds.falsify.families import (Family, Parameter, Reading, Target, hurwitz_reason, near_defective,
                                        normal_nonsymmetric, orthogonal_times_scale, round_matrix)
from rnnbounds.numerics.linear_rnn import LinearRNN, random_hurwitz
from rnnbounds.theorems.core import Direction, Instance
from rnnbounds.theorems.linear_curse_of_memory import ENVELOPE, ENVELOPE_ROUNDING, ENVELOPE_WINDOW

#: W counts as diagonalizable (the envelope's hypothesis) while kappa(V) is below this
MAX_CONDITION = 1e8


def _network(W: np.ndarray, d: int, draw: int) -> Instance:
    """The instance of W with U (m x d) and c (m) drawn from generator ``draw``."""
    rng = np.random.default_rng(int(draw))
    m = W.shape[0]
    return {"W": round_matrix(W), "U": round_matrix(rng.standard_normal((m, d))),
            "c": [float(x) for x in rng.standard_normal(m)]}


def _random(point: dict[str, float]) -> Instance:
    rng = np.random.default_rng(int(point["draw"]))
    return _network(random_hurwitz(rng, int(point["m"]), point["margin"]), int(point["d"]), int(point["draw"]))


SIZES = (Parameter("d", 1, 3, integer=True), Parameter("draw", 0, 999, integer=True))
FAMILIES = (
    Family("random-hurwitz", "random Hurwitz W (m <= 5) with spectral abscissa -margin",
           (Parameter("m", 1, 5, integer=True), Parameter("margin", 0.05, 2.0, log=True)) + SIZES, _random),
    Family("near-defective", "[[lambda, k], [0, lambda - split]]: eigenvectors closing up as split -> 0",
           (Parameter("eigenvalue", -2.0, -0.05), Parameter("split", 1e-3, 2.0, log=True),
            Parameter("shear", 0.0, 10.0)) + SIZES,
           lambda p: _network(near_defective(p["eigenvalue"], p["split"], p["shear"]), int(p["d"]), int(p["draw"]))),
    Family("normal-nonsymmetric", "Q [[-a, w], [-w, -a]] Q^T: normal, complex eigenvalues",
           (Parameter("decay", 0.05, 2.0, log=True), Parameter("frequency", 0.0, 5.0), Parameter("angle", 0.0, 3.1416))
           + SIZES,
           lambda p: _network(normal_nonsymmetric(p["decay"], p["frequency"], p["angle"]), int(p["d"]), int(p["draw"]))),
    Family("orthogonal-times-scale", "scale times a block rotation (Hurwitz when cos(angle) < 0)",
           (Parameter("m", 1, 4, integer=True), Parameter("scale", 0.05, 3.0, log=True),
            Parameter("angle", 1.58, 4.7)) + SIZES,
           lambda p: _network(-orthogonal_times_scale(int(p["m"]), p["scale"], p["angle"] - np.pi), int(p["d"]),
                              int(p["draw"]))),
)


def _net(instance: Instance) -> LinearRNN:
    return LinearRNN(np.array([instance["W"]], dtype=np.float64), np.array([instance["U"]], dtype=np.float64),
                     np.array([instance["c"]], dtype=np.float64))


def admits(instance: Instance) -> str | None:
    """Hurwitz, and diagonalizable in float64 (kappa(V) < 1e8)."""
    W = np.asarray(instance["W"], dtype=np.float64)
    reason = hurwitz_reason(W)
    if reason is not None:
        return reason
    condition = float(np.linalg.cond(np.linalg.eig(W)[1]))
    return None if condition < MAX_CONDITION else f"W is (numerically) defective: kappa(V) = {condition:.3g}"


def _times(net: LinearRNN) -> np.ndarray:
    return np.linspace(0.0, ENVELOPE_WINDOW / -float(net.spectral_abscissa()[0]), 401)


def envelope_arguments(instance: Instance, t: Any) -> dict[str, Any]:
    """The memory_envelope Bound's symbols for this network at times t."""
    W, U, c = (np.asarray(instance[k], dtype=np.float64) for k in ("W", "U", "c"))
    return {"d": U.shape[1], "kappa_V": float(np.linalg.cond(np.linalg.eig(W)[1])),
            "norm_c": float(np.linalg.norm(c)), "norm_U": float(np.linalg.norm(U, 2)),
            "beta": -float(np.linalg.eigvals(W).real.max()), "time": t}


def memory_on_grid(instance: Instance, t: np.ndarray) -> np.ndarray:
    """M(t_k) = |c^T e^{W t_k} U|_1 on a uniform grid t_k = k dt, stepping e^{W dt} (k products: the
    rounding grows like k eps, against |kappa(V)| eps for an eigendecomposition); equals
    LinearRNN.memory, which takes one expm per time, to ~1e-13 relative."""
    from scipy.linalg import expm

    W, U, c = (np.asarray(instance[k], dtype=np.float64) for k in ("W", "U", "c"))
    step, flow = expm(W * (t[1] - t[0])), np.eye(W.shape[0])
    memory = np.empty(t.size)
    for k in range(t.size):
        memory[k] = np.abs(c @ flow @ U).sum()
        flow = step @ flow
    return memory


def read(instance: Instance, rng: np.random.Generator) -> Reading:
    """M(t) on the claim's window [0, 12/beta] (401 points) and the envelope's arguments there."""
    t = _times(_net(instance))
    return Reading(memory_on_grid(instance, t), envelope_arguments(instance, t))


def precise(instance: Instance, index: int) -> Reading:
    """M and the envelope's arguments with mpmath (50 digits) at time ``index`` of the window."""
    t = float(_times(_net(instance))[index])
    with mpmath.workdps(precision.DIGITS):
        W, U, c = (precision.matrix(instance[k]) for k in ("W", "U", "c"))
        flow = mpmath.expm(W * t)
        row = (c.T * flow * U) if c.cols == 1 else (c * flow * U)
        memory = sum(abs(x) for x in row)
        _, V = mpmath.eig(W)
        kappa = precision.spectral_norm(V) * precision.spectral_norm(mpmath.inverse(V))
        arguments = {"d": U.cols, "kappa_V": kappa, "norm_c": mpmath.norm(c, 2), "norm_U": precision.spectral_norm(U),
                     "beta": -precision.spectral_abscissa(W), "time": t}
    return Reading(memory, arguments)


def snippet(json_name: str) -> str:
    return f'''import json
from pathlib import Path

import numpy as np
from rnnbounds.numerics.linear_rnn import LinearRNN
from rnnbounds.theorems.linear_curse_of_memory import envelope_values

w = json.loads(Path(__file__).with_name("{json_name}").read_text())["instance"]
net = LinearRNN(np.array([w["W"]]), np.array([w["U"]]), np.array([w["c"]]))
t = np.linspace(0.0, 12.0 / -net.spectral_abscissa()[0], 401)
print("max_t M(t) / envelope(t) =", float(np.max(net.memory(t)[0] / envelope_values(net, t)[0])))
'''


ENVELOPE_TARGET = Target(
    name=ENVELOPE.name, claim_id="memory-envelope", direction=Direction.UPPER, read=read, admits=admits,
    families=FAMILIES, bound=ENVELOPE, slack=ENVELOPE_ROUNDING, precise=precise, known_tightness=1.0,
    snippet=snippet, hypotheses_text="W Hurwitz and diagonalizable (kappa(V) < 1e8); U, c any")

TARGETS = (ENVELOPE_TARGET,)
