"""Entry checks and constants of numerics/ that the mutation run of docs/mutation.md found unprobed.

Each test is worked out by hand (or from an independent formula) and sits on both sides of the
boundary it probes; the mutant it kills is named in its docstring (module, line, change).
"""

from __future__ import annotations

import numpy as np
import pytest

from rnnbounds.numerics.activations import (
    HARDTANH, IDENTITY, RELU, SIGMOID, TANH, Activation, activation, scaled_linear,
)
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, check_inputs, readout, symmetric_init
from rnnbounds.numerics.exponential_fit import ExponentialFit, _continuation_starts, fit_exponential_sum
from rnnbounds.numerics.memory import level_grid


def _zero(z: np.ndarray) -> np.ndarray:
    return np.zeros_like(z)


# --- activations.py -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["lipschitz", "curvature", "value_bound"])
@pytest.mark.parametrize("bad", [-1.0, -1e-300, float("nan")])
def test_activation_constants_refuse_negative_and_nan(name: str, bad: float) -> None:
    """activations.py 47 (`or` to `and`): a negative constant must be refused, not only NaN."""
    constants = {"lipschitz": 1.0, "curvature": 0.0, "value_bound": 1.0, name: bad}
    with pytest.raises(ValueError, match=f"argument {name}"):
        Activation("probe", _zero, _zero, _zero, **constants)


@pytest.mark.parametrize("name", ["lipschitz", "curvature", "value_bound"])
@pytest.mark.parametrize("good", [0.0, 2.5, float("inf")])
def test_activation_constants_accept_zero_positive_and_inf(name: str, good: float) -> None:
    """The other side of the boundary: 0, a positive number and inf are accepted as given."""
    constants = {"lipschitz": 1.0, "curvature": 0.0, "value_bound": 1.0, name: good}
    assert getattr(Activation("probe", _zero, _zero, _zero, **constants), name) == good


def test_tanh_and_sigmoid_curvature_by_hand() -> None:
    """activations.py 77 (4/(3 sqrt 3) to 4/(3 - sqrt 3)).

    tanh'' = -2 s (1 - s^2) with s = tanh z; d/ds of s (1 - s^2) is 1 - 3 s^2, zero at s = 1/sqrt 3,
    so sup |tanh''| = 2 (1/sqrt 3)(2/3) = 4 / (3 sqrt 3) = 0.769800358919501.
    sigma'' = s (1 - s)(1 - 2 s) with s = sigmoid z; with u = s - 1/2 it is -2 u (1/4 - u^2),
    maximal at u^2 = 1/12: 2 (1/sqrt 12)(1/6) = 1 / (6 sqrt 3) = 0.0962250448649376.
    """
    assert TANH.curvature == pytest.approx(0.769800358919501, rel=1e-14)
    assert SIGMOID.curvature == pytest.approx(0.0962250448649376, rel=1e-14)
    # independent check: a central second difference of tanh itself on a fine grid
    z, step = np.linspace(-3.0, 3.0, 60001), 1e-4
    second = (np.tanh(z + step) - 2.0 * np.tanh(z) + np.tanh(z - step)) / step**2
    assert np.max(np.abs(second)) == pytest.approx(TANH.curvature, rel=1e-6)


INF = float("inf")


@pytest.mark.parametrize("act, lipschitz, curvature, value_bound", [
    (TANH, 1.0, 4.0 / (3.0 * np.sqrt(3.0)), 1.0),  # tanh' = 1 - tanh^2 <= 1 at 0; |tanh| < 1
    (SIGMOID, 0.25, 1.0 / (6.0 * np.sqrt(3.0)), 1.0),  # s (1 - s) <= 1/4 at s = 1/2; 0 < s < 1
    (HARDTANH, 1.0, INF, 1.0),  # slope 1 on (-1, 1), kinks at +-1; clipped to [-1, 1]
    (RELU, 1.0, INF, INF),  # slope 1 on z > 0, a kink at 0; unbounded above
    (IDENTITY, 1.0, 0.0, INF),  # slope 1, straight, unbounded
])
def test_activation_constants_by_hand(act: Activation, lipschitz: float, curvature: float,
                                      value_bound: float) -> None:
    """activations.py 103 (identity's Lipschitz constant 1 to 2) and the other constants of the table."""
    assert (act.lipschitz, act.value_bound) == (lipschitz, value_bound)
    assert act.curvature == pytest.approx(curvature, rel=1e-14)
    z = np.linspace(-4.0, 4.0, 8001)  # the derivative reaches its sup on the grid (z = 0 or 0.001)
    assert np.max(np.abs(act.derivative(z))) == pytest.approx(lipschitz, rel=1e-6)


def test_scaled_linear_builds_and_refuses() -> None:
    """activations.py 109 (`not` deleted): a positive finite slope builds sigma(z) = c z."""
    act = scaled_linear(2.0)
    z = np.array([-1.5, 0.0, 3.0])
    np.testing.assert_array_equal(act(z), [-3.0, 0.0, 6.0])
    np.testing.assert_array_equal(act.derivative(z), [2.0, 2.0, 2.0])
    assert (act.name, act.lipschitz, act.curvature) == ("linear(2)", 2.0, 0.0)
    assert scaled_linear(1e-300).lipschitz == 1e-300
    for bad in (0.0, -1.0, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="c_sigma"):
            scaled_linear(bad)


def test_activation_lookup_by_name() -> None:
    """activations.py 125 (`if not name in ACTIVATIONS`): every registered name is found as itself."""
    assert activation("tanh") is TANH
    assert activation("relu") is RELU
    assert activation("linear(0.5)").lipschitz == 0.5
    with pytest.raises(ValueError, match="unknown activation"):
        activation("softplus")


# --- diagonal_rnn.py ----------------------------------------------------------------------------

def test_symmetric_init_signs_are_plus_minus_one() -> None:
    """diagonal_rnn.py 90 (U{-1, 1} to U{-2, 1}): every readout sign is -1 or +1, both occur,
    and neuron i + m/2 carries -c_i."""
    params = symmetric_init(np.random.default_rng(0), ensemble=4, width=16, dim=2, alpha=0.5)
    assert set(np.unique(params.c)) == {-1.0, 1.0}
    np.testing.assert_array_equal(params.c[:, 8:], -params.c[:, :8])


def test_recurrent_init_laws_by_hand() -> None:
    """diagonal_rnn.py 71 (`uniform(-alpha, alpha)` to `uniform(alpha, alpha)` or `(+alpha, alpha)`):
    uniform weights fill [-alpha, alpha] with both signs; constant is alpha; rademacher is +-alpha."""
    rng = np.random.default_rng(0)
    w = symmetric_init(rng, ensemble=4, width=16, dim=1, alpha=0.5, recurrent_init="uniform").w
    assert np.all(np.abs(w) <= 0.5) and w.min() < -0.25 and w.max() > 0.25
    assert len(np.unique(w)) == 32  # 32 draws, each copied to its pair
    constant = symmetric_init(rng, ensemble=2, width=4, dim=1, alpha=0.5, recurrent_init="constant").w
    np.testing.assert_array_equal(constant, np.full((2, 4), 0.5))
    signs = symmetric_init(rng, ensemble=4, width=16, dim=1, alpha=0.5, recurrent_init="rademacher").w
    assert set(np.unique(signs)) == {-0.5, 0.5}


@pytest.mark.parametrize("law", ["bogus", "abc", "Constant", ""])
def test_unknown_recurrent_init_is_refused(law: str) -> None:
    """diagonal_rnn.py 72 (`law == "constant"` to `<=`): a name sorting before "constant" is refused."""
    with pytest.raises(ValueError, match="recurrent_init must be one of"):
        symmetric_init(np.random.default_rng(0), ensemble=1, width=2, dim=1, alpha=0.5, recurrent_init=law)


@pytest.mark.parametrize("name", ["w", "U", "c"])
def test_diagonal_params_refuse_non_finite_weights(name: str) -> None:
    """diagonal_rnn.py 40 (the loop over ("w", "U", "c") emptied): each array is checked finite and
    turned into a float64 array (lists in, arrays out)."""
    arrays = {"w": [[0.5, 0.5]], "U": [[[1.0], [1.0]]], "c": [[1.0, -1.0]]}
    params = DiagonalParams(**arrays)
    assert all(isinstance(getattr(params, k), np.ndarray) for k in arrays)
    assert params.U.dtype == np.float64
    bad = np.array(arrays[name], dtype=np.float64)
    bad.flat[0] = np.nan
    with pytest.raises(ValueError, match=name):
        DiagonalParams(**{**arrays, name: bad})


@pytest.mark.parametrize("shape", [(3,), (2, 3), (1, 2, 3, 1)])
def test_check_inputs_refuses_wrong_rank_with_value_error(shape: tuple[int, ...]) -> None:
    """diagonal_rnn.py 99 (`X.ndim != 3` to `> 3`): X of rank 1 or 2 is a ValueError naming X,
    not an IndexError from reading X.shape[2]."""
    with pytest.raises(ValueError, match="X must have shape"):
        check_inputs(np.zeros(shape), 3)
    assert check_inputs(np.zeros((1, 2, 3)), 3).shape == (1, 2, 3)


def _params(ensemble: int, width: int) -> DiagonalParams:
    half = width // 2
    c = np.concatenate([np.ones((ensemble, half)), -np.ones((ensemble, half))], 1)
    return DiagonalParams(np.zeros((ensemble, width)), np.zeros((ensemble, width, 1)), c)


@pytest.mark.parametrize("shape", [(4,), (2, 4), (2, 1, 6), (3, 1, 4)])
def test_readout_refuses_wrong_shapes_with_value_error(shape: tuple[int, ...]) -> None:
    """diagonal_rnn.py 180 (`or` to `and` after `h.ndim < 3`): a state of rank < 3, or of the wrong
    width, or of the wrong ensemble size, is a ValueError naming h (E = 2, m = 4 here)."""
    with pytest.raises(ValueError, match="h must have shape"):
        readout(_params(2, 4), np.zeros(shape))


def test_readout_of_a_wide_network_by_hand() -> None:
    """diagonal_rnn.py 180 (`!=` to `is not` on the width): m = 258 is past CPython's cache of
    small ints, so an identity test would refuse a state of the right width.

    c = (+1 x 129, -1 x 129), h^i = 1 for i < 129 and 0 after: f = 129 / sqrt(258) = sqrt(129 / 2).
    """
    h = np.zeros((1, 1, 258))
    h[..., :129] = 1.0
    np.testing.assert_allclose(readout(_params(1, 258), h), [[np.sqrt(64.5)]], rtol=1e-15)


# --- exponential_fit.py -------------------------------------------------------------------------

def test_exponential_fit_refuses_mismatched_shapes() -> None:
    """exponential_fit.py 46 (`!=` to `is` on the two shapes): 2 rates and 1 coefficient are refused;
    equal shapes (distinct tuple objects) are accepted."""
    with pytest.raises(ValueError, match="share a shape"):
        ExponentialFit(np.array([1.0, 2.0]), np.array([1.0]), 0.0)
    assert ExponentialFit(np.array([1.0, 2.0]), np.array([1.0, 0.5]), 0.0).rates.shape == (2,)


def test_continuation_starts_by_hand() -> None:
    """exponential_fit.py 152 (`previous[-1] + 1.5` to `previous[-0] + 1.5`, equal for one old rate).

    Old log rates (0, 1): one new rate below (0 - 1.5), between (0.5) and above (1 + 1.5).
    """
    starts = _continuation_starts(np.array([0.0, 1.0]), np.linspace(0.0, 1.0, 5))
    np.testing.assert_array_equal(np.array(starts), [[-1.5, 0.0, 1.0], [0.0, 0.5, 1.0], [0.0, 1.0, 2.5]])
    single = _continuation_starts(np.array([0.0]), np.linspace(0.0, 1.0, 5))
    np.testing.assert_array_equal(np.array(single), [[-1.5, 0.0], [0.0, 1.5]])


def _fit(rates: list[float], coefficients: list[float]) -> ExponentialFit:
    return ExponentialFit(np.array(rates), np.array(coefficients), 0.0)


def test_active_min_rate_threshold_is_strict() -> None:
    """exponential_fit.py 62 (`>` to `>=`): a mode with |c_i| exactly tol * max |c| is inactive.

    rates (1, 2), c (0.5, 1): tol 0.5 leaves only the rate 2; tol 0.4999 keeps the rate 1; and at
    tol = 0 a zero coefficient is inactive.
    """
    assert _fit([1.0, 2.0], [0.5, 1.0]).active_min_rate(tol=0.5) == 2.0
    assert _fit([1.0, 2.0], [0.5, 1.0]).active_min_rate(tol=0.4999) == 1.0
    assert _fit([1.0, 2.0], [0.0, 1.0]).active_min_rate(tol=0.0) == 2.0


def test_active_min_rate_threshold_scales_with_the_largest_coefficient() -> None:
    """exponential_fit.py 62 (`tol * scale` to `tol ** scale`, equal when max |c| = 1).

    rates (1, 3), c (0.1, -2): threshold 0.1 * 2 = 0.2 > 0.1, so only the rate 3 is active;
    with c (0.3, -2) the first mode clears 0.2 and the rate 1 is the answer.
    """
    assert _fit([1.0, 3.0], [0.1, -2.0]).active_min_rate(tol=0.1) == 3.0
    assert _fit([1.0, 3.0], [0.3, -2.0]).active_min_rate(tol=0.1) == 1.0


# --- memory.py ----------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [0, 13, -1, 2.0, 1.5, "3"])
def test_level_grid_refuses_d_outside_1_to_12(bad: object) -> None:
    """memory.py 38 (`not isinstance(d, int) or d < 1` to `... and d < 1`): d = 0 and a non-integer
    d are refused with the one-line error, not let through to itertools.product."""
    with pytest.raises(ValueError, match="d must be an integer"):
        level_grid(bad)  # type: ignore[arg-type]


def test_level_grid_edges_by_hand() -> None:
    """d = 1: the levels -a and a; d = 12 is the largest allowed: 2^12 sign vectors."""
    np.testing.assert_array_equal(level_grid(1, (2.0,)), [[-2.0], [2.0]])
    assert level_grid(np.int64(12)).shape == (4096, 12)


def test_a_sum_of_two_fast_exponentials_is_recovered() -> None:
    """rho = e^{-20 t} + e^{-80 t} is a 2-term exponential sum, so its best 2-term fit has rates
    (20, 80), coefficients (1, 1) and no error.  Written for exponential_fit.py 137 (every start
    clipped to a rate <= 1), which it does not kill: least squares climbs from there to 20 and 80."""
    t = np.linspace(0.0, 0.2, 41)
    fit = fit_exponential_sum(t, np.exp(-20.0 * t) + np.exp(-80.0 * t), 2)
    np.testing.assert_allclose(fit.rates, [20.0, 80.0], rtol=1e-6)
    np.testing.assert_allclose(fit.coefficients, [1.0, 1.0], rtol=1e-6)
    assert fit.max_error < 1e-10
