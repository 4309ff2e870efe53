"""Claims on stability: P5 (radius <= spectral gap for diagonal linear RNNs), P6 (the fitted gap
vanishes for polynomial memory), P7 (crossing points move left), P8 (stable reparameterizations,
an implementation check: the maps are negative by construction)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from rnnbounds.numerics import kernels
from rnnbounds.numerics.activations import IDENTITY
from rnnbounds.numerics.ctrnn import RNNWeights, residual_rnn
from rnnbounds.numerics.exponential_fit import fit_exponential_sums
from rnnbounds.numerics.memory import impulse_inputs
from rnnbounds.numerics.reparameterization import reparameterization
from rnnbounds.numerics.teachers import random_orthogonal
from rnnbounds.theorems.core import Claim, ClaimKind, Control, Departure, Design, Level, Measurement, Source
from rnnbounds.theorems.core.statistics import chance_all_pass, fit_slope
from rnnbounds.theorems.inverse_approximation.bounds import DIAGONAL_BLOWUP, EULER_STABILITY, SPECTRAL_ABSCISSA
from rnnbounds.theorems.inverse_approximation.experiments import FIT_GRID, perturbation_curves, target_kernel
from rnnbounds.theorems.inverse_approximation.statement import PAPER, SPEC

#: the false-pass chance of an all-must-hold check is stated against this fraction of instances breaking
BREAK_RATE = 0.1


def _src(locator: str, section: str) -> Source:
    return Source(PAPER, locator, f"{SPEC} {section}")


def _all_hold_design(networks: int, statistic: str, threshold: str, thresholds: dict[str, float]) -> Design:
    """An all-must-hold check over ``networks`` independent draws: false pass (1 - BREAK_RATE)^n."""
    return Design(instances=networks, seeds=1, statistic=statistic, threshold=threshold,
                  error=chance_all_pass(networks, BREAK_RATE),
                  error_meaning=f"P(passes | the prediction breaks on {BREAK_RATE:.0%} of random networks)",
                  method=f"(1 - rate)^n over n = {networks} independent networks, all must hold",
                  thresholds=thresholds)


# -- P5: E(beta) bounded iff beta < min active rate ------------------------------------------------

#: bounded branch: growth rate <= BOUNDED_GROWTH |beta - beta_crit| (rounding of the log-ratio only)
BOUNDED_GROWTH = 1e-6
#: unbounded branch: |growth / (beta - beta_crit) - 1| <= GROWTH_TOLERANCE
GROWTH_TOLERANCE = 0.05
P5_ENSEMBLES = {"quick": (18, 12), "full": (18, 12)}


def _horizon_errors(rates: np.ndarray, coeffs: np.ndarray, beta: np.ndarray, horizons: np.ndarray) -> np.ndarray:
    """E_T = max_{t <= T} |rho_beta(t) - rho(t)| for rates shifted by beta: (E,) networks x (E, 3) horizons."""
    out = np.empty(horizons.shape)
    for k in range(rates.shape[0]):
        t = np.linspace(0.0, horizons[k, -1], 6001)
        gap = np.abs(np.exp(np.outer(t, beta[k] - rates[k])) @ coeffs[k] - np.exp(-np.outer(t, rates[k])) @ coeffs[k])
        out[k] = [gap[t <= h].max() for h in horizons[k]]
    return out


def predicted_growth(beta: np.ndarray, critical: np.ndarray) -> np.ndarray:
    """d/dT log of the ``diagonal_blowup`` Bound |c| e^{(beta - lambda_min) T}: beta - lambda_min, from the Bound."""
    at = lambda T: DIAGONAL_BLOWUP.evaluate(c_mode=1.0, beta=beta, lambda_min=critical, T=T)
    return np.log(np.asarray(at(2.0)) / np.asarray(at(1.0)))


def _diagonal_networks(instance: dict[str, Any], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Rates at least 30% apart (the slowest mode dominates within the horizons) and signed readouts."""
    e, m = instance["ensemble"], instance["m"]
    rates = rng.uniform(0.05, 0.3, (e, 1)) * np.cumprod(rng.uniform(1.3, 2.5, (e, m)), axis=1) / 1.3
    coeffs = rng.choice([-1.0, 1.0], (e, m)) * rng.uniform(0.2, 2.0, (e, m))
    if instance["dormant"]:
        rates[:, 0], coeffs[:, 0] = 0.5 * rates[:, 1], 0.0
    return rates, coeffs


def _measure_p5(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    rates, coeffs = _diagonal_networks(instance, rng)
    e = rates.shape[0]
    active_min = np.where(coeffs != 0, rates, np.inf).min(axis=1)
    beta = active_min * (1.0 + np.array(instance["offsets"])[np.arange(e) % len(instance["offsets"])])
    critical = active_min if instance["critical"] == "min-active" else rates.min(axis=1)
    critical = critical * instance.get("critical_scale", 1.0)
    delta = predicted_growth(beta, critical)
    horizons = np.outer(20.0 / np.abs(beta - active_min), [1.0, 2.0, 4.0])
    errors = _horizon_errors(rates, coeffs, beta, horizons)
    growth = np.log(errors[:, 2] / errors[:, 1]) / (horizons[:, 2] - horizons[:, 1])
    ok = np.where(delta < 0, growth <= BOUNDED_GROWTH * np.abs(delta), np.abs(growth / delta - 1.0) <= GROWTH_TOLERANCE)
    above = delta > 0
    measured = float(np.max(growth[above])) if np.any(above) else float(np.max(growth))
    bound = float(np.max(delta[above])) if np.any(above) else None
    return Measurement(measured, bound, {
        "beta": beta.tolist(), "critical": critical.tolist(), "growth_rate": growth.tolist(),
        "predicted_growth": delta.tolist(), "ok": ok.tolist()})


def _p5_strategy() -> Any:
    from hypothesis import strategies as st

    offset = st.one_of(st.floats(-0.9, -0.1), st.floats(0.05, 1.0))
    return st.fixed_dictionaries({"m": st.integers(1, 6), "ensemble": st.integers(1, 4), "dormant": st.just(False),
                                  "offsets": st.lists(offset, min_size=1, max_size=4), "critical": st.just("min-active")})


def _p5_instances(level: Level) -> list[dict[str, Any]]:
    plain, dormant = P5_ENSEMBLES[level]
    return [
        {"m": 4, "ensemble": plain, "dormant": False, "offsets": [-0.5, -0.2, 0.1, 0.5], "critical": "min-active"},
        {"m": 5, "ensemble": dormant, "dormant": True, "offsets": [-0.3, 0.3], "critical": "min-active"},
    ]


def _p5_design(level: Level) -> Design:
    return _all_hold_design(
        sum(P5_ENSEMBLES[level]), "per network: growth rate of E_T(beta) between horizons 2T and 4T",
        "beta < beta_crit: growth <= 1e-6 |beta - beta_crit|; beta > beta_crit: within 5% of beta - beta_crit",
        {"growth_tolerance": GROWTH_TOLERANCE, "bounded_growth": BOUNDED_GROWTH, "break_rate": BREAK_RATE})


def _p5_control(offsets: list[float], critical: str, scale: float, dormant: bool) -> Callable[[Level], dict[str, Any]]:
    return lambda level: {"m": 4, "ensemble": 3, "dormant": dormant, "offsets": offsets, "critical": critical,
                          "critical_scale": scale}


P5 = Claim(
    id="P5-radius-below-spectral-gap",
    title="Diagonal linear RNN: E(beta) stays bounded iff beta < min active rate",
    statement=("Given rho_hat(t) = sum_i c_i e^{-lambda_i t} (rates >= 30% apart) with rates shifted lambda_i -> "
               "lambda_i - beta, measure E_T(beta) = max_{t <= T} |rho_beta - rho| on horizons T, 2T, 4T; expect no "
               "growth for beta < beta_crit = min{lambda_i : c_i != 0} and, above it, the growth rate beta - beta_crit "
               "of the diagonal_blowup Bound (within 5%)."),
    instances=_p5_instances, measure=_measure_p5,
    judge=lambda inst, meas: bool(np.all(meas.details["ok"])),
    tolerance="bounded: growth rate <= 1e-6 |beta - beta_crit|; unbounded: |growth / (beta - beta_crit) - 1| <= 0.05",
    design=_p5_design,
    controls=(
        Control(_p5_control([0.5], "min-active", 0.97, False),
                crosses="upper branch: growth = beta - beta_crit within 5% (beta_crit = the slowest active rate)",
                distance="beta_crit placed 3% below the slowest active rate at beta = 1.5 lambda_min: growth judged "
                         "against 0.53 lambda_min, 5.7% off"),
        Control(_p5_control([0.02], "min-active", 1.05, False),
                crosses="beta < beta_crit (the bounded branch)",
                distance="beta = 1.02 lambda_min, 2% past the true radius, judged bounded below a beta_crit placed 5% high"),
        Control(_p5_control([-0.3], "min-all", 1.0, True),
                crosses="beta_crit counts only active modes (c_i != 0)",
                distance="a dormant mode at half the slowest active rate; beta = 0.7 lambda_min is 40% above the "
                         "all-mode minimum", near=False),
    ),
    departures=(Departure("scope", spec="E(beta) bounded on an infinite horizon", ours="growth between horizons 2T and "
                          "4T, T = 20 / |beta - lambda_min|", why="an infinite horizon cannot be simulated; the growth "
                          "rate on 20 e-foldings of the slowest mode separates the two regimes"),),
    strategy=_p5_strategy, bound="diagonal_blowup", source=_src("K4", "§3.5 K4, §7 P5"),
)


# -- P6: lambda_min(m) of the best fits ------------------------------------------------------------

EXPONENTIAL_RATE = float(-np.log(0.9))   # spec P6: "the active rate stays at -ln 0.9 = 0.1054"
RATE_TOLERANCE = 5e-4                    # relative: the precision of the spec's four digits 0.1054
FALL_FACTOR = 0.25                       # vanishing: lambda_min(last) <= FALL_FACTOR lambda_min(first)
ACTIVE_TOL = 1e-6                        # a mode is active when |c_i| > 1e-6 max_j |c_j|
P6_WIDTHS = [1, 2, 4, 6, 8]
P6_SEEDS = {"quick": 1, "full": 3}


def _p6_kernel(instance: dict[str, Any]) -> np.ndarray:
    """exponential: e^{-rate t} + tail (1+t)^-1.1; otherwise target_kernel(target, damping)."""
    if instance["target"] == "exponential":
        return kernels.exponential(FIT_GRID, instance["rate"]) + instance["tail"] * kernels.polynomial(FIT_GRID, 1.1)
    return target_kernel(instance["target"], damping=instance.get("damping", 0.0))


def _measure_p6(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    rho, widths = _p6_kernel(instance), list(instance["widths"])
    runs = [fit_exponential_sums(FIT_GRID, rho, widths, rng=child) for child in rng.spawn(instance["seeds"])]
    gaps = np.array([[fit.active_min_rate(tol=ACTIVE_TOL) for fit in fits] for fits in runs])
    worst = gaps[np.argmax(gaps[:, -1] / gaps[:, 0])]
    bound = float(SPECTRAL_ABSCISSA.evaluate(beta0=instance["predicted_rate"])) if instance["expect"] == "bounded" else None
    return Measurement(float(worst[-1]), bound, {
        "widths": widths, "lambda_min": worst.tolist(), "lambda_min_per_fit": gaps.tolist(),
        "max_error": [[fit.max_error for fit in fits] for fits in runs]})


def gap_prediction_holds(instance: dict[str, Any], gaps: np.ndarray, predicted: float | None) -> bool:
    """bounded: lambda_min(m) = the spectral_abscissa bound beta0 within RATE_TOLERANCE at every m;
    vanishing: strictly decreasing and down to FALL_FACTOR lambda_min(first width)."""
    gaps = np.asarray(gaps, dtype=np.float64)
    if instance["expect"] == "bounded":
        return bool(np.all(np.abs(gaps / predicted - 1.0) <= RATE_TOLERANCE))
    return bool(np.all(np.diff(gaps) < 0) and gaps[-1] <= FALL_FACTOR * gaps[0])


def _judge_p6(instance: dict[str, Any], meas: Measurement) -> bool:
    return all(gap_prediction_holds(instance, row, meas.bound) for row in meas.details["lambda_min_per_fit"])


def _p6_exponential(widths: list[int], seeds: int, rate: float = EXPONENTIAL_RATE, tail: float = 0.0) -> dict[str, Any]:
    return {"target": "exponential", "rate": rate, "tail": tail, "widths": widths, "seeds": seeds,
            "expect": "bounded", "predicted_rate": EXPONENTIAL_RATE}


def _p6_polynomial(target: str, widths: list[int], seeds: int, damping: float = 0.0) -> dict[str, Any]:
    return {"target": target, "damping": damping, "widths": widths, "seeds": seeds, "expect": "vanishing"}


def _p6_instances(level: Level) -> list[dict[str, Any]]:
    seeds = P6_SEEDS[level]
    found = [_p6_exponential(P6_WIDTHS[:4], seeds), _p6_polynomial("pol", P6_WIDTHS, seeds)]
    return found + ([_p6_polynomial("pol15", P6_WIDTHS, seeds), _p6_polynomial("repo", P6_WIDTHS, seeds)]
                    if level == "full" else [])


def _p6_design(level: Level) -> Design:
    return Design(
        instances=len(_p6_instances(level)), seeds=P6_SEEDS[level],
        statistic="lambda_min(m), the smallest active rate of the best m-term fit, for every fit",
        threshold=("bounded: |lambda_min(m) / (-ln 0.9) - 1| <= 5e-4 at every m; vanishing: strictly decreasing and "
                   "lambda_min(8) <= lambda_min(1) / 4"),
        error=0.0, error_meaning="none: the fits are a fixed computation given the seed",
        method=("deterministic; the only randomness, the optimizer's random starts, leaves lambda_min(m <= 8) the same "
                "to four digits across seeds"),
        thresholds={"predicted_rate": EXPONENTIAL_RATE, "rate_tolerance": RATE_TOLERANCE, "fall_factor": FALL_FACTOR,
                    "active_tol": ACTIVE_TOL, "grid_first": float(FIT_GRID[0]), "grid_last": float(FIT_GRID[-1]),
                    "max_width": float(P6_WIDTHS[-1])})


def _p6_strategy() -> Any:
    from hypothesis import strategies as st

    return st.one_of(
        st.fixed_dictionaries({"target": st.just("exponential"), "rate": st.just(EXPONENTIAL_RATE), "tail": st.just(0.0),
                               "widths": st.sampled_from([[1, 2], [1, 3], [2, 4]]), "seeds": st.just(1),
                               "expect": st.just("bounded"), "predicted_rate": st.just(EXPONENTIAL_RATE)}),
        st.fixed_dictionaries({"target": st.sampled_from(["pol", "pol15"]), "damping": st.just(0.0),
                               "widths": st.just([1, 2, 4, 6]), "seeds": st.just(1), "expect": st.just("vanishing")}))


P6 = Claim(
    id="P6-fitted-gap-vanishes-for-polynomial-memory",
    title="Best exponential fits: lambda_min(m) -> 0 for polynomial memory, constant for 0.9^t",
    statement=("Given best m-term exponential fits (free rates, variable projection) on t = 1..100, m = 1, 2, 4, 6, 8, "
               "measure the smallest active rate lambda_min(m); expect lambda_min = -ln 0.9 (the spectral_abscissa "
               "bound beta0) at every m for 0.9^t, and a strictly decreasing lambda_min, down at least 4x, for "
               "(1+t)^-1.1 (and, at the full level, (1+t)^-1.5 and (1+0.1t)^-1.1)."),
    instances=_p6_instances, measure=_measure_p6, judge=_judge_p6,
    tolerance=("bounded: |lambda_min(m) / (-ln 0.9) - 1| <= 5e-4; vanishing: strictly decreasing, last <= first / 4; "
               "for every fit"),
    design=_p6_design,
    controls=(
        Control(lambda level: _p6_exponential([1, 2], 1, rate=EXPONENTIAL_RATE * (1 + 1e-3)),
                crosses="upper edge of the bounded window, lambda_min / (-ln 0.9) - 1 <= 5e-4",
                distance="target rate (1 + 1e-3)(-ln 0.9): twice the tolerance above"),
        Control(lambda level: _p6_exponential([1, 2], 1, rate=EXPONENTIAL_RATE * (1 - 1e-3)),
                crosses="lower edge of the bounded window, lambda_min / (-ln 0.9) - 1 >= -5e-4",
                distance="target rate (1 - 1e-3)(-ln 0.9): twice the tolerance below"),
        Control(lambda level: _p6_exponential([1, 2, 4], 1, tail=1e-4),
                crosses="exponentially decaying memory (the bounded branch's hypothesis)",
                distance="0.9^t + 1e-4 (1+t)^-1.1: a polynomial tail four decades below the kernel"),
        Control(lambda level: _p6_polynomial("repo", P6_WIDTHS, 1, damping=0.01),
                crosses="polynomial memory (the vanishing branch's hypothesis): fall to a quarter",
                distance=("(1+0.1t)^-1.1 e^{-0.01 t}: memory exponential at rate 0.01; lambda_min(8) / lambda_min(1) "
                          "= 0.265, 6% above 1/4 (at rate 0.008 it is 0.243 and passes: the resolution on t <= 100)")),
        Control(lambda level: _p6_polynomial("pol", [1, 2, 4, 4, 6, 8], 1),
                crosses="strict decrease of lambda_min (vanishing branch)",
                distance="width 4 twice: one step of exactly 0, the fall (0.03) still below 1/4", near=False),
    ),
    departures=(
        Departure("grid", spec="m = 1, 2, 4, 6, 8, 14", ours="m <= 8",
                  why="at m = 14 fits of equal accuracy put lambda_min anywhere from 1e-5 to 0.6 (finding "
                      "fit-spectral-gap-at-14 of linear-curse-of-memory, the same fits of the same target)"),
        Departure("criterion", spec="vanishing: lambda_min strictly decreasing", ours="and lambda_min(8) <= "
                  "lambda_min(1) / 4", why="strict decrease alone allows a positive limit; the spec's own values fall "
                  "34x by m = 8; 4x is what (1+0.1t)^-1.1 reaches on t <= 100 (8.7x measured)"),
        Departure("criterion", spec="bounded: stays at -ln 0.9 = 0.1054", ours="within 5e-4 relative at every m",
                  why="the spec gives four digits; an earlier version compared with lambda_min(1) instead of -ln 0.9"),
        Departure("scope", spec="rho = (1+t)^-1.1 and 0.9^t", ours="also (1+t)^-1.5 and (1+0.1t)^-1.1 at the full level",
                  why="the polynomial targets of §5.2 and of the repository (§6.2), checked the same way"),
    ),
    strategy=_p6_strategy, bound="spectral_abscissa",
    source=_src("Fig 1 mechanism, Sec 3.4", "§4, §7 P6"),
)


# -- P7: crossing points move left with m (polynomial memory) -------------------------------------

P7_WIDTHS = [2, 4, 6, 8]
#: quick: 3 families; with 2 the pooled interval missed the decrease for 1 of 12 seeds (seed 46: one family
#: swapped a crossing by a grid step), with 3 for none of 102 seeds
P7_FAMILIES = {"quick": 3, "full": 8}
P7_SAMPLING = {"quick": (4, 1), "full": (10, 2)}   # (random directions, gradient-ascent steps)
#: the slope of log2 beta*_k on k must have its 95% interval below this (decreasing crossings)
SLOPE_CEILING = 0.0
SLOPE_CONFIDENCE = 0.95
#: the per-family check's false-pass chance is stated at this break rate; measured: 2 of 12 families drawn with
#: default_rng(0..11) swap the 4->6 and 6->8 crossings by one grid step, 0 of 17 spawned from seed 0
FAMILY_BREAK_RATE = 1.0 / 6.0
EVERY_FAMILY_COUNT = 17


def crossing_families(instance: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    """beta*_k for ``families`` independent fitted families (own fit starts and perturbation draws): (F, K-1)."""
    rows = []
    for child in rng.spawn(instance["families"]):
        curves = perturbation_curves(instance["target"], tuple(instance["widths"]), child, samples=instance["samples"],
                                     ascent_steps=instance["ascent_steps"], damping=instance.get("damping", 0.0))
        rows.append(np.asarray(curves.crossings, dtype=float))
    return np.array(rows)


def _measure_p7(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    crossings = crossing_families(instance, rng)
    details: dict[str, Any] = {"crossings": [[None if not np.isfinite(x) else float(x) for x in row] for row in crossings],
                               "decreasing_per_family": [bool(np.all(np.diff(row) < 0)) for row in crossings]}
    if not np.all(np.isfinite(crossings)) or crossings.size < 3:
        return Measurement(float("inf"), None, {**details, "finite": False})
    k = np.broadcast_to(np.arange(crossings.shape[1], dtype=float), crossings.shape).ravel()
    fit = fit_slope(k, np.log2(crossings).ravel(), SLOPE_CONFIDENCE)
    return Measurement(fit.slope, None, {**details, "finite": True, "slope": fit.to_json()})


def _judge_p7(instance: dict[str, Any], meas: Measurement) -> bool:
    """Crossings exist for every pair and the slope of log2 beta*_k on k is resolved below SLOPE_CEILING."""
    return bool(meas.details["finite"]) and meas.details["slope"]["high"] < SLOPE_CEILING


def _p7_instance(level: Level, damping: float = 0.0, widths: list[int] = P7_WIDTHS) -> dict[str, Any]:
    samples, ascent = P7_SAMPLING[level]
    return {"target": "pol", "damping": damping, "widths": widths, "families": P7_FAMILIES[level],
            "samples": samples, "ascent_steps": ascent}


def _p7_design(level: Level) -> Design:
    families = P7_FAMILIES[level]
    return Design(
        instances=families, seeds=families,
        statistic="OLS slope of log2 beta*_k on k, pooled over the families' crossings (k = 0, 1, 2)",
        threshold="95% interval of the slope entirely below 0 (crossings decrease with m)",
        error=(1.0 - SLOPE_CONFIDENCE) / 2.0,
        error_meaning="P(passes | slope >= 0, the crossings do not move left)",
        method=("one-sided end of a two-sided 95% t-interval (independent families; the three crossings of a family "
                "share one fit)"),
        thresholds={"slope_ceiling": SLOPE_CEILING, "confidence": SLOPE_CONFIDENCE, "families": float(families),
                    "max_width": float(P7_WIDTHS[-1])})


def _p7_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"target": st.just("pol"), "damping": st.just(0.0), "widths": st.just(P7_WIDTHS),
                                  "families": st.just(P7_FAMILIES["quick"]), "samples": st.just(P7_SAMPLING["quick"][0]),
                                  "ascent_steps": st.just(1)})


P7 = Claim(
    id="P7-crossing-points-move-left",
    title="Perturbation curves of fits to polynomial memory: crossing points move left with m",
    statement=("Given E_m(beta) of linear RNNs fitted to (1+t)^-1.1 (m = 2, 4, 6, 8; W perturbed in a spectral ball, "
               "sup error on t = 1..100, random directions + W + beta I + gradient ascent), measure the crossing points "
               "beta*_k (smallest beta > 0 with E_{m_{k+1}} >= E_{m_k}) of several independent fitted families; "
               "expect them to decrease in k: the slope of log2 beta*_k on k, pooled, resolved below 0."),
    instances=lambda level: [_p7_instance(level)], measure=_measure_p7, judge=_judge_p7,
    tolerance="every crossing exists and the 95% interval of the slope of log2 beta*_k on k lies below 0",
    design=_p7_design,
    controls=(
        Control(lambda level: _p7_instance(level, damping=0.01),
                crosses="polynomial (not exponentially decaying) memory",
                distance="(1+t)^-1.1 e^{-0.01 t}: memory exponential at rate 0.01 (e^{-1} at t = 100); the fitted "
                         "gap stays >= 0.016 and the crossings stop moving (at rate 0.005 they still fall: "
                         "the resolution)"),
    ),
    departures=(
        Departure("statistic", spec="beta*_k decreasing in k (one family, Figs 1b, 2)",
                  ours="slope of log2 beta*_k on k pooled over 3 (quick) or 8 (full) families, 95% interval below 0",
                  why=("on the factor-2 beta grid, 2 of 29 families measured swap the 4->6 and 6->8 crossings by one "
                       "grid step (0.004, 0.008); a pooled statistic states its error; the per-family reading is claim "
                       "P7-crossings-decrease-in-every-family")),
        Departure("grid", spec="m = 2, 4, 6, 8, 14; beta = 5e-4 2^k, k <= 20", ours="m <= 8; k <= 11 (beta <= 1)",
                  why="the fit at m = 14 is not determined (finding fit-spectral-gap-at-14 of linear-curse-of-memory); "
                      "every crossing lies below 0.1"),
        Departure("scope", spec="for an exponential target all beta*_k lie within a factor ~2",
                  ours="not a paper claim: an implementation test (tests/test_inverse_approximation.py)",
                  why=("0.9^t is fitted exactly by every width with one active mode, so E_m(0) is at rounding level, the "
                       "'crossings' sit at the first grid point and mean nothing; the test checks the exact fits and the "
                       "error along W + beta I")),
        Departure("protocol", spec="10 perturbation samples per beta", ours="quick: 4 random directions and 1 ascent "
                  "step; full: 10 and 2; plus the structured direction W + beta I",
                  why="the structured direction is the worst case for a diagonal W; the quick level stays fast"),
    ),
    strategy=_p7_strategy, source=_src("Figs 1, 2", "§5.1, §7 P7"),
)


def _every_family_design(level: Level) -> Design:
    return Design(
        instances=EVERY_FAMILY_COUNT, seeds=EVERY_FAMILY_COUNT,
        statistic="per family: beta*_k strictly decreasing in k (the spec's literal reading)",
        threshold="strictly decreasing in every family",
        error=float((1.0 - FAMILY_BREAK_RATE) ** EVERY_FAMILY_COUNT),
        error_meaning=f"P(every family holds | families break at the measured rate {FAMILY_BREAK_RATE:.2g})",
        method=f"(1 - rate)^n over n = {EVERY_FAMILY_COUNT} families with independent fits and perturbations",
        thresholds={"families": float(EVERY_FAMILY_COUNT), "max_width": float(P7_WIDTHS[-1])})


P7_EVERY_FAMILY = Claim(
    id="P7-crossings-decrease-in-every-family",
    title="Crossing points of polynomial-memory fits decrease strictly in every fitted family",
    statement=("Given 17 independent fitted families of P7 ((1+t)^-1.1, m = 2, 4, 6, 8, 4 random directions and one "
               "ascent step), measure the crossing points beta*_k of each; expect, as spec P7 reads for one family, "
               "beta*_k strictly decreasing in k in every family."),
    instances=lambda level: [{**_p7_instance("quick"), "families": EVERY_FAMILY_COUNT}],
    measure=_measure_p7,
    judge=lambda inst, meas: bool(meas.details["finite"]) and all(meas.details["decreasing_per_family"]),
    tolerance="strictly decreasing crossings in each of the 17 families",
    design=_every_family_design,
    controls=(Control(lambda level: {**_p7_instance("quick", damping=0.01), "families": 2},
                      crosses="polynomial (not exponentially decaying) memory",
                      distance="(1+t)^-1.1 e^{-0.01 t}: memory exponential at rate 0.01"),),
    strategy=_p7_strategy, slow=True, source=_src("Figs 1, 2", "§5.1, §7 P7"),
)


# -- P8 (implementation): stable reparameterizations stay Hurwitz; the Euler step needs dt g < 2 ---

def _measure_p8(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    e, m, beta, dt = instance["ensemble"], instance["m"], instance["beta"], instance["dt"]
    g = reparameterization(instance["map"])
    w = rng.standard_normal((e, m))
    push = rng.standard_normal((e, m))
    w_perturbed = w + beta * push / np.max(np.abs(push), axis=1, keepdims=True)  # the repository's l_inf ball
    q = random_orthogonal(rng, e, m) if instance["basis"] == "orthogonal" else np.broadcast_to(np.eye(m), (e, m, m))
    eigen = g(w_perturbed)
    W = np.einsum("eji,ej,ejk->eik", q, eigen, q)
    gap = -np.linalg.eigvalsh(0.5 * (W + np.swapaxes(W, 1, 2))).max(axis=1)
    W = W + (instance.get("shift_by_gap", 0.0) * gap)[:, None, None] * np.eye(m)
    abscissa = np.linalg.eigvalsh(0.5 * (W + np.swapaxes(W, 1, 2))).max(axis=1)
    g_max = np.max(np.abs(np.linalg.eigvalsh(0.5 * (W + np.swapaxes(W, 1, 2)))), axis=1)
    predicted = dt < instance.get("rule_scale", 1.0) * np.asarray(EULER_STABILITY.evaluate(g_max=g_max))
    simulated = _euler_decays(W, dt)
    return Measurement(float(abscissa.max()), 0.0, {
        "max_abscissa": float(abscissa.max()), "euler_predicted_stable": predicted.tolist(),
        "euler_simulated_stable": simulated.tolist(), "euler_agrees": bool(np.all(predicted == simulated)),
        "euler_unstable_networks": int(np.sum(~simulated))})


def _euler_decays(W: np.ndarray, dt: float) -> np.ndarray:
    """Whether the residual linear RNN h <- h + dt (W h + U x) is stable, read off the simulation.

    Impulses x_0 = e_j / dt (U = I) put h_1 = e_j; the simulated h_2 are then the columns of the
    one-step map A = I + dt W, and the network forgets its input iff the spectral radius of A is < 1.
    """
    e, m, _ = W.shape
    weights = RNNWeights(W, np.broadcast_to(np.eye(m), (e, m, m)), np.zeros((e, m)), np.ones((e, m)))
    path = residual_rnn(weights, IDENTITY, impulse_inputs(np.eye(m) / dt, 2), dt)
    transition = np.swapaxes(path[:, :, 1, :], 1, 2)  # column j = h_2 from h_1 = e_j
    return np.max(np.abs(np.linalg.eigvals(transition)), axis=1) < 1.0


def _p8_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({
        "map": st.sampled_from(["exp", "softplus", "best"]), "m": st.integers(1, 6), "ensemble": st.integers(1, 6),
        "beta": st.floats(0.0, 5.0), "dt": st.sampled_from([0.1, 0.5, 1.0]),
        "basis": st.sampled_from(["diagonal", "orthogonal"])})


def _p8_control(**changes: Any) -> Callable[[Level], dict[str, Any]]:
    return lambda level: {"map": "exp", "m": 6, "ensemble": 20, "beta": 0.5, "dt": 1.0, "basis": "orthogonal", **changes}


P8 = Claim(
    id="P8-stable-reparameterization",
    title="W = Q^T diag(g(w)) Q stays Hurwitz under any perturbation of w for g = exp, softplus, best",
    statement=("Given raw w ~ N(0, 1), perturbations of size beta (per-tensor l_inf, up to 5) and g in {exp, softplus, "
               "best}, measure max Re lambda(W); expect < 0. Also check (not assume) that the residual Euler RNN with "
               "linear sigma forgets an impulse iff dt < 2 / g_max (the euler_step Bound). An implementation check: "
               "the maps are negative by construction, so the first half cannot fail for a correct map."),
    instances=lambda level: [
        {"map": g, "m": 6, "ensemble": 20, "beta": beta, "dt": 1.0, "basis": b}
        for g in ("exp", "softplus", "best") for beta, b in ((0.5, "diagonal"), (5.0, "orthogonal"))
    ],
    measure=_measure_p8, judge=lambda inst, meas: meas.measured < 0 and bool(meas.details["euler_agrees"]),
    tolerance="max Re lambda(W) < 0 for every network; Euler prediction dt < 2 / g_max = simulation for every network",
    kind=ClaimKind.IMPLEMENTATION,
    controls=(
        Control(_p8_control(shift_by_gap=1.01),
                crosses="perturbations act on the raw w, not on W (W + beta I with beta past the gap)",
                distance="W shifted by 1.01 times its own spectral gap: abscissa +0.01 gap"),
        Control(_p8_control(ensemble=200, rule_scale=1.05),
                crosses="Euler stability iff dt < 2 / g_max (the rule's edge)",
                distance="rule taken 5% too generous (dt < 2.1 / g_max): wrong on networks with dt g_max in (2, 2.1)"),
        Control(_p8_control(map="direct"), crosses="a stable map g into Hurwitz matrices",
                distance="the direct map g(w) = w, w ~ N(0, 1)", near=False),
    ),
    strategy=_p8_strategy, bound="euler_step", source=_src("Sec 3.4, eq 16; repository residual RNN", "§4, §6.3, §7 P8"),
)

CLAIMS = (P5, P6, P7, P7_EVERY_FAMILY, P8)
