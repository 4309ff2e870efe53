"""The formulas F1..F20 of the spec (section 7) as sympy expressions, plus the exact recursion.

Gain a = alpha_eff sigma_1; one neuron's last hidden state h_{T-1} has, for |w| <= alpha_eff and
||X_t|| <= 1 (spec 3.1, tag derived):

    S_k(a)  = sum_{j<k} a^j                          (k terms; S_0 = 0)
    G       = s1 sqrt(s0^2 S_{T-1}(a)^2 + S_T(a)^2)   >= ||d h_{T-1} / d theta||
    beta_t  = s2 D_t^2 + 2 s1 G_{t-1} + a beta_{t-1},  D_t = 1 + s0 [t >= 1] + alpha_eff G_{t-1}
    beta    = beta_{T-1}                             >= ||d^2 h_{T-1} / d theta^2||_op

The recursion has no closed form (G_t carries a square root); `hessian_recursion` unrolls it
exactly for a given T, and `hessian_majorant` is a closed form >= it (G_t <= s1 c S_{t+1}(a),
c = sqrt(s0^2 + 1)) whose growth in T sympy can analyse (Theta(1), T^3, a^{2T} by regime).  All numeric factors come from constants.py.
"""

from __future__ import annotations

import math

import sympy as sp

from rnnbounds.theorems.gd_convergence import constants as K
from rnnbounds.theorems.gd_convergence.symbols import (
    B_y, M, T, a, alpha, d, delta, eps, eta, m, n, nu, rho, s0, s1, s2, tau)


def memory_sum(terms: sp.Expr, gain: sp.Expr = a) -> sp.Expr:
    """F3: S(k) = sum_{j=0}^{k-1} gain^j = (1 - gain^k)/(1 - gain), = k at gain = 1."""
    return sp.Piecewise(((1 - gain**terms) / (1 - gain), sp.Ne(gain, 1)), (terms, True))


def effective_recurrent_bound() -> sp.Expr:
    """F1: alpha_eff = alpha + rho / sqrt(m)."""
    return alpha + rho / sp.sqrt(m)


def gradient_bound(input_norm: str = "l2", gain: sp.Expr = a) -> sp.Expr:
    """F4 (l2 inputs) or F4d (coordinate-bounded inputs, ||X_t||_2 <= sqrt(d))."""
    width = {"l2": sp.Integer(1), "coordinate": d}[input_norm]
    return s1 * sp.sqrt(s0**2 * memory_sum(T - 1, gain) ** 2 + width * memory_sum(T, gain) ** 2)


def gradient_asymptote() -> sp.Expr:
    """F6 below the cutoff: sup_T G = s1 sqrt(1 + s0^2) / (1 - a), the T-free bound (a < 1)."""
    return s1 * sp.sqrt(1 + s0**2) / (1 - a)


def hessian_majorant(gain: sp.Expr = a) -> sp.Expr:
    """A closed form >= beta_{T-1}, built only from non-negative terms (so sympy limits stay fast).

    Unrolled, beta_{T-1} <= sum_{t<T} gain^{T-1-t} (s2 (1 + s0 + gain c S_t)^2 + 2 s1^2 c S_t), with
    c = sqrt(1 + s0^2) and S_t = (1 - gain^t)/(1 - gain).  With Q0 = sum gain^{T-1-t},
    Q2 = sum gain^{T-1-t} gain^{2t}:  sum gain^{T-1-t} S_t^2 <= P2 := (Q0 + Q2)/(1 - gain)^2 (a negative
    T gain^{T-1} term dropped) and S_t <= (1 + S_t^2)/2.  At gain = 1 the sum is evaluated exactly.
    """
    c = sp.sqrt(1 + s0**2)
    q0 = (1 - gain**T) / (1 - gain)
    q2 = gain ** (T - 1) * (1 - gain**T) / (1 - gain)
    p2 = (q0 + q2) / (1 - gain) ** 2
    generic = (s2 * (1 + s0) ** 2 * q0 + (s2 * (1 + s0) * gain * c + s1**2 * c) * (q0 + p2)
               + s2 * gain**2 * c**2 * p2)
    k = T
    critical = (s2 * ((1 + s0) ** 2 * k + (1 + s0) * c * k * (k - 1) + c**2 * (k - 1) * k * (2 * k - 1) / 6)
                + s1**2 * c * k * (k - 1))
    return sp.Piecewise((generic, sp.Ne(gain, 1)), (critical, True))


def _gradient_value(t: int, gain: float, s0v: float, s1v: float, width: float) -> float:
    """G_t for t >= -1 as a float (G_{-1} = 0)."""
    if t < 0:
        return 0.0

    def geometric(k: int) -> float:
        return float(k) if gain == 1 else (1 - gain**k) / (1 - gain)
    return s1v * math.sqrt(s0v**2 * geometric(t) ** 2 + width * geometric(t + 1) ** 2)


def hessian_recursion(T_value: int, gain: float, s0v: float, s1v: float, s2v: float,
                      width: float = 1.0) -> float:
    """beta_{T-1} by unrolling the recursion exactly (F5), for gain a = alpha_eff s1."""
    if T_value < 1:
        raise ValueError(f"T must be a positive integer, got {T_value}")
    alpha_eff = gain / s1v
    beta = 0.0
    for t in range(T_value):
        previous = _gradient_value(t - 1, gain, s0v, s1v, width)
        D = 1 + s0v * (t >= 1) + alpha_eff * previous
        beta = s2v * D**2 + 2 * s1v * previous + gain * beta
    return beta


def gradient_value(T_value: int, gain: float, s0v: float, s1v: float, width: float = 1.0) -> float:
    """G = G_{T-1} as a float (width = d for coordinate-bounded inputs)."""
    return _gradient_value(T_value - 1, gain, s0v, s1v, width)


def linearization_error(beta: sp.Expr) -> sp.Expr:
    """F8: eps_lin = beta rho^2 / (2 sqrt(m))."""
    return K.LINEARIZATION_FACTOR * beta * rho**2 / sp.sqrt(m)


def random_feature_error(G: sp.Expr, samples: sp.Expr = m) -> sp.Expr:
    """F9: eps_app = 2 nu G sqrt(log(2n/delta)/m)."""
    return K.RANDOM_FEATURE_FACTOR * nu * G * sp.sqrt(sp.log(K.UNION_FACTOR * n / delta) / samples)


def kernel_deviation(G: sp.Expr, samples: sp.Expr = m) -> sp.Expr:
    """F10: max |K_0 - K_inf| <= 2 G^2 sqrt(log(2 n^2/delta)/m)."""
    return K.KERNEL_FACTOR * G**2 * sp.sqrt(sp.log(K.UNION_FACTOR * n**2 / delta) / samples)


def step_size_limit(G: sp.Expr, beta: sp.Expr) -> sp.Expr:
    """F11: eta_max = 1/(G^2 + beta (G rho + B_y)/sqrt(m))."""
    return 1 / (G**2 + beta * (G * rho + B_y) / sp.sqrt(m))


def training_loss_bound(G: sp.Expr, beta: sp.Expr) -> sp.Expr:
    """F12: best-iterate training loss after tau projected-GD steps (rho >= nu)."""
    return (K.LOSS_OPTIMIZATION_FACTOR * nu**2 / (eta * tau)
            + K.LOSS_APPROXIMATION_FACTOR * nu**2 * G**2 * sp.log(K.UNION_FACTOR * n / delta) / m
            + K.LOSS_CURVATURE_FACTOR * beta**2 * nu**4 / m
            + K.LOSS_DRIFT_FACTOR * beta * rho**2 * (G * rho + B_y) / sp.sqrt(m))


def iteration_requirement() -> sp.Expr:
    """F13: tau_req = 3 nu^2 / (2 eta eps)."""
    return K.ITERATION_FACTOR * nu**2 / (eta * eps)


def width_rate_term(G: sp.Expr, beta: sp.Expr) -> sp.Expr:
    """First argument of F14: 3 (4 nu^2 G^2 log(2n/delta) + beta^2 nu^4/4) / eps."""
    inner = (K.LOSS_APPROXIMATION_FACTOR * nu**2 * G**2 * sp.log(K.UNION_FACTOR * n / delta)
             + K.LOSS_CURVATURE_FACTOR * beta**2 * nu**4)
    return K.WIDTH_RATE_FACTOR * inner / eps


def width_drift_term(G: sp.Expr, beta: sp.Expr) -> sp.Expr:
    """Second argument of F14: 36 beta^2 nu^4 (G nu + B_y)^2 / eps^2."""
    return K.WIDTH_DRIFT_FACTOR * beta**2 * nu**4 * (G * nu + B_y) ** 2 / eps**2


def width_requirement(G: sp.Expr, beta: sp.Expr) -> sp.Expr:
    """F14: m_req = max(rate term, drift term), with rho = nu."""
    return sp.Max(width_rate_term(G, beta), width_drift_term(G, beta))


def cutoff_safe_width() -> sp.Expr:
    """F15: m_cut = (rho s1 / (1 - alpha s1))^2 keeps alpha_eff s1 < 1 when alpha s1 < 1."""
    return (rho * s1 / (1 - alpha * s1)) ** 2


def population_addon(G: sp.Expr, beta: sp.Expr) -> sp.Expr:
    """F18: what the population risk adds to the training loss (derived, maybe not in the paper)."""
    scale = G * rho + B_y
    return (2 * scale * (rho * G / sp.sqrt(n) + beta * rho**2 / sp.sqrt(m))
            + 3 * scale**2 * sp.sqrt(sp.log(2 / delta) / (2 * n)))


def teacher_error(G: sp.Expr) -> sp.Expr:
    """F19: the root-mean-square Monte Carlo error of a teacher of M neurons at one input, nu G / sqrt(M).

    Each neuron's term |<v(theta), psi(X; theta)>| <= nu G, so its variance is <= (nu G)^2 and the mean
    of M i.i.d. terms has standard deviation <= nu G / sqrt(M) (spec 4.5, "about nu*G/sqrt(M)").
    """
    return nu * G / sp.sqrt(M)


def teacher_tail_error(G: sp.Expr) -> sp.Expr:
    """F19 extended to a tail bound: w.p. >= 1 - delta the teacher is within nu G sqrt(2 log(2n/delta)/M)
    of its mean at all n inputs (Hoeffding for M terms in [-nu G, nu G], union over the n inputs)."""
    return K.TEACHER_FACTOR * nu * G * sp.sqrt(sp.log(K.UNION_FACTOR * n / delta) / M)


ACTIVATION_CONSTANTS: dict[str, tuple[sp.Expr, sp.Expr, sp.Expr]] = {
    "tanh": (sp.Integer(1), sp.Integer(1), 4 / (3 * sp.sqrt(3))),
    "sigmoid": (sp.Integer(1), sp.Rational(1, 4), 1 / (6 * sp.sqrt(3))),
}
"""F20: (s0, s1, s2) = (sup|sigma|, sup|sigma'|, sup|sigma''|)."""
