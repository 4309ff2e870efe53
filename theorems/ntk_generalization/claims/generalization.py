"""P9: GD-trained RNNs generalize within sqrt(2 y^T H^-1 y / n), and the bound tracks the error.

Protocol (one cell = one concept f, sample size n, length L): E independent draws of a training set
(n unit-token sequences), a fresh test set and a network (W, A ~ N(0, 2/m), b ~ N(0, 1)); train W by
full-batch GD on the centred output (numerics.gd_training) with eta = c / (m lambda_max(Theta/m)),
Theta/m the infinite-width kernel of the training set. Loss: min(|u - y|, 1), in [0, 1] and
1-Lipschitz as ADHLW19 Thm 5.1 asks. Bound of each network, evaluated on its own training labels:

    B = train error + sqrt(2 y^T H^-1 y / n),   H = K / 2 (unit mean diagonal K, bounds_generalization)

The train error enters because the Rademacher inequality behind Thm 5.1 bounds test - train at any GD
step; after the theorem's k >= Omega(log(n/delta)/(eta lambda_0)) steps it is ~0. Reported beside B:
the tightness B / test, the full F4 bound with its O(.) term at c = 1 (gen_bound), the raw
y^T (Theta/m)^-1 y, and the rank correlation (Spearman) of B with the test error across classes.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import stats

from rnnbounds.numerics.concepts import additive_concept, random_betas, random_signs, sample_sequences, scalar_function
from rnnbounds.numerics.elman_rnn import init_elman
from rnnbounds.numerics.gd_training import clipped_test_error, train_recurrent
from rnnbounds.numerics.gram_checks import IllConditionedGramWarning, quadratic_form
from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk
from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement
from rnnbounds.theorems.core.statistics import chance_all_pass
from rnnbounds.theorems.ntk_generalization.bounds import BOUNDS_BY_NAME
from rnnbounds.theorems.ntk_generalization.bounds_generalization import GEN_BOUND_LEADING
from rnnbounds.theorems.ntk_generalization.sources import ADHLW19, source

#: the spec's P9 allowance: the bound may fail on at most 5% of seeds; our judge asks every network to hold
P9_BREAK_RATE = 0.05
#: one-sided level of the rank-correlation test of "the bound tracks the error"
TRACKING_ALPHA = 0.05
#: confidence of the reported full F4 bound, and its O(.) constant (unstated in ADHLW19; reported only)
P9_DELTA, P9_C_LO = 0.05, 1.0
CLASSES = ("cosm1", "identity", "sin", "square", "random")
TEST_SIZE = 256


def _draw(rng: np.random.Generator, instance: dict, f: str) -> tuple[np.ndarray, np.ndarray]:
    """n + TEST_SIZE unit-token sequences and their labels: the additive concept of f, or +-1 signs."""
    X = sample_sequences(rng, instance["n"] + TEST_SIZE, instance["L"], instance["d"])
    if f == "random":
        return X, random_signs(rng, X.shape[0])
    return X, additive_concept(X, random_betas(rng, instance["L"], instance["d"]), scalar_function(f))


def kernel_norms(X: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """y^T H^-1 y with H = Theta / (2 mean diag) (F4's convention), the raw y^T (Theta/m)^-1 y, lambda_0(H)."""
    theta = rnn_ntk(X)
    H = theta / (2.0 * np.mean(np.diag(theta)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IllConditionedGramWarning)
        return {"yHy": quadratic_form(H, y), "raw": quadratic_form(theta, y),
                "lam0": float(np.linalg.eigvalsh(H)[0]), "lambda_max_raw": float(np.linalg.eigvalsh(theta)[-1])}


def train_cell(instance: dict, f: str, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Train E networks on E independent draws of concept f; per-network errors and kernel norms."""
    n, E = instance["n"], instance["ensemble"]
    draws = [_draw(rng, instance, f) for _ in range(E)]
    bound_labels = [random_signs(rng, n) if instance.get("bound_labels") == "random" else y[:n] for _, y in draws]
    norms = [kernel_norms(X[:n], yb) for (X, _), yb in zip(draws, bound_labels)]
    params = init_elman(rng, E, instance["m"], instance["d"])
    step = instance["step_fraction"] / (instance["m"] * max(k["lambda_max_raw"] for k in norms))
    X_train, y_train = np.stack([X[:n] for X, _ in draws]), np.stack([y[:n] for _, y in draws])
    run = train_recurrent(params, X_train, y_train, steps=instance["steps"], step_size=step)
    test = clipped_test_error(run, np.stack([X[n:] for X, _ in draws]), np.stack([y[n:] for _, y in draws]))
    train = clipped_test_error(run, X_train, y_train)
    cell = {key: np.array([k[key] for k in norms]) for key in ("yHy", "raw", "lam0")}
    cell.update(test=test, train=train, loss_ratio=run.losses[:, -1] / run.losses[:, 0])
    cell["leading"] = np.asarray(GEN_BOUND_LEADING.evaluate(yHy=cell["yHy"], n=n), float)
    cell["leading_raw"] = np.sqrt(2.0 * cell["raw"] / n)
    cell["full"] = np.asarray(BOUNDS_BY_NAME["gen_bound"].evaluate(
        yHy=cell["yHy"], n=n, c_lo=P9_C_LO, lam0=cell["lam0"], delta=P9_DELTA), float)
    return cell


def measure_generalization(instance: dict, rng: np.random.Generator) -> Measurement:
    """Every class of one (n, L) group: per-network bound vs test error, tightness, and Spearman's rho."""
    cells = {f: train_cell(instance, f, rng) for f in instance["classes"]}
    scale = instance.get("bound_scale", 1.0)
    bound = np.concatenate([c["train"] + scale * c["leading"] for c in cells.values()])
    test = np.concatenate([c["test"] for c in cells.values()])
    rho, p_value = stats.spearmanr(bound, test, alternative="greater")
    per_class = {f: {"test_median": float(np.median(c["test"])), "train_median": float(np.median(c["train"])),
                     "leading_median": float(np.median(c["leading"])), "yHy_median": float(np.median(c["yHy"])),
                     "raw_yThetay_median": float(np.median(c["raw"])),
                     "leading_raw_median": float(np.median(c["leading_raw"])),
                     "full_bound_median": float(np.median(c["full"])),
                     "tightness_min": float(np.min((c["train"] + scale * c["leading"]) / c["test"])),
                     "tightness_median": float(np.median((c["train"] + scale * c["leading"]) / c["test"])),
                     "loss_ratio_max": float(np.max(c["loss_ratio"]))} for f, c in cells.items()}
    return Measurement(measured=float(np.median(test)), bound=float(np.median(bound)),
                       details={"holding_share": float(np.mean(test <= bound)), "broken": int(np.sum(test > bound)),
                                "networks": int(test.size), "spearman_rho": float(rho), "p_value": float(p_value),
                                "tightness_min": float(np.min(bound / test)), "per_class": per_class})


def judge_generalization(instance: dict, measurement: Measurement) -> bool:
    """Every network's test error <= its bound, and the bound ranks the errors (one-sided p < 0.05)."""
    details = measurement.details
    return details["broken"] == 0 and details["p_value"] < TRACKING_ALPHA


def _instance(n: int, L: int, level: str, **overrides) -> dict:
    return {"n": n, "L": L, "d": 4, "m": max(16 * L * L, 8 * n), "classes": list(CLASSES),
            "ensemble": 2 if level == "quick" else 8, "steps": 100, "step_fraction": 1.0, **overrides}


def _instances(level: str) -> list[dict]:
    if level == "quick":
        return [_instance(8, 2, "quick")]
    return [_instance(n, L, "full") for L in (2, 4) for n in (16, 32, 64)]


def _design(level: str) -> Design:
    chosen = _instances(level)
    networks = sum(i["ensemble"] * len(i["classes"]) for i in chosen)
    inequality_miss = chance_all_pass(networks, P9_BREAK_RATE)
    return Design(
        instances=len(chosen), seeds=networks,
        statistic="per network: test error vs train error + sqrt(2 y^T H^-1 y / n); per (n, L) group: Spearman's "
                  "rho of the bound with the test error across concept classes",
        threshold="every network within its bound; one-sided Spearman p < 0.05 in every group",
        error=max(inequality_miss, TRACKING_ALPHA),
        error_meaning=f"P(passes | the bound breaks on {P9_BREAK_RATE:.0%} of networks, or | bound and error are "
                      "independent within a group): the larger",
        method=f"(1 - {P9_BREAK_RATE})^{networks} over {networks} networks, all must hold; the exact Spearman "
               "permutation level per group", thresholds={"break_rate": P9_BREAK_RATE, "alpha": TRACKING_ALPHA,
                                                           "bound_scale": 1.0})


def _strategy():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"n": st.just(8), "L": st.just(2), "d": st.integers(3, 4), "m": st.just(64),
                                  "classes": st.just(list(CLASSES)), "ensemble": st.just(3),
                                  "steps": st.integers(60, 100), "step_fraction": st.floats(0.5, 1.0)})


GENERALIZATION = Claim(
    id="P9-generalization-bound",
    title="GD-trained RNN: test error within sqrt(2 y^T H^-1 y / n), and the bound tracks it across classes",
    statement="Train W by full-batch GD (eta = 1 / (m lambda_max(Theta/m)), 100 steps, m = max(16 L^2, 8 n)) on n "
              "unit-token sequences labelled by an additive concept (f in cos-1, identity, sin, square) or by random "
              "signs; measure the clipped test error min(|u - y|, 1) on 256 fresh sequences. Expect every network's "
              "test error <= its train error + sqrt(2 y^T H^-1 y / n) (ADHLW19 Thm 5.1's leading term, H the RNN NTK "
              "Gram normalised to diagonal 1/2), and that bound to rank the test errors across the classes "
              "(one-sided Spearman p < 0.05 within each (n, L) group).",
    instances=_instances, measure=measure_generalization, judge=judge_generalization,
    tolerance="no network above its bound; Spearman one-sided p < 0.05 per group",
    design=_design,
    controls=(
        Control(lambda level: _instance(8, 2, "quick", bound_scale=0.25),
                crosses="the judge's inequality test <= train + sqrt(2 y^T H^-1 y / n), via the bound's scale",
                distance="sqrt(2 y^T H^-1 y / n) / 4, i.e. the bound of a sample 16 times larger; 4 is about 3x the "
                         "smallest tightness seen at n = 8, L = 2 (1.29 at the quick level, 1.43 in 24 pilot draws)"),
        Control(lambda level: _instance(8, 2, "quick", bound_labels="random"),
                crosses="the bound is evaluated on the network's own training labels (the tracking test)",
                distance="every bound's labels replaced by independent signs: it keeps its scale in n, loses the class",
                near=False)),
    departures=(
        Departure("criterion", spec="P9: test <= sqrt(2 y^T H^-1 y / n) + O(sqrt(log(n/delta)/n)) on >= 95% of seeds",
                  ours="test <= train + sqrt(2 y^T H^-1 y / n) on every network; the O(.) term only reported "
                       "(gen_bound at c = 1, delta = 0.05)",
                  why="the O(.) constant is not given; at c = 1 the full bound exceeds 1, the clipped loss's "
                      "maximum, at every n here, so a check with it could not fail. The train error is the L_S term "
                      "of the Rademacher inequality, ~0 after 100 steps"),
        Departure("protocol", spec="P9: m >= 16 L^2 and m >= n^2; k >= Omega(log(n/delta)/(eta lambda_0)) steps",
                  ours="m = max(16 L^2, 8 n); 100 GD steps at eta = 1/(m lambda_max)",
                  why="m = n^2 = 4096 at n = 64 is beyond the CPU budget; the train error is kept in the bound"),
        Departure("grid", spec="P9: over n and L", ours="n in {16, 32, 64} x L in {2, 4} (full); n = 8, L = 2 (quick)",
                  why="CPU budget; each group trains 5 classes x 8 networks"),
        Departure("scope", spec="issue: the bound tracks the error across concept classes",
                  ours="Spearman rank correlation over the networks of a group (5 classes incl. random signs)",
                  why="a rank statistic needs no model of how the error depends on the bound")),
    strategy=_strategy, bound="gen_bound_leading",
    source=source(ADHLW19, "Theorem 5.1 (two-layer); RNN form [R], template T1", "sec. 3.1 F4, §6 P9"),
)
