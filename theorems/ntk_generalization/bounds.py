"""Bounds of the NTK generalization theorem, each with its provenance (spec sec. 7, F1-F22).

stated   : prior results with exact constants (ADHLW19, ALS19), quoted with the prior paper as source.
shape    : the paper's own theorems (templates T1-T3) and prior O(.)-statements, exponents free.
derived  : our mean-field / kernel derivations for the ReLU Elman model.
reconstructed : the AL19 comparison forms, recalled in the spec and not checked against AL19's text.
"""

from __future__ import annotations

import sympy as sp

from rnnbounds.theorems.core import Bound, Direction, Hypothesis, Provenance
from rnnbounds.theorems.ntk_generalization import symbols as Y
from rnnbounds.theorems.ntk_generalization.sources import (
    ADHLW19, AL19, ALS19, DERIVATION, PAPER, source,
)

NON_DEGENERATE = Hypothesis("non-degenerate", "lambda_min(H^inf) >= lambda_0 > 0 w.p. >= 1 - delta/3")
UNIT_TOKENS = Hypothesis("unit-tokens", "||X_l|| = 1 for every token (or ||x_1|| = 1, ||x_l|| <= 1 in ALS19)")
WIDE = Hypothesis("wide", "m >= poly(n, L, 1/lambda_0, 1/delta); empirically m >= 16 L^2 for forward stability")
DISTINCT_POSITIONS = Hypothesis("distinct-positions", "l_1 < ... < l_N are distinct, hence N <= l_0 + 1",
                                relation=Y.N <= Y.l0 + 1)
REF = {"n": 1000, "L": 16, "m": 4096, "d": 8, "N": 2, "eps": 0.1, "delta": 0.05, "R": 1.0, "l0": 4,
       "ell": 4, "yHy": 50.0, "lam0": 0.1, "kappa_init": 0.01, "eta": 0.01, "Cstar": 1.0, "p_deg": 2,
       "alpha_coef": 1.0, "bnorm": 1.0, "tok_norm": 1.0, "M_g": 50.0, "c_lo": 1.0, "c_fail": 1.0,
       "c_prod": 1.0, "t_tail": 2.0, "c0": 0.5, "c1": 2.0, "a1": 1.0, "a2": 0.5, "b1": 1.0, "b2": 1.0,
       "k_poly": 2.0, "rho_AL19": 100.0, "C_AL19": 10.0}


def _ref(expr: sp.Expr) -> dict[str, float]:
    return {s.name: REF[s.name] for s in expr.free_symbols}


def _bound(name: str, quantity: str, expr: sp.Expr, provenance: Provenance, src, *, lower: bool = False,
           scan: str | None = None, hypotheses: tuple[Hypothesis, ...] = (), description: str = "") -> Bound:
    return Bound(name=name, quantity=quantity, expr=expr, provenance=provenance, source=src,
                 direction=Direction.LOWER if lower else Direction.UPPER, reference=_ref(expr),
                 scan=scan, hypotheses=hypotheses, description=description)


def prior_bounds() -> tuple[Bound, ...]:
    """ADHLW19 and ALS19 results, exact where the prior paper gives constants (F4-F12, F16, F18)."""
    S = source
    return (
        _bound("gen_bound", "population loss of the GD solution (loss in [0,1], 1-Lipschitz)",
               sp.sqrt(2 * Y.yHy / Y.n) + Y.c_lo * sp.sqrt(sp.log(Y.n / (Y.lam0 * Y.delta)) / Y.n),
               Provenance.STATED, S(ADHLW19, "Theorem 5.1", "sec. 3.1 F4"), scan="n",
               hypotheses=(NON_DEGENERATE, WIDE),
               description="Leading term sqrt(2 y^T H^-1 y / n) with the exact constant 2; the O(.) "
                           "lower-order term carries an unstated constant c."),
        _bound("yHy_monomial", "sqrt(y^T (H^inf)^-1 y) for y = alpha (beta^T x)^p, p = 1 or even",
               3 * Y.p_deg * Y.alpha_coef * Y.bnorm**Y.p_deg, Provenance.STATED,
               S(ADHLW19, "Theorem 6.1", "sec. 2.4 F5"), scan="bnorm"),
        _bound("yHy_cos", "sqrt(y^T (H^inf)^-1 y) for y = cos(beta^T x) - 1",
               3 * Y.bnorm * sp.sinh(Y.bnorm), Provenance.STATED, S(ADHLW19, "Section 6 example", "F18"),
               scan="bnorm"),
        _bound("n_samples_kernel", "samples for population loss <= eps when y^T H^-1 y <= M_g",
               (Y.M_g + sp.log(1 / Y.delta)) / Y.eps**2, Provenance.SHAPE,
               S(ADHLW19, "Corollary of Theorem 5.1 (O(.))", "F6"), scan="eps"),
        _bound("m_du", "width sufficient for linear convergence of GD (Omega(.))",
               Y.n**6 / (Y.lam0**4 * Y.kappa_init**2 * Y.delta**3), Provenance.SHAPE,
               S(ADHLW19, "Theorem 3.1 (after Du et al.)", "F7"), scan="n"),
        _bound("contraction", "training loss ratio Phi(k)/Phi(0) after k = n GD steps",
               (1 - Y.eta * Y.lam0 / 2) ** Y.n, Provenance.STATED,
               S(ADHLW19, "Theorem 3.1", "F7"), scan="n", hypotheses=(NON_DEGENERATE, WIDE),
               description="Phi(k+1) <= (1 - eta lambda_0 / 2) Phi(k); here the step count is the symbol n."),
        _bound("ntk_concentration", "|H_ij(0) - H^inf_ij| at initialization, w.p. >= 1 - delta",
               sp.sqrt(sp.log(2 / Y.delta) / (2 * Y.m)), Provenance.STATED,
               S(ADHLW19, "Lemma 3.1 (Hoeffding)", "sec. 4.6 F9"), scan="m"),
        _bound("hnorm_upper", "||h_{l+1}|| at random initialization, w.p. >= 1 - exp(-Omega(m/L^2))",
               2 * Y.ell + 4, Provenance.STATED, S(ALS19, "Lemma B.3", "sec. 4.1 F10"), scan="ell",
               hypotheses=(UNIT_TOKENS,)),
        _bound("hnorm_lower", "||h_{l+1}|| at random initialization, w.p. >= 1 - exp(-Omega(m/L^2))",
               (1 - 1 / (4 * Y.L)) ** Y.ell, Provenance.STATED, S(ALS19, "Lemma B.3", "sec. 4.1 F10"),
               lower=True, scan="ell", hypotheses=(UNIT_TOKENS,)),
        _bound("gnorm_upper", "||g_{l+1}|| at random initialization", 4 * Y.ell + 8, Provenance.STATED,
               S(ALS19, "Lemma B.3", "F10"), scan="ell"),
        _bound("forward_fail_prob", "failure probability of the forward bounds",
               sp.exp(-Y.c_fail * Y.m / Y.L**2), Provenance.SHAPE, S(ALS19, "Lemma B.3", "F10"), scan="m"),
        _bound("prod_DW_norm", "||prod_{l} D_l W||_2 over any window of steps", Y.c_prod * Y.L**3,
               Provenance.SHAPE, S(ALS19, "Lemma B.11", "sec. 4.2 F11"), scan="L"),
        _bound("sparse_backward", "|a^T B (prod D W) y| / (||a|| ||y||) for k-sparse y",
               Y.t_tail / sp.sqrt(Y.d), Provenance.STATED, S(ALS19, "Lemma B.17", "sec. 4.3 F11"), scan="d"),
        _bound("T_ALS", "GD steps to training loss eps (poly(n,d,L) of unstated degree k)",
               (Y.n * Y.d * Y.L) ** Y.k_poly / Y.delta**2 * sp.log(1 / Y.eps), Provenance.SHAPE,
               S(ALS19, "Theorems 1-2", "sec. 3.5 F12"), scan="L"),
    )


def complexity_bounds() -> tuple[Bound, ...]:
    """Closed forms around the ALL19 complexity measures (F17) and the kernel facts we derive (F13, F14)."""
    S = source
    return (
        _bound("Cs_exp_upper", "C_s(exp, R), using (i+1)^1.75 <= (i+1)^2",
               Y.Cstar * sp.exp(Y.R) * (Y.R**2 + 3 * Y.R + 1), Provenance.DERIVED,
               S(DERIVATION, "from ALL19's C_s definition", "sec. 2.3 F17"), scan="R"),
        _bound("hnorm2_meanfield", "||h_L||^2 at infinite width, tokens of norm r",
               Y.tok_norm**2 * Y.L, Provenance.DERIVED, S(DERIVATION, "mean-field recursion", "sec. 4.1 F13"),
               scan="L", description="q_l(x,x) = q_{l-1}(x,x) + ||X_l||^2 for ReLU with N(0, 2/m) weights."),
        _bound("ntk_diagonal", "Theta(x,x)/m of the infinite-width RNN NTK, unit tokens, W trained",
               Y.L * (Y.L - 1) / 4, Provenance.DERIVED, S(DERIVATION, "NTK recursion", "sec. 4.5 F14"),
               scan="L"),
    )


def almost_polynomial(reading: str) -> sp.Expr:
    """The two readings of "almost polynomial in L" (spec sec. 7 F19): AP1 = L^(c0 log(1/eps) + b2),
    AP2 = L^(c0 log L) = exp(c0 log^2 L)."""
    if reading == "AP1":
        return Y.L ** (Y.c0 * sp.log(1 / Y.eps) + Y.b2)
    if reading == "AP2":
        return Y.L ** (Y.c0 * sp.log(Y.L))
    raise ValueError(f"reading must be 'AP1' or 'AP2', got {reading!r}")


def paper_shape_bounds() -> tuple[Bound, ...]:
    """Templates T2 and T3: the paper's own claims as shapes with free exponents (F19, F21, F22)."""
    S = source
    shapes = []
    for reading in ("AP1", "AP2"):
        shapes.append(_bound(
            f"n_samples_{reading}", f"samples for the additive class under reading {reading}",
            almost_polynomial(reading) / Y.eps**2, Provenance.SHAPE,
            S(PAPER, "abstract (C3), template T2", f"sec. 3.2 F19 ({reading})"), scan="L",
            hypotheses=(UNIT_TOKENS, WIDE),
            description=f"n = O(M_add / eps^2) with M_add almost polynomial in L, read as {reading}."))
    shapes.append(_bound(
        "M_N_template", "complexity factor G(N, l_0, L) of an N-variable target",
        sp.Min(Y.L ** (Y.b1 * Y.N), Y.c1**Y.l0 * Y.L**Y.b2), Provenance.SHAPE,
        S(PAPER, "abstract (C4), template T3", "sec. 3.3 F21"), scan="L", hypotheses=(DISTINCT_POSITIONS,),
        description="Polynomial in L when N = O(1) or l_0 = O(1); the form of the trade-off is unknown."))
    return tuple(shapes)


def al19_bounds() -> tuple[Bound, ...]:
    """AL19's comparison forms, recalled in the spec (sec. 3.4) and not verified against AL19."""
    S = source
    return (
        _bound("T_AL19", "SGD iterations of AL19 (poly(rho) of unstated degree k)",
               Y.p_deg**2 * Y.C_AL**2 * Y.rho_AL**Y.k_poly / Y.eps**2, Provenance.RECONSTRUCTED,
               S(AL19, "main theorem, recalled from memory", "sec. 3.4 [R]"), scan="eps"),
        _bound("rho_AL19_def", "AL19's rho", 100 * Y.L * Y.d * sp.log(Y.m), Provenance.RECONSTRUCTED,
               S(AL19, "main theorem, recalled from memory", "sec. 3.4 [R]"), scan="L"),
        _bound("token_scale_AL19", "token norm ||x_l|| allowed by AL19 (1 / poly(C))",
               1 / Y.C_AL**Y.k_poly, Provenance.RECONSTRUCTED,
               S(AL19, "abstract + recalled theorem", "sec. 3.4 [V]/[R]"), scan="C_AL19"),
    )


ALL_BOUNDS: tuple[Bound, ...] = prior_bounds() + complexity_bounds() + paper_shape_bounds() + al19_bounds()
BOUNDS_BY_NAME = {b.name: b for b in ALL_BOUNDS}
#: the bounds that claims evaluate (the same objects the theorem registers)
HNORM2_MEANFIELD = BOUNDS_BY_NAME["hnorm2_meanfield"]
NTK_CONCENTRATION = BOUNDS_BY_NAME["ntk_concentration"]
CONTRACTION = BOUNDS_BY_NAME["contraction"]


def all_bounds() -> tuple[Bound, ...]:
    return ALL_BOUNDS

