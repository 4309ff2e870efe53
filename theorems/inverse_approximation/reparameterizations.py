"""Stable reparameterizations W = g(w) as symbolic objects, each with its provenance, tied to the
numerics map of the same name (rnnbounds.numerics.reparameterization); and the activation
classes A0, A1 of Def 3.8 as a numerical membership test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from rnnbounds.numerics.activations import Activation
from rnnbounds.theorems import symbols as S
from rnnbounds.theorems.core import Provenance, Source
from rnnbounds.theorems.inverse_approximation.statement import PAPER, SPEC, STABLESSM

w_raw = S.declare("w_raw", "real", latex="w", description="raw (pre-reparameterization) recurrent weight")


@dataclass(frozen=True)
class StableMap:
    """g(w) in closed form: the eigenvalue (continuous time) or eigenvalue modulus (discrete time)."""

    name: str
    expr: sp.Expr
    time: str
    domain: str
    provenance: Provenance
    source: Source

    def function(self):
        return sp.lambdify(w_raw, self.expr, "numpy")


def _src(locator: str, section: str, paper: str = PAPER) -> Source:
    return Source(paper, locator, f"{SPEC} {section}")


STABLE_MAPS = (
    StableMap("direct", w_raw, "continuous", "all w (unstable once w >= 0)", Provenance.STATED,
              _src("Sec 3.4 (the unstable default)", "§4")),
    StableMap("exp", -sp.exp(w_raw), "continuous", "all w", Provenance.STATED, _src("eq 16, Sec 3.4", "§4")),
    StableMap("softplus", -sp.log(1 + sp.exp(w_raw)), "continuous", "all w", Provenance.STATED,
              _src("eq 16, Sec 3.4", "§4")),
    StableMap("lru", sp.exp(-sp.exp(w_raw)), "discrete", "all w", Provenance.STATED,
              _src("Sec 3.4 (LRU, Orvieto et al. 2023)", "§4")),
    StableMap("inverse", 1 - 1 / w_raw, "discrete", "w >= 0.5 (clamped in the repository)", Provenance.RECONSTRUCTED,
              _src("Table 1 names it; formula from the repository branch fa3dc17", "§4, §8.6")),
    StableMap("inverse-continuous", -1 / w_raw, "continuous", "w > 0 (clamped to >= 0.01 in the numerics)",
              Provenance.DERIVED, _src("no formula in the paper; -1/w is the map whose Euler step (dt = 1) is the "
                                       "repository's 1 - 1/w", "§4, §8.6")),
    StableMap("best", -1 / (w_raw**2 + sp.Rational(1, 10)), "continuous", "all w", Provenance.STATED,
              Source(STABLESSM, "src/models/recurrent/stablessm.py ('best')", f"{SPEC} §4")),
)


def stable_map(name: str) -> StableMap:
    for g in STABLE_MAPS:
        if g.name == name:
            return g
    raise ValueError(f"unknown map {name!r}; known: {', '.join(g.name for g in STABLE_MAPS)}")


def activation_class(sigma: Activation, zone: float = 0.5, points: int = 201, tol: float = 1e-9) -> set[str]:
    """Which of A0 (sigma = c z, c > 0, on |z| < zone) and A1 (sigma(0) = 0, sigma' = a - b sigma^2 with
    a, b >= 0, on |z| < zone) sigma belongs to, tested by least squares on a grid of the zone."""
    z = np.linspace(-zone, zone, points)
    value, slope = sigma.value(z), sigma.derivative(z)
    found = set()
    c = float(value @ z / (z @ z))
    if c > 0 and np.max(np.abs(value - c * z)) <= tol:
        found.add("A0")
    design = np.stack([np.ones_like(z), -value**2], axis=1)
    (a, b), *_ = np.linalg.lstsq(design, slope, rcond=None)
    if abs(sigma.value(np.zeros(1))[0]) <= tol and a >= -tol and b >= -tol and np.max(np.abs(design @ [a, b] - slope)) <= tol:
        found.add("A1")
    return found
