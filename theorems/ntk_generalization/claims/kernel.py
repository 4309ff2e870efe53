"""P4-P5: finite-width NTK -> the analytic recursion at rate m^{-1/2}; Gram positivity on distinct inputs."""

from __future__ import annotations

import warnings

import numpy as np

from rnnbounds.numerics.concepts import sample_sequences
from rnnbounds.numerics.elman_rnn import init_elman
from rnnbounds.numerics.gram_checks import IllConditionedGramWarning, check_gram
from rnnbounds.numerics.ntk_gram import empirical_ntk
from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk
from rnnbounds.theorems.core import Claim, Measurement
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


def measure_convergence(instance: dict, rng: np.random.Generator) -> Measurement:
    """Median relative error across widths and its log-log slope in m."""
    X = sample_sequences(rng, instance["n"], instance["L"], instance["d"])
    trained = "WA" if instance["reference"] == "recursion-with-A" else "W"
    reference = rnn_ntk(X, trained=trained)
    medians = [float(np.median(ntk_relative_errors(rng, X, m, instance["ensemble"], reference)))
               for m in instance["widths"]]
    return Measurement(measured=loglog_slope(instance["widths"], medians), bound=-0.5,
                       details={"median_relative_error": medians, "widths": instance["widths"]})


def judge_convergence(instance: dict, measurement: Measurement) -> bool:
    return -0.75 <= measurement.measured <= -0.25


def _convergence_instances(level: str) -> list[dict]:
    widths = [64, 128, 256, 512, 1024] if level == "quick" else [64, 128, 256, 512, 1024, 2048]
    return [{"L": L, "d": 4, "n": 6, "widths": widths, "ensemble": 24, "reference": "recursion"} for L in (3, 5)]


def _convergence_strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"L": st.integers(2, 4), "d": st.integers(2, 4), "n": st.integers(3, 6),
                                  "widths": st.just([64, 128, 256, 512]), "ensemble": st.just(16),
                                  "reference": st.just("recursion")})


NTK_CONVERGENCE = Claim(
    id="P4-ntk-convergence",
    title="Finite-width NTK converges to the recursion at rate m^{-1/2}",
    statement="Given n unit-token sequences, measure the median over networks of "
              "||Theta_emp/m - Theta_rec/m||_F / ||Theta_rec/m||_F at 4 or more widths; expect a log-log "
              "slope in m within [-0.75, -0.25] (the m^{-1/2} of Hoeffding-type concentration).",
    instances=_convergence_instances, measure=measure_convergence, judge=judge_convergence,
    tolerance="fitted slope within 0.25 of -1/2, medians over E = 16-24 networks per width",
    negative_control=lambda level: {"L": 4, "d": 4, "n": 6, "widths": [64, 128, 256, 512, 1024], "ensemble": 24,
                                    "reference": "recursion-with-A"},
    strategy=_convergence_strategy, bound="ntk_concentration",
    source=source(DERIVATION, "NTK recursion; rate from ADHLW19 Lemma 3.1", "sec. 4.5-4.6, P4"),
)


def _sequences_with_duplicate(rng: np.random.Generator, instance: dict) -> np.ndarray:
    X = sample_sequences(rng, instance["n"], instance["L"], instance["d"])
    if instance["duplicate"] == "parallel":
        X[-1] = 2.0 * X[0]
    elif instance["duplicate"] == "identical":
        X[-1] = X[0]
    return X


def _gram(instance: dict, rng: np.random.Generator, X: np.ndarray) -> np.ndarray:
    if instance["kernel"] == "recursion":
        return rnn_ntk(X)
    return empirical_ntk(init_elman(rng, 1, instance["m"], instance["d"]), X)[0] / instance["m"]


def measure_positivity(instance: dict, rng: np.random.Generator) -> Measurement:
    """lambda_min / lambda_max of the Gram matrix; plus lambda_min of two sequences as they merge."""
    X = _sequences_with_duplicate(rng, instance)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IllConditionedGramWarning)
        diagnostics = check_gram(_gram(instance, rng, X))
    merging = []
    for separation in (1.0, 0.1, 0.01):
        pair = np.stack([X[0], X[0] + separation * X[1]])
        pair /= np.linalg.norm(pair, axis=-1, keepdims=True)
        merging.append(float(np.linalg.eigvalsh(rnn_ntk(pair))[0]))
    return Measurement(measured=diagnostics.lambda_min / diagnostics.lambda_max,
                       details={**diagnostics.as_dict(), "lambda_min_pair_vs_separation": merging,
                                "separations": [1.0, 0.1, 0.01]})


def judge_positivity(instance: dict, measurement: Measurement) -> bool:
    return measurement.measured > 1e-9


def _positivity_strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"n": st.integers(2, 40), "L": st.integers(2, 8), "d": st.integers(2, 4),
                                  "kernel": st.sampled_from(["recursion", "empirical"]), "m": st.just(48),
                                  "duplicate": st.just("none")})


GRAM_POSITIVITY = Claim(
    id="P5-gram-positivity",
    title="Least eigenvalue of the NTK Gram matrix is positive on distinct inputs",
    statement="Given n distinct, non-parallel unit-token sequences, measure lambda_min / lambda_max of the "
              "analytic (and of a finite-width) RNN NTK Gram matrix; expect it above 1e-9. Record lambda_min "
              "of two sequences as their separation shrinks (expected to fall towards 0).",
    instances=lambda level: [{"n": n, "L": 6, "d": 3, "kernel": k, "m": 64, "duplicate": "none"}
                             for n in ((64, 256) if level == "quick" else (64, 256, 512))
                             for k in ("recursion", "empirical")],
    measure=measure_positivity, judge=judge_positivity,
    tolerance="relative least eigenvalue > 1e-9 (rounding of a singular matrix gives ~1e-16)",
    negative_control=lambda level: {"n": 64, "L": 6, "d": 3, "kernel": "recursion", "m": 64,
                                    "duplicate": "parallel"},
    strategy=_positivity_strategy,
    source=source(ADHLW19, "Theorem 3.1 (two-layer, non-parallel inputs); RNN analogue [R]", "sec. 4.7, P5"),
)
