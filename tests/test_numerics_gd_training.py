"""GD on W: the centered function starts at zero, the loss falls, test error lies in [0, 1]."""

import numpy as np
import pytest

from rnnbounds.numerics.concepts import additive_concept, random_betas, sample_sequences
from rnnbounds.numerics.elman_rnn import init_elman
from rnnbounds.numerics.gd_training import clipped_test_error, train_recurrent


def test_centered_training_loss_falls():
    rng = np.random.default_rng(0)
    X = sample_sequences(rng, 12, 4, 3)
    y = additive_concept(X, random_betas(rng, 4, 3), np.sin)
    params = init_elman(rng, 2, 64, 3)
    run = train_recurrent(params, X, y, steps=40, step_size=0.5 / (64 * 12 * 3))
    assert np.allclose(run.losses[:, 0], 0.5 * np.sum(y**2))
    assert np.all(run.losses[:, -1] < 0.5 * run.losses[:, 0])
    error = clipped_test_error(run, sample_sequences(rng, 20, 4, 3), np.zeros(20))
    assert error.shape == (2,) and np.all((error >= 0) & (error <= 1))


def test_bad_step_size_raises():
    rng = np.random.default_rng(1)
    with pytest.raises(ValueError, match="step_size"):
        train_recurrent(init_elman(rng, 1, 4, 2), np.ones((2, 3, 2)), np.zeros(2), steps=1, step_size=0.0)
