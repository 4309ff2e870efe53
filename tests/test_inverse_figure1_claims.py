"""Figure 1 by the paper's protocol: the options fit and inverse-map are read by the experiment, the claim's
judge and design sit where the spec and the brief put them, tested on both sides of each edge."""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.theorems.inverse_approximation import THEOREM
from rnnbounds.theorems.inverse_approximation import claims_figure1 as F
from rnnbounds.theorems.inverse_approximation.experiments import (
    FIGURE1_BETAS, FITS, INVERSE_MAPS, figure1_curves, resolve_parameterization,
)
from rnnbounds.theorems.core import Measurement

SHORT_BETAS = np.array([0.0, 1e-3, 1e-2, 1e-1, 1.0])


def test_options_list_the_alternatives_the_experiment_reads():
    assert THEOREM.options["fit"].choices == FITS == ("free-rate", "fixed-basis", "trained")
    assert set(THEOREM.options["inverse-map"].choices) == set(INVERSE_MAPS) == {"repo-discrete", "continuous",
                                                                                "stablessm-best"}
    assert resolve_parameterization("inverse", "continuous") == "inverse-continuous"
    assert resolve_parameterization("inverse", "stablessm-best") == "best"
    assert resolve_parameterization("softplus", "continuous") == "softplus"
    with pytest.raises(ValueError, match="inverse_map"):
        resolve_parameterization("inverse", "sigmoid")
    with pytest.raises(ValueError, match="fit"):
        figure1_curves("pol", np.random.default_rng(0), widths=(2,), fit="polynomial", betas=SHORT_BETAS)


def test_every_fit_gives_a_different_reading():
    e0 = {fit: figure1_curves("pol", np.random.default_rng(0), widths=(2, 4), fit=fit, betas=SHORT_BETAS,
                              draws=2, train_steps=1000).curves[:, 0] for fit in FITS}
    assert len({tuple(np.round(v, 12)) for v in e0.values()}) == 3


def test_every_inverse_map_gives_a_different_curve_and_none_blows_up():
    curves = {name: figure1_curves("pol", np.random.default_rng(1), widths=(2,), fit="free-rate", betas=SHORT_BETAS,
                                   draws=3, parameterization="inverse", inverse_map=name).curves[0] for name in INVERSE_MAPS}
    for curve in curves.values():
        assert np.all(curve < 1.0)   # no eigenvalue can cross 0: E_2(1) stays of the size of the fit error
    at_one = [curve[-1] for curve in curves.values()]
    assert len(set(np.round(at_one, 12))) == 3
    direct = figure1_curves("pol", np.random.default_rng(1), widths=(2,), fit="free-rate", betas=SHORT_BETAS, draws=3)
    assert direct.curves[0, -1] > 1e6   # W moved by 1 in a spectral ball: an eigenvalue crosses 0


def test_paper_protocol_curve_starts_at_the_fit_error_and_uses_the_full_grid():
    assert FIGURE1_BETAS.size == 22 and FIGURE1_BETAS[1] == 5e-4 and FIGURE1_BETAS[-1] == pytest.approx(524.288)
    curves = figure1_curves("exp", np.random.default_rng(2), widths=(2,), fit="fixed-basis", betas=SHORT_BETAS, draws=2)
    # fixed basis, rates 0.01 and 1: the sup error of the least-squares fit of 0.9^t, computed again here
    t = np.arange(1.0, 101.0)
    basis = np.exp(-np.outer(t, [0.01, 1.0]))
    c = np.linalg.lstsq(basis, 0.9**t, rcond=None)[0]
    assert curves.curves[0, 0] == pytest.approx(np.max(np.abs(basis @ c - 0.9**t)), rel=1e-12)
    assert np.all(np.diff(curves.curves[0]) >= 0)


@pytest.mark.parametrize("ratio,inside", [(2.0, True), (2.01, False), (0.5, True), (0.49, False), (1.0, True),
                                          (float("nan"), False), (float("inf"), False)])
def test_factor_two_window_edges(ratio, inside):
    assert F.within_factor(ratio) is inside


def test_judge_needs_the_count_for_every_crossing():
    instance = {"target": "pol", "families": 11, "required": 9, "reference_scale": 1.0}
    passing = Measurement(9.0, 9.0, {"within_factor_counts": [9, 10, 11, 9]})
    failing = Measurement(8.0, 9.0, {"within_factor_counts": [9, 8, 11, 9]})
    assert F.F1.judge(instance, passing) and not F.F1.judge(instance, failing)


def test_design_error_is_the_binomial_tail_typed_again():
    """P(Bin(11, 1/2) >= 9) = (C(11,9) + C(11,10) + C(11,11)) / 2^11 = (55 + 11 + 1) / 2048."""
    design = F.F1.design_at("full")
    assert design.error == pytest.approx(67 / 2048, rel=1e-15) and design.powered()
    assert F.F1.design_at("quick").error == pytest.approx(1 / 8, rel=1e-15)
    assert design.thresholds["factor"] == 2.0


def test_control_reference_puts_any_in_window_reading_outside():
    """A crossing at either edge of the window (ours = 2 or 1/2 x paper) read against 4.4 x paper is outside."""
    for ours in (2.0, 1.0, 0.5):
        assert F.within_factor(ours) and not F.within_factor(ours / F.CONTROL_SCALE)
    assert F.within_factor(2.0 / 4.0)   # at scale 4 the far edge would still be inside: 4.4 is just across


def test_claim_is_registered_slow_with_its_finding():
    claim = next(c for c in THEOREM.claims if c.id == "F1-crossings-within-factor-2-of-paper")
    assert claim.slow and claim.known_failure and claim.has_near_control()
    assert "§5.1" in claim.source.spec
    assert any(r.id == "figure-1-protocol" and r.slow for r in THEOREM.reproductions)



@pytest.mark.slow
def test_protocol_section_renders_paper_beside_ours_and_every_variation(tmp_path):
    from rnnbounds.theorems.core import ReportContext

    text = F.render_figure_1_protocol(ReportContext(tmp_path / "figures", "inverse-approximation", "quick", 0))
    assert "![Figure 1 by the paper's protocol]" in text and "factor ours / paper" in text
    for name in F.VARIATIONS:
        assert f"| {name} | pol |" in text and f"| {name} | exp |" in text
    assert len(list((tmp_path / "figures").glob("*.png"))) == 1


def test_median_crossings_skip_missing_ones_and_keep_a_column_with_none_missing():
    rows = np.array([[0.1, np.nan, 0.004], [0.4, np.nan, 0.001], [0.2, np.nan, np.nan]])
    np.testing.assert_array_equal(F.median_crossings(rows), [0.2, np.nan, 0.0025])
