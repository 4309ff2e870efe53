"""Sweeps: spec as data, task keys, resumable store, executors that agree, clean failures."""

from __future__ import annotations

import json
import sqlite3

import pytest

from rnnbounds.sweeps import (
    ProcessExecutor,
    ResultStore,
    SerialExecutor,
    Sweep,
    SweepTaskError,
    cache_directory,
    make_executor,
    run_sweep,
    write_results,
)
from rnnbounds.sweeps.executors import DaskExecutor
from rnnbounds.sweeps.tasks import Task

DEMO = "rnnbounds.sweeps.demo"


def power_sweep(seeds=(0, 1, 2)) -> Sweep:
    return Sweep("power", f"{DEMO}:noisy_power", grid={"n": [5, 50, 500], "p": [1.0, 3.0]}, seeds=seeds)


def test_grid_is_cartesian_product_in_key_order_then_seeds():
    sweep = Sweep("s", f"{DEMO}:noisy_power", grid={"n": [1, 2], "p": [1.0, 2.0, 3.0]}, seeds=[7, 8],
                  fixed={"tag": "x"})
    configs = sweep.configurations()
    assert configs[:2] == [{"tag": "x", "n": 1, "p": 1.0}, {"tag": "x", "n": 1, "p": 2.0}]
    assert len(configs) == 6
    tasks = sweep.tasks("v")
    assert [(t.config["n"], t.config["p"], t.seed) for t in tasks[:3]] == [(1, 1.0, 7), (1, 1.0, 8), (1, 2.0, 7)]


def test_explicit_grid_and_json_round_trip():
    sweep = Sweep("s", f"{DEMO}:noisy_power", grid=[{"n": 3}, {"n": 4, "p": 1.5}], seeds=(1,))
    again = Sweep.from_json(sweep.to_json())
    assert again.to_json() == sweep.to_json()
    assert again.configurations() == [{"n": 3}, {"n": 4, "p": 1.5}]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": ""}, "name"),
        ({"function": "no_colon"}, "function"),
        ({"seeds": []}, "seeds"),
        ({"seeds": [1, 1]}, "seeds"),
        ({"seeds": [-1]}, "seeds"),
        ({"seeds": [True]}, "seeds"),
        ({"grid": {"n": []}}, "grid"),
        ({"grid": {"n": "abc"}}, "grid"),
        ({"grid": {"n": [object()]}}, "JSON"),
        ({"grid": [1, 2]}, "grid"),
        ({"grid": 3}, "grid"),
    ],
)
def test_bad_sweeps_raise_value_error_naming_the_field(fields, message):
    arguments = {"name": "s", "function": f"{DEMO}:noisy_power", "grid": {"n": [1]}, "seeds": [0]}
    with pytest.raises(ValueError, match=message):
        Sweep(**{**arguments, **fields})


def test_from_json_rejects_unknown_fields_and_bad_json():
    with pytest.raises(ValueError, match="unknown"):
        Sweep.from_dict({"name": "s", "function": "a:b", "colour": 1})
    with pytest.raises(ValueError, match="JSON"):
        Sweep.from_json("{not json")


def test_task_key_depends_on_every_part():
    base = Task(f"{DEMO}:noisy_power", {"n": 1}, 0, "v1")
    variants = [
        Task(f"{DEMO}:slow_square", {"n": 1}, 0, "v1"),
        Task(f"{DEMO}:noisy_power", {"n": 2}, 0, "v1"),
        Task(f"{DEMO}:noisy_power", {"n": 1}, 1, "v1"),
        Task(f"{DEMO}:noisy_power", {"n": 1}, 0, "v2"),
    ]
    assert len({base.key, *(v.key for v in variants)}) == 5
    assert Task(f"{DEMO}:noisy_power", {"n": 1}, 0, "v1").key == base.key


def test_rerun_reuses_every_task_and_gives_identical_rows(tmp_path):
    first = run_sweep(power_sweep(), executor=SerialExecutor(), cache=tmp_path)
    second = run_sweep(power_sweep(), executor=SerialExecutor(), cache=tmp_path)
    assert (first.reused, second.reused, second.total) == (0, 18, 18)
    assert second.rows == first.rows
    assert first.rows[0].keys() == {"n", "p", "seed", "mean_abs_power"}


def test_new_seeds_run_only_the_new_tasks(tmp_path):
    run_sweep(power_sweep(seeds=(0, 1)), executor=SerialExecutor(), cache=tmp_path)
    grown = run_sweep(power_sweep(seeds=(0, 1, 2)), executor=SerialExecutor(), cache=tmp_path)
    assert (grown.reused, grown.total) == (12, 18)


def test_changed_code_version_reruns(tmp_path):
    run_sweep(power_sweep(), executor=SerialExecutor(), cache=tmp_path, version="a")
    assert run_sweep(power_sweep(), executor=SerialExecutor(), cache=tmp_path, version="b").reused == 0


def test_serial_and_process_executors_give_identical_rows(tmp_path):
    serial = run_sweep(power_sweep(), executor=SerialExecutor(), cache=tmp_path / "a")
    process = run_sweep(power_sweep(), executor=ProcessExecutor(workers=2), cache=tmp_path / "b")
    assert process.rows == serial.rows
    paths_a = write_results(serial, tmp_path / "out_a")
    paths_b = write_results(process, tmp_path / "out_b")
    assert [p.read_bytes() for p in paths_a] == [p.read_bytes() for p in paths_b]


def test_process_workers_pin_blas_to_one_thread(tmp_path):
    sweep = Sweep("threads", f"{DEMO}:blas_threads", grid={"i": [0, 1, 2, 3]})
    rows = run_sweep(sweep, executor=ProcessExecutor(workers=2), cache=tmp_path).rows
    assert {row["max_threads"] for row in rows} == {1}
    assert {row["omp_env"] for row in rows} == {"1"}


def test_task_returning_many_rows_gives_tidy_rows(tmp_path):
    sweep = Sweep("many", f"{DEMO}:several_rows", grid={"x": [1.0, 2.0], "steps": [3]}, seeds=[0])
    rows = run_sweep(sweep, executor=SerialExecutor(), cache=tmp_path).rows
    assert [(r["x"], r["t"]) for r in rows] == [(1.0, 1), (1.0, 2), (1.0, 3), (2.0, 1), (2.0, 2), (2.0, 3)]


@pytest.mark.parametrize("executor", [SerialExecutor, lambda: ProcessExecutor(workers=2)])
def test_failing_task_names_its_config_and_keeps_finished_ones(tmp_path, executor):
    sweep = Sweep("fail", f"{DEMO}:failing", grid=[{"x": 1.0}, {"x": 4.0}, {"x": -1.0}])
    with pytest.raises(SweepTaskError, match=r"'x': -1.0.*2 of 3 tasks are saved") as failure:
        run_sweep(sweep, executor=executor(), cache=tmp_path)
    assert (failure.value.failed, failure.value.saved, failure.value.total) == (1, 2, 3)
    ok = Sweep("fail", f"{DEMO}:failing", grid=[{"x": 1.0}, {"x": 4.0}])
    again = run_sweep(ok, executor=SerialExecutor(), cache=tmp_path)
    assert (again.reused, again.total) == (2, 2)  # both finished tasks were stored, whatever the order


def test_store_commits_spec_and_rows(tmp_path):
    run_sweep(power_sweep(), executor=SerialExecutor(), cache=tmp_path)
    with ResultStore(tmp_path) as store:
        assert store.count() == 18
        assert json.loads(store.sweep_spec("power"))["seeds"] == [0, 1, 2]
    with sqlite3.connect(tmp_path / "results.sqlite") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cache_directory_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("RNNBOUNDS_CACHE", str(tmp_path / "env"))
    assert cache_directory() == tmp_path / "env"
    assert cache_directory(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv("RNNBOUNDS_CACHE")
    assert cache_directory().parts[-2:] == (".cache", "rnnbounds")


def test_make_executor_choices():
    assert isinstance(make_executor(), ProcessExecutor)
    assert make_executor("process", workers=3).workers == 3
    assert isinstance(make_executor("serial"), SerialExecutor)
    for bad in [dict(kind="gpu"), dict(kind="serial", workers=2), dict(kind="process", scheduler="tcp://x:1"),
                dict(kind="process", workers=0)]:
        with pytest.raises(ValueError):
            make_executor(**bad)


def test_dask_executor_needs_exactly_one_target():
    pytest.importorskip("distributed")
    with pytest.raises(ValueError, match="exactly one"):
        DaskExecutor()
    with pytest.raises(ValueError, match="exactly one"):
        DaskExecutor(scheduler="tcp://127.0.0.1:1", workers=2)


def test_claim_sweep_name_stays_a_safe_file_name_for_many_or_odd_theorem_ids():
    from rnnbounds.sweeps.claims import claim_sweep
    from rnnbounds.sweeps.spec_schema import check_name
    from rnnbounds.theorems.core.runner import Task as ClaimTask

    short = claim_sweep([ClaimTask("linear-curse-of-memory", "P1", 0, "quick", 0)], 0)
    assert short.name == "check:linear-curse-of-memory:quick:seed0"
    many = claim_sweep([ClaimTask(f"theorem-{i:03d}-with-a-long-id", "P1", 0, "quick", 0) for i in range(20)]
                       + [ClaimTask("odd/id with spaces", "P1", 0, "quick", 0)], 0)
    check_name(many.name)
    assert many.name.startswith("check:") and many.name.endswith(":quick:seed0") and len(many.name) < 60
