"""Bad input gets one line, never a traceback: one table of bad inputs for the `rnnbounds` CLI, the
sweep CLI and the Python API, at least one row per class of failure.

A CLI row asserts the documented exit code (rnnbounds.usage: 2 bad input, 3 a task raised,
130 interrupted; 0 with one warning line for a store that is repaired or read-only), exactly one
line on stderr holding the expected fragment, no traceback, and no file written outside the
case's output folder. An API row asserts a ValueError whose message holds the fragment.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest

from rnnbounds.cli import main as rnnbounds_main
from rnnbounds.sweeps import Sweep
from rnnbounds.sweeps.__main__ import main as sweep_main
from rnnbounds.theorems.registry import get_theorem

LINEAR = "linear-curse-of-memory"
DEMO = "rnnbounds.sweeps.demo"
LONG = "a" * 300


def closed_port() -> int:
    """A loopback port with nothing listening on it (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sweep_file(folder: Path, name: str = "demo", **fields: Any) -> str:
    spec = {"name": name, "function": f"{DEMO}:noisy_power", "grid": {"n": [3, 4]}, "seeds": [0, 1], **fields}
    path = folder / f"{abs(hash(json.dumps(spec, sort_keys=True)))}.json"
    path.write_text(json.dumps(spec))
    return str(path)


def raw_file(folder: Path, text: str) -> str:
    path = folder / "raw.json"
    path.write_text(text)
    return str(path)


@dataclass(frozen=True)
class Case:
    """One bad input: ``argv(tmp)`` for tool 'cli' or 'sweep'; stderr must be one line with ``fragment``."""

    id: str
    tool: str
    argv: Callable[[Path], list[str]]
    code: int
    fragment: str
    environment: dict[str, str] = field(default_factory=dict)


# tmp/work: inputs; tmp/out: the only place a case may write; tmp/cache: the result store
CASES = [
    # -- paths and files, checked before any work is done
    Case("report-out-is-a-file", "cli", lambda t: ["report", LINEAR, "--out", sweep_file(t / "work")], 2, "is not a folder"),
    Case("report-out-dev-null", "cli", lambda t: ["report", LINEAR, "--out", "/dev/null"], 2, "/dev/null is not a folder"),
    Case("report-out-unwritable", "cli", lambda t: ["report", LINEAR, "--out", "/sys/rnnbounds-out"], 2, "cannot write in folder /sys"),
    Case("report-out-overlong-name", "cli", lambda t: ["report", LINEAR, "--out", str(t / "out" / LONG)], 2, "longer than 255 bytes"),
    Case("report-figures-is-a-file", "cli", lambda t: [*_touch(t / "out" / "figures"), "report", LINEAR, "--out", str(t / "out")],
         2, "figures is not a folder"),
    Case("check-json-missing-folder", "cli", lambda t: ["check", LINEAR, "--json", str(t / "out" / "no" / "r.json")], 2, "does not exist"),
    Case("check-json-is-a-folder", "cli", lambda t: ["check", LINEAR, "--json", str(t / "out")], 2, "is a folder"),
    Case("check-json-dev-full", "cli", lambda t: ["check", LINEAR, "--json", "/dev/full"], 2, "not a regular file"),
    Case("check-json-unwritable", "cli", lambda t: ["check", LINEAR, "--json", "/sys/r.json"], 2, "cannot write in folder /sys"),
    Case("check-json-empty", "cli", lambda t: ["check", LINEAR, "--json", ""], 2, "--json: empty path"),
    # -- the result store: its path
    Case("cache-is-dev-null", "cli", lambda t: ["check", LINEAR], 2, "cache: /dev/null is not a folder",
         {"RNNBOUNDS_CACHE": "/dev/null"}),
    Case("cache-empty", "cli", lambda t: ["check", LINEAR, "--cache", ""], 2, "cache: empty path"),
    Case("cache-overlong", "sweep", lambda t: [sweep_file(t / "work"), "--cache", str(t / LONG)], 2, "cache: path too long"),
    Case("cache-is-a-file", "sweep", lambda t: [sweep_file(t / "work"), "--cache", sweep_file(t / "work")], 2, "is not a folder"),
    # -- huge seeds
    Case("cli-seed-above-2^63", "cli", lambda t: ["check", LINEAR, "--seed", str(2**64)], 2, "seed must be an integer in [0, 2^63 - 1]"),
    Case("sweep-seed-above-2^63", "sweep", lambda t: [sweep_file(t / "work", seeds=[2**64])], 2, "seeds: each seed"),
    # -- the sweep name is a file stem
    Case("sweep-name-escapes", "sweep", lambda t: [sweep_file(t / "work", name="../../escaped")], 2, "name: '../../escaped' is not a safe"),
    Case("sweep-name-with-slash", "sweep", lambda t: [sweep_file(t / "work", name="a/b")], 2, "name: 'a/b'"),
    Case("sweep-name-300-chars", "sweep", lambda t: [sweep_file(t / "work", name=LONG)], 2, "at most 200 characters"),
    # -- the spec against its schema
    Case("sweep-seeds-a-number", "sweep", lambda t: [sweep_file(t / "work", seeds=5)], 2, "seeds: expected a non-empty list"),
    Case("sweep-seeds-null", "sweep", lambda t: [sweep_file(t / "work", seeds=None)], 2, "seeds: expected a non-empty list"),
    Case("sweep-fixed-a-list", "sweep", lambda t: [sweep_file(t / "work", fixed=[1, 2])], 2, "fixed: expected an object"),
    Case("sweep-fixed-a-string", "sweep", lambda t: [sweep_file(t / "work", fixed="abc")], 2, "fixed: expected an object"),
    Case("sweep-grid-null", "sweep", lambda t: [sweep_file(t / "work", grid=None)], 2, "grid: expected"),
    Case("sweep-nan-value", "sweep", lambda t: [raw_file(t / "work", '{"name": "s", "function": "a:b", "grid": {"x": [NaN]}}')],
         2, "grid['x'][0]: nan is not a finite number"),
    Case("sweep-deep-nesting", "sweep", lambda t: [raw_file(t / "work", '{"name": "s", "function": "a:b", "grid": '
                                                            + "[" * 100_000 + "]" * 100_000 + "}")], 2, "nested too deeply"),
    Case("sweep-nested-40-deep", "sweep", lambda t: [sweep_file(t / "work", fixed={"v": json.loads("[" * 40 + "]" * 40)})],
         2, "nested more than 32 deep"),
    Case("sweep-not-json", "sweep", lambda t: [raw_file(t / "work", "{nope")], 2, "not valid JSON"),
    Case("sweep-file-missing", "sweep", lambda t: [str(t / "work" / "none.json")], 2, "no such file"),
    Case("sweep-unknown-module", "sweep", lambda t: [sweep_file(t / "work", function="no_such_module:f")], 2, "cannot import module"),
    # -- task errors: the others finish, one line names the configuration, exit 3
    Case("task-raises", "sweep", lambda t: [sweep_file(t / "work", function=f"{DEMO}:failing", grid={"x": [1.0, -1.0]}),
                                            "--executor", "serial"], 3, "failed for config={'x': -1.0}"),
    Case("task-raises-in-a-worker", "sweep", lambda t: [sweep_file(t / "work", function=f"{DEMO}:failing", grid={"x": [-2.0]}),
                                                        "--executor", "process", "--workers", "2"], 3, "ValueError: x must be non-negative"),
    Case("task-wrong-arity", "sweep", lambda t: [sweep_file(t / "work", function=f"{DEMO}:wrong_arity", grid={"x": [1.0]}),
                                                 "--executor", "serial"], 3, "TypeError"),
    Case("task-returns-none", "sweep", lambda t: [sweep_file(t / "work", function=f"{DEMO}:returns_nothing"), "--executor", "serial"],
         3, "returned NoneType, expected dict"),
    # -- the size guard
    Case("sweep-1e10-tasks", "sweep", lambda t: [sweep_file(t / "work", grid={k: list(range(10)) for k in "abcdefghij"}, seeds=[0])],
         2, "10,000,000,000 tasks, more than the limit of 1,000,000"),
    Case("sweep-above-max-tasks", "sweep", lambda t: [sweep_file(t / "work"), "--max-tasks", "3"], 2, "4 tasks, more than the limit of 3"),
    # -- usage errors: one line, no usage block
    Case("sweep-no-arguments", "sweep", lambda t: [], 2, "the following arguments are required: sweep"),
    Case("sweep-unknown-option", "sweep", lambda t: [sweep_file(t / "work"), "--bogus"], 2, "unrecognized arguments: --bogus"),
    Case("sweep-out-is-a-file", "sweep", lambda t: [sweep_file(t / "work"), "--out", sweep_file(t / "work")], 2, "--out:"),
    # -- the scheduler address
    Case("scheduler-port-99999", "sweep", lambda t: [sweep_file(t / "work"), "--scheduler", "tcp://127.0.0.1:99999"], 2,
         "port must be in 1..65535"),
    Case("scheduler-not-an-address", "cli", lambda t: ["check", LINEAR, "--scheduler", "nonsense"], 2, "expected an address"),
    Case("scheduler-unreachable", "sweep", lambda t: [sweep_file(t / "work"), "--scheduler", f"tcp://127.0.0.1:{closed_port()}",
                                                      "--connect-timeout", "2"], 2, "cannot connect within 2 s"),
    Case("workers-a-million", "cli", lambda t: ["check", LINEAR, "--workers", "1000000"], 2, "positive integer up to 1024"),
    Case("connect-timeout-negative", "sweep", lambda t: [sweep_file(t / "work"), "--connect-timeout", "-1"], 2, "seconds"),
    # -- values and ranges
    Case("range-of-1e12-points", "cli", lambda t: ["bound", LINEAR, "jackson", "m=1..1e4:1000000000000"], 2, "at most 10000 points"),
    Case("subnormal-value", "cli", lambda t: ["bound", LINEAR, "jackson", "beta=1e-320"], 2, "subnormal"),
    Case("underflowing-value", "cli", lambda t: ["bound", LINEAR, "jackson", "beta=1e-400"], 2, "underflows to 0"),
    Case("overflowing-value", "cli", lambda t: ["bound", LINEAR, "jackson", "beta=1e400"], 2, "not a finite number"),
    Case("target-without-solve", "cli", lambda t: ["bound", LINEAR, "jackson", "--target", "0.1"], 2, "go together"),
    Case("solve-unknown-symbol", "cli", lambda t: ["bound", LINEAR, "jackson", "--solve", "nope", "--target", "1"], 2,
         "does not depend on 'nope'; it takes C_alpha, alpha, beta, d, gamma, m"),
    Case("growth-unknown-symbol", "cli", lambda t: ["bound", LINEAR, "jackson", "--growth", "nope"], 2, "does not depend on 'nope'"),
]


def _touch(path: Path) -> list[str]:
    """Create a plain file at ``path`` (a folder the output needs); no argv of its own."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    return []


def invoke(tool: str, argv: list[str]) -> tuple[int, str, str]:
    entry = rnnbounds_main if tool == "cli" else sweep_main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = entry(argv)
    return code, out.getvalue(), err.getvalue()


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def assert_one_line(code: int, err: str, expected: int, fragment: str) -> None:
    lines = err.splitlines()
    assert code == expected, err
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_one_line_and_its_exit_code(case, tmp_path, monkeypatch):
    for name in ("work", "out", "cache"):
        (tmp_path / name).mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv("RNNBOUNDS_CACHE", str(tmp_path / "cache"))
    for name, value in case.environment.items():
        monkeypatch.setenv(name, value)
    argv = case.argv(tmp_path)
    if case.tool == "sweep" and "--out" not in argv:
        argv += ["--out", str(tmp_path / "out"), "--no-progress"]
    before = files_under(tmp_path / "work")
    code, _, err = invoke(case.tool, argv)
    assert_one_line(code, err, case.code, case.fragment)
    assert files_under(tmp_path / "work") == before  # nothing written beside the inputs
    assert not (tmp_path.parent / "escaped.sweep.json").exists()
    assert not list(tmp_path.parent.glob("escaped*"))
    if case.code == 2:
        assert files_under(tmp_path / "out") <= {tmp_path / "out" / "figures"}  # refused before any work


# -- the Python API ---------------------------------------------------------------------------------

JACKSON = get_theorem(LINEAR).bound("jackson")
AT = dict(JACKSON.reference)

API_CASES = [
    ("evaluate-string", lambda: JACKSON.evaluate(**{**AT, "m": "64"}), "got the string '64'"),
    ("evaluate-complex", lambda: JACKSON.evaluate(**{**AT, "m": 8 + 1j}), "complex"),
    ("evaluate-10**400", lambda: JACKSON.evaluate(**{**AT, "m": 10**400}), "too large for a float"),
    ("evaluate-nan-in-array", lambda: JACKSON.evaluate(**{**AT, "m": [8.0, float("nan"), 8.0]}), "got NaN at index 1"),
    ("evaluate-boolean", lambda: JACKSON.evaluate(**{**AT, "m": True}), "boolean"),
    ("growth-beta-negative", lambda: JACKSON.growth("m", beta=-1), "beta must be a real number > 0; got -1.0"),
    ("growth-beta-zero", lambda: JACKSON.growth("m", beta=0), "beta must be a real number > 0; got 0.0"),
    ("growth-unknown-variable", lambda: JACKSON.growth("nope"), "does not depend on 'nope'"),
    ("growth-fixes-its-variable", lambda: JACKSON.growth("m", m=3), "m is the variable here"),
    ("regimes-cutoff-zero", lambda: JACKSON.regimes("m", "beta", 0.0), "beta must be a real number > 0"),
    ("regimes-unordered", lambda: JACKSON.regimes("m", "beta", 0.1, below=0.5), "below < cutoff < above"),
    ("solve-unknown-symbol", lambda: JACKSON.solve("nope", 0.1), "does not depend on 'nope'"),
    ("solve-string-target", lambda: JACKSON.solve("m", "0.1"), "target must be a finite real number"),
    ("solve-nan-target", lambda: JACKSON.solve("m", float("nan")), "target must be a finite real number"),
    ("sweep-from-dict-not-a-dict", lambda: Sweep.from_dict([1]), "expected an object"),
    ("sweep-from-dict-seeds-number", lambda: Sweep.from_dict({"name": "s", "function": "a:b", "seeds": 5}), "seeds"),
    ("sweep-name-number", lambda: Sweep(3, "a:b"), "name"),
    ("sweep-grid-number", lambda: Sweep("s", "a:b", grid=3), "grid"),
    ("sweep-fixed-list", lambda: Sweep("s", "a:b", fixed=[1, 2]), "fixed"),
    ("sweep-function-number", lambda: Sweep("s", 7), "function"),
]


@pytest.mark.parametrize("call, fragment", [(c, f) for _, c, f in API_CASES], ids=[i for i, _, _ in API_CASES])
def test_api_bad_value_raises_value_error_naming_it(call, fragment):
    with pytest.raises(ValueError) as raised:
        call()
    assert fragment in str(raised.value)


def test_table_covers_every_class():
    """At least one row per class of the issue; the closing note gives these counts."""
    assert len(CASES) >= 45 and len(API_CASES) >= 20


# -- the result store: repaired or read-only, and no finished result lost -----------------------------

def run_demo(tmp_path: Path, cache: Path, n: list[int], *extra: str) -> tuple[int, str, str]:
    spec = sweep_file(tmp_path, grid={"n": n})
    return invoke("sweep", [spec, "--cache", str(cache), "--out", str(tmp_path / "out"), "--no-progress",
                            "--executor", "serial", *extra])


def stored(cache: Path) -> dict[str, str]:
    with contextlib.closing(sqlite3.connect(cache / "results.sqlite")) as connection:
        return dict(connection.execute("SELECT key, rows FROM results"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-schema"])
def test_corrupt_store_is_moved_aside_with_one_warning_and_kept(tmp_path, damage):
    cache = tmp_path / "cache"
    assert run_demo(tmp_path, cache, [3, 4])[0] == 0
    database = cache / "results.sqlite"
    original = database.read_bytes()
    if damage == "garbage":
        database.write_bytes(bytes(range(256)) * 16)
    elif damage == "truncated":
        with contextlib.closing(sqlite3.connect(database)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        database.write_bytes(database.read_bytes()[:1500])
    else:
        with contextlib.closing(sqlite3.connect(database)) as connection:
            connection.executescript("DROP TABLE results; CREATE TABLE results (key TEXT, other TEXT);")
    damaged = database.read_bytes()
    code, out, err = run_demo(tmp_path, cache, [3, 4])
    assert code == 0 and "4 tasks (0 reused)" in out
    assert len(err.splitlines()) == 1 and "is corrupt" in err and str(database) in err and "results.sqlite.corrupt-1" in err
    assert (cache / "results.sqlite.corrupt-1").read_bytes() == damaged  # kept for inspection, not deleted
    assert damaged != original
    assert len(stored(cache)) == 4  # the new store holds every task again


def test_locked_store_is_an_error_not_a_corruption(tmp_path, monkeypatch):
    import rnnbounds.sweeps.store_open as store_open
    from rnnbounds.sweeps import ResultStore

    cache = tmp_path / "cache"
    run_demo(tmp_path, cache, [3])
    monkeypatch.setattr(store_open, "BUSY_SECONDS", 0.2)
    with contextlib.closing(sqlite3.connect(cache / "results.sqlite", isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        with ResultStore(cache) as store:  # another writer: the store opens and reads as usual
            assert store.writable and store.count() == 2
            with pytest.raises(ValueError, match="results.sqlite: database is locked"):
                store.save_sweep("x", "{}")
        other.execute("ROLLBACK")
    assert not list(cache.glob("*.corrupt-*")) and len(stored(cache)) == 2


def test_tampered_and_cut_rows_are_recomputed_with_a_warning(tmp_path):
    cache = tmp_path / "cache"
    run_demo(tmp_path, cache, [3, 4, 5])
    honest = stored(cache)
    with contextlib.closing(sqlite3.connect(cache / "results.sqlite")) as connection:
        keys = sorted(honest)
        connection.execute("UPDATE results SET rows = ? WHERE key = ?", ('[{"mean_abs_power": 5.0}]', keys[0]))
        connection.execute("UPDATE results SET rows = substr(rows, 1, 7) WHERE key = ?", (keys[1],))
        connection.commit()
    code, out, err = run_demo(tmp_path, cache, [3, 4, 5])
    assert code == 0 and "6 tasks (4 reused)" in out
    assert len(err.splitlines()) == 1 and "2 stored result(s) do not match their digest" in err and "results.sqlite" in err
    assert stored(cache) == honest  # recomputed to the same rows; the tampered value is gone
    rows = [json.loads(line) for line in (tmp_path / "out" / "demo.rows.jsonl").read_text().splitlines()]
    assert 5.0 not in {row["mean_abs_power"] for row in rows}


def test_unreachable_scheduler_is_refused_even_when_every_result_is_cached(tmp_path):
    cache = tmp_path / "cache"
    assert run_demo(tmp_path, cache, [3, 4])[0] == 0
    code, out, err = run_demo(tmp_path, cache, [3, 4], "--executor", "dask", "--scheduler",
                              f"tcp://127.0.0.1:{closed_port()}", "--connect-timeout", "1")
    assert_one_line(code, err, 2, "cannot connect within 1 s")
    assert out == ""


def test_seed_above_the_store_range_is_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError, match="seeds"):
        Sweep("s", f"{DEMO}:noisy_power", seeds=[2**63])
    assert Sweep("s", f"{DEMO}:noisy_power", seeds=[2**63 - 1]).task_count == 1  # the largest is accepted


PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def _without_permission_override() -> None:
    """preexec_fn: when the tests run as root, drop the capabilities that let root ignore file
    modes (from the bounding set, so the exec'd child never has them); then modes bind it."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_read_only_store_is_reused_with_one_warning_and_not_changed(tmp_path):
    base = tmp_path
    cache, out = base / "cache", base / "out"
    spec3, spec5 = sweep_file(base, grid={"n": [3, 4]}), sweep_file(base, name="more", grid={"n": [3, 4, 5]})
    first = subprocess.run([sys.executable, "-m", "rnnbounds.sweeps", spec3, "--cache", str(cache), "--out", str(out),
                            "--no-progress", "--executor", "serial"], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    before = stored(cache)
    (cache / "results.sqlite").chmod(0o444)
    cache.chmod(0o555)
    try:
        rerun = subprocess.run([sys.executable, "-m", "rnnbounds.sweeps", spec5, "--cache", str(cache), "--out", str(out),
                                "--no-progress", "--executor", "serial"], capture_output=True, text=True, timeout=120,
                               preexec_fn=_without_permission_override, cwd=base)
    finally:
        cache.chmod(0o755)
    assert rerun.returncode == 0, rerun.stderr
    assert "6 tasks (4 reused)" in rerun.stdout
    lines = rerun.stderr.splitlines()
    assert len(lines) == 1 and "is read-only" in lines[0] and str(cache / "results.sqlite") in lines[0]
    assert stored(cache) == before  # read, not written


# -- Ctrl-C during start-up: one line, 130 --------------------------------------------------------------

def _loaded(pid: int, library: str) -> bool:
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


SLOW_SWEEP = {"name": "slow", "function": f"{DEMO}:slow_square", "grid": {"x": [1.0], "sleep": [5.0]}}


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see the child importing")
@pytest.mark.parametrize("command, library", [
    (["-m", "rnnbounds.cli", "list"], "_multiarray_umath"),  # numpy, imported by the registry
    (["-m", "rnnbounds.sweeps", "slow.json", "--no-progress", "--executor", "serial"], "_sqlite3"),  # the store
], ids=["rnnbounds", "sweeps"])
def test_ctrl_c_while_importing_prints_one_line_and_exits_130(tmp_path, command, library):
    """SIGINT once the child is importing its modules (past the interpreter's own start-up)."""
    (tmp_path / "slow.json").write_text(json.dumps(SLOW_SWEEP))
    reset = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
    child = subprocess.Popen([sys.executable, *command, *(["--cache", str(tmp_path / "cache")] if "sweeps" in command[1] else [])],
                             cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=reset)
    deadline = time.monotonic() + 60
    while not _loaded(child.pid, library) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert len(err.splitlines()) == 1 and "interrupted" in err and "Traceback" not in err, err
