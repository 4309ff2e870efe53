"""A bound: a sympy expression for a quantity, its direction, provenance and source.

``Bound.evaluate`` validates every value against the symbol's domain (positive integer sizes,
probabilities in (0, 1), ...) and evaluates a lambdified expression that broadcasts over arrays.
The symbolic analyses (growth order, monotonicity, solving for a variable, regime split at a
cutoff) take the bound's reference point for every symbol not named.

A hypothesis relation may name a symbol that the expression does not (``beta < beta0`` for a bound
in ``beta``); the reference then gives that symbol too, ``evaluate`` and ``at_reference`` accept it,
and it serves only to decide the hypotheses.  ``evaluate`` warns (``HypothesisWarning``), raises
(``HypothesisViolation``) or stays silent at a point where a hypothesis relation is false, as
``check_hypotheses`` says; ``violated_hypotheses`` lists those relations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any, Callable, Literal, Mapping
import warnings

import numpy as np
import sympy as sp

from rnnbounds.theorems import symbols
from rnnbounds.theorems.core.domain import validate_scalar, validate_value
from rnnbounds.theorems.core.growth import GrowthOrder, growth_order
from rnnbounds.theorems.core.hypothesis import Hypothesis, HypothesisViolation, HypothesisWarning
from rnnbounds.theorems.core.provenance import Provenance, Source
from rnnbounds.theorems.core.sampling import domain_grid


def latex_expression(expr: sp.Expr) -> str:
    """LaTeX of ``expr`` with each declared symbol written as its declared LaTeX (K, \\kappa(V), ...)."""
    names = {}
    for s in expr.free_symbols:
        try:
            names[s] = symbols.info(s).latex  # by the Symbol: a namespaced symbol of another kind is its own
        except KeyError:
            continue
    return sp.latex(expr, symbol_names=names)


HypothesisCheck = bool | Literal["warn", "raise"]
"""How ``Bound.evaluate`` treats a false hypothesis: True / "warn" warn, "raise" raises, False skips."""


def _check_mode(check_hypotheses: Any) -> str:
    """``check_hypotheses`` as "warn", "raise" or "skip" (ValueError for anything else)."""
    if check_hypotheses is True or check_hypotheses == "warn":
        return "warn"
    if check_hypotheses is False:
        return "skip"
    if check_hypotheses == "raise":
        return "raise"
    raise ValueError(f"check_hypotheses must be True, False, 'warn' or 'raise'; got {check_hypotheses!r}")


class Direction(str, Enum):
    """UPPER: quantity <= expr.  LOWER: quantity >= expr."""

    UPPER = "upper"
    LOWER = "lower"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Bound:
    """quantity <= expr (UPPER) or quantity >= expr (LOWER), with where the formula comes from."""

    name: str
    quantity: str
    expr: sp.Expr
    direction: Direction
    provenance: Provenance
    source: Source
    reference: Mapping[str, float]
    hypotheses: tuple[Hypothesis, ...] = ()
    scan: str | None = None
    description: str = ""
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        missing = sorted(self.symbol_names - set(self.reference))
        if missing:
            raise ValueError(f"bound {self.name!r}: reference lacks a value for {', '.join(missing)}")
        stray = sorted(set(self.reference) - self.symbol_names - self.hypothesis_symbol_names)
        if stray:
            raise ValueError(f"bound {self.name!r}: reference gives {', '.join(stray)}, which neither the "
                             "expression nor a hypothesis relation names")
        for name in self.symbol_names | (self.hypothesis_symbol_names & set(self.reference)):
            self.symbol_info(name)  # every free symbol must be a declared one
        if self.scan is not None and self.scan not in self.symbol_names:
            raise ValueError(f"bound {self.name!r}: scan variable {self.scan!r} is not a free symbol")

    @cached_property
    def free_symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(sorted(self.expr.free_symbols, key=lambda s: s.name))

    @cached_property
    def _symbols_by_name(self) -> dict[str, sp.Symbol]:
        """Name -> the Symbol this bound uses: the expression's, then the hypothesis relations' own."""
        found = {s.name: s for h in self.hypotheses if h.relation is not None for s in h.relation.free_symbols}
        return {**found, **{s.name: s for s in self.expr.free_symbols}}

    def symbol_info(self, name: str) -> "symbols.SymbolInfo":
        """The declaration of ``name`` as this bound uses it, found by its Symbol (which carries its
        kind), so a theorem's namespaced symbol is never read as the shared one of the same name."""
        own = self._symbols_by_name.get(name)
        return symbols.info(own if own is not None else name)

    def _validated(self, name: str, value: Any) -> np.ndarray:
        return validate_value(name, value, self.symbol_info(name).kind)

    def _validated_scalar(self, name: str, value: Any) -> float:
        return validate_scalar(name, value, self.symbol_info(name).kind)

    @property
    def symbol_names(self) -> set[str]:
        return {s.name for s in self.expr.free_symbols}

    @property
    def hypothesis_symbol_names(self) -> set[str]:
        """Symbols that only the hypothesis relations name (decided when the reference gives them)."""
        names = set().union(*(h.symbol_names for h in self.hypotheses)) if self.hypotheses else set()
        return names - self.symbol_names

    @property
    def accepted_names(self) -> set[str]:
        """Names ``evaluate`` and ``at_reference`` take: the expression's symbols and the reference's others."""
        return self.symbol_names | (self.hypothesis_symbol_names & set(self.reference))

    @property
    def scan_variable(self) -> str | None:
        """The variable the report scans: ``scan``, else the first size symbol, else any symbol."""
        if self.scan is not None:
            return self.scan
        names = sorted(self.symbol_names)
        sizes = [n for n in names if self.symbol_info(n).kind == "size"]
        return (sizes or names or [None])[0]

    @cached_property
    def _function(self) -> Callable[..., Any]:
        return sp.lambdify(self.free_symbols, self.expr, modules=["numpy", "scipy"])

    def latex(self) -> str:
        """``quantity <= expr`` or ``>=`` in LaTeX."""
        relation = r"\le" if self.direction is Direction.UPPER else r"\ge"
        name = self.name.replace("_", r"\_")
        return rf"\mathrm{{{name}}} {relation} {latex_expression(self.expr)}"

    def _unknown(self, names: set[str]) -> None:
        unknown = sorted(names - self.accepted_names)
        if unknown:
            raise ValueError(f"bound {self.name!r} has no symbol {', '.join(unknown)}; "
                             f"it takes {', '.join(sorted(self.accepted_names)) or 'nothing'}")

    def violated_hypotheses(self, values: Mapping[str, Any]) -> tuple[Hypothesis, ...]:
        """The hypotheses whose sympy relation is false at ``values`` (the other symbols at the
        reference); arrays broadcast, and a relation counts as violated if it fails at any point.
        Text-only hypotheses, and relations on a symbol with no value, are never listed."""
        self._unknown(set(values))
        point = {**self.reference,
                 **{name: self._validated(name, value) for name, value in values.items()}}
        return tuple(h for h in self.hypotheses if h.holds_everywhere(point) is False)

    def evaluate(self, *, check_hypotheses: HypothesisCheck = True, **values: Any) -> float | np.ndarray:
        """Evaluate at ``values`` (arrays broadcast); every free symbol needs a valid value.

        ``check_hypotheses``: True or "warn" issues a ``HypothesisWarning`` naming each hypothesis
        relation that is false at the point, "raise" raises ``HypothesisViolation`` instead, False
        skips the check (for sweeps and controls that leave the hypotheses on purpose).

        The expression is evaluated in float64 as written: a step that overflows gives inf (for example
        log(2 n / delta) once 2 n / delta passes 1.8e308), which sweeps and figures keep as inf; a NaN
        raises ArithmeticError.
        """
        mode = _check_mode(check_hypotheses)
        self._unknown(set(values))
        missing = sorted(self.symbol_names - set(values))
        if missing:
            raise ValueError(f"bound {self.name!r} needs a value for {', '.join(missing)}")
        arrays = [self._validated(s.name, values[s.name]) for s in self.free_symbols]
        if mode != "skip":
            self._report_violations(values, mode)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            result = np.asarray(self._function(*arrays), dtype=np.float64)
        result = np.broadcast_to(result, np.broadcast_shapes(result.shape, *(a.shape for a in arrays)))
        if np.any(np.isnan(result)):
            raise ArithmeticError(f"bound {self.name!r} is undefined (NaN) at {values}")
        return float(result) if result.ndim == 0 else np.array(result)

    def _report_violations(self, values: Mapping[str, Any], mode: str) -> None:
        violated = self.violated_hypotheses(values)
        if not violated:
            return
        message = (f"bound {self.name!r} evaluated outside its hypotheses: "
                   + "; ".join(f"{h.name} ({h.relation})" for h in violated))
        if mode == "raise":
            raise HypothesisViolation(message)
        warnings.warn(message, HypothesisWarning, stacklevel=3)

    def at_reference(self, **overrides: Any) -> dict[str, Any]:
        """The reference point with some values replaced."""
        unknown = sorted(set(overrides) - self.accepted_names)
        if unknown:
            raise ValueError(f"bound {self.name!r} has no symbol {', '.join(unknown)}")
        return {**self.reference, **overrides}

    def check_variable(self, variable: Any, role: str = "variable") -> str:
        """``variable`` if it names a free symbol of the bound, else ValueError listing them."""
        if not isinstance(variable, str) or variable not in self.symbol_names:
            raise ValueError(f"{role}: bound {self.name!r} does not depend on {variable!r}; "
                             f"it takes {', '.join(sorted(self.symbol_names)) or 'nothing'}")
        return variable

    def checked_fixed(self, variable: str, fixed: Mapping[str, Any]) -> dict[str, float]:
        """``fixed`` validated: symbols of the bound other than ``variable``, one valid number each."""
        if variable in fixed:
            raise ValueError(f"{variable} is the variable here; fix only the other symbols")
        self.at_reference(**fixed)  # unknown names
        return {name: self._validated_scalar(name, value) for name, value in fixed.items()}

    def _fixed_expr(self, variable: str, fixed: Mapping[str, Any]) -> tuple[sp.Expr, sp.Symbol]:
        self.check_variable(variable)
        point = self.at_reference(**self.checked_fixed(variable, fixed))
        subs = {s: sp.nsimplify(point[s.name], rational=True) for s in self.free_symbols if s.name != variable}
        return self.expr.subs(subs), self._symbols_by_name[variable]

    def growth(self, variable: str, **fixed: Any) -> GrowthOrder:
        """Theta-order as ``variable`` -> infinity (for a probability such as eps: as 1/eps -> infinity),
        the other symbols at ``fixed`` or at the reference point."""
        self.check_variable(variable)
        fixed = self.checked_fixed(variable, fixed)
        key = ("growth", variable, tuple(sorted(fixed.items())))
        if key not in self._cache:
            expr, symbol = self._fixed_expr(variable, fixed)
            if self.symbol_info(variable).kind == "probability":
                inverse = sp.Symbol(f"1/{variable}", positive=True)
                expr, symbol = expr.subs(symbol, 1 / inverse), inverse
            self._cache[key] = growth_order(expr, symbol)
        return self._cache[key]

    def admissible(self, variable: str, grid: np.ndarray, fixed: Mapping[str, Any]) -> np.ndarray:
        """The points of ``grid`` where no hypothesis relation of the bound is violated."""
        point = self.at_reference(**fixed)
        keep = [all(h.holds_at({**point, variable: float(x)}) is not False for h in self.hypotheses)
                for x in grid]
        return grid[np.array(keep, dtype=bool)]

    def monotonicity(self, variable: str, **fixed: Any) -> str:
        """increasing / decreasing / constant / non-monotone in ``variable`` on its admissible domain."""
        expr, symbol = self._fixed_expr(variable, fixed)
        slope = sp.simplify(sp.diff(expr, symbol))
        if slope == 0:
            return "constant"
        if slope.is_positive:
            return "increasing"
        if slope.is_negative:
            return "decreasing"
        grid = self.admissible(variable, domain_grid(variable, kind=self.symbol_info(variable).kind), fixed)
        values = self.evaluate(**{**self.at_reference(**fixed), variable: grid}, check_hypotheses=False)
        steps = np.diff(values)
        scale = np.maximum(np.abs(values[:-1]), 1e-300) * 1e-12
        if np.all(np.abs(steps) <= scale):
            return "constant"
        if np.all(steps >= -scale):
            return "increasing"
        if np.all(steps <= scale):
            return "decreasing"
        return "non-monotone"

    def regimes(self, variable: str, parameter: str, cutoff: float,
                below: float | None = None, above: float | None = None, **fixed: Any) -> dict[str, GrowthOrder]:
        """Growth in ``variable`` with ``parameter`` below, at and above ``cutoff`` (below < cutoff < above,
        each a valid value of ``parameter``; defaults cutoff/2 and 2 cutoff)."""
        self.check_variable(variable)
        self.check_variable(parameter, "parameter")
        if parameter == variable:
            raise ValueError(f"parameter: {parameter!r} is also the growth variable")
        cutoff = self._validated_scalar(parameter, cutoff)
        points = {"below": self._validated_scalar(parameter, below if below is not None else cutoff / 2),
                  "at": cutoff,
                  "above": self._validated_scalar(parameter, above if above is not None else cutoff * 2)}
        if not points["below"] < cutoff < points["above"]:
            raise ValueError(f"regimes: need below < cutoff < above, got {points['below']:g}, {cutoff:g}, "
                             f"{points['above']:g}")
        return {where: self.growth(variable, **{**fixed, parameter: value}) for where, value in points.items()}

    def solve(self, variable: str, target: float, **fixed: Any) -> float | int:
        """Smallest admissible value of ``variable`` from which on the bound is <= target (UPPER) or
        >= target (LOWER); for a size symbol, the smallest such integer (an int)."""
        from rnnbounds.theorems.core.solve import smallest_satisfying

        return smallest_satisfying(self, variable, target, fixed)

    def inverse(self, variable: str) -> list[sp.Expr]:
        """Symbolic solutions of expr = y for ``variable`` (y the new symbol ``bound_value``)."""
        y = sp.Symbol("bound_value", positive=True)
        return sp.solve(sp.Eq(self.expr, y), self._symbols_by_name[variable])
