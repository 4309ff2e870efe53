"""Claim-specific checks of ntk-generalization beyond the generic battery: helpers worked by hand."""

import numpy as np
import pytest

from rnnbounds.numerics.concepts import sample_sequences
from rnnbounds.theorems.core import Measurement
from rnnbounds.theorems.ntk_generalization.claims.forward import meanfield_norm
from rnnbounds.theorems.ntk_generalization.claims.plateau import supported_reading, tail_slope
from rnnbounds.theorems.ntk_generalization.measurements import (
    hidden_norms_squared, loglog_slope, mean_interval, nested_kernel_norms, normalized_kernel, quadratic_coefficient,
)


def test_tail_slope_and_loglog_slope():
    sizes = [32, 64, 128, 256]
    assert abs(tail_slope(sizes, [s**0.3 for s in sizes]) - 0.3) < 1e-12
    assert abs(tail_slope(sizes, [1.0, 1.0, 2.0, 4.0]) - 1.0) < 1e-12      # only the last two doublings count
    assert abs(loglog_slope(sizes, [5 * s**-0.5 for s in sizes]) + 0.5) < 1e-12


def test_meanfield_norm_by_hand():
    # F13: sum_l r_l^2; unit tokens at L = 6 give 6; AL19 tokens 1 + 5 * 0.1^2 = 1.05
    assert meanfield_norm({"L": 6, "normalization": "none"}) == pytest.approx(6.0, rel=1e-15)
    assert meanfield_norm({"L": 6, "normalization": "al19"}) == pytest.approx(1.05, rel=1e-15)


def test_gain_scales_one_step_hidden_norm_exactly():
    # ReLU is positively homogeneous: at L = 1, h_1 = relu(sqrt(g) A x), so ||h_1||^2 scales by g exactly
    base = hidden_norms_squared(np.random.default_rng(3), 1, 16, 3, 4)
    doubled = hidden_norms_squared(np.random.default_rng(3), 1, 16, 3, 4, gain=2.0)
    assert np.allclose(doubled, 2.0 * base, rtol=1e-13)


@pytest.mark.parametrize("gain", [0.0, -1.0, float("nan"), float("inf")])
def test_gain_must_be_positive_and_finite(gain):
    with pytest.raises(ValueError, match="gain"):
        hidden_norms_squared(np.random.default_rng(0), 2, 4, 2, 1, gain=gain)


def test_mean_interval_by_hand():
    # values 1, 2, 3: mean 2, sd 1; for df = 2 the t quantile has the closed form
    # t_p = (2p - 1) sqrt(2 / (4p(1 - p))), p = 0.975: 0.95 sqrt(2 / 0.0975) = 4.30265 (table value 4.303)
    mean, low, high = mean_interval([1.0, 2.0, 3.0], 0.95)
    half = 0.95 * np.sqrt(2.0 / 0.0975) / np.sqrt(3.0)
    assert mean == 2.0 and low == pytest.approx(2.0 - half, rel=1e-12) and high == pytest.approx(2.0 + half, rel=1e-12)
    with pytest.raises(ValueError):
        mean_interval([1.0], 0.95)


def test_quadratic_coefficient_recovers_an_exact_parabola_and_has_a_t_interval():
    x = np.log(np.array([4.0, 6, 8, 12, 16]))
    c, low, high = quadratic_coefficient(x, 1.0 + 2.0 * x + 0.25 * x * x, 0.95)
    assert c == pytest.approx(0.25, abs=1e-10) and high - low < 1e-8
    noisy = 1.0 + 2.0 * x + np.array([0.1, -0.1, 0.1, -0.1, 0.1])
    c, low, high = quadratic_coefficient(noisy * 0 + noisy, noisy, 0.95)  # any finite data give an interval
    assert low <= c <= high
    with pytest.raises(ValueError):
        quadratic_coefficient(x[:3], x[:3], 0.95)


def test_supported_reading_by_interval():
    assert supported_reading({"curvature_interval": [0.1, 0.3]}).startswith("AP2")
    assert supported_reading({"curvature_interval": [-0.1, 0.3]}).startswith("AP1")
    assert supported_reading({"curvature_interval": [-0.3, -0.1]}).startswith("neither")


def test_nested_kernel_norms_increase_with_n():
    rng = np.random.default_rng(0)
    X = sample_sequences(rng, 40, 3, 2)
    norms = nested_kernel_norms(normalized_kernel(X), rng.standard_normal(40), [5, 10, 20, 40])
    assert np.all(np.diff(norms) >= -1e-9)


def test_measurement_tightness_is_bound_over_measured():
    assert Measurement(0.25, 0.5).looseness == 2.0
