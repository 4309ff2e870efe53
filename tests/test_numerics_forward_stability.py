"""Forward norm ratio rho = ||h_L||^2 / sum ||X_l||^2 at random initialization."""

import numpy as np

from rnnbounds.numerics.forward_stability import fraction_outside, hidden_norm_ratios


def test_wide_network_ratio_near_one():
    ratios = hidden_norm_ratios(np.random.default_rng(0), 4, 512, 4, 16)
    assert ratios.shape == (16,) and abs(np.median(ratios) - 1) < 0.2


def test_chunking_does_not_change_the_draws_in_distribution():
    ratios = hidden_norm_ratios(np.random.default_rng(1), 3, 64, 2, 10, max_floats=64 * 64 * 3)
    assert ratios.shape == (10,) and np.all(np.isfinite(ratios))


def test_fraction_outside():
    assert fraction_outside(np.array([0.1, 1.0, 3.0, 1.9])) == 0.5
