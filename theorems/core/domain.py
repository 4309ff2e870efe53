"""Validation of the values given to a bound, by the kind of each symbol."""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbounds.theorems import symbols

_RANGES = {
    "size": "a positive integer",
    "positive": "a real number > 0",
    "probability": "a real number in (0, 1)",
    "nonnegative": "a real number >= 0",
    "real": "a finite real number",
}


def allowed_range(kind: str) -> str:
    """A phrase for the values a symbol of this kind accepts."""
    return _RANGES[kind]


def _in_domain(kind: str, values: np.ndarray) -> bool:
    if kind == "size":
        return bool(np.all(values >= 1) and np.all(values == np.round(values)))
    if kind == "positive":
        return bool(np.all(values > 0))
    if kind == "probability":
        return bool(np.all((values > 0) & (values < 1)))
    if kind == "nonnegative":
        return bool(np.all(values >= 0))
    return True


def _as_floats(name: str, kind: str, value: Any) -> np.ndarray:
    """``value`` as a float64 array: real numbers only (no strings, booleans, complex numbers)."""
    wanted = allowed_range(kind)
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be {wanted}; got the boolean {value!r}")
    if isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be {wanted}; got the string {value!r}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be {wanted}; got {value!r}") from None
    if raw.dtype.kind == "c":
        raise ValueError(f"{name} must be {wanted}; got a complex value {value!r}")
    if raw.dtype.kind not in "biufO":
        raise ValueError(f"{name} must be {wanted}; got {raw.dtype.name} values")
    if raw.dtype.kind == "b":
        raise ValueError(f"{name} must be {wanted}; got booleans")
    try:
        return raw.astype(np.float64)
    except OverflowError:
        raise ValueError(f"{name} must be {wanted}; got a number too large for a float (above 1.8e308)") from None
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {wanted}; got {value!r}") from None


def _where(array: np.ndarray, bad: np.ndarray) -> str:
    if array.ndim == 0:
        return ""
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    return f" at index {first[0] if len(first) == 1 else first}"


def validate_value(name: str, value: Any, kind: str | None = None) -> np.ndarray:
    """Return ``value`` as a float64 array, or raise ValueError naming ``name`` and its range.

    Refused: strings, booleans, complex numbers, integers beyond float range, NaN, infinities
    and values outside the symbol's domain; an array's message names the first bad entry. A
    subnormal number (0 < |x| < 2.2e-308) is a valid float and is accepted here; the command
    line refuses it (rnnbounds.keyvalue), where it is almost always a typo. ``kind``: the symbol's
    kind as the caller's bound declares it (default: the declaration of ``name`` that lookups see).
    """
    kind = kind or symbols.info(name).kind
    array = _as_floats(name, kind, value)
    wanted = allowed_range(kind)
    if array.size == 0:
        raise ValueError(f"{name} is empty; it must be {wanted}")
    for bad, what in ((np.isnan(array), "NaN"), (np.isinf(array), "an infinity")):
        if np.any(bad):
            raise ValueError(f"{name} must be {wanted}; got {what}{_where(array, bad)}")
    if not _in_domain(kind, array):
        shown = array.item() if array.size == 1 else f"an array with values in [{array.min()}, {array.max()}]"
        raise ValueError(f"{name} must be {wanted}; got {shown}")
    return array


def validate_scalar(name: str, value: Any, kind: str | None = None) -> float:
    """One valid value of symbol ``name`` (validate_value, and a single number)."""
    array = validate_value(name, value, kind)
    if array.size != 1:
        raise ValueError(f"{name} must be a single number here, got {array.size} values")
    return float(array.reshape(()))
