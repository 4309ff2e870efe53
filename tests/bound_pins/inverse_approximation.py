"""Pins for inverse-approximation (spec wang2023_inverse_approximation.md §3, §6.3).

Formulas typed again from the spec:

    §3.1 Thm 3.9, eq 15 (shape)      M(H)(t) <= C e^{-beta t},  beta < beta0
    §3.2 S3, eqs 30-31, 47           gap = -max_i Re lambda_i(W_m) >= beta0
    §3.5 K3                          beta0 <= min_m (-alpha(W_m))  (the spectral gap)
    §3.2 S5 (A0), eq 43              M(H_m)(t) <= C_0 e^{-beta0 t}
    §3.4 c2                          A0 with slope c_sigma: rate c_sigma beta0
    §3.2 S5 (A1), eq 68              |v_t| <= C_0 e^{-(1-L) beta0 (t - T_eps)}
    §3.3 Lemma A.8                   ||P||_2 <= 1/(2 beta0)   (normal W; 0.5 at beta0 = 1, §3.4 c1)
    §3.4 c1                          the missing kappa(V) factor: ||P||_2 <= kappa(V)^2/(2 beta0)
    §3.3 Lemma A.9                   cubic term <= L |v|_2^2, radius Upsilon_L = sqrt(beta0 L / M_0)
    §3.5 K4                          error grows like |c_i| e^{(beta - lambda_i) T}
    §6.3 / P8                        Euler step stable iff 0 < dt lambda_i < 2: dt < 2 / g_max
"""

from __future__ import annotations

import mpmath as mp
import sympy as sp

from bound_pins.rows import GrowthExempt, GrowthPin, ValuePin, exponential, polynomial

THEOREM = "inverse-approximation"
SPEC = "wang2023_inverse_approximation.md"
S31 = f"{SPEC} §3.1 Thm 3.9 eq 15"
S3 = f"{SPEC} §3.2 S3 eqs 30-31, 47"
K3 = f"{SPEC} §3.5 K3"
S5_A0 = f"{SPEC} §3.2 S5 (A0) eq 43"
C2 = f"{SPEC} §3.4 c2"
S5_A1 = f"{SPEC} §3.2 S5 (A1) eq 68"
A8 = f"{SPEC} §3.3 Lemma A.8"
C1 = f"{SPEC} §3.4 c1"
A9 = f"{SPEC} §3.3 Lemma A.9"
K4 = f"{SPEC} §3.5 K4, P5"
P8 = f"{SPEC} §6.3, P8"


def _decay(C: float, rate: float, t: float) -> float:
    return float(mp.mpf(C) * mp.exp(-mp.mpf(rate) * t))


def _blowup(c: float, beta: float, lam: float, T: float) -> float:
    """|c| e^{(beta - lambda) T} (K4)."""
    return float(c * mp.exp((mp.mpf(beta) - mp.mpf(lam)) * T))


def _values() -> list[ValuePin]:
    V = lambda bound, spec, point, expected, **kw: ValuePin(THEOREM, bound, spec, point, expected, **kw)
    return [
        V("target_memory", S31, dict(C_memory=1.0, beta=0.05, time=20.0), float(mp.exp(-1))),
        V("target_memory", S31, dict(C_memory=2.5, beta=0.3, time=7.0), _decay(2.5, 0.3, 7.0)),
        V("spectral_abscissa", S3, dict(beta0=0.1), 0.1),
        V("spectral_abscissa", S3, dict(beta0=2.75), 2.75),
        V("stability_radius", K3, dict(spectral_gap=0.1), 0.1),
        V("stability_radius", K3, dict(spectral_gap=0.42), 0.42),
        V("model_memory_a0_stated", S5_A0, dict(C_memory=1.0, beta0=0.1, time=20.0), float(mp.exp(-2))),
        V("model_memory_a0_stated", S5_A0, dict(C_memory=4.0, beta0=0.3, time=5.0), _decay(4.0, 0.3, 5.0)),
        V("model_memory_a0", C2, dict(C_memory=1.0, beta0=0.1, c_sigma=0.5, time=20.0), float(mp.exp(-1))),
        V("model_memory_a0", C2, dict(C_memory=1.5, beta0=0.3, c_sigma=2.0, time=4.0), _decay(1.5, 0.6, 4.0)),
        V("model_memory_a1", S5_A1, dict(C_memory=1.0, beta0=0.1, L_cubic=0.1, time=20.0), _decay(1.0, 0.09, 20.0)),
        V("model_memory_a1", S5_A1, dict(C_memory=2.0, beta0=0.5, L_cubic=0.75, time=8.0), _decay(2.0, 0.125, 8.0)),
        V("lyapunov_norm", A8, dict(beta0=0.5), 1.0),
        V("lyapunov_norm", C1, dict(beta0=1.0), 0.5),                  # printed in §3.4 c1
        V("lyapunov_norm_general", C1, dict(beta0=0.5, kappa_V=3.0), 9.0),
        V("lyapunov_norm_general", C1, dict(beta0=1.0, kappa_V=1.0), 0.5),  # normal W: back to Lemma A.8
        V("cubic_term", A9, dict(L_cubic=0.5), 0.5),
        V("cubic_term", A9, dict(L_cubic=0.01), 0.01),
        V("cubic_radius", A9, dict(beta0=0.5, L_cubic=0.5, M_0=1.0), 0.5),
        V("cubic_radius", A9, dict(beta0=0.3, L_cubic=0.2, M_0=1.5), float(mp.sqrt(mp.mpf(0.3) * 0.2 / 1.5))),
        V("diagonal_blowup", K4, dict(c_mode=1.0, beta=0.11, lambda_min=0.1, T=100), _blowup(1.0, 0.11, 0.1, 100)),
        V("diagonal_blowup", K4, dict(c_mode=0.5, beta=0.5, lambda_min=0.2, T=20), _blowup(0.5, 0.5, 0.2, 20)),
        V("euler_step", P8, dict(g_max=1.0), 2.0),
        V("euler_step", P8, dict(g_max=8.0), 0.25),
    ]


def _growth() -> list[GrowthPin]:
    P = lambda bound, spec, v, power, **kw: polynomial(THEOREM, bound, spec, v, power, **kw)
    E = lambda bound, spec, v, base, **kw: exponential(THEOREM, bound, spec, v, base, **kw)
    r = sp.Rational
    return [
        E("target_memory", S31, "time", sp.exp(-r(1, 20))),
        E("target_memory", S31, "beta", sp.exp(-20)),
        P("target_memory", S31, "C_memory", 1),
        P("spectral_abscissa", S3, "beta0", 1),
        P("stability_radius", K3, "spectral_gap", 1),
        E("model_memory_a0_stated", S5_A0, "time", sp.exp(-r(1, 10))),
        E("model_memory_a0_stated", S5_A0, "beta0", sp.exp(-20)),
        P("model_memory_a0_stated", S5_A0, "C_memory", 1),
        E("model_memory_a0", C2, "time", sp.exp(-r(1, 20))),
        E("model_memory_a0", C2, "beta0", sp.exp(-10)),
        E("model_memory_a0", C2, "c_sigma", sp.exp(-2)),
        P("model_memory_a0", C2, "C_memory", 1),
        E("model_memory_a1", S5_A1, "time", sp.exp(-r(9, 100))),
        E("model_memory_a1", S5_A1, "beta0", sp.exp(-18)),
        P("model_memory_a1", S5_A1, "L_cubic", 0),    # L -> 0: e^{-(1-L) beta0 t} -> e^{-2}, a constant
        P("model_memory_a1", S5_A1, "C_memory", 1),
        P("lyapunov_norm", A8, "beta0", -1),
        P("lyapunov_norm_general", C1, "beta0", -1),
        P("lyapunov_norm_general", C1, "kappa_V", 2),
        P("cubic_term", A9, "L_cubic", -1),           # in 1/L: L = (1/L)^-1
        P("cubic_radius", A9, "L_cubic", -r(1, 2)),
        P("cubic_radius", A9, "M_0", -r(1, 2)),
        P("cubic_radius", A9, "beta0", r(1, 2)),
        E("diagonal_blowup", K4, "T", sp.exp(r(1, 100))),
        E("diagonal_blowup", K4, "T", sp.exp(-r(1, 20)), fixed={"beta": 0.05, "lambda_min": 0.1}),  # below lambda_min
        E("diagonal_blowup", K4, "beta", sp.exp(100)),
        E("diagonal_blowup", K4, "lambda_min", sp.exp(-100)),                 # base e^{-T}, T = 100
        E("diagonal_blowup", K4, "lambda_min", sp.exp(-10), fixed={"T": 10}),
        P("diagonal_blowup", K4, "c_mode", 1),
        P("euler_step", P8, "g_max", -1),
    ]


VALUES = _values()
GROWTH = _growth()
EXEMPT: list[GrowthExempt] = []
