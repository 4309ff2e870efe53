"""A theorem from a separate tiny package is found through the `rnnbounds.theorems` entry point."""

from __future__ import annotations

import sys
import textwrap

import pytest

from rnnbounds.theorems import registry

PLUGIN = textwrap.dedent('''
    import sympy as sp
    from rnnbounds.theorems import symbols as S
    from rnnbounds.theorems.core import Bound, Claim, Direction, Measurement, Provenance, Source, Theorem

    SOURCE = Source("Tiny 2026", "Thm 1")
    RATE = Bound("rate", "error", 1 / sp.sqrt(S.n), Direction.UPPER, Provenance.SHAPE, SOURCE, {"n": 4})
    CLAIM = Claim("mean", "mean", "given n, measure 1/sqrt(n), expect <= bound",
                  instances=lambda level: [{"n": 4, "factor": 1.0}],
                  measure=lambda i, rng: Measurement(i["factor"] / i["n"] ** 0.5, i["n"] ** -0.5),
                  judge=lambda i, m: m.measured <= m.bound, tolerance="exact",
                  negative_control=lambda level: {"n": 4, "factor": 2.0}, strategy=lambda: None, source=SOURCE)
    THEOREM = Theorem("tiny-plugin", "Tiny plugin theorem", "Tiny 2026", "none", "x", "y", (), (RATE,), (CLAIM,))
''')


@pytest.fixture
def plugin_on_path(tmp_path, monkeypatch):
    (tmp_path / "tiny_rnnbounds_plugin.py").write_text(PLUGIN)
    info = tmp_path / "tiny_rnnbounds_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tiny-rnnbounds-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[rnnbounds.theorems]\ntiny = tiny_rnnbounds_plugin:THEOREM\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.all_theorems.cache_clear()
    yield
    registry.all_theorems.cache_clear()
    sys.modules.pop("tiny_rnnbounds_plugin", None)


def test_plugin_theorem_is_discovered(plugin_on_path):
    ids = [t.id for t in registry.all_theorems()]
    assert "tiny-plugin" in ids and "linear-curse-of-memory" in ids
    assert registry.get_theorem("tiny-plugin").bound("rate").evaluate(n=100) == pytest.approx(0.1)


def test_plugin_is_absent_without_its_distribution():
    registry.all_theorems.cache_clear()
    assert "tiny-plugin" not in [t.id for t in registry.all_theorems()]
