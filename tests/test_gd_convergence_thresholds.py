"""gd-convergence: every claim's thresholds pinned to its spec item, each judge probed at its edges.

Spec: /work/shared/papers/cayci2024_gd_convergence.md. Literals are typed from the spec's text (location
beside each) or, for our own numbers, from the declared departure; never read from the module's
constants. Judges are tested just inside, at and just outside every boundary; a width not reached
(None) must never count as evidence.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnbounds.theorems.core import ClaimKind, Measurement
from rnnbounds.theorems.gd_convergence import THEOREM
from rnnbounds.theorems.gd_convergence import claims_derivatives as CD
from rnnbounds.theorems.gd_convergence import claims_width as CW

CLAIM = {c.id: c for c in THEOREM.claims}
P1, P2, P3, P4, P5 = (CLAIM[i] for i in ("P1-width-log-n", "P2-random-feature-error", "P3-ntk-concentration",
                                         "P4-gradient-norm", "P5-hessian-norm"))
P4W, P8, P9, P10, P11 = (CLAIM[i] for i in ("P4-witness-regimes", "P8-lazy-regime", "P9-linearization-error",
                                            "P10-training-loss", "P11-width-vs-T"))
P12, P13, P14, P15 = (CLAIM[i] for i in ("P12-accuracy-dependence", "P13-failure-probability",
                                         "P14-input-dimension", "P15-activation-cutoff"))
LEVELS = ["quick", "full"]


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(Bin(n, p) <= k), typed again from the definition."""
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k + 1))


# -- kinds ---------------------------------------------------------------------------------------------

def test_projection_and_zero_init_checks_are_implementation_checks():
    assert CLAIM["P6-cutoff-shift"].kind is ClaimKind.IMPLEMENTATION      # checks our projection (issue 9)
    assert CLAIM["P7-symmetric-init"].kind is ClaimKind.IMPLEMENTATION    # checks our exact-zero init
    paper = {c.id for c in THEOREM.claims if c.kind is ClaimKind.PAPER}
    assert len(paper) == 17 and all(CLAIM[i].source.spec.split(" ")[-1] == i.split("-")[0] for i in paper)
    assert {i for i in paper if i.startswith("Q")} == {"Q8-kernel-drift", "Q14-smoothness-along-trajectory"}


# -- thresholds against the spec ---------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("claim", [P4, P5, P14], ids=lambda c: c.id)
def test_bound_checks_allow_round_off_only(claim, level):
    thresholds = claim.design_at(level).thresholds
    assert thresholds["ratio"] == 1.0           # §6: "the measured quantity must stay BELOW the bound"
    assert thresholds["rounding"] == 1e-9       # §7: "a tolerance of 1e-9 relative"


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("claim", [P4W, P15], ids=lambda c: c.id)
def test_regime_thresholds(claim, level):
    thresholds = claim.design_at(level).thresholds
    assert thresholds["regime_tolerance"] == 0.05    # §6 P4: "~ log(a) (tolerance 5%)"
    assert thresholds["cutoff"] == 1.0               # §2 A4: "with cutoff a = 1"
    assert thresholds["bounded_slope"] == 0.01       # ours (departure): "bounded" as log-slope <= 0.01
    assert thresholds["witness_tolerance"] == 1e-6   # §6 P4: witness ratio -> 1


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("claim", [P2, P3], ids=lambda c: c.id)
def test_rate_thresholds(claim, level):
    thresholds = claim.design_at(level).thresholds
    assert thresholds["slack"] == 3.0                         # §7: "delta + 3*sqrt(delta/seeds)"
    assert thresholds["delta"] == 0.1
    assert thresholds["failure_probability"] == 0.2           # ours (departure): student + teacher, 2 delta
    assert thresholds["allowed_rate"] == pytest.approx(0.2 + 3 * math.sqrt(0.2 / 20), rel=1e-15)


@pytest.mark.parametrize("level", LEVELS)
def test_p13_uses_the_spec_seed_count(level):
    assert P13.design_at(level).thresholds["seeds"] == 200.0    # §6 P13: "Given width m and 200 seeds"
    assert all(i["seeds"] == 200 for i in P13.instances(level))
    assert P13.design_at(level).thresholds["slack"] == 3.0


@pytest.mark.parametrize("level", LEVELS)
def test_p8_thresholds(level):
    thresholds = P8.design_at(level).thresholds
    assert thresholds["slope"] == -0.5          # §6 P8: "relative movement to fall like m^{-1/2}"
    assert thresholds["spread_limit"] == 2.0    # ours (departure): "bounded" as max r / min r <= 2
    assert thresholds["spread_break_rate"] == 0.025   # the measured rate, about 1 in 40
    assert thresholds["confidence"] == 0.98


@pytest.mark.parametrize("level", LEVELS)
def test_width_claim_thresholds(level):
    assert P1.design_at(level).thresholds["failing_exponent"] == 0.25      # §6 P1: "Failing test: c >= 0.25"
    t12 = P12.design_at(level).thresholds
    assert (t12["tau_low"], t12["tau_high"]) == (-1.2, -0.8)               # §6 P12: "slope in [-1.2, -0.8]"
    assert (t12["width_low"], t12["width_high"]) == (-2.0, 0.0)            # §6 P12: "slope of m_min in [-2, 0]"
    assert t12["confidence"] == 0.98
    assert P11.design_at(level).thresholds["min_informative"] == 5.0       # ours: 0.5^5 < 0.05
    assert P11.design_at(level).thresholds["step_size_fraction_of_eta_max"] == 1.0   # §3.4: eta <= 1/L_F
    assert P11.design_at(level).thresholds["budget_fraction"] == 0.02      # ours (departure): 2% of tau_req


@pytest.mark.parametrize("claim, level, error", [
    (P4, "quick", 0.99 ** (15 * 64 * 4)), (P4, "full", 0.99 ** (20 * 300 * 4)),
    (P5, "quick", 0.99 ** (15 * 64 * 4)), (P5, "full", 0.99 ** (20 * 64 * 4)),
    (P14, "quick", 0.99 ** (4 * 5 * 64 * 8)),
    (P2, "quick", binomial_cdf(10, 20, 0.6) ** 4), (P2, "full", binomial_cdf(10, 20, 0.6) ** 6),
    (P3, "quick", binomial_cdf(10, 20, 0.6) ** 3), (P3, "full", binomial_cdf(10, 20, 0.6) ** 5),
    (P9, "quick", 0.9 ** 30), (P9, "full", 0.9 ** 40),
    (P10, "quick", 0.7 ** 20), (P10, "full", 0.7 ** 30),
    (P8, "full", 0.02 + 0.025), (P1, "full", 0.025), (P11, "full", 0.5 ** 5), (P12, "full", 0.04), (P12, "quick", 0.04),
    (P4W, "full", 0.0), (P15, "full", 0.0),
])
def test_declared_error_probabilities_by_hand(claim, level, error):
    design = claim.design_at(level)
    assert design.error == pytest.approx(error, rel=1e-9, abs=1e-300)
    assert design.powered()


def test_p13_error_by_hand():
    # per delta: allowed count floor(200 (2 delta + 3 sqrt(2 delta / 200))), true rate 4 delta
    expected = 1.0
    for delta, allowed in ((0.2, 106), (0.1, 58), (0.05, 33)):
        assert math.floor(200 * (2 * delta + 3 * math.sqrt(2 * delta / 200))) == allowed
        expected *= binomial_cdf(allowed, 200, 4 * delta)
    assert P13.design_at("full").error == pytest.approx(expected, rel=1e-6, abs=1e-300)


# -- judges just inside, at and just outside each boundary ---------------------------------------------

@pytest.mark.parametrize("excess, holds", [(0.0, True), (0.9e-9, True), (1e-9, True), (1.2e-9, False), (1e-6, False)])
@pytest.mark.parametrize("claim", [P4, P9, P10], ids=lambda c: c.id)
def test_below_bound_edge(claim, excess, holds):
    assert claim.judge({}, Measurement(1.0 + excess, 1.0, {"step_ratio": 1.0})) is holds


@pytest.mark.parametrize("ratio, holds", [(0.5, True), (1.0, True), (1 + 0.9e-9, True), (1 + 1.2e-9, False),
                                          (1.1, False)])
@pytest.mark.parametrize("claim", [P9, P10], ids=lambda c: c.id)
def test_training_judges_refuse_a_step_above_one_over_L_F(claim, ratio, holds):
    # spec §3.4: the bound is stated for eta <= 1/L_F; a run outside it is no evidence
    assert claim.judge({}, Measurement(0.5, 1.0, {"step_ratio": ratio})) is holds
    assert claim.judge({}, Measurement(0.5, 1.0)) is False          # a run that does not report its step


@pytest.mark.parametrize("ratio, holds", [(1.0, True), (1 + 1.2e-9, False)])
def test_lazy_judge_refuses_a_step_above_one_over_L_F(ratio, holds):
    measurement = Measurement(-0.5, -0.5, {"r_spread": 1.0, "interval": [-0.6, -0.4], "step_ratio": ratio})
    assert P8.judge({}, measurement) is holds


@pytest.mark.parametrize("claim", [P8, P9, P10], ids=lambda c: c.id)
def test_training_claims_have_a_near_control_just_outside_the_step_hypothesis(claim):
    step = [c for c in claim.controls if "1/L_F" in c.crosses]
    assert len(step) == 1 and step[0].near and step[0].instance("quick")["step_factor"] == 1.1


def test_training_step_is_one_over_L_F_by_hand():
    # P10's first quick instance: T = 6, alpha = 0.5, m = 64, rho = 1: gain a = 0.5 + 1/8 (spec F1)
    from rnnbounds.theorems.gd_convergence import claims_training as CT
    a, s2, B_y = 0.625, 4 / (3 * math.sqrt(3)), 0.2

    def S(k):
        return (1 - a**k) / (1 - a)

    def G_t(t):
        return 0.0 if t < 0 else math.sqrt(S(t) ** 2 + S(t + 1) ** 2)
    beta = 0.0
    for t in range(6):                                                   # spec F5, typed again
        beta = s2 * (1 + (t >= 1) + (a / 1.0) * G_t(t - 1)) ** 2 + 2 * G_t(t - 1) + a * beta
    L_F = G_t(5) ** 2 + beta * (G_t(5) + B_y) / 8                        # spec §3.4
    instance = {"T": 6, "alpha": 0.5, "nu": 1.0, "rho": 1.0, "m": 64}
    assert CT.step_size_limit(instance, B_y, 64) == pytest.approx(1 / L_F, rel=1e-12)


@pytest.mark.parametrize("measured, recursion, majorant, holds", [
    (1.0, 1.0, 1.0, True), (1.0 + 1e-9, 1.0, 2.0, True), (1.0 + 1.2e-9, 1.0, 2.0, False),
    (0.5, 1.0 + 1e-9, 1.0, True), (0.5, 1.0 + 1.2e-9, 1.0, False)])
def test_hessian_judge_edges(measured, recursion, majorant, holds):
    assert P5.judge({}, Measurement(measured, majorant, {"recursion": recursion})) is holds


@pytest.mark.parametrize("ratio, holds", [(1.0, True), (1 + 0.9e-9, True), (1 + 1.2e-9, False)])
def test_p14_judge_edge(ratio, holds):
    assert P14.judge({}, Measurement(ratio, 1.0)) is holds


@pytest.mark.parametrize("gain, last, slope, holds", [
    (0.9, 1.0, 0.0099, True), (0.9, 1.0, 0.01, True), (0.9, 1.0, 0.0101, False),         # bounded branch
    (1.0, 60 * 1.049, 0.0, True), (1.0, 60 * 1.051, 0.0, False),                          # linear, upper edge
    (1.0, 60 * 0.951, 0.0, True), (1.0, 60 * 0.949, 0.0, False),                          # linear, lower edge
    (2.0, 1.0, math.log(2) * 1.049, True), (2.0, 1.0, math.log(2) * 1.051, False),        # a^T, upper edge
    (2.0, 1.0, math.log(2) * 0.951, True), (2.0, 1.0, math.log(2) * 0.949, False),        # a^T, lower edge
])
def test_regime_judge_branches(gain, last, slope, holds):
    assert CD.regime_holds(gain, 60, last, slope) is holds


@pytest.mark.parametrize("ratio, holds", [(1.0, True), (1 + 0.9e-6, True), (1 - 0.9e-6, True),
                                          (1 + 1.1e-6, False), (1 - 1.1e-6, False)])
def test_witness_ratio_edge(ratio, holds):
    instance = {"alpha": 2.0, "T_max": 60, "activation": "tanh"}
    details = {"log_slope": math.log(2), "witness_ratio": ratio}
    assert P4W.judge(instance, Measurement(10.0, 10.0, details)) is holds


@pytest.mark.parametrize("rate, holds", [(0.0, True), (0.5, True), (0.5000001, False)])
@pytest.mark.parametrize("claim", [P2, P3], ids=lambda c: c.id)
def test_rate_judge_edge(claim, rate, holds):
    assert claim.judge({}, Measurement(0.1, 1.0, {"violation_rate": rate, "allowed_rate": 0.5})) is holds


@pytest.mark.parametrize("spread, interval, holds", [
    (2.0, [-0.6, -0.4], True), (2.0001, [-0.6, -0.4], False), (1.0, [-0.5, -0.4], True),
    (1.0, [-0.6, -0.5], True), (1.0, [-0.4999, -0.4], False), (1.0, [-0.6, -0.5001], False)])
def test_lazy_judge_edges(spread, interval, holds):
    measurement = Measurement(-0.5, -0.5, {"r_spread": spread, "interval": interval, "step_ratio": 1.0})
    assert P8.judge({}, measurement) is holds


def _p1(interval, ratio_interval, m_min=(16, 16), m_req=(1e12, 1e12), informative=True):
    return Measurement(16.0, 1e12, {"informative": informative, "interval": interval,
                                    "ratio_interval": ratio_interval, "m_min": list(m_min), "m_req": list(m_req)})


@pytest.mark.parametrize("measurement, holds", [
    (_p1([-0.1, 0.2499], [-0.2, 0.1]), True), (_p1([-0.1, 0.25], [-0.2, 0.1]), False),   # exponent edge (strict)
    (_p1([-0.1, 0.2], [0.0, 0.1]), True), (_p1([-0.1, 0.2], [0.0001, 0.1]), False),       # ratio edge
    (_p1([-0.1, 0.2], [-0.2, 0.1], m_min=(16, 32), m_req=(16, 31.9)), False),              # m_min > m_req
    (_p1([-0.1, 0.2], [-0.2, 0.1], m_min=(16, 32), m_req=(16, 32)), True),
    (Measurement(float("nan"), None, {"informative": False, "m_min": [16, None]}), False),  # a None: no evidence
])
def test_p1_judge_edges(measurement, holds):
    assert P1.judge({}, measurement) is holds


def _row(low, high):
    return {"0.5": {"m_min": low}, "1.2": {"m_min": high}}


def test_a_width_not_reached_is_never_evidence():
    rows = {"2": _row(2, 4), "4": _row(4, None), "8": _row(None, None), "12": _row(None, 8), "16": _row(8, 4)}
    informative, ordered = CW.ordering(rows, "0.5", "1.2")
    assert informative == ["2", "16"] and ordered == ["2"]
    assert CW.ordering({"2": _row(4, 4)}, "0.5", "1.2") == (["2"], ["2"])       # a tie is ordered (>=)


@pytest.mark.parametrize("informative, ordered, within, need, holds", [
    (5, 5, True, 5, True), (4, 4, True, 5, False), (5, 4, True, 5, False), (5, 5, False, 5, False),
    (6, 6, True, 5, True)])
def test_p11_judge_counts_informative_points(informative, ordered, within, need, holds):
    Ts = [str(t) for t in range(informative)]
    details = {"informative_T": Ts, "ordered_T": Ts[:ordered], "within_m_req": within}
    assert P11.judge({"min_informative": need}, Measurement(2.0, 1e9, details)) is holds


def _p12(tau, width, measured=10.0, bound=1e6):
    return Measurement(measured, bound, {"informative": True, "tau_interval": tau, "m_interval": width})


@pytest.mark.parametrize("measurement, holds", [
    (_p12([-0.79, -0.6], [-1, -0.5]), False), (_p12([-0.8, -0.6], [-1, -0.5]), True),     # tau window, top
    (_p12([-1.4, -1.2], [-1, -0.5]), True), (_p12([-1.4, -1.2001], [-1, -0.5]), False),   # tau window, bottom
    (_p12([-1, -0.9], [0.0, 0.5]), True), (_p12([-1, -0.9], [0.0001, 0.5]), False),       # width window, top
    (_p12([-1, -0.9], [-3, -2.0]), True), (_p12([-1, -0.9], [-3, -2.0001]), False),       # width window, bottom
    (_p12([-1, -0.9], [-1, -0.5], measured=11.0, bound=10.0), False),                     # tau_min > tau_req
    (Measurement(float("nan"), None, {"informative": False}), False),
])
def test_p12_judge_edges(measurement, holds):
    assert P12.judge({}, measurement) is holds


def test_p11_schedule_is_eta_max_and_a_fixed_fraction_of_tau_req():
    # T = 2, alpha = 0.5, m = 4, nu = 1: gain a = 0.5 + 1/2 = 1, so S_1 = 1, S_2 = 2 and G = sqrt(1 + 4) (spec F4);
    # beta_0 = s2, beta_1 = s2 (1 + 1 + 1 x G_0)^2 + 2 G_0 + a beta_0 with G_0 = 1: 10 s2 + 2 (spec F5).
    s2 = 4 / (3 * math.sqrt(3))
    G, beta, B_y, eps = math.sqrt(5.0), 10 * s2 + 2, 0.1, 1e-3
    L_F = G**2 + beta * (G * 1.0 + B_y) / math.sqrt(4)                   # spec §3.4: L_F
    eta, steps = CW.width_schedule({"nu": 1.0}, 2, 0.5, 4, eps, B_y)
    assert eta == pytest.approx(1 / L_F, rel=1e-12)
    assert steps == math.ceil(0.02 * 3 * 1.0 / (2 * (1 / L_F) * eps))    # spec F13: tau_req = 3 nu^2/(2 eta eps)


# -- m_min against d (P14), kernel drift (Q8), smoothness along the trajectory (Q14) ---------------------

P14W, Q8, Q14 = (CLAIM[i] for i in ("P14-width-vs-dimension", "Q8-kernel-drift", "Q14-smoothness-along-trajectory"))


def test_new_trajectory_and_dimension_thresholds():
    t = P14W.design_at("full").thresholds
    assert t["failing_exponent"] == 0.25            # ours (departure): P1's "Failing test: c >= 0.25"
    assert t["step_size_fraction_of_eta_max"] == 1.0    # §3.4: eta <= 1/L_F
    assert P14W.instances("full")[0]["dims"] == [1, 4, 16, 64, 256]   # §6 P14: "d in {1, 4, 16, 64, 256}"
    assert Q8.design_at("full").thresholds["slope"] == -0.5              # §4.2 Q8: O(beta rho / (G sqrt(m)))
    assert Q14.design_at("full").thresholds["ratio"] == 1.0              # §4.4 Q14: "Compare with L_F"
    from rnnbounds.theorems.gd_convergence import claims_trajectory as Q
    assert Q.FD_STEP == 1e-5                        # §4: "central finite differences ... (step 1e-5)"


@pytest.mark.parametrize("claim, level, error, powered", [
    (P14W, "full", 0.025, True), (Q8, "quick", 0.01, True), (Q8, "full", 0.01, True),
    (Q14, "quick", 0.9 ** 10, False), (Q14, "full", 0.9 ** 30, True)])
def test_new_error_probabilities_by_hand(claim, level, error, powered):
    design = claim.design_at(level)
    assert design.error == pytest.approx(error, rel=1e-9) and design.powered() is powered


@pytest.mark.parametrize("low, ratio, holds", [(-0.5, 1.0, True), (-0.4999, 1.0, False), (-1.2, 1.0, True),
                                              (-1.2, 1 + 1.2e-9, False)])
def test_drift_judge_edges(low, ratio, holds):
    assert Q8.judge({}, Measurement(-1.0, -0.5, {"interval": [low, 0.0], "step_ratio": ratio})) is holds


@pytest.mark.parametrize("excess, ratio, holds", [(0.0, 1.0, True), (0.9e-6, 1.0, True), (1.1e-6, 1.0, False),
                                                  (0.0, 1 + 1.2e-9, False)])
def test_smoothness_judge_edges(excess, ratio, holds):
    assert Q14.judge({}, Measurement(1.0 + excess, 1.0, {"step_ratio": ratio})) is holds


@pytest.mark.parametrize("interval, m_req, holds", [
    ([-0.1, 0.2499], 1e9, True), ([-0.1, 0.25], 1e9, False), ([-0.1, 0.2], 15.9, False), ([-0.1, 0.2], 16, True)])
def test_width_vs_dimension_judge_edges(interval, m_req, holds):
    details = {"informative": True, "interval": interval, "m_min": [2, 16], "m_req": [1e9, m_req]}
    assert P14W.judge({}, Measurement(16.0, m_req, details)) is holds
    assert P14W.judge({}, Measurement(float("nan"), None, {"informative": False})) is False   # a None: no evidence


def test_hessian_norm_is_exact_on_a_quadratic_direction():
    # On a width-2, T = 1 network with one sample, Rhat = (f - y)^2 / 2 with f = (c1 h1 + c2 h2)/sqrt(2): the
    # power-iterated finite-difference norm must match the norm of the Hessian assembled by central differences
    # of the loss itself (typed again, independent of the gradient code).
    import numpy as np
    from rnnbounds.numerics.activations import activation
    from rnnbounds.numerics.diagonal_bptt import loss
    from rnnbounds.numerics.diagonal_rnn import DiagonalParams
    from rnnbounds.theorems.gd_convergence import claims_trajectory as Q
    act = activation("tanh")
    params = DiagonalParams(np.array([[0.3, -0.2]]), np.array([[[0.7], [-0.4]]]), np.array([[1.0, -1.0]]))
    X, Y = np.array([[[0.9]]]), np.array([0.5])
    theta = np.array([0.3, 0.7, -0.2, -0.4])

    def R(t):
        p = DiagonalParams(np.array([[t[0], t[2]]]), np.array([[[t[1]], [t[3]]]]), params.c)
        return float(loss(p, X, Y, act)[0])
    h, H = 1e-4, np.zeros((4, 4))
    for i in range(4):
        for j in range(4):
            e_i, e_j = np.eye(4)[i] * h, np.eye(4)[j] * h
            H[i, j] = (R(theta + e_i + e_j) - R(theta + e_i - e_j) - R(theta - e_i + e_j) + R(theta - e_i - e_j)) / (4 * h * h)
    expected = np.abs(np.linalg.eigvalsh((H + H.T) / 2)).max()
    measured = Q.hessian_norm(params, X, Y, act, np.random.default_rng(0), iterations=200)[0]
    assert measured == pytest.approx(expected, rel=1e-5)


def test_p1_p12_schedule_keeps_the_flow_time_of_the_spec_step_inside_one_over_L_F():
    # the worked point of the P11 schedule test: a = 1, G^2 = 5, beta = 10 s2 + 2, m = 4, rho = 1, B_y = 0.1
    s2 = 4 / (3 * math.sqrt(3))
    L_F = 5.0 + (10 * s2 + 2) * (math.sqrt(5.0) + 0.1) / 2
    eta, steps = CW.flow_matched_schedule(2, 0.5, 4, 1.0, 0.1, 150)
    assert eta == pytest.approx(1 / L_F, rel=1e-12)
    assert steps == math.ceil(150 * L_F / 5.0)              # eta x steps >= 150 / G^2, the spec's eta = 1/G^2
