"""P8: the kernel norm of an N-variable target f(sum_j beta_j^T X_{l_j}) grows with N and with l_0."""

from __future__ import annotations

import numpy as np

from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement
from rnnbounds.theorems.core.statistics import fit_slope
from rnnbounds.theorems.ntk_generalization.measurements import n_variable_kernel_norm
from rnnbounds.theorems.ntk_generalization.sources import PAPER, source


#: the grid-slope of log v is judged by its 95% interval: its lower end must be above 0 (growth)
P8_CONFIDENCE = 0.95


def measure_n_variable(instance: dict, rng: np.random.Generator) -> Measurement:
    """y^T K^-1 y per seed at each grid point; OLS slope of log v on the grid (pooled seeds) with its interval."""
    values = []
    for value in instance["grid"]:
        count, gap = (value, instance["l0"]) if instance["vary"] == "N" else (instance["N"], value)
        values.append([n_variable_kernel_norm(rng, instance["n"], instance["L"], instance["d"], count, gap,
                                              instance["f"], instance["bnorm"], instance["inert"])
                       for _ in range(instance["seeds"])])
    grid = np.repeat(np.asarray(instance["grid"], float), instance["seeds"])
    fit = fit_slope(grid, np.log(np.asarray(values)).ravel(), P8_CONFIDENCE)
    medians = np.median(values, axis=1)
    return Measurement(measured=fit.slope, details={"grid": instance["grid"], "kernel_norm": medians.tolist(),
                                                    "interval": [fit.low, fit.high],
                                                    "last_over_first": float(medians[-1] / medians[0])})


def judge_n_variable(instance: dict, measurement: Measurement) -> bool:
    """Grows: the lower end of the 95% interval of d log v / d(grid) is above 0."""
    return measurement.details["interval"][0] > 0.0


def _instances(level: str) -> list[dict]:
    base = {"L": 8, "d": 2, "f": "sin", "bnorm": 1.0, "n": 128 if level == "quick" else 512,
            "seeds": 3, "inert": False}
    return [{**base, "vary": "N", "l0": 4, "N": 0, "grid": [2, 3, 4, 5]},
            {**base, "vary": "l0", "N": 2, "l0": 0, "grid": [1, 3, 5, 7]}]


def _strategy():
    from hypothesis import strategies as st

    base = {"L": st.integers(6, 8), "d": st.just(2), "f": st.sampled_from(["sin", "identity", "tanh"]),
            "bnorm": st.floats(0.7, 1.3), "n": st.just(96), "seeds": st.just(2), "inert": st.just(False)}
    by_count = st.fixed_dictionaries({**base, "vary": st.just("N"), "l0": st.just(4), "N": st.just(0),
                                      "grid": st.just([2, 3, 5])})
    # the l_0 branch at the design's own grid and seeds: on [1, 4, 7] x 2 seeds the interval missed
    # the (weaker) growth in l_0 for 5 of 120 seeds (sin, bnorm 1), on [1, 3, 5, 7] x 3 for none of 120
    by_gap = st.fixed_dictionaries({**base, "L": st.just(8), "seeds": st.just(3), "vary": st.just("l0"),
                                    "N": st.just(2), "l0": st.just(0), "grid": st.just([1, 3, 5, 7])})
    return st.one_of(by_count, by_gap)


N_VARIABLE_GROWTH = Claim(
    id="P8-n-variable-growth",
    title="The N-variable kernel norm grows with N and with l_0",
    statement="For sin(sum_j beta_j^T X_{l_j}) with ||beta_j|| = 1 and positions spread over the window "
              "[L - l_0, L], measure y^T K^-1 y for 3 seeds on a grid of N (l_0 = 4 fixed) and of l_0 (N = 2 "
              "fixed); expect the 95% interval of the slope of log v along each grid above 0 (growth, spec P8).",
    instances=_instances, measure=measure_n_variable, judge=judge_n_variable,
    tolerance="lower end of the 95% t-interval of d log v / d N and d log v / d l_0 above 0 (pooled seeds)",
    design=lambda level: Design(
        instances=2, seeds=3, statistic="OLS slope of log y^T K^-1 y on the grid (4 points x 3 seeds)",
        threshold="lower end of the 95% interval > 0", error=(1 - P8_CONFIDENCE) / 2,
        error_meaning="P(an instance passes | the kernel norm does not change along its grid): one-sided miss",
        method="regression t-interval", thresholds={"slope_limit": 0.0, "confidence": P8_CONFIDENCE}),
    controls=(
        Control(lambda level: {**_instances("quick")[0], "inert": True},
                crosses="growth along N: all but the last beta_j set to 0, so the target is the same at every N",
                distance="true slope 0, the null the interval is built against (fails with chance 97.5%)"),
        Control(lambda level: {**_instances("quick")[1], "inert": True},
                crosses="growth along l_0: all but the last beta_j set to 0",
                distance="true slope 0, the null the interval is built against")),
    departures=(
        Departure("criterion", spec="P8: expect M_N to grow with N and with l_0",
                  ours="95% interval of the slope of log v along the grid above 0",
                  why="growth judged by an interval; the committed report before this change asked for "
                      "last/first >= 1.2 with no step falling by more than 5% (medians of 3 seeds)"),
        Departure("scope", spec="P8: targets f(sum_j beta_j^T X_{l_j}), any f",
                  ours="f = sin (drawn: sin, identity, tanh)",
                  why="for the even target z^2 at n = 96 the l_0 ratio last/first was only 1.02-1.06 "
                      "(norm not levelled off), not re-measured under the interval criterion"),
        Departure("scope", spec="P8: polynomial in L when N <= 2 or l_0 <= 2",
                  ours="not judged (L = 8 fixed)", why="CPU budget; an L grid per (N, l_0) is not run")),
    strategy=_strategy,
    source=source(PAPER, "abstract (C4): N-variable class, l_0 = max l_i - min l_i", "sec. 3.3, §6 P8"),
)
