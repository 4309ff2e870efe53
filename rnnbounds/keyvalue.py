"""Parse `key=value` command-line assignments, one of which may be a range `lo..hi[:points]`.

A value must be a finite float64 in the normal range: text that overflows (1e400), underflows
to 0 (1e-400) or lands among the subnormal numbers (1e-320, below 2.2e-308) is refused with a
message that says so. A range has at most MAX_RANGE_POINTS points.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import numpy as np

from rnnbounds.theorems import symbols
from rnnbounds.theorems.core.sampling import geometric_grid

MAX_RANGE_POINTS = 10_000
MAX_TEXT = 100
_TINY = float(np.finfo(np.float64).tiny)
_RANGE = re.compile(r"^(?P<lo>[^.:]+(?:\.\d*)?(?:e[-+]?\d+)?)\.\.(?P<hi>[^:]+)(?::(?P<points>\d+))?$")


def _number(key: str, text: str) -> float:
    if len(text) > MAX_TEXT:
        raise ValueError(f"{key}=: a number of more than {MAX_TEXT} characters")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{key}={text!r}: not a number") from None
    if not np.isfinite(value):
        raise ValueError(f"{key}={text!r}: not a finite number" + (" (beyond 1.8e308)" if _overflows(text) else ""))
    if value == 0.0 and _nonzero(text):
        raise ValueError(f"{key}={text!r}: underflows to 0 in float64 (the smallest normal number is 2.2e-308)")
    if 0.0 < abs(value) < _TINY:
        raise ValueError(f"{key}={text!r}: a subnormal number (below 2.2e-308), where float64 has lost precision")
    return value


def _nonzero(text: str) -> bool:
    try:
        return Decimal(text) != 0
    except InvalidOperation:
        return False


def _overflows(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _range(key: str, text: str) -> np.ndarray:
    match = _RANGE.match(text)
    if match is None:
        raise ValueError(f"{key}={text!r}: a range is written lo..hi or lo..hi:points")
    lo, hi = _number(key, match["lo"]), _number(key, match["hi"])
    points = int(match["points"] or 7)
    if not (0 < lo < hi) or points < 2:
        raise ValueError(f"{key}={text!r}: a range needs 0 < lo < hi and at least 2 points")
    if points > MAX_RANGE_POINTS:
        raise ValueError(f"{key}={text[:40]!r}: a range has at most {MAX_RANGE_POINTS} points, got {points}")
    return geometric_grid(key, lo, hi, points)


def parse_assignments(items: list[str]) -> tuple[dict[str, float], tuple[str, np.ndarray] | None]:
    """({name: value}, (name, grid) or None) from ['n=1000', 'T=10..100:5', ...]."""
    values: dict[str, float] = {}
    ranged: tuple[str, np.ndarray] | None = None
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip() or not text.strip():
            raise ValueError(f"malformed assignment {item!r}; write key=value")
        key = key.strip()
        symbols.info(key) if key in symbols.declared() else _unknown(key)
        if key in values or (ranged and ranged[0] == key):
            raise ValueError(f"{key} is given twice")
        if ".." in text:
            if ranged is not None:
                raise ValueError("only one variable may be given as a range")
            ranged = (key, _range(key, text.strip()))
        else:
            values[key] = _number(key, text.strip())
    return values, ranged


def _unknown(key: str) -> None:
    raise ValueError(f"unknown symbol {key!r}")
