"""Memory functions over level grids: normalisations, step and impulse memory, decay rates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.convolution import causal_convolution
from rnnbounds.numerics.memory import (
    impulse_inputs, impulse_memory, level_grid, level_norm, log_decay_rate, memory_from_rates,
    step_inputs, step_memory,
)


def test_level_grid_holds_every_sign_vector_at_every_magnitude():
    grid = level_grid(2, (1.0, 3.0))
    assert grid.shape == (8, 2)
    assert {tuple(row) for row in grid[:4]} == {(-1, -1), (-1, 1), (1, -1), (1, 1)}
    np.testing.assert_array_equal(level_norm(grid), [1] * 4 + [3] * 4)
    np.testing.assert_array_equal(level_norm(grid, "inf+1"), [2] * 4 + [4] * 4)


@given(d=st.integers(1, 4), steps=st.integers(2, 60), seed=st.integers(0, 2**16))
def test_linear_step_and_impulse_memory_equal_the_kernel_l1_norm(d, steps, seed):
    rng = np.random.default_rng(seed)
    rho = rng.standard_normal((steps, d))
    levels = level_grid(d)
    step = step_memory(causal_convolution(rho, step_inputs(levels, steps)), levels)
    impulse = impulse_memory(causal_convolution(rho, impulse_inputs(levels, steps)), levels)
    exact = np.abs(rho).sum(axis=1)
    np.testing.assert_allclose(step, exact, rtol=1e-10, atol=1e-12 * exact.max())
    np.testing.assert_allclose(impulse, exact, rtol=1e-10, atol=1e-12 * exact.max())


def test_log_decay_rate_recovers_an_exponential_rate():
    t = np.linspace(10.0, 20.0, 11)
    memory = np.stack([3.0 * np.exp(-0.7 * t), np.exp(-0.1 * t)])
    np.testing.assert_allclose(log_decay_rate(t, memory), [-0.7, -0.1], rtol=1e-12)


def test_bad_inputs_raise():
    with pytest.raises(ValueError):
        level_grid(0)
    with pytest.raises(ValueError):
        level_grid(2, (0.0,))
    with pytest.raises(ValueError, match="nonzero"):
        level_norm(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="normalisation"):
        level_norm(np.ones((1, 2)), "l2")
    with pytest.raises(ValueError, match="rates"):
        memory_from_rates(np.ones((3, 5)), np.ones((2, 1)))
    with pytest.raises(ValueError):
        log_decay_rate(np.arange(3.0), np.array([1.0, 0.0, 1.0]))
