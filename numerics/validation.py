"""Entry checks for the public numerics functions: finite, non-empty float64 arrays and sane scalars.

Policy (every public function of ``rnnbounds.numerics``):

- every array argument is converted to float64 on entry (a float32 argument is upcast exactly),
  and every computation runs in float64, so a result is float64 whatever the dtypes of the
  arguments (there is no float32 mode: a float32 input gives the float64 answer for the
  float32-rounded input);
- every array argument must be finite: NaN or +-inf raises :class:`NonFiniteInputError`, a
  ``ValueError`` that names the argument and the first offending index;
- an array argument with a zero-length axis raises a ``ValueError`` that names the argument,
  unless the function documents its empty case;
- scalar arguments (step sizes, tolerances, radii) must be finite numbers; sizes must be integers.

Overflow *during* a run is a different failure and is reported by ``finite.NonFiniteError``.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["NonFiniteInputError", "finite_array", "finite_scalar", "checked_size"]


class NonFiniteInputError(ValueError):
    """An argument passed to a numerics function holds NaN or +-inf.

    Attributes: ``name`` (the argument), ``index`` (first offending index), ``value``.
    """

    def __init__(self, name: str, index: tuple[int, ...], value: float):
        self.name, self.index, self.value = name, index, value
        super().__init__(
            f"argument {name} holds a non-finite value {value!r} at index {index}; "
            f"every entry of {name} must be finite"
        )


def finite_array(value, name: str, *, ndim: int | None = None, allow_empty: bool = False,
                 dtype=np.float64, allow_inf: bool = False) -> np.ndarray:
    """``value`` as a finite array of ``dtype`` (float64), or a ValueError naming ``name``.

    ndim: the required number of axes, if any. allow_empty: accept a zero-length axis.
    dtype=None keeps a complex array complex (other inputs become float64). allow_inf: accept
    +-inf entries (for documented "diverged" values) but still refuse NaN.
    """
    try:
        array = np.asarray(value)
        if dtype is not None or array.dtype.kind not in "c":
            array = array.astype(np.float64 if dtype is None else dtype, copy=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"argument {name} must be a real array, got {type(value).__name__}: {error}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"argument {name} must have {ndim} axes, got shape {array.shape}")
    if not allow_empty and array.size == 0:
        raise ValueError(f"argument {name} is empty (shape {array.shape}); every axis needs length >= 1")
    bad = np.isnan(array) if allow_inf else ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape))
        raise NonFiniteInputError(name, index, complex(array[index]) if array.dtype.kind == "c" else float(array[index]))
    return array


def finite_scalar(value, name: str, *, positive: bool = False, nonnegative: bool = False) -> float:
    """``value`` as a finite float (optionally > 0 or >= 0), or a ValueError naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise ValueError(f"argument {name} must be a real number, got {value!r}")
    number = float(value)
    if not np.isfinite(number):
        raise NonFiniteInputError(name, (), number)
    if positive and not number > 0:
        raise ValueError(f"argument {name} must be positive, got {value!r}")
    if nonnegative and not number >= 0:
        raise ValueError(f"argument {name} must be nonnegative, got {value!r}")
    return number


def checked_size(value, name: str, *, minimum: int = 1) -> int:
    """``value`` as an integer >= minimum (a size or a count), or a ValueError naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        if not (isinstance(value, numbers.Real) and float(value).is_integer()):
            raise ValueError(f"argument {name} must be an integer, got {value!r}")
    if int(value) < minimum:
        raise ValueError(f"argument {name} must be an integer >= {minimum}, got {value!r}")
    return int(value)
