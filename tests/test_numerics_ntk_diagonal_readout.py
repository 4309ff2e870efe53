"""ntk_diagonal.empirical_ntk uses c_i^2 = 1: it refuses any other readout instead of ignoring it."""

import numpy as np
import pytest

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.diagonal_rnn import DiagonalParams
from rnnbounds.numerics.ntk_diagonal import empirical_ntk, kernel_of_neurons


def params(c):
    rng = np.random.default_rng(0)
    return DiagonalParams(rng.uniform(-0.5, 0.5, (1, 2)), rng.standard_normal((1, 2, 2)), np.array([c]))


def test_signs_are_accepted_and_give_the_neuron_kernel():
    X = np.random.default_rng(1).standard_normal((3, 4, 2))
    p = params([1.0, -1.0])
    assert np.array_equal(empirical_ntk(p, X, TANH), kernel_of_neurons(p.w, p.U, X, TANH))


@pytest.mark.parametrize("c", [[1.0, -0.5], [2.0, -1.0], [0.0, 1.0]])
def test_other_readouts_are_refused(c):
    with pytest.raises(ValueError, match=r"argument c\b"):
        empirical_ntk(params(c), np.ones((2, 3, 2)), TANH)
