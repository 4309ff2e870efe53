"""Elementwise activations with their derivatives and constants.

An activation sigma is a pair of pure functions (sigma, sigma') plus the constants that the
bounds use: the Lipschitz constant L_sigma = sup |sigma'|, the bound sup |sigma''| when it
exists, and sigma(0).

Kinks: where sigma is not differentiable the derivative is taken as 0 (relu'(0) = 0,
hardtanh'(+-1) = 0; the second derivative of both is 0 everywhere), so BPTT through a unit that
sits exactly on a kink passes no gradient.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = [
    "Activation", "TANH", "SIGMOID", "HARDTANH", "RELU", "IDENTITY", "ACTIVATIONS", "scaled_linear",
    "activation",
]

ArrayFunction = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Activation:
    """An activation sigma with sigma', sigma'' and the constants bounds quote.

    lipschitz: sup_z |sigma'(z)|; curvature: sup_z |sigma''(z)| (inf where undefined);
    value_bound: sup_z |sigma(z)| (inf when unbounded).
    """

    name: str
    value: ArrayFunction
    derivative: ArrayFunction
    second_derivative: ArrayFunction
    lipschitz: float
    curvature: float
    value_bound: float
    derivative_from_value: ArrayFunction | None = None  # sigma'(z) as a function of h = sigma(z)

    def __post_init__(self) -> None:
        for name in ("lipschitz", "curvature", "value_bound"):
            constant = float(getattr(self, name))
            if np.isnan(constant) or constant < 0:
                raise ValueError(f"argument {name} must be a number >= 0 (inf where unbounded), got {constant!r}")
            object.__setattr__(self, name, constant)

    def __call__(self, z: np.ndarray) -> np.ndarray:
        """sigma(z) elementwise in float64; an IEEE map, so NaN in gives NaN out (no validation)."""
        return self.value(np.asarray(z, dtype=np.float64))


def _tanh_second(z: np.ndarray) -> np.ndarray:
    s = np.tanh(z)
    return -2.0 * s * (1.0 - s * s)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _sigmoid_prime(z: np.ndarray) -> np.ndarray:
    s = _sigmoid(z)
    return s * (1.0 - s)


def _sigmoid_second(z: np.ndarray) -> np.ndarray:
    s = _sigmoid(z)
    return s * (1.0 - s) * (1.0 - 2.0 * s)


TANH = Activation(
    "tanh", np.tanh, lambda z: 1.0 - np.tanh(z) ** 2, _tanh_second,
    lipschitz=1.0, curvature=4.0 / (3.0 * np.sqrt(3.0)), value_bound=1.0,
    derivative_from_value=lambda h: 1.0 - h**2,
)
SIGMOID = Activation(
    "sigmoid", _sigmoid, _sigmoid_prime, _sigmoid_second,
    lipschitz=0.25, curvature=1.0 / (6.0 * np.sqrt(3.0)), value_bound=1.0,
    derivative_from_value=lambda s: s * (1.0 - s),
)
HARDTANH = Activation(
    "hardtanh", lambda z: np.clip(z, -1.0, 1.0),
    lambda z: (np.abs(z) < 1.0).astype(np.result_type(z, np.float64)),
    lambda z: np.zeros_like(z, dtype=np.result_type(z, np.float64)),
    lipschitz=1.0, curvature=np.inf, value_bound=1.0,
    derivative_from_value=lambda h: (np.abs(h) < 1.0).astype(np.result_type(h, np.float64)),
)
RELU = Activation(
    "relu", lambda z: np.maximum(z, 0.0),
    lambda z: (z > 0.0).astype(np.result_type(z, np.float64)),
    lambda z: np.zeros_like(z, dtype=np.result_type(z, np.float64)),
    lipschitz=1.0, curvature=np.inf, value_bound=np.inf,
    derivative_from_value=lambda h: (h > 0.0).astype(np.result_type(h, np.float64)),
)
IDENTITY = Activation(
    "identity", lambda z: np.asarray(z, dtype=np.result_type(z, np.float64)),
    lambda z: np.ones_like(z, dtype=np.result_type(z, np.float64)),
    lambda z: np.zeros_like(z, dtype=np.result_type(z, np.float64)),
    lipschitz=1.0, curvature=0.0, value_bound=np.inf,
)


def scaled_linear(c_sigma: float) -> Activation:
    """sigma(z) = c_sigma z, the class-A0 prototype with slope c_sigma > 0."""
    if not np.isfinite(c_sigma) or c_sigma <= 0:
        raise ValueError(f"c_sigma must be a positive finite number, got {c_sigma!r}")
    c = float(c_sigma)
    return Activation(
        f"linear({c:g})", lambda z: c * np.asarray(z, dtype=np.float64),
        lambda z: np.full_like(z, c, dtype=np.float64),
        lambda z: np.zeros_like(z, dtype=np.float64),
        lipschitz=c, curvature=0.0, value_bound=np.inf,
    )


ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (TANH, SIGMOID, HARDTANH, RELU, IDENTITY)}


def activation(name: str) -> Activation:
    """Look an activation up by name: tanh, sigmoid, hardtanh, relu, identity, or linear(c)."""
    if name in ACTIVATIONS:
        return ACTIVATIONS[name]
    if name.startswith("linear(") and name.endswith(")"):
        return scaled_linear(float(name[len("linear("):-1]))
    raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)} or linear(c)")
