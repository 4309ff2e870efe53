"""Pieces of theorems/core/growth.py that the mutation run of docs/mutation.md found unprobed.

Each expected value is worked out by hand from the rule the docstring states; the mutant each test
kills is named in its docstring (line, change).
"""

from __future__ import annotations

import pytest
import sympy as sp

from rnnbounds.theorems.core import growth
from rnnbounds.theorems.core.growth import GrowthOrder, _snap

N = sp.Symbol("n", positive=True)


def _order(tight: bool) -> GrowthOrder:
    return GrowthOrder("n", sp.Integer(1), sp.Integer(2), sp.Integer(0), tight, "symbolic")


def test_latex_says_theta_only_when_tight() -> None:
    """growth.py 75 (`if self.tight` to `if not self.tight` in latex): Theta(n^2) when tight, O(n^2) not."""
    assert _order(True).latex() == r"\Theta\left(n^{2}\right)"
    assert _order(False).latex() == r"O\left(n^{2}\right)"
    assert (str(_order(True)), str(_order(False))) == ("Theta(n**2)", "O(n**2)")


@pytest.mark.parametrize("base, quasi, power, log_power, kind", [
    (1, 0, 0, 0, "constant"),
    (1, 0, 0, 1, "logarithmic"),
    (1, 0, 0, -1, "logarithmic"),  # 1 / log n: a log power, decaying
    (1, 0, sp.Rational(1, 2), 1, "polynomial"),
    (1, 1, 0, 0, "quasi-polynomial"),
    (2, 0, 0, 0, "exponential"),
    (sp.Rational(1, 2), 0, 1, 0, "exponentially decaying"),
])
def test_kind_of_each_order(base, quasi, power, log_power, kind) -> None:
    """growth.py 57 (`log_power != 0` to `>= 0`): Theta(1) is constant, not logarithmic."""
    order = GrowthOrder("n", sp.sympify(base), sp.sympify(power), sp.sympify(log_power), True, "symbolic",
                        sp.sympify(quasi))
    assert order.kind == kind


def test_constant_and_inverse_log_orders_found() -> None:
    """The same two boundary kinds from growth_order: 3 + 1/n is Theta(1), 1/log n is Theta(log^-1 n)."""
    assert growth.growth_order(3 + 1 / N, N).kind == "constant"
    inverse_log = growth.growth_order(1 / sp.log(N), N)
    assert (inverse_log.log_power, inverse_log.kind) == (-1, "logarithmic")


def _numeric_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def out_of_time(f: sp.Expr) -> None:  # the symbolic budget's expiry, made certain
        raise TimeoutError("symbolic limit took longer than 0.0001 s of CPU time")

    monkeypatch.setattr(growth, "_symbolic", out_of_time)


def test_numeric_fallback_finds_the_quasi_exponent(monkeypatch: pytest.MonkeyPatch) -> None:
    """growth.py 138 (`if abs(coef[1]) > 1e-3` negated, or read as coef[0]): the numeric fit of
    log f = log^2 n + log n for f = n^(log n) n keeps q = 1 (and q = 0 for n^2)."""
    _numeric_only(monkeypatch)
    quasi = growth.growth_order(N ** sp.log(N) * N, N, symbolic_seconds=1e-4)
    assert (quasi.method, quasi.quasi, quasi.power, quasi.kind) == ("numeric", 1, 1, "quasi-polynomial")
    plain = growth.growth_order(N**2, N, symbolic_seconds=1e-4)
    assert (plain.quasi, plain.power, plain.kind) == (0, 2, "polynomial")


@pytest.mark.parametrize("value, expected", [
    (1.0 / 13.0, sp.Rational(1, 12)),  # 1/12 is 0.0064 away, within 0.01: denominators stop at 12
    (12.0 / 13.0, sp.Rational(11, 12)),  # likewise 0.0064 from 11/12
    (0.5004, sp.Rational(1, 2)),
    (3.0, sp.Integer(3)),
])
def test_snap_to_denominators_up_to_12(value: float, expected: sp.Expr) -> None:
    """growth.py 144 (`limit_denominator(12)` to 13): a fitted exponent snaps to the nearest rational
    with denominator <= 12 when it is within 0.01 (1/13 is not such a rational)."""
    assert _snap(value) == expected


def test_snap_keeps_three_digits_past_the_tolerance() -> None:
    """0.341667 is 0.0083 from 1/3, so it snaps; the nearest rationals to 0.3455 with denominator
    <= 12 are 1/3 (0.0122 away) and 4/11 (0.0181), both past 0.01, so it stays a 3-digit float."""
    assert _snap(0.341667) == sp.Rational(1, 3)
    kept = _snap(0.3455)
    assert kept.is_Float and str(kept) == "0.346"  # growth.py 147 (3 digits to 4: "0.3455")


def test_a_float_base_snaps_only_within_1e_9() -> None:
    """growth.py 101 (`and` to `or`; `1e-9` to `-0.999999999`): base 2.0 snaps to the integer 2;
    1.00000001, which sympy's nsimplify rounds to 1, is 1e-8 away and stays as it is; a tiny
    base that nsimplify turns into 0 stays as it is."""
    two = growth.growth_order(sp.Float(2.0) ** N, N)
    assert two.base.is_Integer and str(two) == "Theta(2**n)"
    assert growth._clean_base(sp.Float(2.0)).is_Integer
    near_one = growth._clean_base(sp.Float(1.00000001))
    assert near_one.is_Float and float(near_one) == 1.00000001
    tiny = growth._clean_base(sp.Float(3.7e-44))
    assert tiny.is_Float and float(tiny) == 3.7e-44


def test_eventually_positive_by_hand() -> None:
    """growth.py 178 (`return True` to False), 182 (`10 ** k` to `10 * k`), 185 (`> 0` to `!= 0`,
    `<= 0`): exp(exp(v)) is positive by its assumptions although mpmath overflows at v = 1e100;
    v - 10^4 is negative at v = 1000 and 3000 but positive far out; 10^4 - v is not."""
    x = growth._X
    assert growth._eventually_positive(sp.exp(sp.exp(x))) is True
    assert growth._eventually_positive(x - 10**4) is True
    assert growth._eventually_positive(10**4 - x) is False


def test_exact_exponents_are_simplified() -> None:
    """The exponent log 4 / log 2 of n^(log 4 / log 2) = n^2 is reported as the integer 2 (this does
    not kill growth.py 92, `nsimplify` skipped for numbers: the limit already returns 2)."""
    order = growth.growth_order(N ** (sp.log(4) / sp.log(2)), N)
    assert order.power.is_Integer and order.power == 2 and str(order) == "Theta(n**2)"


def test_a_positive_factor_below_one_is_set_aside() -> None:
    """growth.py 210 (`coefficient != 1` to `> 1`): Max(log n, 5) / 2 is Theta(log n) by the
    maximum's rule (sympy alone cannot take the limits of a scaled Max)."""
    order = growth.growth_order(sp.Max(sp.log(N), 5) / 2, N)
    assert (order.method, order.tight, order.log_power, order.power) == ("symbolic", True, 1, 0)


def test_an_oscillating_limit_has_no_growth_order() -> None:
    """growth.py `_limit` (`has(Limit) or has(AccumBounds)` to `and`): lim (2 + sin n) does not exist
    (sympy gives an interval), so the symbolic route is refused, and the numeric fit, which misses
    log(2 + sin n) by up to about log 3 far out, is refused too: no order rather than a made-up one."""
    with pytest.raises(ArithmeticError, match="no single growth order"):
        growth.growth_order(2 + sp.sin(N), N)
    with pytest.raises(ArithmeticError, match="no single growth order"):
        growth.growth_order(N * (2 + sp.sin(N)), N)


def test_a_ceiling_is_not_taken_for_an_oscillation() -> None:
    """ceil(log n) is within 1 of log n: the numeric fit accepts it (misfit under 5% far out)."""
    order = growth.growth_order(sp.ceiling(sp.log(N)) + N, N)
    assert (order.base, order.power) == (1, 1)


@pytest.mark.parametrize("base, kind", [("1.00000003", "exponential"), ("0.99999997", "exponentially decaying"),
                                        ("1.00000000001", "exponential")])
def test_a_float_base_near_one_is_not_read_as_a_constant(base, kind) -> None:
    """sympy's limit rounds a float base within about 1e-7 of 1 to 1; the symbolic route works on the
    decimal fraction the float prints as, and a base is never snapped to 1."""
    order = growth.growth_order(sp.Float(base) ** N, N)
    assert order.kind == kind and order.base != 1
    assert abs(float(order.base) - float(base)) < 1e-13


def test_inverse_log_is_printed() -> None:
    """growth.py 70 (`log_power != 0` to `> 0` in the printed factors): 1/log n is not printed as 1."""
    assert str(growth.growth_order(1 / sp.log(N), N)) == "Theta(1/log(n))"


def test_a_large_float_base_snaps_relative_to_its_size() -> None:
    """growth.py 101 (`1e-9 * |base|` to `1e-9 / |base|`): 100.000000001 is 1e-11 relative from 100,
    within 1e-9 relative, so it snaps to the integer 100."""
    snapped = growth._clean_base(sp.Float(100.000000001))
    assert snapped.is_Integer and snapped == 100


def test_theta_needs_a_finite_nonzero_limit() -> None:
    """growth.py 122 (`constant != 0` to `!= -1`) and 194 (ties by `==` to `<`): n / log log n has
    exponents (1, 1, 0, 0) but f / n -> 0, so it is O(n), not Theta(n); in n^2 + n / log log n the
    fastest term n^2 is tight, so the sum is Theta(n^2) whatever the slower term is."""
    slow = growth.growth_order(N / sp.log(sp.log(N)), N)
    assert (slow.power, slow.log_power, slow.tight) == (1, 0, False)
    fast = growth.growth_order(N**2 + N / sp.log(sp.log(N)), N)
    assert (fast.power, fast.tight) == (2, True)


def test_quasi_polynomial_factor_is_printed() -> None:
    """growth.py 67 (`quasi * log v` to `quasi ** log v` in the printed factor):
    n^(log(n) / 4) n^3 prints its exponent log(n)/4."""
    assert str(growth.growth_order(N ** (sp.log(N) / 4) * N**3, N)) == "Theta(n**(log(n)/4) * n**3)"
