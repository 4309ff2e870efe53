"""Make a counterexample readable: the smallest sizes and the roundest numbers that still break.

Hypothesis has already shrunk the draw; this pass works on the point itself, one coordinate at
a time: a size is lowered while the violation stays, then each real is rounded to the fewest
significant digits (an integer first, then 1, 2, ... digits) that keep it. Nothing that stops
violating is ever kept, so the result is a witness whenever the input was.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from rnnbounds.falsify.families import Family, Point

#: significant digits tried for a real coordinate, roundest first
DIGITS = (1, 2, 3, 4, 6)


def round_significant(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant digits (0 stays 0)."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(round(value, digits - 1 - int(math.floor(math.log10(abs(value))))))


def _candidates(value: float, low: float, high: float) -> list[float]:
    """Rounder versions of ``value`` inside [low, high], roundest first (value itself excluded)."""
    found = [float(round(value))] + [round_significant(value, d) for d in DIGITS]
    inside = [x for x in found if low <= x <= high and x != value]
    return list(dict.fromkeys(inside))


def readable_point(family: Family, point: Point, violates: Callable[[Point], bool]) -> dict[str, float]:
    """A point that still ``violates``, with sizes lowered and reals rounded where that keeps it."""
    current = dict(point)
    if not violates(current):
        return current
    for parameter in family.parameters:
        if not parameter.integer:
            continue
        for size in range(int(parameter.low), int(current[parameter.name])):
            trial = {**current, parameter.name: float(size)}
            if violates(trial):
                current = trial
                break
    for parameter in family.continuous:
        for value in _candidates(current[parameter.name], parameter.low, parameter.high):
            trial = {**current, parameter.name: value}
            if violates(trial):
                current = trial
                break
    return current


def _rounded(value: Any, digits: int) -> Any:
    """Every float in a nested JSON value rounded to ``digits`` significant digits."""
    if isinstance(value, float):
        return round_significant(value, digits)
    if isinstance(value, list):
        return [_rounded(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v, digits) for k, v in value.items()}
    return value


def readable_instance(instance: dict[str, Any], violates: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The instance with all its floats rounded to the fewest significant digits that keep it violating."""
    for digits in DIGITS:
        trial = _rounded(instance, digits)
        if trial != instance and violates(trial):
            return trial
    return instance
