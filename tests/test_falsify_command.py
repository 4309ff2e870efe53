"""``rnnbounds falsify`` through a parser built here (the command is wired into COMMANDS elsewhere):
its files, its one-line errors and exit codes, the sweep cache, and the report section."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rnnbounds.falsify.command import add_arguments, run
from rnnbounds.falsify.registry import targets_for
from rnnbounds.falsify.report_section import render, section_for
from rnnbounds.falsify.task import configurations, falsify_sweep
from rnnbounds.sweeps.executors import SerialExecutor
from rnnbounds.sweeps.runner import run_sweep
from rnnbounds.theorems.registry import get_theorem
from rnnbounds.usage import EXIT_BAD_INPUT, EXIT_OK, OneLineParser, UsageError


def falsify(argv: list[str]) -> int:
    parser = OneLineParser(prog="rnnbounds falsify")
    add_arguments(parser)
    try:
        arguments = parser.parse_args(argv)
    except UsageError as error:
        print(f"rnnbounds falsify: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run(arguments)


def test_falsify_writes_summary_section_and_reproducers(tmp_path, capsys):
    status = falsify(["inverse-approximation", "lyapunov_norm", "--budget", "1", "--executor", "serial",
                      "--out", str(tmp_path), "--no-progress"])
    assert status == EXIT_OK
    printed = capsys.readouterr().out
    assert "lyapunov_norm" in printed and "jordan" in printed
    folder = tmp_path / "inverse-approximation"
    payload = json.loads((folder / "falsify.json").read_text())
    (summary,) = payload["targets"]
    assert summary["counterexamples"] and summary["best_ratio"] > 1
    section = (folder / "falsify.md").read_text()
    assert section.startswith("## Falsification search") and "Counterexamples found by the search" in section
    reproducer = folder / "counterexamples" / "lyapunov_norm-P10-lemma-A8-needs-normal-W-jordan.py"
    ran = subprocess.run([sys.executable, reproducer.name], cwd=reproducer.parent, capture_output=True, text=True,
                         timeout=120)
    assert ran.returncode == 0 and "judge says it holds: False" in ran.stdout, ran.stderr
    assert section_for("inverse-approximation", tmp_path) == section
    linked = section_for("inverse-approximation", tmp_path, link_prefix="falsify/inverse-approximation/")
    assert "](falsify/inverse-approximation/counterexamples/lyapunov_norm-P10-lemma-A8-needs-normal-W-jordan.py)" in linked


def test_a_correct_bound_reports_its_tightness_and_no_counterexample(tmp_path, capsys):
    assert falsify(["linear-curse-of-memory", "--budget", "0.8", "--executor", "serial", "--out", str(tmp_path),
                    "--no-progress"]) == EXIT_OK
    payload = json.loads((tmp_path / "linear-curse-of-memory" / "falsify.json").read_text())
    (summary,) = payload["targets"]
    assert summary["counterexamples"] == [] and 0.99 < summary["best_ratio"] <= 1 + 1e-9
    assert not (tmp_path / "linear-curse-of-memory" / "counterexamples").exists()


@pytest.mark.parametrize("argv, message", [
    (["no-such-theorem"], "no-such-theorem"),
    (["inverse-approximation", "jackson"], "no bound or claim 'jackson'"),
    (["all", "lyapunov_norm"], "give a theorem id with it"),
    (["inverse-approximation", "--budget", "0"], "expected seconds per bound"),
    (["inverse-approximation", "--budget", "nan"], "expected seconds per bound"),
    (["inverse-approximation", "--seed", "-1"], "seed must be"),
    (["inverse-approximation", "--executor", "serial", "--workers", "2"], "serial executor"),
])
def test_bad_input_is_one_line_and_exit_2(argv, message, tmp_path, capsys):
    assert falsify(argv + ["--out", str(tmp_path / "out")]) == EXIT_BAD_INPUT
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and message in error and "Traceback" not in error
    assert not (tmp_path / "out" / "inverse-approximation").exists()


def test_an_output_path_that_is_a_file_is_refused(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert falsify(["linear-curse-of-memory", "--out", str(blocker)]) == EXIT_BAD_INPUT
    assert "--out" in capsys.readouterr().err


def test_searches_are_sweep_tasks_stored_and_reused(tmp_path):
    theorem = get_theorem("inverse-approximation")
    targets = [t for t in targets_for(theorem)
               if t.name == "lyapunov_norm"]
    grid = [c for c in configurations(theorem, targets, 0.5) if c["family"] in ("jordan", "near-defective")]
    sweep = falsify_sweep(grid, seed=0, budget=0.5)
    first = run_sweep(sweep, executor=SerialExecutor(), cache=tmp_path)
    again = run_sweep(sweep, executor=SerialExecutor(), cache=tmp_path)
    assert first.reused == 0 and again.reused == again.total == 2
    assert again.rows == first.rows


def test_render_lists_each_bound_with_its_result():
    search = {"target": "b", "claim_id": "c", "family": "f", "family_description": "d", "evaluations": 3,
              "rejected": 1, "errors": 0, "seconds": 0.5, "stopped_by_budget": False, "best_ratio": 0.25,
              "violation": False, "witness": None}
    payload = {"budget": 2.0, "seed": 0, "searches": [search],
               "targets": [{"name": "b", "claim": "c", "direction": "upper", "evaluations": 3, "seconds": 0.5,
                            "best_ratio": 0.25, "best_family": "f", "known_tightness": None, "counterexamples": [],
                            "claim_failures": 0}]}
    text = render(payload)
    assert "| `b` | c | upper | 3 | 0.5 | 0.25 | f | - | no violation found |" in text
    assert "Counterexamples" not in text
    assert section_for("nothing-here", "/nonexistent") == ""
