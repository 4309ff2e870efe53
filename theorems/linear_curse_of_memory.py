"""The curse of memory for linear RNNs (Li, Han, E & Li, ICLR 2021): the base case.

Setting: a linear functional H_t(x) = int_0^inf rho(s)^T x_{t-s} ds with memory kernel rho, and
width-m linear RNNs dh/dt = W h + U x, y = c^T h, whose kernel is rho_hat(s) = (c^T e^{Ws} U)^T.

- Jackson (approximation rate): if the step responses are smooth and decay like e^{-beta t},
  the best width-m error is at most C(alpha) gamma d / (beta m^alpha).
- Bernstein (inverse statement): if linear RNNs approximate H with bounded parameters and
  limsup_m max_j Re lambda_j(W_m) < -beta, then e^{beta t} |rho(t)|_1 -> 0: only exponentially
  decaying memory can be approximated that way.

Claims checked here, each with its kind, statistical design, boundary controls and departures:
- memory-equals-kernel-norm (implementation check): the simulated step-response memory of a
  linear RNN is |c^T e^{Wt} U|_1;
- memory-envelope (paper, spec §3.2 S5): that memory stays under the `memory_envelope` Bound
  sqrt(d) kappa(V) |c|_2 |U|_2 e^{s(W) t}, evaluated from the Bound object itself;
- fit-spectral-gap (paper, spec P6): best width-m exponential fits (m <= 8) keep a spectral gap
  for an exponential kernel and lose it for a polynomial one;
- fit-spectral-gap-at-14 (paper, spec P6, a finding): at m = 14 the fits' smallest rate is not
  determined in float64, and strict decrease fails for some fits.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import sympy as sp

from rnnbounds.numerics import kernels
from rnnbounds.numerics.exponential_fit import fit_exponential_sums
from rnnbounds.numerics.linear_rnn import LinearRNN, random_hurwitz
from rnnbounds.theorems import symbols as S
from rnnbounds.theorems.core import (
    Bound, Claim, ClaimKind, Control, Departure, Design, Direction, Hypothesis, Instance, Level, Measurement,
    Provenance, ReportContext, Reproduction, Source, Theorem, Verdict,
)
from rnnbounds.theorems.core.statistics import chance_all_pass

SPEC = "wang2023_inverse_approximation.md"
LI2021 = "Li, Han, E & Li, ICLR 2021"
RESTATED = "Wang, Li & Li, ICLR 2024"

time = S.declare("time", "nonnegative", latex="t", description="continuous time")
C_alpha = S.declare("C_alpha", "positive", latex=r"C(\alpha)", description="constant of the Jackson rate")
K_memory = S.declare("K_memory", "positive", latex="K", description="unspecified constant of a shape bound")
kappa_V = S.declare("kappa_V", "positive", latex=r"\kappa(V)", description="condition number of W's eigenvectors")
norm_c = S.declare("norm_c", "positive", latex=r"\|c\|_2", description="Euclidean norm of the readout")
norm_U = S.declare("norm_U", "positive", latex=r"\|U\|_2", description="spectral norm of the input matrix")

HURWITZ = Hypothesis("hurwitz", "max_j Re lambda_j(W) = -beta < 0")
SMOOTH_DECAY = Hypothesis(
    "smooth-decay",
    "y_i in C^(alpha+1), e^{beta t} y_i^(k)(t) = o(1) and sup_t |e^{beta t} y_i^(k)(t)| / beta^k <= gamma, k = 1..alpha+1",
)
UNIFORM_GAP = Hypothesis(
    "uniform-gap",
    "width-m linear RNNs match y_i^(k) uniformly, parameters bounded, limsup_m max_j Re lambda_j(W_m) < -beta",
)

JACKSON = Bound(
    name="jackson",
    quantity="best width-m error sup_t ||H_t - H_hat_t||",
    expr=C_alpha * S.gamma * S.d / (S.beta * S.m**S.alpha),
    direction=Direction.UPPER,
    provenance=Provenance.STATED,
    source=Source(f"{LI2021}, restated in {RESTATED}", "Thm A.3 of the 2024 paper (Jackson-type)", f"{SPEC} §2.7"),
    hypotheses=(SMOOTH_DECAY,),
    reference={"C_alpha": 1.0, "gamma": 1.0, "d": 1, "beta": 0.1, "m": 8, "alpha": 1.0},
    scan="m",
    description="Approximation error decays polynomially in the width m, at rate alpha (smoothness).",
)
BERNSTEIN = Bound(
    name="bernstein",
    quantity="memory |rho(t)|_1 of a target approximable with a uniform spectral gap",
    expr=K_memory * sp.exp(-S.beta * time),
    direction=Direction.UPPER,
    provenance=Provenance.SHAPE,
    source=Source(f"{LI2021}, restated in {RESTATED}", "Thm A.4 of the 2024 paper (Bernstein-type)", f"{SPEC} §2.7"),
    hypotheses=(UNIFORM_GAP,),
    reference={"K_memory": 1.0, "beta": 0.1, "time": 10.0},
    scan="time",
    description="e^{beta t} |rho(t)|_1 = o(1): the memory decays exponentially; the constant K is not given.",
)
ENVELOPE = Bound(
    name="memory_envelope",
    quantity="memory M(t) = |c^T e^{Wt} U|_1 of a diagonalizable linear RNN",
    expr=sp.sqrt(S.d) * kappa_V * norm_c * norm_U * sp.exp(-S.beta * time),
    direction=Direction.UPPER,
    provenance=Provenance.DERIVED,
    source=Source(LI2021, "linear RNN kernel c^T e^{Ws} U (Sec 2)", f"{SPEC} §2.1"),
    hypotheses=(HURWITZ,),
    reference={"d": 2, "kappa_V": 3.0, "norm_c": 1.0, "norm_U": 1.0, "beta": 0.5, "time": 10.0},
    scan="time",
    description="W = V diag(lambda) V^-1 gives |c^T e^{Wt} U x| <= |c|_2 kappa(V) e^{-beta t} |U|_2 sqrt(d) |x|_inf.",
)


# -- implementation check: the step-response memory of a linear RNN is |c^T e^{Wt} U|_1 -----------

#: sup_t |M_sim - M_exact| / sup_t M_exact allowed: rounding only, the zero-order hold being exact
IDENTITY_TOLERANCE = 1e-10


def _random_network(instance: Instance, rng: np.random.Generator) -> LinearRNN:
    """An ensemble of random linear RNNs with W Hurwitz at spectral abscissa -margin."""
    m, d, ensemble = instance["m"], instance["d"], (instance["ensemble"],)
    W = random_hurwitz(rng, m, instance["margin"], ensemble)
    return LinearRNN(W, rng.standard_normal(ensemble + (m, d)), rng.standard_normal(ensemble + (m,)))


def _measure_memory_identity(instance: Instance, rng: np.random.Generator) -> Measurement:
    """sup_t |M_sim(t) - |rho(t)|_p| / sup_t |rho(t)|_p, worst network; p = norm_power (1 for the check)."""
    net = _random_network(instance, rng)
    t = np.linspace(0.0, instance["horizon"], 401)
    simulated = net.heaviside_memory(t)
    exact = np.linalg.norm(net.kernel(t), ord=instance["norm_power"], axis=-1)
    error = np.max(np.abs(simulated - exact), axis=-1) / np.max(exact, axis=-1)
    return Measurement(float(error.max()), IDENTITY_TOLERANCE, {"per_network_error": error.tolist()})


def _memory_instances(level: Level) -> list[Instance]:
    shapes = [(1, 1), (3, 2), (6, 3)] + ([(8, 4), (5, 1)] if level == "full" else [])
    return [{"m": m, "d": d, "ensemble": 4, "margin": 0.2, "horizon": 20.0, "norm_power": 1.0} for m, d in shapes]


def _memory_control(norm_power: float) -> Callable[[Level], Instance]:
    return lambda level: {"m": 4, "d": 3, "ensemble": 4, "margin": 0.2, "horizon": 20.0, "norm_power": norm_power}


def _memory_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({
        "m": st.integers(1, 6), "d": st.integers(1, 3), "ensemble": st.just(3),
        "margin": st.floats(0.1, 2.0), "horizon": st.floats(2.0, 20.0), "norm_power": st.just(1.0),
    })


MEMORY_IDENTITY = Claim(
    id="memory-equals-kernel-norm",
    title="Memory of a linear RNN equals |c^T e^{Wt} U|_1",
    statement=("Given random Hurwitz W (m <= 8), U (m x d) and c, measure M(t) = max over sign vectors x of "
               "|d/dt c^T h_t| under the step input x 1[t >= 0], simulated exactly step by step; expect "
               "|c^T e^{Wt} U|_1 computed by expm. An implementation check: both sides come from e^{Wt}, and the "
               "sup over |x|_inf <= 1 is taken at the sign vectors, so it tests our simulator, not the paper."),
    instances=_memory_instances,
    measure=_measure_memory_identity,
    judge=lambda instance, meas: meas.measured <= IDENTITY_TOLERANCE,
    tolerance="sup_t |M_sim - M_exact| <= 1e-10 sup_t M_exact, for every network of the ensemble",
    kind=ClaimKind.IMPLEMENTATION,
    controls=(
        Control(_memory_control(1.0 + 1e-8), crosses="the memory is the l1 norm, dual to |x|_inf (eq 4)",
                distance="l_p norm with p = 1 + 1e-8 (d = 3): moves |rho|_p by ~1e-8 relative, 100x the tolerance"),
        Control(_memory_control(2.0), crosses="the memory is the l1 norm, dual to |x|_inf (eq 4)",
                distance="the l2 norm, p = 2", near=False),
    ),
    departures=(Departure("criterion", spec="P2: agreement to 1e-6 relative on [0, 20]", ours="1e-10 relative",
                          why="the zero-order hold is exact for a step input, so only rounding separates the two"),),
    strategy=_memory_strategy,
    source=Source(RESTATED, "eq 4 (M(H)(t) = |rho(t)|_1) with rho_hat = c^T e^{Ws} U",
                  f"{SPEC} §2.2, §3.5 K1, §7 P2"),
)


# -- paper claim: the memory decays at the spectral abscissa, under the derived envelope --------

#: the envelope is proved, so M / envelope may exceed 1 by rounding only
ENVELOPE_ROUNDING = 1e-9
#: the window [0, ENVELOPE_WINDOW / beta] spans twelve e-foldings of the slowest mode
ENVELOPE_WINDOW = 12.0
#: the false-pass chance is stated against this fraction of random networks breaking the envelope
ENVELOPE_BREAK_RATE = 0.1


def envelope_values(net: LinearRNN, t: np.ndarray, rate_factor: float = 1.0) -> np.ndarray:
    """The ``memory_envelope`` Bound per network (axis 0) and time (axis 1).

    sqrt(d) kappa(V) |c|_2 |U|_2 e^{-beta t} with W = V diag(lambda) V^-1 and beta = -rate_factor s(W),
    s(W) = max_i Re lambda_i the spectral abscissa (rate_factor = 1 is the claim).
    """
    _, V = np.linalg.eig(net.W)
    column = lambda values: np.asarray(values, dtype=np.float64)[:, None]
    return ENVELOPE.evaluate(
        d=net.input_dim, kappa_V=column(np.linalg.cond(V)), norm_c=column(np.linalg.norm(net.c, axis=-1)),
        norm_U=column(np.linalg.norm(net.U, ord=2, axis=(-2, -1))),
        beta=column(-rate_factor * net.spectral_abscissa()), time=np.asarray(t, dtype=np.float64)[None, :])


def _measure_envelope(instance: Instance, rng: np.random.Generator) -> Measurement:
    """M(t) = |c^T e^{Wt} U|_1 and the envelope, at the (network, t) where their ratio is largest."""
    net = _random_network(instance, rng)
    t = np.linspace(0.0, ENVELOPE_WINDOW / instance["margin"], 401)
    memory, envelope = net.memory(t), envelope_values(net, t, instance["rate_factor"])
    ratio = memory / envelope
    worst = np.unravel_index(np.argmax(ratio), ratio.shape)
    return Measurement(float(memory[worst]), float(envelope[worst]),
                       {"max_ratio_per_network": ratio.max(axis=-1).tolist(), "worst_time": float(t[worst[1]])})


def _envelope_instances(level: Level) -> list[Instance]:
    """m = d = 1 attains the envelope (M = |c u| e^{-beta t}); the other shapes are generic."""
    shapes = [(1, 1), (2, 1), (4, 2), (6, 3)] + ([(8, 2), (3, 4), (5, 1)] if level == "full" else [])
    return [{"m": m, "d": d, "ensemble": 10, "margin": 0.3, "rate_factor": 1.0} for m, d in shapes]


def _envelope_design(level: Level) -> Design:
    networks = sum(instance["ensemble"] for instance in _envelope_instances(level))
    return Design(
        instances=networks, seeds=1, statistic="max over networks and t in [0, 12/beta] of M(t) / envelope(t)",
        threshold="<= 1 + 1e-9 (a proved bound: rounding only)",
        error=chance_all_pass(networks, ENVELOPE_BREAK_RATE),
        error_meaning=f"P(passes | the envelope fails on {ENVELOPE_BREAK_RATE:.0%} of random networks)",
        method=f"(1 - rate)^n over n = {networks} independent networks, all must hold",
        thresholds={"ratio": 1.0, "rounding": ENVELOPE_ROUNDING, "rate_factor": 1.0, "window": ENVELOPE_WINDOW})


def _envelope_control(m: int, d: int, rate_factor: float) -> Callable[[Level], Instance]:
    return lambda level: {"m": m, "d": d, "ensemble": 10, "margin": 0.3, "rate_factor": rate_factor}


def _envelope_strategy() -> Any:
    from hypothesis import strategies as st

    return st.fixed_dictionaries({
        "m": st.integers(1, 6), "d": st.integers(1, 3), "ensemble": st.just(3),
        "margin": st.floats(0.1, 1.5), "rate_factor": st.just(1.0),
    })


ENVELOPE_CLAIM = Claim(
    id="memory-envelope",
    title="Memory decays at least as fast as e^{max Re lambda(W) t}",
    statement=("Given random diagonalizable Hurwitz W, measure M(t) = |c^T e^{Wt} U|_1 on t in [0, 12/beta] and the "
               "memory_envelope bound sqrt(d) kappa(V) |c|_2 |U|_2 e^{-beta t} at beta = -s(W), the spectral "
               "abscissa; expect M <= envelope everywhere, with equality for m = d = 1."),
    instances=_envelope_instances,
    measure=_measure_envelope,
    judge=lambda instance, meas: meas.measured <= meas.bound * (1.0 + ENVELOPE_ROUNDING),
    tolerance="M(t) <= (1 + 1e-9) envelope(t) for every network and t (a proved bound: rounding only)",
    design=_envelope_design,
    controls=(
        Control(_envelope_control(1, 1, 1.0 + 1e-7), crosses="beta <= -s(W): the envelope's rate is the spectral gap",
                distance="beta = (1 + 1e-7) gap on the attained case m = d = 1: ratio e^{1.2e-6} at t = 12/beta, "
                         "1200x the rounding allowance"),
        Control(_envelope_control(4, 2, 2.0), crosses="beta <= -s(W): the envelope's rate is the spectral gap",
                distance="beta = 2 gap on generic networks (m = 4, d = 2)", near=False),
    ),
    departures=(
        Departure("criterion", spec="§3.2 S5: M(H_m)(t) <= C_0 e^{-beta_0 t}, C_0 from the nonlinear proof (eq 43); "
                  "eq 38's |e^{Wt}|_2 <= e^{-beta_0 t} holds for normal W only (§3.4 c1)",
                  ours="M(t) <= sqrt(d) kappa(V) |c|_2 |U|_2 e^{s(W) t}, a derived constant",
                  why="for linear W the constant is explicit and attained (m = d = 1), so the check resolves the rate"),
        Departure("grid", spec="all t >= 0", ours="401 points on [0, 12/beta]",
                  why="a rate too fast by a factor 1 + delta shows as e^{12 delta} inside the window"),
        Departure("scope", spec="the approximating family, sup over m", ours="single random networks, m <= 8",
                  why="the family bound is the per-network bound with the sup of its constant"),
    ),
    strategy=_envelope_strategy,
    bound="memory_envelope",
    source=Source(RESTATED, "Thm A.4 mechanism: memory decays at the spectral abscissa (S5, eq 38)",
                  f"{SPEC} §3.2 S5, §3.4 c1"),
)


# -- paper claims: best exponential fits keep their spectral gap only for exponential memory ----

FIT_GRID = np.arange(1.0, 101.0)          # t = 1, ..., 100 (spec §5.1, P6)
GAP_WIDTHS = [1, 2, 4, 6, 8]              # the spec's widths up to 8
SPEC_WIDTHS = [1, 2, 4, 6, 8, 14]         # spec P6
EXPONENTIAL_RATE = float(-np.log(0.9))    # rho = 0.9^t; spec: lambda_min "stays at -ln 0.9 = 0.1054"
RATE_TOLERANCE = 5e-4                     # relative: the precision of the spec's four digits 0.1054
FALL_FACTOR = 0.1                         # vanishing: lambda_min(last width) <= lambda_min(1) / 10
ACTIVE_TOL = 1e-6                         # a mode is active when |c_i| > 1e-6 max_j |c_j|
FIT_SEEDS = {"quick": 1, "full": 3}       # independent multistart fits per target, every one judged
AT_14_SEEDS = 8                           # fits per target at m = 14
AT_14_BREAK_RATE = 0.2                    # measured: 7 of 35 fits broke; the miss chance is stated at it


def _target_kernel(instance: Instance) -> np.ndarray:
    """rho on FIT_GRID: e^{-rate t} + tail (1+t)^-1.1, or (1+t)^-power e^{-damping t}."""
    if instance["kernel"] == "exponential":
        return kernels.exponential(FIT_GRID, instance["rate"]) + instance["tail"] * kernels.polynomial(FIT_GRID, 1.1)
    return kernels.polynomial(FIT_GRID, instance["power"]) * np.exp(-instance["damping"] * FIT_GRID)


def _measure_fit_gap(instance: Instance, rng: np.random.Generator) -> Measurement:
    """lambda_min(m) per width for ``seeds`` fits, each from its own random starts (rows: fits)."""
    rho, widths = _target_kernel(instance), list(instance["widths"])
    runs = [fit_exponential_sums(FIT_GRID, rho, widths, rng=child) for child in rng.spawn(instance["seeds"])]
    gaps = np.array([[fit.active_min_rate(tol=ACTIVE_TOL) for fit in fits] for fits in runs])
    worst = gaps[np.argmax(gaps[:, -1] / gaps[:, 0])]
    return Measurement(float(worst[-1] / worst[0]), None, {
        "widths": widths, "lambda_min": worst.tolist(), "lambda_min_per_fit": gaps.tolist(),
        "max_error": [[fit.max_error for fit in fits] for fits in runs]})


def gap_prediction_holds(instance: Instance, gaps: np.ndarray) -> bool:
    """bounded: lambda_min(m) = predicted_rate within RATE_TOLERANCE at every m;
    vanishing: strictly decreasing in m and down to FALL_FACTOR of lambda_min(first width)."""
    gaps = np.asarray(gaps, dtype=np.float64)
    if instance["expect"] == "bounded":
        return bool(np.all(np.abs(gaps / instance["predicted_rate"] - 1.0) <= RATE_TOLERANCE))
    return bool(np.all(np.diff(gaps) < 0) and gaps[-1] <= FALL_FACTOR * gaps[0])


def _judge_fit_gap(instance: Instance, meas: Measurement) -> bool:
    """The prediction must hold for every fit."""
    return all(gap_prediction_holds(instance, row) for row in meas.details["lambda_min_per_fit"])


def _exponential_target(widths: list[int], seeds: int, rate: float = EXPONENTIAL_RATE, tail: float = 0.0) -> Instance:
    return {"kernel": "exponential", "rate": rate, "tail": tail, "widths": widths, "seeds": seeds,
            "expect": "bounded", "predicted_rate": EXPONENTIAL_RATE}


def _polynomial_target(widths: list[int], seeds: int, power: float = 1.1, damping: float = 0.0) -> Instance:
    return {"kernel": "polynomial", "power": power, "damping": damping, "widths": widths, "seeds": seeds,
            "expect": "vanishing"}


def _polynomial_judged_bounded(widths: list[int], seeds: int) -> Instance:
    return {**_polynomial_target(widths, seeds), "expect": "bounded", "predicted_rate": EXPONENTIAL_RATE}


def _fit_instances(level: Level) -> list[Instance]:
    seeds = FIT_SEEDS[level]
    found = [_exponential_target(GAP_WIDTHS, seeds), _polynomial_target(GAP_WIDTHS, seeds)]
    return found + ([_polynomial_target(GAP_WIDTHS, seeds, power=1.5)] if level == "full" else [])


def _fit_design(level: Level) -> Design:
    return Design(
        instances=len(_fit_instances(level)), seeds=FIT_SEEDS[level],
        statistic="lambda_min(m), the smallest active rate of the best m-term fit, for every fit",
        threshold=("bounded: |lambda_min(m) / (-ln 0.9) - 1| <= 5e-4 at every m; vanishing: strictly decreasing "
                   "and lambda_min(8) <= lambda_min(1) / 10"),
        error=0.0, error_meaning="none: the fits are a fixed computation given the seed",
        method=("deterministic; the only randomness, the optimizer's random starts, left lambda_min(m <= 8) the same "
                "to four digits over 13 seeds"),
        thresholds={"predicted_rate": EXPONENTIAL_RATE, "rate_tolerance": RATE_TOLERANCE, "fall_factor": FALL_FACTOR,
                    "active_tol": ACTIVE_TOL, "grid_first": float(FIT_GRID[0]), "grid_last": float(FIT_GRID[-1]),
                    "max_width": float(GAP_WIDTHS[-1])})


def _fit_control(build: Callable[..., Instance], widths: list[int], **changes: Any) -> Callable[[Level], Instance]:
    """A control judged on one fit (at m <= 8 every seed gives the same lambda_min)."""
    return lambda level: build(widths, 1, **changes)


STRICTNESS_CONTROL = Control(
    _fit_control(_polynomial_target, [1, 2, 4, 4, 6, 8]), crosses="strict decrease of lambda_min (vanishing branch)",
    distance="width 4 twice: one step of exactly 0, the fall (0.03) still below 0.1")
FALL_CONTROL = Control(
    _fit_control(_polynomial_target, GAP_WIDTHS, damping=0.03),
    crosses="polynomial memory (the vanishing branch's hypothesis): fall to a tenth",
    distance="(1+t)^-1.1 e^{-0.03 t}: lambda_min(8) / lambda_min(1) = 0.13, 30% above 0.1")


def _fit_strategy() -> Any:
    from hypothesis import strategies as st

    rate = st.floats(0.05, 0.5)
    exponential = rate.map(lambda r: {**_exponential_target([1, 2, 4], 1, rate=r), "predicted_rate": r})
    polynomial = st.floats(1.05, 1.6).map(lambda p: _polynomial_target([1, 2, 4, 6], 1, power=p))
    return st.one_of(exponential, polynomial)


FIT_GAP = Claim(
    id="fit-spectral-gap",
    title="Best exponential fits: the gap stays for exp memory, vanishes for polynomial memory",
    statement=("Given the best m-term exponential fits (free rates, variable projection) of rho on t = 1..100, "
               "m = 1, 2, 4, 6, 8, measure the smallest active rate lambda_min(m); expect it to stay at -ln 0.9 for "
               "rho = 0.9^t, and to decrease strictly, to a tenth of lambda_min(1) or less, for rho = (1+t)^-1.1 "
               "(and (1+t)^-1.5 at the full level). m = 14 is the claim fit-spectral-gap-at-14."),
    instances=_fit_instances,
    measure=_measure_fit_gap,
    judge=_judge_fit_gap,
    tolerance=("bounded: |lambda_min(m) / (-ln 0.9) - 1| <= 5e-4; vanishing: strictly decreasing and "
               "lambda_min(8) <= 0.1 lambda_min(1); for every fit"),
    design=_fit_design,
    controls=(
        Control(_fit_control(_exponential_target, [1, 2], rate=EXPONENTIAL_RATE * (1 + 1e-3)),
                crosses="upper edge of the bounded window, lambda_min / (-ln 0.9) - 1 <= 5e-4",
                distance="target rate (1 + 1e-3)(-ln 0.9): twice the tolerance above"),
        Control(_fit_control(_exponential_target, [1, 2], rate=EXPONENTIAL_RATE * (1 - 1e-3)),
                crosses="lower edge of the bounded window, lambda_min / (-ln 0.9) - 1 >= -5e-4",
                distance="target rate (1 - 1e-3)(-ln 0.9): twice the tolerance below"),
        Control(_fit_control(_exponential_target, [1, 2, 4], tail=1e-4),
                crosses="exponentially decaying memory (the bounded branch's hypothesis)",
                distance="0.9^t + 1e-4 (1+t)^-1.1: the smallest decade of tail the fits see (1e-5 stays hidden)"),
        FALL_CONTROL,
        STRICTNESS_CONTROL,
        Control(_fit_control(_polynomial_judged_bounded, [1, 2, 4]),
                crosses="exponentially decaying memory", distance="(1+t)^-1.1 judged as bounded", near=False),
    ),
    departures=(
        Departure("grid", spec="m = 1, 2, 4, 6, 8, 14", ours="m <= 8; m = 14 in its own claim, fit-spectral-gap-at-14",
                  why="an earlier version dropped m = 14 after it failed; that failure is now a finding of its own, "
                      "so that this claim's verdict does not hinge on one unresolved width"),
        Departure("criterion", spec="vanishing: lambda_min strictly decreasing", ours="and lambda_min(8) <= "
                  "lambda_min(1) / 10", why="strict decrease alone allows a positive limit, and rounding can make a "
                  "constant sequence decrease; the spec's own values fall 34x by m = 8"),
        Departure("criterion", spec="bounded: stays at -ln 0.9 = 0.1054", ours="within 5e-4 relative at every m",
                  why="the spec gives the value to four digits; an earlier version only asked for >= lambda_min(1)/2"),
        Departure("scope", spec="rho = (1+t)^-1.1 and 0.9^t", ours="also (1+t)^-1.5 at the full level",
                  why="the polynomial target of §5.2, checked the same way"),
    ),
    strategy=_fit_strategy,
    source=Source(RESTATED, "Fig 1 mechanism (spectral gap of the fits)", f"{SPEC} §7 P6"),
)


def _at_14_instances(level: Level) -> list[Instance]:
    return [_polynomial_target(SPEC_WIDTHS, AT_14_SEEDS), _polynomial_target(SPEC_WIDTHS, AT_14_SEEDS, power=1.5)]


def _at_14_design(level: Level) -> Design:
    fits = sum(instance["seeds"] for instance in _at_14_instances(level))
    return Design(
        instances=len(_at_14_instances(level)), seeds=AT_14_SEEDS,
        statistic="lambda_min(m), m = 1, 2, 4, 6, 8, 14, for every fit (all reach max error <= 1e-10)",
        threshold="strictly decreasing and lambda_min(14) <= lambda_min(1) / 10, for every fit",
        error=chance_all_pass(fits, AT_14_BREAK_RATE),
        error_meaning=f"P(every fit holds | fits break at rate {AT_14_BREAK_RATE}): the chance of missing the finding",
        method=f"(1 - rate)^n over n = {fits} fits with independent random starts",
        thresholds={"fall_factor": FALL_FACTOR, "active_tol": ACTIVE_TOL, "max_width": float(SPEC_WIDTHS[-1])})


FIT_GAP_AT_14 = Claim(
    id="fit-spectral-gap-at-14",
    title="Best exponential fits at m = 14: lambda_min(14) is not determined in float64",
    statement=("Given eight 14-term exponential fits of (1+t)^-1.1 and of (1+t)^-1.5 on t = 1..100, each from its own "
               "random starts, measure lambda_min(m) for m = 1, 2, 4, 6, 8, 14; expect, as spec P6 says, a strictly "
               "decreasing lambda_min for every fit."),
    instances=_at_14_instances,
    measure=_measure_fit_gap,
    judge=_judge_fit_gap,
    tolerance="strictly decreasing and lambda_min(14) <= 0.1 lambda_min(1), for every fit",
    design=_at_14_design,
    controls=(FALL_CONTROL, STRICTNESS_CONTROL),
    known_failure=("fits of equal accuracy (max error 2e-11 to 1.1e-10) put lambda_min(14) anywhere from below 1e-5 "
                   "to 0.63; about one fit in five (7 of 35 over three runs) exceeds lambda_min(8) (0.0062 for "
                   "(1+t)^-1.1, 0.0093 for (1+t)^-1.5), so strict decrease fails and the best fit's lambda_min at "
                   "m = 14 is not a function of the target; the spec quotes 0.0008 at max error 5e-10"),
    strategy=_fit_strategy,
    slow=True,
    source=Source(RESTATED, "Fig 1 mechanism (spectral gap of the fits) at m = 14", f"{SPEC} §7 P6"),
)


# -- reproduction: memory against the envelope ---------------------------------------------------

def _render_memory_figure(ctx: ReportContext) -> str:
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(ctx.seed)
    net = _random_network({"m": 4, "d": 2, "ensemble": 3, "margin": 0.3}, rng)
    t = np.linspace(0.0, 40.0, 401)
    memory, envelope = net.memory(t), envelope_values(net, t)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for k in range(memory.shape[0]):
        line, = ax.semilogy(t, memory[k], label=f"network {k}: M(t)")
        ax.semilogy(t, envelope[k], "--", color=line.get_color(), label=f"network {k}: envelope")
    ax.set_xlabel("t")
    ax.set_ylabel("memory")
    ax.legend(fontsize=7)
    path = ctx.save_figure(fig, "memory-envelope")
    return (f"![memory against envelope]({path})\n\nThree random Hurwitz linear RNNs (m = 4, d = 2, seed "
            f"{ctx.seed}): the memory |c^T e^{{Wt}} U|_1 (solid) stays under the derived envelope "
            "sqrt(d) kappa(V) |c|_2 |U|_2 e^{s(W) t} (dashed) and decays at the same rate.\n")


THEOREM = Theorem(
    id="linear-curse-of-memory",
    title="Curse of memory for linear RNNs (Jackson and Bernstein-type theorems)",
    citation=("Z. Li, J. Han, W. E, Q. Li. On the curse of memory in recurrent neural networks: approximation "
              "and optimization analysis. ICLR 2021."),
    spec=f"{SPEC} §2.7 (the base case the inverse-approximation paper extends)",
    statement=(r"H_t(x)=\int_0^\infty \rho(s)^\top x_{t-s}\,ds.\ \text{If } \sup_t\|H_t-\hat H^{(m)}_t\|\to 0 "
               r"\text{ with bounded parameters and } \limsup_m \max_j \operatorname{Re}\lambda_j(W_m)<-\beta<0, "
               r"\text{ then } e^{\beta t}|\rho(t)|_1\to 0;\ \text{conversely } \inf_{\hat H\in\mathcal H^{(m)}}"
               r"\sup_t\|H_t-\hat H_t\|\le \frac{C(\alpha)\gamma d}{\beta m^\alpha}."),
    summary=("Linear RNNs approximate a linear functional efficiently (Jackson rate, stated) only when its "
             "memory decays exponentially; if an approximation keeps a uniform spectral gap, the target's "
             "memory must decay exponentially (Bernstein-type, encoded as a shape bound: its constant is not "
             "given). The memory envelope is our own derivation for diagonalizable W."),
    hypotheses=(HURWITZ, SMOOTH_DECAY, UNIFORM_GAP),
    bounds=(JACKSON, BERNSTEIN, ENVELOPE),
    claims=(MEMORY_IDENTITY, ENVELOPE_CLAIM, FIT_GAP, FIT_GAP_AT_14),
    reproductions=(Reproduction("memory-envelope", "Memory of random linear RNNs against the envelope",
                                _render_memory_figure),),
    headline=("Linear RNNs suffer a curse of memory: a linear functional is approximated efficiently only when its "
              "memory decays exponentially, and an approximation whose recurrent spectra keep a uniform gap beta "
              "forces the target's memory to decay like e^{-beta t}."),
    headline_source=("paraphrase of Li, Han, E and Li (ICLR 2021) as restated in the inverse-approximation spec §2.7 "
                     "(App A.3 of Wang, Li and Li), not a quotation; that spec carries no [V] tags"),
    headline_claims=("fit-spectral-gap", "fit-spectral-gap-at-14", "memory-envelope"),
)

__all__ = ["THEOREM", "Verdict"]
