"""The dask executor on a LocalCluster bound to loopback gives the same rows as serial."""

from __future__ import annotations

import pytest

from rnnbounds.sweeps import DaskExecutor, SerialExecutor, Sweep, run_sweep

pytestmark = pytest.mark.distributed


def test_local_cluster_matches_serial_and_resumes(tmp_path):
    pytest.importorskip("distributed")
    sweep = Sweep("dask", "rnnbounds.sweeps.demo:noisy_power", grid={"n": [4, 40, 400], "p": [2.0]}, seeds=[0, 1])
    serial = run_sweep(sweep, executor=SerialExecutor(), cache=tmp_path / "serial")
    on_dask = run_sweep(sweep, executor=DaskExecutor(workers=2), cache=tmp_path / "dask")
    assert on_dask.rows == serial.rows
    again = run_sweep(sweep, executor=DaskExecutor(workers=2), cache=tmp_path / "dask")
    assert (again.reused, again.rows) == (6, serial.rows)


def test_dask_workers_pin_blas_threads(tmp_path):
    pytest.importorskip("distributed")
    sweep = Sweep("threads", "rnnbounds.sweeps.demo:blas_threads", grid={"i": [0, 1, 2]})
    rows = run_sweep(sweep, executor=DaskExecutor(workers=2), cache=tmp_path).rows
    assert {row["max_threads"] for row in rows} == {1}


def test_scheduler_address_runs_on_an_existing_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
        sweep = Sweep("address", "rnnbounds.sweeps.demo:slow_square", grid={"x": [1.0, 2.0]}, seeds=[5])
        rows = run_sweep(sweep, executor=DaskExecutor(scheduler=cluster.scheduler_address), cache=tmp_path).rows
    serial = run_sweep(sweep, executor=SerialExecutor(), cache=tmp_path / "serial").rows
    assert rows == serial


def test_local_cluster_run_prints_nothing_of_dask_on_stderr(tmp_path):
    """A normal run on a local cluster shuts it down cleanly: no "still alive, killing", no traceback."""
    pytest.importorskip("distributed")
    import json
    import subprocess
    import sys

    spec = tmp_path / "quiet.json"
    spec.write_text(json.dumps({"name": "quiet", "function": "rnnbounds.sweeps.demo:slow_square",
                                "grid": {"x": [1.0, 2.0, 3.0, 4.0], "sleep": [0.05]}}))
    run = subprocess.run([sys.executable, "-m", "rnnbounds.sweeps", str(spec), "--workers", "4", "--cache",
                          str(tmp_path / "cache"), "--out", str(tmp_path / "out"), "--no-progress"],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0 and "4 tasks (0 reused)" in run.stdout
    assert run.stderr == ""


def test_a_second_local_cluster_prints_nothing_when_port_8787_is_taken(tmp_path):
    """Two sweeps at once: the first cluster's HTTP server holds 8787 (here a plain socket does), and the
    second must not warn "Port 8787 is already in use" on stderr."""
    pytest.importorskip("distributed")
    import json
    import socket
    import subprocess
    import sys

    spec = tmp_path / "second.json"
    spec.write_text(json.dumps({"name": "second", "function": "rnnbounds.sweeps.demo:slow_square",
                                "grid": {"x": [1.0, 2.0], "sleep": [0.01]}}))
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        holder.bind(("0.0.0.0", 8787))
        holder.listen()
    except OSError:
        pass  # 8787 is already taken by someone else: the condition under test holds anyway
    try:
        run = subprocess.run([sys.executable, "-m", "rnnbounds.sweeps", str(spec), "--workers", "2", "--cache",
                              str(tmp_path / "cache"), "--out", str(tmp_path / "out"), "--no-progress",
                              "--executor", "dask"], capture_output=True, text=True, timeout=180)
    finally:
        holder.close()
    assert run.returncode == 0 and "2 tasks (0 reused)" in run.stdout, run.stderr
    assert run.stderr == ""
