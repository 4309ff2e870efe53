"""The Figure 1 / Figure 4 experiment: E_m(beta) of linear RNNs fitted to a linear target.

By default (fit = free-rate) each width m gets the best m-term exponential fit of rho on t = 1..100
(free rates, variable projection), realised as a linear RNN W = -diag(lambda), U = 1, readout c;
figure1_curves follows the paper's protocol instead (trained models, 10 random draws per beta,
the full beta grid). Then E_m(beta) is
searched over a ball of radius beta. The paper does not say which parameters it perturbed or in
which norm (spec section 8, points 1 and 4); these are named options:

    blocks:  "recurrent" (W only, the default: the mechanism of the theorem) or "all" (W, U, c);
    ball:    "spectral" (the paper's |theta|_2) or "linf" (the repository's per-tensor ball);
    error:   "sup" (max_t |rho - rho_hat|, the default) or "l1" (the operator norm).

Under a reparameterization g the raw diagonal w (g(w) = -lambda) is perturbed instead of W.

Two more open choices (spec 8.1, 8.6) are options too:

    fit:          "free-rate" (the best m-term fit, variable projection; the default of
                  perturbation_curves), "fixed-basis" (rates fixed on the geometric grid
                  0.01 .. 1, only c fitted by least squares: regression of rho(-ln s) on the
                  powers s^lambda_i of s = e^{-t}), or "trained" (Adam on the least-squares loss
                  from a seeded random start, W = -diag(lambda) diagonal, U and c trained too;
                  the default of the paper-protocol experiment figure1_curves);
    inverse-map:  what parameterization="inverse" means: "repo-discrete" (eigenvalue modulus
                  1 - 1/w, w >= 0.5, the repository's unused branch), "continuous" (eigenvalue
                  -1/w, derived: its Euler step with dt = 1 is 1 - 1/w), or "stablessm-best"
                  (-1/(w^2 + 0.1), from the later StableSSM paper, arXiv 2311.14495).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnbounds.numerics import kernels
from rnnbounds.numerics.exponential_fit import fit_exponential_sums
from rnnbounds.numerics.fitted_linear_rnn import direct_error_function, kernel_error, reparameterized_error_function
from rnnbounds.numerics.linear_rnn_fitting import (
    discrete_diagonal_kernel, eigen_matrix_kernel, fixed_basis_fit, geometric_rate_grid, train_linear_rnn,
)
from rnnbounds.numerics.perturbation import blow_up_points, crossing_points, perturbation_curve
from rnnbounds.numerics.reparameterization import reparameterization

FIT_GRID = np.arange(1.0, 101.0)
PAPER_WIDTHS = (2, 4, 6, 8, 14)
PAPER_BETAS = np.concatenate([[0.0], 5e-4 * 2.0 ** np.arange(12)])  # the paper's grid, cut at ~1 (k <= 11)
PAPER_CROSSINGS = {"exp": (0.07, 0.07, 0.07, 0.07), "pol": (0.11, 0.055, 0.035, 0.016)}
#: the paper's full Fig 1 grid, {0} U {5e-4 2^k : k = 0..20} (spec 5.1)
FIGURE1_BETAS = np.concatenate([[0.0], 5e-4 * 2.0 ** np.arange(21)])
#: beta grids for the grid variation: the paper's, one with half steps (factor sqrt 2), the cut one of P7
BETA_GRIDS = {"paper": FIGURE1_BETAS, "half-step": np.concatenate([[0.0], 5e-4 * 2.0 ** (np.arange(41) / 2)]),
              "cut-k<=11": PAPER_BETAS}
#: the fixed-basis fit's rates: geometric between 1 / t_max and 1 / t_min of the fitting grid
FIXED_RATE_RANGE = (0.01, 1.0)
#: the trained fit: full-batch Adam steps and learning rate (the paper gives no procedure, spec 8.1)
TRAIN_STEPS, TRAIN_LEARNING_RATE = 4000, 1e-2
FITS = ("free-rate", "fixed-basis", "trained")
INVERSE_MAPS = {"repo-discrete": "inverse", "continuous": "inverse-continuous", "stablessm-best": "best"}


def target_kernel(name: str, t: np.ndarray = FIT_GRID, damping: float = 0.0) -> np.ndarray:
    """exp: 0.9^t; pol: (1+t)^-1.1 (Fig 1); pol15: (1+t)^-1.5 (Fig 2); repo: (1+0.1t)^-1.1.

    ``damping`` > 0 multiplies the kernel by e^{-damping t}: memory that decays exponentially at
    rate ``damping`` (a target just on the exponential side of the theorem's boundary).
    """
    if not np.isfinite(damping) or damping < 0:
        raise ValueError(f"damping must be a finite number >= 0, got {damping!r}")
    if name == "exp":
        return kernels.exponential(t, -np.log(0.9)) * np.exp(-damping * t)
    table = {"pol": (1.1, 1.0), "pol15": (1.5, 1.0), "repo": (1.1, 0.1)}
    if name not in table:
        raise ValueError(f"unknown target {name!r}; choose exp, pol, pol15 or repo")
    power, scale = table[name]
    return kernels.polynomial(t, power, scale) * np.exp(-damping * t)


@dataclass(frozen=True)
class FittedModel:
    """A diagonal linear RNN W = -diag(rates), U = inputs, readout c, and its sup error on the grid."""

    rates: np.ndarray
    inputs: np.ndarray
    readout: np.ndarray
    max_error: float

    def active_min_rate(self, tol: float = 1e-8) -> float:
        """min lambda_i over the modes with |c_i U_i| > tol max_j |c_j U_j|."""
        weight = np.abs(self.readout * self.inputs)
        return float(np.min(self.rates[weight > tol * np.max(weight)])) if np.max(weight) > 0 else float("inf")


def fitted_models(rho: np.ndarray, widths: tuple[int, ...], fit: str, rng: np.random.Generator,
                  train_steps: int = TRAIN_STEPS, stop_errors: tuple[float, ...] | None = None) -> list[FittedModel]:
    """One model per width by the named fit (option ``fit``), on t = 1..100; each trained width has its own start.

    stop_errors (trained only): per width, stop training once the sup error on the grid is at most this.
    """
    if stop_errors is not None and len(stop_errors) != len(widths):
        raise ValueError(f"stop_errors must give one error per width ({len(widths)}), got {len(stop_errors)}")
    if fit == "free-rate":
        return [FittedModel(f.rates, np.ones(f.rates.size), f.coefficients, f.max_error)
                for f in fit_exponential_sums(FIT_GRID, rho, list(widths), rng=rng)]
    if fit == "fixed-basis":
        models = []
        for m in widths:
            rates = geometric_rate_grid(m, *FIXED_RATE_RANGE)
            coefficients, error = fixed_basis_fit(FIT_GRID, rho, rates)
            models.append(FittedModel(rates, np.ones(m), coefficients, error))
        return models
    if fit == "trained":
        models = []
        for k, m in enumerate(widths):
            net = train_linear_rnn(FIT_GRID, rho, m, rng, steps=train_steps, learning_rate=TRAIN_LEARNING_RATE,
                                   stop_error=None if stop_errors is None else stop_errors[k])
            models.append(FittedModel(net.rates[0], net.inputs[0], net.readout[0], float(net.max_error[0])))
        return models
    raise ValueError(f"fit must be one of {', '.join(FITS)}, got {fit!r}")


def resolve_parameterization(parameterization: str, inverse_map: str) -> str:
    """The numerics map a parameterization name stands for ('inverse' is read through ``inverse_map``)."""
    if inverse_map not in INVERSE_MAPS:
        raise ValueError(f"inverse_map must be one of {', '.join(INVERSE_MAPS)}, got {inverse_map!r}")
    return INVERSE_MAPS[inverse_map] if parameterization == "inverse" else parameterization


@dataclass(frozen=True)
class CurveSet:
    """E_m(beta) for several widths, with the estimators applied."""

    widths: tuple[int, ...]
    betas: np.ndarray
    curves: np.ndarray           # (K, nb)
    lambda_min: np.ndarray       # (K,) active min rate of each fit
    max_coefficient: np.ndarray  # (K,) max_i |c_i| of each fit (large = ill-conditioned realisation)
    crossings: np.ndarray        # (K-1,) crossing points, NaN where none
    blow_ups: np.ndarray         # (K,) smallest beta with E > 10 max(E(0), floor)

    def to_json(self) -> dict[str, Any]:
        clean = lambda a: [None if not np.isfinite(x) else float(x) for x in np.asarray(a, dtype=float)]
        return {"widths": list(self.widths), "betas": clean(self.betas), "E0": clean(self.curves[:, 0]),
                "lambda_min": clean(self.lambda_min), "max_coefficient": clean(self.max_coefficient), "crossings": clean(self.crossings),
                "blow_ups": clean(self.blow_ups)}


def _realisation(model: FittedModel, rho: np.ndarray, parameterization: str, error: str, fast_kernel: bool = False):
    """(theta, error function, the block that carries W) for one fitted model."""
    blocks = {"U": model.inputs.copy(), "c": model.readout.copy()}
    if parameterization == "direct":
        error_fn = ((lambda p: kernel_error(rho, eigen_matrix_kernel(p["W"], p["U"], p["c"], rho.size), error))
                    if fast_kernel else direct_error_function(rho, error))
        return {"W": -np.diag(model.rates), **blocks}, error_fn, "W"
    g = reparameterization(parameterization)
    if g.time == "continuous":
        return {"w": g.inverse(-model.rates), **blocks}, reparameterized_error_function(rho, g, error), "w"
    error_fn = lambda p: kernel_error(rho, discrete_diagonal_kernel(g(p["w"]), p["U"], p["c"], rho.size), error)
    return {"w": g.inverse(np.exp(-model.rates)), **blocks}, error_fn, "w"


def _problem(model: FittedModel, rho: np.ndarray, parameterization: str, blocks: str, error: str,
             fast_kernel: bool = False):
    """(error function, theta, structured directions) for one fitted width."""
    theta, error_fn, moving = _realisation(model, rho, parameterization, error, fast_kernel)
    m = model.rates.size
    structured = {"W": np.eye(m)[None]} if moving == "W" else {"w": np.ones((1, m))}
    if blocks == "all":
        return error_fn, theta, structured
    fixed = {k: v for k, v in theta.items() if k != moving}

    def partial(params: dict[str, np.ndarray]) -> np.ndarray:
        count = params[moving].shape[0]
        return error_fn({**params, **{k: np.broadcast_to(v, (count,) + v.shape) for k, v in fixed.items()}})

    return partial, {moving: theta[moving]}, structured


def perturbation_curves(
    target: str, widths: tuple[int, ...], rng: np.random.Generator, *, betas: np.ndarray = PAPER_BETAS,
    parameterization: str = "direct", blocks: str = "recurrent", ball: str = "spectral", error: str = "sup",
    samples: int = 10, ascent_steps: int = 2, blow_up_floor: float = 1e-2, damping: float = 0.0,
    fit: str = "free-rate", inverse_map: str = "repo-discrete", structured_directions: bool = True,
    fast_kernel: bool = False, train_steps: int = TRAIN_STEPS, stop_errors: tuple[float, ...] | None = None,
) -> CurveSet:
    """E_m(beta) for each width (fits from one continuation run), crossing and blow-up points.

    structured_directions=False leaves out the direction W + beta I (or w + beta 1): the sup is then
    the max over ``samples`` random draws (plus ``ascent_steps`` of gradient ascent). fast_kernel=True
    computes perturbed kernels by eigendecomposition (linear_rnn_fitting.eigen_matrix_kernel) instead
    of expm powers: the same numbers to ~1e-12 relative, several times faster.
    """
    if blocks not in ("recurrent", "all"):
        raise ValueError(f"blocks must be 'recurrent' or 'all', got {blocks!r}")
    parameterization = resolve_parameterization(parameterization, inverse_map)
    rho = target_kernel(target, damping=damping)
    models = fitted_models(rho, tuple(widths), fit, rng, train_steps, stop_errors)
    curves = []
    for model in models:
        error_fn, theta, structured = _problem(model, rho, parameterization, blocks, error, fast_kernel)
        curves.append(perturbation_curve(error_fn, theta, betas, ball, rng, samples=samples, ascent_steps=ascent_steps,
                                         structured=structured if structured_directions else None))
    curves = np.array(curves)
    return CurveSet(tuple(widths), np.asarray(betas), curves, np.array([f.active_min_rate() for f in models]),
                    np.array([np.max(np.abs(f.readout * f.inputs)) for f in models]),
                    crossing_points(betas, curves), blow_up_points(betas, curves, factor=10.0, floor=blow_up_floor))


def figure1_curves(
    target: str, rng: np.random.Generator, *, widths: tuple[int, ...] = PAPER_WIDTHS, fit: str = "trained",
    betas: np.ndarray = FIGURE1_BETAS, ball: str = "spectral", blocks: str = "recurrent", draws: int = 10,
    parameterization: str = "direct", inverse_map: str = "repo-discrete", train_steps: int = TRAIN_STEPS,
    stop_errors: tuple[float, ...] | None = None,
) -> CurveSet:
    """Fig 1 by the paper's protocol (spec 5.1): one model per width, E_m(beta) = max over ``draws`` random
    perturbations per beta (no structured direction, no ascent), running max over beta."""
    return perturbation_curves(target, widths, rng, betas=betas, parameterization=parameterization, blocks=blocks,
                               ball=ball, samples=draws, ascent_steps=0, fit=fit, inverse_map=inverse_map,
                               structured_directions=False, fast_kernel=True, train_steps=train_steps,
                               stop_errors=stop_errors)
