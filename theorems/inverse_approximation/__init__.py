"""Inverse approximation theory for nonlinear RNNs (Wang, Li & Li, ICLR 2024): the curse of memory.

Theorem 3.9 (Bernstein-type): if a target H is beta0-stably approximated by continuous-time RNNs
dh/dt = sigma(W h + U x + b), y = c^T h, with sigma in A0 or A1 and bounded weights, and the
perturbed models have uniformly decaying memory, then e^{beta t} M(H)(t) -> 0 for every
beta < beta0. The mechanism: stability forces sup_m max Re lambda(W_m) <= -beta0, so the
stability radius is at most the spectral gap of every approximant. Fix: reparameterize
W = g(M) with g into Hurwitz matrices (exp, softplus).

Layout: statement.py (symbols, definitions, hypotheses), bounds.py, claims_memory.py (P1-P4,
P13, P14), claims_stability.py (P5-P8), claims_lemmas.py (Lemma A.7, P10-P12), claims_training.py (P9,
P15, P9-repository-definitions, slow), claims_stated.py (the stated bounds as printed: S-A0, S-A1,
S-A9), claims_figure1.py (F1: Figure 1 by the paper's protocol, slow), claims_theorem39.py (T39:
Theorem 3.9 end to end, Figures 2-3, slow), experiments.py (the Fig 1/4 set-up), options.py,
reproductions.py (report sections).
"""

from __future__ import annotations

from rnnbounds.theorems.core import Theorem
from rnnbounds.theorems.inverse_approximation import (
    claims_figure1, claims_lemmas, claims_memory, claims_stability, claims_stated, claims_theorem39, claims_training,
)
from rnnbounds.theorems.inverse_approximation.bounds import BOUNDS
from rnnbounds.theorems.inverse_approximation.options import OPTIONS
from rnnbounds.theorems.inverse_approximation.reproductions import REPRODUCTIONS as _REPRODUCTIONS
from rnnbounds.theorems.inverse_approximation.statement import (
    A0, A1, DEFINITIONS, HURWITZ_GAP, NORMAL_W, SMALL_V, SPEC, THEOREM_HYPOTHESES,
)

_ORDER = ("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "A7", "P10", "P11", "P12", "P13", "P14", "P15")
_CLAIMS = claims_memory.CLAIMS + claims_stability.CLAIMS + claims_lemmas.CLAIMS + claims_training.CLAIMS
_LATER = claims_stated.CLAIMS + claims_figure1.CLAIMS + claims_theorem39.CLAIMS   # in this order, after P15
CLAIMS = tuple(sorted(_CLAIMS, key=lambda c: _ORDER.index(c.id.split("-")[0]))) + _LATER
REPRODUCTIONS = _REPRODUCTIONS + claims_figure1.REPRODUCTIONS + claims_theorem39.REPRODUCTIONS + claims_stated.REPRODUCTIONS

_DEFINITIONS_TEXT = " ".join(f"[{d.name}] {d.text}." for d in DEFINITIONS)

THEOREM = Theorem(
    id="inverse-approximation",
    title="Inverse approximation theory for nonlinear RNNs: stable approximation forces exponential memory",
    citation=("S. Wang, Z. Li, Q. Li. Inverse Approximation Theory for Nonlinear Recurrent Neural Networks. "
              "ICLR 2024 (arXiv 2305.19190 v4)."),
    spec=f"{SPEC} (Thm 3.9, Lemmas A.7-A.10, Sec 3.4, Figs 1-4)",
    statement=(r"\text{If } H \text{ satisfies (a)-(e) with } \sigma\in A_0\cup A_1 \text{ and is } \beta_0\text{-stably "
               r"approximated by } \dot h=\sigma(Wh+Ux+b),\ y=c^\top h, \text{ then } \lim_{t\to\infty}e^{\beta t}M(H)(t)=0"
               r"\ \forall \beta<\beta_0; \text{ moreover } \sup_m \max_i \operatorname{Re}\lambda_i(W_m)\le-\beta_0."),
    summary=("Only targets with exponentially decaying memory can be approximated stably (continuously in the size beta "
             "of weight perturbations) by tanh- or hardtanh-like RNNs. The conclusion is a shape bound (no constant is "
             "given); the mechanism (spectral gap >= beta0) is stated; the model-memory rates are stated for c_sigma = 1 "
             "and derived (c_sigma beta0) in general; Lemma A.8 is stated without, but needs, a normal W (claim P10 "
             "refutes the unrestricted form), and Remark 3.3's 'RNNs have decaying memory' fails for a Hurwitz "
             "non-normal tanh RNN (claim P13), so hypothesis (d) is needed. 'inverse' reparameterization: reconstructed "
             "from the repository. Definitions: " + _DEFINITIONS_TEXT),
    hypotheses=THEOREM_HYPOTHESES + (A0, A1, HURWITZ_GAP, NORMAL_W, SMALL_V),
    bounds=BOUNDS,
    claims=CLAIMS,
    options=OPTIONS,
    reproductions=REPRODUCTIONS,
    headline=("Nonlinear RNNs, like linear ones, can stably approximate only targets whose memory decays "
              "exponentially: a beta0-stable approximation forces e^{beta t} M(H)(t) -> 0 for every beta < beta0 "
              "(Theorem 3.9), and a stable reparameterization of the recurrent weights is proposed as the remedy."),
    headline_source=("paraphrase of Theorem 3.9 and Section 3.4 (spec §0 and §3.1, read from the full text), not a "
                     "quotation; the spec carries no [V] tags"),
    headline_claims=("T39-stable-implies-exponential-memory", "T39-polynomial-target-not-stable",
                     "P5-radius-below-spectral-gap", "P6-fitted-gap-vanishes-for-polynomial-memory",
                     "P7-crossing-points-move-left", "P9-trained-softplus-stays-ordered", "P9-repository-definitions"),
)

__all__ = ["THEOREM"]
