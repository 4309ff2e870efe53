"""One task = one call ``function(config, seed) -> row`` keyed by a hash of what determines it.

The key is sha256 of the canonical JSON of (function reference, configuration, seed, code
version); two tasks with the same key compute the same row, so a finished one is never rerun.
A task function is a module-level function (picklable by reference) that returns a dict of plain
JSON values, or a list of such dicts when one task yields several rows.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import time
from dataclasses import dataclass
from typing import Any, Callable

from .threads import pin_threads_once

TaskFunction = Callable[[dict[str, Any], int], Any]


def canonical_json(value: Any) -> str:
    """Compact JSON with sorted keys; raises ValueError on anything that is not plain JSON."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=True)
    except (TypeError, ValueError) as error:
        raise ValueError(f"not plain JSON (numbers, strings, lists, dicts): {error}") from None


@dataclass(frozen=True)
class Task:
    """One (configuration, seed) of a sweep."""

    function: str
    config: dict[str, Any]
    seed: int
    version: str

    @property
    def key(self) -> str:
        payload = {"function": self.function, "config": self.config, "seed": self.seed, "version": self.version}
        return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def resolve_function(reference: str) -> TaskFunction:
    """Import ``'package.module:function'`` and return the function."""
    module_name, _, qualname = reference.partition(":")
    if not module_name or not qualname:
        raise ValueError(f"function: expected 'module:function', got {reference!r}")
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError as error:
        raise ValueError(f"function: cannot import module {module_name!r} ({error})") from None
    for part in qualname.split("."):
        if not hasattr(target, part):
            raise ValueError(f"function: module {module_name!r} has no attribute {qualname!r}")
        target = getattr(target, part)
    if not callable(target):
        raise ValueError(f"function: {reference!r} is not callable")
    return target


def function_reference(function: Callable[..., Any]) -> str:
    """``'module:qualname'`` of a module-level function (the inverse of resolve_function)."""
    qualname = getattr(function, "__qualname__", "")
    if "<" in qualname or not getattr(function, "__module__", None):
        raise ValueError(f"function: {function!r} is not a module-level function")
    return f"{function.__module__}:{qualname}"


def normalise_rows(result: Any, task: Task) -> list[dict[str, Any]]:
    """A task's return value as a list of row dicts (validated as plain JSON)."""
    rows = result if isinstance(result, list) else [result]
    for row in rows:
        if not isinstance(row, dict):
            raise TypeError(f"task {task.function} returned {type(row).__name__}, expected dict")
    return json.loads(canonical_json(rows))  # plain Python values, exactly as the store returns them


def run_task(task: Task, pin_threads: bool = False) -> tuple[str, list[dict[str, Any]], float]:
    """Run one task where it lands (any executor): (key, rows, seconds).

    pin_threads: limit BLAS/OpenMP pools of this process to one thread first (worker processes).
    """
    if pin_threads:
        pin_threads_once()
    start = time.perf_counter()
    result = resolve_function(task.function)(dict(task.config), task.seed)
    return task.key, normalise_rows(result, task), time.perf_counter() - start
