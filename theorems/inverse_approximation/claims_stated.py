"""Claims that test each bound the paper states, as printed, on the class of W it is stated for.

The stated bounds of bounds.py and the claims that evaluate them as printed:

- spectral_abscissa (eqs 30-31, 47): P6 (the gap of the fits of 0.9^t);
- model_memory_a0_stated (eq 43, rate beta0): P3 (the tail rate, hardtanh and identity, symmetric W) and S-A0
  below (eq 38, the contraction |v_t|_2 <= e^{-beta0 t} |v_0|_2 in the linear zone, on the paper's class);
- lyapunov_norm (Lemma A.8): P10 (refuted for non-normal W, caveat c1);
- cubic_radius (Lemma A.9, Upsilon_L = sqrt(beta0 L / M_0) with the entrywise M_0): S-A9 below;
- model_memory_a1 (App A.9 to eq 68, rate (1 - L) beta0 once |v|_2 <= Upsilon_L): S-A1 below.

The paper states Lemmas A.8-A.9 and the A1 rate for every W with max Re lambda(W) <= -beta0 (spec 3.1-3.3):
it assumes no normality (caveat c1 says Lemma A.8 needs it) and uses M_0 = max_ij |W_ij| (caveat c5 says
||W||_2 is what the proof needs). So each claim runs on the paper's class, with symmetric and normal W
among its instances, to say which caveat a failure comes from.

Lemma A.9 worked by hand on the normal W = [[-1, b], [-b, -1]], b <= 1: beta0 = M_0 = 1, P = I / 2, and at
v = r (cos t, sin t) the cubic term is r^4 (3/4 + (cos 4t - b sin 4t) / 4); on |v|^2 = Upsilon_L^2 = L its ratio to
L |v|^2 peaks at (3 + sqrt(1 + b^2)) / 4 > 1 (t = -atan(b) / 4): (3 + sqrt 2) / 4 = 1.1036 at b = 1. With the
clean M = ||W||_2 = sqrt(1 + b^2) the ratio is that over sqrt(1 + b^2) <= 1 (claim P11).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.linalg import expm

from rnnbounds.numerics.activations import HARDTANH, TANH
from rnnbounds.numerics.ctrnn import RNNWeights, heaviside_velocity
from rnnbounds.numerics.teachers import normal_hurwitz, symmetric_hurwitz
from rnnbounds.theorems.core import Claim, Control, Design, Measurement, Source, Verdict
from rnnbounds.theorems.core.statistics import chance_all_pass
from rnnbounds.theorems.inverse_approximation.bounds import CUBIC_RADIUS, MODEL_MEMORY_A0_STATED, MODEL_MEMORY_A1
from rnnbounds.theorems.inverse_approximation.claims_lemmas import lyapunov_solution
from rnnbounds.theorems.inverse_approximation.statement import PAPER, SPEC

#: a proof claim evaluated by a direct solve: bound exceeded by rounding only
ROUNDING = 1e-9
#: the A1 claims integrate an ODE at rtol 1e-10 (documented accuracy 100 rtol): allowance 10x that
ODE_TOLERANCE = 1e-7
BREAK_RATE = 0.1
ENSEMBLE = 8
SHEAR = [[-1.0, 10.0], [0.0, -1.0]]


def _src(locator: str, section: str) -> Source:
    return Source(PAPER, locator, f"{SPEC} {section}")


def rotation(b: float) -> list[list[float]]:
    """The normal W = [[-1, b], [-b, -1]] (eigenvalues -1 +- i b)."""
    return [[-1.0, b], [-b, -1.0]]


def cubic_witness_angle(b: float) -> float:
    """The angle t = -atan(b) / 4 where the Lemma A.9 ratio of rotation(b) peaks (module docstring)."""
    return -float(np.arctan(b)) / 4.0


def _matrices(instance: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    kind, e, m = instance["W"], instance.get("ensemble", 1), instance.get("m", 2)
    if kind == "random-symmetric":
        return symmetric_hurwitz(rng, rng.uniform(0.2, 3.0, (e, m)))
    if kind == "random-normal":
        k = max(m // 2, 1)
        return normal_hurwitz(rng, rng.uniform(0.2, 3.0, (e, k)), rng.uniform(-3.0, 3.0, (e, k)))
    if kind == "minus-identity":
        return -np.broadcast_to(np.eye(m), (e, m, m)).copy()
    return np.array(kind, dtype=np.float64)[None]


def _directions(instance: dict[str, Any], W: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Unit directions (E, S, m): on an axis, at a given angle (m = 2), along the top right singular vector of
    e^W (the direction e^{Wt} stretches most at t = 1), or random."""
    e, m = W.shape[0], W.shape[1]
    how = instance["v"]
    if how == "axis":
        out = np.zeros((e, 1, m))
        out[..., 0] = 1.0
        return out
    if how == "angle":
        t = instance["angle"]
        return np.broadcast_to(np.array([np.cos(t), np.sin(t)]), (e, 1, 2)).copy()
    if how == "stretch":
        return np.stack([np.linalg.svd(expm(w))[2][:1] for w in W])
    d = rng.standard_normal((e, instance["samples"], m))
    return d / np.linalg.norm(d, axis=-1, keepdims=True)


def _constants(W: np.ndarray) -> dict[str, np.ndarray]:
    return {"beta0": -np.linalg.eigvals(W).real.max(axis=1), "M_0": np.abs(W).max(axis=(1, 2)),
            "M": np.linalg.norm(W, ord=2, axis=(1, 2))}


# -- S-A9: Lemma A.9 with the printed radius Upsilon_L = sqrt(beta0 L / M_0) ---------------------------

def _measure_cubic_radius(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    W = _matrices(instance, rng)
    k = _constants(W)
    L = instance["L"]
    radius = instance["radius_factor"] * np.asarray(CUBIC_RADIUS.evaluate(beta0=k["beta0"], L_cubic=L, M_0=k["M_0"]))
    v = _directions(instance, W, rng) * np.reshape(radius, (-1, 1, 1))
    P = lyapunov_solution(W)
    wv, pv = np.einsum("eij,esj->esi", W, v), np.einsum("eij,esj->esi", P, v)
    cubic = np.abs(2.0 * np.einsum("esi,esi->es", v**2 * wv, pv))  # v^T (W^T D^2 P + P D^2 W) v = 2 (D^2 W v).(P v)
    ratio = cubic / (L * np.einsum("esi,esi->es", v, v))
    worst = np.unravel_index(int(np.argmax(ratio)), ratio.shape)
    return Measurement(float(ratio[worst]), 1.0, {
        "W": W[worst[0]].tolist(), "v": v[worst].tolist(), "L": L, "radius": float(np.ravel(radius)[worst[0]]),
        "beta0": float(k["beta0"][worst[0]]), "M_0": float(k["M_0"][worst[0]]), "norm_W": float(k["M"][worst[0]]),
        "max_ratio": float(ratio[worst])})


def _cubic_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"W": st.sampled_from(["random-symmetric", "minus-identity"]),
                                  "ensemble": st.integers(1, 4), "m": st.integers(1, 5), "L": st.floats(0.01, 0.99),
                                  "samples": st.integers(1, 50), "v": st.just("random"), "radius_factor": st.just(1.0)})


def _cubic(W: Any, L: float, v: str, **extra: Any) -> dict[str, Any]:
    return {"W": W, "ensemble": ENSEMBLE if isinstance(W, str) and W.startswith("random") else 1, "m": 4 if
            isinstance(W, str) and W.startswith("random") else (3 if W == "minus-identity" else 2), "L": L,
            "samples": 200, "v": v, "radius_factor": 1.0, **extra}


S_A9 = Claim(
    id="S-A9-cubic-radius-as-printed",
    title="Lemma A.9 as printed (Upsilon_L = sqrt(beta0 L / M_0), M_0 = max_ij |W_ij|) fails for a normal W",
    statement=("Lemma A.9 as printed: for W with max Re lambda <= -beta0, M_0 = max_ij |W_ij| and |v|_2 <= Upsilon_L = "
               "sqrt(beta0 L / M_0) (the cubic_radius bound), |v^T (W^T D_v^2 P + P D_v^2 W) v| <= L |v|_2^2. Measure "
               "that ratio at |v|_2 = Upsilon_L. Symmetric W (random, and -I on an axis, where it is attained): <= 1. "
               "Witness, normal (so caveat c1 is not the cause): W = [[-1, 1], [-1, -1]], L = 0.5, v at angle -pi/16: "
               "(3 + sqrt 2) / 4 = 1.1036 > 1 (caveat c5: the proof needs ||W||_2, not M_0)."),
    instances=lambda level: [_cubic("random-symmetric", 0.1, "random"), _cubic("random-symmetric", 0.9, "random"),
                             _cubic("minus-identity", 0.5, "axis"),
                             _cubic(rotation(1.0), 0.5, "angle", angle=cubic_witness_angle(1.0))],
    measure=_measure_cubic_radius, judge=lambda inst, meas: meas.measured <= 1.0 + ROUNDING,
    tolerance="ratio <= 1 + 1e-9 at every sampled v (a proof claim: rounding only)",
    design=lambda level: Design(
        instances=2 * ENSEMBLE + 2, seeds=1,
        statistic="max over v with |v|_2 = Upsilon_L of the cubic term over L |v|_2^2, per matrix",
        threshold="<= 1 + 1e-9; the witness W = [[-1, 1], [-1, -1]] must exceed it",
        error=0.0, error_meaning="none: the witness is a fixed matrix and direction; P comes from a direct Lyapunov solve",
        method="deterministic", thresholds={"rounding": ROUNDING, "witness_rotation": 1.0, "witness_L": 0.5}),
    controls=(
        Control(lambda level: {**_cubic("minus-identity", 0.5, "axis"), "radius_factor": 1.001},
                crosses="|v|_2 <= Upsilon_L at the attained case W = -I, v on an axis",
                distance="|v| = 1.001 Upsilon_L: ratio 1.002, 2e6x the rounding allowance"),
        Control(lambda level: _cubic(rotation(0.1), 0.5, "angle", angle=cubic_witness_angle(0.1)),
                crosses="symmetric W (the rotation b = 0 is -I)",
                distance="normal W = [[-1, 0.1], [-0.1, -1]]: ratio (3 + sqrt 1.01) / 4 = 1.00125"),
        Control(lambda level: {**_cubic("minus-identity", 0.5, "axis"), "radius_factor": 3.0},
                crosses="|v|_2 <= Upsilon_L", distance="|v| = 3 Upsilon_L: ratio 9", near=False),
    ),
    strategy=_cubic_strategy, expect=Verdict.REFUTED, bound="cubic_radius",
    source=_src("Lemma A.9, Upsilon_L = sqrt(beta0 L / M_0)", "§3.2 S5, §3.3, §3.4 c5"),
)


# -- S-A1: the tanh rate (1 - L) beta0 once |v|_2 <= Upsilon_L ----------------------------------------

def _measure_a1(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    """|v_t|_2 of the tanh v-system dv/dt = (I - D_v^2) W v from |v_0|_2 = factor * Upsilon_L, over the printed
    bound C_0 e^{-(1-L) beta0 t} with C_0 = sqrt(M L / M_0) (M = ||W||_2), on t in [0, 10 / beta0]."""
    W = _matrices(instance, rng)
    k = _constants(W)
    L, (e, m) = instance["L"], W.shape[:2]
    radius = instance["radius_factor"] * np.asarray(CUBIC_RADIUS.evaluate(beta0=k["beta0"], L_cubic=L, M_0=k["M_0"]))
    v0 = _directions(instance, W, rng) * np.reshape(radius, (-1, 1, 1))
    t = np.linspace(0.0, 1.0, 401)
    weights = RNNWeights(W, np.broadcast_to(np.eye(m), (e, m, m)), np.zeros((e, m)), np.ones((e, m)))
    ratios, worst = np.empty((e, v0.shape[1])), None
    for j in range(e):
        times = t * 10.0 / k["beta0"][j]
        one = RNNWeights(W[j:j + 1], weights.U[j:j + 1], weights.b[j:j + 1], weights.c[j:j + 1])
        speed = np.linalg.norm(heaviside_velocity(one, TANH, np.arctanh(v0[j]), times)[0], axis=-1)   # (S, T)
        C0 = np.sqrt(k["M"][j] * L / k["M_0"][j]) * instance.get("bound_factor", 1.0)
        bound = np.asarray(MODEL_MEMORY_A1.evaluate(C_memory=C0, beta0=k["beta0"][j], L_cubic=L, time=times))
        ratios[j] = (speed / bound).max(axis=1)
    j, s = np.unravel_index(int(np.argmax(ratios)), ratios.shape)
    return Measurement(float(ratios[j, s]), 1.0, {
        "W": W[j].tolist(), "v0": v0[j, s].tolist(), "L": L, "beta0": float(k["beta0"][j]), "M_0": float(k["M_0"][j]),
        "norm_W": float(k["M"][j]), "max_ratio": float(ratios[j, s]),
        "normality_defect": float(np.linalg.norm(W[j] @ W[j].T - W[j].T @ W[j]))})


def _a1(W: Any, L: float, v: str, **extra: Any) -> dict[str, Any]:
    random = isinstance(W, str) and W.startswith("random")
    return {"W": W, "ensemble": ENSEMBLE if random else 1, "m": 4 if random else (3 if W == "minus-identity" else 2),
            "L": L, "samples": 12, "v": v, "radius_factor": 1.0, **extra}


def _a1_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"W": st.sampled_from(["random-symmetric", "random-normal"]),
                                  "ensemble": st.integers(1, 2), "m": st.integers(2, 4), "L": st.floats(0.05, 0.95),
                                  "samples": st.integers(1, 6), "v": st.just("random"), "radius_factor": st.just(1.0)})


_A1_CONTROLS = (
    Control(lambda level: {**_a1("minus-identity", 0.5, "axis"), "radius_factor": 1.001},
            crosses="|v_0|_2 <= Upsilon_L at the attained case W = -I, v_0 on an axis (ratio 1 at t = 0)",
            distance="|v_0| = 1.001 Upsilon_L: ratio 1.001, 1e4x the ODE allowance"),
    Control(lambda level: {**_a1("minus-identity", 0.5, "axis"), "bound_factor": 1.0 - 1e-6},
            crosses="the bound's edge at its attained case", distance="C_0 scaled by 1 - 1e-6: 10x the ODE allowance"),
    Control(lambda level: {**_a1("minus-identity", 0.1, "axis"), "radius_factor": 2.0},
            crosses="|v_0|_2 <= Upsilon_L", distance="|v_0| = 2 Upsilon_L (L = 0.1): ratio 2.24 (2 at t = 0)", near=False),
)
_A1_STATEMENT = ("App A.9 as printed: sigma = tanh (class A1), max Re lambda(W) <= -beta0, |v_0|_2 <= Upsilon_L = "
                 "sqrt(beta0 L / M_0) give |v_t|_2 <= C_0 e^{-(1-L) beta0 t} with C_0 = sqrt(M L / M_0), M = ||W||_2, "
                 "M_0 = max_ij |W_ij| (the model_memory_a1 bound). Measure max_t |v_t|_2 / bound over t <= 10 / beta0 "
                 "for the tanh v-system dv/dt = (I - D_v^2) W v from |v_0|_2 = Upsilon_L; expect <= 1. ")

S_A1_NORMAL = Claim(
    id="S-A1-rate-as-printed-normal-W",
    title="The A1 (tanh) rate (1 - L) beta0 with C_0 = sqrt(M L / M_0), as printed, holds for normal W",
    statement=_A1_STATEMENT + ("Here on normal W (symmetric and rotation blocks), where Lemma A.8 holds (caveat c1): "
                               "the printed M_0 radius leaves the conclusion true, since C_0 >= Upsilon_L."),
    instances=lambda level: [_a1(w, L, "random") for w in ("random-symmetric", "random-normal") for L in (0.1, 0.9)]
    + [_a1("minus-identity", 0.5, "axis"), _a1(rotation(1.0), 0.5, "angle", angle=cubic_witness_angle(1.0))],
    measure=_measure_a1, judge=lambda inst, meas: meas.measured <= 1.0 + ODE_TOLERANCE,
    tolerance="max_t |v_t|_2 / bound <= 1 + 1e-7 (ODE at rtol 1e-10, documented accuracy 1e-8)",
    design=lambda level: Design(
        instances=4 * ENSEMBLE + 2, seeds=1,
        statistic="max over t <= 10/beta0 and 12 random v_0 on |v_0|_2 = Upsilon_L of |v_t|_2 / bound, per matrix",
        threshold="<= 1 + 1e-7 for every matrix", error=chance_all_pass(4 * ENSEMBLE + 2, BREAK_RATE),
        error_meaning=f"P(passes | the bound breaks on {BREAK_RATE:.0%} of random normal W)",
        method=f"(1 - rate)^n over n = {4 * ENSEMBLE + 2} independent matrices, all must hold",
        thresholds={"ode_tolerance": ODE_TOLERANCE, "break_rate": BREAK_RATE, "horizon_over_beta0": 10.0}),
    controls=_A1_CONTROLS, strategy=_a1_strategy, bound="model_memory_a1",
    source=_src("App A.9, Lyapunov argument to eq 68 (C_0 = sqrt(M L / M_0))", "§3.2 S5, §3.4 c1"),
)

S_A1 = Claim(
    id="S-A1-rate-as-printed",
    title="The A1 (tanh) rate bound as printed fails on the paper's class (a non-normal Hurwitz W)",
    statement=_A1_STATEMENT + ("On the class the paper states it for (any W with max Re lambda <= -beta0): witness "
                               "W = [[-1, 10], [0, -1]], L = 0.5, v_0 along the top right singular vector of e^W: "
                               "|v_t| outgrows the bound (e^{Wt} stretches by ~k t e^{-t} before it decays; caveat c1)."),
    instances=lambda level: [_a1("random-symmetric", 0.5, "random"), _a1("minus-identity", 0.5, "axis"),
                             _a1(SHEAR, 0.5, "stretch")],
    measure=_measure_a1, judge=lambda inst, meas: meas.measured <= 1.0 + ODE_TOLERANCE,
    tolerance="max_t |v_t|_2 / bound <= 1 + 1e-7 (ODE at rtol 1e-10, documented accuracy 1e-8)",
    design=lambda level: Design(
        instances=ENSEMBLE + 2, seeds=1, statistic="max over t <= 10/beta0 of |v_t|_2 / bound, per matrix",
        threshold="<= 1 + 1e-7; the witness W = [[-1, 10], [0, -1]] must exceed it",
        error=0.0, error_meaning="none: the witness is a fixed matrix and initial velocity",
        method="deterministic (adaptive DOP853 at rtol 1e-10)",
        thresholds={"ode_tolerance": ODE_TOLERANCE, "witness_shear": 10.0, "witness_L": 0.5}),
    controls=_A1_CONTROLS, strategy=_a1_strategy, expect=Verdict.REFUTED, bound="model_memory_a1",
    source=_src("App A.9, Lyapunov argument to eq 68 (C_0 = sqrt(M L / M_0))", "§3.2 S5, §3.3, §3.4 c1"),
)


# -- S-A0: eq 38, the linear-zone contraction of class A0 with constant 1 ------------------------------

def _measure_a0(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    """|v_t|_2 of the hardtanh v-system from |v_0|_2 = level, over model_memory_a0_stated with C = |v_0|_2
    (eq 38: |v_t|_2 <= e^{-beta0 t} |v_0|_2 while |z| < Z_0 = 1), on t in [0, 10 / beta0]."""
    W = _matrices(instance, rng)
    k = _constants(W)
    (e, m), level = W.shape[:2], instance["level"]
    v0 = _directions(instance, W, rng) * level
    ratios, peak = np.empty((e, v0.shape[1])), 0.0
    for j in range(e):
        times = np.linspace(0.0, 10.0 / k["beta0"][j], 401)
        one = RNNWeights(W[j:j + 1], np.eye(m)[None], np.zeros((1, m)), np.ones((1, m)))
        v = heaviside_velocity(one, HARDTANH, v0[j], times)[0]                              # (S, T, m); z_0 = v_0
        peak = max(peak, float(np.abs(v).max()))
        bound = np.asarray(MODEL_MEMORY_A0_STATED.evaluate(C_memory=level * instance.get("bound_factor", 1.0),
                                                           beta0=k["beta0"][j], time=times))
        ratios[j] = (np.linalg.norm(v, axis=-1) / bound).max(axis=1)
    j, s = np.unravel_index(int(np.argmax(ratios)), ratios.shape)
    return Measurement(float(ratios[j, s]), 1.0, {
        "W": W[j].tolist(), "v0": v0[j, s].tolist(), "beta0": float(k["beta0"][j]), "max_ratio": float(ratios[j, s]),
        "max_abs_v": peak, "linear_zone": peak < 1.0,
        "normality_defect": float(np.linalg.norm(W[j] @ W[j].T - W[j].T @ W[j]))})


def _judge_a0(instance: dict[str, Any], meas: Measurement) -> bool:
    return bool(meas.details["linear_zone"]) and meas.measured <= 1.0 + ODE_TOLERANCE


def _a0(W: Any, v: str, **extra: Any) -> dict[str, Any]:
    random = isinstance(W, str) and W.startswith("random")
    return {"W": W, "ensemble": ENSEMBLE if random else 1, "m": 4 if random else (3 if W == "minus-identity" else 2),
            "samples": 12, "v": v, "level": 0.1, **extra}


def _a0_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"W": st.sampled_from(["random-symmetric", "random-normal"]),
                                  "ensemble": st.integers(1, 2), "m": st.integers(2, 4), "samples": st.integers(1, 6),
                                  "v": st.just("random"), "level": st.floats(0.01, 0.3)})


S_A0 = Claim(
    id="S-A0-contraction-as-printed",
    title="Eq 38 as printed (|v_t|_2 <= e^{-beta0 t} |v_0|_2 in the A0 linear zone) fails for a non-normal Hurwitz W",
    statement=("App A.8, eq 38 as printed, for every W with max Re lambda <= -beta0 (the paper's class): in the linear "
               "zone of a class-A0 activation (hardtanh, c_sigma = 1, |z| < 1) |v_t|_2 <= e^{-beta0 t} |v_0|_2, the "
               "model_memory_a0_stated bound with C = |v_0|_2. Measure max_t |v_t|_2 / bound over t <= 10 / beta0 "
               "(|v_0|_2 = 0.1, so z stays in the zone). Symmetric, normal and -I: <= 1 (equality along the slowest "
               "mode). Witness W = [[-1, 10], [0, -1]]: e^{Wt} = e^{-t} [[1, 10 t], [0, 1]] stretches v_0 along e_2 by "
               "sqrt(1 + 100 t^2) (caveat c1)."),
    instances=lambda level: [_a0("random-symmetric", "random"), _a0("random-normal", "random"),
                             _a0("minus-identity", "axis"), _a0(SHEAR, "angle", angle=float(np.pi / 2))],
    measure=_measure_a0, judge=_judge_a0,
    tolerance="max_t |v_t|_2 / bound <= 1 + 1e-7 (ODE at rtol 1e-10), with |z| < 1 throughout",
    design=lambda level: Design(
        instances=2 * ENSEMBLE + 2, seeds=1, statistic="max over t <= 10/beta0 of |v_t|_2 / (e^{-beta0 t} |v_0|_2)",
        threshold="<= 1 + 1e-7 inside the linear zone; the witness W = [[-1, 10], [0, -1]] must exceed it",
        error=0.0, error_meaning="none: the witness is a fixed matrix and initial velocity",
        method="deterministic (adaptive DOP853 at rtol 1e-10)",
        thresholds={"ode_tolerance": ODE_TOLERANCE, "witness_shear": 10.0, "level": 0.1}),
    controls=(
        Control(lambda level: {**_a0("minus-identity", "axis"), "bound_factor": 1.0 - 1e-6},
                crosses="the bound's edge at its attained case W = -I",
                distance="C scaled by 1 - 1e-6: ratio 1 + 1e-6, 10x the ODE allowance"),
        Control(lambda level: _a0([[-1.0, 0.01], [0.0, -1.0]], "angle", angle=float(np.pi / 2)),
                crosses="normal W (W W^T = W^T W)", distance="shear 0.01: ratio sqrt(1 + 1e-4 t^2), 1.005 at t = 10"),
        Control(lambda level: {**_a0("minus-identity", "axis"), "level": 3.0},
                crosses="the linear zone |z| < Z_0 = 1", distance="|v_0| = 3: hardtanh saturates", near=False),
    ),
    strategy=_a0_strategy, expect=Verdict.REFUTED, bound="model_memory_a0_stated",
    source=_src("App A.8, eq 38 (the linear-zone contraction behind eq 43)", "§3.2 S5, §3.4 c1"),
)

CLAIMS: tuple = (S_A9, S_A1_NORMAL, S_A1, S_A0)
REPRODUCTIONS: tuple = ()
