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
from rnnbounds.theorems.gd_convergence.bounds import BOUNDS

WITNESS_SCALE = 1e-9  # u = eps_u e_1 with eps_u * S_T(a) <= this keeps z_t ~ 0 (spec Q3)


def constants_of(name: str) -> tuple[float, float, float]:
    """(s0, s1, s2) of an activation: sup|sigma|, sup|sigma'|, sup|sigma''| (spec A1, F20)."""
    act = activation(name)
    return act.value_bound, act.lipschitz, act.curvature


BOUND = {bound.name: bound for bound in BOUNDS}
#: argmax_z |sigma''(z)|: tanh'' = -2 tanh sech^2 peaks at tanh z = 1/sqrt(3); sigmoid'' at e^z = 2 + sqrt(3)
CURVATURE_PEAK = {"tanh": float(np.arctanh(1 / np.sqrt(3))), "sigmoid": float(np.log(2 + np.sqrt(3)))}


def gradient_bound_value(T: int, alpha: float, act_name: str, input_norm: str = "l2", d: int = 1) -> float:
    """The Bound G (F4), or G_d (F4d) for coordinate-bounded inputs, at gain a = alpha s1."""
    s0, s1, _ = constants_of(act_name)
    point = {"T": T, "a": alpha * s1, "sigma_0": s0, "sigma_1": s1}
    if input_norm == "coordinate":
        return float(BOUND["G_d"].evaluate(**point, d=d))
    return float(BOUND["G"].evaluate(**point))


def hessian_majorant_value(T: int, alpha: float, act_name: str) -> float:
    """The Bound beta (closed-form majorant of the recursion F5) at gain a = alpha s1."""
    s0, s1, s2 = constants_of(act_name)
    return float(BOUND["beta"].evaluate(T=T, a=alpha * s1, sigma_0=s0, sigma_1=s1, sigma_2=s2))


def memory_sum_value(T: int, gain: float) -> float:
    """The Bound S (F3): S_T(a) = sum_{j<T} a^j, attained by the witness's ||d h_{T-1} / d u||."""
    return float(BOUND["S"].evaluate(T=T, a=gain))


def hessian_bound_value(T: int, alpha: float, act_name: str) -> float:
    """beta_{T-1} by the exact recursion (F5) at gain a = alpha s1."""
    s0, s1, s2 = constants_of(act_name)
    return F.hessian_recursion(T, alpha * s1, s0, s1, s2)


def gradient_asymptote_value(gain: float, act_name: str) -> float:
    """The Bound G_free (F6): sup_T G = s1 sqrt(1 + s0^2) / (1 - a), valid for gain a < 1 only."""
    s0, s1, _ = constants_of(act_name)
    if gain >= 1:
        raise ValueError(f"the T-free bound needs gain < 1, got {gain}")
    return float(BOUND["G_free"].evaluate(a=gain, sigma_0=s0, sigma_1=s1))


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


def curvature_witness(d: int, alpha: float, act_name: str, scale: float = 1.0
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """T = 1, X_0 = scale e_1, u = (z*/scale) e_1 with z* = argmax |sigma''|: ||Hess h_0|| = s2 scale^2."""
    U = np.zeros((1, 1, d))
    U[0, 0, 0] = CURVATURE_PEAK[act_name] / scale
    return np.full((1, 1), float(alpha)), U, scale * constant_sequence(1, d)


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


def gradient_alpha_value(T: int, alpha: float, act_name: str) -> float:
    """The Bound G_alpha (F2/F4): G with a = alpha s1."""
    s0, s1, _ = constants_of(act_name)
    return float(BOUND["G_alpha"].evaluate(T=T, alpha=alpha, sigma_0=s0, sigma_1=s1))


def curvature_constants(T: int, gain: float, act_name: str) -> tuple[float, float]:
    """(G from the Bound G, beta_{T-1} from the recursion F5), both at gain a = alpha_eff s1."""
    s0, s1, s2 = constants_of(act_name)
    G = float(BOUND["G"].evaluate(T=T, a=gain, sigma_0=s0, sigma_1=s1))
    return G, F.hessian_recursion(T, gain, s0, s1, s2)


def step_size_limit_value(T: int, gain: float, m: int, rho: float, B_y: float, act_name: str = "tanh") -> float:
    """The Bound eta_max (F11) = 1 / L_F, L_F = G^2 + beta (G rho + B_y) / sqrt(m), at gain a = alpha_eff s1:
    the largest step size for which the derived training bound F12 (and tau_req, F13) is stated."""
    G, beta = curvature_constants(T, gain, act_name)
    return float(BOUND["eta_max"].evaluate(G=G, beta_H=beta, rho=rho, B_y=max(B_y, 1e-12), m=m))
