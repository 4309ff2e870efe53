"""The `rnnbounds` command: output, exit codes, and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rnnbounds.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_each_theorem_with_provenance(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "linear-curse-of-memory" in out and "1 stated" in out


def test_show_prints_bounds_with_tags(capsys):
    code, out, _ = run(capsys, "show", "linear-curse-of-memory")
    assert code == 0 and "[stated] jackson <=" in out and "[derived] memory_envelope" in out
    code, out, _ = run(capsys, "show", "linear-curse-of-memory", "--latex")
    assert r"\frac" in out


def test_bound_evaluates_a_point_and_a_range(capsys):
    code, out, _ = run(capsys, "bound", "linear-curse-of-memory", "jackson", "m=10", "beta=0.1")
    assert code == 0 and "jackson = 1" in out
    code, out, _ = run(capsys, "bound", "linear-curse-of-memory", "jackson", "m=1..1e3:4", "--growth", "m",
                       "--solve", "m", "--target", "0.1")
    assert code == 0 and "0.01" in out and "Theta(1/m)" in out and "meeting 0.1: 100" in out


@pytest.mark.parametrize("argv, fragment", [
    (["show", "no-such-theorem"], "unknown theorem"),
    (["bound", "linear-curse-of-memory", "nope"], "has no bound 'nope'"),
    (["bound", "linear-curse-of-memory", "jackson", "m"], "malformed assignment"),
    (["bound", "linear-curse-of-memory", "jackson", "m=-3"], "m must be a positive integer"),
    (["bound", "linear-curse-of-memory", "jackson", "m=abc"], "not a number"),
    (["bound", "linear-curse-of-memory", "jackson", "m=1..10", "d=1..3"], "only one variable"),
    (["bound", "linear-curse-of-memory", "jackson", "zz=1"], "unknown symbol"),
    (["check", "--level", "medium"], "invalid choice"),
    (["check", "--seed", "-1"], "seed must be an integer in [0, 2^63 - 1]"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_gets_one_line_and_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_check_prints_verdicts_and_writes_json(capsys, tmp_path):
    target = tmp_path / "results.json"
    code, out, err = run(capsys, "check", "linear-curse-of-memory", "--quiet", "--json", str(target))
    assert code == 0
    assert "memory-equals-kernel-norm" in out and "seen to fail" in out
    payload = json.loads(target.read_text())
    verdicts = {r["claim_id"]: r["verdict"] for r in payload["linear-curse-of-memory"]}
    assert set(verdicts.values()) == {"holds"}


def test_version_prints_the_package_version(capsys):
    from rnnbounds import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"rnnbounds {__version__}"


@pytest.mark.parametrize("level, folder", [("quick", "reports/quick"), ("full", "reports")])
def test_report_default_folder_keeps_quick_runs_out_of_the_committed_reports(capsys, tmp_path, monkeypatch, level, folder):
    import rnnbounds.commands
    import rnnbounds.report

    written = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(rnnbounds.commands, "run_checks", lambda theorems, *a, **k: {t.id: [] for t in theorems})
    monkeypatch.setattr(rnnbounds.report, "write_reports", lambda theorems, results, out, *a: written.append(out) or [])
    code, _, err = run(capsys, "report", "linear-curse-of-memory", "--level", level, "--quiet")
    assert code == 0 and written == [Path(folder)]
    assert "reported in" in err and "claim" in err  # the verdict summary comes before the time


def test_check_json_is_replaced_atomically(capsys, tmp_path, monkeypatch):
    import rnnbounds.commands

    target = tmp_path / "results.json"
    target.write_text("old")
    monkeypatch.setattr(rnnbounds.commands, "run_checks", lambda theorems, *a, **k: {t.id: [] for t in theorems})
    code, _, _ = run(capsys, "check", "linear-curse-of-memory", "--quiet", "--json", str(target))
    assert code == 0 and json.loads(target.read_text()) == {"linear-curse-of-memory": []}
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no temporary file left beside it
