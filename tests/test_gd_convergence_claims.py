"""gd-convergence claims: the property-based core (P4, P5, P7), the cutoff claims and their controls."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnbounds.theorems.core import Verdict
from rnnbounds.theorems.core.runner import run_theorem
from rnnbounds.theorems.gd_convergence import THEOREM

P4, P5, P7 = (THEOREM.claim(i) for i in ("P4-gradient-norm", "P5-hessian-norm", "P7-symmetric-init"))


def _holds(claim, instance, seed: int) -> bool:
    return claim.judge(instance, claim.measure(instance, np.random.default_rng(seed)))


@settings(max_examples=25)
@given(instance=P4.strategy(), seed=st.integers(0, 2**31))
def test_gradient_norm_below_G_for_every_drawn_alpha_T_d_m(instance, seed):
    assert _holds(P4, instance, seed)


@settings(max_examples=15)
@given(instance=P5.strategy(), seed=st.integers(0, 2**31))
def test_hessian_norm_below_beta_for_every_drawn_alpha_T_d_m(instance, seed):
    assert _holds(P5, instance, seed)


@settings(max_examples=25)
@given(instance=P7.strategy(), seed=st.integers(0, 2**31))
def test_symmetric_init_gives_exact_zero(instance, seed):
    assert _holds(P7, instance, seed)


@pytest.mark.parametrize("alpha, holds", [(0.5, True), (0.85, True), (1.05, False), (1.1, False), (1.3, False)])
def test_T_free_gradient_bound_breaks_exactly_above_the_cutoff(alpha, holds):
    instance = {"alpha": alpha, "T": 60, "d": 3, "draws": 16, "activation": "tanh",
                "bound_form": "T-free", "bound_gain": 0.9}
    assert _holds(P4, instance, 0) is holds


def test_witness_attains_the_memory_sum():
    measurement = P4.measure({"alpha": 1.2, "T": 30, "d": 2, "draws": 4, "activation": "tanh"},
                             np.random.default_rng(0))
    assert measurement.details["witness_ratio"] == pytest.approx(1.0, abs=1e-6)


def test_cutoff_moves_with_the_lipschitz_constant():
    claim = THEOREM.claim("P15-activation-cutoff")
    rng = np.random.default_rng(0)
    tanh = claim.measure({"alpha": 2.0, "T_max": 40, "activation": "tanh"}, rng)
    sigmoid = claim.measure({"alpha": 2.0, "T_max": 40, "activation": "sigmoid"}, rng)
    assert tanh.details["log_slope"] == pytest.approx(np.log(2.0), rel=0.05)
    assert abs(sigmoid.details["log_slope"]) < 0.01
    assert _holds(claim, {"alpha": 4.5, "T_max": 40, "activation": "tanh"}, 0)


def test_options_name_the_unresolved_choices():
    assert set(THEOREM.options) == {"recurrent_init", "input_norm", "targets"}
    assert THEOREM.options["input_norm"].default == "l2"


@pytest.mark.slow
def test_default_level_check_holds_with_every_control_failing():
    results = run_theorem(THEOREM, "quick", seed=0)
    allowed = (Verdict.HOLDS, Verdict.UNDERPOWERED)
    assert all(r.verdict in allowed and r.control_seen_to_fail for r in results), [
        (r.claim_id, r.reason) for r in results]
