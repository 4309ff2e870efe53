"""gd-convergence: gradient descent on diagonal RNNs converges with width logarithmic in n.

Cayci & Eryilmaz, "Convergence of Gradient Descent for Recurrent Neural Networks: A Nonasymptotic
Analysis" (arXiv 2402.12241 v2).  Only the abstract could be read: the paper's claims enter as
`shape` bounds, the model is the spec's reconstruction, and every constant is derived (constants.py).
"""

from __future__ import annotations

from rnnbounds.theorems.core import Option, Theorem
from rnnbounds.theorems.gd_convergence import (claims_derivatives, claims_kernel, claims_training, claims_trajectory,
                                               claims_width)
from rnnbounds.theorems.gd_convergence.bounds import ALL, BOUNDS, SHORT_MEMORY
from rnnbounds.theorems.gd_convergence.reproductions import REPRODUCTIONS

OPTIONS = {
    "recurrent_init": Option(
        "recurrent_init", "Law of w_i(0) with |w_i(0)| <= alpha (spec 8.3): Uniform[-alpha, alpha], the constant "
        "alpha, or Uniform{-alpha, +alpha}.", ("uniform", "constant", "rademacher"), "uniform"),
    "input_norm": Option(
        "input_norm", "Input bound (spec 8.7): ||X_t||_2 <= 1 (G, d-free) or ||X_t||_inf <= 1 (G_d, sqrt(d)).",
        ("l2", "coordinate"), "l2"),
    "targets": Option(
        "targets", "Loss on the final step only (sequence-to-one) or on every step (spec 8.2); the gradient "
        "bound max_t G_t = G_{T-1} is the same.", ("final", "every-step"), "final"),
}

def _prediction_number(claim) -> int:
    return int(claim.id.split("-")[0][1:])


CLAIMS = tuple(sorted(claims_derivatives.CLAIMS + claims_kernel.CLAIMS + claims_training.CLAIMS
                      + claims_trajectory.CLAIMS + claims_width.CLAIMS, key=_prediction_number))

THEOREM = Theorem(
    id="gd-convergence",
    title="Gradient descent on diagonal RNNs: width logarithmic in n, memory cutoff at alpha s1 = 1",
    citation="S. Cayci and A. Eryilmaz, Convergence of Gradient Descent for Recurrent Neural Networks: "
             "A Nonasymptotic Analysis, arXiv:2402.12241 (v2, 2024).",
    spec="cayci2024_gd_convergence.md",
    statement=(r"For the diagonal RNN $h^i_t = \sigma(w_i h^i_{t-1} + \langle u_i, X_t\rangle)$, "
               r"$f = m^{-1/2}\sum_i c_i h^i_{T-1}$ with symmetric initialisation and projected GD on the "
               r"per-neuron balls of radius $\rho/\sqrt m$, a target in $\mathcal F_\nu$ ($\rho \ge \nu$), and "
               r"$a = (\alpha + \rho/\sqrt m)\sigma_1$: with probability $1-\delta$, "
               r"$\min_{k\le\tau}\hat R(\theta(k)) \le \varepsilon$ once $\tau \ge \tau_{req} = 3\nu^2/(2\eta\varepsilon)$ "
               r"and $m \ge m_{req}$, where $m_{req} = \Theta(\log n)$ in $n$, bounded in $T$ for $a<1$, "
               r"polynomial at $a = 1$ and exponential for $a > 1$."),
    summary=("Only the abstract of the paper could be read. Its claims C4 (a memory cutoff set by the "
             "activation's Lipschitz constant) and C5 (width logarithmic in n) are encoded as shape bounds; "
             "the model is the spec's reconstruction and every formula F1-F20 is our own derivation with our "
             "constants (tag: derived). Claims P1-P15 (spec §6), Q8 and Q14 (kernel drift and smoothness along "
             "the trajectory, spec §4) test the derived bounds and the shapes on a NumPy diagonal RNN with exact "
             "BPTT, per-neuron Hessians, projected GD at eta = 1/L_F (F11) and a transportation teacher."),
    hypotheses=ALL + (SHORT_MEMORY,),
    bounds=BOUNDS,
    claims=CLAIMS,
    options=OPTIONS,
    reproductions=REPRODUCTIONS,
    headline=("Gradient descent trains RNNs with diagonal recurrent weights to optimality without massive "
              "overparameterization: with an appropriate initialisation a width logarithmic in the sample size n "
              "suffices, and long-term dependencies in the target change both the convergence and the width "
              "bounds (stated in T, n and d) through a cutoff set by the activation's Lipschitz constant."),
    headline_source=("paraphrase of the v2 abstract, not a quotation: the spec's verified claims C1, C2, C3, C4 and "
                     "C5 [V], themselves paraphrased (spec §0); the paper's body was not read"),
    headline_claims=("P1-width-log-n", "P10-training-loss", "P11-width-vs-T", "P14-width-vs-dimension",
                     "P15-activation-cutoff"),
)
