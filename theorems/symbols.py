"""Sympy symbols, declared once with their assumptions and their domain, shared or per theorem.

A symbol's *kind* fixes both its sympy assumptions (so ``limit``, ``solve`` and ``simplify``
behave) and the values ``Bound.evaluate`` accepts:

    size         positive integer            (n, m, T, d, L, N)
    positive     real > 0                    (alpha, a, beta, ...)
    probability  real in (0, 1)              (eps, delta)
    nonnegative  real >= 0
    real         any real

The *shared* table holds the symbols that theorems mean to share (``n``, ``m``, ``eps``, ...,
declared below): ``declare(name, kind)`` returns the same Symbol to every theorem, a second
declaration with another kind raises, and one with other LaTeX or another description is ignored
with a :class:`SymbolWarning`. A theorem that wants its own meaning of a name declares it in its
own namespace, named after the theorem id:

    PMB = symbols.namespace("pascanu-gradients")
    gamma = PMB.declare("gamma", "real", latex=r"\\gamma_\\sigma")   # its own gamma
    n = symbols.n                                                  # shared on purpose

A namespace's declarations never clash with the shared table or with other namespaces. Lookups
(:func:`info`, :func:`get`, :func:`declared`) take a name or a Symbol and an optional namespace:
the namespace's own declaration first, then the shared one, then the only namespace declaring
it. A Symbol (which carries its assumptions) finds the declaration of exactly its kind.
"""

from __future__ import annotations

import warnings
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


class SymbolWarning(UserWarning):
    """A declaration that is ignored (the name is already declared with other LaTeX or text)."""


@dataclass(frozen=True)
class SymbolInfo:
    """What a declared symbol means: its sympy Symbol, kind, LaTeX, description and namespace
    (None for a shared symbol)."""

    symbol: sp.Symbol
    kind: Kind
    latex: str
    description: str
    namespace: str | None = None


_TABLE: dict[str, SymbolInfo] = {}                      # the shared symbols
_NAMESPACES: dict[str, dict[str, SymbolInfo]] = {}      # theorem id -> its own symbols


def _check_kind(kind: str) -> None:
    if kind not in _ASSUMPTIONS:
        raise ValueError(f"unknown symbol kind {kind!r}; choose one of {sorted(_ASSUMPTIONS)}")


def _where(namespace: str | None) -> str:
    return "the shared table" if namespace is None else f"namespace {namespace!r}"


def declare(name: str, kind: Kind, *, latex: str | None = None, description: str = "",
            namespace: str | None = None) -> sp.Symbol:
    """Declare (or fetch) the symbol ``name`` of the given kind, shared or in ``namespace``."""
    _check_kind(kind)
    if not name or not name.isidentifier():
        raise ValueError(f"symbol name {name!r} must be a Python identifier")
    table = _TABLE if namespace is None else _NAMESPACES.setdefault(namespace, {})
    known = table.get(name)
    if known is not None:
        if known.kind != kind:
            hint = " (declare it in the theorem's own namespace: symbols.namespace(THEOREM_ID))" if namespace is None else ""
            raise ValueError(f"symbol {name!r} is already declared in {_where(namespace)} as {known.kind!r}, "
                             f"not {kind!r}{hint}")
        _warn_if_ignored(known, latex, description)
        return known.symbol
    symbol = sp.Symbol(name, **_ASSUMPTIONS[kind])
    table[name] = SymbolInfo(symbol, kind, latex or sp.latex(symbol), description, namespace)
    return symbol


def _warn_if_ignored(known: SymbolInfo, latex: str | None, description: str) -> None:
    ignored = [f"LaTeX {latex!r}" for _ in [0] if latex is not None and latex != known.latex]
    ignored += [f"description {description!r}" for _ in [0] if description and description != known.description]
    if ignored:
        keep = f"keeps LaTeX {known.latex!r}" + (f" and description {known.description!r}" if known.description else "")
        own = " to give it your own, declare it in your theorem's namespace" if known.namespace is None else ""
        warnings.warn(f"symbol {known.symbol.name!r} is already declared in {_where(known.namespace)}: this "
                      f"re-declaration's {' and '.join(ignored)} is ignored (it {keep});{own}", SymbolWarning, stacklevel=3)


@dataclass(frozen=True)
class Namespace:
    """The symbols of one theorem (named by its id): ``declare`` here never clashes elsewhere."""

    name: str

    def declare(self, name: str, kind: Kind, *, latex: str | None = None, description: str = "") -> sp.Symbol:
        return declare(name, kind, latex=latex, description=description, namespace=self.name)

    def declared(self) -> dict[str, SymbolInfo]:
        """This namespace's own declarations."""
        return dict(_NAMESPACES.get(self.name, {}))


def namespace(name: str) -> Namespace:
    """The symbol namespace of theorem ``name`` (created on first use)."""
    if not name or not name.strip():
        raise ValueError("namespace: give a theorem id")
    _NAMESPACES.setdefault(name, {})
    return Namespace(name)


def namespaces() -> list[str]:
    """Every namespace that has been created, sorted."""
    return sorted(_NAMESPACES)


def _candidates(name: str, namespace: str | None) -> list[SymbolInfo]:
    """Declarations of ``name`` in lookup order: ``namespace``, shared, then the other namespaces."""
    found = [_NAMESPACES[namespace][name]] if namespace in _NAMESPACES and name in _NAMESPACES[namespace] else []
    found += [_TABLE[name]] if name in _TABLE else []
    found += [table[name] for space, table in sorted(_NAMESPACES.items()) if space != namespace and name in table]
    return found


def info(key: str | sp.Symbol, namespace: str | None = None) -> SymbolInfo:
    """The declaration of ``key`` (a name, or a Symbol: then one of exactly its kind); a KeyError
    names the declared symbols."""
    name = key.name if isinstance(key, sp.Symbol) else key
    found = _candidates(name, namespace)
    if isinstance(key, sp.Symbol):
        found = [entry for entry in found if entry.symbol == key]
    if not found:
        raise KeyError(f"no symbol {key!r} is declared; known: {', '.join(sorted(declared()))}") from None
    return found[0]


def declared(namespace: str | None = None) -> dict[str, SymbolInfo]:
    """Name -> declaration of every symbol ``namespace`` sees (every declared name when None)."""
    names = set(_TABLE) | {name for table in _NAMESPACES.values() for name in table}
    if namespace is not None:
        names = set(_TABLE) | set(_NAMESPACES.get(namespace, {}))
    return {name: info(name, namespace) for name in sorted(names)}


def declarations() -> list[SymbolInfo]:
    """Every declaration: the shared table, then each namespace's own."""
    return list(_TABLE.values()) + [entry for space in sorted(_NAMESPACES) for entry in _NAMESPACES[space].values()]


def get(name: str, namespace: str | None = None) -> sp.Symbol:
    """The declared sympy Symbol called ``name``."""
    return info(name, namespace).symbol


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
