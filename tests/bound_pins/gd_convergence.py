"""Pins for gd-convergence (spec cayci2024_gd_convergence.md, formula table §7 and §3).

Formulas typed again from the spec, with S_t(a) = sum_{j=0..t} a^j (S_t = t + 1 at a = 1):

    F1  alpha_eff = alpha + rho/sqrt(m)                 F3  S_{T-1}(a)
    F4  G = s1 sqrt(s0^2 S_{T-2}^2 + S_{T-1}^2)          F4d the same with d S_{T-1}^2
    F6  s1 sqrt(1 + s0^2)/(1 - a)   (a < 1)             F2  a = alpha s1
    F5  beta_t = s2 D_t^2 + 2 s1 G_{t-1} + a beta_{t-1}, D_t = 1 + s0 [t >= 1] + alpha_eff G_{t-1},
        beta_{-1} = G_{-1} = 0, beta = beta_{T-1}  (printed values in §4.1: 23.0, 29.3, 107, 4.88e3, 263, 2.05e6)
    F8  beta rho^2/(2 sqrt m)       F9  2 nu G sqrt(log(2n/delta)/m)     F10 2 G^2 sqrt(log(2n^2/delta)/m)
    F11 1/(G^2 + beta (G rho + B_y)/sqrt m)
    F12 nu^2/(2 eta tau) + 4 nu^2 G^2 log(2n/delta)/m + beta^2 nu^4/(4m) + 2 beta rho^2 (G rho + B_y)/sqrt m
    F13 3 nu^2/(2 eta eps)
    F14 Max(3 (4 nu^2 G^2 log(2n/delta) + beta^2 nu^4/4)/eps, 36 beta^2 nu^4 (G nu + B_y)^2/eps^2)
    F15 (rho s1/(1 - alpha s1))^2   (printed in P6: 400 at alpha s1 = 0.95, rho = 1)
    F18 2 (G rho + B_y)(rho G/sqrt n + beta rho^2/sqrt m) + 3 (G rho + B_y)^2 sqrt(log(2/delta)/(2n))
    F19 nu G/sqrt(M);  its tail form (ours): sqrt(2) nu G sqrt(log(2n/delta)/M)
    C5  m = O(log n);  C4/F17  bounded in T below the cutoff a = 1, exponential (rate a) above

The bound ``beta`` is a closed-form majorant of the F5 recursion.  It is pinned twice: as >= the
recursion (typed again below, checked against the values printed in §4.1), and exactly, from F5
unrolled, beta_{T-1} = sum_{t<T} a^{T-1-t} (s2 D_t^2 + 2 s1 G_{t-1}), with G_{t-1} <= s1 c S_{t-1},
c = sqrt(1 + s0^2), D_t <= 1 + s0 + a c S_{t-1}, then S <= (1 + S^2)/2 and
sum a^{T-1-t} S_{t-1}^2 <= (Q0 + Q2)/(1 - a)^2 with Q0 = sum a^{T-1-t}, Q2 = a^{T-1} sum a^t (a != 1);
at a = 1 the sum is taken term by term.
"""

from __future__ import annotations

import mpmath as mp
import sympy as sp

from bound_pins.rows import GrowthExempt, GrowthPin, ValuePin, exponential, polynomial

THEOREM = "gd-convergence"
SPEC = "cayci2024_gd_convergence.md"
F = {key: f"{SPEC} §7 {key}" for key in
     ("F1", "F2/F4", "F3", "F4", "F4d", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12", "F13", "F14",
      "F15", "F18", "F19")}
C4 = f"{SPEC} §0 C4, §7 F17"
C5 = f"{SPEC} §0 C5, §7 F16"
REGIMES = f"{SPEC} §3.2 regime table, §7 F7"
PER_REGIME = f"{SPEC} §3.4 per-regime widths"
S2_TANH = 4 / (3 * mp.sqrt(3))

TAIL = f"{SPEC} §7 F19 with §4.5 (Hoeffding tail of F19's M terms, union over n; not printed)"


def memory_sum(t: int, a: float) -> mp.mpf:
    """S_t(a) = sum_{j=0..t} a^j, term by term (S_{-1} = 0)."""
    return mp.fsum(mp.mpf(a) ** j for j in range(t + 1))


def gradient(t: int, a: float, s0: float, s1: float, d: float = 1.0) -> mp.mpf:
    """G_t = s1 sqrt(s0^2 S_{t-1}^2 + d S_t^2) (F4, F4d); G_{-1} = 0."""
    if t < 0:
        return mp.mpf(0)
    return s1 * mp.sqrt(mp.mpf(s0) ** 2 * memory_sum(t - 1, a) ** 2 + d * memory_sum(t, a) ** 2)


def hessian_recursion(T: int, a: float, s0: float, s1: float, s2: float) -> mp.mpf:
    """beta_{T-1} of F5, unrolled step by step (alpha_eff = a / s1)."""
    beta = mp.mpf(0)
    for t in range(T):
        g = gradient(t - 1, a, s0, s1)
        D = 1 + s0 * (t >= 1) + (mp.mpf(a) / s1) * g
        beta = s2 * D**2 + 2 * s1 * g + a * beta
    return beta


def hessian_majorant(T: int, a: float, s0: float, s1: float, s2: float) -> mp.mpf:
    """The F5 majorant of the module docstring; at a = 1 summed term by term."""
    a, c = mp.mpf(a), mp.sqrt(1 + mp.mpf(s0) ** 2)
    if a == 1:
        return mp.fsum(s2 * (1 + s0 + c * t) ** 2 + 2 * s1**2 * c * t for t in range(T))
    q0 = mp.fsum(a ** (T - 1 - t) for t in range(T))
    q2 = a ** (T - 1) * mp.fsum(a**t for t in range(T))
    p2 = (q0 + q2) / (1 - a) ** 2
    return (s2 * (1 + s0) ** 2 * q0 + (s2 * (1 + s0) * a * c + s1**2 * c) * (q0 + p2) + s2 * a**2 * c**2 * p2)


def _log(x: float) -> mp.mpf:
    return mp.log(mp.mpf(x))


def _values_gradient() -> list[ValuePin]:
    V = lambda bound, key, point, expected, **kw: ValuePin(THEOREM, bound, F[key], point, expected, **kw)
    tanh = dict(sigma_0=1.0, sigma_1=1.0)
    G = lambda T, a, s0=1.0, s1=1.0, d=1.0: float(gradient(T - 1, a, s0, s1, d))
    printed = [(0.5, 5, 2.70, 0.005), (0.5, 20, 2.83, 0.005), (1.0, 5, 6.40, 0.005),
               (1.0, 20, 27.6, 0.05), (1.3, 5, 11.0, 0.05), (1.3, 20, 795.0, 0.5)]
    return [
        V("S", "F3", dict(a=0.5, T=10), 2 * (1 - 2.0**-10)),
        V("S", "F3", dict(a=1.0, T=7), 7.0),
        V("S", "F3", dict(a=2.0, T=5), 31.0),
        V("alpha_eff", "F1", dict(m=1024, rho=1.0, alpha=0.5), 0.53125),
        V("alpha_eff", "F1", dict(m=400, rho=1.0, alpha=0.95), 1.0),                 # the P6 cutoff width
        V("G", "F4", dict(**tanh, a=0.5, T=10), G(10, 0.5)),
        V("G", "F4", dict(sigma_0=0.5, sigma_1=0.25, a=1.0, T=6), G(6, 1.0, 0.5, 0.25)),
        *[V("G", "F4", dict(**tanh, a=a, T=T), value, rtol=0.0, atol=atol)            # printed in §4.1
          for a, T, value, atol in printed],
        V("G_d", "F4d", dict(**tanh, a=0.5, T=10, d=4), G(10, 0.5, d=4)),
        V("G_d", "F4d", dict(sigma_0=2.0, sigma_1=0.5, a=1.0, T=4, d=9), G(4, 1.0, 2.0, 0.5, 9)),
        V("G_free", "F6", dict(**tanh, a=0.5), float(2 * mp.sqrt(2))),
        V("G_free", "F6", dict(sigma_0=3.0, sigma_1=0.25, a=0.75), float(mp.sqrt(10))),
        V("G_alpha", "F2/F4", dict(**tanh, T=10, alpha=0.5), G(10, 0.5)),
        V("G_alpha", "F2/F4", dict(sigma_0=1.0, sigma_1=0.25, T=10, alpha=2.0), G(10, 0.5, 1.0, 0.25)),  # P15 sigmoid
        V("G_alpha", "F2/F4", dict(sigma_0=1.0, sigma_1=0.25, T=10, alpha=4.0), G(10, 1.0, 1.0, 0.25)),  # a = 1
        V("G_alpha", "F2/F4", dict(**tanh, T=5, alpha=2.0), float(mp.sqrt(15**2 + 31**2))),
    ]


# (a, T, beta bound) printed in spec §4.1 for tanh, three significant digits.
PRINTED_HESSIAN = [(0.5, 5, 23.0), (0.5, 20, 29.3), (1.0, 5, 107.0), (1.0, 20, 4.88e3),
                   (1.3, 5, 263.0), (1.3, 20, 2.05e6)]


def _values_hessian() -> list[ValuePin]:
    point = lambda a, T, s0=1.0, s1=1.0, s2=float(S2_TANH): dict(sigma_0=s0, sigma_1=s1, sigma_2=s2, a=a, T=T)
    rows = []
    for a, T in [(a, T) for a, T, _ in PRINTED_HESSIAN] + [(0.5, 10), (2.0, 3)]:
        recursion = float(hessian_recursion(T, a, 1.0, 1.0, S2_TANH))
        rows.append(ValuePin(THEOREM, "beta", F["F5"], point(a, T), recursion, relation=">="))
        rows.append(ValuePin(THEOREM, "beta", F["F5"] + " (unrolled majorant)", point(a, T),
                             float(hessian_majorant(T, a, 1.0, 1.0, S2_TANH))))
    rows.append(ValuePin(THEOREM, "beta", F["F5"] + " (unrolled majorant)", point(0.75, 7, 2.0, 0.5, 0.3),
                         float(hessian_majorant(7, 0.75, 2.0, 0.5, 0.3))))
    rows.append(ValuePin(THEOREM, "beta", F["F5"], point(0.75, 7, 2.0, 0.5, 0.3),
                         float(hessian_recursion(7, 0.75, 2.0, 0.5, 0.3)), relation=">="))
    for args in ((1.0, 6, 0.5, 1.0, 0.4), (1.0, 4, 2.0, 0.5, 0.3)):  # a = 1 with s0 != 1
        rows.append(ValuePin(THEOREM, "beta", F["F5"] + " (unrolled majorant)", point(*args),
                             float(hessian_majorant(args[1], args[0], *args[2:]))))
        rows.append(ValuePin(THEOREM, "beta", F["F5"], point(*args),
                             float(hessian_recursion(args[1], args[0], *args[2:])), relation=">="))
    return rows


def _r_bound(nu, eta, tau, G, n, delta, m, beta, rho, B_y) -> float:
    nu, m = mp.mpf(nu), mp.mpf(m)
    return float(nu**2 / (2 * mp.mpf(eta) * tau) + 4 * nu**2 * G**2 * _log(2 * n / mp.mpf(delta)) / m
                 + mp.mpf(beta) ** 2 * nu**4 / (4 * m) + 2 * beta * mp.mpf(rho) ** 2 * (G * rho + B_y) / mp.sqrt(m))


def _m_req(n, delta, eps, nu, B_y, G, beta) -> tuple[float, float]:
    """(rate term, drift term) of F14."""
    nu, eps = mp.mpf(nu), mp.mpf(eps)
    rate = 3 * (4 * nu**2 * G**2 * _log(2 * n / mp.mpf(delta)) + mp.mpf(beta) ** 2 * nu**4 / 4) / eps
    drift = 36 * mp.mpf(beta) ** 2 * nu**4 * (G * nu + B_y) ** 2 / eps**2
    return float(rate), float(drift)


def _r_pop(n, delta, B_y, m, rho, G, beta) -> float:
    scale = mp.mpf(G) * rho + B_y
    return float(2 * scale * (mp.mpf(rho) * G / mp.sqrt(n) + beta * mp.mpf(rho) ** 2 / mp.sqrt(m))
                 + 3 * scale**2 * mp.sqrt(_log(2 / mp.mpf(delta)) / (2 * n)))


def _values_training() -> list[ValuePin]:
    V = lambda bound, key, point, expected, **kw: ValuePin(THEOREM, bound, F.get(key, key), point, expected, **kw)
    ref = dict(n=1000, delta=0.1, nu=1.0, m=1024, G=3, B_y=1.0, rho=1.0, beta_H=34)
    rate, drift = _m_req(1000, 0.1, 0.01, 1.0, 1.0, 3, 34)
    rate2, drift2 = _m_req(1000, 0.1, 0.5, 1.0, 0.1, 1, 0.1)
    rate3, drift3 = _m_req(1000, 0.1, 0.5, 0.5, 0.1, 1, 2)
    assert drift > rate and rate2 > drift2 and rate3 > drift3  # points on each side of the Max
    s = lambda x: mp.sqrt(mp.mpf(x))
    return [
        V("eps_lin", "F8", dict(m=1024, rho=1.0, beta_H=34), 34 / 64),
        V("eps_lin", "F8", dict(m=9, rho=0.5, beta_H=6), 0.25),
        V("eps_app", "F9", dict(n=1000, delta=0.1, nu=1.0, m=1024, G=3), float(6 * s(_log(20000) / 1024))),
        V("eps_app", "F9", dict(n=5, delta=0.5, nu=2.0, m=16, G=1), float(4 * s(_log(20) / 16))),
        V("k_dev", "F10", dict(n=1000, delta=0.1, m=1024, G=3), float(18 * s(_log(2e7) / 1024))),
        V("k_dev", "F10", dict(n=3, delta=0.25, m=4, G=2), float(8 * s(_log(72) / 4))),
        V("eta_max", "F11", dict(B_y=1.0, m=1024, rho=1.0, G=3, beta_H=34), 1 / 13.25),
        V("eta_max", "F11", dict(B_y=0.5, m=16, rho=2.0, G=1, beta_H=8), 1 / 6.0),
        V("R_bound", "F12", dict(ref, eta=0.1, tau=1000), _r_bound(1.0, 0.1, 1000, 3, 1000, 0.1, 1024, 34, 1.0, 1.0)),
        V("R_bound", "F12", dict(nu=0.5, eta=0.2, tau=50, G=2, n=10, delta=0.5, m=64, beta_H=5, rho=0.75, B_y=2.0),
          _r_bound(0.5, 0.2, 50, 2, 10, 0.5, 64, 5, 0.75, 2.0)),
        V("tau_req", "F13", dict(eps=0.01, nu=1.0, eta=0.1), 1500.0),
        V("tau_req", "F13", dict(eps=0.5, nu=2.0, eta=0.25), 48.0),
        V("m_req", "F14", dict(n=1000, delta=0.1, eps=0.01, nu=1.0, B_y=1.0, G=3, beta_H=34), drift),
        V("m_req", "F14", dict(n=1000, delta=0.1, eps=0.5, nu=1.0, B_y=0.1, G=1, beta_H=0.1), rate2),
        V("m_req", "F14", dict(n=1000, delta=0.1, eps=0.5, nu=0.5, B_y=0.1, G=1, beta_H=2), rate3),  # nu != 1
        V("m_req_approx", "F14", dict(sigma_0=1.0, sigma_1=1.0, a=0.5, T=10, n=1000, delta=0.1, eps=0.01, nu=1.0),
          float(12 * gradient(9, 0.5, 1.0, 1.0) ** 2 * _log(20000) / mp.mpf(0.01))),
        V("m_req_approx", "F14", dict(sigma_0=0.5, sigma_1=2.0, a=1.0, T=3, n=4, delta=0.5, eps=0.5, nu=0.5),
          float(12 * 0.25 * gradient(2, 1.0, 0.5, 2.0) ** 2 * _log(16) / 0.5)),
        V("m_req_curv", "F14", dict(eps=0.01, nu=1.0, beta_H=34), 3 * 34**2 / 0.04),
        V("m_req_curv", "F14", dict(eps=0.5, nu=2.0, beta_H=1), 24.0),
        V("m_req_drift", "F14", dict(eps=0.01, nu=1.0, B_y=1.0, G=3, beta_H=34), drift),
        V("m_req_drift", "F14", dict(eps=0.5, nu=0.5, B_y=1.0, G=2, beta_H=2), 36 * 4 * 0.0625 * 4 / 0.25),
        V("m_cut", "F15", dict(sigma_1=1.0, rho=1.0, alpha=0.5), 4.0),
        V("m_cut", "F15", dict(sigma_1=1.0, rho=1.0, alpha=0.95), 400.0),                    # printed in P6
        V("m_cut", "F15", dict(sigma_1=0.25, rho=2.0, alpha=2.0), 1.0),
        V("R_pop_addon", "F18", dict(n=1000, delta=0.1, B_y=1.0, m=1024, rho=1.0, G=3, beta_H=34),
          _r_pop(1000, 0.1, 1.0, 1024, 1.0, 3, 34)),
        V("R_pop_addon", "F18", dict(n=8, delta=0.5, B_y=0.5, m=4, rho=2.0, G=1, beta_H=3),
          _r_pop(8, 0.5, 0.5, 4, 2.0, 1, 3)),
        V("teacher_err", "F19", dict(nu=1.0, M=10000, G=3), 0.03),
        V("teacher_err", "F19", dict(nu=2.0, M=16, G=1), 0.5),
        V("teacher_err_tail", TAIL, dict(n=1000, delta=0.1, nu=1.0, M=10000, G=3),
          float(3 * mp.sqrt(2 * _log(20000) / 10000))),
        V("teacher_err_tail", TAIL, dict(n=4, delta=0.5, nu=2.0, M=16, G=1), float(2 * mp.sqrt(2 * _log(16) / 16))),
        ValuePin(THEOREM, "C5-width-log-n", C5, dict(n=1000), float(_log(1000))),
        ValuePin(THEOREM, "C5-width-log-n", C5, dict(n=2), float(_log(2))),
        ValuePin(THEOREM, "C4-memory-cutoff", C4, dict(a=0.5, T=10), 1.0),
        ValuePin(THEOREM, "C4-memory-cutoff", C4, dict(a=2.0, T=10), 1024.0),
        ValuePin(THEOREM, "C4-memory-cutoff", C4, dict(a=1.5, T=3), 3.375),
    ]


def _growth_gradient() -> list[GrowthPin]:
    P = lambda bound, spec, v, power, **kw: polynomial(THEOREM, bound, spec, v, power, **kw)
    E = lambda bound, spec, v, base, **kw: exponential(THEOREM, bound, spec, v, base, **kw)
    # Piecewise in a defeats sympy's limits in a: growth.py estimates numerically (O), so tight is unchecked.
    return [
        P("S", REGIMES, "T", 0), P("S", REGIMES, "T", 1, fixed={"a": 1.0}), E("S", REGIMES, "T", 2, fixed={"a": 2.0}),
        P("S", F["F3"], "a", 9, tight=None),                                # sum_{j<10} a^j
        P("alpha_eff", F["F1"], "alpha", 1), P("alpha_eff", F["F1"], "rho", 1), P("alpha_eff", F["F1"], "m", 0),
        P("G", REGIMES, "T", 0), P("G", REGIMES, "T", 1, fixed={"a": 1.0}), E("G", REGIMES, "T", 2, fixed={"a": 2.0}),
        P("G", F["F4"], "a", 9, tight=None), P("G", F["F4"], "sigma_0", 1), P("G", F["F4"], "sigma_1", 1),
        P("G_d", REGIMES, "T", 0), P("G_d", F["F4d"], "d", sp.Rational(1, 2)), P("G_d", F["F4d"], "a", 9, tight=None),
        P("G_d", F["F4d"], "sigma_0", 1), P("G_d", F["F4d"], "sigma_1", 1),
        P("G_free", F["F6"], "sigma_0", 1), P("G_free", F["F6"], "sigma_1", 1),
        P("G_alpha", F["F2/F4"], "T", 0), P("G_alpha", F["F2/F4"], "T", 1, fixed={"alpha": 1.0}),
        E("G_alpha", F["F2/F4"], "T", 2, fixed={"alpha": 2.0}),
        P("G_alpha", F["F2/F4"], "alpha", 9, tight=None), P("G_alpha", F["F2/F4"], "sigma_0", 1),
        P("G_alpha", F["F2/F4"], "sigma_1", 10, tight=None),                # s1 (alpha s1)^9
        P("beta", REGIMES, "T", 0), P("beta", REGIMES, "T", 3, fixed={"a": 1.0}),
        E("beta", REGIMES, "T", 4, fixed={"a": 2.0}),                       # a^{2T}
        P("beta", F["F5"], "a", 18, tight=None), P("beta", F["F5"], "sigma_0", 2),
        P("beta", F["F5"], "sigma_1", 2), P("beta", F["F5"], "sigma_2", 1),
    ]


def _growth_training() -> list[GrowthPin]:
    P = lambda bound, key, v, power, **kw: polynomial(THEOREM, bound, F.get(key, key), v, power, **kw)
    half = sp.Rational(1, 2)
    return [
        P("eps_lin", "F8", "m", -half), P("eps_lin", "F8", "rho", 2), P("eps_lin", "F8", "beta_H", 1),
        P("eps_app", "F9", "m", -half), P("eps_app", "F9", "n", 0, log_power=half),
        P("eps_app", "F9", "delta", 0, log_power=half), P("eps_app", "F9", "G", 1), P("eps_app", "F9", "nu", 1),
        P("k_dev", "F10", "m", -half), P("k_dev", "F10", "n", 0, log_power=half),
        P("k_dev", "F10", "delta", 0, log_power=half), P("k_dev", "F10", "G", 2),
        P("eta_max", "F11", "G", -2), P("eta_max", "F11", "beta_H", -1), P("eta_max", "F11", "rho", -1),
        P("eta_max", "F11", "B_y", -1), P("eta_max", "F11", "m", 0),
        P("R_bound", "F12", "m", 0), P("R_bound", "F12", "n", 0, log_power=1),
        P("R_bound", "F12", "delta", 0, log_power=1), P("R_bound", "F12", "nu", 4), P("R_bound", "F12", "rho", 3),
        P("R_bound", "F12", "G", 2), P("R_bound", "F12", "beta_H", 2), P("R_bound", "F12", "B_y", 1),
        P("R_bound", "F12", "eta", 0), P("R_bound", "F12", "tau", 0),
        P("tau_req", "F13", "eps", 1), P("tau_req", "F13", "eta", -1), P("tau_req", "F13", "nu", 2),
        P("m_req", C5, "n", 0, log_power=1),          # Max(rate, drift): the rate's log(2n/delta) wins
        P("m_req", "F14", "delta", 0, log_power=1),
        P("m_req", "F14", "eps", 2, tight=None), P("m_req", "F14", "nu", 6, tight=None),
        P("m_req", "F14", "beta_H", 2, tight=None), P("m_req", "F14", "G", 2), P("m_req", "F14", "B_y", 2),
        P("m_req_approx", PER_REGIME, "T", 0), P("m_req_approx", PER_REGIME, "T", 2, fixed={"a": 1.0}),
        exponential(THEOREM, "m_req_approx", PER_REGIME, "T", 4, fixed={"a": 2.0}),
        P("m_req_approx", "F14", "a", 18, tight=None), P("m_req_approx", "F14", "n", 0, log_power=1),
        P("m_req_approx", "F14", "delta", 0, log_power=1), P("m_req_approx", "F14", "eps", 1),
        P("m_req_approx", "F14", "nu", 2), P("m_req_approx", "F14", "sigma_0", 2),
        P("m_req_approx", "F14", "sigma_1", 2),
        P("m_req_curv", "F14", "eps", 1), P("m_req_curv", "F14", "nu", 4), P("m_req_curv", "F14", "beta_H", 2),
        P("m_req_drift", "F14", "eps", 2), P("m_req_drift", "F14", "nu", 6), P("m_req_drift", "F14", "beta_H", 2),
        P("m_req_drift", "F14", "G", 2), P("m_req_drift", "F14", "B_y", 2),
        P("m_cut", "F15", "rho", 2),
        P("R_pop_addon", "F18", "n", 0), P("R_pop_addon", "F18", "m", 0), P("R_pop_addon", "F18", "rho", 3),
        P("R_pop_addon", "F18", "delta", 0, log_power=half), P("R_pop_addon", "F18", "G", 2),
        P("R_pop_addon", "F18", "B_y", 2), P("R_pop_addon", "F18", "beta_H", 1),
        P("teacher_err", "F19", "M", -half), P("teacher_err", "F19", "G", 1), P("teacher_err", "F19", "nu", 1),
        P("teacher_err_tail", TAIL, "M", -half), P("teacher_err_tail", TAIL, "G", 1),
        P("teacher_err_tail", TAIL, "nu", 1), P("teacher_err_tail", TAIL, "n", 0, log_power=half),
        P("teacher_err_tail", TAIL, "delta", 0, log_power=half),
        P("C5-width-log-n", C5, "n", 0, log_power=1),
        P("C4-memory-cutoff", C4, "T", 0), exponential(THEOREM, "C4-memory-cutoff", C4, "T", 2, fixed={"a": 2.0}),
        P("C4-memory-cutoff", C4, "a", 10, tight=None),
    ]


_CUTOFF = "{v} -> infinity crosses the cutoff alpha s1 = 1 that F15's hypothesis below-cutoff-init excludes"
EXEMPT = [
    GrowthExempt(THEOREM, "G_free", "a", "a -> infinity leaves F6's domain a < 1 (A4-below-cutoff); "
                 "past a = 1 the formula is negative"),
    GrowthExempt(THEOREM, "m_cut", "alpha", _CUTOFF.format(v="alpha")),
    GrowthExempt(THEOREM, "m_cut", "sigma_1", _CUTOFF.format(v="sigma_1")),
]
VALUES = _values_gradient() + _values_hessian() + _values_training()
GROWTH = _growth_gradient() + _growth_training()
