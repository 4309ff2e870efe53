"""Sweeps: a grid of configurations x seeds, one task each, results in a resumable SQLite store.

    from rnnbounds.sweeps import Sweep, run_sweep, make_executor
    sweep = Sweep("demo", "rnnbounds.sweeps.demo:noisy_power", grid={"n": [10, 100]}, seeds=[0, 1])
    rows = run_sweep(sweep, executor=make_executor("process", workers=2)).rows

Executors: serial, local processes (default; one BLAS thread per worker), dask.distributed.
The names below are imported on first use, so that ``python -m rnnbounds.sweeps`` reaches its
own Ctrl-C handling before anything heavy is imported.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "add_executor_arguments": "cli", "executor_from_arguments": "cli", "progress_from_arguments": "cli",
    "DaskExecutor": "executors", "Executor": "executors", "ProcessExecutor": "executors",
    "SerialExecutor": "executors", "SweepTaskError": "executors", "make_executor": "executors",
    "write_results": "export",
    "SweepInterrupted": "runner", "SweepResult": "runner", "run_sweep": "runner",
    "Sweep": "spec",
    "ResultStore": "store", "cache_directory": "store",
    "Task": "tasks", "function_reference": "tasks", "run_task": "tasks",
    "code_version": "version",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
