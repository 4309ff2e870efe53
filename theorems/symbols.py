"""Shared sympy symbols, declared once with their assumptions and their domain.

A symbol's *kind* fixes both its sympy assumptions (so ``limit``, ``solve`` and ``simplify``
behave) and the values ``Bound.evaluate`` accepts:

    size         positive integer            (n, m, T, d, L, N)
    positive     real > 0                    (alpha, a, beta, ...)
    probability  real in (0, 1)              (eps, delta)
    nonnegative  real >= 0
    real         any real

Theorems declare their own symbols with :func:`declare`; the same name always means the same
Symbol across theorems, and a conflicting re-declaration raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy as sp

Kind = Literal["size", "positive", "probability", "nonnegative", "real"]

_ASSUMPTIONS: dict[str, dict[str, bool]] = {
    "size": {"positive": True, "integer": True},
    "positive": {"positive": True},
    "probability": {"positive": True},
    "nonnegative": {"nonnegative": True},
    "real": {"real": True},
}


@dataclass(frozen=True)
class SymbolInfo:
    """What a declared symbol means: its sympy Symbol, kind, LaTeX and a description."""

    symbol: sp.Symbol
    kind: Kind
    latex: str
    description: str


_TABLE: dict[str, SymbolInfo] = {}


def declare(name: str, kind: Kind, *, latex: str | None = None, description: str = "") -> sp.Symbol:
    """Declare (or fetch) the shared symbol ``name`` of the given kind and return it."""
    if kind not in _ASSUMPTIONS:
        raise ValueError(f"unknown symbol kind {kind!r}; choose one of {sorted(_ASSUMPTIONS)}")
    known = _TABLE.get(name)
    if known is not None:
        if known.kind != kind:
            raise ValueError(f"symbol {name!r} is already declared as {known.kind!r}, not {kind!r}")
        return known.symbol
    symbol = sp.Symbol(name, **_ASSUMPTIONS[kind])
    _TABLE[name] = SymbolInfo(symbol, kind, latex or sp.latex(symbol), description)
    return symbol


def info(name: str) -> SymbolInfo:
    """The declaration of ``name``; a KeyError names the declared symbols."""
    try:
        return _TABLE[name]
    except KeyError:
        raise KeyError(f"no symbol {name!r} is declared; known: {', '.join(sorted(_TABLE))}") from None


def declared() -> dict[str, SymbolInfo]:
    """A copy of the table of every declared symbol."""
    return dict(_TABLE)


def get(name: str) -> sp.Symbol:
    """The declared sympy Symbol called ``name``."""
    return info(name).symbol


n = declare("n", "size", description="number of training samples")
m = declare("m", "size", description="width (number of hidden units)")
T = declare("T", "size", description="sequence length")
d = declare("d", "size", description="input dimension")
L = declare("L", "size", description="sequence length in the NTK papers")
N = declare("N", "size", description="number of relevant input positions")
t = declare("t", "size", description="time index")
eps = declare("eps", "probability", latex=r"\varepsilon", description="target accuracy")
delta = declare("delta", "probability", latex=r"\delta", description="failure probability")
alpha = declare("alpha", "positive", latex=r"\alpha", description="recurrent gain or smoothness order")
a = declare("a", "positive", description="memory ratio, e.g. L_sigma * alpha")
beta = declare("beta", "positive", latex=r"\beta", description="decay rate or perturbation size")
beta0 = declare("beta0", "positive", latex=r"\beta_0", description="stability radius")
rho = declare("rho", "positive", latex=r"\rho", description="projection radius")
gamma = declare("gamma", "positive", latex=r"\gamma", description="regularity constant")
R = declare("R", "positive", description="norm radius")
