"""Bounds of the inverse approximation theorem: the conclusion, the mechanism, Lemmas A.7-A.10,
and the stability conditions of the reparameterizations, each with its provenance."""

from __future__ import annotations

import sympy as sp

from rnnbounds.theorems.core import Bound, Direction, Provenance, Source
from rnnbounds.theorems.inverse_approximation.statement import (
    A0, A1, H_D, HURWITZ_GAP, NORMAL_W, PAPER, RATE_BELOW_RADIUS, SMALL_V, SPEC,
    THEOREM_HYPOTHESES, C_memory, L_cubic, M_0, beta, beta0, c_mode, c_sigma, dt, g_max, gap,
    kappa_V, lambda_min, norm_W, time, T,
)


def _src(locator: str, section: str, paper: str = PAPER) -> Source:
    return Source(paper, locator, f"{SPEC} {section}")


TARGET_MEMORY = Bound(
    name="target_memory",
    quantity="memory M(H)(t) of a beta0-stably approximable target",
    expr=C_memory * sp.exp(-beta * time), direction=Direction.UPPER, provenance=Provenance.SHAPE,
    source=_src("Thm 3.9, eq 15", "§3.1"), hypotheses=THEOREM_HYPOTHESES + (RATE_BELOW_RADIUS,),
    reference={"C_memory": 1.0, "beta": 0.05, "time": 20.0, "beta0": 0.1}, scan="time",
    description="e^{beta t} M(H)(t) -> 0 for every beta < beta0; the paper gives no constant, hence a shape bound. "
                "beta0 enters only the hypothesis beta < beta0 (its reference 0.1 as in spectral_abscissa).",
)
SPECTRAL_ABSCISSA = Bound(
    name="spectral_abscissa",
    quantity="spectral gap inf_m (-max_i Re lambda_i(W_m)) of a beta0-stable approximating family",
    expr=beta0, direction=Direction.LOWER, provenance=Provenance.STATED,
    source=_src("proof of Thm 3.9, eqs 30-31 (strict), 47 (non-strict)", "§3.2 S3"),
    hypotheses=THEOREM_HYPOTHESES, reference={"beta0": 0.1}, scan="beta0",
    description="Stability forces sup_m max_i Re lambda_i(W_m) <= -beta0: every approximant keeps a gap >= beta0.",
)
STABILITY_RADIUS = Bound(
    name="stability_radius",
    quantity="stability radius beta0",
    expr=gap, direction=Direction.UPPER, provenance=Provenance.DERIVED,
    source=_src("eqs 30-31 read as K3", "§3.5 K3"), hypotheses=THEOREM_HYPOTHESES,
    reference={"spectral_gap": 0.1}, scan="spectral_gap",
    description="beta0 <= min_m (-alpha(W_m)): a shift W + beta I with beta past the gap destabilises the model.",
)
MODEL_MEMORY_A0_STATED = Bound(
    name="model_memory_a0_stated",
    quantity="sup_m M(H^_m)(t), class A0",
    expr=C_memory * sp.exp(-beta0 * time), direction=Direction.UPPER, provenance=Provenance.STATED,
    source=_src("App A.8, eq 43", "§3.2 S5"), hypotheses=(A0, HURWITZ_GAP, NORMAL_W),
    reference={"C_memory": 1.0, "beta0": 0.1, "time": 20.0}, scan="time",
    description="As printed: rate beta0. Exact only for c_sigma = 1 (identity, hardtanh); see model_memory_a0.",
)
MODEL_MEMORY_A0 = Bound(
    name="model_memory_a0",
    quantity="sup_m M(H^_m)(t), class A0 with slope c_sigma",
    expr=C_memory * sp.exp(-c_sigma * beta0 * time), direction=Direction.UPPER, provenance=Provenance.DERIVED,
    source=_src("App A.8, eq 36 with the dropped c_sigma restored (caveat c2)", "§3.4 c2"),
    hypotheses=(A0, HURWITZ_GAP, NORMAL_W),
    reference={"C_memory": 1.0, "beta0": 0.1, "c_sigma": 0.5, "time": 20.0}, scan="time",
    description="In the linear zone dv/dt = c_sigma W v, so the decay rate is c_sigma beta0.",
)
MODEL_MEMORY_A1 = Bound(
    name="model_memory_a1",
    quantity="sup_m M(H^_m)(t), class A1 (tanh-like)",
    expr=C_memory * sp.exp(-(1 - L_cubic) * beta0 * time), direction=Direction.UPPER, provenance=Provenance.STATED,
    source=_src("App A.9, Lyapunov argument to eq 68", "§3.2 S5"), hypotheses=(A1, HURWITZ_GAP, NORMAL_W, SMALL_V),
    reference={"C_memory": 1.0, "beta0": 0.1, "L_cubic": 0.1, "time": 20.0}, scan="time",
    description="V = v^T P v decays at rate 2(1-L) beta0 once |v|_2 <= sqrt(beta0 L / M); L -> 0 gives any beta < beta0.",
)
LYAPUNOV_NORMAL = Bound(
    name="lyapunov_norm",
    quantity="||P||_2, P solving W^T P + P W = -I",
    expr=1 / (2 * beta0), direction=Direction.UPPER, provenance=Provenance.STATED,
    source=_src("Lemma A.8", "§3.3; caveat c1 §3.4"), hypotheses=(HURWITZ_GAP, NORMAL_W),
    reference={"beta0": 0.5}, scan="beta0",
    description="Stated without normality; true for normal W (equality at W = -beta0 I), false otherwise (claim P10).",
)
LYAPUNOV_GENERAL = Bound(
    name="lyapunov_norm_general",
    quantity="||P||_2 for a diagonalizable Hurwitz W = V diag(lambda) V^-1",
    expr=kappa_V**2 / (2 * beta0), direction=Direction.UPPER, provenance=Provenance.DERIVED,
    source=_src("Lemma A.8 with ||e^{Wt}||_2 <= kappa(V) e^{-beta0 t}", "§3.4 c1"), hypotheses=(HURWITZ_GAP,),
    reference={"beta0": 0.5, "kappa_V": 3.0}, scan="kappa_V",
    description="P = int e^{W^T t} e^{W t} dt and ||e^{Wt}|| <= kappa(V) e^{-beta0 t}: the missing factor kappa(V)^2.",
)
CUBIC_TERM = Bound(
    name="cubic_term",
    quantity="|v^T (W^T D_v^2 P + P D_v^2 W) v| / |v|_2^2",
    expr=L_cubic, direction=Direction.UPPER, provenance=Provenance.DERIVED,
    source=_src("Lemma A.9 with M = ||W||_2 in place of M_0 (caveat c5)", "§3.3, §3.4 c5"),
    hypotheses=(HURWITZ_GAP, NORMAL_W, SMALL_V), reference={"L_cubic": 0.5}, scan="L_cubic",
    description="|D_v^2 W v|_2 <= |v|_2^3 ||W||_2 and ||P|| <= 1/(2 beta0) give <= |v|^4 ||W|| / beta0 <= L |v|^2.",
)
CUBIC_RADIUS = Bound(
    name="cubic_radius",
    quantity="radius Upsilon_L of the ball where the cubic term is <= L |v|^2",
    expr=sp.sqrt(beta0 * L_cubic / M_0), direction=Direction.LOWER, provenance=Provenance.STATED,
    source=_src("Lemma A.9, Upsilon_L = sqrt(beta0 L / M_0)", "§3.2 S5, §3.3"), hypotheses=(HURWITZ_GAP, NORMAL_W),
    reference={"beta0": 0.5, "L_cubic": 0.5, "M_0": 1.0}, scan="L_cubic",
    description="As printed, with the entrywise max M_0; the derived cubic_term uses ||W||_2 >= M_0 instead.",
)
DIAGONAL_BLOWUP = Bound(
    name="diagonal_blowup",
    quantity="E_T(beta) of a diagonal linear RNN with rates shifted by beta > lambda_min, horizon T",
    expr=c_mode * sp.exp((beta - lambda_min) * T), direction=Direction.LOWER, provenance=Provenance.SHAPE,
    source=_src("K4 (diagonal linear RNN)", "§3.5 K4, P5"), hypotheses=(),
    reference={"c_mode": 1.0, "beta": 0.11, "lambda_min": 0.1, "T": 100}, scan="T",
    description="The slowest active mode grows like |c_i| e^{(beta - lambda_i) T}; below lambda_min the error stays bounded.",
)
EULER_STABILITY = Bound(
    name="euler_step",
    quantity="largest stable residual step dt for decay rates up to g_max (linear sigma)",
    expr=2 / g_max, direction=Direction.UPPER, provenance=Provenance.DERIVED,
    source=_src("repository residual RNN h <- h + dt sigma(W h + ...)", "§6.3, P8"), hypotheses=(),
    reference={"g_max": 1.0}, scan="g_max",
    description="|1 - dt g| < 1 iff dt < 2 / g: a stable continuous reparameterization need not give a stable Euler RNN.",
)
BOUNDS = (
    TARGET_MEMORY, SPECTRAL_ABSCISSA, STABILITY_RADIUS, MODEL_MEMORY_A0_STATED, MODEL_MEMORY_A0,
    MODEL_MEMORY_A1, LYAPUNOV_NORMAL, LYAPUNOV_GENERAL, CUBIC_TERM, CUBIC_RADIUS, DIAGONAL_BLOWUP,
    EULER_STABILITY,
)

__all__ = ["BOUNDS", "H_D", "c_sigma"]
