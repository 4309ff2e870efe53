"""Bound: validation, broadcasting, growth orders, monotonicity, solving and regimes."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.theorems import symbols as S
from rnnbounds.theorems.core import Bound, Direction, Hypothesis, Provenance, Source

SOURCE = Source("test paper", "eq 1")
k = sp.Symbol("k", integer=True, nonnegative=True)
MEMORY_SUM = sp.summation(S.a**k, (k, 0, S.T - 1))


def make(expr, reference, direction=Direction.UPPER, **kw):
    return Bound("b", "a quantity", expr, direction, Provenance.DERIVED, SOURCE, reference, **kw)


WIDTH = make(sp.log(2 * S.n / S.delta) * MEMORY_SUM**2 / S.eps**2,
             {"n": 1000, "delta": 0.1, "eps": 0.1, "T": 10, "a": 0.5})


def test_evaluate_broadcasts_and_matches_formula():
    n = np.array([10, 100, 1000])
    got = WIDTH.evaluate(n=n, delta=0.1, eps=0.1, T=5, a=0.5)
    expected = np.log(2 * n / 0.1) * ((1 - 0.5**5) / 0.5) ** 2 / 0.01
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert WIDTH.evaluate(**WIDTH.reference) == pytest.approx(float(WIDTH.evaluate(**{**WIDTH.reference, "n": [1000]})[0]))


@pytest.mark.parametrize("bad, message", [
    ({"n": 0}, "n must be a positive integer"), ({"n": 2.5}, "n must be a positive integer"),
    ({"delta": 1.0}, r"delta must be a real number in \(0, 1\)"), ({"a": -1}, "a must be a real number > 0"),
    ({"eps": float("nan")}, "eps must be"), ({"n": "many"}, "n must be"),
])
def test_evaluate_rejects_values_outside_the_domain(bad, message):
    with pytest.raises(ValueError, match=message):
        WIDTH.evaluate(**{**WIDTH.reference, **bad})


def test_evaluate_names_unknown_and_missing_symbols():
    with pytest.raises(ValueError, match="has no symbol zz"):
        WIDTH.evaluate(**WIDTH.reference, zz=1)
    with pytest.raises(ValueError, match="needs a value for n"):
        WIDTH.evaluate(**{k: v for k, v in WIDTH.reference.items() if k != "n"})


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6), st.text(max_size=5)))
def test_evaluate_either_returns_a_number_or_raises_value_error(value):
    try:
        result = WIDTH.evaluate(**{**WIDTH.reference, "n": value})
    except ValueError as error:
        assert "n" in str(error)
    else:
        assert result > 0 and not np.isnan(result)
        with np.errstate(over="ignore"):
            step_overflows = not np.isfinite(2 * float(value) / 0.1)
        assert np.isfinite(result) or step_overflows, "inf only where the formula's step 2 n / delta overflows"


def test_evaluate_returns_inf_only_where_the_float64_evaluation_overflows():
    """2 n / delta overflows float64 once n > 1.797e308 / 20 = 8.99e306: the result is then inf (documented),
    though log(2 n / delta) itself is finite; below it the value is the formula's, typed again."""
    assert WIDTH.evaluate(**{**WIDTH.reference, "n": 1e306}) == pytest.approx(
        np.log(2e307) * ((1 - 0.5**10) / 0.5) ** 2 / 0.01, rel=1e-12)
    assert WIDTH.evaluate(**{**WIDTH.reference, "n": 1e307}) == np.inf


def test_reference_must_cover_every_symbol():
    with pytest.raises(ValueError, match="reference lacks a value for m"):
        make(S.m * S.n, {"n": 1})


@pytest.mark.parametrize("expr, variable, expected", [
    (sp.log(2 * S.n / S.delta), "n", "Theta(log(n))"),
    (S.T**3 + 5 * S.T, "T", "Theta(T**3)"),
    (1 / sp.sqrt(S.m), "m", "Theta(1/sqrt(m))"),
    (2**S.T * S.T, "T", "Theta(2**T * T)"),
    (3 + 1 / S.n, "n", "Theta(1)"),
    (1 / S.eps, "eps", "Theta(1/eps)"),
])
def test_growth_orders(expr, variable, expected):
    bound = make(expr, {s.name: 0.1 if s.name in ("eps", "delta") else 2 for s in expr.free_symbols})
    assert str(bound.growth(variable)) == expected


def test_growth_order_of_a_wrong_guess_differs():
    """Negative control for the analysis: T^3 is not reported as T^2 or as exponential."""
    order = make(S.T**3, {"T": 2}).growth("T")
    assert order.power == 3 and order.base == 1 and order.kind == "polynomial"


def test_regimes_split_at_the_cutoff():
    regimes = WIDTH.regimes("T", "a", cutoff=1)
    assert regimes["below"].kind == "constant"
    assert regimes["at"].power == 2 and regimes["at"].base == 1
    assert regimes["above"].base == 4  # (a^T)^2 with a = 2


def test_monotonicity():
    assert WIDTH.monotonicity("n") == "increasing"
    assert WIDTH.monotonicity("eps") == "decreasing"
    wave = make(sp.sin(S.alpha) + 2, {"alpha": 1.0})
    assert wave.monotonicity("alpha") == "non-monotone"


def test_monotonicity_respects_hypotheses():
    bound = make((1 - S.alpha) ** 2, {"alpha": 0.5}, hypotheses=(Hypothesis("sub", "alpha < 1", S.alpha < 1),))
    assert bound.monotonicity("alpha") == "decreasing"


def test_solve_gives_smallest_value_meeting_the_target():
    rate = make(1 / sp.sqrt(S.m), {"m": 4})
    assert rate.solve("m", 0.1) == 100
    assert rate.evaluate(m=99) > 0.1 >= rate.evaluate(m=100)
    cost = make(S.alpha**2, {"alpha": 1.0}, direction=Direction.LOWER)
    assert cost.solve("alpha", 4.0) == pytest.approx(2.0, rel=1e-10)
    with pytest.raises(ValueError, match="no m"):
        rate.solve("m", 1e-9)


def test_latex_uses_declared_names():
    assert r"\varepsilon" in WIDTH.latex() and r"\le" in WIDTH.latex()


def test_trivially_true_hypothesis_is_rejected():
    with pytest.raises(ValueError, match="reduced to True"):
        Hypothesis("always", "beta > 0", S.beta > 0)


def test_symbols_are_shared_and_conflicts_raise():
    assert S.declare("n", "size") is S.n
    with pytest.raises(ValueError, match="already declared"):
        S.declare("n", "positive")


@pytest.mark.parametrize("expr, expected", [
    (3**S.T * S.T**2, "O(3**T * T**2)"), (S.T**3 + S.T, "O(T**3)"),
    (sp.sqrt(S.T) * sp.log(S.T), "O(sqrt(T) * log(T))"), ((sp.Rational(3, 2) ** (2 * S.T) - 1) * 2, "O((9/4)**T)"),
])
def test_numeric_growth_fallback_when_the_symbolic_budget_runs_out(expr, expected, monkeypatch):
    from rnnbounds.theorems.core import growth

    def out_of_time(f):  # the budget's expiry, made certain: a 1e-4 s CPU timer may not fire at all
        raise TimeoutError("symbolic limit took longer than 0.0001 s of CPU time")  # when sympy's cache is warm

    monkeypatch.setattr(growth, "_symbolic", out_of_time)
    order = growth.growth_order(expr, S.T, symbolic_seconds=1e-4)
    assert order.method == "numeric" and not order.tight
    assert str(order) == expected


def test_booleans_are_not_numbers():
    with pytest.raises(ValueError, match="boolean"):
        WIDTH.evaluate(**{**WIDTH.reference, "n": True})


@pytest.mark.parametrize("reference", [3.0, 7.0])
def test_scaling_figure_survives_bounds_near_the_float_limit(reference, tmp_path):
    from rnnbounds.report.bound_figures import scaling_figure
    from rnnbounds.theorems.core import ReportContext

    blowup = make(sp.exp(100 * S.beta), {"beta": reference})
    path = scaling_figure(blowup, ReportContext(tmp_path, "t", "quick", 0))
    assert path is not None and (tmp_path / path.split("/", 1)[1]).exists()


def test_quasi_polynomial_growth_is_recognised():
    """L^(c log L) (the 'almost polynomial' reading) is neither polynomial nor exponential."""
    order = make(S.L ** (sp.Rational(1, 4) * sp.log(S.L) + 3), {"L": 4}).growth("L")
    assert order.kind == "quasi-polynomial" and order.quasi == sp.Rational(1, 4) and order.power == 3
    assert make(S.L**3, {"L": 4}).growth("L").quasi == 0


def test_the_symbolic_budget_counts_cpu_time_and_expires():
    from rnnbounds.theorems.core.growth import _time_limit

    with pytest.raises(TimeoutError, match="CPU time"):
        with _time_limit(0.05):
            while True:  # burns CPU time: the virtual timer must fire
                sum(range(1000))
