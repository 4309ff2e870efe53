"""ReLU Elman RNN: shapes, batching, exact BPTT against central finite differences, overflow."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from rnnbounds.numerics.elman_rnn import backward_deltas, forward, gradients, init_elman, outputs
from rnnbounds.numerics.finite import NonFiniteError


def _objective(params, X, cotangent, readout, W=None, A=None):
    if W is not None or A is not None:
        params = type(params)(W=params.W if W is None else W, A=params.A if A is None else A, b=params.b)
    return float(np.sum(outputs(params, forward(params, X), readout) * cotangent))


@given(m=st.integers(2, 6), d=st.integers(1, 3), L=st.integers(1, 4), batch=st.integers(1, 3),
       E=st.integers(1, 2), readout=st.sampled_from(["last", "all"]), seed=st.integers(0, 2**16))
def test_bptt_matches_central_differences(m, d, L, batch, E, readout, seed):
    """Every entry of dF/dW and dF/dA agrees with a central difference (h = 1e-6) to 1e-6 relative."""
    rng = np.random.default_rng(seed)
    params = init_elman(rng, E, m, d)
    X = rng.standard_normal((batch, L, d))
    cot = rng.standard_normal((E, batch) if readout == "last" else (E, batch, L))
    grads = gradients(params, forward(params, X), cot, readout)
    h = 1e-6
    for name in ("W", "A"):
        base = getattr(params, name)
        numeric = np.zeros_like(base)
        for index in np.ndindex(base.shape):
            plus, minus = base.copy(), base.copy()
            plus[index] += h
            minus[index] -= h
            numeric[index] = (_objective(params, X, cot, readout, **{name: plus})
                              - _objective(params, X, cot, readout, **{name: minus})) / (2 * h)
        scale = max(1.0, float(np.abs(numeric).max()))
        # ReLU kinks: a pre-activation within h of 0 breaks the difference; skip such draws.
        if np.min(np.abs(forward(params, X).preact)) < 1e-4:
            return
        assert np.max(np.abs(numeric - grads[name])) <= 1e-6 * scale


def test_shared_and_per_network_inputs_agree():
    rng = np.random.default_rng(0)
    params = init_elman(rng, 3, 5, 2)
    X = rng.standard_normal((4, 6, 2))
    shared = forward(params, X).hidden
    per_network = forward(params, np.broadcast_to(X, (3,) + X.shape)).hidden
    assert np.array_equal(shared, per_network)


def test_ensemble_member_equals_single_network():
    rng = np.random.default_rng(1)
    params = init_elman(rng, 3, 5, 2)
    X = rng.standard_normal((4, 6, 2))
    batched = outputs(params, forward(params, X))
    single = type(params)(W=params.W[1:2], A=params.A[1:2], b=params.b[1:2])
    assert np.allclose(outputs(single, forward(single, X))[0], batched[1], rtol=1e-14, atol=1e-14)


def test_init_scale_is_he():
    params = init_elman(np.random.default_rng(2), 1, 400, 3)
    assert abs(np.var(params.W) * 400 / 2 - 1) < 0.02
    assert abs(np.var(params.A) * 400 / 2 - 1) < 0.1


def test_overflow_raises_with_step():
    rng = np.random.default_rng(3)
    params = init_elman(rng, 1, 4, 2)
    params = params.with_recurrent(np.abs(params.W) * 1e200 + 1e200)
    X = np.ones((1, 5, 2))
    with pytest.raises(NonFiniteError, match="step 3"):
        forward(params, X)


@pytest.mark.parametrize("bad", [np.zeros((2, 3)), np.zeros((2, 3, 5))])
def test_bad_inputs_raise(bad):
    params = init_elman(np.random.default_rng(4), 1, 3, 2)
    with pytest.raises(ValueError, match="X"):
        forward(params, bad)


def test_bad_cotangent_raises():
    rng = np.random.default_rng(5)
    params = init_elman(rng, 2, 3, 2)
    trace = forward(params, rng.standard_normal((4, 3, 2)))
    with pytest.raises(ValueError, match="cotangent"):
        backward_deltas(params, trace, np.ones((2, 5)))
    with pytest.raises(ValueError, match="width"):
        init_elman(rng, 1, 0, 2)
