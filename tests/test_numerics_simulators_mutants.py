"""Entry checks and steps of the simulators (numerics/elman_rnn.py, linear_rnn.py, ctrnn.py,
perturbation.py, convolution.py, kernels.py) that the "simulators" mutation run of docs/mutation.md
found unprobed.

Each test is worked out by hand and sits on both sides of the boundary it probes; the mutant it
kills is named in its docstring (module, line, change).
"""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.activations import IDENTITY, RELU, TANH
from rnnbounds.numerics.convolution import causal_convolution, direct_causal_convolution
from rnnbounds.numerics.ctrnn import RNNWeights, heaviside_drive, heaviside_velocity, residual_rnn, ssm_rnn
from rnnbounds.numerics.elman_rnn import (
    ElmanParams, backward_deltas, forward, gradients, hidden_jacobian, init_elman, outputs,
)
from rnnbounds.numerics.kernels import polynomial, sum_of_exponentials
from rnnbounds.numerics.linear_rnn import LinearRNN
from rnnbounds.numerics.perturbation import (
    _finite_difference_gradient, blow_up_points, crossing_points, perturbation_curve, worst_case_error,
)

LN2 = float(np.log(2.0))


# --- convolution.py -----------------------------------------------------------------------------

@pytest.mark.parametrize("convolve", [causal_convolution, direct_causal_convolution])
def test_a_scalar_kernel_convolves_a_one_dimensional_sequence(convolve) -> None:
    """convolution.py 22 (`x.ndim >= 1` to `x.ndim > 1` or `x.ndim >= 2`): a 1-d input sequence with
    a 1-d (scalar) kernel is read as (T, 1), not refused.

    rho = (1, 2), x = (3, 4), dt = 1: y_0 = 1 * 3 = 3, y_1 = 1 * 4 + 2 * 3 = 10.
    """
    np.testing.assert_allclose(convolve([1.0, 2.0], [3.0, 4.0]), [3.0, 10.0], rtol=1e-12)
    np.testing.assert_allclose(convolve([1.0, 2.0], [[3.0], [4.0]]), [3.0, 10.0], rtol=1e-12)
    with pytest.raises(ValueError, match="kernel must be"):
        convolve([1.0, 2.0], 3.0)  # a scalar input is no sequence


@pytest.mark.parametrize("convolve", [causal_convolution, direct_causal_convolution])
def test_a_one_dimensional_sequence_needs_a_scalar_kernel(convolve) -> None:
    """convolution.py 23 (`x.ndim < 2` to `x.ndim < 1`): inputs (2,) against a kernel (2, 2) (d = 2)
    have no time axis: the shapes ValueError, not an IndexError from x.shape[-2].  Inputs (2, 2) with
    rho = ((1, 0), (0, 1)), x = ((3, 4), (5, 6)): y_0 = rho_0 . x_0 = 3, y_1 = rho_0 . x_1 + rho_1 . x_0
    = 5 + 4 = 9."""
    with pytest.raises(ValueError, match="kernel must be"):
        convolve(np.ones((2, 2)), [3.0, 4.0])
    np.testing.assert_allclose(convolve([[1.0, 0.0], [0.0, 1.0]], [[3.0, 4.0], [5.0, 6.0]]), [3.0, 9.0], rtol=1e-12)


# --- ctrnn.py -----------------------------------------------------------------------------------

def _ctrnn_single() -> RNNWeights:
    """Two units, one input: W = 0, U = (1, -2), b = 0, c = (1, 1)."""
    return RNNWeights.single(np.zeros((2, 2)), [1.0, -2.0], [0.0, 0.0], [1.0, 1.0])


def test_rnn_weights_refuse_a_readout_of_rank_three() -> None:
    """ctrnn.py 48 (`c.ndim == 2` to `>= 2`): c of shape (E, m, 1) is refused with the shapes
    message, not an unpacking error."""
    W, U, b = np.zeros((1, 2, 2)), np.zeros((1, 2, 1)), np.zeros((1, 2))
    with pytest.raises(ValueError, match="W, b, c must have shapes"):
        RNNWeights(W, U, b, np.zeros((1, 2, 1)))
    assert RNNWeights(W, U, b, np.zeros((1, 2))).width == 2


def test_single_refuses_a_scalar_input_matrix() -> None:
    """ctrnn.py 61 (`U.ndim == 1` to `<= 1`): a 0-d U is a ValueError naming U (not an IndexError
    from U[:, None]); a 1-d U of length m is one input column."""
    with pytest.raises(ValueError, match="U must have shape"):
        RNNWeights.single([[0.5]], 2.0, [0.0], [1.0])
    assert RNNWeights.single([[0.5]], [2.0], [0.0], [1.0]).U.shape == (1, 1, 1)


def test_levels_of_rank_one_are_refused() -> None:
    """ctrnn.py 79 (`levels.ndim != 2` to `> 2`): levels (d,) instead of (B, d) is a ValueError naming
    levels, not an IndexError; levels (1, 1) give u = U x + b = (0.5, -1) for x = 0.5."""
    weights = _ctrnn_single()
    for bad in ([0.5], 0.5):
        with pytest.raises(ValueError, match="levels must have shape"):
            heaviside_drive(weights, bad)
    np.testing.assert_array_equal(heaviside_drive(weights, [[0.5]]), [[[0.5, -1.0]]])


def test_heaviside_velocity_on_a_single_time() -> None:
    """ctrnn.py 140 (`times[-1] == 0.0` to `times[+1] == 0.0`): a grid of one time is valid.

    W = 0, so z and v stay put: v_t = tanh(u) for every t, with u = U x = (0.25, -0.5) at x = 0.25.
    """
    weights = _ctrnn_single()
    v0 = [np.tanh(0.25), np.tanh(-0.5)]
    for times in ([0.0], [1.0], [0.0, 1.0]):
        v = heaviside_velocity(weights, TANH, [[0.25]], times)
        assert v.shape == (1, 1, len(times), 2)
        np.testing.assert_allclose(v[0, 0], [v0] * len(times), rtol=1e-12)


@pytest.mark.parametrize("rtol", [0.0, -1e-6, -0.5, 1.1e-3])
def test_heaviside_velocity_refuses_rtol_outside_its_interval(rtol: float) -> None:
    """ctrnn.py 120 (`0 < rtol` to `-1 < rtol`): rtol = 0 and negative rtol are refused (as is one
    above 1e-3), before the solver would quietly raise them to 100 eps."""
    with pytest.raises(ValueError, match="rtol must lie in"):
        heaviside_velocity(_ctrnn_single(), TANH, [[0.25]], [0.0, 1.0], rtol=rtol)


def test_heaviside_velocity_accepts_rtol_at_the_edges() -> None:
    """The other side: rtol = 1e-3 and 1e-12 are accepted (W = 0: v_t = tanh(u) for all t)."""
    for rtol in (1e-3, 1e-12):
        v = heaviside_velocity(_ctrnn_single(), TANH, [[0.25]], [0.0, 1.0], rtol=rtol)
        np.testing.assert_allclose(v[0, 0, 1], [np.tanh(0.25), np.tanh(-0.5)], rtol=1e-12)


def _two_networks() -> RNNWeights:
    """E = 2 networks of two units, one input.
    Net 0: W = diag(0.5, 2), U = (1, 1), b = (0, 1).  Net 1: W = [[0, 1], [1, 0]], U = (1, -1), b = 0."""
    W = np.array([[[0.5, 0.0], [0.0, 2.0]], [[0.0, 1.0], [1.0, 0.0]]])
    U = np.array([[[1.0], [1.0]], [[1.0], [-1.0]]])
    b = np.array([[0.0, 1.0], [0.0, 0.0]])
    return RNNWeights(W, U, b, np.ones((2, 2)))


def test_ssm_rnn_takes_one_batch_per_network() -> None:
    """ctrnn.py 176 (`inputs.ndim == 3` to `>= 3`): inputs (E, B, T, d) are one batch per network,
    not broadcast again over the ensemble.

    h_1 = U x_1 + b, h_2 = W h_1 + U x_2 + b (identity sigma).
    Net 0, x = (1, 2): h_1 = (1, 2), h_2 = (0.5, 4) + (2, 2) + (0, 1) = (2.5, 7).
    Net 1, x = (3, 1): h_1 = (3, -3), h_2 = (-3, 3) + (1, -1) = (-2, 2).
    Shared x = (1, 2): net 1 gives h_1 = (1, -1), h_2 = (-1, 1) + (2, -2) = (1, -1).
    """
    weights = _two_networks()
    per_network = np.array([[[[1.0], [2.0]]], [[[3.0], [1.0]]]])  # (E=2, B=1, T=2, d=1)
    path = ssm_rnn(weights, IDENTITY, per_network)
    np.testing.assert_allclose(path[:, 0], [[[1.0, 2.0], [2.5, 7.0]], [[3.0, -3.0], [-2.0, 2.0]]], rtol=1e-15)
    shared = ssm_rnn(weights, IDENTITY, np.array([[[1.0], [2.0]]]))  # (B=1, T=2, d=1)
    np.testing.assert_allclose(shared[1, 0], [[1.0, -1.0], [1.0, -1.0]], rtol=1e-15)
    # the residual RNN reads the same inputs: h_1 = dt (U x_1 + b) with W h_0 = 0, dt = 0.5
    np.testing.assert_allclose(residual_rnn(weights, IDENTITY, per_network, 0.5)[:, 0, 0],
                               [[0.5, 1.0], [1.5, -1.5]], rtol=1e-15)


def test_ssm_overflow_names_its_step() -> None:
    """ctrnn.py 214 (`step=k + 1` to `step=k * 1`): the first overflowing state h_k is named by k.

    W = U = 1, b = 0: x = (1e308, 1e308) gives h_1 = 1e308 (finite), h_2 = 2e308 = inf (step 2);
    U = 10 makes h_1 = 1e309 = inf (step 1); x = (1e308, 0) stays finite.
    """
    def weights(u: float) -> RNNWeights:
        return RNNWeights.single([[1.0]], [[u]], [0.0], [1.0])

    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(ValueError, match=r"SSM hidden state h at step 2 \("):
            ssm_rnn(weights(1.0), IDENTITY, [[[1e308], [1e308]]])
        with pytest.raises(ValueError, match=r"SSM hidden state h at step 1 \("):
            ssm_rnn(weights(10.0), IDENTITY, [[[1e308], [0.0]]])
    np.testing.assert_array_equal(ssm_rnn(weights(1.0), IDENTITY, [[[1e308], [0.0]]])[0, 0, :, 0], [1e308, 1e308])


# --- elman_rnn.py -------------------------------------------------------------------------------

def _elman() -> ElmanParams:
    """One network of two units, one input: W = [[0.5, 0], [1, 0]], A = (1, -1), b = (1, 3)."""
    return ElmanParams(W=[[[0.5, 0.0], [1.0, 0.0]]], A=[[[1.0], [-1.0]]], b=[[1.0, 3.0]])


def _elman_trace():
    """x = (2, 1), ReLU: g_1 = (2, -2), h_1 = (2, 0); g_2 = W h_1 + A x_2 = (1, 2) + (1, -1) = (2, 1),
    h_2 = (2, 1); F = b^T h_2 = 2 + 3 = 5, and b^T h_1 = 2."""
    return forward(_elman(), np.array([[[2.0], [1.0]]]), RELU)


@pytest.mark.parametrize("W", [np.eye(2), np.ones(2), 1.0])
def test_elman_params_refuse_a_recurrent_matrix_of_rank_below_three(W) -> None:
    """elman_rnn.py 47 (`W.ndim != 3` to `> 3`): W (m, m), (m,) or a scalar is the shapes ValueError,
    not an IndexError from W.shape[2]."""
    with pytest.raises(ValueError, match="W, A, b must have shapes"):
        ElmanParams(W=W, A=np.ones((1, 2, 1)), b=np.ones((1, 2)))


@pytest.mark.parametrize("A", [np.ones((1, 3, 1)), np.ones((1, 2)), np.ones((1, 2, 1, 1))])
def test_elman_params_refuse_an_input_matrix_of_the_wrong_shape(A) -> None:
    """elman_rnn.py 47 (`A.ndim != 3 or A.shape[:2] != W.shape[:2]` to `and`): A of rank 3 but width 3
    (W has width 2), and A of rank 2 or 4 whose first two axes fit, are each refused."""
    with pytest.raises(ValueError, match="W, A, b must have shapes"):
        ElmanParams(W=np.zeros((1, 2, 2)), A=A, b=np.ones((1, 2)))
    assert ElmanParams(W=np.zeros((1, 2, 2)), A=np.ones((1, 2, 1)), b=np.ones((1, 2))).token_dim == 1


def test_elman_inputs_without_steps_or_sequences_say_which() -> None:
    """elman_rnn.py 107 (`allow_empty=True` to `False`) and 114 (`X.shape[-2]` to `X.shape[+2]`, the
    token axis of a 3-d X): L = 0 is "at least one time step", B = 0 is "B = 0 sequences"."""
    with pytest.raises(ValueError, match="X must hold at least one time step"):
        forward(_elman(), np.zeros((2, 0, 1)))
    with pytest.raises(ValueError, match="X must hold at least one time step"):
        forward(_elman(), np.zeros((1, 2, 0, 1)))
    with pytest.raises(ValueError, match=r"argument X is empty \(shape \(0, 2, 1\)\): B = 0 sequences"):
        forward(_elman(), np.zeros((0, 2, 1)))
    assert forward(_elman(), np.zeros((2, 1, 1))).steps == 1


def test_elman_token_dimension_message_names_the_last_axis() -> None:
    """elman_rnn.py 111 (`X.shape[-1]` to `X.shape[not 1]`, the batch axis): X (3, 2, 1) against
    networks with d = 2 reports token dimension 1."""
    params = ElmanParams(W=np.zeros((1, 2, 2)), A=np.ones((1, 2, 2)), b=np.ones((1, 2)))
    with pytest.raises(ValueError, match="X has token dimension 1, the networks expect 2"):
        forward(params, np.zeros((3, 2, 1)))


def test_elman_ensemble_axis_message_names_the_first_axis() -> None:
    """elman_rnn.py 113 (`X.shape[0]` to `X.shape[-1]`, the token axis): X (3, 1, 2, 1) against one
    network reports ensemble axis 3."""
    with pytest.raises(ValueError, match="X has ensemble axis 3, the networks have 1"):
        forward(_elman(), np.zeros((3, 1, 2, 1)))


def test_elman_outputs_by_hand_and_readout_names() -> None:
    """elman_rnn.py 159 (`readout == "last"` to `is "last"`, or to `>= "last"`): a "last" built at run
    time is the last readout; "mean" and "zz", which sort after "last", are refused."""
    trace = _elman_trace()
    np.testing.assert_allclose(outputs(_elman(), trace), [[5.0]], rtol=1e-15)
    np.testing.assert_allclose(outputs(_elman(), trace, "".join(["la", "st"])), [[5.0]], rtol=1e-15)
    np.testing.assert_allclose(outputs(_elman(), trace, "all"), [[[2.0, 5.0]]], rtol=1e-15)
    for bad in ("mean", "zz", "bogus"):
        with pytest.raises(ValueError, match="readout must be 'last' or 'all'"):
            outputs(_elman(), trace, bad)


def test_elman_gradients_with_one_batch_per_network() -> None:
    """elman_rnn.py 211 (`X.shape[:-3]` to `X.shape[:not 3]`, i.e. ()): with inputs (E, B, L, d) and
    E = 2 the tokens keep their ensemble axis.

    m = d = 1, ReLU with every g_l > 0, F = b h_2, h_1 = A x_1, h_2 = W h_1 + A x_2:
    dF/dA = b (x_2 + W x_1), dF/dW = b h_1, dF/db = h_2.
    Net 0: W = 0.5, A = 1, b = 2, x = (1, 2): h = (1, 2.5); dA = 2 (2 + 0.5) = 5, dW = 2, db = 2.5.
    Net 1: W = 1, A = 2, b = 1, x = (3, 1): h = (6, 8); dA = 1 + 3 = 4, dW = 6, db = 8.
    """
    params = ElmanParams(W=[[[0.5]], [[1.0]]], A=[[[1.0]], [[2.0]]], b=[[2.0], [1.0]])
    X = np.array([[[[1.0], [2.0]]], [[[3.0], [1.0]]]])  # (E=2, B=1, L=2, d=1)
    grads = gradients(params, forward(params, X), np.ones((2, 1)))
    np.testing.assert_allclose(grads["A"].ravel(), [5.0, 4.0], rtol=1e-15)
    np.testing.assert_allclose(grads["W"].ravel(), [2.0, 6.0], rtol=1e-15)
    np.testing.assert_allclose(grads["b"].ravel(), [2.5, 8.0], rtol=1e-15)


def test_elman_backward_deltas_and_readout_gradient_for_readout_all() -> None:
    """elman_rnn.py 187 (`readout == "all"` to `is "all"`): an "all" built at run time adds c_l b at
    every step.

    The trace of _elman_trace, c = (1, 1), F = b^T h_1 + b^T h_2; D_1 = diag(1, 0), D_2 = I:
    delta_2 = D_2 b = (1, 3); delta_1 = D_1 (W^T delta_2 + b) = D_1 ((3.5, 0) + (1, 3)) = (4.5, 0);
    dF/db = h_1 + h_2 = (4, 1). For readout "last" (c = 1): delta_1 = D_1 W^T delta_2 = (3.5, 0).
    """
    params, trace = _elman(), _elman_trace()
    every = "".join(["a", "ll"])
    np.testing.assert_allclose(backward_deltas(params, trace, np.ones((1, 1, 2)), every)[0, 0],
                               [[4.5, 0.0], [1.0, 3.0]], rtol=1e-15)
    np.testing.assert_allclose(gradients(params, trace, np.ones((1, 1, 2)), every)["b"], [[4.0, 1.0]], rtol=1e-15)
    np.testing.assert_allclose(backward_deltas(params, trace, np.ones((1, 1)), "last")[0, 0],
                               [[3.5, 0.0], [1.0, 3.0]], rtol=1e-15)


def test_init_elman_readout_has_mean_zero_and_the_given_scale() -> None:
    """elman_rnn.py 94 (`* readout_scale` to `- readout_scale`: b ~ N(-s, 1) instead of N(0, s^2)).

    4000 draws of N(0, 9): the sample mean is 0 within 5 standard errors (5 * 3 / sqrt(4000) = 0.24)
    and the sample standard deviation 3 within 0.2 (about 6 standard errors, 3 / sqrt(8000) each).
    """
    b = init_elman(np.random.default_rng(0), ensemble=4, width=1000, token_dim=1, readout_scale=3.0).b
    assert b.shape == (4, 1000)
    assert abs(b.mean()) < 0.24
    assert abs(b.std() - 3.0) < 0.2


def test_hidden_jacobian_refuses_a_negative_k() -> None:
    """elman_rnn.py 225 (`minimum=0` to `minimum=-1` for k): k = -1 is refused; k = 0 gives
    d h_1 / d h_0 = D_1 W with D_1 = diag(1, 0) (g_1 = (2, -2)): [[0.5, 0], [0, 0]]."""
    trace = _elman_trace()
    with pytest.raises(ValueError, match="argument k must be an integer >= 0"):
        hidden_jacobian(_elman(), trace, 1, -1)
    np.testing.assert_allclose(hidden_jacobian(_elman(), trace, 1, 0)[0, 0], [[0.5, 0.0], [0.0, 0.0]], rtol=1e-15)


# --- kernels.py ---------------------------------------------------------------------------------

@pytest.mark.parametrize("rates, coefficients", [
    ([0.0], [1.0]), ([-1.0, 2.0], [1.0, 1.0]),  # a rate not > 0
    ([[1.0]], [[1.0]]),  # rank 2, rates positive
    ([1.0, 2.0, 3.0], [1.0, 2.0]),  # more rates than coefficients
])
def test_sum_of_exponentials_refuses_bad_rates(rates, coefficients) -> None:
    """kernels.py 50 (`or np.any(lam <= 0)` to `and`; `lam.shape != c.shape` to `<`): a nonpositive
    rate, a rank-2 pair and 3 rates for 2 coefficients are each refused with the message."""
    with pytest.raises(ValueError, match="rates and coefficients must be vectors of one length"):
        sum_of_exponentials([0.0, 1.0], rates, coefficients)


def test_sum_of_exponentials_by_hand() -> None:
    """The other side: rate ln 2, coefficient 3 gives 3, 1.5, 0.75 at t = 0, 1, 2; with rates
    (ln 2, ln 4) and coefficients (1, 1): 2, 3/4, 5/16."""
    np.testing.assert_allclose(sum_of_exponentials([0.0, 1.0, 2.0], [LN2], [3.0]), [3.0, 1.5, 0.75], rtol=1e-14)
    np.testing.assert_allclose(sum_of_exponentials([0.0, 1.0, 2.0], [LN2, 2 * LN2], [1.0, 1.0]),
                               [2.0, 0.75, 0.3125], rtol=1e-14)


def test_polynomial_kernel_default_scale_is_one() -> None:
    """kernels.py 38 (the default scale 1.0 to 0.0, which finite_scalar refuses): rho(t) = (1 + t)^-2
    by default: 1, 1/4, 1/16 at t = 0, 1, 3; scale 0.5 gives (1 + t/2)^-2: 1, 4/9, 4/25."""
    np.testing.assert_allclose(polynomial([0.0, 1.0, 3.0], 2.0), [1.0, 0.25, 0.0625], rtol=1e-15)
    np.testing.assert_allclose(polynomial([0.0, 1.0, 3.0], 2.0, 0.5), [1.0, 4 / 9, 4 / 25], rtol=1e-15)
    with pytest.raises(ValueError, match="argument scale must be positive"):
        polynomial([0.0, 1.0], 2.0, 0.0)


# --- linear_rnn.py ------------------------------------------------------------------------------

def test_linear_rnn_of_width_257_is_built() -> None:
    """linear_rnn.py 34 (`U.shape[-2] != m` to `is not m`): 257 is past CPython's cache of small ints,
    so an identity test would refuse matching widths; a mismatch is still refused."""
    rnn = LinearRNN(np.zeros((257, 257)), np.zeros((257, 1)), np.zeros(257))
    assert rnn.input_dim == 1
    with pytest.raises(ValueError, match="shapes do not fit"):
        LinearRNN(np.zeros((257, 257)), np.zeros((256, 1)), np.zeros(257))


def _decaying() -> tuple[np.ndarray, np.ndarray]:
    """W = -I (two units), U = (1, 2): on dt = ln 2, e^{W dt} = I / 2 and int_0^dt e^{-s} ds = 1/2."""
    return -np.eye(2), np.array([[1.0], [2.0]])


def test_heaviside_states_recurrence_by_hand() -> None:
    """linear_rnn.py 76 (`states[..., k - 1, :]` to `k - 2`) and 106 (`times.size < 2` to `< 3`).

    Level x = 2, U x = (2, 4): h_1 = (1/2)(2, 4) = (1, 2); h_2 = (1/2) h_1 + (1, 2) = (1.5, 3), which
    is (1 - e^{-2 ln 2}) U x = (3/4)(2, 4). A two-point grid gives h_0, h_1; one point is refused.
    """
    W, U = _decaying()
    rnn = LinearRNN(W, U, np.ones(2))
    np.testing.assert_allclose(rnn.heaviside_states([2.0], [0.0, LN2, 2 * LN2]),
                               [[0.0, 0.0], [1.0, 2.0], [1.5, 3.0]], rtol=1e-13)
    np.testing.assert_allclose(rnn.heaviside_states([2.0], [0.0, LN2]), [[0.0, 0.0], [1.0, 2.0]], rtol=1e-13)
    with pytest.raises(ValueError, match="at least two points"):
        rnn.heaviside_states([2.0], [0.0])


def test_heaviside_states_with_two_ensemble_axes() -> None:
    """linear_rnn.py 74 (`self.W.shape[-1]` to `self.W.shape[1]`, the second ensemble axis when W is
    (E1, E2, m, m)): an ensemble (1, 3) of the network above gives (1, 3, T, m) states, each as by hand."""
    W, U = _decaying()
    rnn = LinearRNN(np.broadcast_to(W, (1, 3, 2, 2)), np.broadcast_to(U, (1, 3, 2, 1)), np.ones((1, 3, 2)))
    states = rnn.heaviside_states([2.0], [0.0, LN2, 2 * LN2])
    assert states.shape == (1, 3, 3, 2)
    np.testing.assert_allclose(states, np.broadcast_to([[0.0, 0.0], [1.0, 2.0], [1.5, 3.0]], (1, 3, 3, 2)),
                               rtol=1e-13)


def test_heaviside_states_refuse_a_short_level() -> None:
    """linear_rnn.py 69 (`level.shape != (d,)` to `>`): a level of length 1 for d = 2 is refused,
    not broadcast over both inputs; length 3 is refused too."""
    rnn = LinearRNN(-np.eye(2), np.ones((2, 2)), np.ones(2))
    for bad in ([1.0], [1.0, 1.0, 1.0]):
        with pytest.raises(ValueError, match=r"level must have shape \(2,\)"):
            rnn.heaviside_states(bad, [0.0, LN2])
    np.testing.assert_allclose(rnn.heaviside_states([1.0, 1.0], [0.0, LN2])[1], [1.0, 1.0], rtol=1e-13)


def test_heaviside_states_refuse_a_grid_that_is_not_uniform() -> None:
    """linear_rnn.py 109 (`rtol=1e-12` to `rtol=1.000000000001`): steps (1, 0.5) and (1, 1 + 1e-9)
    are not uniform to 1e-12; steps equal up to rounding (multiples of 0.1) are."""
    rnn = LinearRNN(-np.eye(2), np.ones((2, 1)), np.ones(2))
    for bad in ([0.0, 1.0, 1.5], [0.0, 1.0, 2.0 + 1e-9]):
        with pytest.raises(ValueError, match="uniformly spaced"):
            rnn.heaviside_states([1.0], bad)
    assert rnn.heaviside_states([1.0], [0.0, 0.1, 0.2, 0.3]).shape == (4, 2)


def test_heaviside_states_of_an_ensemble_of_three() -> None:
    """linear_rnn.py 116 (`m = W.shape[-1]` to `W.shape[not 1]`, the ensemble size when W is (E, m, m)):
    E = 3 copies of the two-unit network above give (3, T, 2) states, each as by hand."""
    W, U = _decaying()
    rnn = LinearRNN(np.broadcast_to(W, (3, 2, 2)), np.broadcast_to(U, (3, 2, 1)), np.ones((3, 2)))
    np.testing.assert_allclose(rnn.heaviside_states([2.0], [0.0, LN2, 2 * LN2]),
                               np.broadcast_to([[0.0, 0.0], [1.0, 2.0], [1.5, 3.0]], (3, 3, 2)), rtol=1e-13)


# --- perturbation.py ----------------------------------------------------------------------------

def test_finite_difference_gradient_by_hand() -> None:
    """perturbation.py 93 (`theta + s` to `theta - s`: the gradient taken at theta - delta, with its
    sign flipped).  error(w) = w_0^2 + 3 w_1 at theta + delta = (1.5, 0): gradient (3, 3) (a central
    difference of a quadratic is exact up to rounding); the mutant gives -(2 * 0.5, 3) = (-1, -3)."""
    def error(p):
        return p["w"][:, 0] ** 2 + 3.0 * p["w"][:, 1]

    grad = _finite_difference_gradient(error, {"w": np.array([1.0, 0.0])}, {"w": np.array([0.5, 0.0])}, 1e-3)
    np.testing.assert_allclose(grad["w"], [3.0, 3.0], rtol=1e-9)


def test_finite_difference_gradient_of_two_blocks_by_hand() -> None:
    """perturbation.py 92 (`np.split(..., axis=1)` to `axis=0`: the probes split by rows, not by the
    blocks' columns).  error = a^2 + a b_0 + 3 b_1 at a = 1, b = (2, 0): d/da = 2 a + b_0 = 4,
    d/db = (a, 3) = (1, 3)."""
    def error(p):
        a, b = p["a"][:, 0], p["b"]
        return a**2 + a * b[:, 0] + 3.0 * b[:, 1]

    theta = {"a": np.array([1.0]), "b": np.array([2.0, 0.0])}
    grad = _finite_difference_gradient(error, theta, {"a": np.zeros(1), "b": np.zeros(2)}, 1e-3)
    np.testing.assert_allclose(grad["a"], [4.0], rtol=1e-9)
    np.testing.assert_allclose(grad["b"], [1.0, 3.0], rtol=1e-9)


def test_worst_case_error_at_radius_one_searches() -> None:
    """perturbation.py 113 (`beta == 0` to `beta == 1`): at beta = 1 the ball is searched: error |w|
    on one entry (linf) gives E(1) = 1, not the error at theta, 0; beta = 0 gives 0 with delta 0."""
    def size(p):
        return np.abs(p["w"][:, 0])

    assert worst_case_error(size, {"w": np.zeros(1)}, 1.0, "linf", np.random.default_rng(0))[0] == 1.0
    error, delta = worst_case_error(size, {"w": np.zeros(1)}, 0.0, "linf", np.random.default_rng(0))
    assert (error, delta["w"].tolist()) == (0.0, [0.0])


def test_structured_directions_are_scaled_to_radius_beta() -> None:
    """perturbation.py 135 (`beta * d / |d|` to `beta * d * |d|`): the structured direction 2 I is put
    on the sphere of radius 0.5, giving 0.5 I and error tr(delta) = 1.  A random delta of spectral
    norm 0.5 has tr(delta) <= sum of singular values <= 1, equal only at 0.5 I."""
    def trace(p):
        return np.trace(p["W"], axis1=1, axis2=2)

    error, delta = worst_case_error(trace, {"W": np.zeros((2, 2))}, 0.5, "spectral", np.random.default_rng(0),
                                    samples=3, ascent_steps=0, structured={"W": 2.0 * np.eye(2)[None]})
    assert error == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_allclose(delta["W"], 0.5 * np.eye(2), rtol=1e-12, atol=1e-15)


def test_ascent_on_a_flat_error_stays_put() -> None:
    """perturbation.py 150 (`size > 0` to `size > -1`: 0 / 0 for a zero gradient): a constant error
    1.5 is 1.5 at every radius, with or without ascent steps."""
    def flat(p):
        return np.full(p["w"].shape[0], 1.5)

    for steps in (0, 3):
        error, _ = worst_case_error(flat, {"w": np.zeros(2)}, 1.0, "linf", np.random.default_rng(0),
                                    samples=2, ascent_steps=steps)
        assert error == 1.5


def test_ascent_keeps_only_a_step_that_helps() -> None:
    """perturbation.py 153 (`new_error > error` to `!=`): a step that lowers the error is dropped.

    One entry w, linf ball of radius 1 around 0: every random start is w = +-1. With
    e(w) = 1 - (|w| - 0.9)^2, e(+-1) = 0.99; the normalised step of length 1 goes to w = 0, where
    e = 1 - 0.81 = 0.19: dropped, so E = 0.99 (the mutant keeps 0.19). With e(w) = 1 - (|w| - 0.4)^2,
    e(+-1) = 0.64 and the step to 0 helps (0.84): kept.
    """
    def bump(centre: float):
        return lambda p: 1.0 - (np.abs(p["w"][:, 0]) - centre) ** 2

    for centre, expected, at in ((0.9, 0.99, 1.0), (0.4, 0.84, 0.0)):
        error, delta = worst_case_error(bump(centre), {"w": np.zeros(1)}, 1.0, "linf", np.random.default_rng(0),
                                        samples=4, ascent_steps=3)
        assert error == pytest.approx(expected, rel=1e-9)
        assert abs(delta["w"][0]) == pytest.approx(at, abs=1e-12)


def test_perturbation_curve_refuses_decreasing_betas() -> None:
    """perturbation.py 162 (`diff(betas) <= 0` to `== 0`): betas (0, 2, 1) are refused like (0, 1, 1);
    (0, 1, 2) with error |w| on one entry (linf) give E = beta: (0, 1, 2)."""
    def size(p):
        return np.abs(p["w"][:, 0])

    for bad in ([0.0, 2.0, 1.0], [0.0, 1.0, 1.0]):
        with pytest.raises(ValueError, match="strictly increasing"):
            perturbation_curve(size, {"w": np.zeros(1)}, bad, "linf", np.random.default_rng(0))
    curve = perturbation_curve(size, {"w": np.zeros(1)}, [0.0, 1.0, 2.0], "linf", np.random.default_rng(0))
    np.testing.assert_allclose(curve, [0.0, 1.0, 2.0], rtol=1e-12)


def test_crossing_points_refuse_curves_shorter_than_the_grid() -> None:
    """perturbation.py 176 (`curves.shape[1] != betas.size` to `>`): curves of 1 column on a grid of 2
    betas are refused (the mutant broadcasts them); on the grid, E_1 = (0.5, 2) meets E_0 = (1, 1) at
    beta = 1."""
    with pytest.raises(ValueError, match=r"curves must have shape \(K, 2\)"):
        crossing_points([0.0, 1.0], [[1.0], [2.0]])
    np.testing.assert_array_equal(crossing_points([0.0, 1.0], [[1.0, 1.0], [0.5, 2.0]]), [1.0])


def test_blow_up_points_refuse_a_negative_floor() -> None:
    """perturbation.py 195 (`nonnegative=True` to `False` for floor): floor = -1 is refused; floor 0
    puts the threshold at 10 max(E(0), 0) = 10, first passed at beta = 2; floor 3 puts it at 30 (none)."""
    betas, curves = [0.0, 1.0, 2.0], [[1.0, 5.0, 20.0]]
    with pytest.raises(ValueError, match="argument floor must be nonnegative"):
        blow_up_points(betas, curves, floor=-1.0)
    np.testing.assert_array_equal(blow_up_points(betas, curves, floor=0.0), [2.0])
    assert np.isnan(blow_up_points(betas, curves, floor=3.0)[0])
