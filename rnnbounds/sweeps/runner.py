"""Run a sweep: skip what the store already holds, run the rest, commit each task as it lands.

    result = run_sweep(sweep, executor=make_executor("process"), cache="~/.cache/rnnbounds")
    result.rows            # tidy rows in sweep order: {**config, "seed": s, **task row}

Ctrl-C stops the executor, keeps every committed task and raises SweepInterrupted; rerunning the
same sweep resumes. Rows are read back from their JSON form, so a resumed sweep and a fresh one
give identical rows.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from .executors import Executor, ProcessExecutor
from .spec import Sweep
from .store import ResultStore
from .tasks import Task
from .version import code_version


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
) -> SweepResult:
    """Run every unfinished task of ``sweep`` and return all its rows.

    progress: show a tqdm bar (done / total, time left) on stderr; None = only on a terminal.
    version: the code version that keys results (default: package + task-module digest).
    """
    own_store = store is None
    store = store or ResultStore(cache)
    try:
        tasks = sweep.tasks(version or code_version(sweep.function))
        store.save_sweep(sweep.name, sweep.to_json())
        finished = store.finished(task.key for task in tasks)
        pending = _unique([task for task in tasks if task.key not in finished])
        reused = len(tasks) - len(pending)
        _execute(pending, executor or ProcessExecutor(), store, finished, len(tasks), progress, sweep.name)
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
) -> None:
    """Run ``pending`` on ``executor``, committing each task and filling ``finished``."""
    bar = tqdm(
        total=total, initial=total - len(pending), desc=label, unit="task",
        disable=(None if progress is None else not progress), file=sys.stderr, dynamic_ncols=True,
    )
    try:
        for task, rows, seconds in executor.run(pending):
            store.put(task, rows, seconds)
            finished[task.key] = rows
            bar.update(1)
    except KeyboardInterrupt:
        executor.abort()
        bar.close()
        raise SweepInterrupted(len(finished), total) from None
    finally:
        bar.close()


def _unique(tasks: list[Task]) -> list[Task]:
    """Drop repeated keys (a grid may list the same configuration twice)."""
    seen: dict[str, Task] = {}
    for task in tasks:
        seen.setdefault(task.key, task)
    return list(seen.values())


def _tidy(task: Task, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Prefix each task row with its configuration and seed (the task's own values win)."""
    return [{**task.config, "seed": task.seed, **row} for row in rows]
