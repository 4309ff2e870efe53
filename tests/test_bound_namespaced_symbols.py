"""A bound built on a theorem's own symbol is validated, scanned and rendered with that symbol's
declaration, never with the shared symbol of the same name (the core looks symbols up by Symbol)."""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.theorems import symbols
from rnnbounds.theorems.core import Bound, Direction, Provenance, Source

SPACE = symbols.namespace("ns-test-bound")
RHO = SPACE.declare("rho", "real", latex=r"\rho_\sigma", description="a signed gain")
M_OWN = SPACE.declare("beta", "size", latex=r"b", description="a count named like the shared rate")


def _bound(expr, reference) -> Bound:
    return Bound("b", "a quantity", expr, Direction.UPPER, Provenance.DERIVED, Source("test paper", "eq 1"), reference)


def test_a_namespaced_real_symbol_takes_negative_values_where_the_shared_one_is_positive():
    bound = _bound(1 + RHO**2, {"rho": -0.5})
    assert float(bound.evaluate(rho=-2.0)) == 5.0  # shared rho is positive and would refuse -2
    assert bound.symbol_info("rho").kind == "real" and bound.symbol_info("rho").namespace == "ns-test-bound"
    shared = _bound(1 + symbols.rho**2, {"rho": 0.5})
    with pytest.raises(ValueError, match="rho must be"):
        shared.evaluate(rho=-2.0)


def test_a_namespaced_symbol_is_rendered_with_its_own_latex():
    assert r"\rho_\sigma" in _bound(1 + RHO**2, {"rho": -0.5}).latex()
    assert r"\rho_\sigma" not in _bound(1 + symbols.rho**2, {"rho": 0.5}).latex()


def test_a_namespaced_size_symbol_is_scanned_and_solved_on_the_integers():
    bound = _bound(1 / M_OWN, {"beta": 4})
    assert bound.scan_variable == "beta"  # a size symbol: the shared beta is a positive real
    assert bound.solve("beta", 0.3) == 4 and isinstance(bound.solve("beta", 0.3), int)
    with pytest.raises(ValueError, match="beta must be"):
        bound.evaluate(beta=2.5)
    assert np.allclose(bound.evaluate(beta=np.array([1, 2])), [1.0, 0.5])
