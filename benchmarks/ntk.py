"""Empirical NTK Gram matrix of the ReLU Elman RNN with respect to W, ours against peers.

    Theta(x_i, x_j) = <dF(x_i)/dW, dF(x_j)/dW>_F,   F(x) = b^T h_T(x)
Ours contracts the rank-T factors of each Jacobian (numerics.ntk_gram); the peers form the
per-sample Jacobians with vmap(jacrev) and multiply J J^T, the standard way.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.elman_rnn import ElmanParams, init_elman
from rnnbounds.numerics.ntk_gram import empirical_ntk, per_sample_jacobians

from .harness import Case, Implementation
from .peers import jax_implementation, jax_modules, torch_module, torch_tensors

STEPS, TOKEN_DIM = 20, 4


def problem(n: int, m: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    params = init_elman(rng, 1, m, TOKEN_DIM)
    return {"W": params.W[0], "A": params.A[0], "b": params.b[0], "X": rng.standard_normal((n, STEPS, TOKEN_DIM))}


def ours(data: dict[str, np.ndarray]) -> Implementation:
    params = ElmanParams(data["W"][None], data["A"][None], data["b"][None])
    return Implementation("rnnbounds NumPy", lambda: {"gram": empirical_ntk(params, data["X"])[0]})


def torch_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    torch = torch_module()
    if torch is None:
        return None
    W, A, b, X = torch_tensors(data["W"], data["A"], data["b"], data["X"])

    def output(W, x):  # one sequence x (T, d)
        h = torch.zeros(W.shape[0])
        for t in range(x.shape[0]):
            h = torch.relu(W @ h + A @ x[t])
        return h @ b

    jacobians = torch.func.vmap(torch.func.jacrev(output), in_dims=(None, 0))

    def run():
        J = jacobians(W, X).reshape(X.shape[0], -1)
        return {"gram": (J @ J.T).numpy()}

    return Implementation("PyTorch func", run)


def jax_gram(W, A, b, X):
    jax, jnp = jax_modules()

    def output(W, x):
        def step(h, x_t):
            return jax.nn.relu(W @ h + A @ x_t), None

        h, _ = jax.lax.scan(step, jnp.zeros(W.shape[0]), x)
        return h @ b

    J = jax.vmap(jax.jacrev(output), in_axes=(None, 0))(W, X).reshape(X.shape[0], -1)
    return (J @ J.T,)


def jax_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    if jax_modules() is None:
        return None
    return jax_implementation("JAX jit", jax_gram, (data["W"], data["A"], data["b"], data["X"]), ("gram",))


def case(n: int, m: int) -> Case:
    data = problem(n, m)
    peers = [p for p in (torch_peer(data), jax_peer(data)) if p is not None]
    return Case("Elman NTK Gram", {"n": n, "T": STEPS, "m": m, "d": TOKEN_DIM}, ours(data), peers)


def ours_dense(data: dict[str, np.ndarray]) -> Implementation:
    """The toolkit's dense path: per-sample Jacobians (n, m^2), then J J^T in BLAS."""
    params = ElmanParams(data["W"][None], data["A"][None], data["b"][None])

    def run():
        J = per_sample_jacobians(params, data["X"])[0]
        return {"gram": J @ J.T}

    return Implementation("rnnbounds NumPy (dense J J^T)", run)


def dense_case(n: int, m: int) -> Case:
    """The same Gram matrix through ``per_sample_jacobians`` (cheaper when 2 T^2 > m)."""
    data = problem(n, m)
    peers = [p for p in (torch_peer(data), jax_peer(data)) if p is not None]
    return Case("Elman NTK Gram (dense J J^T)", {"n": n, "T": STEPS, "m": m, "d": TOKEN_DIM},
                ours_dense(data), peers, note="same peers as the row above; JAX compile cache warm")
