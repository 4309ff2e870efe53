"""Claims on the random-feature and kernel approximations at initialisation: P2, P3, P13.

The target is a Monte Carlo teacher of M neurons (spec 4.5), itself within nu G sqrt(2 log(2n/delta)/M)
of its mean with probability 1 - delta (F19); the bounds below add that term honestly.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import activation
from rnnbounds.numerics.diagonal_rnn import symmetric_init
from rnnbounds.numerics.ntk_diagonal import empirical_ntk, limit_ntk
from rnnbounds.numerics.transport_teacher import random_feature_error
from rnnbounds.theorems.core import Claim, Measurement, Source
from rnnbounds.theorems.gd_convergence import experiments as E
from rnnbounds.theorems.gd_convergence.bounds import PAPER, SPEC


def _source(prediction: str) -> Source:
    return Source(PAPER, "toolkit prediction on the reconstructed model", f"{SPEC} section 6 {prediction}")


def _hoeffding(scale: float, n_union: float, delta: float, samples: float) -> float:
    """scale sqrt(log(n_union / delta) / samples): the shape of F9, F10 and F19."""
    return float(scale * np.sqrt(np.log(n_union / delta) / samples))


def binomial_allowance(delta: float, seeds: int) -> float:
    """Violation frequency allowed for a failure probability delta over `seeds` draws."""
    return delta + 3 * np.sqrt(delta / seeds)


def _random_feature_errors(instance, rng) -> tuple[np.ndarray, float, float]:
    """(eps_app per seed (seeds,), F9 bound at m, teacher term F19)."""
    n, T, d, alpha, nu = instance["n"], instance["T"], instance["d"], instance["alpha"], instance["nu"]
    problem = E.teacher_problem(rng, n, T, d, alpha, nu, "tanh", instance["teacher_neurons"],
                                teacher_norm=nu * instance.get("teacher_norm_ratio", 1.0))
    params = symmetric_init(rng, instance["seeds"], instance["m"], d, alpha)
    errors = random_feature_error(params, problem.teacher, problem.X)
    G = E.gradient_bound_value(T, alpha, "tanh")
    delta = instance["delta"]
    bound = _hoeffding(2 * nu * G, 2 * n, delta, instance["m"])
    teacher = _hoeffding(np.sqrt(2) * nu * G, 2 * n, delta, instance["teacher_neurons"])
    return errors, bound, teacher


def _app_measure(instance, rng) -> Measurement:
    errors, bound, teacher = _random_feature_errors(instance, rng)
    total = bound + teacher
    violations = float(np.mean(errors > total))
    return Measurement(float(np.median(errors)), total,
                       {"violation_rate": violations, "max_error": float(errors.max()),
                        "F9": bound, "F19_teacher": teacher, "allowed_rate": binomial_allowance(
                            2 * instance["delta"], instance["seeds"])})


def _app_judge(instance, measurement: Measurement) -> bool:
    """Student and teacher each fail w.p. <= delta: at most 2 delta violations (binomial slack)."""
    return measurement.details["violation_rate"] <= measurement.details["allowed_rate"]


def _app_instances(level):
    widths = (16, 64, 256, 1024) if level == "quick" else (16, 64, 256, 1024, 4096, 16384)
    return [{"m": m, "n": 64, "T": 8, "d": 3, "alpha": 0.5, "nu": 1.0, "delta": 0.1, "seeds": 20,
             "teacher_neurons": 20000} for m in widths]


def _app_strategy():
    import hypothesis.strategies as st
    return st.fixed_dictionaries({
        "m": st.integers(1, 256).map(lambda k: 2 * k), "n": st.integers(1, 64), "T": st.integers(1, 12),
        "d": st.integers(1, 8), "alpha": st.floats(0.1, 1.5), "nu": st.floats(0.1, 3.0),
        "delta": st.sampled_from([0.05, 0.1, 0.2]), "seeds": st.just(10), "teacher_neurons": st.just(4000)})


P2 = Claim(
    id="P2-random-feature-error", title="Random-feature error at theta* below F9 (+ teacher MC term)",
    statement="Given a teacher in F_nu and theta(0), measure eps_app = max_j |f_lin(X^j; theta*) - f*(X^j)| "
              "over seeds; expect eps_app <= 2 nu G sqrt(log(2n/delta)/m) + nu G sqrt(2 log(2n/delta)/M) "
              "in at least a 1 - 2 delta fraction of seeds.",
    instances=_app_instances, measure=_app_measure, judge=_app_judge,
    tolerance="violation rate <= 2 delta + 3 sqrt(2 delta / seeds)",
    negative_control=lambda level: {**_app_instances(level)[-1], "teacher_norm_ratio": 50.0},
    strategy=_app_strategy, bound="eps_app", source=_source("P2"))


def _kernel_measure(instance, rng) -> Measurement:
    n, T, d, alpha, delta, m = (instance[k] for k in ("n", "T", "d", "alpha", "delta", "m"))
    act = activation("tanh")
    X = E.bounded_sequences(rng, n, T, d)
    K_inf = limit_ntk(rng, X, act, alpha, instance["limit_samples"])
    params = symmetric_init(rng, instance["seeds"], m, d, alpha)
    deviation = np.abs(empirical_ntk(params, X, act) - K_inf[None]).max(axis=(1, 2))
    G = E.gradient_bound_value(T, alpha, "tanh")
    bound_width = m * instance.get("bound_width_factor", 1)
    bound = _hoeffding(2 * G**2, 2 * n**2, delta, bound_width)
    limit_error = _hoeffding(np.sqrt(2) * G**2, 2 * n**2, delta, instance["limit_samples"])
    total = bound + limit_error
    return Measurement(float(np.median(deviation)), total, {
        "violation_rate": float(np.mean(deviation > total)), "max_deviation": float(deviation.max()),
        "F10": bound, "limit_mc_term": limit_error,
        "allowed_rate": binomial_allowance(2 * delta, instance["seeds"])})


def _kernel_instances(level):
    widths = (64, 256, 1024) if level == "quick" else (64, 256, 1024, 4096, 16384)
    return [{"m": m, "n": 8, "T": 6, "d": 3, "alpha": 0.5, "delta": 0.1, "seeds": 20,
             "limit_samples": 50000} for m in widths]


P3 = Claim(
    id="P3-ntk-concentration", title="Empirical NTK at init within F10 of its infinite-width limit",
    statement="Given n inputs and width m, measure max_{j,k} |K_0 - K_inf| (K_inf by Monte Carlo with M "
              "neurons); expect <= 2 G^2 sqrt(log(2n^2/delta)/m) + sqrt(2) G^2 sqrt(log(2n^2/delta)/M).",
    instances=_kernel_instances, measure=_kernel_measure, judge=_app_judge,
    tolerance="violation rate <= 2 delta + 3 sqrt(2 delta / seeds)",
    negative_control=lambda level: {**_kernel_instances(level)[0], "bound_width_factor": 10000,
                                    "limit_samples": 10**6},
    strategy=lambda: _app_strategy().map(lambda i: {
        "m": i["m"], "n": min(i["n"], 6), "T": i["T"], "d": i["d"], "alpha": i["alpha"],
        "delta": i["delta"], "seeds": 8, "limit_samples": 4000}),
    bound="k_dev", source=_source("P3"))


def _tail_measure(instance, rng) -> Measurement:
    """Fraction of seeds with eps_app > t against 2n exp(-m (t - t_M)^2 / (4 nu^2 G^2))."""
    errors, _, teacher = _random_feature_errors(instance, rng)
    G = E.gradient_bound_value(instance["T"], instance["alpha"], "tanh")
    t, nu, n, m = instance["threshold"], instance["nu"], instance["n"], instance["m"]
    margin = max(t - teacher, 0.0)
    tail = min(1.0, 2 * n * np.exp(-m * margin**2 / (4 * nu**2 * G**2)) + instance["delta"])
    return Measurement(float(np.mean(errors > t)), float(tail), {"teacher_term": teacher, "seeds": len(errors)})


P13 = Claim(
    id="P13-failure-probability", title="Tail of the random-feature error below the Hoeffding tail",
    statement="Given width m and 200 seeds, measure the fraction of seeds with eps_app > t; expect it "
              "<= 2n exp(-m (t - t_M)^2/(4 nu^2 G^2)) + delta, t_M the teacher's F19 term at delta.",
    instances=lambda level: [{"m": 1024, "n": 16, "T": 6, "d": 3, "alpha": 0.5, "nu": 1.0, "delta": 0.05,
                              "seeds": 200, "teacher_neurons": 50000, "threshold": t} for t in (0.3, 0.5, 0.8)],
    measure=_tail_measure,
    judge=lambda instance, m: m.measured <= m.bound + 3 * np.sqrt(max(m.bound, 1e-3) / instance["seeds"]),
    tolerance="fraction <= tail + 3 sqrt(tail / seeds)",
    negative_control=lambda level: {"m": 1024, "n": 16, "T": 6, "d": 3, "alpha": 0.5, "nu": 1.0,
                                    "delta": 0.05, "seeds": 200, "teacher_neurons": 50000, "threshold": 0.8,
                                    "teacher_norm_ratio": 50.0},
    strategy=lambda: _app_strategy().map(lambda i: {**i, "seeds": 40, "threshold": 0.5 * i["nu"]}),
    bound="eps_app", source=_source("P13"))

CLAIMS = (P2, P3, P13)
