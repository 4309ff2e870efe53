"""Pins for ntk-generalization (spec wang2021_rnn_generalization.md, formula table §7).

Formulas typed again from the spec (F-numbers of §7; sections where the table defers to them):

    F4  sqrt(2 yHy / n) + c sqrt(log(n / (lam0 delta)) / n)          (§3.1)
    F5  sqrt(yHy) <= 3 p |alpha| ||beta||^p                          (§2.4, ADHLW19 Thm 6.1)
    F18 3 ||beta|| sinh(||beta||)
    F6  (M_g + log(1/delta)) / eps^2
    F7  n^6 / (lam0^4 kappa^2 delta^3);  (1 - eta lam0 / 2)^k
    F9  sqrt(log(2/delta) / (2 m))
    F10 (1 - 1/(4L))^l <= ||h|| <= 2l + 4;  ||g|| <= 4l + 8;  exp(-c m / L^2)
    F11 c L^3;  t / sqrt(d)
    F12 poly(n, d, L) / delta^2 log(1/eps), poly = (n d L)^k
    F17 C* e^R (R^2 + 3R + 1)    (printed: 13.59, 81.28, 1583.3, 265305 at R = 1, 2, 4, 8)
    F13 r^2 L;  F14 L (L - 1) / 4 (printed in §4.5: 14.0 at L = 8)
    F19 AP1 = L^(c0 log(1/eps) + b2);  AP2 = L^(c0 log L);  n = O(M_add / eps^2) (§3.2)
    F21 G = Min(L^(b1 N), c1^l0 L^b2)
    §3.4 [R] T = p^2 C^2 rho^k / eps^2;  rho = 100 L d log m;  ||x_l|| <= 1/poly(C) = C^-k
"""

from __future__ import annotations

import mpmath as mp
import sympy as sp

from bound_pins.rows import GrowthExempt, GrowthPin, ValuePin, exponential, polynomial

THEOREM = "ntk-generalization"
SPEC = "wang2021_rnn_generalization.md"
F = {key: f"{SPEC} §7 {key}" for key in
     ("F4", "F5", "F6", "F7", "F9", "F10", "F11", "F12", "F13", "F14", "F17", "F18", "F19 AP1", "F19 AP2", "F21")}
AL19 = f"{SPEC} §3.4 [R]"



def _gen_bound(n: float, c: float, delta: float, lam0: float, yHy: float) -> float:
    n = mp.mpf(n)
    return float(mp.sqrt(2 * mp.mpf(yHy) / n) + c * mp.sqrt(mp.log(n / (mp.mpf(lam0) * delta)) / n))


def _ap(L: float, exponent: mp.mpf, eps: float) -> float:
    return float(mp.power(L, exponent) / mp.mpf(eps) ** 2)


def _values_prior() -> list[ValuePin]:
    V = lambda bound, key, point, expected, **kw: ValuePin(THEOREM, bound, F[key], point, expected, **kw)
    return [
        V("gen_bound", "F4", dict(n=1000, c_lo=1.0, delta=0.05, lam0=0.1, yHy=50.0),
          _gen_bound(1000, 1.0, 0.05, 0.1, 50.0)),
        V("gen_bound", "F4", dict(n=50, c_lo=2.0, delta=0.2, lam0=0.5, yHy=3.0), _gen_bound(50, 2.0, 0.2, 0.5, 3.0)),
        V("yHy_monomial", "F5", dict(alpha_coef=1.0, p_deg=2, bnorm=1.0), 6.0),
        V("yHy_monomial", "F5", dict(alpha_coef=0.5, p_deg=4, bnorm=2.0), 96.0),
        V("yHy_cos", "F18", dict(bnorm=1.0), float(3 * mp.sinh(1))),
        V("yHy_cos", "F18", dict(bnorm=2.5), float(7.5 * mp.sinh(2.5))),
        V("n_samples_kernel", "F6", dict(M_g=50.0, delta=0.05, eps=0.1),
          float((50 + mp.log(1 / mp.mpf(0.05))) / mp.mpf(0.1) ** 2)),
        V("n_samples_kernel", "F6", dict(M_g=2.0, delta=0.5, eps=0.5), float((2 + mp.log(2)) * 4)),
        V("m_du", "F7", dict(lam0=0.1, n=1000, kappa_init=0.01, delta=0.05),
          float(mp.mpf(1000) ** 6 / (mp.mpf(0.1) ** 4 * mp.mpf(0.01) ** 2 * mp.mpf(0.05) ** 3))),
        V("m_du", "F7", dict(lam0=0.5, n=10, kappa_init=0.5, delta=0.5), 1e6 / (0.0625 * 0.25 * 0.125)),
        V("contraction", "F7", dict(lam0=0.1, n=1000, eta=0.01), float((1 - mp.mpf(0.01) * mp.mpf(0.1) / 2) ** 1000)),
        V("contraction", "F7", dict(lam0=0.5, n=3, eta=1.0), 0.75**3),
        V("ntk_concentration", "F9", dict(delta=0.05, m=4096), float(mp.sqrt(mp.log(2 / mp.mpf(0.05)) / 8192))),
        V("ntk_concentration", "F9", dict(delta=0.5, m=2), float(mp.sqrt(mp.log(4) / 4))),
        V("hnorm_upper", "F10", dict(ell=4), 12.0),
        V("hnorm_upper", "F10", dict(ell=0), 4.0),
        V("hnorm_lower", "F10", dict(L=16, ell=4), (63 / 64) ** 4),
        V("hnorm_lower", "F10", dict(L=2, ell=3), (7 / 8) ** 3),
        V("gnorm_upper", "F10", dict(ell=4), 24.0),
        V("gnorm_upper", "F10", dict(ell=1), 12.0),
        V("forward_fail_prob", "F10", dict(L=16, c_fail=1.0, m=4096), float(mp.exp(-16))),
        V("forward_fail_prob", "F10", dict(L=4, c_fail=0.5, m=64), float(mp.exp(-2))),
        V("prod_DW_norm", "F11", dict(L=16, c_prod=1.0), 4096.0),
        V("prod_DW_norm", "F11", dict(L=3, c_prod=2.5), 67.5),
        V("sparse_backward", "F11", dict(t_tail=2.0, d=8), float(2 / mp.sqrt(8))),
        V("sparse_backward", "F11", dict(t_tail=3.0, d=9), 1.0),
        V("T_ALS", "F12", dict(n=1000, k_poly=2.0, delta=0.05, eps=0.1, L=16, d=8),
          float(mp.mpf(128000) ** 2 / mp.mpf(0.05) ** 2 * mp.log(1 / mp.mpf(0.1)))),
        V("T_ALS", "F12", dict(n=2, k_poly=1.0, delta=0.5, eps=0.5, L=3, d=1), float(6 * 4 * mp.log(2))),
    ]


def _values_derived_and_shapes() -> list[ValuePin]:
    V = lambda bound, spec, point, expected, **kw: ValuePin(THEOREM, bound, spec, point, expected, **kw)
    cs = lambda R: float(mp.exp(R) * (mp.mpf(R) ** 2 + 3 * R + 1))
    c0, b2 = mp.mpf(0.5), mp.mpf(1.0)
    return [
        V("Cs_exp_upper", F["F17"], dict(Cstar=1.0, R=1.0), cs(1.0)),
        V("Cs_exp_upper", F["F17"], dict(Cstar=1.0, R=1.0), 13.59, rtol=0.0, atol=0.005),      # printed
        V("Cs_exp_upper", F["F17"], dict(Cstar=1.0, R=2.0), 81.28, rtol=0.0, atol=0.005),      # printed
        V("Cs_exp_upper", F["F17"], dict(Cstar=1.0, R=4.0), 1583.3, rtol=0.0, atol=0.05),      # printed
        V("Cs_exp_upper", F["F17"], dict(Cstar=1.0, R=8.0), 265305.0, rtol=0.0, atol=0.5),     # printed
        V("Cs_exp_upper", F["F17"], dict(Cstar=7.0, R=0.5), 7 * cs(0.5)),
        V("hnorm2_meanfield", F["F13"], dict(tok_norm=1.0, L=16), 16.0),
        V("hnorm2_meanfield", F["F13"], dict(tok_norm=0.5, L=8), 2.0),
        V("ntk_diagonal", F["F14"], dict(L=16), 60.0),
        V("ntk_diagonal", F["F14"], dict(L=8), 14.0),                                          # printed §4.5
        V("n_samples_AP1", F["F19 AP1"], dict(c0=0.5, eps=0.1, L=16, b2=1.0),
          _ap(16, c0 * mp.log(10) + b2, 0.1)),
        V("n_samples_AP1", F["F19 AP1"], dict(c0=1.0, eps=0.5, L=4, b2=2.0), _ap(4, mp.log(2) + 2, 0.5)),
        V("n_samples_AP2", F["F19 AP2"], dict(L=16, c0=0.5, eps=0.1), _ap(16, c0 * mp.log(16), 0.1)),
        V("n_samples_AP2", F["F19 AP2"], dict(L=4, c0=1.0, eps=0.5), _ap(4, mp.log(4), 0.5)),
        V("M_N_template", F["F21"], dict(N=2, l0=4, b1=1.0, L=16, c1=2.0, b2=1.0), 256.0),
        V("M_N_template", F["F21"], dict(N=3, l0=2, b1=1.0, L=10, c1=3.0, b2=1.5), float(9 * mp.power(10, 1.5))),
        V("M_N_template", F["F21"], dict(N=1, l0=2, b1=1.0, L=10, c1=3.0, b2=1.5), 10.0),
        V("T_AL19", AL19, dict(k_poly=2.0, eps=0.1, p_deg=2, C_AL19=10.0, rho_AL19=100.0),
          float(4 * 100 * mp.mpf(100) ** 2 / mp.mpf(0.1) ** 2)),
        V("T_AL19", AL19, dict(k_poly=1.5, eps=0.5, p_deg=3, C_AL19=2.0, rho_AL19=4.0), 9 * 4 * 8.0 * 4),
        V("rho_AL19_def", AL19, dict(L=16, m=4096, d=8), float(100 * 16 * 8 * mp.log(4096))),
        V("rho_AL19_def", AL19, dict(L=2, m=2, d=3), float(600 * mp.log(2))),
        V("token_scale_AL19", AL19, dict(k_poly=2.0, C_AL19=10.0), 0.01),
        V("token_scale_AL19", AL19, dict(k_poly=0.5, C_AL19=4.0), 0.5),
    ]


def _growth_prior() -> list[GrowthPin]:
    P = lambda bound, key, v, power, **kw: polynomial(THEOREM, bound, F[key], v, power, **kw)
    E = lambda bound, key, v, base, **kw: exponential(THEOREM, bound, F[key], v, base, **kw)
    r = sp.Rational
    return [
        P("gen_bound", "F4", "n", -r(1, 2), log_power=r(1, 2)),   # decaying: sqrt(log n / n)
        P("gen_bound", "F4", "delta", 0, log_power=r(1, 2)),       # in 1/delta: sqrt(log(1/delta))
        P("gen_bound", "F4", "yHy", r(1, 2)),
        P("gen_bound", "F4", "c_lo", 1),
        P("yHy_monomial", "F5", "bnorm", 2),
        P("yHy_monomial", "F5", "bnorm", 4, fixed={"p_deg": 4}),
        P("yHy_monomial", "F5", "alpha_coef", 1),
        P("yHy_monomial", "F5", "p_deg", 1),                       # bnorm = 1: 3 p alpha
        E("yHy_monomial", "F5", "p_deg", 2, power=1, fixed={"bnorm": 2.0}),
        E("yHy_cos", "F18", "bnorm", sp.E, power=1),
        P("n_samples_kernel", "F6", "eps", 2),
        P("n_samples_kernel", "F6", "delta", 0, log_power=1),
        P("n_samples_kernel", "F6", "M_g", 1),
        P("m_du", "F7", "n", 6),
        P("m_du", "F7", "lam0", -4),
        P("m_du", "F7", "kappa_init", -2),
        P("m_du", "F7", "delta", 3),                               # in 1/delta
        E("contraction", "F7", "n", r(1999, 2000)),
        P("ntk_concentration", "F9", "m", -r(1, 2)),
        P("ntk_concentration", "F9", "delta", 0, log_power=r(1, 2)),
        P("hnorm_upper", "F10", "ell", 1),
        E("hnorm_lower", "F10", "ell", r(63, 64)),
        P("hnorm_lower", "F10", "L", 0),                           # (1 - 1/(4L))^l -> 1
        P("gnorm_upper", "F10", "ell", 1),
        E("forward_fail_prob", "F10", "m", sp.exp(-r(1, 256))),
        E("forward_fail_prob", "F10", "c_fail", sp.exp(-16)),
        P("forward_fail_prob", "F10", "L", 0),                     # exp(-c m / L^2) -> 1
        P("prod_DW_norm", "F11", "L", 3),
        P("prod_DW_norm", "F11", "c_prod", 1),
        P("sparse_backward", "F11", "d", -r(1, 2)),
        P("sparse_backward", "F11", "t_tail", 1),
        P("T_ALS", "F12", "n", 2),
        P("T_ALS", "F12", "d", 2),
        P("T_ALS", "F12", "L", 2),
        P("T_ALS", "F12", "L", 3, fixed={"k_poly": 3.0}),
        P("T_ALS", "F12", "delta", 2),                             # in 1/delta
        P("T_ALS", "F12", "eps", 0, log_power=1),                  # in 1/eps: log(1/eps)
        E("T_ALS", "F12", "k_poly", 128000),
    ]


def _growth_derived_and_shapes() -> list[GrowthPin]:
    P = lambda bound, spec, v, power, **kw: polynomial(THEOREM, bound, spec, v, power, **kw)
    E = lambda bound, spec, v, base, **kw: exponential(THEOREM, bound, spec, v, base, **kw)
    r = sp.Rational
    quasi = lambda bound, spec, v, q, power, **kw: GrowthPin(
        THEOREM, bound, spec, v, "quasi-polynomial", quasi=sp.sympify(q), power=sp.sympify(power), **kw)
    return [
        E("Cs_exp_upper", F["F17"], "R", sp.E, power=2),
        P("Cs_exp_upper", F["F17"], "Cstar", 1),
        P("hnorm2_meanfield", F["F13"], "L", 1),
        P("hnorm2_meanfield", F["F13"], "tok_norm", 2),
        P("ntk_diagonal", F["F14"], "L", 2),
        P("n_samples_AP1", F["F19 AP1"], "L", 1 + sp.log(10) / 2),       # c0 log(1/eps) + b2 at eps = 0.1
        P("n_samples_AP1", F["F19 AP1"], "eps", 2 + 2 * sp.log(2)),      # in 1/eps: (1/eps)^(2 + c0 log L)
        E("n_samples_AP1", F["F19 AP1"], "b2", 16),
        E("n_samples_AP1", F["F19 AP1"], "c0", sp.exp(sp.log(16) * sp.log(10))),
        quasi("n_samples_AP2", F["F19 AP2"], "L", r(1, 2), 0),
        P("n_samples_AP2", F["F19 AP2"], "eps", 2),
        E("n_samples_AP2", F["F19 AP2"], "c0", sp.exp(sp.log(16) ** 2)),
        # Min(.) defeats sympy's limits: growth.py estimates numerically and says O, so tight is unchecked.
        P("M_N_template", F["F21"], "L", 1, tight=None),                  # Min(L^2, 16 L) at N = 2, l0 = 4
        P("M_N_template", F["F21"], "L", 2, tight=None, fixed={"b2": 3.0}),  # Min(L^2, 16 L^3)
        P("M_N_template", F["F21"], "N", 0, tight=None),                  # Min(16^N, 256) -> 256
        P("M_N_template", F["F21"], "l0", 0, tight=None),                 # Min(256, 16 2^l0) -> 256
        P("M_N_template", F["F21"], "b1", 0, tight=None),
        P("M_N_template", F["F21"], "b2", 0, tight=None),
        P("M_N_template", F["F21"], "c1", 0, tight=None),
        P("T_AL19", AL19, "eps", 2),
        P("T_AL19", AL19, "p_deg", 2),
        P("T_AL19", AL19, "C_AL19", 2),
        P("T_AL19", AL19, "rho_AL19", 2),
        E("T_AL19", AL19, "k_poly", 100),
        P("rho_AL19_def", AL19, "L", 1),
        P("rho_AL19_def", AL19, "d", 1),
        P("rho_AL19_def", AL19, "m", 0, log_power=1),
        P("token_scale_AL19", AL19, "C_AL19", -2),
        E("token_scale_AL19", AL19, "k_poly", r(1, 10)),
    ]


_OUTSIDE = "{v} -> infinity leaves the domain of {key}: {why}"
EXEMPT = [
    GrowthExempt(THEOREM, "gen_bound", "lam0", _OUTSIDE.format(
        v="lam0", key="F4", why="log(n/(lam0 delta)) < 0 once lam0 > n/delta, and the bound is then imaginary")),
    GrowthExempt(THEOREM, "contraction", "eta", _OUTSIDE.format(
        v="eta", key="F7", why="1 - eta lam0/2 < 0 past eta = 2/lam0, far outside eta = O(lam0/n^2)")),
    GrowthExempt(THEOREM, "contraction", "lam0", _OUTSIDE.format(
        v="lam0", key="F7", why="1 - eta lam0/2 < 0 past lam0 = 2/eta")),
]
VALUES = _values_prior() + _values_derived_and_shapes()
GROWTH = _growth_prior() + _growth_derived_and_shapes()
