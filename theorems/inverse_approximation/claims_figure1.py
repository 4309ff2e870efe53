"""Figure 1 by the paper's protocol: linear RNNs reached by training, E_m(beta) over 10 random draws per beta.

The paper (Fig 1, spec 5.1) reads crossing points beta*_k of neighbouring E_m curves off its figure:
0.11, 0.055, 0.035, 0.016 for (1+t)^-1.1 and about 0.07 for every pair on 0.9^t. Claim
F1-crossings-within-factor-2-of-paper asks whether the paper's protocol, with the details the
paper leaves open filled in by our defaults (trained diagonal models, spectral ball on W only, the
paper's beta grid), lands within a factor 2 of every reading. The report section varies each open
detail one at a time (fit, ball, blocks, beta grid, and the inverse map), so that a miss can be
traced to the detail that moves the reading.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from rnnbounds.theorems.core import Claim, Control, Departure, Design, Level, Measurement, ReportContext, Reproduction, Source
from rnnbounds.theorems.inverse_approximation.experiments import (
    BETA_GRIDS, FIGURE1_BETAS, FIXED_RATE_RANGE, PAPER_CROSSINGS, PAPER_WIDTHS, TRAIN_LEARNING_RATE, TRAIN_STEPS,
    CurveSet, figure1_curves,
)
from rnnbounds.theorems.inverse_approximation.reproductions import PAPER_E0, TARGET_LABEL, _plot_curves
from rnnbounds.theorems.inverse_approximation.statement import PAPER, SPEC

#: the goal set for the reproduction (not the paper's: its readings are by eye): ours / paper in [1/2, 2]
FACTOR = 2.0
#: independent families (own training starts and perturbation draws) and how many must land within FACTOR
FAMILIES = {"quick": 3, "full": 11}
REQUIRED = {"quick": 3, "full": 9}
#: the control's reference readings: the paper's times 2 x 2.2, so any ours within FACTOR of the paper
#: has ours / reference <= 2 / 4.4 = 0.45, 10% below the window's lower edge 1/2
CONTROL_SCALE = 4.4
#: families per setting in the report's variation table
VARIATION_FAMILIES = {"quick": 1, "full": 5}

#: each open detail varied alone: name -> (target -> settings of figure1_curves)
VARIATIONS: dict[str, Callable[[str], dict[str, Any]]] = {
    "paper protocol (our defaults)": lambda target: {},
    "fit = free-rate": lambda target: {"fit": "free-rate"},
    "fit = fixed-basis": lambda target: {"fit": "fixed-basis"},
    "fit = trained, 500 Adam steps": lambda target: {"train_steps": 500},
    "fit = trained, stopped at the paper's E_m(0)": lambda target: {"stop_errors": PAPER_E0[target]},
    "ball = linf": lambda target: {"ball": "linf"},
    "blocks = all": lambda target: {"blocks": "all"},
    "grid = half-step (5e-4 2^(k/2))": lambda target: {"betas": BETA_GRIDS["half-step"]},
    "grid = cut at k <= 11": lambda target: {"betas": BETA_GRIDS["cut-k<=11"]},
    "inverse, inverse-map = repo-discrete": lambda target: {"parameterization": "inverse", "inverse_map": "repo-discrete"},
    "inverse, inverse-map = continuous": lambda target: {"parameterization": "inverse", "inverse_map": "continuous"},
    "inverse, inverse-map = stablessm-best": lambda target: {"parameterization": "inverse",
                                                             "inverse_map": "stablessm-best"},
}


def _src(locator: str, section: str) -> Source:
    return Source(PAPER, locator, f"{SPEC} {section}")


def within_factor(ratio: float, factor: float = FACTOR) -> bool:
    """1/factor <= ratio <= factor (a NaN ratio, no crossing, is outside)."""
    return bool(np.isfinite(ratio) and 1.0 / factor <= ratio <= factor)


def figure1_families(target: str, families: int, rng: np.random.Generator, **setting: Any) -> list[CurveSet]:
    """``families`` independent runs of figure1_curves (each its own trained models and draws)."""
    return [figure1_curves(target, child, **setting) for child in rng.spawn(families)]


def median_crossings(crossings: np.ndarray) -> np.ndarray:
    """Median over families (axis 0) of the crossings that exist; NaN where no family has one: (K-1,)."""
    crossings = np.atleast_2d(np.asarray(crossings, dtype=float))
    return np.array([np.median(col[np.isfinite(col)]) if np.any(np.isfinite(col)) else np.nan for col in crossings.T])


def _clean(values) -> list[float | None]:
    return [None if not np.isfinite(x) else float(x) for x in np.asarray(values, dtype=float).ravel()]


def _measure_f1(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    runs = figure1_families(instance["target"], instance["families"], rng)
    crossings = np.array([run.crossings for run in runs])
    reference = np.array(PAPER_CROSSINGS[instance["target"]]) * instance["reference_scale"]
    ratios = crossings / reference[None, :]
    counts = [int(sum(within_factor(r) for r in ratios[:, k])) for k in range(ratios.shape[1])]
    median = median_crossings(crossings)
    return Measurement(float(min(counts)), float(instance["required"]), {
        "crossings": [_clean(row) for row in crossings], "median": _clean(median),
        "median_factor": _clean(median / reference), "within_factor_counts": counts,
        "E0": [_clean(run.curves[:, 0]) for run in runs]})


def _judge_f1(instance: dict[str, Any], meas: Measurement) -> bool:
    """Every crossing k lands within FACTOR of the reference in at least ``required`` families."""
    return min(meas.details["within_factor_counts"]) >= instance["required"]


def _f1_instance(target: str, level: Level, scale: float = 1.0) -> dict[str, Any]:
    return {"target": target, "families": FAMILIES[level], "required": REQUIRED[level], "reference_scale": scale}


def _binomial_tail(n: int, k: int) -> float:
    """P(Bin(n, 1/2) >= k)."""
    from math import comb

    return sum(comb(n, j) for j in range(k, n + 1)) / 2.0**n


def _f1_design(level: Level) -> Design:
    n, k = FAMILIES[level], REQUIRED[level]
    return Design(
        instances=2, seeds=n,
        statistic=f"per target and crossing k: families (of {n}) with beta*_k within a factor {FACTOR:g} of the paper",
        threshold=f"at least {k} of {n} for every k and both targets",
        error=_binomial_tail(n, k),
        error_meaning=("P(passes | one crossing lands within the factor in only half of the families); the other "
                       "error is large: were every crossing within the factor in 90% of families, all 8 would pass "
                       "with chance about 0.47 (0.91^8)"),
        method=f"binomial tail P(Bin({n}, 1/2) >= {k}), independent families",
        thresholds={"factor": FACTOR, "families": float(n), "required": float(k)})


def _f1_strategy() -> Any:
    from hypothesis import strategies as st

    return st.builds(lambda target: _f1_instance(target, "quick"), st.sampled_from(["exp", "pol"]))


F1_FAILURE = (
    "measured at the full level, seed 0 (11 families of trained models, 10 draws per beta, spectral ball on W, the "
    "paper's grid): families within a factor 2 of the paper, per crossing, pol 4, 1, 0, 1 of 11 and exp 1, 0, 1, 0 "
    "of 11 (9 required); median crossings pol 0.064, 0.256, 0.002, 0.002 against 0.11, 0.055, 0.035, 0.016 "
    "(factors 0.58, 4.7, 0.057, 0.13) and exp 0.001, 0.004, 0.008, 0.0005 against 0.07 (factors 0.014 to 0.11). "
    "Median E_m(0): pol 0.018, 0.0034, 0.00077, 0.00074, 0.00025 (paper 0.09, 0.022, 0.012, 0.007, 0.003) and exp "
    "9e-5 to 3.5e-4 (paper 0.3 to 0.0017): our trained models fit 5 to 3000 times better than the paper's. In the "
    "report's variation table (5 families per setting, full level, seed 0) training stopped at the paper's E_m(0) "
    "puts 4 of the 8 median crossings within a factor 2, every other detail varied (free-rate or fixed-basis fit, "
    "500 steps, linf ball, all blocks, half-step or cut grid) 0 to 2 of 8; so the fit's accuracy is the detail most "
    "responsible, and the misses left with it (exp 6->8 and 8->14 by 3.7 and 7.3, pol 8->14 by 4) are not "
    "explained by any detail varied")

F1 = Claim(
    id="F1-crossings-within-factor-2-of-paper",
    title="Figure 1 by the paper's protocol: every crossing point within a factor 2 of the paper's reading",
    statement=("Given linear RNNs W = -diag(lambda), U, c trained (Adam, least squares on t = 1..100) on 0.9^t and "
               "(1+t)^-1.1 for m = 2, 4, 6, 8, 14, and E_m(beta) = max over 10 random perturbations of W in a spectral "
               "ball of radius beta (running max, beta in {0} U {5e-4 2^k : k <= 20}), measure the crossing points "
               "beta*_k of neighbouring curves in independent families; expect each within a factor 2 of the paper's "
               "Fig 1 readings (pol 0.11, 0.055, 0.035, 0.016; exp 0.07 for every pair) in at least 9 of 11 families."),
    instances=lambda level: [_f1_instance("pol", level), _f1_instance("exp", level)],
    measure=_measure_f1, judge=_judge_f1,
    tolerance=f"ours / paper in [1/{FACTOR:g}, {FACTOR:g}] for every crossing in >= 9 of 11 families (full level)",
    design=_f1_design,
    controls=(
        Control(lambda level: _f1_instance("pol", level, CONTROL_SCALE),
                crosses="the factor-2 window around the reference readings",
                distance=(f"reference = the paper's readings x {CONTROL_SCALE:g}: a crossing within a factor 2 of the "
                          "paper has ours / reference <= 0.45, 10% below the window's edge 1/2")),
    ),
    departures=(
        Departure("protocol", spec="least-squares fits of rho by c^T e^{Wt} U; the basis and eigenvalues not given "
                  "(spec 5.1, 8.1)", ours=(f"diagonal W trained in log-rate coordinates by Adam, lr "
                                           f"{TRAIN_LEARNING_RATE:g}, {TRAIN_STEPS} full-batch steps, seeded random "
                                           "start (option fit = trained)"),
                  why="the paper's models are fitted, not free-rate optima; its training procedure is not given"),
        Departure("protocol", spec="which parameters move and in which norm: not stated (spec 8.4)",
                  ours="W only, spectral ball (options blocks = recurrent, ball = spectral); sup error on t = 1..100",
                  why="the theorem's mechanism is an eigenvalue of W crossing 0; the report varies both"),
        Departure("criterion", spec="P7: crossings decreasing in k (pol), all within a factor ~2 of each other (exp)",
                  ours=f"every crossing within a factor {FACTOR:g} of the paper's own readings (the issue's goal)",
                  why="this claim tests the reproduction of Figure 1's numbers; P7's ordering criteria are the claims "
                      "P7-crossing-points-move-left and P7-crossings-decrease-in-every-family"),
        Departure("statistic", spec="one figure, crossings read by eye",
                  ours=f"{FAMILIES['full']} independent families; a count of families within a factor {FACTOR:g}",
                  why="one family's crossings depend on its training start and draws; a count states its error"),
    ),
    strategy=_f1_strategy, source=_src("Fig 1 (a), (b); App D", "§5.1, §7 P7, §8.1, §8.4"), slow=True,
    known_failure=F1_FAILURE,
)

CLAIMS = (F1,)


# -- report section ------------------------------------------------------------------------------

def _fmt(x: Any) -> str:
    """3 significant digits; '-' for no value (no crossing), 'inf' for a model that overflowed."""
    if x is None or np.isnan(x):
        return "-"
    return "inf" if np.isinf(x) else f"{x:.3g}"


def _reading(runs: list[CurveSet], target: str) -> dict[str, np.ndarray]:
    crossings = np.array([run.crossings for run in runs])
    median = median_crossings(crossings)
    ratios = crossings / np.array(PAPER_CROSSINGS[target])[None, :]
    counts = np.array([sum(within_factor(r) for r in ratios[:, k]) for k in range(ratios.shape[1])])
    return {"median": median, "factor": median / np.array(PAPER_CROSSINGS[target]), "counts": counts,
            "E0": np.median([run.curves[:, 0] for run in runs], axis=0),
            "peak": float(np.median([np.max(run.curves[:, -1]) for run in runs]))}


def variation_readings(level: str, seed: int) -> dict[str, dict[str, dict[str, np.ndarray] | str]]:
    """setting -> target -> reading (median crossings, factors, counts, median E_m(0)), or the error message
    of a setting whose map cannot represent a fitted rate."""
    families = VARIATION_FAMILIES[level]
    out: dict[str, dict[str, dict[str, np.ndarray] | str]] = {}
    for number, (name, setting) in enumerate(VARIATIONS.items()):
        out[name] = {}
        for target in ("pol", "exp"):
            rng = np.random.default_rng(seed + 100 + number)
            try:
                out[name][target] = _reading(figure1_families(target, families, rng, **setting(target)), target)
            except ValueError as error:
                out[name][target] = f"not representable: {error}"
    return out


def _in_window(read: dict[str, np.ndarray]) -> int:
    return int(sum(within_factor(x) for x in read["factor"]))


def _variation_rows(readings: dict[str, dict[str, Any]]) -> list[str]:
    rows = ["| setting | target | median beta*_k (k = 1..4) | factor ours / paper | medians within 2 | "
            "median E_m(0) (m = 2..14) | largest E_m at the largest beta |", "|---|---|---|---|---|---|---|"]
    for name, per_target in readings.items():
        for target, read in per_target.items():
            if isinstance(read, str):
                rows.append(f"| {name} | {target} | {read} | | | | |")
                continue
            rows.append(f"| {name} | {target} | {', '.join(_fmt(x) for x in read['median'])} | "
                        f"{', '.join(_fmt(x) for x in read['factor'])} | {_in_window(read)} of 4 | "
                        f"{', '.join(_fmt(x) for x in read['E0'])} | {_fmt(read['peak'])} |")
    return rows


def _variation_summary(readings: dict[str, dict[str, Any]]) -> str:
    scores = {name: sum(_in_window(r) for r in per.values() if not isinstance(r, str)) for name, per in readings.items()}
    best = max(scores, key=scores.get)
    direct = [n for n in scores if not n.startswith("inverse")]
    return (f"Medians within a factor 2, of 8 (both targets): " + "; ".join(f"{n}: {scores[n]}" for n in direct)
            + f". Most: {best} ({scores[best]} of 8).")


def render_figure_1_protocol(ctx: ReportContext) -> str:
    import matplotlib.pyplot as plt

    runs = {t: figure1_families(t, FAMILIES[ctx.level], np.random.default_rng(ctx.seed + 50)) for t in ("exp", "pol")}
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, (target, found) in zip(axes, runs.items()):
        _plot_curves(ax, found[0], f"rho = {TARGET_LABEL[target]}: trained, 10 draws per beta (family 1)")
        for beta in set(PAPER_CROSSINGS[target]):
            ax.axvline(beta, color="r", ls=":", lw=0.8)
    path = ctx.save_figure(fig, "figure-1-protocol")
    lines = [f"![Figure 1 by the paper's protocol]({path})", "",
             f"Models reached by training (option fit = trained: W = -diag(lambda), U, c by Adam, lr "
             f"{TRAIN_LEARNING_RATE:g}, {TRAIN_STEPS} steps, seeded random start), E_m(beta) = max over 10 random "
             "perturbations of W in a spectral ball (no structured direction, no ascent; running max over beta), beta "
             f"in {{0}} U {{5e-4 2^k : k <= 20}}, sup error on t = 1..100; {FAMILIES[ctx.level]} families, level "
             f"{ctx.level}, seed {ctx.seed}. Dotted red: the paper's crossings.", "",
             "| target | pair | paper beta*_k | ours (median) | factor ours / paper | families within 2 |",
             "|---|---|---|---|---|---|"]
    readings = {t: _reading(found, t) for t, found in runs.items()}
    for target, read in readings.items():
        for k in range(len(PAPER_WIDTHS) - 1):
            lines.append(f"| {TARGET_LABEL[target]} | {PAPER_WIDTHS[k]} -> {PAPER_WIDTHS[k + 1]} | "
                         f"{PAPER_CROSSINGS[target][k]} | {_fmt(read['median'][k])} | {_fmt(read['factor'][k])} | "
                         f"{int(read['counts'][k])} of {FAMILIES[ctx.level]} |")
    lines += ["", "| target | m | E_m(0) paper | ours (median) | factor ours / paper |", "|---|---|---|---|---|"]
    for target, read in readings.items():
        for k, m in enumerate(PAPER_WIDTHS):
            lines.append(f"| {TARGET_LABEL[target]} | {m} | {PAPER_E0[target][k]} | {_fmt(read['E0'][k])} | "
                         f"{_fmt(read['E0'][k] / PAPER_E0[target][k])} |")
    lines += ["", f"Each open detail varied alone ({VARIATION_FAMILIES[ctx.level]} families per setting; fixed-basis "
              f"rates: geometric grid {FIXED_RATE_RANGE[0]:g} .. {FIXED_RATE_RANGE[1]:g}; the inverse rows perturb the raw "
              "w of W = diag(g(w)) with the map the option names):", ""]
    readings = variation_readings(ctx.level, ctx.seed)
    lines += _variation_rows(readings) + ["", _variation_summary(readings)]
    lines += ["", "Reading. A crossing is where the perturbation error of the wider model overtakes the fit error of the "
              "narrower one, so it moves with E_m(0) and with each model's spectrum; our trained models reach E_m(0) "
              "well below the paper's (table above), and their E_m(0) need not fall with m, which puts a crossing at "
              "the first grid point. The row 'stopped at the paper's E_m(0)' trains until the paper's fit error is "
              "reached: it isolates the fit's accuracy from the other details. The per-family crossings scatter over "
              "orders of magnitude (see the claim's record), so a median of a few families moves by grid steps from "
              "seed to seed (the claim F1, at another seed, records its own medians). Under a stable map (inverse rows) "
              "no eigenvalue crosses 0, so E_m stays finite at the largest beta (last column; the direct rows overflow "
              "there), and the three inverse maps give different E_m(beta). 0.9^t with free rates: every width fits exactly "
              "(E_m(0) at rounding level), so that panel is degenerate; trained and fixed-basis models are not exact."]
    return "\n".join(lines) + "\n"


REPRODUCTIONS = (
    Reproduction("figure-1-protocol", "Figure 1 by the paper's protocol: trained models, 10 random draws per beta",
                 render_figure_1_protocol, slow=True),
)
