"""Bounds that the headline claims (P9, P10, P3) evaluate, each with its provenance.

    gen_bound_leading   sqrt(2 y^T H^-1 y / n)                         stated  ADHLW19 Thm 5.1, leading term (F4)
    k_iters             log(n / delta) / (eta lambda_0)                shape   ADHLW19 Thm 5.1, Omega(.) (F8)
    prod_DW_vector      (1 + 1/L)^l, l = l2 - l1 + 1 steps              stated  ALS19 Claim B.12 (sec. 4.2)

Kernel convention of F4 [D]. ADHLW19's H^inf has H_ii = 1/2 for unit inputs, and the leading term is
twice the Rademacher complexity of {x -> <grad f(x), w>: ||w|| <= sqrt(y^T H^-1 y)}, i.e.
2 sqrt(y^T Theta^-1 y tr(Theta)) / n for the raw Gram Theta. That form does not change when Theta is
scaled, and equals sqrt(2 y^T H^-1 y / n) exactly when H = Theta / (2 mean_i Theta_ii). The claims
therefore evaluate F4 at H = K / 2, K the NTK normalised to unit mean diagonal (measurements.py), and
report beside it the raw y^T (Theta/m)^-1 y, which for unit tokens is y^T K^-1 y / (L (L - 1) / 4):
F4 read with the raw RNN kernel would shrink the bound by sqrt(L (L - 1) / 2), an artefact of scale.

Registered with the theorem; their value and growth pins are in
tests/bound_pins/ntk_generalization_headline.py.
"""

from __future__ import annotations

import sympy as sp

from rnnbounds.theorems.core import Bound, Direction, Hypothesis, Provenance
from rnnbounds.theorems.ntk_generalization import symbols as Y
from rnnbounds.theorems.ntk_generalization.bounds import NON_DEGENERATE, WIDE
from rnnbounds.theorems.ntk_generalization.sources import ADHLW19, ALS19, source

WINDOW_INSIDE = Hypothesis("window-inside", "a window of at most L steps", relation=Y.ell <= Y.L)
REFERENCE = {"n": 64, "yHy": 8.0, "delta": 0.05, "eta": 0.01, "lam0": 0.1, "L": 8, "ell": 4}

GEN_BOUND_LEADING = Bound(
    name="gen_bound_leading", quantity="population loss of the GD solution minus the O(.) confidence term",
    expr=sp.sqrt(2 * Y.yHy / Y.n), provenance=Provenance.STATED, direction=Direction.UPPER,
    source=source(ADHLW19, "Theorem 5.1 (leading term)", "sec. 3.1 F4"),
    reference={k: REFERENCE[k] for k in ("yHy", "n")}, scan="n", hypotheses=(NON_DEGENERATE, WIDE),
    description="sqrt(2 y^T H^-1 y / n) with H_ii = 1/2 (unit inputs, ADHLW19's H^inf); for the RNN the Gram "
                "matrix is normalised to that diagonal (module doc).")

K_ITERS = Bound(
    name="k_iters", quantity="GD steps after which ADHLW19 Thm 5.1 applies (Omega(.), constant not given)",
    expr=sp.log(Y.n / Y.delta) / (Y.eta * Y.lam0), provenance=Provenance.SHAPE, direction=Direction.UPPER,
    source=source(ADHLW19, "Theorem 5.1 (k >= Omega(log(n/delta) / (eta lambda_0)))", "sec. 3.1 F8"),
    reference={k: REFERENCE[k] for k in ("n", "delta", "eta", "lam0")}, scan="n",
    description="The iteration count of template T1; P10 compares measured step counts with its growth in L.")

PROD_DW_VECTOR = Bound(
    name="prod_DW_vector", quantity="||D_l2 W ... D_l1 W z|| / ||z|| for a fixed z, over l = l2 - l1 + 1 steps",
    expr=(1 + 1 / Y.L) ** Y.ell, provenance=Provenance.STATED, direction=Direction.UPPER,
    source=source(ALS19, "Claim B.12", "sec. 4.2"), reference={k: REFERENCE[k] for k in ("L", "ell")},
    scan="ell", hypotheses=(WINDOW_INSIDE,),
    description="At most (1 + 1/L)^L < e <= 3 inside a window of L steps, w.p. >= 1 - exp(-Omega(m/L^2)).")

GENERALIZATION_BOUNDS: tuple[Bound, ...] = (GEN_BOUND_LEADING, K_ITERS, PROD_DW_VECTOR)
