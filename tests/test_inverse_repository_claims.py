"""P9-repository-definitions: its instances follow the repository's definitions, its criterion is P9's, and its
judge is tested on both sides of each boundary."""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.fixed_direction_perturbation import fixed_directions
from rnnbounds.theorems.core import Measurement
from rnnbounds.theorems.inverse_approximation import THEOREM
from rnnbounds.theorems.inverse_approximation import claims_training as CT

CLAIM = THEOREM.claim("P9-repository-definitions")
N_BETAS = 22


def _meas(ordered: list[bool], e_at_1: list[float]) -> Measurement:
    return Measurement(0.0, None, {"ordered": ordered + [True] * (N_BETAS - len(ordered)), "E_at_1": e_at_1})


def test_claim_is_slow_keeps_p9_and_uses_p9s_judge():
    assert CLAIM.slow and CLAIM.judge is CT._judge_p9
    assert THEOREM.claim("P9-trained-softplus-stays-ordered").known_failure   # the earlier definitions stay documented
    assert CLAIM.known_failure and "511, 383, 600" in CLAIM.known_failure and "0.56, 0.75, 0.42" in CLAIM.known_failure
    thresholds = CLAIM.design_at("full").thresholds
    assert thresholds == {"beta_max": 1.0, "lost_from": 0.01, "repeats": 10.0, "margin_weight": 0.01}   # spec 6.4, 6.5, P9


def test_instances_carry_the_repository_settings():
    for instance in CLAIM.instances("full"):
        assert instance["widths"] == [4, 8, 16] and instance["repeats"] == 10 and instance["margin_weight"] == 0.01
    assert [(i["phi"], i["blocks"]) for i in CLAIM.instances("full")] == [("softplus", "all"), ("relu", "all"),
                                                                           ("softplus", "rates")]
    assert CT.REPO_BETAS.size == N_BETAS and CT.REPO_BETAS[-1] == pytest.approx(1.024)     # 1e-3 * 2^(20/2)


def test_judge_ordered_on_both_sides():
    inst = {"expect": "ordered"}
    assert CT._judge_p9(inst, _meas([True] * N_BETAS, [3.0, 2.0, 1.0]))
    assert not CT._judge_p9(inst, _meas([True] * N_BETAS, [3.0, 2.0, 2.0]))    # E_m(1) not strictly decreasing
    # the last beta 1.024 lies above beta_max = 1: the ordering there is not judged; the one before, 0.724, is
    assert CT._judge_p9(inst, _meas([True] * 21 + [False], [3.0, 2.0, 1.0]))
    assert not CT._judge_p9(inst, _meas([True] * 20 + [False, True], [3.0, 2.0, 1.0]))


def test_judge_ordering_lost_on_both_sides():
    inst = {"expect": "ordering-lost"}
    lost_from = int(np.flatnonzero(CT.REPO_BETAS >= 0.01)[0])                    # beta = 0.0113, i = 7
    lost_late = [True] * N_BETAS
    lost_late[lost_from] = False
    assert CT._judge_p9(inst, _meas(lost_late, [1.0, 2.0, 3.0]))
    lost_early = [True] * N_BETAS
    lost_early[lost_from - 1] = False                                            # beta = 8e-3 < 0.01: not counted
    assert not CT._judge_p9(inst, _meas(lost_early, [1.0, 2.0, 3.0]))
    assert not CT._judge_p9(inst, _meas([False] + lost_late[1:], [1.0, 2.0, 3.0]))   # unordered at beta = 0


def test_repository_curve_moves_p_and_reads_relu_w_with_identity():
    rng = np.random.default_rng(0)
    data = CT._data("repo-pol", 8, 6, rng)
    model = CT.ResidualOrthogonalRNN.from_dict({**CT.ResidualOrthogonalRNN.initial(3, rng).as_dict(),
                                               "w": np.array([-0.5, 0.4, 1.0])})
    curve = CT._repository_definitions_curve(model, "relu", data, repeats=2)
    relu = CT.ResidualOrthogonalRNN.from_dict({**model.as_dict(), "w": np.array([0.0, 0.4, 1.0])})
    assert curve[0] == pytest.approx(CT._repository_test_loss(relu, "identity", data[3], data[4]), rel=1e-14)
    assert np.all(np.diff(curve) >= 0)
    # repeat r moves every tensor along fixed_directions(..., r), P included; "rates" moves w alone
    g = fixed_directions(relu.as_dict(), 0)
    one = CT.ResidualOrthogonalRNN.from_dict({k: v + CT.REPO_BETAS[1] * g[k] for k, v in relu.as_dict().items()})
    assert CT._repository_definitions_curve(model, "relu", data, repeats=1)[1] == pytest.approx(
        max(curve[0], CT._repository_test_loss(one, "identity", data[3], data[4])), rel=1e-14)
    w_only = CT.ResidualOrthogonalRNN.from_dict({**relu.as_dict(), "w": relu.w + CT.REPO_BETAS[1] * fixed_directions(
        {"w": relu.w}, 0)["w"]})
    assert CT._repository_definitions_curve(model, "relu", data, repeats=1, blocks="rates")[1] == pytest.approx(
        max(curve[0], CT._repository_test_loss(w_only, "identity", data[3], data[4])), rel=1e-14)


def test_cheap_strategy_instance_runs_and_holds():
    instance = {"phi": "softplus", "widths": [2, 4], "samples": 64, "steps": 20, "budget": 100, "repeats": 2,
                "margin_weight": 0.01, "blocks": "rates", "expect": "ordered"}
    meas = CLAIM.measure(instance, np.random.default_rng(0))
    assert CLAIM.judge(instance, meas), meas.details
