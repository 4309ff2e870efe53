"""Run a sweep: skip what the store already holds, run the rest, commit each task as it lands.

    result = run_sweep(sweep, executor=make_executor("process"), cache="~/.cache/rnnbounds")
    result.rows            # tidy rows in sweep order: {**config, "seed": s, **task row}

Ctrl-C stops the executor, keeps every committed task and raises SweepInterrupted; rerunning the
same sweep resumes. A task that raises does not stop the others: once they have finished (and
been stored), SweepTaskError names the first failed configuration and how many failed. A sweep
of more than ``max_tasks`` tasks is refused before any is built. Rows are read back from their JSON form, so a resumed sweep and a fresh one
give identical rows.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from .executors import Executor, ProcessExecutor, SweepTaskError
from .spec import Sweep
from .store import ResultStore
from .tasks import Task
from .version import code_version

MAX_TASKS = 1_000_000


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep; ``done`` of ``total`` tasks are committed and will be reused."""

    def __init__(self, done: int, total: int):
        self.done, self.total = done, total
        super().__init__(f"interrupted: {done} of {total} tasks are saved; rerun to resume")


@dataclass(frozen=True)
class SweepResult:
    """Rows in sweep order plus how many tasks were reused from the store."""

    sweep: Sweep
    rows: list[dict[str, Any]]
    total: int
    reused: int


def run_sweep(
    sweep: Sweep,
    *,
    executor: Executor | None = None,
    cache: str | os.PathLike[str] | None = None,
    store: ResultStore | None = None,
    progress: bool | None = None,
    version: str | None = None,
    max_tasks: int = MAX_TASKS,
) -> SweepResult:
    """Run every unfinished task of ``sweep`` and return all its rows.

    progress: show a tqdm bar (done / total, time left) on stderr; None = only on a terminal.
    version: the code version that keys results (default: package + task-module digest).
    max_tasks: refuse (ValueError) a sweep with more tasks than this, before building any.
    """
    check_size(sweep, max_tasks)
    own_store = store is None
    store = store or ResultStore(cache)
    try:
        tasks = sweep.tasks(version or code_version(sweep.function))
        store.save_sweep(sweep.name, sweep.to_json())
        finished = store.finished(task.key for task in tasks)
        pending = _unique([task for task in tasks if task.key not in finished])
        reused = len(tasks) - len(pending)
        failures = _execute(pending, executor or ProcessExecutor(), store, finished, len(tasks), progress, sweep.name)
        if failures:
            saved = sum(task.key in finished for task in tasks)
            raise SweepTaskError(failures[0].task, failures[0].error, len(failures), saved, len(tasks))
        rows = [row for task in tasks for row in _tidy(task, finished[task.key])]
        return SweepResult(sweep=sweep, rows=rows, total=len(tasks), reused=reused)
    finally:
        if own_store:
            store.close()


def _execute(
    pending: list[Task],
    executor: Executor,
    store: ResultStore,
    finished: dict[str, list[dict[str, Any]]],
    total: int,
    progress: bool | None,
    label: str,
) -> list[SweepTaskError]:
    """Run ``pending`` on ``executor``, committing each task and filling ``finished``; the failures."""
    bar = tqdm(
        total=total, initial=total - len(pending), desc=label, unit="task",
        disable=(None if progress is None else not progress), file=sys.stderr, dynamic_ncols=True,
    )
    failures: list[SweepTaskError] = []
    try:
        for task, rows, seconds in executor.run(pending):
            if isinstance(rows, SweepTaskError):
                failures.append(rows)
            else:
                store.put(task, rows, seconds)
                finished[task.key] = rows
            bar.update(1)
        return failures
    except KeyboardInterrupt:
        executor.abort()
        bar.close()
        raise SweepInterrupted(len(finished), total) from None
    finally:
        bar.close()


def check_size(sweep: Sweep, max_tasks: int) -> None:
    """Refuse a sweep of more than ``max_tasks`` tasks (counted, not built)."""
    if isinstance(max_tasks, bool) or not isinstance(max_tasks, int) or max_tasks < 1:
        raise ValueError(f"max_tasks: expected a positive integer, got {max_tasks!r}")
    if sweep.task_count > max_tasks:
        raise ValueError(f"sweep {sweep.name!r} has {sweep.task_count:,} tasks, more than the limit of "
                         f"{max_tasks:,}; raise it with --max-tasks if that is meant")


def _unique(tasks: list[Task]) -> list[Task]:
    """Drop repeated keys (a grid may list the same configuration twice)."""
    seen: dict[str, Task] = {}
    for task in tasks:
        seen.setdefault(task.key, task)
    return list(seen.values())


def _tidy(task: Task, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Prefix each task row with its configuration and seed (the task's own values win)."""
    return [{**task.config, "seed": task.seed, **row} for row in rows]
