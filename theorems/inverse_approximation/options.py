"""The named options of the inverse-approximation experiments: each a choice the paper leaves open."""

from __future__ import annotations

from rnnbounds.theorems.core import Option

OPTIONS = {
    "normalisation": Option("normalisation", "memory normalisation N(x): Def 3.1 uses |x|_inf, the proofs |x|_inf + 1 "
                            "(caveat c3)", ("inf", "inf+1"), "inf"),
    "ball": Option("ball", "perturbation ball of E_m(beta): the paper's spectral/Euclidean blocks or the repository's "
                   "per-tensor l_inf ball (spec 8.4)", ("spectral", "linf"), "spectral"),
    "blocks": Option("blocks", "parameters perturbed in the Fig 1/4 reproduction: the recurrent matrix only, or all of "
                     "(W, U, c) (not stated in the paper, spec 8.1)", ("recurrent", "all"), "recurrent"),
    "error": Option("error", "error of a fitted kernel on t = 1..100: sup norm or l1 (operator) norm (not stated)",
                    ("sup", "l1"), "sup"),
    "fit": Option("fit", "Fig 1 models (the paper's procedure is not given, spec 8.1): free-rate exponential sums by "
                  "variable projection (the default of perturbation_curves; exact for 0.9^t); fixed-basis: rates fixed on "
                  "the geometric grid 0.01..1 (powers s^lambda of s = e^{-t}), only c fitted by least squares; trained: "
                  "W = -diag(lambda), U, c reached by Adam on the least-squares loss from a seeded random start (the "
                  "default of the paper-protocol experiment figure1_curves)", ("free-rate", "fixed-basis", "trained"),
                  "free-rate"),
    "inverse-map": Option("inverse-map", "what the 'inverse' reparameterization is (the paper gives no formula, spec "
                          "8.6): repo-discrete, the repository's eigenvalue modulus 1 - 1/w (w >= 0.5), reconstructed; "
                          "continuous, eigenvalue -1/w (w >= 0.01), derived (its dt = 1 Euler step is 1 - 1/w); "
                          "stablessm-best, -1/(w^2 + 0.1) from the later StableSSM paper (arXiv 2311.14495)",
                          ("repo-discrete", "continuous", "stablessm-best"), "repo-discrete"),
}
