"""Same seed, same bytes: two runs of `rnnbounds report` write byte-identical files.

The two runs use separate result stores (so nothing is reused) and different executors
(serial, then local processes); a third run resumes from the first store.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from rnnbounds.cli import main
from rnnbounds.theorems.registry import all_theorems

WORKED_EXAMPLE = "linear-curse-of-memory"


def report(theorem_id: str, out: Path, cache: Path, executor: str, seed: int) -> None:
    argv = ["report", theorem_id, "--seed", str(seed), "--out", str(out), "--cache", str(cache),
            "--executor", executor, "--quiet"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(argv)
    assert code in (0, 1), err.getvalue()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_identical(first: Path, second: Path) -> None:
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"files differ between runs: {different}"


def test_report_twice_with_the_same_seed_is_byte_identical(tmp_path):
    theorem_id = WORKED_EXAMPLE if WORKED_EXAMPLE in {t.id for t in all_theorems()} else all_theorems()[0].id
    report(theorem_id, tmp_path / "first", tmp_path / "store-first", "serial", seed=3)
    report(theorem_id, tmp_path / "second", tmp_path / "store-second", "process", seed=3)
    assert any(name.endswith(".png") for name in tree(tmp_path / "first")), "expected figures in the report"
    assert_identical(tmp_path / "first", tmp_path / "second")
    report(theorem_id, tmp_path / "resumed", tmp_path / "store-first", "serial", seed=3)
    assert_identical(tmp_path / "first", tmp_path / "resumed")


@pytest.mark.slow
@pytest.mark.parametrize("theorem_id", [t.id for t in all_theorems()])
def test_every_report_is_byte_identical_and_depends_on_the_seed(tmp_path, theorem_id):
    report(theorem_id, tmp_path / "first", tmp_path / "store-first", "process", seed=11)
    report(theorem_id, tmp_path / "second", tmp_path / "store-second", "process", seed=11)
    assert_identical(tmp_path / "first", tmp_path / "second")
    report(theorem_id, tmp_path / "other", tmp_path / "store-other", "process", seed=12)
    page = f"{theorem_id}.md"
    assert tree(tmp_path / "other")[page] != tree(tmp_path / "first")[page], "the seed should change the page"


@pytest.mark.slow
def test_report_killed_mid_run_resumes_to_identical_files(tmp_path):
    """SIGKILL `rnnbounds report` once some instances are stored; the rerun keeps them and the
    report equals a fresh run's byte for byte."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    theorem_id = WORKED_EXAMPLE if WORKED_EXAMPLE in {t.id for t in all_theorems()} else all_theorems()[0].id
    store = tmp_path / "store"
    command = [sys.executable, "-m", "rnnbounds.cli", "report", theorem_id, "--seed", "5", "--cache", str(store),
               "--executor", "serial", "--quiet"]
    process = subprocess.Popen([*command, "--out", str(tmp_path / "killed")], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, kept = time.monotonic() + 300, []
    while len(kept) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "finished before it could be killed"
        time.sleep(0.05)
        if (store / "results.sqlite").exists():
            with sqlite3.connect(store / "results.sqlite", timeout=30) as connection:
                try:
                    kept = connection.execute("SELECT key, rows FROM results").fetchall()
                except sqlite3.OperationalError:
                    kept = []
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    report(theorem_id, tmp_path / "resumed", store, "serial", seed=5)
    with sqlite3.connect(store / "results.sqlite") as connection:
        after = dict(connection.execute("SELECT key, rows FROM results"))
    assert all(after[key] == rows for key, rows in kept)
    report(theorem_id, tmp_path / "fresh", tmp_path / "fresh-store", "serial", seed=5)
    assert_identical(tmp_path / "resumed", tmp_path / "fresh")
