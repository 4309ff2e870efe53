"""Bounds of the gd-convergence theorem: F1..F20 (derived) and the paper's claim shapes C4, C5.

Every derived bound is for the reconstructed model of the spec (diagonal IndRNN, 1/sqrt(m)
readout, symmetric init, projected GD), with our constants (constants.py).  The reference point
is tanh (s0, s1, s2) = (1, 1, 4/(3 sqrt 3)), gain a = 1/2, T = 10, n = 1000, delta = 0.1.
"""

from __future__ import annotations

import sympy as sp

from rnnbounds.theorems import symbols as S
from rnnbounds.theorems.core import Bound, Direction, Hypothesis, Provenance, Source
from rnnbounds.theorems.gd_convergence import formulas as F
from rnnbounds.theorems.gd_convergence.symbols import (
    B_y, M, T, a, alpha, d, delta, eps, eta, m, n, nu, rho, s0, s1, s2, tau)

PAPER = "Cayci & Eryilmaz 2024 (arXiv 2402.12241 v2)"
SPEC = "cayci2024_gd_convergence.md"

SMOOTH = Hypothesis("A1-smooth-activation", "sigma is C^2 with |sigma| <= s0, |sigma'| <= s1, |sigma''| <= s2")
INPUTS = Hypothesis("A2-bounded-inputs", "||X_t||_2 <= 1 for every t (coordinate variant: ||X_t||_inf <= 1)")
REALIZABLE = Hypothesis("A3-realizable", "f* lies in F_nu and rho >= nu", rho >= nu)
GAIN = Hypothesis("A4-recurrent-gain", "|w_i| <= alpha_eff throughout; a = alpha_eff s1")
SHORT_MEMORY = Hypothesis("A4-below-cutoff", "a = alpha_eff s1 < 1", a < 1)
WIDTH = Hypothesis("A5-width", "m even; delta in (0, 1) is the failure probability of the init")
ALL = (SMOOTH, INPUTS, REALIZABLE, GAIN, WIDTH)

TANH = {"sigma_0": 1.0, "sigma_1": 1.0, "sigma_2": float(F.ACTIVATION_CONSTANTS["tanh"][2])}
REFERENCE = {**TANH, "a": 0.5, "T": 10, "n": 1000, "delta": 0.1, "eps": 0.01, "nu": 1.0,
             "B_y": 1.0, "m": 1024, "rho": 1.0, "alpha": 0.5, "d": 4, "eta": 0.1, "tau": 1000,
             "M": 10000}
# Integers near the values of G (2.82) and beta_H (34.3) at the reference point: sympy's simplify stalls
# on sums of long rationals and logarithms, so the sample point keeps its constants short.
REFERENCE["G"] = 3
REFERENCE["beta_H"] = 34


def _source(formula: str, locator: str = "reconstructed model, spec section 3 (our derivation)") -> Source:
    return Source(paper=PAPER, locator=locator, spec=f"{SPEC} section 7 {formula}")


def _derived(name: str, quantity: str, expr: sp.Expr, formula: str, description: str,
             scan: str | None = None, hypotheses=ALL, direction=Direction.UPPER) -> Bound:
    names = {s.name for s in expr.free_symbols}
    return Bound(name=name, quantity=quantity, expr=expr, direction=direction,
                 provenance=Provenance.DERIVED, source=_source(formula), hypotheses=hypotheses,
                 reference={k: v for k, v in REFERENCE.items() if k in names}, scan=scan,
                 description=description)


G = F.gradient_bound("l2")
G_D = F.gradient_bound("coordinate")
BETA = F.hessian_majorant()
ALPHA_GAIN = alpha * s1
# The training bounds F8-F14, F18 are written, as in the spec, in the symbols G and beta (the values of
# the bounds "G" and "beta"); their T-dependence is analysed by composition in analysis.py.
G_SYM = S.declare("G", "positive", description="gradient bound G = G_{T-1} of gd-convergence (F4)")
BETA_SYM = S.declare("beta_H", "positive", latex=r"\beta_H",
                     description="per-neuron Hessian bound beta = beta_{T-1} of gd-convergence (F5)")


def gradient_bounds() -> tuple[Bound, ...]:
    return (
        _derived("S", "||d h_{T-1}/d u|| at the tightness witness w = alpha, u -> 0, X_t = e_1",
                 F.memory_sum(T), "F3", "Geometric memory sum S_{T-1}(a) = sum_{j<T} a^j.", "T"),
        _derived("alpha_eff", "max_k max_i |w_i(k)| under projected GD", F.effective_recurrent_bound(),
                 "F1", "The projection keeps every recurrent weight within rho/sqrt(m) of its init.", "m"),
        _derived("G", "||d h_{T-1}/d theta_i||_2 for one neuron, l2-bounded inputs", G, "F4",
                 "G = s1 sqrt(s0^2 S_{T-1}(a)^2 + S_T(a)^2) in k-term sums S_k.", "T"),
        _derived("G_d", "||d h_{T-1}/d theta_i||_2 for one neuron, coordinate-bounded inputs", G_D,
                 "F4d", "Coordinate-bounded inputs have ||X_t||_2 <= sqrt(d): the u-part gains sqrt(d).", "d"),
        _derived("G_free", "sup_T ||d h_{T-1}/d theta_i||_2 below the cutoff", F.gradient_asymptote(),
                 "F6", "The T-free gradient bound, valid only for a < 1.", "a",
                 hypotheses=ALL + (SHORT_MEMORY,)),
        _derived("G_alpha", "||d h_{T-1}/d theta_i||_2 as a function of alpha_eff and s1",
                 G.subs(a, ALPHA_GAIN), "F2/F4", "G with a = alpha s1: the cutoff sits at alpha = 1/s1.", "T"),
        _derived("beta", "||d^2 h_{T-1}/d theta_i^2||_op for one neuron", BETA, "F5/F7",
                 "Closed-form majorant of the recursion beta_t = s2 D_t^2 + 2 s1 G_{t-1} + a beta_{t-1}.", "T"),
    )


def _width_terms() -> tuple[Bound, ...]:
    approx = F.K.WIDTH_RATE_FACTOR * F.K.LOSS_APPROXIMATION_FACTOR * nu**2 * G**2 * sp.log(
        F.K.UNION_FACTOR * n / delta) / eps
    curvature = F.K.WIDTH_RATE_FACTOR * F.K.LOSS_CURVATURE_FACTOR * BETA_SYM**2 * nu**4 / eps
    return (
        _derived("m_req_approx", "random-feature term of m_req", approx, "F14",
                 "3 * 4 nu^2 G^2 log(2n/delta) / eps: T^2 at a = 1, a^{2T} above.", "n"),
        _derived("m_req_curv", "curvature term of m_req", curvature, "F14",
                 "3 beta^2 nu^4 / (4 eps): with beta = Theta(T^3) at a = 1, T^6; a^{4T} above.", "eps"),
        _derived("m_req_drift", "kernel-drift term of m_req", F.width_drift_term(G_SYM, BETA_SYM), "F14",
                 "36 beta^2 nu^4 (G nu + B_y)^2 / eps^2: T^8 at a = 1, a^{6T} above.", "eps"),
    )


def training_bounds() -> tuple[Bound, ...]:
    return (
        _derived("eps_lin", "max_k max_j |f(theta(k)) - linearisation at theta(0)|",
                 F.linearization_error(BETA_SYM), "F8", "Second-order Taylor remainder over the per-neuron balls.", "m"),
        _derived("eps_app", "max_j |f_lin(X^j; theta*) - f*(X^j)| with probability >= 1 - delta",
                 F.random_feature_error(G_SYM), "F9", "Hoeffding over m/2 i.i.d. pairs and a union bound over n.", "m"),
        _derived("k_dev", "max_{j,k} |K_0(X^j, X^k) - K_inf(X^j, X^k)| w.p. >= 1 - delta",
                 F.kernel_deviation(G_SYM), "F10", "Hoeffding for the empirical NTK entries, union over n^2 pairs.", "m"),
        _derived("eta_max", "largest step size the descent analysis admits", F.step_size_limit(G_SYM, BETA_SYM),
                 "F11", "Smoothness of Rhat on the projection set.", "m"),
        _derived("R_bound", "min_{k<=tau} Rhat(theta(k)) w.p. >= 1 - delta", F.training_loss_bound(G_SYM, BETA_SYM),
                 "F12", "Optimisation + random-feature + curvature + kernel-drift terms.", "m"),
        _derived("tau_req", "iterations sufficient for the optimisation term <= eps/3", F.iteration_requirement(),
                 "F13", "tau_req = 3 nu^2 / (2 eta eps).", "eps"),
        _derived("m_req", "width sufficient for best training loss <= eps (rho = nu)",
                 F.width_requirement(G_SYM, BETA_SYM), "F14", "Max of the width terms; n enters only via log(2n/delta).", "n"),
        *_width_terms(),
        _derived("m_cut", "width keeping alpha_eff s1 < 1 when alpha s1 < 1", F.cutoff_safe_width(), "F15",
                 "alpha + rho/sqrt(m) < 1/s1 iff m > (rho s1/(1 - alpha s1))^2.", "alpha",
                 hypotheses=ALL + (Hypothesis("below-cutoff-init", "alpha s1 < 1", alpha * s1 < 1),)),
        _derived("R_pop_addon", "population risk minus training loss (stand-in)", F.population_addon(G_SYM, BETA_SYM),
                 "F18", "Derived stand-in for spec 8.9; the paper may not have it.", "n"),
        _derived("teacher_err", "root-mean-square error of the Monte Carlo teacher of M neurons at one input",
                 F.teacher_error(G_SYM), "F19", "nu G / sqrt(M), as printed in spec 4.5 and F19: each neuron's "
                 "term is at most nu G in size.", "M"),
        _derived("teacher_err_tail", "max_j |teacher of M neurons - its mean| w.p. >= 1 - delta",
                 F.teacher_tail_error(G_SYM), "F19 (tail form, ours)",
                 "Hoeffding for F19's M terms and a union over the n inputs: sqrt(2 log(2n/delta)) times "
                 "the spec's nu G / sqrt(M). Not printed in the spec.", "M"),
    )


def shape_bounds() -> tuple[Bound, ...]:
    """The abstract's verified claims that carry an asymptotic shape (constants free)."""
    return (
        Bound(name="C5-width-log-n", quantity="sufficient width m as n grows (up to constants)",
              expr=sp.log(n) ** F.K.SHAPE_WIDTH_LOG_POWER, direction=Direction.UPPER,
              provenance=Provenance.SHAPE, source=Source(PAPER, "abstract (v2), claim C5", f"{SPEC} section 0 C5"),
              hypotheses=ALL, reference={"n": 1000}, scan="n",
              description="A width logarithmic in n suffices under an appropriate initialisation."),
        Bound(name="C4-memory-cutoff", quantity="T-dependence of the width (up to constants and exponents)",
              expr=sp.Max(1, a) ** T, direction=Direction.UPPER, provenance=Provenance.SHAPE,
              source=Source(PAPER, "abstract (v2), claim C4", f"{SPEC} section 0 C4, F17"),
              hypotheses=ALL, reference={"a": 0.5, "T": 10}, scan="T",
              description="Below the cutoff a = 1 the T-dependence is mild; above it the bounds grow "
                          "exponentially in T. The exponent and the a = 1 case are unresolved (spec 8.11)."),
    )


BOUNDS: tuple[Bound, ...] = gradient_bounds() + training_bounds() + shape_bounds()
