"""Projected GD on the per-neuron balls, lazy diagnostics and the doubling width search."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.bounded_inputs import bounded_sequences
from rnnbounds.numerics.diagonal_rnn import symmetric_init
from rnnbounds.numerics.lazy_diagnostics import LinearizationRecorder, linearized_output
from rnnbounds.numerics.minimal_width import doubling_grid, minimal_width
from rnnbounds.numerics.projected_gd import neuron_displacement, projected_gradient_descent


def _problem(seed, E=2, m=8, n=6, T=4, d=2):
    rng = np.random.default_rng(seed)
    return symmetric_init(rng, E, m, d, 0.7), bounded_sequences(rng, n, T, d), rng.standard_normal(n)


@given(st.integers(0, 2**16), st.floats(0.05, 2.0), st.integers(1, 8).map(lambda k: 2 * k))
def test_projection_keeps_every_neuron_in_its_ball(seed, rho, m):
    start, X, Y = _problem(seed, m=m)
    trace = projected_gradient_descent(start, X, 5 * Y, TANH, eta=2.0, steps=15, rho=rho)
    moved = np.linalg.norm(neuron_displacement(trace.final, start), axis=-1)
    assert moved.max() <= rho / np.sqrt(m) * (1 + 1e-12)
    assert trace.max_movement.max() <= rho * (1 + 1e-12)
    assert np.all(trace.max_gain <= 0.7 + rho / np.sqrt(m) + 1e-12)


def test_plain_gd_decreases_the_loss_and_reports_the_best_iterate():
    start, X, Y = _problem(1)
    trace = projected_gradient_descent(start, X, Y, TANH, eta=0.2, steps=50)
    assert np.all(trace.losses[-1] < trace.losses[0])
    np.testing.assert_array_equal(trace.best_loss, trace.losses.min(axis=0))
    np.testing.assert_array_equal(trace.losses[trace.best_step, np.arange(2)], trace.best_loss)


def test_unprojected_run_can_leave_the_ball_the_projection_would_impose():
    start, X, Y = _problem(2)
    trace = projected_gradient_descent(start, X, 10 * Y, TANH, eta=1.0, steps=40)
    assert trace.max_movement.max() > 0.1


def test_linearization_is_exact_at_init_and_second_order_nearby():
    start, X, _ = _problem(3)
    rng = np.random.default_rng(0)
    dw, dU = rng.standard_normal(start.w.shape), rng.standard_normal(start.U.shape)
    errors = []
    for scale in (1e-2, 5e-3):
        moved = start.with_weights(start.w + scale * dw, start.U + scale * dU)
        recorder = LinearizationRecorder(start, X, TANH)
        recorder(0, moved)
        errors.append(recorder.max_error.max())
    np.testing.assert_array_equal(linearized_output(start, start, X, TANH), 0.0)
    assert errors[0] / errors[1] == pytest.approx(4.0, rel=0.05)  # quadratic remainder


def test_minimal_width_walks_the_doubling_grid():
    assert doubling_grid(2, 40) == [2, 4, 8, 16, 32]
    search = minimal_width(lambda m: np.array([1.0 / m, 2.0 / m, 0.5 / m]), eps=0.1, largest=64)
    assert search.minimal_width == 16 and search.widths == (2, 4, 8, 16)
    assert minimal_width(lambda m: np.ones(3), eps=0.1, largest=8).minimal_width is None
    with pytest.raises(ValueError, match="eps"):
        minimal_width(lambda m: np.ones(3), eps=-1.0)
    with pytest.raises(ValueError, match="rho"):
        projected_gradient_descent(*_problem(0), TANH, eta=0.1, steps=1, rho=-1.0)
