"""numerics.finite: non-finite values raise a NonFiniteError naming where and which step."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.finite import NonFiniteError, check_finite, first_non_finite


def test_finite_array_passes():
    check_finite(np.ones((3, 4)), where="h")
    check_finite(np.arange(5), where="integers are always finite")


@given(
    steps=st.integers(1, 12),
    width=st.integers(1, 5),
    data=st.data(),
    bad=st.sampled_from([np.nan, np.inf, -np.inf]),
)
def test_reports_first_bad_step_and_index(steps, width, data, bad):
    step = data.draw(st.integers(0, steps - 1))
    column = data.draw(st.integers(0, width - 1))
    trajectory = np.zeros((steps, width))
    trajectory[step, column] = bad
    if step + 1 < steps:
        trajectory[step + 1 :, :] = np.nan  # later steps are worse; the first one must be named
    with pytest.raises(NonFiniteError) as caught:
        check_finite(trajectory, where="hidden state", time_axis=0)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.step == step
    assert error.index == (step, column)
    assert "hidden state" in str(error) and f"step {step}" in str(error)


def test_explicit_step_is_reported():
    with pytest.raises(NonFiniteError, match="parameter W at step 7"):
        check_finite(np.array([1.0, np.inf]), where="parameter W", step=7)


def test_first_non_finite_none_when_clean():
    assert first_non_finite(np.zeros(3)) is None
    assert first_non_finite(np.array([[0.0, 1.0], [np.nan, 2.0]])) == (1, 0)
