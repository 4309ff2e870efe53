"""The design statistics against literals worked out by hand or from the textbook formulas."""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.theorems.core.statistics import (bootstrap_slope, chance_all_pass, chance_at_least, clopper_pearson,
                                                fit_slope, instances_for)


def test_clopper_pearson_literals():
    # 0 of 20: upper end 1 - 0.025^(1/20) = 0.16843; 20 of 20: lower end 0.025^(1/20) = 0.83157
    assert clopper_pearson(0, 20) == pytest.approx((0.0, 0.168433), abs=1e-6)
    assert clopper_pearson(20, 20) == pytest.approx((0.831567, 1.0), abs=1e-6)
    # 5 of 10 (exact): [0.187086, 0.812914]
    assert clopper_pearson(5, 10) == pytest.approx((0.187086, 0.812914), abs=1e-6)
    with pytest.raises(ValueError):
        clopper_pearson(3, 2)


def test_binomial_chances():
    assert chance_all_pass(30, 0.1) == pytest.approx(0.9 ** 30)
    assert chance_all_pass(30, 0.1) == pytest.approx(0.0423912, rel=1e-6)
    # P(Bin(10, 0.5) >= 8) = (45 + 10 + 1) / 1024
    assert chance_at_least(10, 8, 0.5) == pytest.approx(56 / 1024)
    assert chance_at_least(10, 0, 0.3) == pytest.approx(1.0)
    assert instances_for(0.1, 0.05) == 29 and 0.9 ** 29 <= 0.05 < 0.9 ** 28
    with pytest.raises(ValueError):
        instances_for(0.0, 0.05)


def test_fit_slope_interval_by_hand():
    # y = 2x + (+1, -1, -1, +1): slope 2 exactly, residual sum of squares 4 -> stderr sqrt(4/2/5) = 0.63246
    x = np.array([0.0, 1.0, 2.0, 3.0])
    fit = fit_slope(x, 2 * x + np.array([1.0, -1.0, -1.0, 1.0]))
    assert fit.slope == pytest.approx(2.0) and fit.stderr == pytest.approx(np.sqrt(0.4))
    # t_{0.975, 2} = 4.302653
    assert fit.high - fit.slope == pytest.approx(4.302653 * np.sqrt(0.4), rel=1e-6)
    assert fit.contains(2.0) and not fit.contains(2.0 + 4.31 * np.sqrt(0.4))
    with pytest.raises(ValueError):
        fit_slope(x[:2], x[:2])
    with pytest.raises(ValueError):
        fit_slope(x, np.array([1.0, np.nan, 2.0, 3.0]))


def test_bootstrap_slope_brackets_a_noisy_line_and_is_seeded():
    rng = np.random.default_rng(0)
    x = np.linspace(0, 1, 40)
    y = 0.5 * x + 0.05 * rng.standard_normal(40)
    first = bootstrap_slope(x, y, np.random.default_rng(1))
    again = bootstrap_slope(x, y, np.random.default_rng(1))
    assert first == again and first.low < 0.5 < first.high and first.high - first.low < 0.2
