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
