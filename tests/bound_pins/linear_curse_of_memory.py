"""Pins for linear-curse-of-memory (spec wang2023_inverse_approximation.md §2.1, §2.7).

Formulas typed again from the spec:

    Jackson (Thm A.3, §2.7):    C(alpha) gamma d / (beta m^alpha)
    Bernstein (Thm A.4, §2.7):  K e^{-beta t}       (shape: e^{beta t} |rho(t)|_1 = o(1))
    envelope (§2.1 with the kappa(V) factor of §3.4 c1, for |Ux|_2 <= |U|_2 sqrt(d) |x|_inf):
                                sqrt(d) kappa(V) |c|_2 |U|_2 e^{-beta t}
"""

from __future__ import annotations

import mpmath as mp
import sympy as sp

from bound_pins.rows import GrowthPin, ValuePin, exponential, polynomial

THEOREM = "linear-curse-of-memory"
SPEC = "wang2023_inverse_approximation.md"
JACKSON = f"{SPEC} §2.7 Thm A.3"
BERNSTEIN = f"{SPEC} §2.7 Thm A.4"
ENVELOPE = f"{SPEC} §2.1 (rho_hat = c^T e^{{Ws}} U) with kappa(V) of §3.4 c1"


def _jackson(C: float, gamma: float, d: float, beta: float, m: float, alpha: float) -> float:
    return float(mp.mpf(C) * gamma * d / (beta * mp.power(m, alpha)))


def _envelope(d: float, kappa: float, c: float, U: float, beta: float, t: float) -> float:
    return float(mp.sqrt(d) * kappa * c * U * mp.exp(-mp.mpf(beta) * t))


def _values() -> list[ValuePin]:
    e = lambda **p: ValuePin(THEOREM, "memory_envelope", ENVELOPE, p, _envelope(
        p["d"], p["kappa_V"], p["norm_c"], p["norm_U"], p["beta"], p["time"]))
    return [
        ValuePin(THEOREM, "jackson", JACKSON, dict(C_alpha=1.0, gamma=1.0, d=1, beta=0.1, m=8, alpha=1.0), 1.25),
        ValuePin(THEOREM, "jackson", JACKSON, dict(C_alpha=2.0, gamma=0.5, d=3, beta=0.25, m=16, alpha=2.0),
                 _jackson(2.0, 0.5, 3, 0.25, 16, 2.0)),  # = 3/64
        ValuePin(THEOREM, "bernstein", BERNSTEIN, dict(K_memory=1.0, beta=0.1, time=10.0), float(mp.exp(-1))),
        ValuePin(THEOREM, "bernstein", BERNSTEIN, dict(K_memory=3.0, beta=0.7, time=2.5),
                 float(3 * mp.exp(-1.75))),
        e(d=2, kappa_V=3.0, norm_c=1.0, norm_U=1.0, beta=0.5, time=10.0),
        e(d=5, kappa_V=1.5, norm_c=2.0, norm_U=0.5, beta=0.2, time=3.0),
    ]


def _growth() -> list[GrowthPin]:
    P = lambda bound, spec, v, power, **kw: polynomial(THEOREM, bound, spec, v, power, **kw)
    E = lambda bound, spec, v, base, **kw: exponential(THEOREM, bound, spec, v, base, **kw)
    return [
        P("jackson", JACKSON, "m", -1),                       # alpha = 1: Theta(1/m), decaying
        P("jackson", JACKSON, "m", -2, fixed={"alpha": 2.0}),  # the rate is the smoothness alpha
        E("jackson", JACKSON, "alpha", sp.Rational(1, 8)),    # m^-alpha = (1/8)^alpha at m = 8
        P("jackson", JACKSON, "beta", -1),
        P("jackson", JACKSON, "d", 1),
        P("jackson", JACKSON, "gamma", 1),
        P("jackson", JACKSON, "C_alpha", 1),
        E("bernstein", BERNSTEIN, "time", sp.exp(-sp.Rational(1, 10))),
        E("bernstein", BERNSTEIN, "beta", sp.exp(-10)),
        P("bernstein", BERNSTEIN, "K_memory", 1),
        E("memory_envelope", ENVELOPE, "time", sp.exp(-sp.Rational(1, 2))),
        E("memory_envelope", ENVELOPE, "beta", sp.exp(-10)),
        P("memory_envelope", ENVELOPE, "d", sp.Rational(1, 2)),
        P("memory_envelope", ENVELOPE, "kappa_V", 1),
        P("memory_envelope", ENVELOPE, "norm_c", 1),
        P("memory_envelope", ENVELOPE, "norm_U", 1),
    ]


VALUES = _values()
GROWTH = _growth()
EXEMPT: list = []
