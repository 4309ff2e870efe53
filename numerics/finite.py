"""Detect non-finite values (overflow, 0/0) in simulator state and say where they appeared.

A simulator calls ``check_finite(h, where="hidden state h_t", step=t)`` after each step (or once on
a whole trajectory with ``step=None``, in which case the first offending step along ``time_axis`` is
located). It raises :class:`NonFiniteError`, a ``ValueError``, instead of letting NaN or inf flow
silently into a measurement.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NonFiniteError", "first_non_finite", "check_finite"]


class NonFiniteError(ValueError):
    """A simulator produced NaN or +-inf.

    Attributes: ``where`` (the quantity, e.g. "hidden state h_t" or "parameter W"), ``step`` (the
    time step where it first appeared, or None when unknown), ``index`` (the first offending index
    of the array, as a tuple).
    """

    def __init__(self, where: str, step: int | None, index: tuple[int, ...], value: float):
        self.where, self.step, self.index, self.value = where, step, index, value
        at_step = f" at step {step}" if step is not None else ""
        super().__init__(
            f"non-finite value {value!r} in {where}{at_step} (first at index {index}); "
            "the simulation overflowed: reduce the step size, the weight scale or the horizon"
        )


def first_non_finite(array: np.ndarray) -> tuple[int, ...] | None:
    """Index of the first NaN/inf entry of ``array`` in C order, or None when all are finite."""
    bad = ~np.isfinite(array)
    if not bad.any():
        return None
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape))


def check_finite(
    array: np.ndarray | float,
    *,
    where: str,
    step: int | None = None,
    time_axis: int | None = None,
) -> None:
    """Raise :class:`NonFiniteError` if ``array`` holds NaN or inf; otherwise return None.

    where: what the array is (named in the message). step: the time step it belongs to, if known.
    time_axis: when ``step`` is None and the array is a whole trajectory, the axis that indexes
    time; the error then reports the earliest step with a non-finite entry.
    """
    values = np.asarray(array)
    if values.dtype.kind not in "fc":
        return
    if np.isfinite(values).all():
        return
    if step is None and time_axis is not None:
        moved = np.moveaxis(values, time_axis, 0)
        step = _first_bad_step(moved)
    index = first_non_finite(values)
    assert index is not None
    raise NonFiniteError(where, step, index, float(values[index].real))


def _first_bad_step(trajectory: np.ndarray) -> int:
    """First index along axis 0 whose slice holds a non-finite entry."""
    bad_per_step = ~np.isfinite(trajectory.reshape(trajectory.shape[0], -1)).all(axis=1)
    return int(np.argmax(bad_per_step))
