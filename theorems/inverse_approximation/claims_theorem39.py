"""Theorem 3.9 end to end (Figures 2 and 3): trained nonlinear residual RNNs, stability and memory.

Set-up (spec 5.2, 5.3, 6.2-6.7, shrunk as claims_training.py does): residual diagonal RNNs
h_{k+1} = h_k + sigma(u x_k + b - relu(w) h_k), y_k = c^T h_{k+1} + c0 (dt = 1, sigma = tanh or
hardtanh), trained by full-batch Adam (numerics.residual_training, exact BPTT) at widths
m = 4, 8, 16, each warm-started from the narrower one. Targets: linear functionals
y_k = sum_s rho(s) x_{k-s} with 0.9^t (exponential memory), (1 + 0.1 t)^-1.1 (the repository's
polynomial memory) or (1 + 0.1 t)^-1.1 e^{-delta t} (damped, a control), and random tanh RNN
teachers (teacher-student filtering, Fig 3). Measured per family:

- E_m(beta): the repository's perturbation error (every tensor moved in a per-tensor l_inf ball,
  `repeats` random draws, worst test MSE, running max over the beta grid 1e-3 * 2^(i/2));
- the stability estimate (ours, spec 8.5's proxy with a floor): the blow-up point
  beta_hat_m = smallest beta with E_m(beta) > K max(E_m(0), Var y), K = 10, and the crossing
  points of neighbouring curves (P7);
- the memory function of every trained model (step input at levels +-1, zero-input response
  subtracted) and its exponential rate fitted on the tail (numerics.decay_fit), with a 95% interval.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbounds.numerics import kernels
from rnnbounds.numerics.activations import activation
from rnnbounds.numerics.convolution import causal_convolution
from rnnbounds.numerics.decay_fit import fit_tail_decay
from rnnbounds.numerics.finite import NonFiniteError
from rnnbounds.numerics.perturbation import blow_up_points, crossing_points
from rnnbounds.numerics.residual_training import (
    AdamSettings, ResidualDiagonalRNN, adam, forward, grown, rates,
)
from rnnbounds.numerics.teacher_rnn import random_tanh_teacher, teacher_outputs, teacher_step_memory
from rnnbounds.theorems.core import Claim, Control, Departure, Design, Measurement, ReportContext, Reproduction, Source
from rnnbounds.theorems.inverse_approximation.claims_training import REPO_BETAS, random_direction_curve
from rnnbounds.theorems.inverse_approximation.statement import PAPER, SPEC

#: measured seed dependence of the one-seed designs (their declared chance of a wrong verdict; both claims are findings)
STABLE_SEED_RATE = 3 / 11       # small direct families on 0.9^t failing on a dead unit
POLYNOMIAL_SEED_RATE = 4 / 9    # small live-rate families on the polynomial target judged stable
#: spec 8.5: blow-up when E_m(beta) exceeds K times the unperturbed error (here: or the output variance)
BLOW_UP_FACTOR = 10.0
#: a family is approximated when its widest model's test MSE is at most this fraction of Var y (ours)
APPROXIMATED = 0.05
#: stable: the blow-up point of the widest model is at least this fraction of the narrowest's (one factor 2,
#: two steps of the 2^(1/2) grid; spec P7: exponential-target crossings lie within a factor ~2)
STABLE_SPREAD = 0.5
#: "bounded away from 0 uniformly in m": every width's rate interval lies above this fraction of the narrowest's rate
RATE_FRACTION = 0.5
MEMORY_STEPS = 400
WIDTHS = [4, 8, 16]
DT = 1.0


def _src(locator: str, section: str) -> Source:
    return Source(PAPER, locator, f"{SPEC} {section}")


# -- data ---------------------------------------------------------------------------------------------

def target_kernel(target: str, steps: int, damping: float = 0.0, scale: float = 0.1) -> np.ndarray:
    """rho(k), k = 0..steps-1: 'exp' 0.9^k, 'repo-pol' (1 + scale k)^-1.1 (the repository: scale 0.1), 'damped-pol'
    that times e^{-damping k}."""
    t = np.arange(steps, dtype=np.float64)
    if target == "exp":
        return kernels.exponential(t, -np.log(0.9))
    if target in ("repo-pol", "damped-pol"):
        return kernels.polynomial(t, 1.1, scale) * np.exp(-damping * t)
    raise ValueError(f"target must be 'exp', 'repo-pol' or 'damped-pol', got {target!r}")


def _data(instance: dict[str, Any], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Train and test inputs x ~ N(0, 1) (N, T) and the target's outputs; a teacher's memory if it is one."""
    n, steps = instance["samples"], instance["steps"]
    x_train, x_test = rng.standard_normal((n, steps)), rng.standard_normal((n, instance["test_steps"]))
    if instance["target"] == "teacher":
        teacher = random_tanh_teacher(instance["teacher_width"], rng, instance["gain"])
        target = lambda x: teacher_outputs(teacher, x)
        memory = teacher_step_memory(teacher, np.array([-1.0, 1.0]), MEMORY_STEPS)
    else:
        shape = {"damping": instance.get("damping", 0.0), "scale": instance.get("scale", 0.1)}
        rho = target_kernel(instance["target"], instance["test_steps"], **shape)
        target = lambda x: causal_convolution(rho, x)
        memory = np.abs(target_kernel(instance["target"], MEMORY_STEPS, **shape))
    return {"x_train": x_train, "y_train": target(x_train), "x_test": x_test, "y_test": target(x_test),
            "target_memory": memory}


# -- training -------------------------------------------------------------------------------------------

def _with_live_rates(model: ResidualDiagonalRNN, first: int, rng: np.random.Generator) -> ResidualDiagonalRNN:
    """Units first.. get rates w ~ U(0, 1): no unit starts dead (relu(w) = 0 would make it an integrator)."""
    w = model.w.copy()
    w[first:] = rng.uniform(0.0, 1.0, w.size - first)
    return ResidualDiagonalRNN.from_dict({**model.as_dict(), "w": w})


def train_family(instance: dict[str, Any], data: dict[str, np.ndarray], rng: np.random.Generator
                 ) -> list[ResidualDiagonalRNN]:
    """One trained model per width, each warm-started from the previous grown by silent units (c = 0)."""
    sigma = activation(instance["sigma"])
    models: list[ResidualDiagonalRNN] = []
    for m in instance["widths"]:
        start = ResidualDiagonalRNN.initial(m, rng) if not models else grown(models[-1], m, rng)
        start = _with_live_rates(start, 0 if not models else models[-1].w.size, rng)
        model, _ = adam(start, sigma, data["x_train"], data["y_train"], DT, instance.get("phi", "relu"),
                        AdamSettings(steps=instance["budget"]))
        models.append(model)
    return models


# -- measurements ---------------------------------------------------------------------------------------

def _test_error(model: ResidualDiagonalRNN, sigma, phi: str, data: dict[str, np.ndarray]) -> float:
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(np.mean((forward(model, sigma, data["x_test"], DT, phi)[0] - data["y_test"]) ** 2))
    except NonFiniteError:
        return float("inf")


def perturbation_curve(model: ResidualDiagonalRNN, sigma_name: str, data: dict[str, np.ndarray], repeats: int,
                       rng: np.random.Generator, blocks: str = "all", phi: str = "relu") -> np.ndarray:
    """The repository's E_m(beta) on REPO_BETAS (claims_training.random_direction_curve) of this family's test
    error; a softplus model is perturbed in its raw w."""
    sigma = activation(sigma_name)
    return random_direction_curve(model, phi, lambda m, p: _test_error(m, sigma, p, data), repeats, rng, blocks)


def model_step_memory(model: ResidualDiagonalRNN, sigma_name: str, steps: int = MEMORY_STEPS, phi: str = "relu"
                      ) -> np.ndarray:
    """max_{x = +-1} |Delta_k (y_k(u^x) - y_k(0))|, k = 0..steps-1 (discrete Def 3.1, zero-input response removed)."""
    runs = np.vstack([np.zeros(steps), -np.ones(steps), np.ones(steps)])
    y = forward(model, activation(sigma_name), runs, DT, phi)[0]
    response = y[1:] - y[:1]
    return np.max(np.abs(np.diff(response, axis=1, prepend=0.0)), axis=0)


def _fit(memory: np.ndarray) -> dict[str, Any]:
    try:
        fit = fit_tail_decay(memory).to_json()
    except ValueError:  # fewer than 3 points in the window: the memory fell to the floor at once
        return {"rate": float("inf"), "low": float("inf"), "high": float("inf"), "start": 0, "stop": 0,
                "decayed": True}
    if not np.isfinite(fit["low"]):  # an exactly periodic tail has no spread: no decay seen
        fit.update(low=fit["rate"], high=fit["rate"])
    return fit


def measure_family(instance: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """Train one family and measure E_m(beta), blow-up and crossing points and every model's memory rate."""
    data = _data(instance, rng)
    models = train_family(instance, data, rng)
    variance = float(np.var(data["y_test"]))
    curves = np.array([perturbation_curve(m, instance["sigma"], data, instance["repeats"], rng, instance["blocks"],
                                          instance.get("phi", "relu"))
                       for m in models])
    blow_ups = blow_up_points(REPO_BETAS, curves, BLOW_UP_FACTOR, floor=variance)
    memories = [model_step_memory(m, instance["sigma"], phi=instance.get("phi", "relu")) for m in models]
    fits = [_fit(memory) for memory in memories]
    return {
        "widths": list(instance["widths"]), "variance": variance, "E0": curves[:, 0].tolist(),
        "curves": np.minimum(curves, 1e300).tolist(), "blow_ups": [None if np.isnan(b) else float(b) for b in blow_ups],
        "crossings": [None if np.isnan(b) else float(b) for b in crossing_points(REPO_BETAS, np.minimum(curves, 1e300))],
        "memory_fits": fits, "lambda_min": [float(np.min(rates(m.w, instance.get("phi", "relu"))[0])) for m in models],
        "target_fit": _fit(data["target_memory"]),
        "memories": [memory.tolist() for memory in memories], "target_memory": data["target_memory"].tolist(),
    }


def _blow_up_values(details: dict[str, Any]) -> np.ndarray:
    """Blow-up points with 'never blew up on the grid' read as +inf."""
    return np.array([np.inf if b is None else b for b in details["blow_ups"]])


def approximated(details: dict[str, Any]) -> bool:
    return bool(details["E0"][-1] <= APPROXIMATED * details["variance"])


def stable(details: dict[str, Any]) -> bool:
    """The blow-up point does not move left with m (by more than a factor 2 from the narrowest to the widest)."""
    points = _blow_up_values(details)
    return bool(points[-1] >= STABLE_SPREAD * points[0])


def exponential_memory(details: dict[str, Any], fraction: float = RATE_FRACTION) -> bool:
    """Every model's memory decays on the horizon with a rate interval above 0, and every wider model's interval
    lies above fraction x the narrowest model's rate (a rate bounded away from 0 uniformly in m)."""
    fits = details["memory_fits"]
    floor = fraction * fits[0]["rate"]
    return bool(all(f["decayed"] and f["low"] > 0 for f in fits) and all(f["low"] >= floor for f in fits[1:]))


def target_exponential(details: dict[str, Any]) -> bool:
    """The target's own memory decays exponentially on the horizon (Theorem 3.9's conclusion, measured)."""
    fit = details["target_fit"]
    return bool(fit["decayed"] and fit["low"] > 0)


def stable_with_exponential_memory(details: dict[str, Any], fraction: float = RATE_FRACTION) -> bool:
    """Approximated, stably (blow-up points not moving left), by models whose memory decays exponentially."""
    return approximated(details) and stable(details) and exponential_memory(details, fraction)


# -- T39-stable-implies-exponential-memory ---------------------------------------------------------------

def _family(target: str, sigma: str, **extra: Any) -> dict[str, Any]:
    return {"target": target, "sigma": sigma, "widths": WIDTHS, "samples": 256, "steps": 40, "test_steps": 120,
            "budget": 600, "repeats": 10, "blocks": "all", **extra}


TEACHER_GAINS = [1.0, 1.0, 2.0, 3.0]


def _teachers(**extra: Any) -> dict[str, Any]:
    return _family("teacher", "hardtanh", teacher_width=16, gains=TEACHER_GAINS, budget=400, **extra)


def _measure_teachers(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    """Fig 3: one student family per teacher; survivors = approximated and stably approximated (the filter)."""
    families = [measure_family({**instance, "gain": g}, rng) for g in instance["gains"]]
    kept = [k for k, f in enumerate(families) if approximated(f) and stable(f)]
    teacher_ok = [bool(families[k]["target_fit"]["decayed"] and families[k]["target_fit"]["low"] > 0) for k in kept]
    return Measurement(float(len(kept)), None, {"families": families, "survivors": kept, "teacher_exponential": teacher_ok,
                                                "students_exponential": [exponential_memory(families[k]) for k in kept]})


def _measure_stable(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    if instance["target"] == "teacher":
        return _measure_teachers(instance, rng)
    details = measure_family(instance, rng)
    return Measurement(float(min(f["low"] for f in details["memory_fits"])), None, details)


def _judge_stable(instance: dict[str, Any], meas: Measurement) -> bool:
    fraction = instance.get("rate_fraction", RATE_FRACTION)
    if instance["target"] == "teacher":
        d = meas.details
        return bool(d["survivors"] and all(d["teacher_exponential"]) and all(d["students_exponential"]))
    return stable_with_exponential_memory(meas.details, fraction) and target_exponential(meas.details)


def _stable_design(level: str) -> Design:
    return Design(
        instances=3, seeds=1,
        statistic=("per family: test MSE of the widest model / Var y; blow-up points beta_hat_m (E_m > 10 max(E_m(0), "
                   "Var y)); tail-fitted memory rate of every model with its 95% t-interval"),
        threshold=("approximated (MSE <= 0.05 Var y), stable (beta_hat_16 >= beta_hat_4 / 2) and every model's memory "
                   "decays with rate interval above 0 and above half the narrowest model's rate; teachers: at least one "
                   "survivor of the filter, each with an exponentially decaying teacher memory"),
        error=STABLE_SEED_RATE,
        error_meaning=("P(the verdict differs at another seed), measured: small direct (relu) families on 0.9^t failed on "
                       "a dead unit at 3 of 11 drawn seeds; one trained family per instance, so one seed decides little"),
        method="one seed per instance (data, initialisation, training and perturbation draws all seeded)",
        thresholds={"blow_up_factor": BLOW_UP_FACTOR, "approximated": APPROXIMATED, "stable_spread": STABLE_SPREAD,
                    "rate_fraction": RATE_FRACTION, "teachers": float(len(TEACHER_GAINS))})


_SHRUNK = Departure("protocol", spec=("paper (App D): N = 12800, 1000 epochs of Adam lr 0.005, batch 128, m ~ 4..64; "
                                      "repository: N = 128000, T = 100, m = 8..64, 30 perturbation repeats"),
                    ours=("N = 256, train T = 40, test T = 120, m = 4, 8, 16, full-batch Adam 600 steps (400 for teacher "
                          "students) per width warm-started from the narrower one, 10 repeats"),
                    why="training on 2 CPU cores; the test horizon is 3x the training one as in the paper's App D "
                        "(train t <= 3.2, evaluate t <= 10), so that an unstable mode has time to show")
_ESTIMATOR = Departure("criterion", spec=("spec 8.5: no agreed estimator of beta_0; suggested proxy: smallest beta with "
                                          "E_m(beta) > K E_m(0), K = 10, tracked across m"),
                       ours=("ours: blow-up point with the floor Var y, E_m(beta) > 10 max(E_m(0), Var y); stable when "
                             "beta_hat does not fall by more than a factor 2 from m = 4 to m = 16; exponential model memory "
                             "= tail log-linear fit decays on a 400-step query with rate interval above half the m = 4 rate"),
                       why=("with K E_m(0) alone the threshold falls with E_m(0) and any readout sensitivity counts as "
                            "instability; the floor keeps 'blow-up' meaning an error 10x that of the zero predictor"))
_INIT = Departure("protocol", spec="repository: w ~ N(0, 1), rates relu(w) (about half the units start dead, lambda = 0)",
                  ours="new units start with w ~ U(0, 1) (no dead unit at the start); training may still kill a unit",
                  why="a dead unit integrates its input, so its memory never decays; starting half the units dead "
                      "left the m = 4 model untrained (test MSE 1.6 of Var y 4.6 in a trial run)")
_NORM = Departure("criterion", spec="Thm 3.9 (c): stable approximation in the W^1 norm over a spectral ball of "
                  "weights (spec 2.5, 8.4)", ours="test MSE on a 120-step horizon, the repository's per-tensor l_inf "
                  "ball, 10 random draws (spec 6.5)", why="the sup over a ball is not computable; the repository's "
                  "definitions are the ones its figures use")
_TEACHER = Departure("scope", spec="paper Fig 3: teachers of width 256, student widths and filter criterion not given (8.11); "
                                   "repository: torch.nn.RNN(1, 16, tanh) teachers",
                     ours=("4 teachers of width 16 (torch initialisation, recurrent gain 1, 1, 2, 3: gain > 1 gives "
                           "teachers with non-decaying memory, App I), hardtanh diagonal students m = 4, 8, 16; filter: "
                           "approximated and stable as above"),
                     why="the repository's width; the gains give the filter teachers to reject")

T39_STABLE = Claim(
    id="T39-stable-implies-exponential-memory",
    title="Trained residual tanh/hardtanh RNNs: stably approximating families have exponentially decaying memory",
    statement=("Given residual diagonal RNNs (tanh and hardtanh) trained on 0.9^t linear-functional data, and hardtanh "
               "students trained on random tanh RNN teachers (m = 4, 8, 16; shrunk settings), measure E_m(beta) (the "
               "repository's per-tensor l_inf perturbations), the blow-up points and every trained model's memory; "
               "expect the exponential-target families to be approximated and stable with model memory decaying "
               "exponentially at a rate bounded away from 0 uniformly in m, and every teacher that survives the filter "
               "(approximated and stably approximated) to have exponentially decaying memory (Thm 3.9, Fig 3)."),
    instances=lambda level: [_family("exp", "tanh"), _family("exp", "hardtanh"), _teachers()],
    measure=_measure_stable, judge=_judge_stable,
    tolerance=("approximated: MSE <= 0.05 Var y; stable: beta_hat_16 >= beta_hat_4 / 2; rates: 95% interval above 0 and "
               "above half the m = 4 rate (one trained family per seed)"),
    design=_stable_design,
    controls=(
        Control(lambda level: _family("exp", "tanh", rate_fraction=1.1),
                crosses="the rate floor: every width's rate at least the narrowest's",
                distance="floor at 1.1 x the m = 4 rate (the claim's is 0.5 x): 10% above a rate the wider models match"),
        Control(lambda level: _family("repo-pol", "tanh"), crosses="exponential memory of the target",
                distance="(1 + 0.1 t)^-1.1, polynomial memory", near=False),
    ),
    departures=(_SHRUNK, _ESTIMATOR, _INIT, _TEACHER, _NORM,
                Departure("scope", spec="the claim: direct (relu) rates", ours="drawn instances (the battery's property "
                          "test) use softplus rates on small families", why="with relu rates 3 of 11 drawn seeds fail on a "
                          "dead unit, the claim's known failure; the drawn test then checks the measurement, not it")),
    known_failure=("trained direct (relu) rates die: at the full level, seed 0, the 0.9^t tanh family is approximated "
                   "(E_m(0) / Var y = 0.002, 0.0004, 0.0003) and stable by the blow-up criterion (beta_hat = 0.045, 0.128, "
                   "0.128), but every model carries a unit with relu(w) = 0, an integrator: the memory of m = 4 and m = 8 "
                   "never falls to 1e-3 of its peak on 400 steps, that of m = 16 does and then stays flat (fitted rate "
                   "0.0 on steps 340-400). The hardtanh family holds (rates 0.1047, 0.1048, 0.1052; beta_hat = 0.128, "
                   "0.128, 0.181) and both gain-1 teachers survive the filter with exponential memory (0.536 [0.518, "
                   "0.554], 0.639 [0.611, 0.667]); the gain 2 and 3 teachers are rejected as not approximated "
                   "(E_16(0) / Var y = 0.22, 0.90). A dead unit makes "
                   "the stability radius 0 (any beta turns its rate negative), which the finite-horizon blow-up point "
                   "does not resolve. The teacher filter separates the teachers by approximation only: no teacher was "
                   "approximated and unstable, so the teacher half does not exercise 'stable implies exponential'"),
    strategy=lambda: _stable_strategy(), slow=True, source=_src("Thm 3.9, Fig 3", "§3.1, §5.3, §6.7, §8.5, §8.11"),
)


def _stable_strategy() -> Any:
    """Small exponential-target families with softplus rates (the stable reparameterization: no unit can die, and
    perturbations move the raw w): 8 of 8 seeds held (100-107); with direct relu rates 3 of 11 drawn seeds failed on a
    dead unit (the known failure), too often for a drawn-instance test."""
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"target": st.just("exp"), "sigma": st.sampled_from(["tanh", "hardtanh"]),
                                  "phi": st.just("softplus"),
                                  "widths": st.just([2, 4]), "samples": st.just(64), "steps": st.just(30),
                                  "test_steps": st.just(60), "budget": st.just(300), "repeats": st.just(3),
                                  "blocks": st.just("all")})


# -- T39-polynomial-target-not-stable --------------------------------------------------------------------

def _measure_polynomial(instance: dict[str, Any], rng: np.random.Generator) -> Measurement:
    details = measure_family(instance, rng)
    return Measurement(float(stable_with_exponential_memory(details)), None, details)


def decaying_memory(details: dict[str, Any]) -> bool:
    """Hypothesis (d) of Theorem 3.9 as measured: every model's memory decays, with a rate interval above 0."""
    return bool(all(f["decayed"] and f["low"] > 0 for f in details["memory_fits"]))


def _judge_polynomial(instance: dict[str, Any], meas: Measurement) -> bool:
    """Informative (approximated by models whose memory decays: hypothesis (d)) and not stable. A family outside
    hypothesis (d), e.g. one with a dead relu unit (an integrator), says nothing about the theorem: it fails."""
    d = meas.details
    return approximated(d) and decaying_memory(d) and not stable(d)


T39_POLYNOMIAL = Claim(
    id="T39-polynomial-target-not-stable",
    title="Trained residual tanh/hardtanh RNNs on polynomial memory: no stable approximation with decaying memory",
    statement=("Given residual diagonal RNNs (tanh and hardtanh) trained on (1 + 0.1 t)^-1.1 linear-functional data "
               "(m = 4, 8, 16; shrunk settings), measure as in T39-stable-implies-exponential-memory; expect no stable "
               "approximation (Thm 3.9 read contrapositively, Fig 2). Only a family inside hypothesis (d) (approximated by models whose memory "
               "decays) is informative: there the blow-up points must move left with m (beta_hat_16 < beta_hat_4 / 2); "
               "a family outside it (a dead relu unit, an integrator) fails the claim rather than confirming it."),
    instances=lambda level: [_family("repo-pol", "tanh"), _family("repo-pol", "hardtanh")],
    measure=_measure_polynomial, judge=_judge_polynomial,
    tolerance="the complement of T39-stable-implies-exponential-memory's criterion (same thresholds)",
    design=lambda level: Design(
        instances=2, seeds=1, statistic="as T39-stable-implies-exponential-memory",
        threshold=("informative (approximated, and every model's memory decays with rate interval above 0: hypothesis "
                   "(d)) and not stable (beta_hat_16 < beta_hat_4 / 2)"),
        error=POLYNOMIAL_SEED_RATE,
        error_meaning=("P(the verdict differs at another seed), measured: small live-rate families on this target were "
                       "judged stable at 4 of 9 seeds; one trained family per instance, so one seed decides little"),
        method="one seed per instance",
        thresholds={"blow_up_factor": BLOW_UP_FACTOR, "approximated": APPROXIMATED, "stable_spread": STABLE_SPREAD,
                    "rate_fraction": RATE_FRACTION}),
    controls=(
        Control(lambda level: _family("damped-pol", "tanh", damping=0.1),
                crosses="exponential memory of the target",
                distance="(1 + 0.1 t)^-1.1 e^{-0.1 t}: the same polynomial damped at rate 0.1 (about -ln 0.9)"),
        Control(lambda level: _family("exp", "tanh"), crosses="exponential memory of the target",
                distance="0.9^t", near=False),
    ),
    departures=(
        Departure("criterion", spec="brief / spec P7: the crossing points (or the stability estimate) move left with m",
                  ours=("blow-up points moving left (beta_hat_16 < beta_hat_4 / 2), judged only on a family inside "
                        "hypothesis (d): approximated by models whose memory decays"),
                  why=("crossing points of these short families are noise (the exponential target's look the same); a "
                       "family with a non-decaying model memory is outside the theorem and cannot confirm it")),
        Departure("scope", spec="paper Fig 2: (1 + t)^-1.5 (App D), nonlinear functional not specified (8.3)",
                  ours="the repository's (1 + 0.1 t)^-1.1 linear functional",
                  why=("over a 40-step training horizon (1+t)^-1.5 falls to 0.004 of its start and a single rate ~0.1 "
                       "fits it; (1 + 0.1 t)^-1.1 falls only to 0.17, so its memory is long on the horizon")),
        _SHRUNK, _ESTIMATOR, _INIT, _NORM),
    known_failure=("not informative at these widths: at the full level, seed 0, both families are approximated but "
                   "every model carries a dead relu unit (lambda_min = 0, an integrator) and its memory does not decay, so "
                   "hypothesis (d) fails and the contrapositive is not tested (blow-up points tanh 0.045, 0.045, 0.045; "
                   "hardtanh 0.045, 0.064, 0.064: not moving left). Small families (m = 2, 4) on the same target that kept "
                   "live rates 0.02-0.05 were judged stable on 4 of 9 seeds: at m <= 16 on a 40-step horizon a "
                   "polynomial memory is approximated stably often enough that one seed decides nothing"),
    strategy=lambda: _polynomial_strategy(), slow=True, source=_src("Thm 3.9, Fig 2", "§3.1, §5.2, §7 P7, §8.5"),
)


def _polynomial_strategy() -> Any:
    """Small families on the longer polynomial memory (1 + 0.01 t)^-1.1 (nearly flat on 90 steps): every model kept an
    integrator unit (relu(w) = 0) on 6 of 6 seeds (100-105), which the judge reads as uninformative. On (1 + 0.1 t)^-1.1
    at m = 2, 4 (and 2, 8) 4 of 9 drawn seeds kept live rates 0.02-0.05 and were judged stable; see the known failure."""
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"target": st.just("repo-pol"), "scale": st.just(0.01),
                                  "sigma": st.sampled_from(["tanh", "hardtanh"]),
                                  "widths": st.just([2, 4]), "samples": st.just(64), "steps": st.just(30),
                                  "test_steps": st.just(90), "budget": st.just(300), "repeats": st.just(3),
                                  "blocks": st.just("all")})


CLAIMS = (T39_STABLE, T39_POLYNOMIAL)


# -- report: Figures 2 and 3 analogues -------------------------------------------------------------------

def _fmt(x: Any) -> str:
    return "-" if x is None or not np.isfinite(x) else f"{x:.3g}"


def _rate_cell(fit: dict[str, Any]) -> str:
    if not np.isfinite(fit["rate"]):
        return "fell to the floor at once"
    text = f"{fit['rate']:.3g} [{fit['low']:.3g}, {fit['high']:.3g}]"
    return text if fit["decayed"] else text + " (no decay on 400 steps)"


def _plot_curves(ax, details: dict[str, Any], title: str) -> None:
    x = REPO_BETAS.copy()
    x[0] = REPO_BETAS[1] / 2  # beta = 0 drawn half a grid step to the left, as the repository's notebook does
    for m, curve in zip(details["widths"], details["curves"]):
        ax.loglog(x, np.minimum(curve, 1e6), marker="o", ms=3, label=f"m = {m}")
    ax.axhline(BLOW_UP_FACTOR * details["variance"], color="k", ls=":", lw=0.8)
    ax.set_title(title, fontsize=8)
    ax.set_xlabel("beta (leftmost: 0)", fontsize=8)
    ax.set_ylabel("E_m(beta), test MSE", fontsize=8)
    ax.legend(fontsize=6)


def _family_rows(label: str, details: dict[str, Any]) -> list[str]:
    verdict = "yes" if stable_with_exponential_memory(details) else "no"
    return [f"| {label} | {m} | {details['E0'][k]:.2e} | {_fmt(details['blow_ups'][k])} | "
            f"{_fmt(details['crossings'][k]) if k < len(details['crossings']) else '-'} | {details['lambda_min'][k]:.3g} | "
            f"{_rate_cell(details['memory_fits'][k])} | {verdict if k == 0 else ''} |"
            for k, m in enumerate(details["widths"])]


def _scaled(instance: dict[str, Any], level: str) -> dict[str, Any]:
    if level == "full":
        return instance
    return {**instance, "widths": [2, 4], "samples": 64, "steps": 30, "test_steps": 60, "budget": 300, "repeats": 3}


def render_theorem39(ctx: ReportContext) -> str:
    """Figure 2/3 analogues: E_m(beta) per target, memory functions of the models and of the teachers."""
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(ctx.seed + 39)
    linear = {(t, s): measure_family(_scaled(_family(t, s), ctx.level), rng)
              for t in ("exp", "repo-pol") for s in ("tanh", "hardtanh")}
    teachers = _measure_teachers(_scaled(_teachers(), ctx.level), rng).details
    fig, axes = plt.subplots(2, 3, figsize=(13, 7.5))
    for ax, ((t, s), details) in zip(axes[0], list(linear.items())[:1] + list(linear.items())[2:3]):
        _plot_curves(ax, details, f"{'0.9^t' if t == 'exp' else '(1+0.1t)^-1.1'}, {s} students")
    best = max(range(len(teachers["families"])), key=lambda k: k in teachers["survivors"])
    _plot_curves(axes[0, 2], teachers["families"][best], f"tanh teacher {best} (gain {TEACHER_GAINS[best]}), hardtanh students")
    for ax, target in zip(axes[1, :2], ("exp", "repo-pol")):
        ax.set_title(f"model memory, {'0.9^t' if target == 'exp' else '(1+0.1t)^-1.1'} (solid tanh, dashed hardtanh)",
                     fontsize=8)
        ax.set_yscale("log")
        ax.set_xlabel("k (steps)", fontsize=8)
    for ax, target in zip(axes[1, :2], ("exp", "repo-pol")):
        for s, style in (("tanh", "-"), ("hardtanh", "--")):
            for m, memory in zip(linear[(target, s)]["widths"], linear[(target, s)]["memories"]):
                ax.semilogy(np.maximum(memory, 1e-18), style, lw=1, label=f"{s} m = {m}")
        ax.semilogy(np.abs(target_kernel(target, MEMORY_STEPS)), "k:", lw=1.2, label="target")
        ax.legend(fontsize=5)
    for k, family in enumerate(teachers["families"]):
        kept = k in teachers["survivors"]
        axes[1, 2].semilogy(np.maximum(family["target_memory"], 1e-18), "-" if kept else "--", lw=1,
                            label=f"teacher {k}, gain {TEACHER_GAINS[k]}: {'kept' if kept else 'rejected'}")
    axes[1, 2].set_title("teacher memory (solid: survivors of the filter)", fontsize=8)
    axes[1, 2].set_xlabel("k (steps)", fontsize=8)
    axes[1, 2].legend(fontsize=6)
    path = ctx.save_figure(fig, "theorem-3-9")
    lines = [f"![Theorem 3.9, Figures 2 and 3]({path})", "",
             f"Residual diagonal RNNs h_(k+1) = h_k + sigma(u x_k + b - relu(w) h_k), trained by Adam (level {ctx.level}, "
             f"seed {ctx.seed}; widths {linear[('exp', 'tanh')]['widths']}); E_m(beta): the repository's per-tensor l_inf "
             "perturbations of every tensor, worst of the random draws, running max, on a test horizon 3x the training "
             "one (dotted line: the blow-up level 10 Var y). Memory: step input at levels +-1, zero-input response "
             "subtracted; rate: tail log-linear fit with its 95% interval (numerics.decay_fit).", "",
             "| family | m | E_m(0) | blow-up beta_hat_m | crossing beta*_k (m_k -> m_k+1) | min relu(w) | memory rate "
             "[95%] | stable with exponential memory |", "|---|---|---|---|---|---|---|---|"]
    for (t, s), details in linear.items():
        lines += _family_rows(f"{'0.9^t' if t == 'exp' else '(1+0.1t)^-1.1'}, {s}", details)
    for k, family in enumerate(teachers["families"]):
        lines += _family_rows(f"teacher {k} (gain {TEACHER_GAINS[k]})", family)
    lines += ["", "| teacher | gain | approximated | stable | kept by the filter | teacher memory rate [95%] |",
              "|---|---|---|---|---|---|"]
    for k, family in enumerate(teachers["families"]):
        lines.append(f"| {k} | {TEACHER_GAINS[k]} | {'yes' if approximated(family) else 'no'} | "
                     f"{'yes' if stable(family) else 'no'} | {'yes' if k in teachers['survivors'] else 'no'} | "
                     f"{_rate_cell(family['target_fit'])} |")
    lines += ["", "Reading. Paper (Figs 2, 3): on polynomial memory the E_m curves' intersections move left with m (no "
              "stable approximation); every teacher that is stably approximated has exponentially decaying memory. "
              "Here the blow-up points are limited by the finite test horizon (a mode of rate -beta needs about "
              "ln(10)/beta steps to show), and trained direct (relu) rates can die (relu(w) = 0): such a unit "
              "integrates its input, its memory does not decay, and its stability radius is 0, which the table's "
              "min relu(w) column shows. The claims T39-stable-implies-exponential-memory and "
              "T39-polynomial-target-not-stable judge these numbers (seeds differ, so figures may differ slightly)."]
    return "\n".join(lines) + "\n"


REPRODUCTIONS = (
    Reproduction("theorem-3-9", "Theorem 3.9 end to end: trained tanh/hardtanh RNNs, stability and memory (Figs 2, 3)",
                 render_theorem39, slow=True),
)
