"""Parse `key=value` command-line assignments, one of which may be a range `lo..hi[:points]`."""

from __future__ import annotations

import re

import numpy as np

from rnnbounds.theorems import symbols
from rnnbounds.theorems.core.sampling import geometric_grid

_RANGE = re.compile(r"^(?P<lo>[^.:]+(?:\.\d*)?(?:e[-+]?\d+)?)\.\.(?P<hi>[^:]+)(?::(?P<points>\d+))?$")


def _number(key: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{key}={text!r}: not a number") from None
    if not np.isfinite(value):
        raise ValueError(f"{key}={text!r}: not a finite number")
    return value


def _range(key: str, text: str) -> np.ndarray:
    match = _RANGE.match(text)
    if match is None:
        raise ValueError(f"{key}={text!r}: a range is written lo..hi or lo..hi:points")
    lo, hi = _number(key, match["lo"]), _number(key, match["hi"])
    points = int(match["points"] or 7)
    if not (0 < lo < hi) or points < 2:
        raise ValueError(f"{key}={text!r}: a range needs 0 < lo < hi and at least 2 points")
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
