"""Cached results are never stale: an edit to a plugin's sources changes the key of its claims.

A throwaway plugin package is written to tmp_path with its own .dist-info (found by
importlib.metadata like an installed one). ``rnnbounds check`` runs it on one cache; an edit to a
helper module of the package (not the entry point's module) makes the claim fail; ``check`` on
the same cache must then say so. The controls: a rerun without an edit reuses every stored
result, and ``--no-cache`` stores nothing.
"""

from __future__ import annotations

import sqlite3
import sys
import textwrap
from pathlib import Path

import pytest

from rnnbounds.cli import main
from rnnbounds.testing.entry_points import forget_loaded, plugins_from, write_distribution

THEOREM_MODULE = textwrap.dedent('''
    import sympy as sp
    from hypothesis import strategies as st

    from rnnbounds.theorems import symbols as S
    from rnnbounds.theorems.core import (Bound, Claim, ClaimKind, Control, Direction, Measurement, Provenance,
                                         Source, Theorem)
    from stale_plugin.limits import LIMIT

    SOURCE = Source("Tiny 2026", "Thm 1", spec="item 1")
    RATE = Bound("rate", "error", 1 / sp.sqrt(S.n), Direction.UPPER, Provenance.SHAPE, SOURCE, {"n": 4})
    CLAIM = Claim(
        "mean", "mean", "given n, measure factor/sqrt(n), expect at most LIMIT x the bound",
        instances=lambda level: [{"n": 4, "factor": 1.0}, {"n": 9, "factor": 1.0}],
        measure=lambda i, rng: Measurement(i["factor"] / i["n"] ** 0.5, RATE.evaluate(n=i["n"])),
        judge=lambda i, m: m.measured <= LIMIT * m.bound, tolerance="exact", kind=ClaimKind.IMPLEMENTATION,
        controls=(Control(lambda level: {"n": 4, "factor": 1.1}, "measured <= bound", "10% above"),),
        strategy=lambda: st.fixed_dictionaries({"n": st.integers(1, 50), "factor": st.just(1.0)}), source=SOURCE)
    THEOREM = Theorem("stale-plugin", "Stale plugin", "Tiny 2026", "none", "x", "y", (), (RATE,), (CLAIM,))
''')


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """The plugin package in tmp_path/site, registered; yields (site, limits file, cache)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # an edit within the same second is still seen
    site = tmp_path / "site"
    package = site / "stale_plugin"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "theorem.py").write_text(THEOREM_MODULE)
    (package / "limits.py").write_text("LIMIT = 1.0\n")
    write_distribution(site, "stale-plugin", {"stale": "stale_plugin.theorem:THEOREM"})
    with plugins_from(site):
        yield site, package / "limits.py", tmp_path / "cache"


def _check(cache: Path, capsys, *extra: str) -> tuple[int, str]:
    status = main(["check", "stale-plugin", "--cache", str(cache), "--executor", "serial", "--quiet", *extra])
    return status, capsys.readouterr().out


def _stored(cache: Path) -> int:
    with sqlite3.connect(cache / "results.sqlite") as connection:
        return connection.execute("SELECT COUNT(*) FROM results").fetchone()[0]


def _verdict(output: str) -> str:
    row = next(line for line in output.splitlines() if line.startswith("mean "))
    return "fails" if " fails " in row else "holds" if " holds " in row else row


def test_an_edit_to_a_plugin_module_changes_the_verdict_on_the_same_cache(plugin, capsys):
    site, limits, cache = plugin
    status, output = _check(cache, capsys)
    assert (status, _verdict(output)) == (0, "holds")
    stored = _stored(cache)
    assert stored == 3  # two instances and the control

    forget_loaded(site)  # a new process, in effect
    status, output = _check(cache, capsys)
    assert (status, _verdict(output), _stored(cache)) == (0, "holds", stored)  # reused, nothing recomputed

    limits.write_text("LIMIT = 0.5\n")  # now measured = bound > 0.5 x bound: the claim must fail
    forget_loaded(site)
    status, output = _check(cache, capsys)
    assert (status, _verdict(output)) == (1, "fails")
    assert _stored(cache) == 2 * stored  # recomputed under the new key, the old results left as they were

    assert main(["cache", "prune", "--cache", str(cache)]) == 0
    assert "deleted 3 stale result(s), kept 3" in capsys.readouterr().out
    assert _stored(cache) == stored


def test_no_cache_runs_everything_and_stores_nothing(plugin, capsys):
    _, _, cache = plugin
    status, output = _check(cache, capsys)
    assert (status, _stored(cache)) == (0, 3)
    status, output = _check(cache, capsys, "--no-cache")
    assert (status, _verdict(output), _stored(cache)) == (0, "holds", 3)
    cache_folder = cache.parent / "never-made"
    status, _ = _check(cache_folder, capsys, "--no-cache")
    assert status == 0 and not (cache_folder / "results.sqlite").exists()
