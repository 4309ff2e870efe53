"""Theorems from separate tiny packages are found through the `rnnbounds.theorems` entry point,
and a broken plugin is left out, named in one line, while every other theorem keeps working."""

from __future__ import annotations

import textwrap

import pytest

from rnnbounds.cli import main
from rnnbounds.testing import checks
from rnnbounds.testing.entry_points import plugins_from, write_distribution
from rnnbounds.theorems import registry

PLUGIN = textwrap.dedent('''
    import sympy as sp
    from hypothesis import strategies as st

    from rnnbounds.theorems import symbols as S
    from rnnbounds.theorems.core import (Bound, Claim, ClaimKind, Control, Direction, Measurement, Provenance,
                                         Source, Theorem)

    SOURCE = Source("Tiny 2026", "Thm 1", spec="item 1")
    RATE = Bound("rate", "error", 1 / sp.sqrt(S.n), Direction.UPPER, Provenance.SHAPE, SOURCE, {"n": 4})
    CLAIM = Claim("mean", "mean", "given n, measure factor/sqrt(n), expect <= bound",
                  instances=lambda level: [{"n": 4, "factor": 1.0}],
                  measure=lambda i, rng: Measurement(i["factor"] / i["n"] ** 0.5, RATE.evaluate(n=i["n"])),
                  judge=lambda i, m: m.measured <= m.bound, tolerance="exact", kind=ClaimKind.IMPLEMENTATION,
                  controls=(Control(lambda level: {"n": 4, "factor": 1.01}, "measured <= bound", "1% above"),),
                  strategy=lambda: st.fixed_dictionaries({"n": st.integers(1, 100), "factor": st.floats(0, 1)}),
                  source=SOURCE, bound="rate")
    THEOREM = Theorem("tiny-plugin", "Tiny plugin theorem", "Tiny 2026", "none", "x", "y", (), (RATE,), (CLAIM,))
''')

BROKEN = {
    "raises-on-import": ("broken_import", "raise ImportError('no module named numpyy')\n"),
    "not-a-theorem": ("broken_object", "THEOREM = 42\n"),
    "twin-of-tiny": ("broken_repeat", "from tiny_rnnbounds_plugin import THEOREM\n"),
}


@pytest.fixture
def plugin_on_path(tmp_path):
    (tmp_path / "tiny_rnnbounds_plugin.py").write_text(PLUGIN)
    write_distribution(tmp_path, "tiny-rnnbounds-plugin", {"tiny": "tiny_rnnbounds_plugin:THEOREM"})
    with plugins_from(tmp_path):
        yield tmp_path


@pytest.fixture
def broken_plugins(plugin_on_path):
    for name, (module, source) in BROKEN.items():
        (plugin_on_path / f"{module}.py").write_text(source)
        write_distribution(plugin_on_path, f"dist-{name}", {name: f"{module}:THEOREM"})
    with plugins_from(plugin_on_path):
        yield


def test_plugin_theorem_is_discovered(plugin_on_path):
    ids = [t.id for t in registry.all_theorems()]
    assert "tiny-plugin" in ids and "linear-curse-of-memory" in ids
    assert registry.get_theorem("tiny-plugin").bound("rate").evaluate(n=100) == pytest.approx(0.1)
    assert registry.theorem_module("tiny-plugin") == "tiny_rnnbounds_plugin"


def test_the_example_plugin_passes_the_battery_checks(plugin_on_path):
    theorem = registry.get_theorem("tiny-plugin")
    claim = theorem.claim("mean")
    checks.theorem_is_documented(theorem)
    checks.bound_has_provenance_source_and_reference(theorem, theorem.bound("rate"))
    checks.quick_level_has_no_unexpected_failure(theorem)
    checks.negative_control_is_seen_to_fail(theorem, claim, 0)
    checks.claim_evaluates_the_bound_it_names(theorem, claim)
    checks.claim_holds_on_drawn_instances(theorem, claim, max_examples=5)


def test_a_strategy_that_is_not_a_hypothesis_strategy_is_refused_by_the_battery(plugin_on_path):
    """The old example's `strategy=lambda: None`: the battery says what is wrong."""
    import dataclasses

    theorem = registry.get_theorem("tiny-plugin")
    claim = dataclasses.replace(theorem.claim("mean"), strategy=lambda: None)
    with pytest.raises(AssertionError, match="must return a hypothesis strategy"):
        checks.claim_holds_on_drawn_instances(theorem, claim, max_examples=5)


def test_plugin_is_absent_without_its_distribution():
    registry.clear()
    assert "tiny-plugin" not in [t.id for t in registry.all_theorems()]


def test_broken_plugins_are_left_out_and_named(broken_plugins):
    ids = [t.id for t in registry.all_theorems()]
    assert "tiny-plugin" in ids and ids.count("tiny-plugin") == 1 and "linear-curse-of-memory" in ids
    reasons = {b.name: b.reason for b in registry.broken_plugins()}
    assert set(reasons) == set(BROKEN)
    assert "ImportError: no module named numpyy" in reasons["raises-on-import"]
    assert "does not provide a Theorem (got int)" in reasons["not-a-theorem"]
    assert "'tiny-plugin' is already registered" in reasons["twin-of-tiny"]


def _stderr_lines(capsys) -> tuple[str, list[str]]:
    captured = capsys.readouterr()
    return captured.out, [line for line in captured.err.splitlines() if line.strip()]


def test_list_and_show_keep_working_beside_broken_plugins(broken_plugins, capsys):
    assert main(["list"]) == 0
    out, errors = _stderr_lines(capsys)
    assert "linear-curse-of-memory" in out and "tiny-plugin" in out
    assert len(errors) == len(BROKEN)  # one line each
    for name in BROKEN:
        assert sum(f"plugin entry point {name!r}" in line for line in errors) == 1
    assert all(line.startswith("rnnbounds: warning: plugin entry point") for line in errors)

    assert main(["show", "linear-curse-of-memory"]) == 0
    out, errors = _stderr_lines(capsys)
    assert out.startswith("linear-curse-of-memory:")


def test_a_broken_plugins_theorem_is_unknown_with_the_plugin_named(broken_plugins, capsys):
    assert main(["show", "no-such-theorem"]) == 2
    _, errors = _stderr_lines(capsys)
    assert errors[-1].startswith("rnnbounds: error: unknown theorem 'no-such-theorem'")
    assert "failed to load: " in errors[-1] and "raises-on-import" in errors[-1]


def test_check_of_a_working_plugin_runs_beside_broken_ones(broken_plugins, capsys, tmp_path):
    assert main(["check", "tiny-plugin", "--executor", "serial", "--quiet", "--cache", str(tmp_path / "c")]) == 0
    out, _ = _stderr_lines(capsys)
    assert "holds" in out
