"""The fuller known-answer runs of the falsification search (marked slow): every family of the
declared targets, the seeded weakened bounds on every envelope family, and a run over all theorems."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from rnnbounds.falsify.search import search
from rnnbounds.theorems.inverse_approximation.falsification import LYAPUNOV_TARGET, P13_TARGET
from rnnbounds.theorems.linear_curse_of_memory_falsification import ENVELOPE_TARGET

from test_falsify import ENVELOPE_WEAKENED, weakened
from test_falsify_command import falsify

pytestmark = pytest.mark.slow

NORMAL = {"symmetric", "normal-nonsymmetric", "orthogonal-times-scale"}


@pytest.mark.parametrize("family", [f.name for f in LYAPUNOV_TARGET.families])
def test_lemma_a8_breaks_exactly_on_the_non_normal_families(family):
    result = search(LYAPUNOV_TARGET, LYAPUNOV_TARGET.family(family), seed=1, budget=6.0)
    if family in NORMAL:
        assert not result.violation and result.best_ratio == pytest.approx(1.0, abs=1e-6)
    else:
        assert result.violation and result.witness.precise_ratio > 1.0


@pytest.mark.parametrize("family", [f.name for f in ENVELOPE_TARGET.families])
def test_the_envelope_holds_on_every_family(family):
    result = search(ENVELOPE_TARGET, ENVELOPE_TARGET.family(family), seed=1, budget=6.0)
    assert not result.violation and result.best_ratio <= 1.0 + ENVELOPE_TARGET.slack


@pytest.mark.parametrize("kind", sorted(ENVELOPE_WEAKENED))
@pytest.mark.parametrize("family", ["near-defective", "normal-nonsymmetric", "orthogonal-times-scale"])
def test_weakened_envelopes_break_on_the_structured_families_too(kind, family):
    result = search(weakened(ENVELOPE_WEAKENED[kind], kind), ENVELOPE_TARGET.family(family), seed=0, budget=6.0)
    assert result.violation and result.witness.verified


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_remark_3_3_is_rediscovered_under_other_seeds(seed):
    result = search(P13_TARGET, P13_TARGET.family("sheared-jordan"), seed=seed, budget=20.0)
    assert result.violation and result.witness.precise_ratio > 1e5


def test_remark_3_3_holds_on_symmetric_w():
    result = search(P13_TARGET, P13_TARGET.family("symmetric"), seed=0, budget=20.0)
    assert not result.violation


def test_every_theorem_reports_each_bound(tmp_path):
    assert falsify(["all", "--budget", "2", "--executor", "process", "--workers", "2", "--out", str(tmp_path),
                    "--no-progress"]) == 0
    for folder in tmp_path.iterdir():
        payload = json.loads((folder / "falsify.json").read_text())
        for summary in payload["targets"]:
            assert summary["counterexamples"] or summary["best_ratio"] is not None or summary["evaluations"] == 0, \
                (folder.name, summary)


def test_searches_run_on_a_local_dask_cluster(tmp_path):
    pytest.importorskip("distributed")
    assert falsify(["inverse-approximation", "lyapunov_norm", "--budget", "2", "--workers", "2", "--out",
                    str(tmp_path), "--no-progress"]) == 0
    payload = json.loads((tmp_path / "inverse-approximation" / "falsify.json").read_text())
    assert payload["targets"][0]["counterexamples"]
