"""Slow claims that need training (level full only): P9 (polynomial target, direct vs softplus; by our earlier
definitions and by the repository's own) and P15 (the repository's memory query on a trained residual RNN).

Set-up, shrunk from the repository's (spec 6.2-6.5): linear-functional data y_k = sum_{s<=k} rho(s) x_{k-s}
with x ~ N(0, 1), dt = 1; residual hardtanh diagonal RNNs trained by full-batch Adam (lr 0.01, clip
0.5) with each width warm-started from the previous one grown by silent units (our stand-in for the
repository's "ensure approximation" restarts); E_m(beta) = running max over betas of the worst of
`repeats` random per-tensor l_inf perturbations theta + beta g / |g|_inf of every tensor.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from rnnbounds.numerics import kernels
from rnnbounds.numerics.activations import HARDTANH
from rnnbounds.numerics.convolution import causal_convolution
from rnnbounds.numerics.finite import NonFiniteError
from rnnbounds.numerics.fixed_direction_perturbation import fixed_direction_curve
from rnnbounds.numerics.perturbation import random_directions
from rnnbounds.numerics.residual_orthogonal import (
    ResidualOrthogonalRNN, adam_orthogonal, forward_orthogonal, grown_orthogonal,
)
from rnnbounds.numerics.residual_training import (
    AdamSettings, ResidualDiagonalRNN, adam, forward, grown, perturbed, rates,
)
from rnnbounds.numerics.time_weighted_mse import time_weighted_mse
from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement, Source
from rnnbounds.theorems.inverse_approximation.statement import PAPER, SPEC

REPO_BETAS = np.concatenate([[0.0], 1e-3 * 2.0 ** (0.5 * np.arange(21))])


def _src(locator: str, section: str) -> Source:
    return Source(PAPER, locator, f"{SPEC} {section}")


def _data(target: str, samples: int, steps: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    t = np.arange(steps, dtype=np.float64)
    rho = kernels.polynomial(t, 1.1, 0.1) if target == "repo-pol" else kernels.exponential(t, 1.0)
    x_train, x_test = rng.standard_normal((samples, steps)), rng.standard_normal((samples, steps))
    return rho, x_train, causal_convolution(rho, x_train), x_test, causal_convolution(rho, x_test)


def _train_family(widths: list[int], phi: str, data: tuple[np.ndarray, ...], budget: int, rng: np.random.Generator
                  ) -> list[tuple[ResidualDiagonalRNN, float]]:
    """Train each width, warm-started from the previous width's network grown by silent units (c = 0),
    so that a wider network starts from the narrower one's loss (our stand-in for the repository's
    "ensure approximation" restarts); returns (model, test loss) per width."""
    _, x_train, y_train, x_test, y_test = data
    trained: list[tuple[ResidualDiagonalRNN, float]] = []
    model = None
    for m in widths:
        model = ResidualDiagonalRNN.initial(m, rng) if model is None else grown(model, m, rng)
        model, _ = adam(model, HARDTANH, x_train, y_train, 1.0, phi, AdamSettings(steps=budget))
        trained.append((model, _test_loss(model, phi, x_test, y_test)))
    return trained


def _test_loss(model: ResidualDiagonalRNN, phi: str, x: np.ndarray, y: np.ndarray) -> float:
    try:
        return float(np.mean((forward(model, HARDTANH, x, 1.0, phi)[0] - y) ** 2))
    except NonFiniteError:
        return float("inf")


def random_direction_curve(model: ResidualDiagonalRNN, phi: str, error: Callable[[ResidualDiagonalRNN, str], float],
                           repeats: int, rng: np.random.Generator, blocks: str = "all") -> np.ndarray:
    """The repository's E_m(beta) on REPO_BETAS with fresh random directions per beta: a direct model (phi relu) is
    evaluated as relu(w) with phi = identity; every tensor (blocks "all", the repository) or only the rates w
    ("recurrent") moved by beta g / |g|_inf (g Gaussian, per tensor); worst of `repeats` draws of
    ``error(model, phi)``, running max over beta."""
    if phi == "relu":
        model, phi = ResidualDiagonalRNN.from_dict({**model.as_dict(), "w": np.maximum(model.w, 0.0)}), "identity"
    errors = []
    for beta in REPO_BETAS:
        draws = [{k: random_directions(np.shape(v) or (1,), 1, beta, "linf", rng)[0].reshape(np.shape(v))
                  for k, v in model.as_dict().items() if blocks == "all" or k == "w"} for _ in range(repeats)] \
            if beta > 0 else [{}]
        errors.append(max(error(perturbed(model, d), phi) for d in draws))
    return np.maximum.accumulate(np.array(errors))


def _repo_curve(model: ResidualDiagonalRNN, phi: str, data, repeats: int, rng: np.random.Generator,
                blocks: str = "all") -> np.ndarray:
    """P9's E_m(beta): plain test MSE of the hardtanh model (random_direction_curve)."""
    _, _, _, x_test, y_test = data
    return random_direction_curve(model, phi, lambda m, p: _test_loss(m, p, x_test, y_test), repeats, rng, blocks)


def _ordered(curves: np.ndarray) -> np.ndarray:
    """Whether E_m(beta) decreases with m at each beta: (nb,) booleans."""
    return np.all(np.diff(curves, axis=0) < 0, axis=0)


def _measure_p9(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    data = _data("repo-pol", instance["samples"], instance["steps"], rng)
    family = _train_family(instance["widths"], instance["phi"], data, instance["budget"], rng)
    blocks = instance.get("blocks", "all")
    curves = np.array([_repo_curve(model, instance["phi"], data, instance["repeats"], rng, blocks) for model, _ in family])
    ordered = _ordered(curves)
    upto = REPO_BETAS <= 1.0
    return Measurement(float(np.mean(ordered[upto])), None, {
        "widths": instance["widths"], "test_loss": [loss for _, loss in family], "betas": REPO_BETAS.tolist(),
        "curves": np.minimum(curves, 1e300).tolist(), "ordered": ordered.tolist(),
        "E_at_1": np.minimum(curves[:, REPO_BETAS <= 1.0][:, -1], 1e300).tolist()})


def _judge_p9(instance: dict[str, Any], meas: Measurement) -> bool:
    upto = REPO_BETAS <= 1.0
    ordered = np.array(meas.details["ordered"])
    if instance["expect"] == "ordered":
        return bool(np.all(ordered[upto]) and np.all(np.diff(meas.details["E_at_1"]) < 0))
    return bool(ordered[0] and not np.all(ordered[(REPO_BETAS >= 0.01) & upto]))


def _p9_instance(phi: str, expect: str, blocks: str = "all") -> dict[str, Any]:
    return {"phi": phi, "widths": [4, 8, 16], "samples": 256, "steps": 40, "budget": 600, "repeats": 10,
            "blocks": blocks, "expect": expect}


P9 = Claim(
    id="P9-trained-softplus-stays-ordered",
    title="Trained residual hardtanh RNNs on polynomial memory: softplus keeps E_m(beta) ordered, direct does not",
    statement=("Given residual hardtanh diagonal RNNs trained on (1+0.1t)^-1.1 data (m = 4, 8, 16; shrunk repository "
               "settings), measure the repository's E_m(beta) (per-tensor l_inf, 10 draws, running max); expect for "
               "softplus E_m(beta) decreasing in m at every beta <= 1 with E_m(1) decreasing; for direct (relu in "
               "training, identity when perturbed) the ordering holds at beta = 0 and is lost somewhere in [0.01, 1]. "
               "Perturbations move every tensor (the repository) or, in a second softplus instance, only w."),
    instances=lambda level: [_p9_instance("softplus", "ordered"), _p9_instance("softplus", "ordered", "recurrent"),
                             _p9_instance("relu", "ordering-lost")],
    measure=_measure_p9, judge=_judge_p9,
    tolerance="exact orderings on the repository's beta grid 1e-3 * 2^(i/2), i <= 20 (one trained family per seed)",
    design=lambda level: Design(
        instances=3, seeds=1, statistic="E_m(beta) ordered by m at each beta <= 1 (22 betas), and E_m(1) decreasing",
        threshold="softplus: ordered at every beta <= 1; direct: ordered at 0, not at every beta in [0.01, 1]",
        error=0.0, error_meaning="none stated: one trained family per instance, fixed by the seed",
        method="deterministic given the seed (training, data and perturbation draws all seeded)",
        thresholds={"beta_max": 1.0, "lost_from": 0.01, "repeats": 10.0}),
    controls=(Control(lambda level: {**_p9_instance("relu", "ordered"), "widths": [4, 8], "budget": 300},
                      crosses="a stable reparameterization (softplus) of the rates",
                      distance="the direct (relu) parameterization judged as softplus, m = 4, 8"),),
    departures=(Departure("protocol", spec="repository settings: N = 128000, T = 100, m = 8..64, 30 repeats",
                          ours="N = 256, T = 40, m = 4, 8, 16, 600 Adam steps per width, 10 repeats",
                          why="a slow integration test, shrunk as the spec allows (P9: shrink N and T if needed)"),),
    known_failure=("softplus E_m(beta) is not ordered by m at every beta <= 1 and E_m(1) does not fall with m: "
                   "at the full level, seed 0, ordered at 19% of the betas <= 1 with every tensor moved (E_m(1) = 504, "
                   "1.07e3, 356 for m = 4, 8, 16) and at 90% with only w moved (E_m(1) = 0.65, 0.26, 0.49)"),
    strategy=lambda: _p9_strategy(), slow=True, source=_src("Figs 4, 8; repository PNGs", "§5.4, §5.7, §6.8, §7 P9"),
)


def _p9_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"phi": st.just("softplus"), "widths": st.just([2, 4]), "samples": st.just(64),
                                  "steps": st.just(20), "budget": st.just(100), "repeats": st.just(2),
                                  "blocks": st.just("recurrent"), "expect": st.just("ordered")})


# -- P9 under the repository's own definitions ---------------------------------------------------
#
# Three differences from P9 above (spec 6.3-6.5): the test loss is the time-weighted MSE (weights
# ((i+1)/(T+1))^2 rescaled to sum to T, acting squared); each repeat r perturbs along fixed directions
# g_r (seeded r), the same for every beta; the models carry an orthogonal-at-start, trained P
# ("rnn": relu(w) in training, identity on relu(w) when perturbed; "softplusrnn": softplus), and P is
# perturbed with every other tensor. Training adds the repository's 0.01 relu(1 - margin) term.

MARGIN_WEIGHT = 0.01


def _repository_test_loss(model: ResidualOrthogonalRNN, phi: str, x: np.ndarray, y: np.ndarray) -> float:
    try:
        return time_weighted_mse(forward_orthogonal(model, HARDTANH, x, 1.0, phi)[0], y)
    except NonFiniteError:
        return float("inf")


def _train_orthogonal_family(instance: dict[str, Any], data: tuple[np.ndarray, ...], rng: np.random.Generator
                             ) -> list[tuple[ResidualOrthogonalRNN, float]]:
    """Each width warm-started from the previous one grown block-diagonally (same outputs), trained on the
    time-weighted MSE plus margin_weight relu(1 - margin); returns (model, time-weighted test loss) per width."""
    _, x_train, y_train, x_test, y_test = data
    phi, trained, model = instance["phi"], [], None
    for m in instance["widths"]:
        model = ResidualOrthogonalRNN.initial(m, rng) if model is None else grown_orthogonal(model, m, rng)
        model, _ = adam_orthogonal(model, HARDTANH, x_train, y_train, 1.0, phi, AdamSettings(steps=instance["budget"]),
                                   loss="time-weighted", margin_weight=instance["margin_weight"])
        trained.append((model, _repository_test_loss(model, phi, x_test, y_test)))
    return trained


def _repository_definitions_curve(model: ResidualOrthogonalRNN, phi: str, data, repeats: int, blocks: str = "all"
                                  ) -> np.ndarray:
    """E_m(beta) as src/perturb.py computes it: w <- relu(w) and phi = identity for "rnn"; every tensor (P
    included) moved along the fixed direction of repeat r, scaled by beta; running max. blocks "rates" moves only w
    (the third instance and the battery's drawn instances)."""
    _, _, _, x_test, y_test = data
    if phi == "relu":
        model, phi = ResidualOrthogonalRNN.from_dict({**model.as_dict(), "w": np.maximum(model.w, 0.0)}), "identity"
    fixed = model.as_dict()
    moved = fixed if blocks == "all" else {"w": fixed["w"]}
    error = lambda params: _repository_test_loss(ResidualOrthogonalRNN.from_dict({**fixed, **params}), phi, x_test, y_test)
    return fixed_direction_curve(error, moved, REPO_BETAS, repeats)[0]


def _measure_p9_repository(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    data = _data("repo-pol", instance["samples"], instance["steps"], rng)
    family = _train_orthogonal_family(instance, data, rng)
    curves = np.array([_repository_definitions_curve(model, instance["phi"], data, instance["repeats"],
                                                     instance.get("blocks", "all")) for model, _ in family])
    ordered = _ordered(curves)
    upto = REPO_BETAS <= 1.0
    return Measurement(float(np.mean(ordered[upto])), None, {
        "widths": instance["widths"], "test_loss": [loss for _, loss in family], "betas": REPO_BETAS.tolist(),
        "curves": np.minimum(curves, 1e300).tolist(), "ordered": ordered.tolist(),
        "E_at_1": np.minimum(curves[:, upto][:, -1], 1e300).tolist(),
        "min_rate": [float(np.min(rates(model.w, instance["phi"])[0])) for model, _ in family]})


def _p9_repository_instance(phi: str, expect: str, blocks: str = "all") -> dict[str, Any]:
    return {"phi": phi, "widths": [4, 8, 16], "samples": 256, "steps": 40, "budget": 600, "repeats": 10,
            "margin_weight": MARGIN_WEIGHT, "blocks": blocks, "expect": expect}


P9_REPOSITORY = Claim(
    id="P9-repository-definitions",
    title="P9 by the repository's definitions: softplusrnn keeps E_m(beta) ordered, the direct rnn does not",
    statement=("As P9, with the repository's own definitions (spec 6.3-6.5): residual hardtanh RNNs "
               "h <- h + sigma(z - P^T diag(phi(w)) P h) with P orthogonal at start and trained, on (1+0.1t)^-1.1 data "
               "(m = 4, 8, 16; shrunk settings), trained on the time-weighted MSE + 0.01 relu(1 - margin); E_m(beta) = "
               "running max over 10 repeats of the time-weighted test MSE at theta + beta g_r / |g_r|_inf, g_r fixed per "
               "repeat and tensor (P included), the same for every beta. Same criterion as P9: softplusrnn E_m(beta) "
               "decreasing in m at every beta <= 1 with E_m(1) decreasing; direct rnn ordered at beta = 0 and not at "
               "every beta in [0.01, 1]. A third instance moves only w (as P9's second), to locate a failure."),
    instances=lambda level: [_p9_repository_instance("softplus", "ordered"),
                             _p9_repository_instance("relu", "ordering-lost"),
                             _p9_repository_instance("softplus", "ordered", "rates")],
    measure=_measure_p9_repository, judge=_judge_p9,
    tolerance="exact orderings on the repository's beta grid 1e-3 * 2^(i/2), i <= 20 (one trained family per seed)",
    design=lambda level: Design(
        instances=3, seeds=1, statistic="E_m(beta) ordered by m at each beta <= 1 (22 betas), and E_m(1) decreasing",
        threshold="softplus: ordered at every beta <= 1; direct: ordered at 0, not at every beta in [0.01, 1]",
        error=0.0, error_meaning="none stated: one trained family per instance, fixed by the seed",
        method="deterministic given the seed (training, data and perturbation directions all seeded)",
        thresholds={"beta_max": 1.0, "lost_from": 0.01, "repeats": 10.0, "margin_weight": MARGIN_WEIGHT}),
    controls=(Control(lambda level: _p9_repository_instance("relu", "ordered"),
                      crosses="a stable reparameterization (softplus) of the rates",
                      distance="the direct rnn (relu in training, identity when perturbed) judged as softplus, m = 4, "
                               "8, 16 (with P9's m = 4, 8 and 300 steps it stayed ordered at every beta <= 1 at the "
                               "full level, seed 0, and could not serve)"),),
    departures=(Departure("protocol", spec="repository settings: N = 128000, T = 100, m = 8..64, 30 repeats, AdamW "
                          "batch 512 with ReduceLROnPlateau and early stopping",
                          ours="N = 256, T = 40, m = 4, 8, 16, 600 full-batch Adam steps per width (lr 0.01, clip 0.5), "
                          "warm-started, 10 repeats",
                          why="a slow integration test, shrunk as the spec allows (P9: shrink N and T if needed)"),
                Departure("scope", spec="src/perturb.py moves every tensor", ours="a third instance, and the drawn "
                          "instances (m = 2, 4, N = 64, T = 20), move only w",
                          why="to tell whether a failure comes from the rates or from the other tensors; with every "
                          "tensor moved the drawn softplus instances broke on 8 of 12 seeds, with only w on none")),
    known_failure=("under the repository's own definitions P9 still fails: at the full level, seed 0, softplusrnn "
                   "E_m(beta) is ordered by m at 2 of the 22 betas <= 1 (beta = 0 and 1e-3 only) and E_m(1) (at the largest "
                   "grid beta <= 1, 0.724) = 511, 383, 600 for m = 4, 8, 16 (time-weighted test loss 7.6e-4, 3.7e-4, 2.7e-4); the direct rnn is not "
                   "ordered even at beta = 0 (E_m(0) = 3.8e-3, 1.3e-3, 1.5e-3) and reaches E_m(1) = 2.3e4, 2.0e4, "
                   "3.7e4; with only w moved softplusrnn stays bounded (E_m(1) = 0.56, 0.75, 0.42) but is ordered at "
                   "11 of 22 betas (up to beta = 0.023)"),
    strategy=lambda: _p9_repository_strategy(), slow=True,
    source=_src("Figs 4, 8; repository src/perturb.py, lf_module.py, softplusrnn.py", "§5.4, §5.7, §6.3-6.5, §7 P9"),
)


def _p9_repository_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"phi": st.just("softplus"), "widths": st.just([2, 4]), "samples": st.just(64),
                                  "steps": st.just(20), "budget": st.just(100), "repeats": st.just(2),
                                  "margin_weight": st.just(MARGIN_WEIGHT), "blocks": st.just("rates"),
                                  "expect": st.just("ordered")})


def _measure_p15(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    data = _data("exp", instance["samples"], instance["steps"], rng)
    (model, test), = _train_family([instance["m"]], "relu", data, instance["budget"], rng)
    level = rng.standard_normal()
    query = np.full((1, instance["query_steps"]), level)
    y = forward(model, HARDTANH, query, 1.0, "relu")[0][0]
    memory = np.abs(np.diff(y))                                   # the repository's mf_k = |y_{k+1} - y_k|
    lam = rates(model.w, "relu")[0]
    predicted = float(np.max(np.abs(1.0 - lam)))
    tail = np.log(np.maximum(memory[-40:], 1e-300))
    measured = float(np.exp((tail[20:].mean() - tail[:20].mean()) / 20))  # window means: robust to period-2 wobble
    head = float(np.max(np.abs(memory[:10] / abs(level) - data[0][1:11])))
    scale = instance.get("head_scale", 1.0)
    scaled = {} if scale == 1.0 else {"head_error_scaled": float(np.max(np.abs(memory[:10] / abs(level) - scale * data[0][1:11])))}
    return Measurement(measured, predicted, {
        "predicted_ratio": predicted, "measured_ratio": measured, "head_error": head, "test_loss": test,
        "level": float(level), "dead_units": int(np.sum(lam == 0)), "euler_unstable_units": int(np.sum(lam > 2)),
        "memory_at_end": float(memory[-1]), **scaled})


def _judge_p15(instance: dict[str, Any], meas: Measurement) -> bool:
    """Linearisation at the equilibrium: ratio max_i |1 - lambda_i| when < 1 (decay). When that max is >= 1 (a dead
    relu unit, lambda = 0, integrates its input; a unit with dt lambda > 2 is Euler-unstable and hardtanh keeps it
    bounded) the linearisation predicts no decay, so expect a ratio >= 0.98."""
    predicted, measured = meas.details["predicted_ratio"], meas.details["measured_ratio"]
    if instance["prediction"] == "zero":
        predicted = 0.0
    matches = abs(measured - predicted) <= RATIO_TOLERANCE if predicted < 1.0 else measured >= NO_DECAY_RATIO
    head = meas.details["head_error"] if "head_error_scaled" not in meas.details else meas.details["head_error_scaled"]
    return bool(matches and head <= HEAD_TOLERANCE)


RATIO_TOLERANCE = 0.02
NO_DECAY_RATIO = 0.98
HEAD_TOLERANCE = 0.05
_P15_BASE = {"m": 16, "samples": 256, "steps": 40, "budget": 600, "query_steps": 1024}

P15 = Claim(
    id="P15-repository-memory-query",
    title="The repository's memory query on a trained residual RNN decays with ratio max_i |1 - lambda_i|",
    statement=("Given a residual hardtanh diagonal RNN trained on e^{-t} data (direct relu rates, m = 16, shrunk settings), "
               "measure mf_k = |y_{k+1} - y_k| under one constant random input (the repository's query, 1024 steps); "
               "expect the tail per-step ratio max_i |1 - relu(w_i)| (within 0.02; no decay when that max is >= 1, an "
               "Euler-unstable mode or a dead relu unit, lambda = 0, an integrator) and |mf_k / |x| - e^{-(k+1)}| <= "
               "0.05 over the first 10 steps."),
    instances=lambda level: [{**_P15_BASE, "prediction": "max|1-lambda|"}],
    measure=_measure_p15, judge=_judge_p15,
    tolerance="|ratio - max_i |1 - lambda_i|| <= 0.02 (or ratio >= 0.98 when that max is >= 1); head error <= 0.05",
    design=lambda level: Design(
        instances=1, seeds=1, statistic="tail per-step ratio of mf_k and head error over the first 10 steps",
        threshold="|ratio - max_i |1 - lambda_i|| <= 0.02 (ratio >= 0.98 when that max is >= 1); head error <= 0.05",
        error=0.0, error_meaning="none stated: one trained network, fixed by the seed",
        method="deterministic given the seed",
        thresholds={"ratio_tolerance": RATIO_TOLERANCE, "no_decay_ratio": NO_DECAY_RATIO, "head_tolerance": HEAD_TOLERANCE}),
    controls=(
        Control(lambda level: {**_P15_BASE, "prediction": "max|1-lambda|", "head_scale": 1.2},
                crosses="head branch: mf_k / |x| = e^{-(k+1)} within 0.05 over 10 steps",
                distance="target head scaled by 1.2: 0.074 off at k = 0, 1.5x the tolerance"),
        Control(lambda level: {**_P15_BASE, "prediction": "zero"}, crosses="ratio branch: the linearisation's ratio",
                distance="predicted ratio 0 (an instant forgetting)", near=False),
    ),
    departures=(Departure("protocol", spec="repository model m = 64 trained with repo settings", ours="m = 16, N = 256, "
                          "T = 40, 600 Adam steps", why="a slow integration test; the query itself is the repository's"),),
    strategy=lambda: _p15_strategy(), slow=True, source=_src("src/memoryfunction.py", "§6.6, §7 P15"),
)


def _p15_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"m": st.integers(2, 4), "samples": st.just(64), "steps": st.just(20),
                                  "budget": st.just(100), "query_steps": st.just(60),
                                  "prediction": st.just("max|1-lambda|")})


CLAIMS = (P9, P9_REPOSITORY, P15)
