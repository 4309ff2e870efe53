"""Sweeps: a grid of configurations x seeds, one task each, results in a resumable SQLite store.

    from rnnbounds.sweeps import Sweep, run_sweep, make_executor
    sweep = Sweep("demo", "rnnbounds.sweeps.demo:noisy_power", grid={"n": [10, 100]}, seeds=[0, 1])
    rows = run_sweep(sweep, executor=make_executor("process", workers=2)).rows

Executors: serial, local processes (default; one BLAS thread per worker), dask.distributed.
"""

from .cli import add_executor_arguments, executor_from_arguments, progress_from_arguments
from .executors import DaskExecutor, Executor, ProcessExecutor, SerialExecutor, SweepTaskError, make_executor
from .export import write_results
from .runner import SweepInterrupted, SweepResult, run_sweep
from .spec import Sweep
from .store import ResultStore, cache_directory
from .tasks import Task, function_reference, run_task
from .version import code_version

__all__ = [
    "DaskExecutor", "Executor", "ProcessExecutor", "ResultStore", "SerialExecutor", "Sweep",
    "SweepInterrupted", "SweepResult", "SweepTaskError", "Task", "add_executor_arguments",
    "cache_directory", "code_version", "executor_from_arguments", "function_reference",
    "make_executor", "progress_from_arguments", "run_sweep", "run_task", "write_results",
]
