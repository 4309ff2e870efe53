"""Falsification targets of the inverse-approximation theorem: Lemma A.8 and Remark 3.3.

- ``lyapunov_norm`` (Lemma A.8, as printed): W Hurwitz with max Re lambda = -beta0 implies that P
  solving W^T P + P W = -I has ||P||_2 <= 1/(2 beta0). The search only asks W to be Hurwitz, the
  lemma's hypothesis, and tries symmetric, normal non-symmetric, Jordan, near-defective and
  scaled-orthogonal W. It is attained at W = -beta0 I (known tightness 1 on normal W).
- ``P13`` (Remark 3.3, "RNNs have decaying memory"): a tanh RNN with Hurwitz W, U = I, b = 0,
  started at h_0 = 0 under a constant drive u, has max_{t in [50, 100]} |v_t| / |v_0| <= 1e-6,
  v = dh/dt. The search asks W to be Hurwitz with a spectral gap of at least 0.5 (so that the
  window resolves a linear decay: e^{-25} << 1e-6) and tries symmetric W, triangular Jordan blocks,
  Jordan blocks in a sheared basis S J S^-1 and general 2 x 2 matrices, with drives in [-3, 3]^2.
  It measures the minimum of |v_t| / |v_0| over the window, stricter than P13's maximum, so that a
  long transient is not taken for memory that does not decay.
- ``euler_step``: the largest stable step of the residual linear RNN h <- h + dt W h is 2 / g_max
  for symmetric Hurwitz W (attained: known tightness 1), measured by bisection on P8's simulation.

Lemma A.8 is read with P10's own measure and Remark 3.3 with P13's own simulation (the minimum over
the window instead of the maximum); neither search is given the witnesses of the report.
"""

from __future__ import annotations

import mpmath
import numpy as np

from rnnbounds.falsify import precision
from rnnbounds.falsify.families import (Family, Parameter, Reading, Target, claim_snippet, hurwitz_reason, jordan_block,
                                        near_defective, normal_nonsymmetric, orthogonal_times_scale, round_matrix)
from rnnbounds.numerics.teachers import symmetric_hurwitz
from rnnbounds.theorems.core import Direction, Instance
from rnnbounds.theorems.inverse_approximation.bounds import EULER_STABILITY, LYAPUNOV_NORMAL
from rnnbounds.theorems.inverse_approximation.claims_lemmas import P10, ROUNDING
from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.ctrnn import heaviside_velocity
from rnnbounds.theorems.inverse_approximation.claims_memory import P13, _p13_weights


def _symmetric(size: int, rate: float, spread: float, draw: int) -> np.ndarray:
    rng = np.random.default_rng(int(draw))
    rates = rate * (1.0 + spread * rng.uniform(0.0, 1.0, (1, size)))
    return symmetric_hurwitz(rng, rates)[0]


def _lyapunov_instance(W: np.ndarray) -> Instance:
    return {"W": round_matrix(W), "bound_factor": 1.0}


LYAPUNOV_FAMILIES = (
    Family("symmetric", "-Q^T diag(rates) Q, Haar Q",
           (Parameter("m", 1, 4, integer=True), Parameter("rate", 0.05, 3.0, log=True), Parameter("spread", 0.0, 5.0),
            Parameter("draw", 0, 999, integer=True)),
           lambda p: _lyapunov_instance(_symmetric(int(p["m"]), p["rate"], p["spread"], int(p["draw"])))),
    Family("normal-nonsymmetric", "Q [[-a, w], [-w, -a]] Q^T",
           (Parameter("decay", 0.05, 3.0, log=True), Parameter("frequency", 0.0, 5.0), Parameter("angle", 0.0, 3.1416)),
           lambda p: _lyapunov_instance(normal_nonsymmetric(p["decay"], p["frequency"], p["angle"]))),
    Family("jordan", "lambda I + k N, N the nilpotent shift (one Jordan block)",
           (Parameter("m", 2, 4, integer=True), Parameter("eigenvalue", -3.0, -0.05), Parameter("coupling", 0.0, 10.0)),
           lambda p: _lyapunov_instance(jordan_block(int(p["m"]), p["eigenvalue"], p["coupling"]))),
    Family("near-defective", "[[lambda, k], [0, lambda - split]]",
           (Parameter("eigenvalue", -3.0, -0.05), Parameter("split", 1e-3, 3.0, log=True), Parameter("shear", 0.0, 10.0)),
           lambda p: _lyapunov_instance(near_defective(p["eigenvalue"], p["split"], p["shear"]))),
    Family("orthogonal-times-scale", "-scale R(angle) blocks: normal, Hurwitz for |angle| < pi/2",
           (Parameter("m", 1, 4, integer=True), Parameter("scale", 0.05, 3.0, log=True), Parameter("angle", 0.0, 1.5)),
           lambda p: _lyapunov_instance(-orthogonal_times_scale(int(p["m"]), p["scale"], p["angle"]))),
)


def hurwitz(instance: Instance) -> str | None:
    """Lemma A.8's and Remark 3.3's hypothesis: max Re lambda(W) < 0."""
    return hurwitz_reason(np.asarray(instance["W"], dtype=np.float64))


def read_lyapunov(instance: Instance, rng: np.random.Generator) -> Reading:
    """||P||_2 and beta0 from P10's own measure."""
    measurement = P10.measure(instance, rng)
    return Reading(np.asarray(measurement.details["norm_P"]), {"beta0": measurement.details["beta0"]})


def precise_lyapunov(instance: Instance, index: int = 0) -> Reading:
    """||P||_2 and beta0 with mpmath at 50 digits (a Kronecker solve of the Lyapunov equation)."""
    with mpmath.workdps(precision.DIGITS):
        norm = precision.spectral_norm(precision.lyapunov_solution(instance["W"]))
        return Reading(norm, {"beta0": -precision.spectral_abscissa(instance["W"])})


LYAPUNOV_TARGET = Target(
    name=LYAPUNOV_NORMAL.name, claim_id=P10.id, direction=Direction.UPPER, read=read_lyapunov, admits=hurwitz,
    families=LYAPUNOV_FAMILIES, bound=LYAPUNOV_NORMAL, slack=ROUNDING, precise=precise_lyapunov, known_tightness=1.0,
    snippet=claim_snippet("inverse-approximation", P10.id), hypotheses_text="W Hurwitz (Lemma A.8 as printed)")


# -- Remark 3.3: decaying memory of a Hurwitz tanh RNN ---------------------------------------------

#: the smallest spectral gap admitted: the claim's window [50, 100] and 1e-6 resolve "decays" only when
#: the linear rate is at least this (e^{-0.5 * 50} ~ 1e-11; P13's own strategy draws rates >= 0.5)
P13_GAP = 0.5


DRIVE = (Parameter("drive_1", -3.0, 3.0), Parameter("drive_2", -3.0, 3.0))
WINDOW = [50.0, 100.0]


def _p13_instance(W: np.ndarray, point: dict[str, float]) -> Instance:
    return {"W": round_matrix(W), "ensemble": 1, "drive": [point["drive_1"], point["drive_2"]], "window": WINDOW}


def sheared_jordan(eigenvalue: float, coupling: float, shear: float) -> np.ndarray:
    """S J S^-1 with J = [[lambda, k], [0, lambda]] and S = [[1, 0], [shear, 1]]: a Jordan block in a
    sheared basis, lambda I + k [[-a, 1], [-a^2, a]] (a = shear); defective for k != 0."""
    S = np.array([[1.0, 0.0], [shear, 1.0]])
    return S @ jordan_block(2, eigenvalue, coupling) @ np.linalg.inv(S)


P13_FAMILIES = (
    Family("symmetric", "-Q^T diag(rates) Q, Haar Q (2 x 2)",
           (Parameter("rate", 0.5, 3.0, log=True), Parameter("spread", 0.0, 3.0), Parameter("draw", 0, 999, integer=True))
           + DRIVE,
           lambda p: _p13_instance(_symmetric(2, p["rate"], p["spread"], int(p["draw"])), p)),
    Family("jordan", "[[lambda, k], [0, lambda]]",
           (Parameter("eigenvalue", -3.0, -P13_GAP), Parameter("coupling", 0.0, 10.0)) + DRIVE,
           lambda p: _p13_instance(jordan_block(2, p["eigenvalue"], p["coupling"]), p)),
    Family("sheared-jordan", "S J S^-1: a Jordan block in a sheared basis (non-normal, defective)",
           (Parameter("eigenvalue", -3.0, -P13_GAP), Parameter("coupling", 0.0, 5.0), Parameter("shear", -4.0, 4.0))
           + DRIVE,
           lambda p: _p13_instance(sheared_jordan(p["eigenvalue"], p["coupling"], p["shear"]), p)),
    Family("general", "any 2 x 2 W with entries in [-5, 5] (Hurwitz ones count)",
           tuple(Parameter(f"w{i}{j}", -5.0, 5.0) for i in (1, 2) for j in (1, 2)) + DRIVE,
           lambda p: _p13_instance(np.array([[p["w11"], p["w12"]], [p["w21"], p["w22"]]]), p)),
)


def read_p13(instance: Instance, rng: np.random.Generator) -> Reading:
    """min over the window of |v_t| / |v_0|, with P13's own simulation (``_p13_weights``, tanh,
    ``heaviside_velocity`` on 401 points of [0, 100]); the limit is P13's 1e-6.

    The minimum, not P13's maximum: memory that has not decayed must stay up for the whole window,
    so that a long saturated transient which ends just after t = 50 (seen at seed 3: |v| ~ 1 up to
    t = 45, 3e-5 at t = 50, 1e-10 from t = 75 on) is not taken for memory that does not decay."""
    weights, drive = _p13_weights(instance, rng)
    first, last = instance["window"]
    t = np.linspace(0.0, last, 401)
    speed = np.linalg.norm(heaviside_velocity(weights, TANH, drive, t)[:, 0], axis=-1)
    return Reading(np.asarray(speed[:, t >= first].min(axis=1).max() / speed[0, 0]), limit=P13_LIMIT)


def p13_admits(instance: Instance) -> str | None:
    """W Hurwitz with spectral gap >= 0.5 (up to 1e-6 relative: a defective W's eigenvalues are computed
    to ~sqrt(eps)), and a non-zero drive."""
    reason = hurwitz_reason(np.asarray(instance["W"], dtype=np.float64), P13_GAP * (1.0 - 1e-6))
    if reason is None and not np.any(np.abs(instance["drive"]) > 0.05):
        return "drive u = 0 (no input: v = 0)"
    return reason


#: P13's decay threshold: decayed means |v_t| <= 1e-6 |v_0|
P13_LIMIT = 1e-6
#: the long-double check integrates with this fixed RK4 step
RK4_STEP = 1.0 / 64.0


def precise_p13(instance: Instance, index: int = 0) -> Reading:
    """The same ratio (min over the window) from dh/dt = tanh(W h + u), h_0 = 0, by classical RK4 in long double with step
    1/64 (an independent integrator in extended precision; mpmath's ODE solver is too slow on
    [0, 100]), v = tanh(W h + u)."""
    W = np.asarray(instance["W"], dtype=np.longdouble)
    u = np.asarray(instance["drive"], dtype=np.longdouble)
    field = lambda h: np.tanh(W @ h + u)
    h, speeds, steps = np.zeros(2, dtype=np.longdouble), [], int(round(instance["window"][1] / RK4_STEP))
    start = int(round(instance["window"][0] / RK4_STEP))
    initial = np.sqrt(np.sum(field(h) ** 2))
    for k in range(1, steps + 1):
        k1 = field(h)
        k2 = field(h + RK4_STEP / 2 * k1)
        k3 = field(h + RK4_STEP / 2 * k2)
        k4 = field(h + RK4_STEP * k3)
        h = h + RK4_STEP / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if k >= start:
            speeds.append(np.sqrt(np.sum(field(h) ** 2)))
    return Reading(mpmath.mpf(str(min(speeds) / initial)), limit=P13_LIMIT)


P13_TARGET = Target(
    name=P13.id, claim_id=P13.id, direction=Direction.UPPER, read=read_p13, admits=p13_admits,
    families=P13_FAMILIES, bound=None, slack=ROUNDING, precise=precise_p13,
    precision_text="re-integrated by RK4 in long double (step 1/64), independent of the DOP853 solve",
    snippet=claim_snippet("inverse-approximation", P13.id),
    hypotheses_text=("tanh (Lipschitz), W Hurwitz with gap >= 0.5 (what the window resolves), U = I, b = 0, h_0 = 0, "
                     "a drive u != 0 (Remark 3.3)"))

# -- euler_step: the largest stable residual step is 2 / g_max for symmetric Hurwitz W --------------

def critical_step(W: np.ndarray, iterations: int = 60) -> float:
    """The largest dt at which the residual linear RNN h <- h + dt W h still forgets an impulse, by
    bisection on P8's own simulation (_euler_decays); stable steps form an interval (0, dt*)."""
    from rnnbounds.theorems.inverse_approximation.claims_stability import _euler_decays

    low, high = 0.0, 1.0
    while _euler_decays(W[None], high)[0]:
        low, high = high, 2.0 * high
    for _ in range(iterations):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if _euler_decays(W[None], middle)[0] else (low, middle)
    return low


def read_euler(instance: Instance, rng: np.random.Generator) -> Reading:
    """The critical step dt* and g_max = max |lambda(W)| (W symmetric)."""
    W = np.asarray(instance["W"], dtype=np.float64)
    return Reading(np.asarray(critical_step(W)), {"g_max": float(np.abs(np.linalg.eigvalsh(W)).max())})


def symmetric_hurwitz_admits(instance: Instance) -> str | None:
    """The bound's setting: decay rates, i.e. W symmetric with negative eigenvalues."""
    W = np.asarray(instance["W"], dtype=np.float64)
    if not np.allclose(W, W.T, rtol=0.0, atol=1e-12):
        return "W is not symmetric (the bound is stated for decay rates g_i of W = Q^T diag(-g) Q)"
    return hurwitz_reason(W)


def _euler_instance(W: np.ndarray) -> Instance:
    return {"W": round_matrix(0.5 * (W + W.T))}


EULER_FAMILIES = (
    Family("symmetric", "-Q^T diag(rates) Q, Haar Q",
           (Parameter("m", 1, 5, integer=True), Parameter("rate", 0.05, 5.0, log=True), Parameter("spread", 0.0, 5.0),
            Parameter("draw", 0, 999, integer=True)),
           lambda p: _euler_instance(_symmetric(int(p["m"]), p["rate"], p["spread"], int(p["draw"])))),
    Family("diagonal", "diag(-g_1, -g_2)", (Parameter("g_1", 0.05, 5.0, log=True), Parameter("g_2", 0.05, 5.0, log=True)),
           lambda p: _euler_instance(np.diag([-p["g_1"], -p["g_2"]]))),
)

EULER_TARGET = Target(
    name=EULER_STABILITY.name, claim_id="P8-stable-reparameterization", direction=Direction.UPPER, read=read_euler,
    admits=symmetric_hurwitz_admits, families=EULER_FAMILIES, bound=EULER_STABILITY, slack=1e-9, known_tightness=1.0,
    hypotheses_text="W symmetric with negative eigenvalues (decay rates up to g_max)",
    precision_text="re-measured by the same bisection (the step is exact in binary to 2^-60)")

TARGETS = (LYAPUNOV_TARGET, P13_TARGET, EULER_TARGET)
