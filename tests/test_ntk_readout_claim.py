"""P4-recursion-at-length with readouts: four kernels per instance (last-step and average-pooled readout, W
alone or W and b trained), the original last-step measurement unchanged, the references its controls use."""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.rnn_ntk_recursion import cross_time_kernels, rnn_ntk, rnn_ntk_kernels, rnn_readout_ntk
from rnnbounds.theorems.core import Measurement
from rnnbounds.theorems.ntk_generalization import THEOREM
from rnnbounds.theorems.ntk_generalization.claims.recursion_lengths import (
    bootstrap_upper, empirical_kernels, measure_recursion, reference_kernel, sequences_with_shared_prefix,
)

CLAIM = THEOREM.claim("P4-recursion-at-length")
ALL_VARIANTS = [["last", "W"], ["last", "W+b"], ["mean", "W"], ["mean", "W+b"]]


def small(**overrides) -> dict:
    return {"L": 3, "n": 4, "d": 3, "width_factor": 16.0, "ensemble": 8, "variants": ALL_VARIANTS, **overrides}


@pytest.mark.parametrize("level, lengths", [("quick", [4]), ("full", [4, 8])])
def test_every_length_measures_all_four_readout_variants(level, lengths):
    instances = CLAIM.instances(level)
    assert [i["L"] for i in instances] == lengths
    assert all(i["variants"] == ALL_VARIANTS for i in instances)


def test_lengths_12_and_16_are_a_slow_declared_finding_with_the_same_judge():
    from rnnbounds.theorems.ntk_generalization.claims.recursion_lengths import RECURSION_AT_LONG_LENGTH as LONG
    assert LONG.slow and "0.1039" in LONG.known_failure and "m = 32 L^2" in LONG.known_failure
    assert [i["L"] for i in LONG.instances("full")] == [12, 16]
    assert all(i["variants"] == ALL_VARIANTS and i["width_factor"] == 16.0 for i in LONG.instances("full"))
    assert LONG.judge is CLAIM.judge and LONG.measure is CLAIM.measure and LONG.controls == CLAIM.controls


def test_the_last_step_measurement_is_the_one_before_the_readouts_were_added():
    """Variant ("last", "W") repeats the original measurement: the same draws, kernels and bootstrap."""
    measurement = measure_recursion(small(), np.random.default_rng(5))
    rng = np.random.default_rng(5)
    X = sequences_with_shared_prefix(rng, 4, 3, 3)
    reference = rnn_ntk(X)
    kernels = empirical_kernels(rng, X, 144, 8)
    row = measurement.details["variants"][0]
    assert (row["readout"], row["trained"]) == ("last", "W")
    assert row["distance"] == np.linalg.norm(kernels.mean(0) - reference) / np.linalg.norm(reference)
    assert row["upper"] == bootstrap_upper(kernels, reference, rng)


def test_measured_and_upper_are_the_largest_over_the_variants():
    measurement = measure_recursion(small(), np.random.default_rng(6))
    rows = measurement.details["variants"]
    assert [[r["readout"], r["trained"]] for r in rows] == ALL_VARIANTS
    assert measurement.measured == max(r["distance"] for r in rows)
    assert measurement.details["upper"] == max(r["upper"] for r in rows)
    assert all(r["upper"] >= r["distance"] * 0.5 for r in rows)


@pytest.mark.parametrize("uppers, holds", [([0.05, 0.1, 0.02, 0.09], True), ([0.05, 0.02, 0.1001, 0.03], False)])
def test_one_variant_across_the_edge_fails_the_instance(uppers, holds):
    rows = [{"upper": u} for u in uppers]
    assert CLAIM.judge({}, Measurement(0.05, 0.1, {"upper": max(uppers), "variants": rows})) is holds


def test_references_of_the_variants_and_of_the_controls():
    X = sequences_with_shared_prefix(np.random.default_rng(0), 4, 5, 3)
    last = rnn_ntk_kernels(X)
    grid = cross_time_kernels(X)
    assert np.array_equal(reference_kernel(X, {}, "last", "W"), rnn_ntk(X))
    assert np.array_equal(reference_kernel(X, {}, "last", "W+b"), last.theta + last.hidden)
    assert np.allclose(reference_kernel(X, {}, "mean", "W+b"), (grid.theta + grid.hidden).mean(axis=(-2, -1)))
    assert np.array_equal(reference_kernel(X, {"reference_readout": "last"}, "mean", "W"), rnn_ntk(X))
    assert np.array_equal(reference_kernel(X, {"reference_readout_trained": False}, "last", "W+b"), rnn_ntk(X))
    assert np.array_equal(reference_kernel(X, {"reference": "WA"}, "last", "W"), rnn_ntk(X, trained="WA"))
    dropped = reference_kernel(X, {"reference_cross_time": False}, "mean", "W")
    assert np.allclose(dropped, sum(grid.theta[..., l, l] for l in range(5)) / 25, rtol=1e-14)
    assert not np.allclose(dropped, rnn_readout_ntk(X, readout="mean"), rtol=0.1)
    assert np.allclose(reference_kernel(X, {"reference_scale": 1.2}, "mean", "W+b"),
                       1.2 * rnn_readout_ntk(X, readout="mean", readout_trained=True), rtol=1e-15)


def test_each_new_control_measures_one_variant_at_L_4():
    for control in CLAIM.controls:
        instance = control.instance("quick")
        assert instance["L"] == 4 and len(instance["variants"]) == 1


def test_a_repeated_measurement_is_the_stored_one_and_advances_the_generator_alike():
    first_rng, second_rng = np.random.default_rng(9), np.random.default_rng(9)
    first = measure_recursion(small(), first_rng)
    second = measure_recursion(small(), second_rng)
    assert second is first
    assert first_rng.bit_generator.state == second_rng.bit_generator.state
    assert measure_recursion(small(L=2), np.random.default_rng(9)) is not first


def test_report_section_lists_every_variant_and_every_control_failing(tmp_path, monkeypatch):
    """The section's table, on the claim's own instances and controls shrunk to L = 3 and 8 networks."""
    from rnnbounds.theorems.core import ReportContext
    from rnnbounds.theorems.core.result import InstanceResult
    from rnnbounds.theorems.core.runner import _instance
    from rnnbounds.theorems.ntk_generalization import reproductions

    def shrunk(claim, theorem_id, index, level, seed):
        instance = {**_instance(claim, index, level), "L": 3, "ensemble": 8}
        measurement = claim.measure(instance, np.random.default_rng(seed))
        return InstanceResult(index, instance, measurement, claim.judge(instance, measurement), seed)

    monkeypatch.setattr(reproductions, "run_instance", shrunk)
    text = reproductions.render_readout_recursion(ReportContext(tmp_path, "ntk-generalization", "quick", 0))
    rows = [line for line in text.splitlines() if line.startswith("| 3 | 144 |")]
    assert [r.split(" | ")[2:4] for r in rows] == [["last step", "W"], ["last step", "W and b"],
                                                  ["average-pooled", "W"], ["average-pooled", "W and b"]]
    assert text.count("seen to fail") == len(CLAIM.controls) and "passed (defect)" not in text


def test_drawn_instances_may_break_at_the_measured_heavy_tail_rate():
    """4 of 400 drawn instances failed (bootstrap bound past 0.1 on a heavy-tailed draw of networks); the
    one-sided 95% Clopper-Pearson bound of that rate, typed again: the 0.95 quantile of Beta(5, 396)."""
    from scipy.stats import beta

    assert CLAIM.drawn_break_rate == 0.025
    assert beta.ppf(0.95, 5, 396) == pytest.approx(0.0229, abs=5e-4)
    assert beta.ppf(0.95, 5, 396) <= CLAIM.drawn_break_rate
