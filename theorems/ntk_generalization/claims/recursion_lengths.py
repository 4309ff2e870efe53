"""P4 at long sequences: the infinite-width recursion against the empirical NTK at every L the claims use.

The spec (sec. 4.5, 8.11) checked the recursion against finite width only at L = 8; the claims evaluate
it up to L = 16 (P7's full grid, P10). At each L: n = 4 unit-token sequences (two share their first
L/2 tokens, so that the kernel's off-diagonal spans large and small angles), E networks at
m = 16 L^2, and the relative Frobenius distance of the ensemble mean of Theta_emp/m from Theta_rec/m,
with a percentile-bootstrap upper bound over networks (the empirical NTK has heavy tails at this width).

Readouts. Each instance measures four kernels on the same networks: the last-step readout b^T h_L (the
spec's, sec. 4.5) and the average-pooled readout (1/L) sum_l b^T h_l, each with W alone trained and with
W and the readout b trained (Theta = Theta_W/m + Theta_b, the NTK parametrisation; ``ntk_gram.NtkBlocks``).
Provenance. The pooled form (mean of the states, then the readout) is stated in the code of Yang's Tensor
Programs II (arXiv 2006.14548; repository thegregyang/NTK4A, RNN-NTK.ipynb, option avgpool; read there, the
paper's text was not) and named in the abstract of Alemohammad et al. 2020 (arXiv 2012.04859, abstract only);
Wang et al.'s own readout is unresolved (spec sec. 8.2). The pooled and trained-readout recursions are our
derivation [D] (``rnn_ntk_recursion``, "Other readouts"); they have the structure of that code's avgpool kernel
(backward covariances carried along the diagonals l - l' = const, a readout term at every step, the mean state
covariance as the readout block), whose scalings we did not map term by term. An instance holds when every one
of its kernels does.
"""

from __future__ import annotations

import dataclasses

import json
from typing import Callable

import numpy as np

from rnnbounds.numerics.concepts import sample_sequences
from rnnbounds.numerics.elman_rnn import init_elman
from rnnbounds.numerics.ntk_gram import empirical_ntk, readout_ntk_blocks
from rnnbounds.numerics.rnn_ntk_recursion import cross_time_kernels, rnn_ntk, rnn_readout_ntk
from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement
from rnnbounds.theorems.ntk_generalization.sources import DERIVATION, source

#: ours: the largest relative distance of the finite-width mean from the recursion accepted at m = 16 L^2
RELATIVE_TOLERANCE = 0.1
#: one-sided bootstrap level: P(pass | true distance = tolerance) ~ 1 - BOOTSTRAP_LEVEL
BOOTSTRAP_LEVEL = 0.95
RESAMPLES = 2000
#: the chance that a drawn instance (L in {3, 4}, m = 16 L^2, 128 networks) fails although the recursion is right:
#: a heavy-tailed draw of networks lifts the bootstrap bound past 0.1. Measured: 4 of 400 draws failed (the
#: last-step W-only variant each time, the pooled W-only one with it), one-sided 95% Clopper-Pearson bound 0.023
DRAWN_BREAK_RATE = 0.025
#: (readout, trained): last-step and average-pooled readouts, with W alone or W and the readout b trained
VARIANTS = (("last", "W"), ("last", "W+b"), ("mean", "W"), ("mean", "W+b"))
READOUT_NAMES = {"last": "last step", "mean": "average-pooled"}


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


def readout_kernels(rng: np.random.Generator, X: np.ndarray, width: int, ensemble: int,
                    variants: list[tuple[str, str]]) -> dict[tuple[str, str], np.ndarray]:
    """Theta_emp of every (readout, trained) variant on the same E networks, drawn one at a time: (E, n, n) each."""
    readouts = tuple(dict.fromkeys(readout for readout, _ in variants))
    kernels: dict[tuple[str, str], list[np.ndarray]] = {variant: [] for variant in variants}
    for _ in range(ensemble):
        blocks = readout_ntk_blocks(init_elman(rng, 1, width, X.shape[2]), X, readouts=readouts)
        for readout, trained in variants:
            kernels[(readout, trained)].append(blocks[readout].scaled(trained == "W+b")[0])
    return {variant: np.stack(values) for variant, values in kernels.items()}


def reference_kernel(X: np.ndarray, instance: dict, readout: str, trained: str) -> np.ndarray:
    """The recursion a variant is compared with; a control's overrides move it off the variant's own."""
    readout = instance.get("reference_readout", readout)
    readout_trained = instance.get("reference_readout_trained", trained == "W+b")
    recurrent = instance.get("reference", "W")
    if instance.get("reference_cross_time", True) or readout == "last":
        reference = rnn_readout_ntk(X, readout=readout, trained=recurrent, readout_trained=readout_trained)
    else:  # the pooled kernel with its l != l' terms dropped
        grid = cross_time_kernels(X, trained=recurrent)
        per_step = grid.theta + grid.hidden if readout_trained else grid.theta
        reference = np.trace(per_step, axis1=-2, axis2=-1) / X.shape[1] ** 2
    return reference * instance.get("reference_scale", 1.0)


def _relative(kernel: np.ndarray, reference: np.ndarray) -> float:
    return float(np.linalg.norm(kernel - reference) / np.linalg.norm(reference))


def variant_row(readout: str, trained: str, kernels: np.ndarray, reference: np.ndarray,
                rng: np.random.Generator) -> dict:
    """Distance of the ensemble mean from the reference, its bootstrap upper bound, and the mean diagonals."""
    return {"readout": readout, "trained": trained, "distance": _relative(kernels.mean(axis=0), reference),
            "upper": bootstrap_upper(kernels, reference, rng),
            "diagonal_mean": float(np.mean(np.diagonal(kernels.mean(axis=0)))),
            "diagonal_recursion": float(np.mean(np.diag(reference))),
            "median_distance": _relative(np.median(kernels, axis=0), reference)}


#: measurements already made in this process, by (instance, generator state), with the generator's state
#: after them: the report's section on this claim reruns its instances with the check's seeds
_MEASURED: dict[str, tuple[Measurement, dict]] = {}


def measure_recursion(instance: dict, rng: np.random.Generator) -> Measurement:
    """Per variant: the relative distance of the ensemble-mean empirical NTK from the recursion, with its
    bootstrap upper bound. measured and details["upper"] are the largest over the instance's variants.

    A deterministic function of the instance and the generator's state: a repeat returns the stored result
    and leaves the generator where the measurement would have left it."""
    key = json.dumps([instance, rng.bit_generator.state], sort_keys=True, default=str)
    if key not in _MEASURED:
        measurement = _measure_recursion(instance, rng)
        _MEASURED[key] = (measurement, rng.bit_generator.state)
    measurement, state_after = _MEASURED[key]
    rng.bit_generator.state = state_after
    return measurement


def _measure_recursion(instance: dict, rng: np.random.Generator) -> Measurement:
    L = instance["L"]
    width = int(round(instance["width_factor"] * L * L))
    X = sequences_with_shared_prefix(rng, instance["n"], L, instance["d"])
    variants = [tuple(v) for v in instance.get("variants", [["last", "W"]])]
    kernels = readout_kernels(rng, X, width, instance["ensemble"], variants)
    rows = [variant_row(*variant, kernels[variant], reference_kernel(X, instance, *variant), rng)
            for variant in variants]
    first = rows[0]
    return Measurement(measured=max(row["distance"] for row in rows), bound=RELATIVE_TOLERANCE,
                       details={"width": width, "upper": max(row["upper"] for row in rows),
                                "diagonal_mean": first["diagonal_mean"],
                                "diagonal_recursion": first["diagonal_recursion"],
                                "median_distance": first["median_distance"], "variants": rows})


def judge_recursion(instance: dict, measurement: Measurement) -> bool:
    """The bootstrap upper bound of the relative distance is at most 0.1 (for every variant: details["upper"]
    is their largest)."""
    return measurement.details["upper"] <= RELATIVE_TOLERANCE


def _instance(L: int, level: str, **overrides) -> dict:
    return {"L": L, "n": 4, "d": 4, "width_factor": 16.0, "ensemble": ensemble_size(L, level),
            "variants": [list(v) for v in VARIANTS], **overrides}


def ensemble_size(L: int, level: str) -> int:
    """128 networks at L <= 4 (m <= 256, cheap, and the widest spread), 64 above (16 gave an upper bound of
    0.15 at L = 8 on one of 3 seeds, the heavy tail of the finite-width kernel)."""
    return 128 if L <= 4 else 64


LONG_LENGTHS = (12, 16)


def _instances(level: str) -> list[dict]:
    return [_instance(L, level) for L in ((4,) if level == "quick" else (4, 8))]


def _long_instances(level: str) -> list[dict]:
    return [_instance(L, "full") for L in LONG_LENGTHS]


def _design(level: str, instances: Callable[[str], list[dict]] = _instances) -> Design:
    chosen = instances(level)
    return Design(instances=len(chosen), seeds=min(i["ensemble"] for i in chosen),
                  statistic="relative Frobenius distance of the ensemble-mean Theta_emp/m from Theta_rec/m, "
                            "percentile-bootstrap upper bound over networks, the largest over the 4 readout "
                            "variants measured on the same networks",
                  threshold=f"upper {BOOTSTRAP_LEVEL:.0%} bound <= {RELATIVE_TOLERANCE}", error=round(1 - BOOTSTRAP_LEVEL, 12),
                  error_meaning="P(an instance passes | its true relative distance is 0.1): the bound's one-sided miss",
                  method=f"percentile bootstrap, {RESAMPLES} resamples of the networks",
                  thresholds={"relative_tolerance": RELATIVE_TOLERANCE, "bootstrap_level": BOOTSTRAP_LEVEL,
                              "width_factor": 16.0})


def _strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"L": st.integers(3, 4), "n": st.just(4), "d": st.integers(3, 4),
                                  "width_factor": st.just(16.0), "ensemble": st.just(128),
                                  "variants": st.just([list(v) for v in VARIANTS])})


def _control(variant: tuple[str, str], **overrides) -> dict:
    """An L = 4 instance of one variant alone, so that the control shows that variant's check failing."""
    return _instance(4, "quick", variants=[list(variant)], **overrides)


RECURSION_AT_LENGTH = Claim(
    id="P4-recursion-at-length",
    title="The infinite-width NTK recursion matches the finite-width NTK at L up to 8, for both readouts",
    statement="At m = 16 L^2 and L = 4 (quick), L in {4, 8} (full; L = 12, 16 in P4-recursion-at-length-12-16), measure the relative Frobenius "
              "distance between the mean over E networks of Theta_emp/m and the recursion Theta_rec/m on 4 "
              "unit-token sequences (two sharing a prefix), for the last-step readout b^T h_L and the "
              "average-pooled readout (1/L) sum_l b^T h_l, each with W alone and with W and b trained "
              "(Theta_W/m + Theta_b); expect every 95% bootstrap upper bound <= 0.1.",
    instances=_instances, measure=measure_recursion, judge=judge_recursion,
    tolerance="95% bootstrap upper bound of the relative distance <= 0.1 for each of the 4 readout variants "
              "(E = 128 at L = 4, 64 above)",
    design=_design,
    controls=(
        Control(lambda level: _control(("last", "W"), reference_scale=1.2),
                crosses="the judge's edge 0.1, via a reference 20% off",
                distance="reference x 1.2: a relative distance of about 0.2 / 1.2 = 0.17, 1.7 times the tolerance"),
        Control(lambda level: _control(("last", "W"), reference="WA"),
                crosses="trained = W: the reference of the model with W and A trained",
                distance="off by the sum_l <X_l, X'_l> terms: diagonal 5 instead of 3 at L = 4", near=False),
        Control(lambda level: _control(("mean", "W+b"), reference_scale=1.2),
                crosses="the judge's edge 0.1 for the pooled, trained-readout kernel, via a reference 20% off",
                distance="reference x 1.2: a relative distance of about 0.2 / 1.2 = 0.17, 1.7 times the tolerance"),
        Control(lambda level: _control(("mean", "W"), reference_readout="last"),
                crosses="readout = mean: the last-step recursion as reference for the pooled empirical kernel",
                distance="diagonal 3 instead of about 0.4 at L = 4: a relative distance of about 0.85", near=False),
        Control(lambda level: _control(("last", "W+b"), reference_readout_trained=False),
                crosses="b trained: the W-only recursion as reference for the trained-readout kernel",
                distance="off by the readout term q_L: diagonal 3 instead of 7 at L = 4, a relative distance of "
                         "about 1.8",
                near=False),
        Control(lambda level: _control(("mean", "W"), reference_cross_time=False),
                crosses="the cross-time terms l != l' of the pooled kernel, dropped from the reference",
                distance="a relative distance of about 0.4 at L = 4 (0.65 at L = 8)", near=False)),
    departures=(
        Departure("criterion", spec="sec. 4.5: agreement within noise at L = 8 (m = 4000, 16 seeds)",
                  ours="bootstrap upper bound of the relative distance <= 0.1 at m = 16 L^2",
                  why="at m = 16 L^2 the finite-width mean sits about 4-5% above the recursion (L = 8, 12; 32 "
                      "networks), a width effect that the m^{-1/2} claim P4 measures; 0.1 leaves room for it and "
                      "still rejects a 20% error. Measured at the full level, seed 0, 64 networks: the mean "
                      "diagonal of the last-step kernel is 1.2% above at L = 8, 5.2% at L = 12 and 5.7% at L = 16, "
                      "and its bootstrap bound crosses 0.1 at L = 12 (0.104) and 16 (0.107); at m = 32 L^2 (L = 12, "
                      "32 networks) every variant's distance is <= 0.015, so the excess is the width's, not the "
                      "recursion's"),
        Departure("grid", spec="sec. 8.11: L > 8 unchecked", ours="L up to 16 (full: 4, 8 here, 12 and 16 in "
                  "P4-recursion-at-length-12-16), the largest L any claim evaluates; L = 4 alone at the quick level", why="P7's full grid and P10 use L = 12, 16; 64 networks at "
                  "m = 16 L^2 = 1024 and above cost minutes"),
        Departure("scope", spec="sec. 1.2, 8.2-8.3: readout b^T h_L (or every step), W alone trained [R]",
                  ours="also the average-pooled readout (1/L) sum_l b^T h_l and a trained readout b (NTK "
                       "parametrisation, Theta = Theta_W/m + Theta_b), each measured on the same networks",
                  why="both readouts of the RNN NTK literature (last state and average pooling: Yang's Tensor "
                      "Programs II code, Alemohammad et al. 2020) and the trained readout of the NTK "
                      "parametrisation; the pooled kernel has cross-time terms l != l' that the last-step one "
                      "lacks, so it tests the recursion where the spec's derivation says nothing")),
    strategy=_strategy, drawn_break_rate=DRAWN_BREAK_RATE,
    source=source(DERIVATION, "NTK recursion (sec. 4.5), cross-time form for the pooled and trained readouts [D]; "
                  "finite-width check extended to L = 16", "sec. 4.5, 8.2, 8.11, §6 P4"),
)


RECURSION_AT_LONG_LENGTH = dataclasses.replace(
    RECURSION_AT_LENGTH,
    id="P4-recursion-at-length-12-16",
    title="The infinite-width NTK recursion matches the finite-width NTK at L = 12 and 16, for both readouts",
    statement="As P4-recursion-at-length, at L = 12 and 16 (m = 16 L^2 = 2304 and 4096, 64 networks each, the "
              "lengths P7's full grid and P10 use); expect every 95% bootstrap upper bound <= 0.1.",
    instances=_long_instances, design=lambda level: _design(level, _long_instances), slow=True,
    known_failure=("at m = 16 L^2 the finite-width mean sits above the recursion by more than the tolerance leaves: "
                   "full level, seed 0, 64 networks, distance / 95% upper bound at L = 12: last-step W 0.0668 / 0.1039, "
                   "last-step W and b 0.0683 / 0.1078 (pooled 0.0616 / 0.0974, 0.0453 / 0.0757); at L = 16: last-step "
                   "0.0686 / 0.1073 and 0.0633 / 0.1033 (pooled 0.0503 / 0.0891, 0.0301 / 0.0622). The mean "
                   "diagonal is 34.71 against 33 at L = 12 and 63.44 against 60 at L = 16; at m = 32 L^2 (L = 12, 32 "
                   "networks) every variant's distance is <= 0.015, so the gap is the width's (m must grow faster "
                   "than L^2), not the recursion's"),
)
