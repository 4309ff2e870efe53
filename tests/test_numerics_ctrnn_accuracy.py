"""The ODE tolerance is part of the answer: heaviside_velocity meets its documented 100 * rtol.

Reference: the same v-system solved at rtol = 1e-13. Error measure: max_t |v_t - v_ref_t| / max_t |v_ref_t|
per (network, level, unit). The docstring states the accuracy 100 * rtol; the default rtol = 1e-10
therefore promises 1e-8, and a claim that needs 1e-10 asks for rtol = 1e-12.
"""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.ctrnn import heaviside_velocity
from rnnbounds.numerics.teachers import random_teacher


@pytest.fixture(scope="module")
def problem():
    weights = random_teacher(np.random.default_rng(0), 30, 8, 1, gain=1.5)
    levels, times = np.array([[1.0], [-1.0], [2.0]]), np.linspace(0.0, 20.0, 41)
    return weights, levels, times, heaviside_velocity(weights, TANH, levels, times, rtol=1e-13)


def relative_error(v: np.ndarray, reference: np.ndarray) -> float:
    return float((np.abs(v - reference).max(axis=2) / np.abs(reference).max(axis=2)).max())


@pytest.mark.parametrize("rtol", [1e-10, 1e-12])
def test_accuracy_is_within_100_rtol(problem, rtol):
    weights, levels, times, reference = problem
    assert relative_error(heaviside_velocity(weights, TANH, levels, times, rtol=rtol), reference) <= 100 * rtol


def test_loose_tolerance_is_visibly_worse(problem):
    """Control: at rtol = 1e-5 the error is far above the 1e-8 that the default promises."""
    weights, levels, times, reference = problem
    assert relative_error(heaviside_velocity(weights, TANH, levels, times, rtol=1e-5), reference) > 1e-8
