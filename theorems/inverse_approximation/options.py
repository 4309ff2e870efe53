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
    "fit": Option("fit", "Fig 1 fits: free-rate exponential sums by variable projection (the paper's own basis is not "
                  "given, spec 8.1)", ("free-rate",), "free-rate"),
    "inverse-map": Option("inverse-map", "'inverse' reparameterization: the repository's discrete 1 - 1/w (w >= 0.5), "
                          "tagged reconstructed; the paper gives no formula (spec 8.6)", ("repo-discrete",), "repo-discrete"),
}
