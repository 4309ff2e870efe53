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


# bound: one warning line per hypothesis relation the point leaves (beta < beta0, beta0 = 0.1 at the
# reference of inverse-approximation's target_memory), on both sides of the boundary


@pytest.mark.parametrize("value, warned", [("0.09", False), ("0.1", True), ("0.11", True), ("2", True)])
def test_bound_warns_once_per_violated_hypothesis(capsys, value, warned):
    code, out, err = run(capsys, "bound", "inverse-approximation", "target_memory", f"beta={value}")
    assert code == 0 and "target_memory = " in out
    expected = [f"rnnbounds: warning: beta={value}, beta0=0.1 are outside hypothesis 'rate-below-radius' "
                "(beta < beta0)"] if warned else []
    assert err.splitlines() == expected


def test_bound_warns_when_part_of_a_range_leaves_a_hypothesis(capsys):
    code, _, err = run(capsys, "bound", "inverse-approximation", "target_memory", "beta=0.05..0.2:4")
    assert code == 0
    assert err.splitlines() == ["rnnbounds: warning: part of beta=0.05..0.2, beta0=0.1 is outside hypothesis "
                                "'rate-below-radius' (beta < beta0)"]
    code, _, err = run(capsys, "bound", "inverse-approximation", "target_memory", "beta=0.01..0.09:4")
    assert code == 0 and err == ""


# cache: info, prune, clear, one-line errors


def _fill(cache: str) -> None:
    """Six results of the demo sweep in the store under ``cache``."""
    from rnnbounds.sweeps import SerialExecutor, Sweep, run_sweep

    sweep = Sweep("cli-cache", "rnnbounds.sweeps.demo:noisy_power", grid={"n": [8, 16, 32]}, seeds=[0, 1])
    run_sweep(sweep, executor=SerialExecutor(), cache=cache, progress=False)


def test_cache_info_prune_and_clear_an_empty_and_a_filled_store(capsys, tmp_path):
    cache = str(tmp_path / "store")
    code, out, _ = run(capsys, "cache", "info", "--cache", cache)
    assert code == 0 and "none yet" in out
    code, out, _ = run(capsys, "cache", "prune", "--cache", cache)
    assert code == 0 and "deleted 0 stale result(s), kept 0" in out
    _fill(cache)
    code, out, _ = run(capsys, "cache", "info", "--cache", cache)
    stored = int(next(line for line in out.splitlines() if line.startswith("results:")).split()[1].replace(",", ""))
    assert code == 0 and stored == 6 and "(0 stale" in out
    code, out, _ = run(capsys, "cache", "prune", "--cache", cache)
    assert code == 0 and f"deleted 0 stale result(s), kept {stored:,}" in out  # nothing changed: nothing stale
    code, out, _ = run(capsys, "cache", "clear", "--cache", cache)
    assert code == 0 and "results.sqlite" in out and not (tmp_path / "store" / "results.sqlite").exists()
    code, out, _ = run(capsys, "cache", "clear", "--cache", cache)
    assert code == 0 and "no result store to delete" in out


def test_cache_prune_deletes_results_of_another_code_version(capsys, tmp_path):
    import sqlite3

    cache = str(tmp_path / "store")
    _fill(cache)
    with sqlite3.connect(tmp_path / "store" / "results.sqlite") as connection:
        total = connection.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        connection.execute("UPDATE results SET version = '0.0.0+000000000000' WHERE rowid IN "
                           "(SELECT rowid FROM results LIMIT 2)")
    code, out, _ = run(capsys, "cache", "prune", "--cache", cache)
    assert code == 0 and f"deleted 2 stale result(s), kept {total - 2:,}" in out


@pytest.mark.parametrize("argv", [["cache"], ["cache", "wipe"], ["cache", "info", "--cache", ""]])
def test_cache_bad_arguments_are_one_line(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and err.startswith("rnnbounds: error:")


def test_cache_on_a_file_is_one_line(capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    for action in ("info", "prune", "clear"):
        code, _, err = run(capsys, "cache", action, "--cache", str(tmp_path / "file"))
        assert code == 2 and err.strip().endswith("is not a folder") and len(err.splitlines()) == 1


# symbols, selftest


def test_symbols_lists_shared_and_per_theorem_symbols(capsys):
    code, out, _ = run(capsys, "symbols")
    assert code == 0 and any(line.split()[:3] == ["eps", "probability", "shared"] for line in out.splitlines())
    code, out, _ = run(capsys, "symbols", "linear-curse-of-memory")
    names = [line.split()[0] for line in out.splitlines()[2:]]
    assert code == 0 and "m" in names and "eps" not in names
    code, _, err = run(capsys, "symbols", "no-such-theorem")
    assert code == 2 and err.startswith("rnnbounds: error: unknown theorem 'no-such-theorem'")


def test_selftest_of_an_unknown_theorem_is_one_line(capsys):
    code, _, err = run(capsys, "selftest", "no-such-theorem")
    assert code == 2 and len(err.splitlines()) == 1 and "unknown theorem 'no-such-theorem'" in err


def test_check_and_report_take_no_cache(capsys):
    from rnnbounds.cli import build_parser

    for command in ("check", "report"):
        assert build_parser().parse_args([command, "--no-cache"]).no_cache is True
        assert build_parser().parse_args([command]).no_cache is False


def test_falsify_is_a_command_of_rnnbounds(capsys, tmp_path):
    """Wired into the CLI: a short search of the linear envelope reports its tightness, exit 0."""
    code, out, err = run(capsys, "falsify", "linear-curse-of-memory", "memory_envelope", "--budget", "1",
                         "--no-cache", "--executor", "serial", "--no-progress", "--out", str(tmp_path / "f"))
    assert code == 0 and err.strip().startswith("searched in")
    assert "memory_envelope" in out and "memory-envelope" in out and (tmp_path / "f").is_dir()


@pytest.mark.parametrize("argv, fragment", [(["falsify", "nope"], "unknown theorem 'nope'"),
                                            (["falsify", "linear-curse-of-memory", "--budget", "-1"], "budget")])
def test_falsify_bad_input_is_one_line(capsys, argv, fragment):
    code, _, err = run(capsys, *argv)
    assert code == 2 and len(err.strip().splitlines()) == 1 and fragment in err
