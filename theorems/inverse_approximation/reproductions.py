"""Report sections: Figure 1, Figure 4, the P3 decay-rate scatter, the P6 lambda_min(m) table, and
the two counterexamples, each with the paper's figures beside ours."""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.ctrnn import RNNWeights, heaviside_velocity
from rnnbounds.numerics.exponential_fit import fit_exponential_sums
from rnnbounds.theorems.core import ReportContext, Reproduction
from rnnbounds.theorems.inverse_approximation.claims_lemmas import lyapunov_solution
from rnnbounds.theorems.inverse_approximation.reparameterizations import STABLE_MAPS
from rnnbounds.theorems.inverse_approximation.statement import DEFINITIONS
from rnnbounds.theorems.inverse_approximation.claims_memory import WITNESS_W, measure_decay_rates
from rnnbounds.theorems.inverse_approximation.experiments import (
    FIT_GRID, PAPER_CROSSINGS, PAPER_WIDTHS, CurveSet, perturbation_curves, target_kernel,
)

PAPER_E0 = {"exp": (0.3, 0.1, 0.035, 0.01, 0.0017), "pol": (0.09, 0.022, 0.012, 0.007, 0.003)}
PAPER_LAMBDA_MIN = {1: 0.21, 2: 0.039, 4: 0.014, 6: 0.0086, 8: 0.0062, 14: 0.0008}
COINCIDE_SPREAD = 0.05  # the reading says the curves coincide when no curve is off the widest width's by more
TARGET_LABEL = {"exp": "0.9^t", "pol": "(1+t)^-1.1", "pol15": "(1+t)^-1.5", "repo": "(1+0.1t)^-1.1"}


def _search(level: str) -> dict[str, int]:
    return {"samples": 10, "ascent_steps": 2} if level == "full" else {"samples": 4, "ascent_steps": 1}


def _fmt(x: Any) -> str:
    return "-" if x is None or not np.isfinite(x) else f"{x:.3g}"


def _plot_curves(ax, curves: CurveSet, title: str, marks: bool = True) -> None:
    x = curves.betas.copy()
    x[0] = curves.betas[1] / 2  # beta = 0 drawn half a grid step to the left, as the repository's notebook does
    for k, m in enumerate(curves.widths):
        ax.loglog(x, np.minimum(curves.curves[k], 1e6), marker="o", ms=3, label=f"m = {m}")
    if marks:
        for k, beta in enumerate(curves.crossings):
            if np.isfinite(beta):
                j = int(np.flatnonzero(curves.betas == beta)[0])
                ax.plot(beta, min(curves.curves[k + 1, j], 1e6), "ko", ms=7, mfc="none")
    ax.set_xlabel("beta (leftmost point: beta = 0)")
    ax.set_ylabel("E_m(beta) (capped at 1e6)")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7)


def render_figure_1(ctx: ReportContext) -> str:
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(ctx.seed)
    sets = {name: perturbation_curves(name, PAPER_WIDTHS, rng, **_search(ctx.level)) for name in ("exp", "pol")}
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, (name, curves) in zip(axes, sets.items()):
        _plot_curves(ax, curves, f"rho = {TARGET_LABEL[name]}: direct parameterization")
    path = ctx.save_figure(fig, "figure-1")
    lines = [f"![Figure 1]({path})", "",
             "Linear RNNs W = -diag(lambda), U = 1, c fitted to rho on t = 1..100 (best free-rate exponential fits), W "
             "perturbed in a spectral ball of radius beta (random directions, W + beta I, gradient ascent), sup error on "
             f"the grid (options blocks=recurrent, ball=spectral, error=sup; level {ctx.level}, seed {ctx.seed}). "
             "Circles: crossing points.", "",
             "| target | k (m_k -> m_k+1) | crossing beta*_k (ours) | paper (Fig 1, read by eye) |", "|---|---|---|---|"]
    for name, curves in sets.items():
        for k, beta in enumerate(curves.crossings):
            pair = f"{curves.widths[k]} -> {curves.widths[k + 1]}"
            lines.append(f"| {TARGET_LABEL[name]} | {pair} | {_fmt(beta)} | {PAPER_CROSSINGS[name][k]} |")
    lines += ["", "| target | m | E_m(0) ours | E_m(0) paper | lambda_min(m) | max_i abs(c_i) | blow-up beta "
              "(E > 10 max(E(0), 0.01)) |", "|---|---|---|---|---|---|---|"]
    for name, curves in sets.items():
        for k, m in enumerate(curves.widths):
            lines.append(f"| {TARGET_LABEL[name]} | {m} | {_fmt(curves.curves[k, 0])} | {PAPER_E0[name][k]} | "
                         f"{_fmt(curves.lambda_min[k])} | {_fmt(curves.max_coefficient[k])} | {_fmt(curves.blow_ups[k])} |")
    lines += ["", "Reading. Polynomial target: the crossing points move left with m, as in the paper (ours are smaller: "
              "our free-rate fits are far more accurate than the paper's, E_m(0) is orders of magnitude lower, and the "
              "slowest fitted rate lambda_min(m) sets where a shift of W destabilises the fit). Exponential target: "
              "every width fits 0.9^t exactly with one active mode, so E_m(0) is at rounding level; "
              f"{_exponential_curves_reading(sets['exp'])} Their 'crossings' are at the first grid point and mean "
              "nothing. A fit with large cancelling coefficients (max abs(c_i) column) is sensitive "
              "to any perturbation of W, which can move its curve up at the smallest beta; that is the ill-conditioning "
              "of the realisation, not an eigenvalue crossing 0. The paper's fits, basis and perturbation draws are not "
              "given (spec 8.1, 8.4), so only the mechanism is reproduced, not the exact curves."]
    return "\n".join(lines) + "\n"


def _exponential_curves_reading(curves: CurveSet) -> str:
    """What the exponential target's curves show, read from them: whether the widths' curves coincide,
    and whether their blow-up points agree.

    Along W + beta I every width has the one mode's error; a random direction of the full W also couples
    that mode to the inactive units (readout 0), whose rates the fit leaves where rounding puts them, so
    the curves agree only where the structured direction gives the sup."""
    spread = float(np.max(np.abs(curves.curves[:, 1:] / curves.curves[-1, 1:] - 1.0)))
    if spread <= COINCIDE_SPREAD:
        shape = f"the curves coincide for beta > 0 (largest relative spread {spread:.1e})."
    else:
        shape = (f"the curves do not coincide for beta > 0 (largest relative spread {spread:.1e}): a random direction "
                 "of the full W couples the one active mode to the inactive units, whose rates the fit leaves where "
                 "rounding puts them (along W + beta I alone every width has the same error).")
    blow_ups = ", ".join(_fmt(b) for b in curves.blow_ups)
    if np.all(curves.blow_ups == curves.blow_ups[0]):
        meeting = (f" The blow-up points ({blow_ups}), the same for every m, stand in for the paper's common meeting "
                   "point (paper: 0.07, near -ln 0.9 = 0.105).")
    else:
        meeting = (f" The blow-up points ({blow_ups}) differ, so no common meeting point is read off them (paper: 0.07, "
                   "near -ln 0.9 = 0.105).")
    return shape + meeting


def render_figure_4(ctx: ReportContext) -> str:
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(ctx.seed + 1)
    sets = {g: perturbation_curves("pol", PAPER_WIDTHS, rng, parameterization=g, **_search(ctx.level))
            for g in ("exp", "softplus")}
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, (g, curves) in zip(axes, sets.items()):
        _plot_curves(ax, curves, f"rho = (1+t)^-1.1, W = diag({'-e^w' if g == 'exp' else '-softplus(w)'})", marks=False)
    path = ctx.save_figure(fig, "figure-4")
    lines = [f"![Figure 4]({path})", "",
             "The same fits, now realised as W = diag(g(w)) with the raw w (and only w) perturbed in a Euclidean ball.", "",
             "| map | ordered by m at every beta <= 1 (ours) | crossings (ours) | largest E_m(1.024) | paper (Fig 4) |",
             "|---|---|---|---|---|"]
    excess = {}
    for g, curves in sets.items():
        steps = np.diff(curves.curves, axis=0)
        violations = int(np.sum(steps > 0))
        excess[g] = float(np.max(np.maximum(steps, 0.0) / curves.curves[:-1])) if violations else 0.0
        verdict = "yes" if violations == 0 else f"no ({violations} of {steps.size} neighbour pairs, by <= {excess[g]:.1%})"
        lines.append(f"| {g} | {verdict} | {', '.join(_fmt(b) for b in curves.crossings)} | "
                     f"{_fmt(curves.curves[:, -1].max())} | ordered up to beta ~ 1 (softplus), further for exp; "
                     "E(beta) continuous |")
    lines += ["", "Reading. Under either stable map no eigenvalue can cross 0, so no curve blows up (largest E_m near "
              "beta = 1 is of order 0.1-1, against 1e40 for the direct parameterization of Figure 1) and E(beta) is "
              "continuous. For beta > 0 the curves of the accurate fits (m >= 6) nearly coincide, since the perturbation "
              "error dominates their tiny E_m(0); where the table reports an order violation it is between such nearly "
              f"equal neighbours (largest relative excess: {max(excess.values()):.1%}), with random search directions."]
    return "\n".join(lines) + "\n"


def render_decay_scatter(ctx: ReportContext) -> str:
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(ctx.seed + 2)
    count = 10 if ctx.level == "full" else 5
    fig, ax = plt.subplots(figsize=(5, 4))
    rows = []
    for name, marker in (("tanh", "o"), ("hardtanh", "s"), ("identity", "^"), ("linear(0.5)", "v"), ("linear(2.0)", "D")):
        data = measure_decay_rates({"activation": name, "m": 5, "ensemble": count, "levels": [0.5, -3.0]}, rng)
        rates = -data["slopes"]
        ax.scatter(np.repeat(data["lambda_min"], rates.shape[1]), rates.ravel(), marker=marker, s=14, label=name)
        predicted = data["slope0"][:, None] * data["lambda_min"][:, None]
        rows.append((name, rates.size, float(np.max(np.abs(rates / predicted - 1.0)))))
    grid = np.linspace(0.0, 1.0, 3)
    for c in (0.5, 1.0, 2.0):
        ax.plot(grid, c * grid, "k:", lw=0.8)
    ax.set_xlabel("lambda_min = -max Re lambda(W)")
    ax.set_ylabel("measured decay rate of M(t)")
    ax.legend(fontsize=7)
    path = ctx.save_figure(fig, "decay-scatter")
    lines = [f"![decay rate against spectral gap]({path})", "",
             "Random W = -Q^T diag(lambda) Q (m = 5, lambda_min in [0.2, 1]), U, b ~ N(0, 1), levels x = 0.5 and -3; "
             "rate = minus the log-slope of M(t) on a tail window (dotted lines: slope 0.5, 1, 2).", "",
             "| activation | points | max relative deviation from c_sigma * lambda_min | prediction |", "|---|---|---|---|"]
    lines += [f"| {n} | {k} | {dev:.1e} | {'lambda_min (K2)' if n in ('tanh', 'hardtanh', 'identity') else 'c_sigma lambda_min (caveat c2)'} |"
              for n, k, dev in rows]
    lines += ["", "Paper: the decay rate is the spectral gap (K2, verified in the spec at -0.303 for lambda_min = 0.3). "
              "The scaled linear activations decay at c_sigma lambda_min, not at the lambda_min of eq 36 (caveat c2)."]
    return "\n".join(lines) + "\n"


def render_lambda_min(ctx: ReportContext) -> str:
    import matplotlib.pyplot as plt

    widths = [1, 2, 4, 6, 8, 14] if ctx.level == "full" else [1, 2, 4, 6, 8]
    rng = np.random.default_rng(ctx.seed + 3)
    fits = {name: fit_exponential_sums(FIT_GRID, target_kernel(name), widths, rng=rng)
            for name in ("pol", "pol15", "repo", "exp")}
    fig, ax = plt.subplots(figsize=(5, 3.8))
    for name, found in fits.items():
        ax.semilogy(widths, [f.active_min_rate() for f in found], marker="o", label=TARGET_LABEL[name])
    ax.semilogy(list(PAPER_LAMBDA_MIN), list(PAPER_LAMBDA_MIN.values()), "k+", ms=9, label="spec P6, (1+t)^-1.1")
    ax.set_xlabel("m")
    ax.set_ylabel("lambda_min(m)")
    ax.legend(fontsize=7)
    path = ctx.save_figure(fig, "lambda-min")
    lines = [f"![lambda_min(m)]({path})", "",
             "| m | " + " | ".join(f"{TARGET_LABEL[n]} (max error)" for n in fits) + " | spec P6 for (1+t)^-1.1 |",
             "|---|" + "---|" * (len(fits) + 1)]
    for k, m in enumerate(widths):
        cells = [f"{_fmt(found[k].active_min_rate())} ({found[k].max_error:.1e})" for found in fits.values()]
        lines.append(f"| {m} | " + " | ".join(cells) + f" | {PAPER_LAMBDA_MIN.get(m, '-')} |")
    lines += ["", "Reading. For polynomial memory the best fits need ever slower modes (lambda_min -> 0), so the stability "
              "radius of the direct parameterization shrinks with m; for 0.9^t the active rate stays -ln 0.9 = 0.1054. "
              "At m = 14 the fit can land in a different local minimum than the spec's (0.0008); a lower max error wins."]
    return "\n".join(lines) + "\n"


def render_counterexamples(ctx: ReportContext) -> str:
    import matplotlib.pyplot as plt

    weights = RNNWeights.single(np.array(WITNESS_W), np.eye(2), np.zeros(2), np.ones(2))
    t = np.linspace(0.0, 100.0, 1001)
    v = heaviside_velocity(weights, TANH, np.array([[2.0, 2.0], [0.5, 0.5]]), t)[0]
    fig, ax = plt.subplots(figsize=(5, 3.4))
    for b, label in enumerate(("u = (2, 2): no decay", "u = (0.5, 0.5): decays")):
        ax.semilogy(t, np.maximum(np.linalg.norm(v[b], axis=-1), 1e-30), label=label)
    ax.set_xlabel("t")
    ax.set_ylabel("|v_t|_2 = |dh/dt|_2")
    ax.legend(fontsize=7)
    path = ctx.save_figure(fig, "counterexample-memory")
    shear = np.array([[[-1.0, 10.0], [0.0, -1.0]]])
    norm_p = float(np.linalg.norm(lyapunov_solution(shear)[0], 2))
    return "\n".join([
        f"![non-decaying memory]({path})", "",
        f"- P13 witness: tanh RNN, W = {WITNESS_W} (eigenvalues -1, -1), U x + b = (2, 2), h_0 = 0: at t = 100, v_t = "
        f"{np.round(v[0, -1], 6).tolist()} (a saturated corner), so the memory does not decay although W is Hurwitz. "
        "Remark 3.3 needs a globally attracting equilibrium; Thm 3.9 needs hypothesis (d) explicitly (caveat c4).",
        f"- P10 witness: W = [[-1, 10], [0, -1]], beta0 = 1: the Lyapunov solution has ||P||_2 = {norm_p:.4g} (spec: "
        "25.75; P_22 = 1/2 + k^2/4), far above Lemma A.8's 1/(2 beta0) = 0.5; the lemma holds for normal W (with equality for symmetric W), and in "
        "general needs the factor kappa(V)^2 (bound lyapunov_norm_general, derived).", ""])


def render_definitions(ctx: ReportContext) -> str:
    import sympy as sp

    lines = ["| definition | statement | source |", "|---|---|---|"]
    escape = lambda text: str(text).replace("|", "\\|")
    lines += [f"| {d.name} | {escape(d.text)} | {d.source} |" for d in DEFINITIONS]
    lines += ["", "| map | g(w) | time | domain | provenance | source |", "|---|---|---|---|---|---|"]
    lines += [f"| {g.name} | ${sp.latex(g.expr)}$ | {g.time} | {g.domain} | {g.provenance.value} | {g.source} |"
              for g in STABLE_MAPS]
    lines += ["", "Continuous maps give the eigenvalue of W = diag(g(w)) (stable iff < 0), discrete maps its modulus "
              "(stable iff < 1). 'inverse' has no formula in the paper (spec 8.6): the repository's unused discrete form "
              "is used and tagged reconstructed. 'best' is from the later StableSSM paper, not this one."]
    return "\n".join(lines) + "\n"


def render_training(ctx: ReportContext) -> str:
    import matplotlib.pyplot as plt

    from rnnbounds.theorems.inverse_approximation.claims_training import (
        P9, P9_REPOSITORY, REPO_BETAS, _measure_p9, _measure_p9_repository,
    )

    runs = [(P9, _measure_p9, "ours (P9)", instance) for instance in P9.instances("full")]
    runs += [(P9_REPOSITORY, _measure_p9_repository, "repository (P9-repository-definitions)", instance)
             for instance in P9_REPOSITORY.instances("full")]
    fig, axes = plt.subplots(1, len(runs), figsize=(4.2 * len(runs), 3.6))
    lines = ["| definitions | parameterization | perturbed | test loss per m | ordered at (of 22 betas) | E_m(0.724) "
             "(largest grid beta <= 1) | prediction held |", "|---|---|---|---|---|---|---|"]
    x = REPO_BETAS.copy()
    x[0] = REPO_BETAS[1] / 2
    for k, (ax, (claim, measure, label, instance)) in enumerate(zip(axes, runs)):
        meas = measure(instance, np.random.default_rng(ctx.seed + 10 + k))
        for m, curve in zip(instance["widths"], np.array(meas.details["curves"])):
            ax.loglog(x, np.minimum(curve, 1e6), marker="o", ms=3, label=f"m = {m}")
        repository = claim is P9_REPOSITORY
        blocks = {"all": "all, P included", "rates": "w only"}[instance["blocks"]] if repository else instance["blocks"]
        name = ("softplusrnn" if instance["phi"] == "softplus" else "rnn (relu)") if repository else \
            ("softplus" if instance["phi"] == "softplus" else "direct (relu)")
        ax.set_title(f"{'repository' if repository else 'ours'}: {name}, moves: {blocks}", fontsize=8)
        ax.set_xlabel("beta (leftmost: 0)")
        ax.set_ylabel(f"test {'time-weighted ' if repository else ''}MSE E_m(beta)")
        ax.legend(fontsize=7)
        lines.append(f"| {label} | {name} | {blocks} | {', '.join(f'{v:.1e}' for v in meas.details['test_loss'])} | "
                     f"{int(np.sum(meas.details['ordered']))} | {', '.join(_fmt(v) for v in meas.details['E_at_1'])} | "
                     f"{'yes' if claim.judge(instance, meas) else 'no'} |")
    path = ctx.save_figure(fig, "training")
    lines += ["", f"![trained residual RNNs]({path})", "",
              "Residual hardtanh RNNs (m = 4, 8, 16) trained on (1+0.1t)^-1.1 data, N = 256, T = 40, 600 Adam steps per "
              "width (warm-started from the narrower network), by two sets of definitions (seeds differ from the claims', "
              "so the figures may differ slightly). Ours (P9): diagonal RNNs, plain MSE, 10 fresh random per-tensor l_inf "
              "draws at each beta. The repository's (spec 6.3-6.5): h <- h + sigma(z - P^T diag(phi(w)) P h) with P "
              "orthogonal at start and trained, time-weighted MSE (weights ((i+1)/(T+1))^2 rescaled to sum to T, acting "
              "squared) for training and test, 0.01 relu(1 - margin) in training, and 10 repeats whose directions g_r "
              "(every tensor, P included) are fixed and scaled by beta; both take the running max over betas.",
              "", "Reading. The paper (Figs 4, 8) and the repository's PNGs show softplus curves ordered up to beta = 1. "
              "Neither set of definitions reproduces that in this shrunk set-up: with every tensor moved the error at "
              "beta >~ 0.01 is dominated by the encoder/readout (and P) perturbation, the softplus curves merge, and "
              "E_m(1) does not fall with m; softplus stays one to two orders of magnitude below the direct model at "
              "beta = 1. When w alone moves softplus stays bounded (E_m(1) of order 1 or below) by either definitions, "
              "but by the repository's the order by m is lost from beta ~ 0.03. Under the repository's definitions "
              "the direct rnn is not even ordered at beta = 0. Both are reported as failed predictions (findings), not "
              "tuned away: the repository's full-size training (128000 samples, T = 100, m up to 64) was not reproduced."]
    return "\n".join(lines) + "\n"


REPRODUCTIONS = (
    Reproduction("definitions", "Definitions and stable reparameterizations", render_definitions),
    Reproduction("figure-1", "Figure 1: E_m(beta) of linear RNNs on exponential and polynomial memory", render_figure_1),
    Reproduction("figure-4", "Figure 4: polynomial memory under the exp and softplus reparameterizations", render_figure_4),
    Reproduction("decay-scatter", "P3: memory decay rate against the spectral gap", render_decay_scatter),
    Reproduction("lambda-min", "P6: smallest fitted decay rate lambda_min(m)", render_lambda_min),
    Reproduction("counterexamples", "Counterexamples found (P10, P13)", render_counterexamples),
    Reproduction("training", "P9: trained residual RNNs on polynomial memory, direct vs softplus", render_training,
                 slow=True),
)
