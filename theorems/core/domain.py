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


def validate_value(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a float64 array, or raise ValueError naming ``name`` and its range."""
    kind = symbols.info(name).kind
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be {allowed_range(kind)}; got the boolean {value!r}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {allowed_range(kind)}; got {value!r}") from None
    if array.size == 0:
        raise ValueError(f"{name} is empty; it must be {allowed_range(kind)}")
    if not np.all(np.isfinite(array)) or not _in_domain(kind, array):
        shown = value if array.size == 1 else f"an array with values in [{np.nanmin(array)}, {np.nanmax(array)}]"
        raise ValueError(f"{name} must be {allowed_range(kind)}; got {shown}")
    return array
