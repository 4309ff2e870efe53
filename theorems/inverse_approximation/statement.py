"""Symbols, definitions and hypotheses of the inverse approximation theorem (Wang, Li & Li 2024).

Definitions are kept as sympy objects with their text, so the report can print them and the
claims can refer to them by name (spec section 2). Hypotheses (a)-(e) of Thm 3.9 and the
activation classes A0, A1 (Def 3.8) follow spec 3.1 and 1.5.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from rnnbounds.theorems import symbols as S
from rnnbounds.theorems.core import Hypothesis, Source

SPEC = "wang2023_inverse_approximation.md"
PAPER = "Wang, Li & Li, ICLR 2024"
STABLESSM = "Wang & Li, StableSSM, arXiv 2311.14495"

# -- symbols ------------------------------------------------------------------------------------
time = S.declare("time", "nonnegative", latex="t", description="continuous time")
beta, beta0, m, T = S.beta, S.beta0, S.m, S.T
c_sigma = S.declare("c_sigma", "positive", latex=r"c_\sigma", description="slope of a class-A0 activation near 0")
Z_0 = S.declare("Z_0", "positive", latex="Z_0", description="radius of the linear (A0) or tanh-like (A1) zone")
C_memory = S.declare("C_memory", "positive", latex="C_*", description="constant of a memory decay bound (not given)")
L_cubic = S.declare("L_cubic", "probability", latex="L", description="Lemma A.9 fraction L in (0, 1)")
norm_W = S.declare("norm_W", "positive", latex=r"\|W\|_2", description="spectral norm of the recurrent matrix")
M_0 = S.declare("M_0", "positive", latex="M_0", description="max_ij |W_ij| (the paper's Lemma A.9 constant)")
kappa_V = S.declare("kappa_V", "positive", latex=r"\kappa(V)", description="condition number of W's eigenvectors")
gap = S.declare("spectral_gap", "positive", latex=r"-\alpha(W)", description="minus the spectral abscissa of W")
lambda_min = S.declare("lambda_min", "positive", latex=r"\lambda_{\min}", description="smallest active decay rate")
c_mode = S.declare("c_mode", "positive", latex=r"|c_i|", description="weight of the slowest active mode")
dt = S.declare("dt", "positive", latex=r"\Delta t", description="step of the residual (Euler) RNN")
g_max = S.declare("g_max", "positive", latex=r"g_{\max}", description="largest decay rate -lambda_i(W) of a reparameterized W")
x_inf = S.declare("x_inf", "positive", latex=r"|x|_\infty", description="sup norm of a step level")


# -- definitions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Definition:
    """A definition of the paper: its name, plain text, a LaTeX form and the source."""

    name: str
    text: str
    latex: str
    source: Source


def _src(locator: str, section: str) -> Source:
    return Source(PAPER, locator, f"{SPEC} {section}")


HEAVISIDE = Definition(
    "heaviside-input", "u^x_t = x for t >= 0 and 0 for t < 0 (a step of level x in R^d)",
    sp.latex(sp.Symbol("x") * sp.Heaviside(time)), _src("Def 3.1", "§2.2"))
MEMORY = Definition(
    "memory-function",
    "M(H)(t) = sup_{x != 0} |d/dt H_t(u^x)| / N(x), N(x) = |x|_inf (Def 3.1) or |x|_inf + 1 (proofs, eqs 43, 67); "
    "for a linear functional M(H)(t) = |rho(t)|_1, reached at x = sign(rho(t))",
    r"M(H)(t)=\sup_{x\neq 0}\frac{1}{N(x)}\Big|\frac{d}{dt}H_t(u^x)\Big|,\quad N(x)\in\{|x|_\infty,\ |x|_\infty+1\}",
    _src("Def 3.1, eqs 4-5; eqs 43, 67", "§2.2, §3.4 c3"))
DECAYING = Definition(
    "decaying-memory", "lim_{t -> inf} M(H)(t) = 0; a family is uniformly decaying if lim_t sup_m M(H_m)(t) = 0",
    r"\lim_{t\to\infty} M(H)(t)=0", _src("Def 3.2, eqs 6, 8", "§2.3"))
EXP_DECAYING = Definition(
    "exponentially-decaying-memory", "lim_{t -> inf} e^{beta t} M(H)(t) = 0 for some beta > 0",
    r"\exists\beta>0:\ \lim_{t\to\infty} e^{\beta t}M(H)(t)=0", _src("Def 3.2, eq 7", "§2.3"))
PERTURBATION_ERROR = Definition(
    "perturbation-error",
    "E_m(beta) = sup_{|theta~ - theta_m|_2 <= beta} ||H - H^(.; theta~)||, |theta|_2 = max(|W|_2, |U|_2, |b|_2, |c|_2); "
    "E(beta) = limsup_m E_m(beta)",
    r"E_m(\beta)=\sup_{|\tilde\theta-\theta_m|_2\le\beta}\|H-\hat H(\cdot;\tilde\theta)\|,\quad E(\beta)=\limsup_{m\to\infty}E_m(\beta)",
    _src("Def 3.4, eq 9", "§2.5"))
STABLE_APPROXIMATION = Definition(
    "beta0-stable-approximation",
    "there are theta_m with ||H - H^(.; theta_m)|| -> 0 and E(beta) continuous on [0, beta0]; beta0 is the stability radius",
    r"E_m(0)\to 0\ \text{and}\ E\in C([0,\beta_0])", _src("Def 3.5, Remark 3.6", "§2.6"))

DEFINITIONS = (HEAVISIDE, MEMORY, DECAYING, EXP_DECAYING, PERTURBATION_ERROR, STABLE_APPROXIMATION)


# -- hypotheses of Thm 3.9 ----------------------------------------------------------------------
H_A = Hypothesis("a-target", "(a) H is bounded, continuous, causal, regular, time-homogeneous, with decaying memory")
H_B = Hypothesis("b-activation", "(b) sigma in A0 (sigma(z) = c_sigma z for |z| < Z_0) or A1 (sigma(0) = 0, "
                 "sigma' = a - b sigma^2 with a, b >= 0 for |z| < Z_0)")
H_C = Hypothesis("c-stable", "(c) H is beta0-stably approximated by RNNs in the W^1 (Sobolev-type) norm of eq 11")
H_D = Hypothesis("d-uniform-decay", "(d) the perturbed models (|theta~ - theta_m|_2 <= beta0) have uniformly "
                 "decaying memory -- needed explicitly, since a Hurwitz tanh RNN can fail to decay (caveat c4)")
H_E = Hypothesis("e-bounded", "(e) sup_m |theta_m|_2 < inf (eq 14)")
RATE_BELOW_RADIUS = Hypothesis("rate-below-radius", "beta < beta0", beta < beta0)
NORMAL_W = Hypothesis("normal-W", "W W^T = W^T W (needed by Lemma A.8 and eq 38; caveat c1)")
HURWITZ_GAP = Hypothesis("hurwitz-gap", "max_i Re lambda_i(W) <= -beta0 < 0")
SMALL_V = Hypothesis("small-v", "|v|_2 <= sqrt(beta0 L / ||W||_2), L in (0, 1)")
A0 = Hypothesis("class-A0", "sigma(z) = c_sigma z for |z| < Z_0 (identity, hardtanh: c_sigma = 1, Z_0 = 1)")
A1 = Hypothesis("class-A1", "sigma(0) = 0, sigma'(z) = a - b sigma(z)^2, a, b >= 0, |z| < Z_0 (tanh: a = b = 1)")

THEOREM_HYPOTHESES = (H_A, H_B, H_C, H_D, H_E)
