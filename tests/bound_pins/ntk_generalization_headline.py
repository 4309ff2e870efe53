"""Pins for the bounds of ntk-generalization's headline claims (theorems/ntk_generalization/bounds_generalization.py).

Formulas typed again from the spec (wang2021_rnn_generalization.md):

    F4    gen_bound_leading = sqrt(2 yHy / n)              (§7 F4, leading term; ADHLW19 Thm 5.1)
    F8    k_iters = log(n / delta) / (eta lam0)            (§7 F8; ADHLW19 Thm 5.1, Omega(.))
    §4.2  prod_DW_vector = (1 + 1/L)^l                     (ALS19 Claim B.12, a fixed z over l steps)
"""

from __future__ import annotations

import mpmath as mp
import sympy as sp

from bound_pins.rows import GrowthExempt, GrowthPin, ValuePin, exponential, polynomial

THEOREM = "ntk-generalization"
SPEC = "wang2021_rnn_generalization.md"
F4, F8, B12 = f"{SPEC} §7 F4", f"{SPEC} §7 F8", f"{SPEC} §4.2 (ALS19 Claim B.12)"
r = sp.Rational

VALUES: list[ValuePin] = [
    ValuePin(THEOREM, "gen_bound_leading", F4, dict(yHy=8.0, n=64), 0.5),              # sqrt(16 / 64)
    ValuePin(THEOREM, "gen_bound_leading", F4, dict(yHy=2.0, n=100), 0.2),             # sqrt(4 / 100)
    ValuePin(THEOREM, "k_iters", F8, dict(n=64, delta=0.05, eta=0.01, lam0=0.1), float(1000 * mp.log(1280))),
    ValuePin(THEOREM, "k_iters", F8, dict(n=10, delta=0.5, eta=0.5, lam0=0.2), float(10 * mp.log(20))),
    ValuePin(THEOREM, "prod_DW_vector", B12, dict(L=8, ell=4), (9 / 8) ** 4),
    ValuePin(THEOREM, "prod_DW_vector", B12, dict(L=2, ell=2), 2.25),
]

GROWTH: list[GrowthPin] = [
    polynomial(THEOREM, "gen_bound_leading", F4, "n", -r(1, 2)),
    polynomial(THEOREM, "gen_bound_leading", F4, "yHy", r(1, 2)),
    polynomial(THEOREM, "k_iters", F8, "n", 0, log_power=1),
    polynomial(THEOREM, "k_iters", F8, "delta", 0, log_power=1),    # in 1/delta: log(1/delta)
    polynomial(THEOREM, "k_iters", F8, "eta", -1),
    polynomial(THEOREM, "k_iters", F8, "lam0", -1),
    exponential(THEOREM, "prod_DW_vector", B12, "ell", r(9, 8)),     # at L = 8: (1 + 1/8)^l
    polynomial(THEOREM, "prod_DW_vector", B12, "L", 0),              # (1 + 1/L)^4 -> 1
]

EXEMPT: list[GrowthExempt] = []
