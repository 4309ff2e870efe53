"""Shared set-ups for the gd-convergence claims: activations, bound values, neurons, witness, teacher.

Every function takes plain instance values and a numpy Generator, and returns arrays or floats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbounds.numerics.activations import Activation, activation
from rnnbounds.numerics.bounded_inputs import bounded_sequences, constant_sequence  # noqa: F401 (re-exported)
from rnnbounds.numerics.diagonal_rnn import symmetric_init
from rnnbounds.numerics.transport_teacher import TransportTeacher, draw_teacher
from rnnbounds.theorems.gd_convergence import formulas as F

WITNESS_SCALE = 1e-9  # u = eps_u e_1 with eps_u * S_T(a) <= this keeps z_t ~ 0 (spec Q3)


def constants_of(name: str) -> tuple[float, float, float]:
    """(s0, s1, s2) of an activation: sup|sigma|, sup|sigma'|, sup|sigma''| (spec A1, F20)."""
    act = activation(name)
    return act.value_bound, act.lipschitz, act.curvature


def gradient_bound_value(T: int, alpha: float, act_name: str, input_norm: str = "l2", d: int = 1) -> float:
    """G_{T-1} (F4, or F4d for coordinate-bounded inputs) at gain a = alpha s1."""
    s0, s1, _ = constants_of(act_name)
    return F.gradient_value(T, alpha * s1, s0, s1, width=float(d) if input_norm == "coordinate" else 1.0)


def hessian_bound_value(T: int, alpha: float, act_name: str) -> float:
    """beta_{T-1} by the exact recursion (F5) at gain a = alpha s1."""
    s0, s1, s2 = constants_of(act_name)
    return F.hessian_recursion(T, alpha * s1, s0, s1, s2)


def gradient_asymptote_value(gain: float, act_name: str) -> float:
    """sup_T G at gain < 1 (F6): the T-free bound."""
    s0, s1, _ = constants_of(act_name)
    if gain >= 1:
        raise ValueError(f"the T-free bound needs gain < 1, got {gain}")
    return s1 * np.sqrt(1 + s0**2) / (1 - gain)


def hessian_asymptote_value(gain: float, act_name: str, horizon: int = 4000) -> float:
    """sup_T beta_{T-1} at gain < 1, by running the recursion to its fixed point."""
    s0, s1, s2 = constants_of(act_name)
    if gain >= 1:
        raise ValueError(f"the T-free bound needs gain < 1, got {gain}")
    return F.hessian_recursion(horizon, gain, s0, s1, s2)


def random_neurons(rng: np.random.Generator, draws: int, d: int, alpha: float,
                   law: str = "uniform") -> tuple[np.ndarray, np.ndarray]:
    """`draws` neurons from mu_0 as one network: w (1, draws), U (1, draws, d)."""
    init = symmetric_init(rng, 1, 2 * draws, d, alpha, law)
    return init.w[:, :draws], init.U[:, :draws]


def witness(T: int, d: int, alpha: float, gain: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tightness witness (spec Q3): w = alpha, u = eps_u e_1, X_t = e_1; eps_u shrinks with S_T(a)."""
    memory = F.gradient_value(T, gain, 0.0, 1.0)  # = S_T(a)
    U = np.zeros((1, 1, d))
    U[0, 0, 0] = WITNESS_SCALE / max(1.0, memory)
    return np.full((1, 1), float(alpha)), U, constant_sequence(T, d)


@dataclass(frozen=True)
class TeacherProblem:
    """Inputs X (n, T, d), targets Y (n,) = f*(X) and the teacher."""

    X: np.ndarray
    Y: np.ndarray
    teacher: TransportTeacher
    act: Activation


def teacher_problem(rng: np.random.Generator, n: int, T: int, d: int, alpha: float, nu: float,
                    act_name: str, neurons: int, law: str = "uniform", input_norm: str = "l2",
                    teacher_norm: float | None = None) -> TeacherProblem:
    """A regression problem with a target in F_nu (spec 4.5); teacher_norm overrides nu for f*."""
    act = activation(act_name)
    X = bounded_sequences(rng, n, T, d, input_norm)
    teacher = draw_teacher(rng, neurons, d, alpha, nu if teacher_norm is None else teacher_norm, act, law)
    return TeacherProblem(X, teacher(X), teacher, act)


def loglog_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])
