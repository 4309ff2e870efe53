"""Claims along (projected) gradient descent: P6, P8, P9, P10."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbounds.numerics.diagonal_rnn import symmetric_init
from rnnbounds.numerics.lazy_diagnostics import LinearizationRecorder, MovementRecorder
from rnnbounds.numerics.projected_gd import GDTrace, projected_gradient_descent
from rnnbounds.theorems.core import Claim, Measurement, Source
from rnnbounds.theorems.gd_convergence import experiments as E
from rnnbounds.theorems.gd_convergence import formulas as F
from rnnbounds.theorems.gd_convergence.bounds import PAPER, SPEC

RELATIVE = 1e-9


def _source(prediction: str) -> Source:
    return Source(PAPER, "toolkit prediction on the reconstructed model", f"{SPEC} section 6 {prediction}")


def effective_gain(instance) -> float:
    """a = (alpha + rho / sqrt(m)) s1 (F1, F2); rho absent means no projection: a = alpha s1."""
    _, s1, _ = E.constants_of(instance.get("activation", "tanh"))
    rho = instance.get("rho")
    return (instance["alpha"] + (rho / np.sqrt(instance["m"]) if rho else 0.0)) * s1


@dataclass(frozen=True)
class TrainingRun:
    trace: GDTrace
    problem: E.TeacherProblem
    eta: float
    linearization: np.ndarray | None
    relative_movement: np.ndarray


def train(instance, rng, record_linearization: bool = False) -> TrainingRun:
    """Projected GD (rho given) or plain GD on a teacher problem, eta = 1/G^2 at the effective gain."""
    n, T, d, alpha, nu, m = (instance[k] for k in ("n", "T", "d", "alpha", "nu", "m"))
    problem_rng = np.random.default_rng(instance["problem_seed"]) if "problem_seed" in instance else rng
    problem = E.teacher_problem(problem_rng, n, T, d, alpha, nu, instance.get("activation", "tanh"),
                                instance.get("teacher_neurons", 4000), instance.get("recurrent_init", "uniform"))
    Y = problem.Y if instance.get("labels", "teacher") == "teacher" else rng.choice([-1.0, 1.0], size=n)
    problem = E.TeacherProblem(problem.X, Y, problem.teacher, problem.act)
    start = symmetric_init(rng, instance["seeds"], m, d, alpha, instance.get("recurrent_init", "uniform"))
    s0, s1, _ = E.constants_of(instance.get("activation", "tanh"))
    eta = 1.0 / F.gradient_value(T, effective_gain(instance), s0, s1) ** 2
    lin = LinearizationRecorder(start, problem.X, problem.act, instance.get("record_every", 10))
    move = MovementRecorder(start)

    def observe(k, params):
        move(k, params)
        if record_linearization:
            lin(k, params)

    trace = projected_gradient_descent(start, problem.X, Y, problem.act, eta, instance["steps"],
                                       instance.get("rho"), observe)
    return TrainingRun(trace, problem, eta, lin.max_error if record_linearization else None, move.max_relative)


def _gain_measure(instance, rng) -> Measurement:
    run = train(instance, rng)
    _, s1, _ = E.constants_of(instance.get("activation", "tanh"))
    radius = instance.get("bound_radius", instance["rho"])
    bound = (instance["alpha"] + radius / np.sqrt(instance["m"])) * s1
    measured = float(run.trace.max_gain.max() * s1)
    return Measurement(measured, float(bound), {"above_cutoff": bool(measured > 1),
                                               "bound_above_cutoff": bool(bound > 1)})


def _below(instance, measurement: Measurement) -> bool:
    return measurement.measured <= measurement.bound * (1 + RELATIVE)


def _gd_strategy():
    import hypothesis.strategies as st
    return st.fixed_dictionaries({
        "m": st.integers(1, 32).map(lambda k: 2 * k), "n": st.integers(1, 16), "T": st.integers(1, 8),
        "d": st.integers(1, 4), "alpha": st.floats(0.1, 1.2), "nu": st.floats(0.2, 2.0),
        "rho": st.floats(0.2, 2.0), "seeds": st.integers(1, 3), "steps": st.integers(1, 20),
        "teacher_neurons": st.just(500), "recurrent_init": st.sampled_from(["uniform", "constant"])})


P6 = Claim(
    id="P6-cutoff-shift", title="Projected GD keeps the gain below (alpha + rho/sqrt(m)) s1",
    statement="With alpha s1 = 0.95, rho = nu = 1 and m in {4, 100, 10^4}, measure max_k max_i |w_i(k)| s1; "
              "expect <= (alpha + rho/sqrt(m)) s1, which exceeds 1 only for m < 400 (F15).",
    instances=lambda level: [{"m": m, "n": 16, "T": 6, "d": 3, "alpha": 0.95, "nu": 1.0, "rho": 1.0,
                              "seeds": 4, "steps": 40, "recurrent_init": "constant"}
                             for m in ((4, 100, 1000) if level == "quick" else (4, 100, 10000))],
    measure=_gain_measure, judge=_below, tolerance="measured <= bound (1 + 1e-9)",
    negative_control=lambda level: {"m": 4, "n": 16, "T": 6, "d": 3, "alpha": 0.95, "nu": 1.0, "rho": 1.0,
                                    "seeds": 4, "steps": 40, "recurrent_init": "constant", "bound_radius": 0.0},
    strategy=_gd_strategy, bound="alpha_eff", source=_source("P6"))


def _lazy_measure(instance, rng) -> Measurement:
    """Unprojected GD at each width: max r_k (per-neuron movement) and relative movement."""
    movement, relative = [], []
    problem_seed = int(rng.integers(2**62))  # the same teacher problem at every width
    for m in instance["widths"]:
        run = train({**instance, "m": m, "rho": None, "problem_seed": problem_seed}, rng)
        movement.append(float(np.median(run.trace.max_movement)))
        relative.append(float(np.median(run.relative_movement)))
    slope = E.loglog_slope(np.array(instance["widths"]), np.array(relative))
    spread = max(movement) / min(movement)
    return Measurement(slope, instance.get("expected_slope", -0.5),
                       {"r_max": movement, "relative_movement": relative, "r_spread": spread})


def _lazy_judge(instance, measurement: Measurement) -> bool:
    """r_k bounded in m (spread <= 2) and relative movement slope within 0.2 of the expected one."""
    return measurement.details["r_spread"] <= 2.0 and abs(measurement.measured - measurement.bound) <= 0.2


def _lazy_instance(level):
    widths = [16, 64, 256] if level == "quick" else [16, 64, 256, 1024, 4096]
    return {"widths": widths, "n": 16, "T": 6, "d": 3, "alpha": 0.5, "nu": 1.0, "seeds": 3, "steps": 60,
            "teacher_neurons": 4000}


P8 = Claim(
    id="P8-lazy-regime", title="Unprojected GD stays lazy: r_k = O(nu), relative movement ~ m^{-1/2}",
    statement="With plain GD, eta = 1/G^2 and m on a doubling grid, measure r = sqrt(m) max_k max_i ||theta_i(k) "
              "- theta_i(0)|| and ||theta(k) - theta(0)|| / ||theta(0)||; expect r bounded in m and the relative "
              "movement to fall with log-log slope -1/2.",
    instances=lambda level: [_lazy_instance(level)], measure=_lazy_measure, judge=_lazy_judge,
    tolerance="max r / min r <= 2 over the widths; |slope + 1/2| <= 0.2",
    negative_control=lambda level: {**_lazy_instance("quick"), "expected_slope": 0.0},
    # drawn inside hypothesis A4 (a = alpha s1 < 1, tanh): at alpha = 1.0, T = 8 the spread of r over
    # m = 16..256 reached 2.43, outside the claim's hypotheses
    strategy=lambda: _gd_strategy().filter(lambda i: i["alpha"] < 1.0).map(
        lambda i: {**{k: i[k] for k in ("T", "d", "alpha", "nu")}, "n": i["n"] + 3, "seeds": 3,
                   "widths": [16, 64, 256], "steps": 10, "teacher_neurons": 500}),
    source=_source("P8"))


def _linearization_measure(instance, rng) -> Measurement:
    """max_k e_lin(k) (median over seeds) against beta(a_eff) rho^2 / (2 sqrt(m)) (F8)."""
    run = train(instance, rng, record_linearization=True)
    s0, s1, s2 = E.constants_of(instance.get("activation", "tanh"))
    beta = F.hessian_recursion(instance["T"], effective_gain(instance), s0, s1, s2)
    bound = instance.get("bound_scale", 1.0) * beta * instance["rho"] ** 2 / (2 * np.sqrt(instance["m"]))
    return Measurement(float(run.linearization.max()), float(bound),
                       {"median_e_lin": float(np.median(run.linearization)),
                        "max_movement": float(run.trace.max_movement.max())})


def _linearization_instances(level):
    widths = (16, 64, 256) if level == "quick" else (16, 64, 256, 1024)
    return [{"m": m, "n": 16, "T": 6, "d": 3, "alpha": 0.5, "nu": 1.0, "rho": 1.0, "seeds": 3,
             "steps": 60, "record_every": 10, "teacher_neurons": 4000} for m in widths]


P9 = Claim(
    id="P9-linearization-error", title="Linearisation error below beta rho^2 / (2 sqrt(m))",
    statement="With projected GD, rho = nu, measure max_k max_j |f(theta(k)) - <grad f(theta(0)), theta(k) - "
              "theta(0)>|; expect <= beta rho^2/(2 sqrt(m)) with beta at the effective gain (F8).",
    instances=_linearization_instances, measure=_linearization_measure, judge=_below,
    tolerance="measured <= bound (1 + 1e-9)",
    negative_control=lambda level: {**_linearization_instances("quick")[0], "labels": "random",
                                    "bound_scale": 1e-6},
    strategy=lambda: _gd_strategy().map(lambda i: {**i, "record_every": 1}),
    bound="eps_lin", source=_source("P9"))


def _loss_measure(instance, rng) -> Measurement:
    """min_k Rhat(theta(k)) (worst seed) against F12 at the instance's m, tau, eta and B_y = max |Y|."""
    run = train(instance, rng)
    s0, s1, s2 = E.constants_of(instance.get("activation", "tanh"))
    gain = effective_gain(instance)
    G, beta = F.gradient_value(instance["T"], gain, s0, s1), F.hessian_recursion(instance["T"], gain, s0, s1, s2)
    nu, rho, m, n, delta = instance["nu"], instance["rho"], instance["m"], instance["n"], instance["delta"]
    B_y = float(np.abs(run.problem.Y).max())
    optimisation = nu**2 / (2 * run.eta * instance["steps"])
    floor = (4 * nu**2 * G**2 * np.log(2 * n / delta) / m + beta**2 * nu**4 / (4 * m)
             + 2 * beta * rho**2 * (G * rho + B_y) / np.sqrt(m))
    bound = optimisation + (0.0 if instance.get("drop_floor") else floor)
    curve = run.trace.losses.mean(axis=1)
    return Measurement(float(run.trace.best_loss.max()), float(bound), {
        "optimisation_term": optimisation, "floor": floor, "initial_loss": float(curve[0]),
        "loss_curve": [float(v) for v in curve[:: max(1, len(curve) // 20)]]})


def _loss_instances(level):
    widths = (64, 256) if level == "quick" else (64, 256, 1024)
    return [{"m": m, "n": 16, "T": 6, "d": 3, "alpha": 0.5, "nu": 1.0, "rho": 1.0, "delta": 0.1, "seeds": 3,
             "steps": 100, "teacher_neurons": 4000} for m in widths]


P10 = Claim(
    id="P10-training-loss", title="Best training loss below the derived bound F12",
    statement="With projected GD (rho = nu, eta = 1/G^2), measure min_{k<=tau} Rhat; expect it <= "
              "nu^2/(2 eta tau) + 4 nu^2 G^2 log(2n/delta)/m + beta^2 nu^4/(4m) + 2 beta rho^2 (G rho + B_y)/sqrt(m).",
    instances=_loss_instances, measure=_loss_measure, judge=_below,
    tolerance="measured <= bound (1 + 1e-9); the bound holds w.p. >= 1 - delta over the init",
    negative_control=lambda level: {**_loss_instances("quick")[0], "labels": "random", "drop_floor": True},
    strategy=lambda: _gd_strategy().map(lambda i: {**i, "delta": 0.1}),
    bound="R_bound", source=_source("P10"))

CLAIMS = (P6, P8, P9, P10)
