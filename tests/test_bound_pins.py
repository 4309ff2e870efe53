"""Walk the bound-pin table (tests/bound_pins): every registered bound, its value at spec points and
its exact growth order in every variable, against literals computed independently from the spec."""

from __future__ import annotations

import pytest
import sympy as sp

from bound_pins import EXEMPT, GROWTH, VALUES, gd_convergence
from bound_pins.rows import GrowthPin, ValuePin
from rnnbounds.theorems import symbols
from rnnbounds.theorems.core.bound import Bound
from rnnbounds.theorems.registry import all_theorems, get_theorem

SPEC_FILES = ("cayci2024_gd_convergence.md", "wang2021_rnn_generalization.md", "wang2023_inverse_approximation.md")


def _bound(theorem: str, name: str) -> Bound:
    return get_theorem(theorem).bound(name)


def _registered() -> set[tuple[str, str]]:
    return {(t.id, b.name) for t in all_theorems() for b in t.bounds}


def _decaying(row: GrowthPin) -> bool:
    return row.kind == "exponentially decaying" or (row.kind == "polynomial" and float(row.power) < 0)


def _quick(row: GrowthPin) -> bool:
    """Growth rows the default suite runs (each takes sympy ~0.1-4 s; all of them take ~2 minutes):
    decaying orders, logarithmic and quasi-polynomial orders in a size variable, the known
    disagreements, and the regimes of the claim shapes.  The rest run with ``-m slow``."""
    logarithmic = row.kind in ("logarithmic", "quasi-polynomial")
    logarithmic_in_a_size = logarithmic and symbols.info(row.variable).kind == "size"
    regime = bool(row.fixed) and row.bound in ("S", "C4-memory-cutoff")
    return _decaying(row) or logarithmic_in_a_size or regime or row.xfail is not None


def _marked(rows):
    all_theorems()  # loading the theorems declares their symbols
    params = []
    for row in rows:
        marks = [pytest.mark.xfail(strict=True, reason=row.xfail)] if row.xfail else []
        if isinstance(row, GrowthPin) and not _quick(row):
            marks.append(pytest.mark.slow)
        params.append(pytest.param(row, id=row.id, marks=marks))
    return params


@pytest.mark.parametrize("row", _marked(VALUES))
def test_value_pin(row: ValuePin):
    got = _bound(row.theorem, row.bound).evaluate(**row.point, check_hypotheses=False)  # the formula alone
    if row.relation == ">=":
        assert got >= row.expected * (1 - 1e-12), f"{row.bound} = {got!r} < {row.expected!r} ({row.spec})"
    else:
        assert got == pytest.approx(row.expected, rel=row.rtol, abs=row.atol), f"{row.bound} ({row.spec})"


def _same(got: sp.Expr, expected: sp.Expr) -> bool:
    """Equal as numbers to 1e-9 relative (a base of exp(-100) is not 0)."""
    g, e = complex(sp.N(got, 30)), complex(sp.N(expected, 30))
    return abs(g - e) <= 1e-9 * max(abs(e), 1e-300) if e != 0 else g == 0


@pytest.mark.parametrize("row", _marked(GROWTH))
def test_growth_pin(row: GrowthPin):
    order = _bound(row.theorem, row.bound).growth(row.variable, **row.fixed)
    shown = f"{row.bound} in {row.variable} at {dict(row.fixed)}: got {order} ({row.spec})"
    for part in ("base", "quasi", "power", "log_power"):
        assert _same(getattr(order, part), getattr(row, part)), f"{part}: {shown}"
    assert order.kind == row.kind, shown
    if row.tight is not None:
        assert order.tight is row.tight, shown


def test_every_registered_bound_has_value_pins_at_two_points():
    points: dict[tuple[str, str], set] = {key: set() for key in _registered()}
    for row in VALUES:
        points.setdefault((row.theorem, row.bound), set()).add(tuple(sorted(row.point.items())))
    missing = sorted(key for key, seen in points.items() if len(seen) < 2)
    assert not missing, f"bounds pinned at fewer than two points in tests/bound_pins: {missing}"


def test_every_variable_of_every_bound_has_a_growth_pin_or_an_exemption():
    covered = {(r.theorem, r.bound, r.variable) for r in GROWTH} | {(r.theorem, r.bound, r.variable) for r in EXEMPT}
    needed = {(t.id, b.name, v) for t in all_theorems() for b in t.bounds for v in b.symbol_names}
    assert not sorted(needed - covered), f"no growth pin or exemption: {sorted(needed - covered)}"
    exempt = {(r.theorem, r.bound, r.variable) for r in EXEMPT}
    assert not exempt & {(r.theorem, r.bound, r.variable) for r in GROWTH}, "a variable both pinned and exempt"


def test_every_row_names_a_registered_bound_a_spec_item_and_its_point():
    for row in [*VALUES, *GROWTH]:
        bound = _bound(row.theorem, row.bound)
        assert any(row.spec.startswith(name + " ") for name in SPEC_FILES), row.spec
        if isinstance(row, ValuePin):
            assert set(row.point) == bound.symbol_names, f"{row.id}: the point must give every symbol"
        else:
            assert row.variable in bound.symbol_names and row.variable not in row.fixed, row.id


def test_decaying_orders_are_pinned_in_every_theorem():
    """Decaying orders are where a misclassification (as constant, or as exponential) hides."""
    decaying = [r for r in GROWTH if _decaying(r) and not r.xfail]
    assert {r.theorem for r in decaying} == {t.id for t in all_theorems()}
    assert {"exponentially decaying", "polynomial"} <= {r.kind for r in decaying}


@pytest.mark.parametrize("a, T, printed", gd_convergence.PRINTED_HESSIAN)
def test_the_f5_recursion_of_the_table_reproduces_the_values_printed_in_the_spec(a, T, printed):
    value = gd_convergence.hessian_recursion(T, a, 1.0, 1.0, gd_convergence.S2_TANH)
    assert abs(value - printed) <= 0.005 * printed


def test_the_f5_majorant_of_the_table_dominates_the_recursion():
    for a in (0.3, 0.5, 0.9, 1.0, 1.1, 1.3, 2.0):
        for T in (1, 2, 5, 12):
            args = (T, a, 1.0, 1.0, gd_convergence.S2_TANH)
            assert gd_convergence.hessian_majorant(*args) >= gd_convergence.hessian_recursion(*args)


def test_a_wrong_value_fails_its_pin():
    """Negative control: the comparison used by test_value_pin rejects a constant doubled."""
    row = next(r for r in VALUES if r.bound == "eps_app")
    got = 2 * _bound(row.theorem, row.bound).evaluate(**row.point)
    assert got != pytest.approx(row.expected, rel=row.rtol, abs=row.atol)
    assert not _same(sp.exp(-100), sp.Integer(0)) and not _same(sp.Rational(1, 2), sp.Rational(1, 3))


def test_the_default_suite_checks_growth_in_every_theorem():
    quick = {row.theorem for row in GROWTH if _quick(row) and not row.xfail}
    assert quick == {t.id for t in all_theorems()}
