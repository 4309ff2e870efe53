"""P1-P2: forward stability of the ReLU Elman RNN at random initialization and its width threshold."""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.forward_stability import fraction_outside, hidden_norm_ratios
from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement
from rnnbounds.theorems.ntk_generalization.bounds import HNORM2_MEANFIELD
from rnnbounds.theorems.ntk_generalization.designs import chance_share_at_least, chance_share_at_most
from rnnbounds.theorems.ntk_generalization.measurements import hidden_norms_squared
from rnnbounds.theorems.ntk_generalization.sources import ALS19, DERIVATION, source

#: spec sec. 6 P1: median of rho in [0.8, 1.2], at least 95% of networks with rho in [0.5, 2], m >= 16 L^2
MEDIAN_WINDOW = (0.8, 1.2)
BAND = (0.5, 2.0)
MIN_SHARE_INSIDE = 0.95
WIDTH_FACTOR = 16.0
AL19_EPS = 0.1
#: the per-network outside rate against which P1's share test states its false-pass chance (3x the allowed 5%)
P1_BREAK_RATE = 0.15
P1_ENSEMBLE = 64


def meanfield_norm(instance: dict) -> float:
    """sum_l ||X_l||^2 from the F13 bound r^2 L: unit tokens r = 1; AL19 tokens 1 + (L - 1) eps^2."""
    L = instance["L"]
    if instance["normalization"] == "al19":
        return float(HNORM2_MEANFIELD.evaluate(tok_norm=1.0, L=1)
                     + HNORM2_MEANFIELD.evaluate(tok_norm=AL19_EPS, L=L - 1))
    return float(HNORM2_MEANFIELD.evaluate(tok_norm=1.0, L=L))


def measure_forward(instance: dict, rng: np.random.Generator) -> Measurement:
    """Median of rho = ||h_L||^2 / F13(L) over E networks at m = width_factor L^2, and the share in [0.5, 2]."""
    L = instance["L"]
    width = int(round(instance["width_factor"] * L * L))
    norms = hidden_norms_squared(rng, L, width, instance["d"], instance["ensemble"], gain=instance.get("gain", 1.0),
                                 normalization=instance["normalization"], eps=AL19_EPS)
    ratios = norms / meanfield_norm(instance)
    inside = float(np.mean((ratios >= BAND[0]) & (ratios <= BAND[1])))
    median = float(np.median(ratios))
    return Measurement(measured=median, bound=1.0,
                       details={"width": width, "share_inside": inside, "q10": float(np.quantile(ratios, 0.1)),
                                "q90": float(np.quantile(ratios, 0.9)), "meanfield_norm": meanfield_norm(instance)})


def judge_forward(instance: dict, measurement: Measurement) -> bool:
    """Median in [0.8, 1.2]; for unit tokens also >= 95% inside [0.5, 2] (the spec's P1 band is stated
    for unit tokens only; under AL19 tokens it predicts the median 1 + (L-1) eps^2 alone)."""
    median_ok = MEDIAN_WINDOW[0] <= measurement.measured <= MEDIAN_WINDOW[1]
    if instance["normalization"] == "al19":
        return median_ok
    return median_ok and measurement.details["share_inside"] >= MIN_SHARE_INSIDE


def _forward_instance(L: int, normalization: str = "none", **overrides) -> dict:
    return {"L": L, "width_factor": WIDTH_FACTOR, "d": 8, "ensemble": P1_ENSEMBLE, "normalization": normalization,
            "gain": 1.0, **overrides}


def _forward_instances(level: str) -> list[dict]:
    steps = [3, 4, 6, 8] if level == "quick" else [3, 4, 6, 8, 12]
    return [_forward_instance(L) for L in steps] + [_forward_instance(6, "al19")]


def _forward_design(level: str) -> Design:
    unit = len(_forward_instances(level)) - 1
    miss = chance_share_at_most(P1_ENSEMBLE, 1 - MIN_SHARE_INSIDE, P1_BREAK_RATE)
    return Design(
        instances=unit + 1, seeds=P1_ENSEMBLE, statistic="median of rho over E networks; share of rho in [0.5, 2]",
        threshold="median in [0.8, 1.2]; share inside >= 0.95 (unit tokens)", error=miss,
        error_meaning=f"P(a unit-token instance passes | its outside rate is {P1_BREAK_RATE:.0%}, 3x the allowed 5%)",
        method=f"binomial tail P(Bin({P1_ENSEMBLE}, {P1_BREAK_RATE}) <= 3); the median sits 10x its spread from "
               "either edge (q10-q90 of rho within [0.8, 1.25] at these widths)",
        thresholds={"median_low": MEDIAN_WINDOW[0], "median_high": MEDIAN_WINDOW[1], "band_low": BAND[0],
                    "band_high": BAND[1], "min_share_inside": MIN_SHARE_INSIDE, "width_factor": WIDTH_FACTOR,
                    "break_rate": P1_BREAK_RATE})


def _forward_strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"L": st.integers(3, 6), "width_factor": st.just(WIDTH_FACTOR), "d": st.integers(2, 8),
                                  "ensemble": st.just(P1_ENSEMBLE), "gain": st.just(1.0),
                                  "normalization": st.sampled_from(["none", "al19"])})


FORWARD_NORM = Claim(
    id="P1-forward-norm",
    title="Hidden norm accumulates the token norms when m >= 16 L^2",
    statement="Given unit tokens (or AL19 tokens ||X_1|| = 1, ||X_l|| = 0.1) and m = 16 L^2, measure "
              "rho = ||h_L||^2 / F13 (the mean field r^2 L, summed over tokens) over E = 64 random networks; "
              "expect the median in [0.8, 1.2] and, for unit tokens, at least 95% of networks with rho in [0.5, 2].",
    instances=_forward_instances, measure=measure_forward, judge=judge_forward,
    tolerance="median in [0.8, 1.2], and for unit tokens >= 95% of E = 64 networks inside [0.5, 2] (at most 3 outside)",
    design=_forward_design,
    controls=(
        Control(lambda level: _forward_instance(8, gain=0.93),
                crosses="W, A ~ N(0, 2/m) (He scale), from below: the median's lower edge 0.8, alone",
                distance="variance 0.93 x 2/m (7% below); mean field sum_j 0.93^j / 8 = 0.73 (L = 8)"),
        Control(lambda level: _forward_instance(8, gain=1.07),
                crosses="W, A ~ N(0, 2/m) (He scale), from above: the median's upper edge 1.2, alone",
                distance="variance 1.07 x 2/m (7% above); mean field 1.37 (L = 8)"),
        Control(lambda level: _forward_instance(8, width_factor=2.0),
                crosses="m >= 16 L^2: the share edge (>= 95% inside [0.5, 2]) alone, the median staying inside",
                distance="m = 2 L^2 = 128 at L = 8, a factor 8 below 16 L^2 and 2 below the measured edge "
                         "(outside share 0.055 at m = 4 L^2, 0.18 at 2 L^2; median 0.93)"),
        Control(lambda level: _forward_instance(8, "al19", gain=1.07),
                crosses="the AL19-token branch of the judge (median only), via the He scale",
                distance="variance 1.07 x 2/m with AL19 tokens; mean field 1.69")),
    departures=(
        Departure("grid", spec="P1: any L with m >= 16 L^2",
                  ours="L in {3, 4, 6, 8} (quick), {3, 4, 6, 8, 12} (full); drawn instances L in 3..6",
                  why="at L = 2 (m = 64) the outside rate measured 0.039 (78 of 2000 networks), inside the spec's 5% "
                      "but too near it to be resolved by any feasible ensemble; an earlier version hid L < 4 behind "
                      "a width floor m >= 256, now removed (m = 16 L^2 exactly)"),
        Departure("scope", spec="P1: the band [0.5, 2] is stated for unit tokens",
                  ours="AL19 tokens are judged by the median alone",
                  why="under AL19 tokens the spec predicts only the value 1 + (L-1) eps^2; one token carries the norm, "
                      "so the share outside is larger (0.054 at L = 3, 0.027 at L = 4-5, 2000 networks)")),
    strategy=_forward_strategy, bound="hnorm2_meanfield",
    source=source(DERIVATION, "mean field; ALS19 Lemma B.3 for the probability", "sec. 4.1, §6 P1"),
)


# -- P2 -------------------------------------------------------------------------------------------------

#: spec sec. 6 P2: share outside <= 0.1 for L^2/m <= 0.25 and >= 0.5 for L^2/m >= 4
STABLE_LIMIT, STABLE_EDGE = 0.1, 0.25
UNSTABLE_LIMIT, UNSTABLE_EDGE = 0.5, 4.0
P2_ENSEMBLE = 400
#: break rates against which P2 states its false-pass chance: 0.15 at a stable point, 0.4 at an unstable one
P2_STABLE_BREAK, P2_UNSTABLE_BREAK = 0.15, 0.4


def outside_share(rng: np.random.Generator, L: int, ratio: float, dim: int, ensemble: int) -> float:
    """Share of E networks with rho outside [0.5, 2] at m = round(L^2 / ratio)."""
    width = max(2, int(round(L * L / ratio)))
    return fraction_outside(hidden_norm_ratios(rng, L, width, dim, ensemble), *BAND)


def measure_threshold(instance: dict, rng: np.random.Generator) -> Measurement:
    """Outside shares at each judged stable and unstable L^2/m; measured = worst stable share."""
    L, d, E = instance["L"], instance["d"], instance["ensemble"]
    stable = [outside_share(rng, L, r, d, E) for r in instance["stable_ratios"]]
    unstable = [outside_share(rng, L, r, d, E) for r in instance["unstable_ratios"]]
    return Measurement(measured=max(stable, default=0.0),
                       details={"stable_ratios": instance["stable_ratios"], "stable_outside": stable,
                                "unstable_ratios": instance["unstable_ratios"], "unstable_outside": unstable})


def judge_threshold(instance: dict, measurement: Measurement) -> bool:
    """Every stable share <= 0.1 and every unstable share >= 0.5."""
    details = measurement.details
    return all(s <= STABLE_LIMIT for s in details["stable_outside"]) and \
        all(s >= UNSTABLE_LIMIT for s in details["unstable_outside"])


def _threshold_instance(L: int, stable=(0.0625, 0.25), unstable=(4.0, 16.0), ensemble: int = P2_ENSEMBLE) -> dict:
    return {"L": L, "d": 8, "ensemble": ensemble, "stable_ratios": list(stable), "unstable_ratios": list(unstable)}


def _threshold_instances(level: str) -> list[dict]:
    return [_threshold_instance(L) for L in ([4] if level == "quick" else [4, 6, 8])]


def _threshold_design(level: str) -> Design:
    stable_miss = chance_share_at_most(P2_ENSEMBLE, STABLE_LIMIT, P2_STABLE_BREAK)
    unstable_miss = chance_share_at_least(P2_ENSEMBLE, UNSTABLE_LIMIT, P2_UNSTABLE_BREAK)
    return Design(
        instances=len(_threshold_instances(level)), seeds=P2_ENSEMBLE,
        statistic="share of E = 400 networks with rho outside [0.5, 2] at L^2/m in {1/16, 1/4} and {4, 16}",
        threshold="<= 0.1 at L^2/m <= 1/4 and >= 0.5 at L^2/m >= 4 (spec P2)", error=max(stable_miss, unstable_miss),
        error_meaning=f"P(a judged point passes | its outside rate is {P2_STABLE_BREAK} at a stable or "
                      f"{P2_UNSTABLE_BREAK} at an unstable L^2/m)",
        method=f"binomial tails P(Bin(400, {P2_STABLE_BREAK}) <= 40), P(Bin(400, {P2_UNSTABLE_BREAK}) >= 200); the larger",
        thresholds={"stable_limit": STABLE_LIMIT, "stable_edge": STABLE_EDGE, "unstable_limit": UNSTABLE_LIMIT,
                    "unstable_edge": UNSTABLE_EDGE, "stable_break": P2_STABLE_BREAK,
                    "unstable_break": P2_UNSTABLE_BREAK})


def _threshold_strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"L": st.integers(6, 8), "d": st.integers(4, 8), "ensemble": st.just(48),
                                  "stable_ratios": st.just([0.0625]), "unstable_ratios": st.just([4.0])})


WIDTH_THRESHOLD = Claim(
    id="P2-width-threshold",
    title="Width threshold near m ~ L^2",
    statement="Fix L and lower m across L^2/m in {1/16, 1/4, 4, 16}; measure the share of E = 400 networks with "
              "rho outside [0.5, 2]; expect <= 0.1 at L^2/m = 1/16 and 1/4, and >= 0.5 at L^2/m = 4 and 16 (spec P2).",
    instances=_threshold_instances, measure=measure_threshold, judge=judge_threshold,
    tolerance="outside share <= 0.1 at L^2/m <= 1/4 and >= 0.5 at L^2/m >= 4, E = 400 networks per point",
    design=_threshold_design,
    controls=(
        Control(lambda level: _threshold_instance(4, stable=(0.5,), unstable=()),
                crosses="the stable edge L^2/m <= 1/4 (share <= 0.1), alone",
                distance="L^2/m = 1/2, one factor 2 in width past 1/4 (outside share 0.26 measured at L = 4)"),
        Control(lambda level: _threshold_instance(4, stable=(), unstable=(1.0,)),
                crosses="the unstable edge L^2/m >= 4 (share >= 0.5), alone",
                distance="L^2/m = 1, a factor 4 in width short of 4 (outside share 0.46 measured at L = 4)")),
    departures=(
        Departure("grid", spec="P2: fix L (the spec's measurements: L = 8..128, m = 1024..8192)",
                  ours="L = 4 (quick), L in {4, 6, 8} (full), L^2/m in {1/16, 1/4, 4, 16}",
                  why="CPU budget; the committed report before this change judged only L^2/m = 1/16 and 4, which "
                      "hid the borderline share at 1/4 (0.13 at L = 4); the spec's point 1/4 is restored"),
        Departure("scope", spec="P2: the claim at every L",
                  ours="drawn instances: L in 6..8, L^2/m = 1/16 and 4 only",
                  why="the drawn-instance test needs instances that hold; at L = 4 and L^2/m = 1/4 the spec's "
                      "criterion fails (the finding)")),
    known_failure="the share outside [0.5, 2] at L^2/m = 1/4 measured 0.125 at L = 4 (50 of 400 networks, "
                  "Clopper-Pearson 95% [0.094, 0.161]) and 0.11 at L = 6 (44 of 400, [0.081, 0.145]) against the "
                  "spec's <= 0.1 (seed 0, full level); 0.055 at L = 8 holds; the unstable side (0.69-0.86 at "
                  "L^2/m = 4, 16) holds everywhere",
    strategy=_threshold_strategy,
    source=source(ALS19, "Lemma B.3 (failure probability exp(-Omega(m/L^2)))", "sec. 4.1, §6 P2"),
)
