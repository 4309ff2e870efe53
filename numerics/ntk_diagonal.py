"""Neural tangent kernel of a diagonal RNN at initialisation, and its infinite-width limit.

    K_0(X, X')   = (1/m) sum_i c_i^2 < psi(X; theta_i(0)), psi(X'; theta_i(0)) >  (c_i^2 = 1 required)
    K_inf(X, X') = E_{theta_0 ~ mu_0} < psi(X; theta_0), psi(X'; theta_0) >     (Monte Carlo, M draws)
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import Activation
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, symmetric_init
from rnnbounds.numerics.neuron_derivatives import tangent_features
from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = ["kernel_of_neurons", "empirical_ntk", "limit_ntk"]


def kernel_of_neurons(w: np.ndarray, U: np.ndarray, X: np.ndarray, act: Activation,
                      chunk: int = 1024) -> np.ndarray:
    """(1/m) sum_i <psi_i(X), psi_i(X')> for w (E, m), U (E, m, d): shape (E, n, n)."""
    chunk = checked_size(chunk, "chunk")
    w, U = finite_array(w, "w", ndim=2), finite_array(U, "U", ndim=3)
    E, m = w.shape
    K = np.zeros((E, X.shape[0], X.shape[0]))
    for start in range(0, m, chunk):
        psi = tangent_features(w[:, start:start + chunk], U[:, start:start + chunk], X, act)
        K += np.einsum("ejip,ekip->ejk", psi, psi)
    return K / m


def empirical_ntk(params: DiagonalParams, X: np.ndarray, act: Activation) -> np.ndarray:
    """K_0 over the inputs X (n, T, d) for each network of the ensemble: shape (E, n, n).

    K_0 is the NTK of f only when every readout weight is a sign (c_i^2 = 1, the symmetric
    initialisation); any other c is refused rather than silently ignored.
    """
    if not np.all(params.c**2 == 1.0):
        raise ValueError("argument c: empirical_ntk needs readout signs c_i in {-1, +1} (it uses c_i^2 = 1)")
    return kernel_of_neurons(params.w, params.U, X, act)


def limit_ntk(rng: np.random.Generator, X: np.ndarray, act: Activation, alpha: float,
              samples: int, recurrent_init: str = "uniform") -> np.ndarray:
    """Monte Carlo estimate of K_inf from `samples` i.i.d. neurons of mu_0: shape (n, n)."""
    samples = checked_size(samples, "samples")
    X = finite_array(X, "X", ndim=3)
    init = symmetric_init(rng, 1, 2 * samples, X.shape[2], alpha, recurrent_init)
    return kernel_of_neurons(init.w[:, :samples], init.U[:, :samples], X, act)[0]
