"""ntk-generalization: every claim's thresholds pinned to its spec item, each judge probed at its edges.

Spec: /work/shared/papers/wang2021_rnn_generalization.md, sec. 6 (P1-P11) and sec. 7 (F9, F13). Literals are
typed from the spec's text (location beside each) or, for our own numbers, from the declared departure;
never read from the module's constants. Declared error probabilities are recomputed here from the binomial
formula typed again.
"""

from __future__ import annotations

import math

import pytest

from rnnbounds.theorems.core import ClaimKind, Measurement
from rnnbounds.theorems.ntk_generalization import THEOREM

CLAIM = {c.id: c for c in THEOREM.claims}
P1, P2, P4, P5 = (CLAIM[i] for i in ("P1-forward-norm", "P2-width-threshold", "P4-ntk-convergence",
                                     "P5-gram-positivity"))
P6, P6E, P7, P8, P11 = (CLAIM[i] for i in ("P6-kernel-norm-plateau", "P6-kernel-norm-plateau-even",
                                           "P7-plateau-growth-in-L", "P8-n-variable-growth",
                                           "P11-linear-convergence"))
P9, P10 = CLAIM["P9-generalization-bound"], CLAIM["P10-no-normalization"]
P4L = CLAIM["P4-recursion-at-length"]
P3, P3F, P3V = CLAIM["P3-als19-bounds"], CLAIM["P3-als19-first-step"], CLAIM["P3-als19-fixed-vector"]
LEVELS = ["quick", "full"]


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(Bin(n, p) <= k), typed again from the definition."""
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k + 1))


def test_every_claim_is_a_paper_claim_naming_its_spec_item():
    for claim in THEOREM.claims:
        assert claim.kind is ClaimKind.PAPER
        item = claim.id.split("-")[0]
        assert f"§6 {item}" in claim.source.spec, claim.id


# -- thresholds against the spec ---------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
def test_p1_thresholds(level):
    t = P1.design_at(level).thresholds
    assert (t["median_low"], t["median_high"]) == (0.8, 1.2)     # §6 P1: "median within [0.8, 1.2]"
    assert (t["band_low"], t["band_high"]) == (0.5, 2.0)         # §6 P1: "inside [0.5, 2]"
    assert t["min_share_inside"] == 0.95                          # §6 P1: "at least 95% of seeds"
    assert t["width_factor"] == 16.0                              # §6 P1: "m >= 16 L^2"
    assert t["break_rate"] == 0.15                                # ours: 3x the allowed 5%
    assert all(i["width_factor"] == 16.0 and i["gain"] == 1.0 for i in P1.instances(level))


@pytest.mark.parametrize("level", LEVELS)
def test_p2_thresholds_are_the_spec_points(level):
    t = P2.design_at(level).thresholds
    assert (t["stable_limit"], t["stable_edge"]) == (0.1, 0.25)      # §6 P2: "<= 0.1 for L^2/m <= 0.25"
    assert (t["unstable_limit"], t["unstable_edge"]) == (0.5, 4.0)   # §6 P2: ">= 0.5 for L^2/m >= 4"
    for instance in P2.instances(level):
        assert max(instance["stable_ratios"]) == 0.25 and min(instance["unstable_ratios"]) == 4.0
        assert instance["ensemble"] == 400


@pytest.mark.parametrize("level", LEVELS)
def test_p4_declares_the_hoeffding_exponent(level):
    t = P4.design_at(level).thresholds
    assert t["declared_exponent"] == -0.5       # §6 P4 / F9: "shrink like m^{-1/2}"
    assert t["confidence"] == 0.975             # ours: two instances at 2.5% each
    from rnnbounds.theorems.ntk_generalization.claims.kernel import declared_exponent
    assert declared_exponent([64, 128, 256, 512]) == pytest.approx(-0.5, abs=1e-12)


@pytest.mark.parametrize("level", LEVELS)
def test_other_thresholds(level):
    assert P5.design_at(level).thresholds["relative_floor"] == 1e-9      # ours (departure): float64 rounding
    for claim in (P6, P6E):
        assert claim.design_at(level).thresholds == {"slope_limit": 0.5, "confidence": 0.95}   # ours (departure)
    assert P7.design_at(level).thresholds["declared_curvature"] == 0.0  # §6 P7: "a roughly constant slope"
    assert P8.design_at(level).thresholds["slope_limit"] == 0.0         # §6 P8: "grow with both"
    t = P11.design_at(level).thresholds
    assert (t["ratio"], t["rounding"]) == (1.0, 1e-9)                   # F7: Phi_k <= (1 - eta lam0/2)^k Phi_0
    assert t["max_step_fraction"] == 1.0 and all(i["step_fraction"] <= 1.0 for i in P11.instances(level))


@pytest.mark.parametrize("claim, level, error", [
    (P1, "quick", binomial_cdf(3, 64, 0.15)), (P1, "full", binomial_cdf(3, 64, 0.15)),
    (P2, "full", max(binomial_cdf(40, 400, 0.15), 1 - binomial_cdf(199, 400, 0.4))),
    (P4, "full", 0.05), (P4, "quick", 0.025),
    (P5, "full", 0.98 ** 180), (P5, "quick", 0.98 ** 48),
    (P6, "full", 0.025), (P6E, "full", 0.025), (P7, "full", 0.05), (P8, "full", 0.025),
    (P11, "full", 0.9 ** 30), (P11, "quick", 0.9 ** 4),
    (P9, "full", 0.05), (P9, "quick", 0.95 ** 10),
    (P10, "full", 0.9 ** 30), (P10, "quick", 0.9 ** 2),
    (P3, "full", 0.95 ** (5 * 16 * 2)), (P3, "quick", 0.95 ** (2 * 4 * 2)), (P3F, "full", 0.95 ** (3 * 16 * 2)),
    (P4L, "full", 0.05), (P4L, "quick", 0.05),
    (P3V, "full", binomial_cdf(3, 64, 0.15)), (P3V, "quick", binomial_cdf(3, 64, 0.15)),
])
def test_declared_error_probabilities_by_hand(claim, level, error):
    assert claim.design_at(level).error == pytest.approx(error, rel=1e-9)


@pytest.mark.parametrize("claim", list(THEOREM.claims), ids=lambda c: c.id)
def test_full_level_is_powered(claim):
    assert claim.design_at("full").powered()


def test_quick_level_declares_its_true_error():
    assert not P5.design_at("quick").powered() and not P11.design_at("quick").powered()
    assert not P9.design_at("quick").powered()


@pytest.mark.parametrize("level", LEVELS)
def test_p9_thresholds(level):
    t = P9.design_at(level).thresholds
    assert t["break_rate"] == 0.05        # §6 P9: "in at least 95% of seeds"
    assert t["alpha"] == 0.05             # ours: one-sided rank-correlation level
    assert t["bound_scale"] == 1.0        # F4: sqrt(2 y^T H^-1 y / n) with its constant 2, unscaled
    for instance in P9.instances(level):
        assert instance["m"] >= 16 * instance["L"] ** 2       # §6 P9: "m >= 16 L^2"
        assert instance.get("bound_scale", 1.0) == 1.0 and "random" in instance["classes"]


# -- judges just inside, at and just outside each boundary ---------------------------------------------

def _forward(median: float, inside: float) -> Measurement:
    return Measurement(median, 1.0, {"share_inside": inside})


@pytest.mark.parametrize("median, inside, holds", [
    (0.8, 0.95, True), (0.7999, 1.0, False), (1.2, 1.0, True), (1.2001, 1.0, False),   # median edges
    (1.0, 0.95, True), (1.0, 0.9499, False),                                              # share edge
])
def test_p1_judge_edges(median, inside, holds):
    assert P1.judge({"normalization": "none"}, _forward(median, inside)) is holds


@pytest.mark.parametrize("median, holds", [(0.8, True), (0.7999, False), (1.2, True), (1.2001, False)])
def test_p1_al19_branch_judges_the_median_alone(median, holds):
    assert P1.judge({"normalization": "al19"}, _forward(median, 0.0)) is holds


def _shares(stable, unstable) -> Measurement:
    return Measurement(max(stable, default=0.0), details={"stable_outside": stable, "unstable_outside": unstable})


@pytest.mark.parametrize("stable, unstable, holds", [
    ([0.0, 0.1], [0.5, 0.9], True), ([0.0, 0.1025], [0.7, 0.9], False),   # stable edge alone
    ([0.0, 0.05], [0.4975, 0.9], False), ([0.0, 0.05], [0.9, 0.4975], False),   # unstable edge alone
])
def test_p2_judge_edges(stable, unstable, holds):
    assert P2.judge({}, _shares(stable, unstable)) is holds


@pytest.mark.parametrize("low, high, holds", [(-0.6, -0.5, True), (-0.5, -0.4, True), (-0.49, -0.4, False),
                                              (-0.6, -0.51, False)])
def test_p4_judge_edges(low, high, holds):
    details = {"interval": [low, high], "declared_exponent": -0.5}
    assert P4.judge({}, Measurement((low + high) / 2, -0.5, details)) is holds


@pytest.mark.parametrize("relative, merging, holds", [
    (1.1e-9, [3.0, 2.0, 1.0], True), (1e-9, [3.0, 2.0, 1.0], False), (0.0, [3.0, 2.0, 1.0], False),
    (0.5, [3.0, 2.0, 2.0], False), (0.5, [1.0, 2.0, 3.0], False),
])
def test_p5_judge_edges(relative, merging, holds):
    assert P5.judge({}, Measurement(relative, details={"lambda_min_pair_vs_separation": merging})) is holds


@pytest.mark.parametrize("claim", [P6, P6E], ids=lambda c: c.id)
@pytest.mark.parametrize("high, holds", [(0.4999, True), (0.5, False), (0.5001, False)])
def test_p6_judge_edge(claim, high, holds):
    assert claim.judge({}, Measurement(0.1, 0.5, {"interval": [0.0, high]})) is holds


@pytest.mark.parametrize("low, high, holds", [(-0.1, 0.1, True), (0.0, 0.2, True), (-0.2, 0.0, True),
                                              (1e-6, 0.2, False), (-0.2, -1e-6, False)])
def test_p7_judge_edges(low, high, holds):
    details = {"curvature_interval": [low, high], "declared_curvature": 0.0}
    assert P7.judge({}, Measurement((low + high) / 2, details=details)) is holds


@pytest.mark.parametrize("low, holds", [(1e-6, True), (0.0, False), (-1e-6, False)])
def test_p8_judge_edge(low, holds):
    assert P8.judge({}, Measurement(0.1, details={"interval": [low, 1.0]})) is holds


@pytest.mark.parametrize("ratio, holds", [(1.0, True), (1 + 0.9e-9, True), (1 + 1e-9, True), (1 + 1.2e-9, False)])
def test_p11_judge_edge(ratio, holds):
    assert P11.judge({}, Measurement(ratio, 1.0)) is holds


@pytest.mark.parametrize("level", LEVELS)
def test_p10_thresholds(level):
    t = P10.design_at(level).thresholds
    assert t["target_error"] == 0.1                              # ours (departure)
    assert t["degree_limit"] == 2 + math.ceil(math.log(10))      # F20 at a2 = 1/2: L^(2 + k*), k* = ceil(log(1/eps))
    assert t["degree_limit"] == 5.0
    expected = [0.01, 0.1, 1.0] if level == "full" else [0.01, 1.0]        # §6 P10: r in {eps, 0.1, 1}
    assert sorted(i["r"] for i in P10.instances(level)) == expected


@pytest.mark.parametrize("reached, degree, holds", [
    (True, 5.0, True), (True, 5.0001, False), (True, 4.9, True), (False, 1.0, False),
])
def test_p10_judge_edges(reached, degree, holds):
    details = {"all_reached": reached, "max_degree": degree, "degree_limit": 5.0}
    assert P10.judge({}, Measurement(degree, 5.0, details)) is holds


@pytest.mark.parametrize("level", LEVELS)
def test_p3_thresholds(level):
    t = P3.design_at(level).thresholds
    assert t["c_prod"] == 1.0 and t["width_factor"] == 16.0      # §6 P3: "modest constant c"; "m >= 16 L^2"
    assert all(i["width_factor"] == 16.0 and i["gain"] == 1.0 and i["first_step"] == 1 for i in P3.instances(level))
    assert all(i["first_step"] == 0 for i in P3F.instances(level))   # §6 P3 as printed: every l = 0..L-1


@pytest.mark.parametrize("share, holds", [(0.05, True), (3 / 64, True), (4 / 64, False), (0.0501, False)])
def test_p3_fixed_vector_judge_edge(share, holds):
    assert P3V.judge({}, Measurement(share, 0.05)) is holds
    assert P3V.design_at("full").thresholds["max_share_outside"] == 0.05     # §6 P1's "at least 95% of seeds"


@pytest.mark.parametrize("level", LEVELS)
def test_p4_recursion_at_length_covers_every_length_the_claims_use(level):
    t = P4L.design_at(level).thresholds
    assert t["relative_tolerance"] == 0.1 and t["bootstrap_level"] == 0.95 and t["width_factor"] == 16.0   # ours
    if level == "full":
        from rnnbounds.theorems.ntk_generalization.claims.recursion_lengths import RECURSION_AT_LONG_LENGTH as LONG
        lengths = {i["L"] for claim in (P4L, LONG) for i in claim.instances(level)}
        assert max(lengths) == 16     # P7's full L grid reaches 16; §8.11: L > 8 unchecked
        beyond_eight = {L for L in P7.instances("full")[0]["L_grid"] if L > 8}
        assert beyond_eight <= lengths


@pytest.mark.parametrize("upper, holds", [(0.1, True), (0.1001, False), (0.05, True)])
def test_p4_recursion_at_length_judge_edge(upper, holds):
    assert P4L.judge({}, Measurement(0.05, 0.1, {"upper": upper})) is holds


def _als19(upper: float, lower: float, product: float, vector: float) -> Measurement:
    return Measurement(product, 1.0, {"upper_ratio_max": upper, "lower_ratio_min": lower, "prod_ratio_max": product,
                                      "vector_ratio_max": vector})


@pytest.mark.parametrize("ratios, holds", [
    ((1.0, 1.0, 1.0, 9.0), True), ((1.0001, 2, 0.1, 0.1), False), ((0.5, 0.9999, 0.1, 0.1), False),
    ((0.5, 2, 1.0001, 0.1), False),
])
def test_p3_judge_edges(ratios, holds):
    assert P3.judge({}, _als19(*ratios)) is holds


def _p9(broken: int, p_value: float) -> Measurement:
    return Measurement(0.3, 1.0, {"broken": broken, "p_value": p_value})


@pytest.mark.parametrize("broken, p_value, holds", [
    (0, 0.0499, True), (0, 0.05, False), (0, 0.0501, False), (1, 0.0, False),
])
def test_p9_judge_edges(broken, p_value, holds):
    assert P9.judge({}, _p9(broken, p_value)) is holds


# -- every control names its edge, and each edge of a two-sided window has one --------------------------

def test_two_sided_windows_have_a_control_per_edge():
    crosses = {c.id: " | ".join(k.crosses for k in c.controls) for c in THEOREM.claims}
    assert "lower edge 0.8" in crosses[P1.id] and "upper edge 1.2" in crosses[P1.id]
    assert "share edge" in crosses[P1.id] and "AL19-token branch" in crosses[P1.id]
    assert "stable edge" in crosses[P2.id] and "unstable edge" in crosses[P2.id]
    for claim in (P4, P7):
        assert "upper edge" in crosses[claim.id] and "lower edge" in crosses[claim.id]
    assert "monotone branch" in crosses[P5.id]
    for claim in THEOREM.claims:
        assert claim.has_near_control(), claim.id
