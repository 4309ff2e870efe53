"""Provable generalization of RNNs via the NTK, without input normalization (Wang, Shen, Hu & Cao 2021).

Only the paper's abstract could be read (spec sec. 0). The prior results it builds on (ADHLW19,
ALS19, ALL19) are encoded with their exact constants as ``stated``; the paper's own theorems as
``shape`` templates T1-T3 with free exponents; our kernel derivations as ``derived``; the AL19
comparison forms as ``reconstructed``. Both readings of "almost polynomial in L" are encoded
(option ``almost_polynomial``).
"""

from rnnbounds.theorems.core import Hypothesis, Option, Theorem
from rnnbounds.theorems.ntk_generalization.bounds import NON_DEGENERATE, UNIT_TOKENS, WIDE, all_bounds
from rnnbounds.theorems.ntk_generalization.bounds_generalization import GENERALIZATION_BOUNDS
from rnnbounds.theorems.ntk_generalization.claims.als19 import ALS19_BOUNDS, ALS19_FIRST_STEP, ALS19_FIXED_VECTOR
from rnnbounds.theorems.ntk_generalization.claims.convergence import LINEAR_CONVERGENCE
from rnnbounds.theorems.ntk_generalization.claims.forward import FORWARD_NORM, WIDTH_THRESHOLD
from rnnbounds.theorems.ntk_generalization.claims.generalization import GENERALIZATION
from rnnbounds.theorems.ntk_generalization.claims.kernel import GRAM_POSITIVITY, NTK_CONVERGENCE
from rnnbounds.theorems.ntk_generalization.claims.n_variable import N_VARIABLE_GROWTH
from rnnbounds.theorems.ntk_generalization.claims.normalization import NORMALIZATION
from rnnbounds.theorems.ntk_generalization.claims.recursion_lengths import RECURSION_AT_LENGTH, RECURSION_AT_LONG_LENGTH
from rnnbounds.theorems.ntk_generalization.claims.plateau import EVEN_PLATEAU, KERNEL_NORM_PLATEAU, PLATEAU_GROWTH_IN_L
from rnnbounds.theorems.ntk_generalization.reproductions import REPRODUCTIONS

OPTIONS = {
    "almost_polynomial": Option(
        "almost_polynomial", "Reading of 'almost polynomial in L' (spec sec. 3.2, 8.6): AP1 = L^O(log 1/eps), "
        "AP2 = L^O(log L). Both shapes are bounds (n_samples_AP1, n_samples_AP2); P7 reports which one the "
        "measured plateau supports.", ("AP1", "AP2"), "AP1"),
    "inputs": Option(
        "inputs", "Token norms: unnormalized unit tokens (this paper), or AL19's ||X_1|| = 1, ||X_l|| = eps.",
        ("unnormalized", "al19"), "unnormalized"),
    "readout": Option(
        "readout", "Readout b^T h_L at the last step (used by the NTK) or b^T h_l at every step (simulator only).",
        ("last", "all"), "last"),
    "trained": Option(
        "trained", "Trained weights: W only (ALS19/AL19 style) or W and A (adds sum_l <X_l, X'_l> terms).",
        ("W", "WA"), "W"),
}

STATEMENT = (r"\text{For } F^*(x) = \sum_{l=1}^{L} f(\beta_l^\top X_l) \text{ (no } \|X_l\| \le \epsilon\text{)}: "
             r"L_{\mathcal D}(f_{GD}) \le \sqrt{2\, y^\top (H^{\infty}_{RNN})^{-1} y / n} + "
             r"O\big(\sqrt{\log(n/(\lambda_0\delta))/n}\big),\quad "
             r"n,\,T = L^{O(\log 1/\epsilon)}\ \text{(AP1) or } L^{O(\log L)}\ \text{(AP2)}")

THEOREM = Theorem(
    id="ntk-generalization",
    title="Provable generalization of RNNs via the NTK (no input normalization)",
    citation="Wang, Shen, Hu & Cao, On the Provable Generalization of Recurrent Neural Networks, "
             "NeurIPS 2021, arXiv 2109.14142",
    spec="wang2021_rnn_generalization.md",
    statement=STATEMENT,
    summary=("A randomly initialized ReLU Elman RNN trained by GD in the NTK regime learns additive targets "
             "sum_l f(beta_l^T X_l) and N-variable targets f(beta^T [X_l1..X_lN]) without AL19's small-token "
             "normalization, with iterations and samples almost polynomial in L. Only the abstract was read: "
             "ADHLW19/ALS19 results are stated with the prior paper as source, the paper's theorems are shape "
             "templates with free exponents, the mean-field and NTK-recursion facts are our derivations, and "
             "AL19's forms are reconstructions. Claims test the spec's predictions P1-P11 numerically."),
    hypotheses=(UNIT_TOKENS, WIDE, NON_DEGENERATE,
                Hypothesis("concept-class", "F* additive, or N-variable with distinct positions; f a power series")),
    bounds=all_bounds() + GENERALIZATION_BOUNDS,
    claims=(FORWARD_NORM, WIDTH_THRESHOLD, NTK_CONVERGENCE, GRAM_POSITIVITY, KERNEL_NORM_PLATEAU,
            EVEN_PLATEAU, PLATEAU_GROWTH_IN_L, N_VARIABLE_GROWTH, LINEAR_CONVERGENCE, GENERALIZATION,
            NORMALIZATION, ALS19_BOUNDS, ALS19_FIRST_STEP,
            ALS19_FIXED_VECTOR, RECURSION_AT_LENGTH, RECURSION_AT_LONG_LENGTH),
    options=OPTIONS,
    reproductions=REPRODUCTIONS,
    headline=("A randomly initialised RNN trained by gradient descent provably generalizes on additive concept "
              "classes sum_l f(beta_l^T X_l) without the input normalization ||X_l|| <= eps of earlier work, and for "
              "notable concept classes the iterations and samples it needs scale almost polynomially in the "
              "sequence length L."),
    headline_source=("paraphrase of the abstract, not a quotation: the spec's verified claims C2 and C3 [V], "
                     "themselves paraphrased (spec 'Verified claims from the abstract'); the body was not read"),
    headline_claims=("P9-generalization-bound", "P7-plateau-growth-in-L"),
)
