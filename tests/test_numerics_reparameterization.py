"""Stable reparameterizations: round trips, stability by construction, the Euler criterion."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnbounds.numerics.reparameterization import REPARAMETERIZATIONS, euler_stable, reparameterization


@given(name=st.sampled_from(sorted(REPARAMETERIZATIONS)), seed=st.integers(0, 2**16))
def test_inverse_undoes_forward_and_stable_maps_are_stable_everywhere(name, seed):
    g = reparameterization(name)
    w = np.random.default_rng(seed).uniform(0.6, 3.0, 20)
    np.testing.assert_allclose(g.inverse(g(w)), w, rtol=1e-8)
    wild = np.random.default_rng(seed).normal(0.0, 30.0, 200)
    if g.stable_by_construction:
        values = g(np.maximum(wild, -700.0))
        assert np.all(g.is_stable(values) | (values == 0.0) | (values == -0.0) | (np.abs(values) == 1.0))
    else:
        assert not np.all(g.is_stable(g(wild)))


def test_euler_criterion_and_lookup():
    assert euler_stable(np.array([-1.9]), 1.0)[0] and not euler_stable(np.array([-2.1]), 1.0)[0]
    with pytest.raises(ValueError):
        reparameterization("sigmoid")
