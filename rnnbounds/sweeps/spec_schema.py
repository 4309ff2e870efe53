"""The declared schema of a sweep spec, checked field by field with one message naming the field.

    name      a safe file stem: letters, digits and _ . : + = @ , - ; not starting with '.'
              or '-'; at most 200 characters (the sweep CLI writes <name>.sweep.json)
    function  'package.module:function'
    grid      {parameter: [value, ...]} (Cartesian product) or [{parameter: value}, ...]
    seeds     a non-empty list of distinct integers in [0, 2^63 - 1]
    fixed     {parameter: value}, merged under every configuration

Values are plain JSON: null, booleans, integers, finite floats, strings, lists and objects with
string keys, nested at most 32 deep. NaN and infinities are refused (JSON has no such numbers).
"""

from __future__ import annotations

import math
import re
from typing import Any, Mapping, Sequence

MAX_SEED = 2**63 - 1  # the store keeps seeds as SQLite INTEGERs
MAX_NAME = 200
MAX_DEPTH = 32
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:+=@,-]*$")
_FUNCTION = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray))


def check_name(name: Any) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name: a sweep needs a non-empty name, got {name!r}")
    if len(name) > MAX_NAME or not _NAME.match(name):
        shown = name if len(name) <= 60 else name[:57] + "..."
        raise ValueError(f"name: {shown!r} is not a safe file name (letters, digits, _ . : + = @ , -; "
                         f"not starting with '.' or '-'; at most {MAX_NAME} characters)")


def check_function(function: Any) -> None:
    if not isinstance(function, str) or not _FUNCTION.match(function):
        raise ValueError(f"function: expected 'module:function', got {function!r}")


def check_seeds(seeds: Any) -> None:
    if not _is_list(seeds) or len(seeds) == 0:
        raise ValueError(f"seeds: expected a non-empty list of integers, got {seeds!r}")
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            raise ValueError(f"seeds: each seed must be an integer in [0, 2^63 - 1], got {seed!r}")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds: duplicate seeds in {list(seeds)!r}")


def check_plain(value: Any, where: str, depth: int = 0) -> None:
    """Raise ValueError naming ``where`` unless ``value`` is plain, finite JSON."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested more than {MAX_DEPTH} deep")
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: {value!r} is not a finite number")
        return
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{where}: keys must be strings, got {key!r}")
            check_plain(inner, f"{where}[{key!r}]", depth + 1)
        return
    if _is_list(value):
        for index, inner in enumerate(value):
            check_plain(inner, f"{where}[{index}]", depth + 1)
        return
    raise ValueError(f"{where}: not plain JSON (numbers, strings, lists, objects): {value!r}")


def check_fixed(fixed: Any) -> None:
    if not isinstance(fixed, Mapping):
        raise ValueError(f"fixed: expected an object of parameter -> value, got {fixed!r}")
    check_plain(fixed, "fixed")


def check_grid(grid: Any) -> None:
    if isinstance(grid, Mapping):
        for name, values in grid.items():
            if not isinstance(name, str):
                raise ValueError(f"grid: parameter names must be strings, got {name!r}")
            if not _is_list(values) or not values:
                raise ValueError(f"grid[{name!r}]: expected a non-empty list of values, got {values!r}")
            check_plain(values, f"grid[{name!r}]")
    elif _is_list(grid):
        if not grid:
            raise ValueError("grid: an explicit grid needs at least one configuration")
        for index, point in enumerate(grid):
            if not isinstance(point, Mapping):
                raise ValueError(f"grid: an explicit grid is a list of objects, got {point!r} at [{index}]")
            check_plain(point, f"grid[{index}]")
    else:
        raise ValueError(f"grid: expected an object of value lists or a list of objects, got {grid!r}")


def task_count(grid: Mapping[str, Sequence[Any]] | Sequence[Any], seeds: Sequence[int]) -> int:
    """Configurations x seeds, counted without building any configuration."""
    configurations = math.prod(len(values) for values in grid.values()) if isinstance(grid, Mapping) else len(grid)
    return configurations * len(seeds)
