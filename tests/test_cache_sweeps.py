"""`python -m rnnbounds.sweeps --no-cache` runs every task and leaves no store; without it, a
rerun reuses every task (the control)."""

from __future__ import annotations

import json

from rnnbounds.sweeps.main import run


def _sweep_file(tmp_path):
    spec = {"name": "no-cache", "function": "rnnbounds.sweeps.demo:noisy_power", "grid": {"n": [8, 16]}, "seeds": [0, 1]}
    path = tmp_path / "sweep.json"
    path.write_text(json.dumps(spec))
    return str(path)


def test_no_cache_stores_nothing_and_reuses_nothing(tmp_path, capsys):
    spec, cache = _sweep_file(tmp_path), tmp_path / "cache"
    common = [spec, "--out", str(tmp_path / "out"), "--executor", "serial", "--no-progress", "--cache", str(cache)]
    assert run([*common, "--no-cache"], "sweeps") == 0
    assert "4 tasks (0 reused)" in capsys.readouterr().out and not (cache / "results.sqlite").exists()
    assert run(common, "sweeps") == 0
    assert "4 tasks (0 reused)" in capsys.readouterr().out and (cache / "results.sqlite").exists()
    assert run(common, "sweeps") == 0
    assert "4 tasks (4 reused)" in capsys.readouterr().out
    assert run([*common, "--no-cache"], "sweeps") == 0
    assert "4 tasks (0 reused)" in capsys.readouterr().out
