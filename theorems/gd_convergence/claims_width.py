"""Minimal-width claims (slow, full level): P1 (n), P11 (T per regime), P12 (eps).

m_min is the smallest width on a doubling grid whose median (over seeds) best training loss
min_{k<=tau} Rhat(theta(k)) is at most eps.  We set eps = eps_rel * Rhat(theta(0)) (the initial loss,
which is the same for every width because f(theta(0)) = 0), and a fixed budget tau: the spec's
tau = 3 nu^2/(2 eta eps) (F13) is a sufficient count, thousands of steps at these sizes.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from rnnbounds.numerics.diagonal_bptt import loss
from rnnbounds.numerics.diagonal_rnn import symmetric_init
from rnnbounds.numerics.minimal_width import WidthSearch, minimal_width
from rnnbounds.numerics.projected_gd import projected_gradient_descent
from rnnbounds.theorems.core import Claim, Measurement, Source
from rnnbounds.theorems.gd_convergence import experiments as E
from rnnbounds.theorems.gd_convergence import formulas as F
from rnnbounds.theorems.gd_convergence.bounds import PAPER, SPEC


def _source(prediction: str) -> Source:
    return Source(PAPER, "toolkit prediction on the reconstructed model", f"{SPEC} section 6 {prediction}")


def width_search(instance, rng, n: int, T: int, alpha: float, eps_rel: float) -> tuple[WidthSearch, float]:
    """Doubling search for m_min on one teacher problem; returns (search, initial loss)."""
    problem = E.teacher_problem(rng, n, T, instance["d"], alpha, instance["nu"], "tanh",
                                instance["teacher_neurons"])
    Y = problem.Y if instance.get("labels", "teacher") == "teacher" else rng.choice([-1.0, 1.0], size=n) * 0.05
    s0, s1, _ = E.constants_of("tanh")
    seeds, steps, rho = instance["seeds"], instance["steps"], instance["nu"]
    initial = float(0.5 * np.mean(Y**2))

    def best_losses(m: int) -> np.ndarray:
        eta = 1.0 / F.gradient_value(T, (alpha + rho / np.sqrt(m)) * s1, s0, s1) ** 2
        start = symmetric_init(rng, seeds, m, instance["d"], alpha)
        return projected_gradient_descent(start, problem.X, Y, problem.act, eta, steps, rho).best_loss

    return minimal_width(best_losses, eps_rel * initial, 2, instance["largest"]), initial


def _fit_with_interval(x: np.ndarray, y: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """OLS slope of log y on log x with a t-interval from its standard error."""
    fit = stats.linregress(np.log(x), np.log(y))
    half = stats.t.ppf(0.5 + level / 2, len(x) - 2) * fit.stderr
    return float(fit.slope), float(fit.slope - half), float(fit.slope + half)


def _n_measure(instance, rng) -> Measurement:
    widths = []
    for n in instance["ns"]:
        search, _ = width_search(instance, rng, n, instance["T"], instance["alpha"], instance["eps_rel"])
        widths.append(search.minimal_width)
    if any(w is None for w in widths):
        return Measurement(float("inf"), instance["max_exponent"], {"m_min": widths})
    ns = np.array(instance["ns"], float)
    slope, low, high = _fit_with_interval(ns, np.array(widths, float))
    ratio = np.array(widths) / np.log(2 * ns / instance["delta"])
    return Measurement(slope, instance["max_exponent"], {
        "m_min": widths, "interval_95": [low, high], "m_over_log": [float(r) for r in ratio],
        "ratio_slope": E.loglog_slope(ns, ratio)})


def _n_judge(instance, measurement: Measurement) -> bool:
    """Exponent c < max_exponent, and m_min / log(2n/delta) does not grow: its fitted log-log slope in n is <= 0
    (a fit, because single grid doublings near the threshold are seed noise)."""
    ratio = measurement.details.get("m_over_log")
    if not ratio or not measurement.measured < measurement.bound:
        return False
    return E.loglog_slope(np.array(instance["ns"], float), np.array(ratio)) <= 0.0


def _n_instance(level):
    return {"ns": [16, 32, 64, 128, 256, 512, 1024, 2048], "T": 5, "d": 3, "alpha": 0.5, "nu": 1.0, "delta": 0.1,
            "eps_rel": 0.2, "seeds": 5, "steps": 150, "largest": 512, "teacher_neurons": 4000,
            "max_exponent": 0.25}


def _width_strategy():
    import hypothesis.strategies as st
    return st.fixed_dictionaries({"T": st.integers(2, 5), "d": st.integers(1, 3), "alpha": st.floats(0.2, 0.8),
                                  "nu": st.just(1.0), "delta": st.just(0.1), "eps_rel": st.floats(0.3, 0.6),
                                  "seeds": st.just(3), "steps": st.just(30), "largest": st.just(32),
                                  "teacher_neurons": st.just(500), "max_exponent": st.just(0.25)}).map(
        lambda i: {**i, "ns": [8, 16, 32, 64, 128]})


P1 = Claim(
    id="P1-width-log-n", title="Minimal width grows at most logarithmically in n",
    statement="At a = 0.5, for n in {16, ..., 2048}, measure m_min(n) (doubling grid, median of 5 seeds, "
              "eps = 0.2 Rhat(theta(0)), tau = 150); fit m_min ~ n^c with a 95% interval; expect c < 0.25 "
              "and m_min / log(2n/delta) not growing (fitted log-log slope in n <= 0).",
    instances=lambda level: [_n_instance(level)], measure=_n_measure, judge=_n_judge,
    tolerance="fitted exponent < 0.25 (spec P1 failing threshold); fitted slope of m_min/log(2n/delta) <= 0",
    negative_control=lambda level: {**_n_instance(level), "labels": "random", "ns": [16, 32, 64, 128, 256]},
    strategy=_width_strategy, bound="m_req", slow=True, source=_source("P1"))


def _T_measure(instance, rng) -> Measurement:
    """m_min(T) for each alpha; measured = 1.0 when m_min(last alpha) >= m_min(first alpha) at every T."""
    table = {}
    for alpha in instance["alphas"]:
        table[str(alpha)] = [width_search(instance, rng, instance["n"], T, alpha, instance["eps_rel"])[0].minimal_width
                             for T in instance["Ts"]]
    low, high = table[str(instance["alphas"][0])], table[str(instance["alphas"][-1])]
    ordered = all(h is None or (lo is not None and h >= lo) for lo, h in zip(low, high))
    return Measurement(float(ordered), 1.0, {"m_min": table})


P11 = Claim(
    id="P11-width-vs-T", title="Minimal width against T in the three regimes",
    statement="For a in {0.5, 1.0, 1.2} and T in {2, 4, 8, 16}, measure m_min(T); expect m_min(a = 1.2) >= "
              "m_min(a = 0.5) at every T (saturation may hide the exponential growth).",
    instances=lambda level: [{"alphas": [0.5, 1.0, 1.2], "Ts": [2, 4, 8, 16], "n": 32, "d": 3, "nu": 1.0,
                              "eps_rel": 0.2, "seeds": 3, "steps": 150, "largest": 256, "teacher_neurons": 4000}],
    measure=_T_measure, judge=lambda instance, m: m.measured == 1.0,
    tolerance="ordering at every T (a doubling grid, median of 3 seeds)",
    negative_control=lambda level: {"alphas": [1.2, 0.05], "Ts": [2, 8], "n": 32, "d": 3, "nu": 1.0,
                                    "eps_rel": 0.2, "seeds": 3, "steps": 150, "largest": 256,
                                    "teacher_neurons": 4000},
    strategy=lambda: _width_strategy().map(lambda i: {**i, "alphas": [0.5, 1.2], "Ts": [2, 3], "n": 16}),
    bound="m_req", slow=True, source=_source("P11"))


def _first_step_below(losses: np.ndarray, target: float) -> int | None:
    """Smallest k with the median (over seeds) loss at k <= target."""
    hits = np.nonzero(np.median(losses, axis=1) <= target)[0]
    return int(hits[0]) if hits.size else None


def _eps_measure(instance, rng) -> Measurement:
    """m_min(eps) on the doubling grid, and tau_min(eps) at a fixed large width, against eps."""
    epsilons = np.array(instance["eps_rels"], float)
    widths = [width_search(instance, rng, instance["n"], instance["T"], instance["alpha"], e)[0].minimal_width
              for e in epsilons]
    problem = E.teacher_problem(rng, instance["n"], instance["T"], instance["d"], instance["alpha"],
                                instance["nu"], "tanh", instance["teacher_neurons"])
    s0, s1, _ = E.constants_of("tanh")
    m = instance["tau_width"]
    eta = 1.0 / F.gradient_value(instance["T"], (instance["alpha"] + 1 / np.sqrt(m)) * s1, s0, s1) ** 2
    start = symmetric_init(rng, instance["seeds"], m, instance["d"], instance["alpha"])
    trace = projected_gradient_descent(start, problem.X, problem.Y, problem.act, eta, instance["tau_steps"],
                                       instance["nu"])
    initial = float(trace.losses[0].mean())
    taus = [_first_step_below(trace.losses, e * initial) for e in epsilons]
    details = {"m_min": widths, "tau_min": taus}
    if any(w is None for w in widths) or any(t is None or t == 0 for t in taus):
        return Measurement(float("nan"), None, details)
    details["m_slope"] = E.loglog_slope(epsilons, np.array(widths, float))
    tau_slope = E.loglog_slope(epsilons, np.array(taus, float))
    return Measurement(tau_slope, instance["tau_slope_floor"], details)


def _eps_judge(instance, measurement: Measurement) -> bool:
    """tau_min grows no faster than eps^{-1} (slope >= floor) and the m_min slope lies in [-2, 0]."""
    if not np.isfinite(measurement.measured):
        return False
    return measurement.measured >= measurement.bound and -2.0 <= measurement.details["m_slope"] <= 0.0


def _eps_instance(level):
    return {"eps_rels": [0.5, 0.3, 0.2, 0.15, 0.1], "n": 64, "T": 5, "d": 3, "alpha": 0.5, "nu": 1.0,
            "seeds": 3, "steps": 150, "largest": 256, "teacher_neurons": 4000, "tau_width": 256,
            "tau_steps": 2000, "tau_slope_floor": -1.2}


P12 = Claim(
    id="P12-accuracy-dependence", title="Width and iterations against the accuracy eps",
    statement="At a = 0.5, for eps = eps_rel Rhat(theta(0)), measure m_min(eps) and tau_min(eps) (first step with "
              "median loss <= eps at m = 256); expect the log-log slope of m_min in [-2, 0] and tau_min growing no "
              "faster than 1/eps (slope >= -1.2; F13 gives -1 as a sufficient count).",
    instances=lambda level: [_eps_instance(level)], measure=_eps_measure, judge=_eps_judge,
    tolerance="slopes from 5 accuracies, median of 3 seeds",
    negative_control=lambda level: {**_eps_instance(level), "tau_slope_floor": 0.5},
    strategy=lambda: _width_strategy().map(lambda i: {**i, "eps_rels": [0.6, 0.4, 0.3], "n": 16,
                                                      "tau_width": 32, "tau_steps": 200, "tau_slope_floor": -1.2}),
    bound="tau_req", slow=True, source=_source("P12"))

CLAIMS = (P1, P11, P12)
