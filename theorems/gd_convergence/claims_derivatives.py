"""Claims on one neuron's derivatives and on the initialisation: P4, P5, P7, P14, P15."""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import activation
from rnnbounds.numerics.bounded_inputs import bounded_sequences
from rnnbounds.numerics.diagonal_rnn import network_output, symmetric_init
from rnnbounds.numerics.neuron_derivatives import gradient_and_hessian_norms, tangent_features
from rnnbounds.theorems.core import Claim, Measurement, Source, Verdict
from rnnbounds.theorems.gd_convergence import experiments as E
from rnnbounds.theorems.gd_convergence.bounds import PAPER, SPEC

RELATIVE = 1e-9  # float64 round-off allowance for "measured <= bound"
BOUNDED_SLOPE = 0.01  # "bounded in T": log-growth per step over the second half below 1%


def _source(prediction: str) -> Source:
    return Source(PAPER, "toolkit prediction on the reconstructed model", f"{SPEC} section 6 {prediction}")


def _norms(instance, rng) -> tuple[float, float, float]:
    """(max ||psi||, max ||Hessian||_op, witness ||d h/d u|| / S_T(a)) over random draws + witness."""
    T, d, alpha, name = instance["T"], instance["d"], instance["alpha"], instance["activation"]
    act = activation(name)
    w, U = E.random_neurons(rng, instance["draws"], d, alpha)
    X = bounded_sequences(rng, instance.get("inputs", 4), T, d)
    g, h = gradient_and_hessian_norms(w, U, X, act) if instance.get("hessian") else (
        np.linalg.norm(tangent_features(w, U, X, act), axis=-1), np.zeros(1))
    ww, Uw, Xw = E.witness(T, d, alpha, alpha * act.lipschitz)
    gw, hw = gradient_and_hessian_norms(ww, Uw, Xw, act)
    psi_u = np.linalg.norm(tangent_features(ww, Uw, Xw, act)[..., 1:])
    return max(g.max(), gw.max()), max(h.max(), hw.max()), float(psi_u / _memory(T, alpha * act.lipschitz))


def _memory(T: int, gain: float) -> float:
    return float(T) if gain == 1 else (1 - gain**T) / (1 - gain)


def _derivative_strategy():
    import hypothesis.strategies as st
    return st.fixed_dictionaries({
        "alpha": st.floats(0.1, 2.0), "T": st.integers(1, 40), "d": st.integers(1, 32),
        "draws": st.integers(1, 64), "activation": st.sampled_from(["tanh", "sigmoid"])})


def _gradient_measure(instance, rng) -> Measurement:
    g, _, ratio = _norms(instance, rng)
    if instance.get("bound_form", "G_T") == "T-free":
        bound = E.gradient_asymptote_value(instance["bound_gain"], instance["activation"])
    else:
        bound = E.gradient_bound_value(instance["T"], instance["alpha"], instance["activation"])
    return Measurement(float(g), float(bound), {"witness_ratio": ratio})


def _below(instance, measurement: Measurement) -> bool:
    return measurement.measured <= measurement.bound * (1 + RELATIVE)


def _gradient_instances(level):
    Ts = (1, 5, 20, 60) if level == "full" else (1, 5, 20)
    return [{"alpha": a, "T": T, "d": 3, "draws": 64 if level == "quick" else 300, "activation": "tanh"}
            for a in (0.5, 0.9, 1.0, 1.1, 1.3) for T in Ts]


P4 = Claim(
    id="P4-gradient-norm", title="Per-neuron gradient norm below G_{T-1}",
    statement="Given |w| <= alpha, u ~ N(0, I_d), ||X_t||_2 <= 1 and the tightness witness, measure "
              "max ||d h_{T-1}/d theta_i||; expect it <= G_{T-1}(a = alpha s1) (F4).",
    instances=_gradient_instances, measure=_gradient_measure, judge=_below,
    tolerance="measured <= bound (1 + 1e-9), float64 round-off",
    negative_control=lambda level: {"alpha": 1.3, "T": 30, "d": 3, "draws": 64, "activation": "tanh",
                                    "bound_form": "T-free", "bound_gain": 0.9},
    strategy=_derivative_strategy, bound="G", source=_source("P4"))


def _hessian_measure(instance, rng) -> Measurement:
    _, h, _ = _norms({**instance, "hessian": True}, rng)
    if instance.get("bound_form", "beta_T") == "T-free":
        bound = E.hessian_asymptote_value(instance["bound_gain"], instance["activation"])
    else:
        bound = E.hessian_bound_value(instance["T"], instance["alpha"], instance["activation"])
    return Measurement(float(h), float(bound), {})


P5 = Claim(
    id="P5-hessian-norm", title="Per-neuron Hessian norm below beta_{T-1}",
    statement="Same draws as P4; measure max ||d^2 h_{T-1}/d theta_i^2||_op; expect it <= beta_{T-1} "
              "from the exact recursion F5.",
    instances=lambda level: [{**i, "draws": min(i["draws"], 64)} for i in _gradient_instances(level)],
    measure=_hessian_measure, judge=_below, tolerance="measured <= bound (1 + 1e-9)",
    negative_control=lambda level: {"alpha": 1.3, "T": 30, "d": 3, "draws": 64, "activation": "tanh",
                                    "bound_form": "T-free", "bound_gain": 0.9},
    strategy=lambda: _derivative_strategy().map(lambda i: {**i, "T": min(i["T"], 25), "d": min(i["d"], 8)}),
    bound="beta", source=_source("P5"))


def _witness_measure(instance, rng) -> Measurement:
    """Witness ||d h_{T-1}/d u|| for T = 1 .. T_max (deterministic; rng unused)."""
    alpha, name, T_max = instance["alpha"], instance["activation"], instance["T_max"]
    act = activation(name)
    norms = []
    for T in range(1, T_max + 1):
        w, U, X = E.witness(T, 1, alpha, alpha * act.lipschitz)
        norms.append(float(np.linalg.norm(tangent_features(w, U, X, act)[..., 1:])))
    Ts = np.arange(1, T_max + 1)
    half = Ts >= T_max // 2
    slope = float(np.polyfit(Ts[half], np.log(norms)[half], 1)[0])
    return Measurement(norms[-1], None, {"norms": norms, "log_slope": slope,
                                         "ratio_last_to_half": norms[-1] / norms[T_max // 2 - 1]})


def _regime_strategy():
    import hypothesis.strategies as st
    return st.fixed_dictionaries({"alpha": st.sampled_from([0.3, 0.6, 1.0, 1.2, 1.5]),
                                  "T_max": st.integers(40, 60), "activation": st.just("tanh")})


def _regime_judge(instance, measurement: Measurement) -> bool:
    """Judge the growth regime predicted by the gain a = alpha L (L: `cutoff_lipschitz` or sigma's)."""
    act = activation(instance["activation"])
    gain = instance["alpha"] * instance.get("cutoff_lipschitz", act.lipschitz)
    details = measurement.details
    if gain < 1:
        return details["log_slope"] <= BOUNDED_SLOPE
    if gain == 1:
        return abs(measurement.measured / instance["T_max"] - 1) <= 0.05
    return abs(details["log_slope"] / np.log(gain) - 1) <= 0.05


P4_REGIMES = Claim(
    id="P4-witness-regimes", title="The witness gradient is bounded, linear or a^T across the cutoff",
    statement="With w = alpha, u -> 0, X_t = e_1 and tanh, measure ||d h_{T-1}/d u|| for T = 1..60; "
              "expect bounded for a < 1, ~T at a = 1 (5%), log-slope log(a) for a > 1 (5%).",
    instances=lambda level: [{"alpha": a, "T_max": 60, "activation": "tanh"} for a in (0.5, 0.9, 1.0, 1.1, 1.3)],
    measure=_witness_measure, judge=_regime_judge,
    tolerance="bounded: log-slope over the second half <= 0.01; linear and exponential: 5% relative",
    negative_control=lambda level: {"alpha": 1.3, "T_max": 60, "activation": "tanh", "cutoff_lipschitz": 0.7},
    strategy=_regime_strategy,
    bound="S", source=_source("P4"))


def _init_output_measure(instance, rng) -> Measurement:
    """max |f(X; theta(0))| over an ensemble of symmetric (or deliberately unpaired) inits."""
    E_, m, d, T = instance["ensemble"], instance["m"], instance["d"], instance["T"]
    params = symmetric_init(rng, E_, m, d, instance["alpha"], instance["recurrent_init"])
    if instance.get("pairing", "symmetric") == "independent":
        fresh = symmetric_init(rng, E_, m, d, instance["alpha"], instance["recurrent_init"])
        half = m // 2
        params = params.with_weights(np.concatenate([params.w[:, :half], fresh.w[:, :half]], 1),
                                     np.concatenate([params.U[:, :half], fresh.U[:, :half]], 1))
    X = bounded_sequences(rng, instance["n"], T, d, instance.get("input_norm", "l2"))
    f = network_output(params, X, activation(instance["activation"]), every_step=True)
    return Measurement(float(np.abs(f).max()), 0.0, {})


def _init_strategy():
    import hypothesis.strategies as st
    return st.fixed_dictionaries({
        "ensemble": st.integers(1, 4), "m": st.integers(1, 64).map(lambda k: 2 * k),
        "d": st.integers(1, 16), "T": st.integers(1, 20), "n": st.integers(1, 16),
        "alpha": st.floats(0.0, 2.0), "activation": st.sampled_from(["tanh", "sigmoid"]),
        "recurrent_init": st.sampled_from(["uniform", "constant", "rademacher"]),
        "input_norm": st.sampled_from(["l2", "coordinate"])})


P7 = Claim(
    id="P7-symmetric-init", title="The symmetric initialisation outputs exactly zero",
    statement="Given any X and even m, with pairs summed in cancelling order, measure max_t |f_t(X; theta(0))|; "
              "expect exactly 0.0.",
    instances=lambda level: [{"ensemble": 8, "m": m, "d": 5, "T": 12, "n": 32, "alpha": 0.9,
                              "activation": act, "recurrent_init": law}
                             for m in (2, 64, 1024) for act in ("tanh", "sigmoid")
                             for law in ("uniform", "constant", "rademacher")],
    measure=_init_output_measure, judge=lambda instance, m: m.measured == 0.0,
    tolerance="exact: 0.0 in float64",
    negative_control=lambda level: {"ensemble": 2, "m": 64, "d": 5, "T": 12, "n": 8, "alpha": 0.9,
                                    "activation": "tanh", "recurrent_init": "uniform", "pairing": "independent"},
    strategy=_init_strategy, source=_source("P7"))


def _dimension_measure(instance, rng) -> Measurement:
    """max ||psi|| over draws for each d; measured = max_d of g_emp(d) / bound(d)."""
    norm, T, alpha, name = instance["input_norm"], instance["T"], instance["alpha"], instance["activation"]
    bound_norm = instance.get("bound_norm", norm)
    act = activation(name)
    gradients, bounds = [], []
    for d in instance["dims"]:
        w, U = E.random_neurons(rng, instance["draws"], d, alpha)
        X = E.bounded_sequences(rng, instance["inputs"], T, d, norm)
        gradients.append(float(np.linalg.norm(tangent_features(w, U, X, act), axis=-1).max()))
        bounds.append(E.gradient_bound_value(T, alpha, name, bound_norm, d))
    ratios = np.array(gradients) / np.array(bounds)
    slope = E.loglog_slope(np.array(instance["dims"]), np.array(gradients))
    return Measurement(float(ratios.max()), 1.0, {"g_emp": gradients, "bounds": bounds, "d_slope": slope})


P14 = Claim(
    id="P14-input-dimension", title="Gradient norms under l2 and coordinate-bounded inputs",
    statement="For d in {1, 4, 16, 64, 256}, measure g_emp(d) = max ||psi||; expect g_emp <= G (l2 inputs, "
              "d-free) or <= G_d (coordinate inputs, sqrt(d) factor). The d-slopes are reported.",
    instances=lambda level: [{"input_norm": norm, "dims": [1, 4, 16, 64, 256], "T": 5, "alpha": 0.5,
                              "activation": "tanh", "draws": 64, "inputs": 8} for norm in ("l2", "coordinate")],
    measure=_dimension_measure, judge=lambda instance, m: m.measured <= 1 + RELATIVE,
    tolerance="max_d g_emp(d) / bound(d) <= 1 + 1e-9",
    negative_control=lambda level: {"input_norm": "coordinate", "bound_norm": "l2", "dims": [1, 16, 256],
                                    "T": 5, "alpha": 0.5, "activation": "tanh", "draws": 64, "inputs": 8},
    strategy=lambda: _derivative_strategy().map(lambda i: {
        "input_norm": "coordinate" if i["draws"] % 2 else "l2", "dims": [1, i["d"] + 1], "T": i["T"] // 4 + 1,
        "alpha": i["alpha"], "activation": i["activation"], "draws": i["draws"], "inputs": 4}),
    bound="G_d", source=_source("P14"))

P15 = Claim(
    id="P15-activation-cutoff", title="The cutoff moves with the activation's Lipschitz constant",
    statement="At alpha = 2, measure the witness gradient for T = 1..40 with tanh (s1 = 1, a = 2) and "
              "sigmoid (s1 = 1/4, a = 1/2); expect a^T growth (log-slope log 2, 5%) for tanh and a "
              "bounded norm for sigmoid: the cutoff sits at alpha = 1/s1.",
    instances=lambda level: [{"alpha": 2.0, "T_max": 40, "activation": act} for act in ("tanh", "sigmoid")],
    measure=_witness_measure, judge=_regime_judge,
    tolerance="bounded: log-slope over the second half <= 0.01; exponential: 5% relative",
    negative_control=lambda level: {"alpha": 2.0, "T_max": 40, "activation": "sigmoid", "cutoff_lipschitz": 1.0},
    strategy=lambda: _regime_strategy().map(lambda i: {**i, "activation": "sigmoid", "alpha": i["alpha"] * 2}),
    bound="G_alpha", source=_source("P15"))

CLAIMS = (P4, P4_REGIMES, P5, P7, P14, P15)
