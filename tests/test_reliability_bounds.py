"""Fuzzing Bound.evaluate of every registered bound: a value or a one-line ValueError/ArithmeticError.

Valid values must give a number that is not NaN; invalid ones (wrong kind, out of range,
non-finite, non-numeric, missing or unknown symbols) must raise ValueError naming the symbol.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.theorems import symbols
from rnnbounds.theorems.registry import all_theorems

BOUNDS = [(theorem.id, bound) for theorem in all_theorems() for bound in theorem.bounds]

ANY_VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**30, 10**30),
    st.sampled_from([0, -1, 0.5, 1, 2, 1e308, -1e308, 5e-324, float("nan"), float("inf"), True]),
    st.text(max_size=5),
    st.none(),
    st.lists(st.floats(-1e6, 1e6), max_size=4),
    st.just([]),
)


def _valid(name: str, value) -> bool:
    """Whether ``value`` lies in the declared domain of symbol ``name`` (scalars; bool counts as 0/1)."""
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    kind = symbols.info(name).kind
    return {
        "size": value >= 1 and float(value) == round(value),
        "positive": value > 0,
        "probability": 0 < value < 1,
        "nonnegative": value >= 0,
        "real": True,
    }[kind]


@pytest.mark.parametrize("theorem_id, bound", BOUNDS, ids=[f"{t}:{b.name}" for t, b in BOUNDS])
@given(data=st.data())
def test_evaluate_returns_a_number_or_raises_one_line(theorem_id, bound, data):
    names = sorted(bound.symbol_names)
    values = {name: data.draw(st.one_of(st.just(bound.reference[name]), ANY_VALUE), label=name) for name in names}
    if data.draw(st.booleans(), label="drop one") and names:
        values.pop(data.draw(st.sampled_from(names), label="dropped"))
    if data.draw(st.booleans(), label="add unknown"):
        values["not_a_symbol"] = 1.0
    try:
        result = bound.evaluate(**values)
    except (ValueError, ArithmeticError) as error:
        assert "\n" not in str(error) and str(error)
        if isinstance(error, ValueError) and set(values) == set(names):
            assert any(name in str(error) for name in names), str(error)
        return
    assert set(values) == set(names), "evaluate accepted a missing or unknown symbol"
    assert all(_valid_array(name, values[name]) for name in names), f"accepted out-of-domain values {values}"
    assert not np.any(np.isnan(np.asarray(result, dtype=float)))


def _valid_array(name: str, value) -> bool:
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(_valid(name, v) for v in items)
