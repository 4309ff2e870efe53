"""Claim-specific checks of ntk-generalization beyond the generic battery: the judges' logic."""

import numpy as np

from rnnbounds.theorems.core import Measurement
from rnnbounds.theorems.ntk_generalization.claims.forward import WIDTH_THRESHOLD, crossing_ratio
from rnnbounds.theorems.ntk_generalization.claims.n_variable import judge_n_variable
from rnnbounds.theorems.ntk_generalization.claims.plateau import judge_growth, supported_reading, tail_slope
from rnnbounds.theorems.ntk_generalization.measurements import loglog_slope, nested_kernel_norms, normalized_kernel
from rnnbounds.numerics.concepts import sample_sequences


def test_crossing_ratio_interpolates_in_log():
    assert crossing_ratio([1.0, 4.0], [0.0, 1.0]) == 2.0
    assert crossing_ratio([1.0, 4.0], [0.0, 0.2]) is None


def test_tail_slope_and_loglog_slope():
    sizes = [32, 64, 128, 256]
    assert abs(tail_slope(sizes, [s**0.3 for s in sizes]) - 0.3) < 1e-12
    assert abs(loglog_slope(sizes, [5 * s**-0.5 for s in sizes]) + 0.5) < 1e-12


def test_nested_kernel_norms_increase_with_n():
    rng = np.random.default_rng(0)
    X = sample_sequences(rng, 40, 3, 2)
    norms = nested_kernel_norms(normalized_kernel(X), rng.standard_normal(40), [5, 10, 20, 40])
    assert np.all(np.diff(norms) >= -1e-9)


def test_growth_judge_prefers_the_better_fit():
    L = np.array([2.0, 3, 4, 6, 8])
    details = {"residual_power": 0.01, "residual_exponential": 0.2}
    assert judge_growth({"declared": "power"}, Measurement(2.0, details=details))
    assert not judge_growth({"declared": "exponential"}, Measurement(2.0, details=details))
    assert supported_reading({"curvature_range": [0.1, 0.3]}).startswith("AP2")
    assert supported_reading({"curvature_range": [-0.1, 0.3]}).startswith("AP1")
    assert L.size == 5


def test_n_variable_judge_rejects_flat_and_falling_grids():
    assert judge_n_variable({}, Measurement(2.0, details={"kernel_norm": [1.0, 1.5, 2.0]}))
    assert not judge_n_variable({}, Measurement(1.0, details={"kernel_norm": [1.0, 1.0, 1.0]}))
    assert not judge_n_variable({}, Measurement(2.0, details={"kernel_norm": [1.0, 3.0, 2.0]}))


def test_threshold_judge_reads_the_declared_ratios():
    instance = {"ratios": [0.0625, 4.0], "stable_ratio": 0.0625, "unstable_ratio": 4.0}
    good = Measurement(0.7, details={"outside_share": [0.0, 0.7]})
    bad = Measurement(0.3, details={"outside_share": [0.0, 0.3]})
    assert WIDTH_THRESHOLD.judge(instance, good) and not WIDTH_THRESHOLD.judge(instance, bad)
