"""P4-P5: finite-width NTK -> the analytic recursion at rate m^{-1/2}; Gram positivity on distinct inputs."""

from __future__ import annotations

import warnings

import numpy as np

from rnnbounds.numerics.concepts import sample_sequences
from rnnbounds.numerics.elman_rnn import init_elman
from rnnbounds.numerics.gram_checks import IllConditionedGramWarning, check_gram
from rnnbounds.numerics.ntk_gram import empirical_ntk
from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk
from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement
from rnnbounds.theorems.core.statistics import fit_slope
from rnnbounds.theorems.ntk_generalization.bounds import NTK_CONCENTRATION
from rnnbounds.theorems.ntk_generalization.designs import all_draws_design, interval_design
from rnnbounds.theorems.ntk_generalization.measurements import loglog_slope
from rnnbounds.theorems.ntk_generalization.sources import ADHLW19, DERIVATION, source

MAX_FLOATS = 2**24


def ntk_relative_errors(rng: np.random.Generator, X: np.ndarray, width: int, ensemble: int,
                        reference: np.ndarray) -> np.ndarray:
    """||Theta_emp/m - reference||_F / ||reference||_F for each of E networks, chunked over E."""
    chunk, errors = max(1, MAX_FLOATS // (width * width)), []
    for start in range(0, ensemble, chunk):
        params = init_elman(rng, min(chunk, ensemble - start), width, X.shape[2])
        difference = empirical_ntk(params, X) / width - reference
        errors.append(np.linalg.norm(difference, axis=(1, 2)) / np.linalg.norm(reference))
    return np.concatenate(errors)


#: the interval level at which a fitted exponent is judged (two instances: 2 x 2.5% = 5% false-fail chance)
P4_CONFIDENCE = 0.975
#: delta at which the Hoeffding bound sqrt(log(2/delta) / (2m)) is evaluated (its m-exponent does not depend on it)
P4_DELTA = 0.05


def declared_exponent(widths: list[int]) -> float:
    """The log-log slope in m of the ntk_concentration Bound over the instance's widths (-1/2 for F9)."""
    values = NTK_CONCENTRATION.evaluate(m=np.asarray(widths, float), delta=P4_DELTA)
    return loglog_slope(widths, values)


def measure_convergence(instance: dict, rng: np.random.Generator) -> Measurement:
    """Median relative error across widths and its log-log slope in m with a t-interval."""
    X = sample_sequences(rng, instance["n"], instance["L"], instance["d"])
    trained = "WA" if instance["reference"] == "recursion-with-A" else "W"
    reference = rnn_ntk(X, trained=trained)
    medians = [float(np.median(ntk_relative_errors(rng, X, m, instance["ensemble"], reference)))
               for m in instance["widths"]]
    fit = fit_slope(np.log(instance["widths"]), np.log(medians), P4_CONFIDENCE)
    declared = declared_exponent(instance["widths"]) + instance.get("exponent_offset", 0.0)
    return Measurement(measured=fit.slope, bound=declared,
                       details={"median_relative_error": medians, "widths": instance["widths"],
                                "interval": [fit.low, fit.high], "declared_exponent": declared})


def judge_convergence(instance: dict, measurement: Measurement) -> bool:
    """The slope's interval contains the declared exponent."""
    low, high = measurement.details["interval"]
    return low <= measurement.details["declared_exponent"] <= high


def _convergence_instance(L: int, level: str, **overrides) -> dict:
    widths = [64, 128, 256, 512, 1024] if level == "quick" else [64, 128, 256, 512, 1024, 2048]
    return {"L": L, "d": 4, "n": 6, "widths": widths, "ensemble": 24, "reference": "recursion", **overrides}


def _convergence_instances(level: str) -> list[dict]:
    return [_convergence_instance(L, level) for L in ((3,) if level == "quick" else (3, 5))]


def _convergence_strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"L": st.integers(2, 4), "d": st.integers(2, 4), "n": st.integers(3, 6),
                                  "widths": st.just([64, 128, 256, 512]), "ensemble": st.just(16),
                                  "reference": st.just("recursion")})


NTK_CONVERGENCE = Claim(
    id="P4-ntk-convergence",
    title="Finite-width NTK converges to the recursion at rate m^{-1/2}",
    statement="Given n unit-token sequences, measure the median over networks of "
              "||Theta_emp/m - Theta_rec/m||_F / ||Theta_rec/m||_F at 5 or more widths; fit its log-log slope in m "
              "and expect its 97.5% interval to contain the m-exponent of the ntk_concentration bound "
              "sqrt(log(2/delta)/(2m)), i.e. -1/2.",
    instances=_convergence_instances, measure=measure_convergence, judge=judge_convergence,
    tolerance="97.5% t-interval of the slope (5-6 widths, medians over E = 24 networks) contains -1/2",
    design=lambda level: interval_design(
        len(_convergence_instances(level)), 24, P4_CONFIDENCE,
        "OLS slope of log median relative error on log m, with its t-interval",
        "interval contains the bound's m-exponent -1/2", {"declared_exponent": -0.5, "confidence": P4_CONFIDENCE}),
    controls=(
        Control(lambda level: _convergence_instance(5, "quick", exponent_offset=0.3),
                crosses="the interval's upper edge: declared exponent -0.2 instead of -1/2",
                distance="offset +0.3, 1.5x the widest 95% half-width seen at 5 widths (0.2)"),
        Control(lambda level: _convergence_instance(5, "quick", exponent_offset=-0.3),
                crosses="the interval's lower edge: declared exponent -0.8 instead of -1/2",
                distance="offset -0.3, 1.5x the widest 95% half-width seen at 5 widths (0.2)"),
        Control(lambda level: _convergence_instance(4, "quick", reference="recursion-with-A"),
                crosses="trained = W: the reference kernel of the W-and-A model",
                distance="reference off by the sum_l <X_l, X'_l> terms; error does not vanish (slope about 0)",
                near=False)),
    departures=(
        Departure("criterion", spec="P4: expect the error to shrink like m^{-1/2}",
                  ours="97.5% interval of the fitted slope contains -1/2",
                  why="an exponent is judged by its interval; the committed report before this change accepted "
                      "any slope in [-0.75, -0.25]"),
        Departure("statistic", spec="P4: |Theta_emp/m - Theta_rec/m| (entrywise)",
                  ours="relative Frobenius error, median over 24 networks",
                  why="one number per width; same m-exponent as the entries")),
    strategy=_convergence_strategy, bound="ntk_concentration",
    drawn_break_rate=1.0 - P4_CONFIDENCE,  # a two-sided 97.5% interval misses the true exponent 2.5% of the time
    source=source(DERIVATION, "NTK recursion; rate from ADHLW19 Lemma 3.1", "sec. 4.5-4.6, §6 P4"),
)


def _sequences_with_duplicate(rng: np.random.Generator, instance: dict) -> np.ndarray:
    X = sample_sequences(rng, instance["n"], instance["L"], instance["d"])
    if instance["duplicate"] == "parallel":
        X[-1] = 2.0 * X[0]
    elif instance["duplicate"] == "identical":
        X[-1] = X[0]
    return X


#: spec sec. 6 P5: lambda_min > 0; numerically a relative least eigenvalue above 1e-9 (singular rounds to ~1e-16)
RELATIVE_FLOOR = 1e-9
#: the per-draw break rate against which P5's all-must-hold check states its false-pass chance
P5_BREAK_RATE = 0.02
SEPARATIONS = [1.0, 0.1, 0.01]


def _gram(instance: dict, rng: np.random.Generator, X: np.ndarray) -> np.ndarray:
    if instance["kernel"] == "recursion":
        return rnn_ntk(X)
    return empirical_ntk(init_elman(rng, 1, instance["m"], instance["d"]), X)[0] / instance["m"]


def merging_pair_minima(X: np.ndarray, separations: list[float]) -> list[float]:
    """lambda_min of the recursion Gram of (x, x + s x') (tokens renormalised) for each separation s."""
    minima = []
    for separation in separations:
        pair = np.stack([X[0], X[0] + separation * X[1]])
        pair /= np.linalg.norm(pair, axis=-1, keepdims=True)
        minima.append(float(np.linalg.eigvalsh(rnn_ntk(pair))[0]))
    return minima


def measure_positivity(instance: dict, rng: np.random.Generator) -> Measurement:
    """Smallest lambda_min / lambda_max over independent draws; lambda_min of a pair as it merges."""
    relative = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IllConditionedGramWarning)
        for _ in range(instance["draws"]):
            X = _sequences_with_duplicate(rng, instance)
            diagnostics = check_gram(_gram(instance, rng, X))
            relative.append(diagnostics.lambda_min / diagnostics.lambda_max)
    separations = instance.get("separations", SEPARATIONS)
    return Measurement(measured=float(min(relative)),
                       details={"relative_lambda_min": relative, "separations": separations,
                                "lambda_min_pair_vs_separation": merging_pair_minima(X, separations)})


def judge_positivity(instance: dict, measurement: Measurement) -> bool:
    """Every draw's relative lambda_min > 1e-9, and the pair's lambda_min falls strictly as they merge."""
    merging = np.asarray(measurement.details["lambda_min_pair_vs_separation"])
    return measurement.measured > RELATIVE_FLOOR and bool(np.all(np.diff(merging) < 0))


def _positivity_instance(n: int, kernel: str, level: str = "full", **overrides) -> dict:
    draws = (20 if level == "quick" else 50) if kernel == "recursion" else (4 if level == "quick" else 10)
    return {"n": n, "L": 6, "d": 3, "kernel": kernel, "m": 64, "duplicate": "none", "draws": draws, **overrides}


def _positivity_instances(level: str) -> list[dict]:
    sizes = (64, 256) if level == "quick" else (64, 256, 512)
    return [_positivity_instance(n, k, level) for n in sizes for k in ("recursion", "empirical")]


def _positivity_strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"n": st.integers(2, 40), "L": st.integers(2, 8), "d": st.integers(2, 4),
                                  "kernel": st.sampled_from(["recursion", "empirical"]), "m": st.just(48),
                                  "duplicate": st.just("none"), "draws": st.just(2)})


def _positivity_design(level: str) -> Design:
    draws = sum(i["draws"] for i in _positivity_instances(level))
    return all_draws_design(draws, len(_positivity_instances(level)), P5_BREAK_RATE,
                            "min over draws of lambda_min / lambda_max; lambda_min of a merging pair",
                            "> 1e-9 on every draw; strictly falling as the separation goes 1 -> 0.1 -> 0.01",
                            {"relative_floor": RELATIVE_FLOOR, "break_rate": P5_BREAK_RATE})


GRAM_POSITIVITY = Claim(
    id="P5-gram-positivity",
    title="Least eigenvalue of the NTK Gram matrix is positive on distinct inputs",
    statement="Given n distinct, non-parallel unit-token sequences, measure lambda_min / lambda_max of the "
              "analytic (and of a finite-width, m = 64) RNN NTK Gram matrix over independent draws; expect it "
              "above 1e-9 on every draw, and lambda_min of two sequences to fall strictly as their separation "
              "goes 1 -> 0.1 -> 0.01.",
    instances=_positivity_instances, measure=measure_positivity, judge=judge_positivity,
    tolerance="relative least eigenvalue > 1e-9 on every draw (rounding of a singular matrix gives ~1e-16); "
              "strict fall of the pair's lambda_min",
    design=_positivity_design,
    controls=(
        Control(lambda level: _positivity_instance(64, "recursion", "quick", duplicate="parallel", draws=1),
                crosses="non-parallel inputs: x_n = 2 x_1",
                distance="angle 0 between two sequences, the boundary itself; lambda_min is 0 up to rounding"),
        Control(lambda level: _positivity_instance(64, "recursion", "quick", duplicate="identical", draws=1),
                crosses="distinct inputs: x_n = x_1", distance="separation 0"),
        Control(lambda level: _positivity_instance(64, "recursion", "quick", draws=1, separations=[0.01, 0.1, 1.0]),
                crosses="the monotone branch of the judge, alone (separations taken in the wrong order)",
                distance="the pair's lambda_min rises instead of falling; positivity still holds")),
    departures=(
        Departure("criterion", spec="P5: lambda_min > 0; exactly 0 when two sequences are identical",
                  ours="lambda_min / lambda_max > 1e-9; identity shown by a control",
                  why="float64 rounding of a singular Gram matrix gives a relative lambda_min of about 1e-16"),),
    strategy=_positivity_strategy,
    source=source(ADHLW19, "Theorem 3.1 (two-layer, non-parallel inputs); RNN analogue [R]", "sec. 4.7, §6 P5"),
)
