"""Headline claims of ntk-generalization (P9, P10, P3): bound pins and helpers worked out by hand.

Formulas typed again from the spec (wang2021_rnn_generalization.md):
    F4 (§3.1)   leading term sqrt(2 yHy / n)
    F8 (§7)     k_iters >= log(n / delta) / (eta lam0)
    §4.2        ||D W ... D W z|| <= (1 + 1/L)^(l2 - l1 + 1) ||z|| <= 3 ||z||   (ALS19 Claim B.12)
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnbounds.numerics.concepts import sample_sequences
from rnnbounds.numerics.rnn_ntk_recursion import rnn_ntk
from rnnbounds.theorems.core import Provenance
from rnnbounds.theorems.ntk_generalization.bounds_generalization import (
    GEN_BOUND_LEADING, GENERALIZATION_BOUNDS, K_ITERS, PROD_DW_VECTOR,
)
from rnnbounds.theorems.ntk_generalization.claims.generalization import kernel_norms


@pytest.mark.parametrize("point, expected", [
    ({"yHy": 8.0, "n": 64}, 0.5),                       # sqrt(16 / 64)
    ({"yHy": 2.0, "n": 100}, 0.2),                      # sqrt(4 / 100)
])
def test_gen_bound_leading_pins(point, expected):
    assert GEN_BOUND_LEADING.evaluate(**point) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("point, expected", [
    ({"n": 64, "delta": 0.05, "eta": 0.01, "lam0": 0.1}, math.log(1280) * 1000),
    ({"n": 10, "delta": 0.5, "eta": 0.5, "lam0": 0.2}, math.log(20) * 10),
])
def test_k_iters_pins(point, expected):
    assert K_ITERS.evaluate(**point) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("point, expected", [
    ({"L": 8, "ell": 4}, (9 / 8) ** 4),                 # 1.601806640625
    ({"L": 2, "ell": 2}, 2.25),
    ({"L": 1000, "ell": 1000}, 2.7169239322355936),     # (1.001)^1000 < e < 3
])
def test_prod_dw_vector_pins(point, expected):
    assert PROD_DW_VECTOR.evaluate(**point) == pytest.approx(expected, rel=1e-13)


def test_prod_dw_vector_warns_outside_its_window():
    from rnnbounds.theorems.core.hypothesis import HypothesisWarning

    with pytest.warns(HypothesisWarning):
        PROD_DW_VECTOR.evaluate(L=4, ell=5)


def test_headline_bounds_carry_provenance_and_source():
    tags = {b.name: b.provenance for b in GENERALIZATION_BOUNDS}
    assert tags == {"gen_bound_leading": Provenance.STATED, "k_iters": Provenance.SHAPE,
                    "prod_DW_vector": Provenance.STATED}
    assert all(b.source.spec.startswith("wang2021_rnn_generalization.md") for b in GENERALIZATION_BOUNDS)


@pytest.mark.parametrize("L", [2, 3, 5])
def test_f4_convention_against_the_raw_kernel(L):
    # unit tokens: mean diag Theta/m = L (L - 1) / 4, and H = Theta / (2 mean diag), so
    # y^T H^-1 y = (L (L - 1) / 2) y^T (Theta/m)^-1 y; the two agree at L = 2 only
    rng = np.random.default_rng(L)
    X = sample_sequences(rng, 6, L, 3)
    y = rng.standard_normal(6)
    norms = kernel_norms(X, y)
    assert norms["yHy"] == pytest.approx(L * (L - 1) / 2 * norms["raw"], rel=1e-10)
    theta = rnn_ntk(X)
    assert norms["raw"] == pytest.approx(float(y @ np.linalg.solve(theta, y)), rel=1e-10)


# -- P10 helpers -----------------------------------------------------------------------------------------

from rnnbounds.theorems.ntk_generalization.claims.normalization import crossing, doubling_exponents  # noqa: E402


def test_crossing_interpolates_log_log_by_hand():
    # errors 0.4, 0.2, 0.05 at n = 16, 32, 64: target 0.1 lies halfway (in log) between 32 and 64
    assert crossing([16, 32, 64], [0.4, 0.2, 0.05], 0.1) == pytest.approx(math.sqrt(32 * 64), rel=1e-12)
    assert crossing([16, 32], [0.05, 0.01], 0.1) == 16.0
    assert crossing([16, 32], [0.5, 0.2], 0.1) == math.inf


def test_doubling_exponents_by_hand():
    assert doubling_exponents([2, 4, 8], [10.0, 40.0, 80.0]) == pytest.approx([2.0, 1.0], rel=1e-12)


def test_normalised_kernel_does_not_depend_on_the_token_norm():
    # [D] ReLU recursion, h_0 = 0, no bias: Theta(r X) = r^2 Theta(X) exactly
    X = sample_sequences(np.random.default_rng(5), 5, 4, 3)
    assert np.allclose(rnn_ntk(3.0 * X), 9.0 * rnn_ntk(X), rtol=1e-12, atol=0)


# -- P3 helpers ------------------------------------------------------------------------------------------

from rnnbounds.theorems.ntk_generalization.claims.als19 import window_norm  # noqa: E402


def test_window_norm_matches_the_dense_product():
    rng = np.random.default_rng(2)
    W = rng.standard_normal((2, 12, 12)) / np.sqrt(6)
    D = rng.random((2, 3, 12)) > 0.5
    dense = [np.linalg.norm(np.diag(D[e, 2]) @ W[e] @ np.diag(D[e, 1]) @ W[e] @ np.diag(D[e, 0]) @ W[e], 2)
             for e in range(2)]
    assert window_norm(W, D, np.random.default_rng(0)) == pytest.approx(dense, rel=1e-6)
