"""P3: the ALS19 forward and backward bounds, measured against their printed forms at growing L.

At random initialization (W, A ~ N(0, 2/m), m = 16 L^2, unit tokens), for every network, sequence and
step (spec sec. 4.1-4.2, F10-F11):

    (1 - 1/(4L))^l <= ||h_{l+1}|| <= 2l + 4             ALS19 Lemma B.3, l = 0..L-1
    ||D_{l2} W ... D_{l1} W||_2 <= c L^3                 ALS19 Lemma B.11 (c not given; judged at c = 1)
    ||D_{l2} W ... D_{l1} W z|| <= (1 + 1/L)^(l2-l1+1)   ALS19 Claim B.12, a fixed unit z

Spectral norms of the products over every window 1 <= l1 <= l2 <= L come from power iteration on
matrix-vector products (30 iterations, never forming the m x m product); it approaches the norm from
below, which the L^3 bound's slack (two orders of magnitude, reported as c) makes immaterial.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.concepts import sample_sequences, unit_directions
from rnnbounds.numerics.elman_rnn import ElmanParams, forward, init_elman
from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement
from rnnbounds.theorems.ntk_generalization.bounds import BOUNDS_BY_NAME
from rnnbounds.theorems.ntk_generalization.bounds_generalization import PROD_DW_VECTOR
from rnnbounds.theorems.ntk_generalization.designs import all_draws_design
from rnnbounds.theorems.ntk_generalization.sources import ALS19, source

POWER_ITERATIONS = 30
#: ours: the unstated constant of ||prod D W|| <= c L^3, judged at the modest c = 1 (spec P3: "record c")
C_PROD = 1.0
P3_BREAK_RATE = 0.05
#: the chance that an instance drawn from the strategy (L in {2, 3}, m = 16 L^2, 2 networks, one sequence) breaks
#: although the bounds hold w.h.p.: measured 78 of 6000 draws at L = 2 and 3 of 3000 at L = 3 (every one on the lower
#: bound at l = 1); the one-sided 95% Clopper-Pearson bound of the worse cell, L = 2, is 0.0157
DRAWN_BREAK_RATE = 0.016


def _apply(W: np.ndarray, D: np.ndarray, v: np.ndarray, transpose: bool = False) -> np.ndarray:
    """D_{l2} W ... D_{l1} W v (or its transpose), W (E, m, m), D (E, k, m) active masks, v (E, m)."""
    steps = range(D.shape[1]) if not transpose else reversed(range(D.shape[1]))
    for step in steps:
        if transpose:
            v = np.einsum("eji,ej->ei", W, D[:, step] * v)
        else:
            v = D[:, step] * np.einsum("eij,ej->ei", W, v)
    return v


def window_norm(W: np.ndarray, D: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """||D_k W ... D_1 W||_2 for each of E networks by power iteration on P^T P, shape (E,)."""
    v = unit_directions(rng, (W.shape[0],), W.shape[1])
    norm = np.zeros(W.shape[0])
    for _ in range(POWER_ITERATIONS):
        u = _apply(W, D, v)
        norm = np.linalg.norm(u, axis=1)
        v = _apply(W, D, u / np.maximum(norm, 1e-300)[:, None], transpose=True)
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-300)
    return norm


def _product_ratios(params: ElmanParams, D: np.ndarray, L: int, rng: np.random.Generator) -> tuple[float, float]:
    """max over windows of ||prod D W||_2 and of ||prod D W z|| / (1 + 1/L)^window for a fixed unit z."""
    z = unit_directions(rng, (params.ensemble,), params.width)
    largest, vector = 0.0, 0.0
    for first in range(L):
        for last in range(first, L):
            window = D[:, first:last + 1]
            largest = max(largest, float(np.max(window_norm(params.W, window, rng))))
            growth = np.linalg.norm(_apply(params.W, window, z), axis=1)
            limit = PROD_DW_VECTOR.evaluate(L=L, ell=last - first + 1)
            vector = max(vector, float(np.max(growth / limit)))
    return largest, vector


def measure_als19(instance: dict, rng: np.random.Generator) -> Measurement:
    """Worst ratios of the measured norms to each ALS19 bound over networks, sequences, steps and windows."""
    L, E = instance["L"], instance["ensemble"]
    width = int(round(instance["width_factor"] * L * L))
    params = init_elman(rng, E, width, instance["d"])
    scale = np.sqrt(instance["gain"])
    params = ElmanParams(W=scale * params.W, A=scale * params.A, b=params.b)
    X = sample_sequences(rng, instance["sequences"], L, instance["d"])
    trace = forward(params, X)
    hidden = np.linalg.norm(trace.hidden[:, :, 1:], axis=-1)          # ||h_{l+1}||, l = 0..L-1
    ell = np.arange(L, dtype=float)
    lower = BOUNDS_BY_NAME["hnorm_lower"].evaluate(L=L, ell=ell)
    upper = BOUNDS_BY_NAME["hnorm_upper"].evaluate(ell=ell)
    first = instance.get("first_step", 1)
    worst_product, worst_vector = 0.0, 0.0
    for b in range(X.shape[0]):
        product, vector = _product_ratios(params, trace.preact[:, b] > 0, L, rng)
        worst_product, worst_vector = max(worst_product, product), max(worst_vector, vector)
    prod_bound = BOUNDS_BY_NAME["prod_DW_norm"].evaluate(c_prod=instance.get("c_prod", C_PROD), L=L)
    lower_ratio = hidden[..., first:] / lower[first:]
    details = {"width": width, "upper_ratio_max": float(np.max(hidden / upper)),
               "lower_ratio_min": float(np.min(lower_ratio)) if lower_ratio.size else float("inf"),
               "first_step_below_one": float(np.mean(hidden[..., 0] < 1.0)),
               "first_step_min": float(np.min(hidden[..., 0])), "prod_norm_max": worst_product,
               "c_measured": worst_product / L**3, "prod_ratio_max": worst_product / prod_bound,
               "vector_ratio_max": worst_vector}
    return Measurement(measured=worst_product, bound=prod_bound, details=details)


def judge_als19(instance: dict, measurement: Measurement) -> bool:
    """Every ratio on the bound's side: upper <= 1, lower >= 1, product <= 1 (the fixed-vector ratio is
    judged by P3-als19-fixed-vector, as a share)."""
    d = measurement.details
    return d["upper_ratio_max"] <= 1.0 and d["lower_ratio_min"] >= 1.0 and d["prod_ratio_max"] <= 1.0


def _instance(L: int, level: str, **overrides) -> dict:
    return {"L": L, "width_factor": 16.0, "d": 4, "ensemble": 4 if level == "quick" else 16, "sequences": 2,
            "gain": 1.0, "first_step": 1, **overrides}


def _instances(level: str) -> list[dict]:
    return [_instance(L, level) for L in ((2, 4) if level == "quick" else (2, 3, 4, 6, 8))]


def _design(level: str, instances=_instances) -> Design:
    chosen = instances(level)
    draws = sum(i["ensemble"] * i["sequences"] for i in chosen)
    return all_draws_design(draws, len(chosen), P3_BREAK_RATE,
                            "worst ratio of measured norm to each ALS19 bound over steps and windows",
                            "every (network, sequence) on the bound's side of each of the four bounds",
                            {"c_prod": C_PROD, "width_factor": 16.0, "break_rate": P3_BREAK_RATE})


def _strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"L": st.integers(2, 3), "width_factor": st.just(16.0), "d": st.integers(2, 4),
                                  "ensemble": st.just(2), "sequences": st.just(1), "gain": st.just(1.0),
                                  "first_step": st.just(1)})


ALS19_BOUNDS = Claim(
    id="P3-als19-bounds",
    title="ALS19 forward and backward bounds at random initialization (m = 16 L^2)",
    statement="With m = 16 L^2 and unit tokens, measure ||h_{l+1}|| at every step and ||D W ... D W||_2 over every "
              "window; expect (1 - 1/(4L))^l <= ||h_{l+1}|| for l >= 1, ||h_{l+1}|| <= 2l + 4 and ||prod D W||_2 <= "
              "c L^3 with c = 1, on every network and sequence; record c and the slack.",
    instances=_instances, measure=measure_als19, judge=judge_als19,
    tolerance="every ratio on its bound's side (power-iteration norms, 30 iterations)",
    design=_design,
    controls=(
        Control(lambda level: _instance(4, "quick", c_prod=0.01),
                crosses="the product bound c L^3 at c = 0.01 instead of 1, alone",
                distance="0.01 L^3 = 0.64 at L = 4, below the measured ||prod D W||_2 ~ 4.8 and above no other edge"),
        Control(lambda level: _instance(4, "quick", gain=0.5),
                crosses="W, A ~ N(0, 2/m) (He scale), from below: the lower bound (1 - 1/(4L))^l from l = 1",
                distance="variance 0.5 x 2/m, 11% below the mean-field edge g (1 + g) = (15/16)^2 (g = 0.56) at "
                         "which ||h_2|| meets 15/16 (L = 4)")),
    departures=(
        Departure("scope", spec="P3: (1 - 1/(4L))^l <= ||h_{l+1}|| at every l = 0..L-1",
                  ours="the lower bound is judged from l = 1; l = 0 (||h_1|| >= 1) is claim P3-als19-first-step",
                  why="at l = 0 the printed bound reads ||relu(A x_1)|| >= 1, which fails on about half of the "
                      "networks (a finding, reported by that claim)"),
        Departure("criterion", spec="P3: ||prod D W||_2 <= c L^3 with a modest c (record c)",
                  ours="judged at c = 1; the measured c = max ||prod D W||_2 / L^3 reported",
                  why="ALS19 gives no constant; c = 1 is the modest choice"),
        Departure("grid", spec="P3: growing L", ours="L in {2, 4} (quick), {2, 3, 4, 6, 8} (full)",
                  why="the window norms cost L^3 m^2 per network; m = 16 L^2 = 1024 at L = 8"),
        Departure("criterion",
                  spec="sec. 4.1 (ALS19 Lemma B.3), §6 P3: the bounds at every l, w.p. >= 1 - exp(-Omega(m/L^2))",
                  ours=f"an instance drawn from the strategy (L in {{2, 3}}, 2 networks, one sequence) may break at the "
                       f"declared rate {DRAWN_BREAK_RATE}: the test suite counts its drawn failures against that rate "
                       f"(binomial tail) instead of refusing any; the verdict here still needs every draw to hold",
                  why="at m = 16 L^2 that failure probability is a constant. Declared after a run of the default suite "
                      "drew L = 2, d = 3 with ||h_2|| at 0.914 of 7/8. Measured then on fresh seeds: 78 of 6000 draws at "
                      "L = 2 and 3 of 3000 at L = 3 broke, each on the lower bound at l = 1 (min ratio 0.70). That is "
                      "0.65% per (network, sequence) at L = 2, so the all-must-hold verdict fails on a true instance "
                      "with chance about 5% at the quick level (8 draws at L = 2) and about 20% at the full level "
                      "(32 at L = 2, with 1.6% more from L = 3)")),
    strategy=_strategy, drawn_break_rate=DRAWN_BREAK_RATE, bound="prod_DW_norm",
    source=source(ALS19, "Lemma B.3, Lemma B.11, Claim B.12", "sec. 4.1-4.2 F10-F11, §6 P3"),
)


def _first_instances(level: str) -> list[dict]:
    return [_instance(L, level, first_step=0) for L in ((2, 4) if level == "quick" else (2, 4, 8))]


ALS19_FIRST_STEP = Claim(
    id="P3-als19-first-step",
    title="ALS19 Lemma B.3's lower bound at its first step: ||h_1|| >= (1 - 1/(4L))^0 = 1",
    statement="The same measurement as P3-als19-bounds with the lower bound also judged at l = 0, as the spec "
              "prints it (l = 0..L-1).",
    instances=_first_instances, measure=measure_als19, judge=judge_als19,
    tolerance="every ratio on its bound's side, the lower bound from l = 0",
    design=lambda level: _design(level, _first_instances),
    controls=(Control(lambda level: _instance(4, "quick", gain=0.5, first_step=0),
                      crosses="W, A ~ N(0, 2/m) (He scale), from below: the lower bound",
                      distance="variance 0.5 x 2/m (||h_1||^2 -> 0.5)"),),
    departures=(
        Departure("scope", spec="ALS19: ||x_1|| = 1 with a bias coordinate [x_1]_d = 1/sqrt 2",
                  ours="unit tokens without a bias coordinate", why="the toolkit's unit-token convention (P1, P9)"),),
    known_failure="||h_1|| < 1 on 75% (L = 2) and 62.5% (L = 4) of 4 networks x 2 sequences at m = 16 L^2, min "
                  "||h_1|| = 0.755 and 0.947 (quick level, check seed 0); a pilot with 8 networks x 4 sequences gave 34%, "
                  "41%, 47% at L = 2, 4, 8 (min 0.68, 0.90, 0.95). ||relu(A x_1)||^2 has mean ||x_1||^2 = 1, so the "
                  "printed (1 - 1/(4L))^l at l = 0 cannot hold w.h.p.; from l = 1 the bound holds (P3-als19-bounds); "
                  "ALS19's exact form at l = 0 is to be checked against the paper",
    strategy=_strategy, bound=None,
    source=source(ALS19, "Lemma B.3 (lower bound at l = 0)", "sec. 4.1 F10, §6 P3"),
)


#: the spec's P1-style allowance for a w.h.p. statement at m = 16 L^2: at most 5% of networks outside
VECTOR_MAX_SHARE_OUTSIDE = 0.05
VECTOR_ENSEMBLE = 64
VECTOR_BREAK_RATE = 0.15


def measure_fixed_vector(instance: dict, rng: np.random.Generator) -> Measurement:
    """Share of E networks (one sequence, one fixed unit z each) whose worst window breaks (1 + 1/L)^window."""
    L, E = instance["L"], instance["ensemble"]
    width = int(round(instance["width_factor"] * L * L))
    params = init_elman(rng, E, width, instance["d"])
    scale = np.sqrt(instance["gain"])
    params = ElmanParams(W=scale * params.W, A=scale * params.A, b=params.b)
    D = forward(params, sample_sequences(rng, 1, L, instance["d"])).preact[:, 0] > 0
    z = unit_directions(rng, (E,), width)
    worst = np.zeros(E)
    for first in range(L):
        for last in range(first, L):
            growth = np.linalg.norm(_apply(params.W, D[:, first:last + 1], z), axis=1)
            worst = np.maximum(worst, growth / PROD_DW_VECTOR.evaluate(L=L, ell=last - first + 1))
    return Measurement(measured=float(np.mean(worst > 1.0)), bound=VECTOR_MAX_SHARE_OUTSIDE,
                       details={"width": width, "ratio_max": float(np.max(worst)),
                                "ratio_median": float(np.median(worst))})


def judge_fixed_vector(instance: dict, measurement: Measurement) -> bool:
    """At most 5% of networks with a window above (1 + 1/L)^window."""
    return measurement.measured <= VECTOR_MAX_SHARE_OUTSIDE


def _vector_instance(L: int, **overrides) -> dict:
    return {"L": L, "width_factor": 16.0, "d": 4, "ensemble": VECTOR_ENSEMBLE, "gain": 1.0, **overrides}


def _vector_instances(level: str) -> list[dict]:
    return [_vector_instance(L) for L in ((2, 4) if level == "quick" else (2, 3, 4, 6, 8))]


def _vector_design(level: str) -> Design:
    from rnnbounds.theorems.ntk_generalization.designs import allowed_count, chance_share_at_most

    miss = chance_share_at_most(VECTOR_ENSEMBLE, VECTOR_MAX_SHARE_OUTSIDE, VECTOR_BREAK_RATE)
    allowed = allowed_count(VECTOR_ENSEMBLE, VECTOR_MAX_SHARE_OUTSIDE)
    return Design(instances=len(_vector_instances(level)), seeds=VECTOR_ENSEMBLE,
                  statistic="share of E = 64 networks whose worst window has ||prod D W z|| > (1 + 1/L)^window",
                  threshold="<= 0.05", error=miss,
                  error_meaning=f"P(an instance passes | its outside rate is {VECTOR_BREAK_RATE:.0%}, 3x the allowed 5%)",
                  method=f"binomial tail P(Bin({VECTOR_ENSEMBLE}, {VECTOR_BREAK_RATE}) <= {allowed})",
                  thresholds={"max_share_outside": VECTOR_MAX_SHARE_OUTSIDE, "width_factor": 16.0,
                              "break_rate": VECTOR_BREAK_RATE})


def _vector_strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"L": st.integers(2, 3), "width_factor": st.just(16.0), "d": st.integers(2, 4),
                                  "ensemble": st.just(VECTOR_ENSEMBLE), "gain": st.just(1.0)})


ALS19_FIXED_VECTOR = Claim(
    id="P3-als19-fixed-vector",
    title="ALS19 Claim B.12: a fixed vector grows by at most (1 + 1/L) per step of D W",
    statement="With m = 16 L^2 and unit tokens, for a fixed unit z and every window l1..l2, measure "
              "||D_l2 W ... D_l1 W z||; expect it <= (1 + 1/L)^(l2 - l1 + 1) on every window for at least 95% of "
              "E = 64 networks.",
    instances=_vector_instances, measure=measure_fixed_vector, judge=judge_fixed_vector,
    tolerance="at most 3 of 64 networks with a window above the bound",
    design=_vector_design,
    controls=(Control(lambda level: _vector_instance(4, gain=1.75),
                      crosses="W, A ~ N(0, 2/m) (He scale), from above",
                      distance="variance 1.75 x 2/m, 12% above the mean-field edge (1 + 1/L)^2 = 1.5625 at L = 4: "
                               "per-step growth sqrt(1.75) = 1.32 against 1.25"),),
    departures=(
        Departure("criterion", spec="ALS19 Claim B.12: w.p. >= 1 - exp(-Omega(m/L^2)), every window",
                  ours="at most 5% of networks with a window above the bound (spec P1's allowance)",
                  why="at m = 16 L^2 the failure probability is a constant: 1 of 64 networks broke at L = 4 "
                      "(worst ratio 1.018), 0 of 64 at L = 2, 3, 6 (seed 7); an all-must-hold check measured 1 break "
                      "in 8 networks at L = 3 (ratio 1.01)"),),
    strategy=_vector_strategy, bound="prod_DW_vector",
    source=source(ALS19, "Claim B.12", "sec. 4.2, §6 P3"),
)
