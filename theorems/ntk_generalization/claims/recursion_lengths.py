"""P4 at long sequences: the infinite-width recursion against the empirical NTK at every L the claims use.

The spec (sec. 4.5, 8.11) checked the recursion against finite width only at L = 8; the claims evaluate
it up to L = 16 (P7's full grid, P10). At each L: n = 4 unit-token sequences (two share their first
L/2 tokens, so that the kernel's off-diagonal spans large and small angles), E networks at
m = 16 L^2, and the relative Frobenius distance of the ensemble mean of Theta_emp/m from Theta_rec/m,
with a percentile-bootstrap upper bound over networks (the empirical NTK has heavy tails at this width).
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.concepts import sample_sequences
from rnnbounds.numerics.elman_rnn import init_elman
from rnnbounds.numerics.ntk_gram import empirical_ntk
from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk
from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement
from rnnbounds.theorems.ntk_generalization.sources import DERIVATION, source

#: ours: the largest relative distance of the finite-width mean from the recursion accepted at m = 16 L^2
RELATIVE_TOLERANCE = 0.1
#: one-sided bootstrap level: P(pass | true distance = tolerance) ~ 1 - BOOTSTRAP_LEVEL
BOOTSTRAP_LEVEL = 0.95
RESAMPLES = 2000


def sequences_with_shared_prefix(rng: np.random.Generator, n: int, steps: int, dim: int) -> np.ndarray:
    """n unit-token sequences; the second repeats the first one's first L/2 tokens."""
    X = sample_sequences(rng, n, steps, dim)
    X[1, : steps // 2] = X[0, : steps // 2]
    return X


def empirical_kernels(rng: np.random.Generator, X: np.ndarray, width: int, ensemble: int) -> np.ndarray:
    """Theta_emp/m of E independent networks, one at a time (m^2 floats each), shape (E, n, n)."""
    return np.stack([empirical_ntk(init_elman(rng, 1, width, X.shape[2]), X)[0] / width for _ in range(ensemble)])


def bootstrap_upper(kernels: np.ndarray, reference: np.ndarray, rng: np.random.Generator) -> float:
    """Upper BOOTSTRAP_LEVEL percentile of ||mean* - reference||_F / ||reference||_F over network resamples."""
    picks = rng.integers(0, kernels.shape[0], size=(RESAMPLES, kernels.shape[0]))
    means = kernels[picks].mean(axis=1)
    distances = np.linalg.norm(means - reference, axis=(1, 2)) / np.linalg.norm(reference)
    return float(np.quantile(distances, BOOTSTRAP_LEVEL))


def measure_recursion(instance: dict, rng: np.random.Generator) -> Measurement:
    """Relative distance of the ensemble-mean empirical NTK from the recursion, with its bootstrap upper bound."""
    L = instance["L"]
    width = int(round(instance["width_factor"] * L * L))
    X = sequences_with_shared_prefix(rng, instance["n"], L, instance["d"])
    reference = rnn_ntk(X, trained=instance.get("reference", "W")) * instance.get("reference_scale", 1.0)
    kernels = empirical_kernels(rng, X, width, instance["ensemble"])
    distance = float(np.linalg.norm(kernels.mean(axis=0) - reference) / np.linalg.norm(reference))
    upper = bootstrap_upper(kernels, reference, rng)
    return Measurement(measured=distance, bound=RELATIVE_TOLERANCE,
                       details={"width": width, "upper": upper, "diagonal_mean": float(np.mean(np.diagonal(
                           kernels.mean(axis=0)))), "diagonal_recursion": float(np.mean(np.diag(reference))),
                                "median_distance": float(np.linalg.norm(np.median(kernels, axis=0) - reference)
                                                         / np.linalg.norm(reference))})


def judge_recursion(instance: dict, measurement: Measurement) -> bool:
    """The bootstrap upper bound of the relative distance is at most 0.1."""
    return measurement.details["upper"] <= RELATIVE_TOLERANCE


def _instance(L: int, level: str, **overrides) -> dict:
    return {"L": L, "n": 4, "d": 4, "width_factor": 16.0, "ensemble": ensemble_size(L, level), **overrides}


def ensemble_size(L: int, level: str) -> int:
    """128 networks at L <= 4 (m <= 256, cheap, and the widest spread), 64 above (16 gave an upper bound of
    0.15 at L = 8 on one of 3 seeds, the heavy tail of the finite-width kernel)."""
    return 128 if L <= 4 else 64


def _instances(level: str) -> list[dict]:
    return [_instance(L, level) for L in ((4,) if level == "quick" else (4, 8, 12, 16))]


def _design(level: str) -> Design:
    chosen = _instances(level)
    return Design(instances=len(chosen), seeds=min(i["ensemble"] for i in chosen),
                  statistic="relative Frobenius distance of the ensemble-mean Theta_emp/m from Theta_rec/m, "
                            "percentile-bootstrap upper bound over networks",
                  threshold=f"upper {BOOTSTRAP_LEVEL:.0%} bound <= {RELATIVE_TOLERANCE}", error=round(1 - BOOTSTRAP_LEVEL, 12),
                  error_meaning="P(an instance passes | its true relative distance is 0.1): the bound's one-sided miss",
                  method=f"percentile bootstrap, {RESAMPLES} resamples of the networks",
                  thresholds={"relative_tolerance": RELATIVE_TOLERANCE, "bootstrap_level": BOOTSTRAP_LEVEL,
                              "width_factor": 16.0})


def _strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"L": st.integers(3, 4), "n": st.just(4), "d": st.integers(3, 4),
                                  "width_factor": st.just(16.0), "ensemble": st.just(128)})


RECURSION_AT_LENGTH = Claim(
    id="P4-recursion-at-length",
    title="The infinite-width NTK recursion matches the finite-width NTK at L up to 16",
    statement="At m = 16 L^2 and L = 4 (quick), L in {4, 8, 12, 16} (full), measure the relative Frobenius "
              "distance between the mean over E networks of Theta_emp/m and the recursion Theta_rec/m on 4 "
              "unit-token sequences (two sharing a prefix); expect its 95% bootstrap upper bound <= 0.1.",
    instances=_instances, measure=measure_recursion, judge=judge_recursion,
    tolerance="95% bootstrap upper bound of the relative distance <= 0.1 (E = 128 at L = 4, 64 above)",
    design=_design,
    controls=(
        Control(lambda level: _instance(4, "quick", reference_scale=1.2),
                crosses="the judge's edge 0.1, via a reference 20% off",
                distance="reference x 1.2: a relative distance of about 0.2, twice the tolerance"),
        Control(lambda level: _instance(4, "quick", reference="WA"),
                crosses="trained = W: the reference of the model with W and A trained",
                distance="off by the sum_l <X_l, X'_l> terms: diagonal 5 instead of 3 at L = 4", near=False)),
    departures=(
        Departure("criterion", spec="sec. 4.5: agreement within noise at L = 8 (m = 4000, 16 seeds)",
                  ours="bootstrap upper bound of the relative distance <= 0.1 at m = 16 L^2",
                  why="at m = 16 L^2 the finite-width mean sits about 4-5% above the recursion (L = 8, 12; 32 "
                      "networks), a width effect that the m^{-1/2} claim P4 measures; 0.1 leaves room for it and "
                      "still rejects a 20% error"),
        Departure("grid", spec="sec. 8.11: L > 8 unchecked", ours="L up to 16 (full), the largest L any claim evaluates; "
                  "L = 4 alone at the quick level", why="P7's full grid and P10 use L = 12, 16; 64 networks at "
                  "m = 16 L^2 = 1024 and above cost minutes")),
    strategy=_strategy,
    source=source(DERIVATION, "NTK recursion (sec. 4.5); finite-width check extended to L = 16", "sec. 4.5, 8.11, §6 P4"),
)
