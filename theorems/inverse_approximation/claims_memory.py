"""Claims on memory functions: P1 (linear identity), P2 (linear RNN), P3/P4 (decay rate = spectral
abscissa, times c_sigma), P13 (a Hurwitz tanh RNN without decaying memory), P14 (step vs impulse)."""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbounds.numerics.activations import IDENTITY, TANH, activation
from rnnbounds.numerics.convolution import causal_convolution
from rnnbounds.numerics.ctrnn import RNNWeights, heaviside_output_rate, heaviside_velocity, readout, residual_rnn, ssm_rnn
from rnnbounds.numerics.linear_rnn import LinearRNN, random_hurwitz
from rnnbounds.numerics.memory import (
    impulse_inputs, impulse_memory, level_grid, log_decay_rate, memory_from_rates, step_inputs, step_memory,
)
from rnnbounds.numerics.teachers import random_orthogonal, symmetric_hurwitz
from rnnbounds.theorems.core import Claim, ClaimKind, Control, Departure, Design, Level, Measurement, Source, Verdict
from rnnbounds.theorems.core.statistics import chance_all_pass
from rnnbounds.theorems.inverse_approximation.bounds import MODEL_MEMORY_A0, MODEL_MEMORY_A0_STATED
from rnnbounds.theorems.inverse_approximation.statement import PAPER, SPEC

#: the false-pass chance of an all-must-hold check is stated against this fraction of networks breaking
BREAK_RATE = 0.1
#: P3, P4: |slope / predicted - 1| <= RATE_TOLERANCE (spec P3: "within 2%")
RATE_TOLERANCE = 0.02
#: P14: linear step and impulse memory equal |rho_k|_1 to LINEAR_TOLERANCE; residual log-ratio within RATIO_TOLERANCE
LINEAR_TOLERANCE = 1e-10
RATIO_TOLERANCE = 0.05


def _src(locator: str, section: str) -> Source:
    return Source(PAPER, locator, f"{SPEC} {section}")


# -- P1: the memory of a linear functional is |rho(t)|_1 -------------------------------------------

def _p1_levels(instance: dict[str, Any]) -> np.ndarray:
    grid = level_grid(instance["d"], (1.0, 2.5))
    return grid if instance["levels"] == "signs" else grid[np.all(grid > 0, axis=1)]


def _measure_p1(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    e, steps, d = instance["ensemble"], instance["steps"], instance["d"]
    rho = rng.standard_normal((e, steps, d)) / (1.0 + np.arange(steps))[None, :, None]
    levels = _p1_levels(instance)
    outputs = np.stack([causal_convolution(rho[k], step_inputs(levels, steps)) for k in range(e)])
    memory = step_memory(outputs, levels)
    exact = np.linalg.norm(rho, ord=instance.get("norm_power", 1.0), axis=2)
    error = float(np.max(np.abs(memory - exact)) / np.max(exact))
    unit = levels[np.max(np.abs(levels), axis=1) == 1.0]
    best = np.argmax(np.abs(np.diff(outputs[:, : len(unit)], axis=2, prepend=0.0)), axis=1)
    alignment = np.abs(np.einsum("etd,etd->et", unit[best], np.sign(rho)))
    matched = float(np.mean(alignment == d))  # the maximiser is +-sign(rho(t)): |x^T rho| is even in x
    return Measurement(error, 1e-12, {"relative_error": error, "maximiser_is_sign_rho": matched})


def _p1_instances(level: str) -> list[dict[str, Any]]:
    shapes = [(1, 50), (2, 100), (4, 200)] + ([(3, 150)] if level == "full" else [])
    return [{"d": d, "steps": t, "ensemble": 4, "levels": "signs"} for d, t in shapes]


def _p1_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"d": st.integers(1, 4), "steps": st.integers(2, 200),
                                  "ensemble": st.integers(1, 4), "levels": st.just("signs")})


P1 = Claim(
    id="P1-linear-memory-identity",
    title="Memory of a linear convolution functional equals |rho(t)|_1",
    statement=("Given random kernels rho in R^{T x d} (d <= 4, T <= 200) and the discrete causal convolution, "
               "measure M(t) = max_x |y_t(u^x) - y_{t-1}(u^x)| / |x|_inf over the sign vectors at two magnitudes; "
               "expect |rho(t)|_1 to 1e-12 relative, reached at x = +-sign(rho(t))."),
    instances=_p1_instances, measure=_measure_p1,
    judge=lambda inst, meas: meas.measured <= 1e-12 and meas.details["maximiser_is_sign_rho"] == 1.0,
    tolerance="max_t |M(t) - |rho(t)|_1| <= 1e-12 max_t |rho(t)|_1; maximiser = +-sign(rho(t)) at every t",
    kind=ClaimKind.IMPLEMENTATION,
    controls=(
        Control(lambda level: {"d": 3, "steps": 80, "ensemble": 3, "levels": "signs", "norm_power": 1.0 + 1e-8},
                crosses="the memory is the l1 norm, dual to |x|_inf (eq 4)",
                distance="l_p norm with p = 1 + 1e-8 (d = 3): |rho|_p moves by ~1e-8 relative, 1e4x the tolerance"),
        Control(lambda level: {"d": 3, "steps": 80, "ensemble": 3, "levels": "positive"},
                crosses="the sup runs over all sign vectors", distance="positive levels only", near=False),
    ),
    strategy=_p1_strategy, source=_src("eq 4 (M(H)(t) = |rho(t)|_1)", "§2.2, §7 P1"),
)


# -- P2: the memory of a linear RNN, simulated by the adaptive solver -----------------------------

def _measure_p2(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    e, m, d = instance["ensemble"], instance["m"], instance["d"]
    W = random_hurwitz(rng, m, instance["margin"], (e,))
    U, c = rng.standard_normal((e, m, d)), rng.standard_normal((e, m))
    t = np.linspace(0.0, 20.0, 81)
    levels = level_grid(d)
    rates = heaviside_output_rate(RNNWeights(W, U, np.zeros((e, m)), c), IDENTITY, levels, t)
    simulated = memory_from_rates(rates, levels)
    reference = W if instance["reference"] == "expm" else np.swapaxes(W, 1, 2)
    power = instance.get("norm_power", 1.0)
    exact = LinearRNN(reference, U, c).memory(t) if power == 1.0 else \
        np.linalg.norm(LinearRNN(reference, U, c).kernel(t), ord=power, axis=-1)
    error = np.max(np.abs(simulated - exact), axis=1) / np.max(exact, axis=1)
    return Measurement(float(error.max()), 1e-6, {"per_network_error": error.tolist()})


def _p2_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"m": st.integers(1, 8), "d": st.integers(1, 3), "ensemble": st.integers(1, 3),
                                  "margin": st.floats(0.1, 1.0), "reference": st.just("expm")})


P2 = Claim(
    id="P2-linear-rnn-memory",
    title="Simulated memory of a linear RNN equals |c^T e^{Wt} U|_1",
    statement=("Given random Hurwitz W (m <= 8, non-normal), U (m x d), c, measure the memory from the adaptive "
               "v-system solver (rtol 1e-10) under u^x over sign vectors on [0, 20]; expect |c^T e^{Wt} U|_1 by expm "
               "to 1e-6 relative."),
    instances=lambda level: [{"m": m, "d": d, "ensemble": 4, "margin": 0.2, "reference": "expm"}
                             for m, d in ([(2, 1), (5, 2), (8, 3)] + ([(6, 1)] if level == "full" else []))],
    measure=_measure_p2, judge=lambda inst, meas: meas.measured <= 1e-6,
    tolerance="sup_t |M_sim - M_exact| <= 1e-6 sup_t M_exact for every network",
    kind=ClaimKind.IMPLEMENTATION,
    controls=(
        Control(lambda level: {"m": 4, "d": 3, "ensemble": 3, "margin": 0.2, "reference": "expm", "norm_power": 1.0 + 1e-4},
                crosses="the memory is the l1 norm, dual to |x|_inf (eq 4)",
                distance="l_p norm with p = 1 + 1e-4 (d = 3): 1.1e-4 relative, 100x the tolerance"),
        Control(lambda level: {"m": 4, "d": 2, "ensemble": 3, "margin": 0.2, "reference": "expm-transposed"},
                crosses="the kernel is c^T e^{Wt} U", distance="e^{W^T t} for a non-normal W", near=False),
    ),
    strategy=_p2_strategy, source=_src("K1: M(H^)(t) = |c^T e^{Wt} U|_1", "§3.5 K1, §7 P2"),
)


# -- P3 / P4: the decay rate equals c_sigma times the spectral gap --------------------------------

def _decay_network(instance: dict[str, Any], rng: np.random.Generator) -> tuple[RNNWeights, np.ndarray]:
    e, m = instance["ensemble"], instance["m"]
    slowest = rng.uniform(0.2, 1.0, (e, 1))
    rates = np.concatenate([slowest, rng.uniform(2.0 * slowest, 3.0 + slowest, (e, m - 1))], axis=1)
    W = symmetric_hurwitz(rng, rates)
    weights = RNNWeights(W, rng.standard_normal((e, m, 1)), rng.standard_normal((e, m)), rng.standard_normal((e, m)))
    return weights, rates


def _window(rate: np.ndarray, gap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A tail window where the second mode is down by > 1e3 relative to the first."""
    start = np.log(1e3) / gap + 8.0 / rate
    return start, start + 5.0 / rate


def measure_decay_rates(instance: dict[str, Any], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Log-slopes of M(t) per network and level, with the spectral gaps: the P3 scatter's data."""
    weights, rates = _decay_network(instance, rng)
    sigma = activation(instance["activation"])
    slope0 = float(sigma.derivative(np.zeros(1))[0])
    start, stop = _window(slope0 * rates[:, 0], slope0 * (np.sort(rates, axis=1)[:, 1] - rates[:, 0]))
    t = np.linspace(0.0, float(stop.max()), 601)
    levels = np.array([[x] for x in instance["levels"]])
    memory = np.abs(heaviside_output_rate(weights, sigma, levels, t))
    slopes = np.empty(memory.shape[:2])
    for k in range(memory.shape[0]):
        inside = (t >= start[k]) & (t <= stop[k])
        slopes[k] = log_decay_rate(t[inside], memory[k][:, inside])
    return {"slopes": slopes, "lambda_min": rates[:, 0], "slope0": np.full(rates.shape[0], slope0)}


def predicted_decay_rate(instance: dict[str, Any], lambda_min: np.ndarray, slope0: np.ndarray) -> np.ndarray:
    """-d/dt log of the named Bound: model_memory_a0_stated (rate beta0 = lambda_min) for rate "lambda_min", or
    model_memory_a0 (rate c_sigma beta0, c_sigma = ``bound_c_sigma`` or the activation's slope at 0)."""
    if instance["rate"] == "lambda_min":
        at = lambda t: MODEL_MEMORY_A0_STATED.evaluate(C_memory=1.0, beta0=lambda_min, time=t)
    else:
        c = np.full_like(lambda_min, instance.get("bound_c_sigma", 0.0)) if "bound_c_sigma" in instance else slope0
        at = lambda t: MODEL_MEMORY_A0.evaluate(C_memory=1.0, beta0=lambda_min, c_sigma=c, time=t)
    return np.log(np.asarray(at(1.0)) / np.asarray(at(2.0)))


def _measure_decay(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    """The tail log-slope of M(t) per network and level against the rate of the named Bound."""
    data = measure_decay_rates(instance, rng)
    predicted = predicted_decay_rate(instance, data["lambda_min"], data["slope0"])[:, None]
    deviation = np.abs(-data["slopes"] / predicted - 1.0)
    worst = np.unravel_index(np.argmax(deviation), deviation.shape)
    return Measurement(float(-data["slopes"][worst]), float(predicted[worst[0], 0]), {
        "deviation": float(deviation.max()), "slopes": data["slopes"].tolist(), "lambda_min": data["lambda_min"].tolist()})


def _judge_decay(instance: dict[str, Any], meas: Measurement) -> bool:
    return meas.details["deviation"] <= RATE_TOLERANCE


def _decay_strategy(activations: list[str], rate: str) -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({
        "activation": st.sampled_from(activations), "m": st.integers(2, 5), "ensemble": st.integers(1, 3),
        "levels": st.lists(st.floats(-3.0, 3.0).filter(lambda x: abs(x) > 0.05), min_size=1, max_size=2),
        "rate": st.just(rate)})


P3_ENSEMBLE = {"quick": 10, "full": 10}
P4_ENSEMBLE = {"quick": 15, "full": 15}


def _decay_design(networks: int, bound: str) -> Design:
    return Design(
        instances=networks, seeds=1, statistic="per network and level: tail log-slope of M(t) over the Bound's rate",
        threshold=f"|slope / rate({bound}) - 1| <= 0.02 for every network and level",
        error=chance_all_pass(networks, BREAK_RATE),
        error_meaning=f"P(passes | the rate is off by > 2% on {BREAK_RATE:.0%} of random networks)",
        method=f"(1 - rate)^n over n = {networks} independent networks, all must hold",
        thresholds={"rate_tolerance": RATE_TOLERANCE, "break_rate": BREAK_RATE, "second_mode_suppression": 1e3})


def _decay_control(activation: str, rate: str, **extra: Any) -> Any:
    return lambda level: {"activation": activation, "m": 4, "ensemble": 2, "levels": [1.0], "rate": rate, **extra}


P3 = Claim(
    id="P3-decay-rate-is-spectral-gap",
    title="Memory decays at the spectral abscissa of a symmetric Hurwitz W",
    statement=("Given W = -Q^T diag(lambda) Q (lambda in [0.2, 3]), sigma in {tanh, hardtanh, identity}, random U, b, "
               "levels |x| <= 3, measure the log-slope of M(t) on a tail window where the second mode is down by "
               "> 1e3; expect the rate beta0 = lambda_min of the model_memory_a0_stated Bound within 2%, for every x "
               "and b."),
    instances=lambda level: [{"activation": a, "m": 6 if level == "full" else 4, "ensemble": P3_ENSEMBLE[level],
                              "levels": [0.5, -3.0], "rate": "lambda_min"} for a in ("tanh", "hardtanh", "identity")],
    measure=_measure_decay, judge=_judge_decay,
    tolerance="|slope / (-lambda_min) - 1| <= 0.02 for every network and level",
    design=lambda level: _decay_design(3 * P3_ENSEMBLE[level], "model_memory_a0_stated"),
    controls=(
        Control(_decay_control("linear(1.03)", "lambda_min"), crosses="sigma'(0) = 1 (K2), upper edge of the 2% window",
                distance="c_sigma = 1.03, 3% above 1: the memory decays 3% faster than lambda_min"),
        Control(_decay_control("linear(0.97)", "lambda_min"), crosses="sigma'(0) = 1 (K2), lower edge of the 2% window",
                distance="c_sigma = 0.97, 3% below 1: the memory decays 3% slower than lambda_min"),
        Control(_decay_control("linear(0.5)", "lambda_min"), crosses="sigma'(0) = 1 (K2)", distance="c_sigma = 0.5",
                near=False),
    ),
    departures=(Departure("scope", spec="slope independent of x and b", ours="two levels (0.5, -3) per network, "
                          "random b", why="the all-must-hold check over levels covers the spec's extremes |x| <= 3"),),
    strategy=lambda: _decay_strategy(["tanh", "hardtanh", "identity"], "lambda_min"),
    bound="model_memory_a0_stated", source=_src("K2 (asymptotic rate = spectral abscissa)", "§3.5 K2, §7 P3"),
)

P4 = Claim(
    id="P4-class-A0-rate-scales-with-c-sigma",
    title="Class A0 with slope c_sigma: the memory decays at c_sigma * lambda_min, not lambda_min",
    statement=("Given sigma(z) = c_sigma z with c_sigma in {0.5, 2} and W as in P3, measure the tail log-slope of M(t); "
               "expect the rate c_sigma lambda_min of the model_memory_a0 Bound within 2% (caveat c2: eq 36 drops "
               "c_sigma)."),
    instances=lambda level: [{"activation": f"linear({c})", "m": 4, "ensemble": P4_ENSEMBLE[level], "levels": [1.0, -2.0],
                              "rate": "c_sigma*lambda_min"} for c in (0.5, 2.0)],
    measure=_measure_decay, judge=_judge_decay,
    tolerance="|slope / (-c_sigma lambda_min) - 1| <= 0.02 for every network and level",
    design=lambda level: _decay_design(2 * P4_ENSEMBLE[level], "model_memory_a0"),
    controls=(
        Control(_decay_control("linear(2.06)", "c_sigma*lambda_min", bound_c_sigma=2.0),
                crosses="the activation's slope is the bound's c_sigma, upper edge of the 2% window",
                distance="slope 2.06 against c_sigma = 2 in the Bound: 3% faster"),
        Control(_decay_control("linear(0.485)", "c_sigma*lambda_min", bound_c_sigma=0.5),
                crosses="the activation's slope is the bound's c_sigma, lower edge of the 2% window",
                distance="slope 0.485 against c_sigma = 0.5 in the Bound: 3% slower"),
        Control(_decay_control("linear(2.0)", "lambda_min"), crosses="eq 36 as printed (c_sigma dropped)",
                distance="c_sigma = 2 judged at rate lambda_min", near=False),
    ),
    strategy=lambda: _decay_strategy(["linear(0.5)", "linear(2.0)", "linear(1.5)"], "c_sigma*lambda_min"),
    bound="model_memory_a0", source=_src("App A.8, eq 36 (caveat c2)", "§3.4 c2, §7 P4"),
)


# -- P13: a Hurwitz tanh RNN whose memory does not decay ------------------------------------------

WITNESS_W = [[1.0, 1.0], [-4.0, -3.0]]


def _p13_weights(instance: dict[str, Any], rng: np.random.Generator) -> tuple[RNNWeights, np.ndarray]:
    if instance["W"] == "random-symmetric":
        rates = rng.uniform(0.5, 2.0, (instance["ensemble"], 2))  # e^{-0.5 * 50} ~ 1e-11: far inside 1e-6
        W = symmetric_hurwitz(rng, rates)
    else:
        W = np.broadcast_to(np.array(instance["W"]), (instance["ensemble"], 2, 2))
    e = W.shape[0]
    return RNNWeights(W, np.broadcast_to(np.eye(2), (e, 2, 2)), np.zeros((e, 2)), np.ones((e, 2))), np.array([instance["drive"]])


def _measure_p13(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    weights, drive = _p13_weights(instance, rng)
    first, last = instance["window"]
    t = np.linspace(0.0, last, 401)
    v = heaviside_velocity(weights, TANH, drive, t)[:, 0]
    speed = np.linalg.norm(v, axis=-1)
    tail = speed[:, t >= first].max(axis=1) / speed[:, 0]
    eigen = np.linalg.eigvals(weights.W).real.max(axis=1)
    return Measurement(float(tail.max()), 1e-6, {
        "W": np.asarray(weights.W[int(np.argmax(tail))]).tolist(), "drive": list(instance["drive"]),
        "spectral_abscissa": eigen.tolist(), "v_at_end": v[int(np.argmax(tail)), -1].tolist(),
        "tail_over_initial": tail.tolist()})


def _p13_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({
        "W": st.just("random-symmetric"), "ensemble": st.integers(1, 4),
        "drive": st.lists(st.floats(-3.0, 3.0).filter(lambda x: abs(x) > 0.05), min_size=2, max_size=2),
        "window": st.just([50.0, 100.0])})


P13 = Claim(
    id="P13-hurwitz-tanh-memory-need-not-decay",
    title="Remark 3.3 ('RNNs have decaying memory') fails for a Hurwitz, non-normal tanh RNN",
    statement=("Remark 3.3 says RNNs with Lipschitz sigma have decaying memory. Given tanh RNNs with Hurwitz W from "
               "h_0 = 0 under U x + b = u, measure max_{t in [50, 100]} |v_t|_2 / |v_0|_2; the remark predicts "
               "<= 1e-6. Witness: W = [[1, 1], [-4, -3]] (eigenvalues -1, -1), u = (2, 2): v heads to a saturated "
               "corner and stays (caveat c4; App I, Fig 11). With u = (0.5, 0.5), or symmetric W, v -> 0."),
    instances=lambda level: [
        {"W": WITNESS_W, "ensemble": 1, "drive": [0.5, 0.5], "window": [50.0, 100.0]},
        {"W": "random-symmetric", "ensemble": 4, "drive": [2.0, -1.5], "window": [50.0, 100.0]},
        {"W": WITNESS_W, "ensemble": 1, "drive": [2.0, 2.0], "window": [50.0, 100.0]},
    ],
    measure=_measure_p13, judge=lambda inst, meas: meas.measured <= 1e-6,
    tolerance="decayed: max |v_t| over the window <= 1e-6 |v_0| (the witness stays at |v| ~ sqrt 2)",
    design=lambda level: Design(
        instances=3, seeds=1, statistic="max_{t in [50, 100]} |v_t|_2 / |v_0|_2 per network",
        threshold="decayed: <= 1e-6; the witness W = [[1, 1], [-4, -3]], u = (2, 2) must stay near |v| = sqrt 2",
        error=0.0, error_meaning="none: the witness is a fixed matrix and drive; the solver has rtol 1e-10",
        method="deterministic", thresholds={"decay_tolerance": 1e-6, "window_start": 50.0, "window_end": 100.0}),
    controls=(
        Control(lambda level: {"W": WITNESS_W, "ensemble": 1, "drive": [1.25, 1.25], "window": [50.0, 100.0]},
                crosses="the basin of v = 0 of the witness (drive (s, s) decays for s <= 1.2)",
                distance="drive (1.25, 1.25), 4% past s = 1.2, where |v| still falls to 2e-12 of |v_0|"),
        Control(lambda level: {"W": "random-symmetric", "ensemble": 2, "drive": [1.0, 1.0], "window": [0.2, 0.5]},
                crosses="the window starts after the decay", distance="window [0.2, 0.5] instead of [50, 100]",
                near=False),
    ),
    strategy=_p13_strategy, expect=Verdict.REFUTED,
    source=_src("Remark 3.3 vs App I (Fig 11)", "§3.4 c4, §7 P13"),
)


# -- P14: Heaviside and impulse memory agree -------------------------------------------------------

def _p14_linear(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    e, m, steps = instance["ensemble"], instance["m"], instance["steps"]
    q = random_orthogonal(rng, e, m)
    moduli = rng.uniform(-0.95, 0.95, (e, m))
    W = np.einsum("eji,ej,ejk->eik", q, moduli, q)
    weights = RNNWeights(W, rng.standard_normal((e, m, 1)), np.zeros((e, m)), rng.standard_normal((e, m)))
    levels = level_grid(1)
    step = step_memory(readout(weights, ssm_rnn(weights, IDENTITY, step_inputs(levels, steps))), levels)
    impulse = impulse_memory(readout(weights, ssm_rnn(weights, IDENTITY, impulse_inputs(levels, steps))), levels)
    # y_k = c^T h_{k+1}, so the impulse response is c^T W^k U x = rho_{k+1} (rho_k = c^T W^{k-1} U)
    kernel = np.abs(LinearRNN(W, weights.U, weights.c).discrete_kernel(steps + 1)[..., :steps, 0])
    kernel = kernel * instance.get("kernel_scale", 1.0)
    if instance["prediction"] == "kernel-shifted":
        kernel = np.abs(LinearRNN(W, weights.U, weights.c).discrete_kernel(steps + 1)[..., 1:, 0])
    scale = kernel.max()
    error = max(np.abs(step - kernel).max(), np.abs(impulse - kernel).max()) / scale
    return Measurement(float(error), 1e-10, {"relative_error": float(error)})


def _p14_residual(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    e, m, dt = instance["ensemble"], instance["m"], instance["dt"]
    slowest = rng.uniform(0.05, 0.2, (e, 1))
    rates = np.concatenate([slowest, rng.uniform(2.0 * slowest, 0.95, (e, m - 1))], axis=1) / dt
    weights = RNNWeights(symmetric_hurwitz(rng, rates), rng.standard_normal((e, m, 1)), np.zeros((e, m)),
                         rng.standard_normal((e, m)))
    levels = np.array([[0.5], [-2.0]])
    steps = 180
    step = step_memory(readout(weights, residual_rnn(weights, TANH, step_inputs(levels, steps), dt)), levels)
    impulse = impulse_memory(readout(weights, residual_rnn(weights, TANH, impulse_inputs(levels, steps), dt)), levels)
    pick = np.min if instance["prediction"] == "max|1-dt lambda|" else np.max
    predicted = np.log(np.abs(1.0 - dt * pick(rates, axis=1))) * instance.get("rate_scale", 1.0)
    starts = np.ceil(np.log(1e3) / slowest[:, 0]).astype(int) + 5  # second mode down by > 1e3
    measured = np.stack([[np.median(np.diff(np.log(mem[k, s:s + 15]))) for k, s in enumerate(starts)]
                         for mem in (step, impulse)])
    deviation = np.abs(measured / predicted[None] - 1.0)
    return Measurement(float(deviation.max()), 0.05, {
        "log_ratio_step": measured[0].tolist(), "log_ratio_impulse": measured[1].tolist(),
        "predicted_log_ratio": predicted.tolist()})


def _measure_p14(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    return (_p14_linear if instance["model"] == "linear" else _p14_residual)(instance, rng)


def _judge_p14(instance: dict[str, Any], meas: Measurement) -> bool:
    return meas.measured <= (LINEAR_TOLERANCE if instance["model"] == "linear" else RATIO_TOLERANCE)


def _p14_strategy() -> Any:
    from hypothesis import strategies as st

    linear = st.fixed_dictionaries({"model": st.just("linear"), "m": st.integers(1, 6), "ensemble": st.integers(1, 3),
                                    "steps": st.integers(2, 60), "prediction": st.just("kernel")})
    residual = st.fixed_dictionaries({"model": st.just("residual-tanh"), "m": st.integers(1, 4),
                                      "ensemble": st.integers(1, 3),
                                      "dt": st.sampled_from([0.5, 1.0]), "prediction": st.just("max|1-dt lambda|")})
    return st.one_of(linear, residual)


P14_ENSEMBLE = {"quick": 10, "full": 10}

P14 = Claim(
    id="P14-heaviside-vs-impulse-memory",
    title="Heaviside and impulse memory agree (discrete time)",
    statement=("Stable discrete linear RNNs: step memory |y_k - y_{k-1}| and impulse memory |y_k| both equal |rho_k|_1 "
               "(to 1e-10). Residual tanh RNNs with symmetric W < 0 (b = 0): both decay with the per-step ratio "
               "max_i |1 - dt lambda_i| (log-ratio within 5%)."),
    instances=lambda level: [
        {"model": "linear", "m": 5, "ensemble": P14_ENSEMBLE[level], "steps": 60, "prediction": "kernel"},
        {"model": "residual-tanh", "m": 4, "ensemble": P14_ENSEMBLE[level], "dt": 1.0, "prediction": "max|1-dt lambda|"},
        {"model": "residual-tanh", "m": 3, "ensemble": P14_ENSEMBLE[level], "dt": 0.5, "prediction": "max|1-dt lambda|"},
    ],
    measure=_measure_p14, judge=_judge_p14,
    tolerance="linear: relative error <= 1e-10; residual tanh: |log-ratio / log max|1 - dt lambda| - 1| <= 0.05",
    design=lambda level: Design(
        instances=3 * P14_ENSEMBLE[level], seeds=1,
        statistic="per network: linear, max relative gap of step and impulse memory to |rho_k|_1; residual, log "
                  "per-step ratio over log max_i |1 - dt lambda_i|",
        threshold="linear: <= 1e-10 (identical up to rounding); residual tanh: within 5%",
        error=chance_all_pass(3 * P14_ENSEMBLE[level], BREAK_RATE),
        error_meaning=f"P(passes | the prediction breaks on {BREAK_RATE:.0%} of random networks)",
        method=f"(1 - rate)^n over n = {3 * P14_ENSEMBLE[level]} independent networks, all must hold",
        thresholds={"linear_tolerance": LINEAR_TOLERANCE, "ratio_tolerance": RATIO_TOLERANCE, "break_rate": BREAK_RATE}),
    controls=(
        Control(lambda level: {"model": "residual-tanh", "m": 4, "ensemble": 2, "dt": 1.0,
                               "prediction": "max|1-dt lambda|", "rate_scale": 1.06},
                crosses="upper edge of the 5% window on the log-ratio", distance="prediction 6% too fast"),
        Control(lambda level: {"model": "residual-tanh", "m": 4, "ensemble": 2, "dt": 1.0,
                               "prediction": "max|1-dt lambda|", "rate_scale": 0.94},
                crosses="lower edge of the 5% window on the log-ratio", distance="prediction 6% too slow"),
        Control(lambda level: {"model": "linear", "m": 5, "ensemble": 2, "steps": 60, "prediction": "kernel",
                               "kernel_scale": 1.0 + 1e-9},
                crosses="linear branch: identical memories (1e-10)", distance="|rho_k|_1 scaled by 1 + 1e-9: 10x the tolerance"),
        Control(lambda level: {"model": "residual-tanh", "m": 4, "ensemble": 2, "dt": 1.0,
                               "prediction": "min|1-dt lambda|"},
                crosses="the slowest mode sets the ratio", distance="the fastest mode's ratio", near=False),
    ),
    departures=(Departure("criterion", spec="stable linear RNNs: identical", ours="relative gap <= 1e-10",
                          why="identical up to float64 rounding of the recursions"),),
    strategy=_p14_strategy, source=_src("App F, H (Fig 10)", "§2.4, §7 P14"),
)

CLAIMS = (P1, P2, P3, P4, P13, P14)
