"""The input walk of tests/test_numerics_input_walk.py on the repository-definition numerics
(time_weighted_mse, residual_orthogonal, fixed_direction_perturbation), with their EXAMPLES rows: every
public function refuses NaN / inf / empty input with a ValueError naming the argument and returns float64
for float32 input. The rows belong in the walk's own EXAMPLES table; until they are there, this file runs them.
"""

from __future__ import annotations

import numpy as np
import pytest

import test_numerics_input_walk as walk
from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.residual_orthogonal import ResidualOrthogonalRNN
from rnnbounds.numerics.residual_training import AdamSettings
from test_numerics_input_walk import Build, method, normal, returns, rng


def _squared_w(p: dict[str, np.ndarray]) -> float:
    return float(np.sum(p["w"] ** 2))


def orthogonal_model() -> Build:
    return Build(ResidualOrthogonalRNN, w=np.array([0.3, -0.2]), P=np.array([[0.6, -0.8], [0.8, 0.6]]),
                 u=np.array([0.5, 1.0]), b=np.array([0.1, 0.0]), c=np.array([1.0, -0.5]), c0=np.array(0.1))

ROWS = {
    "fixed_direction_perturbation.fixed_directions": lambda: ("fixed_direction_perturbation.fixed_directions", dict(
        params={"w": np.array([0.1, -0.2]), "P": np.eye(2)}, seed=1)),
    "fixed_direction_perturbation.fixed_direction_curve": lambda: ("fixed_direction_perturbation.fixed_direction_curve", dict(
        error=_squared_w,
        params={"w": np.array([0.1, -0.2])}, betas=np.array([0.0, 0.5]), repeats=2)),
    "residual_orthogonal.ResidualOrthogonalRNN": lambda: (ResidualOrthogonalRNN, orthogonal_model().fields),
    "residual_orthogonal.ResidualOrthogonalRNN.as_dict": lambda: (method(orthogonal_model, "as_dict"), {}),
    "residual_orthogonal.ResidualOrthogonalRNN.from_dict": lambda: (ResidualOrthogonalRNN.from_dict, dict(
        values=dict(orthogonal_model().fields))),
    "residual_orthogonal.ResidualOrthogonalRNN.initial": lambda: (ResidualOrthogonalRNN.initial, dict(m=2, rng=rng())),
    "residual_orthogonal.ResidualOrthogonalRNN.recurrent_matrix": lambda: (method(orthogonal_model, "recurrent_matrix"),
                                                                          dict(phi="softplus")),
    "residual_orthogonal.grown_orthogonal": lambda: ("residual_orthogonal.grown_orthogonal", dict(
        model=orthogonal_model(), m=3, rng=rng())),
    "residual_orthogonal.forward_orthogonal": lambda: ("residual_orthogonal.forward_orthogonal", dict(
        model=orthogonal_model(), sigma=TANH, x=normal(2, 3), dt=0.1, phi="softplus")),
    "residual_orthogonal.stability_margin": lambda: ("residual_orthogonal.stability_margin", dict(
        w=np.array([0.5, -1.0]), phi="relu")),
    "residual_orthogonal.objective_and_gradient": lambda: ("residual_orthogonal.objective_and_gradient", dict(
        model=orthogonal_model(), sigma=TANH, x=normal(2, 3), y=normal(2, 3, seed=2), dt=0.1, phi="softplus",
        margin_weight=0.01)),
    "residual_orthogonal.adam_orthogonal": lambda: ("residual_orthogonal.adam_orthogonal", dict(
        model=orthogonal_model(), sigma=TANH, x=normal(2, 3), y=normal(2, 3, seed=2), dt=0.1, phi="softplus",
        settings=Build(AdamSettings, learning_rate=0.01, steps=2), margin_weight=0.01)),
    "residual_orthogonal.perturbed_orthogonal": lambda: ("residual_orthogonal.perturbed_orthogonal", dict(
        model=orthogonal_model(), deltas={"P": np.ones((2, 2))})),
    "time_weighted_mse.time_weights": lambda: ("time_weighted_mse.time_weights", dict(steps=3)),
    "time_weighted_mse.time_weighted_mse": lambda: ("time_weighted_mse.time_weighted_mse", dict(
        y_hat=normal(2, 3), y=normal(2, 3, seed=2))),
    "time_weighted_mse.time_weighted_mse_and_gradient": lambda: ("time_weighted_mse.time_weighted_mse_and_gradient", dict(
        y_hat=normal(2, 3), y=normal(2, 3, seed=2))),
}

DOCUMENTED = {
    ("fixed_direction_perturbation.fixed_directions", "seed", "empty"): (
        "seed 0 is the repository's first repeat", returns(lambda d: set(d) == {"w", "P"})),
}


def _cases() -> list[tuple[str, tuple, str]]:
    return [(entry, path, variant) for entry, row in ROWS.items() for path, leaf in walk._leaves(row()[1])
            for variant in walk._variants(leaf)]


@pytest.fixture(autouse=True)
def _rows(monkeypatch):
    monkeypatch.setattr(walk, "EXAMPLES", {**walk.EXAMPLES, **ROWS})
    monkeypatch.setattr(walk, "DOCUMENTED", {**walk.DOCUMENTED, **DOCUMENTED})


def test_rows_cover_every_entry_point_of_the_three_modules():
    modules = ("time_weighted_mse.", "residual_orthogonal.", "fixed_direction_perturbation.")
    assert sorted(e for e in walk.entry_points() if e.startswith(modules)) == sorted(ROWS)


@pytest.mark.parametrize("entry", sorted(ROWS))
def test_example_runs_and_float32_gives_float64(entry):
    walk.test_example_runs_and_returns_float64(entry)
    walk.test_all_float32_arguments_give_float64(entry)


@pytest.mark.parametrize("entry, path, variant", _cases(), ids=[f"{e}-{'.'.join(map(str, p))}-{v}" for e, p, v in _cases()])
def test_bad_argument(entry, path, variant):
    walk.test_bad_argument(entry, path, variant)
