"""A sweep killed with SIGKILL (or stopped with Ctrl-C) loses no finished task and resumes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TASKS = 24


def write_sweep(folder: Path, sleep: float) -> Path:
    spec = {
        "name": "interrupt",
        "function": "rnnbounds.sweeps.demo:slow_square",
        "grid": {"x": [float(i) for i in range(TASKS // 2)], "sleep": [sleep]},
        "seeds": [3, 4],
    }
    path = folder / "sweep.json"
    path.write_text(json.dumps(spec))
    return path


def default_sigint() -> None:
    """In the child: Ctrl-C does its default thing. A child inherits SIG_IGN from a parent that
    ignores SIGINT (a background job, some CI runners), and Python then installs no handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(spec: Path, cache: Path, out: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "rnnbounds.sweeps", str(spec), "--cache", str(cache), "--out", str(out),
               "--no-progress", *extra]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=default_sigint)


def finished_rows(cache: Path) -> dict[str, str]:
    database = cache / "results.sqlite"
    if not database.exists():
        return {}
    with sqlite3.connect(database, timeout=30) as connection:
        try:
            return dict(connection.execute("SELECT key, rows FROM results"))
        except sqlite3.OperationalError:
            return {}


def wait_for(cache: Path, count: int, process: subprocess.Popen, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while len(finished_rows(cache)) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "sweep made no progress"
        time.sleep(0.05)


def reap(process: subprocess.Popen) -> None:
    """Stop what is left of the session this test started (orphaned workers included)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate(timeout=30)


def rows_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "interrupt.rows.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("executor", ["process", "serial"])
def test_sigkill_mid_sweep_then_rerun_loses_nothing(tmp_path, executor):
    spec = write_sweep(tmp_path, sleep=0.1)
    cache = tmp_path / "cache"
    process = start(spec, cache, tmp_path / "killed", "--executor", executor)
    wait_for(cache, 5, process)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    reap(process)
    before = finished_rows(cache)
    assert 5 <= len(before) < TASKS, "the kill should land mid-sweep"

    rerun = subprocess.run([sys.executable, "-m", "rnnbounds.sweeps", str(spec), "--cache", str(cache),
                            "--out", str(tmp_path / "resumed"), "--no-progress", "--executor", executor],
                           capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{TASKS} tasks ({len(before)} reused)" in rerun.stdout
    after = finished_rows(cache)
    assert {key: after[key] for key in before} == before  # every finished result kept, unchanged

    fresh = subprocess.run([sys.executable, "-m", "rnnbounds.sweeps", str(spec), "--cache", str(tmp_path / "fresh_cache"),
                            "--out", str(tmp_path / "fresh"), "--no-progress", "--executor", "process"],
                           capture_output=True, text=True, timeout=120)
    assert fresh.returncode == 0, fresh.stderr
    for name in ("interrupt.rows.jsonl", "interrupt.sweep.json"):  # same seeds, byte-identical outputs
        assert (tmp_path / "resumed" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
    assert len(rows_of(tmp_path / "resumed")) == TASKS


def test_ctrl_c_stops_cleanly_and_keeps_what_is_done(tmp_path):
    spec = write_sweep(tmp_path, sleep=0.2)
    cache = tmp_path / "cache"
    process = start(spec, cache, tmp_path / "out", "--executor", "process", "--workers", "2")
    wait_for(cache, 3, process)
    os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    message = stderr.decode().strip().splitlines()
    assert len(message) == 1 and "rerun to resume" in message[0], stderr.decode()
    kept = finished_rows(cache)
    assert 3 <= len(kept) < TASKS
    assert f"of {TASKS} tasks are saved" in message[0]
    rerun = subprocess.run([sys.executable, "-m", "rnnbounds.sweeps", str(spec), "--cache", str(cache), "--out",
                            str(tmp_path / "out"), "--no-progress", "--executor", "serial"],
                           capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0 and f"{TASKS} tasks ({len(kept)} reused)" in rerun.stdout, rerun.stderr
    after = finished_rows(cache)
    assert {key: after[key] for key in kept} == kept  # what was saved before Ctrl-C is unchanged


def test_abort_ends_the_pool_thread_that_the_exit_handler_would_race_with():
    """A Ctrl-C aborts the process pool mid-sweep. Its manager thread must be over when abort() returns:
    left running, it closes its wake-up pipe while concurrent.futures' exit handler writes to it, and
    the one line of the Ctrl-C is followed by an "Exception ignored in: <module 'threading'>" traceback
    (seen once in a 20-run loop of the suite, from wakeup() in _python_exit)."""
    from concurrent.futures.process import _threads_wakeups

    from rnnbounds.sweeps.executors import ProcessExecutor
    from rnnbounds.sweeps.tasks import Task

    executor = ProcessExecutor(workers=2)
    tasks = [Task("rnnbounds.sweeps.demo:slow_square", {"x": float(i), "sleep": 0.2}, 0, "1") for i in range(8)]
    running = executor.run(tasks)
    next(running)                                    # one task done, others running or queued
    manager = executor._pool._executor_manager_thread
    executor.abort()
    assert not manager.is_alive()
    assert manager not in _threads_wakeups or _threads_wakeups[manager]._closed   # the exit handler skips it
    running.close()
