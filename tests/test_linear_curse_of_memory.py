"""linear-curse-of-memory: the claims' helpers on tiny cases worked out by hand.

Values are typed from the formulas of the spec (wang2023_inverse_approximation.md §2.1, §2.2,
§3.4 c1) and computed by hand, never from the module's own expressions.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnbounds.numerics.linear_rnn import LinearRNN
from rnnbounds.theorems.core import Bound
from rnnbounds.theorems.linear_curse_of_memory import (
    EXPONENTIAL_RATE, FIT_GRID, THEOREM, _target_kernel, envelope_values, gap_prediction_holds,
)


def scalar_network(w: float, u: float, c: float) -> LinearRNN:
    return LinearRNN(np.array([[[w]]]), np.array([[[u]]]), np.array([[c]]))


def test_scalar_network_attains_the_envelope():
    """m = d = 1, W = -0.5, U = 2, c = 3: M(t) = 6 e^{-t/2} = envelope; at t = 2 both are 6/e."""
    net, t = scalar_network(-0.5, 2.0, 3.0), np.array([0.0, 2.0])
    assert net.memory(t)[0] == pytest.approx([6.0, 2.2072766470286], rel=1e-12)
    assert envelope_values(net, t)[0] == pytest.approx([6.0, 2.2072766470286], rel=1e-12)


def test_diagonal_network_envelope_by_hand():
    """W = diag(-1, -2), U = I_2, c = (1, 1): M(t) = e^{-t} + e^{-2t}; envelope sqrt(2) * 1 * sqrt(2) * 1 * e^{-t}."""
    net = LinearRNN(np.diag([-1.0, -2.0])[None], np.eye(2)[None], np.ones((1, 2)))
    t = np.array([1.0])
    assert net.memory(t)[0, 0] == pytest.approx(0.36787944117144233 + 0.1353352832366127, rel=1e-12)
    assert envelope_values(net, t)[0, 0] == pytest.approx(0.7357588823428847, rel=1e-12)


def test_non_normal_network_carries_the_condition_number():
    """W = [[-1, 1], [0, -2]]: V = [[1, 1], [0, -1]] up to column scaling, so kappa(V) > 1 (caveat c1)."""
    net = LinearRNN(np.array([[[-1.0, 1.0], [0.0, -2.0]]]), np.array([[[0.0], [1.0]]]), np.array([[1.0, 0.0]]))
    t = np.linspace(0.0, 10.0, 201)
    memory = net.memory(t)[0]                         # |e^{-t} - e^{-2t}|, the (1, 2) entry of e^{Wt}
    assert memory == pytest.approx(np.exp(-t) - np.exp(-2 * t), abs=1e-14)
    _, V = np.linalg.eig(net.W[0])
    assert np.linalg.cond(V) == pytest.approx(1 + math.sqrt(2), rel=1e-10)  # columns (1, 0), (1, -1)/sqrt 2
    assert np.all(memory <= envelope_values(net, t)[0])


def test_envelope_is_the_bound_object(monkeypatch):
    net, t = scalar_network(-0.5, 2.0, 3.0), np.array([1.0])
    original = Bound.evaluate
    monkeypatch.setattr(Bound, "evaluate", lambda self, **v: 2.0 * original(self, **v))
    assert envelope_values(net, t)[0, 0] == pytest.approx(12.0 * math.exp(-0.5), rel=1e-12)


def test_a_network_that_is_not_hurwitz_is_refused_by_the_bound():
    with pytest.raises(ValueError, match="beta"):
        envelope_values(scalar_network(0.25, 1.0, 1.0), np.array([0.0, 1.0]))


def test_target_kernels_by_hand():
    at_one = lambda instance: _target_kernel(instance)[0]
    assert FIT_GRID[0] == 1.0 and FIT_GRID[-1] == 100.0 and FIT_GRID.size == 100
    exponential = {"kernel": "exponential", "rate": EXPONENTIAL_RATE, "tail": 1e-4}
    assert at_one(exponential) == pytest.approx(0.9 + 1e-4 * 2**-1.1, rel=1e-14)
    assert at_one({**exponential, "tail": 0.0}) == pytest.approx(0.9, rel=1e-14)      # 0.9^t at t = 1
    polynomial = {"kernel": "polynomial", "power": 1.1, "damping": 0.03}
    assert at_one(polynomial) == pytest.approx(2**-1.1 * math.exp(-0.03), rel=1e-14)


def test_gap_prediction_reads_the_instance_expectation():
    assert gap_prediction_holds({"expect": "bounded", "predicted_rate": 0.2}, np.array([0.2, 0.2, 0.20005]))
    assert not gap_prediction_holds({"expect": "bounded", "predicted_rate": 0.2}, np.array([0.2, 0.19]))
    assert not gap_prediction_holds({"expect": "vanishing"}, np.array([0.2, 0.2, 0.2]))  # constant: neither


def test_fits_of_the_exponential_target_recover_its_rate():
    claim = THEOREM.claim("fit-spectral-gap")
    instance = {"kernel": "exponential", "rate": EXPONENTIAL_RATE, "tail": 0.0, "widths": [1, 2], "seeds": 2,
                "expect": "bounded", "predicted_rate": EXPONENTIAL_RATE}
    meas = claim.measure(instance, np.random.default_rng(0))
    assert np.asarray(meas.details["lambda_min_per_fit"]).shape == (2, 2)
    assert meas.details["lambda_min"] == pytest.approx([math.log(10 / 9)] * 2, rel=1e-9)
    assert claim.judge(instance, meas)
