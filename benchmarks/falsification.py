"""A falsification-search step: many small instances, each measured and set against its bound.

    E tanh Elman networks (width m, He-scaled W), B sequences of L steps each; the measure is
    ||d h_L / d h_0||_F along each trajectory (E, B), the bound (L_sigma ||W||_2)^L per network
    (E,), as a gradient-explosion search evaluates them on a batch of drawn instances.
Ours: numerics.elman_rnn.hidden_jacobian; peers: forward-mode Jacobians of the state map, vmapped.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.elman_rnn import ElmanParams, forward, hidden_jacobian, init_elman

from .harness import Case, Implementation
from .peers import jax_implementation, jax_modules, torch_module, torch_tensors

SIZES = {"E": 256, "n": 4, "T": 20, "m": 8, "d": 2}


def problem(sizes: dict[str, int], seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    params = init_elman(rng, sizes["E"], sizes["m"], sizes["d"])
    return {"W": params.W, "A": params.A, "b": params.b, "X": rng.standard_normal((sizes["n"], sizes["T"], sizes["d"]))}


def ours(data: dict[str, np.ndarray]) -> Implementation:
    params = ElmanParams(data["W"], data["A"], data["b"])
    steps = data["X"].shape[1]

    def run():
        jacobian = hidden_jacobian(params, forward(params, data["X"], TANH), steps, 0)
        measure = np.sqrt(np.sum(jacobian**2, axis=(-2, -1)))
        bound = (TANH.lipschitz * np.linalg.norm(params.W, 2, axis=(1, 2))) ** steps
        return {"measure": measure, "bound": bound}

    return Implementation("rnnbounds NumPy", run)


def torch_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    torch = torch_module()
    if torch is None:
        return None
    from torch.func import jacfwd, vmap

    W, A, X = torch_tensors(data["W"], data["A"], data["X"])
    steps = X.shape[1]

    def state_map(h0, W, A, x):  # one network, one sequence x (T, d)
        h = h0
        for t in range(steps):
            h = torch.tanh(W @ h + A @ x[t])
        return h

    per_sequence = vmap(jacfwd(state_map), in_dims=(None, None, None, 0))
    per_network = vmap(per_sequence, in_dims=(None, 0, 0, None))

    def run():
        jacobian = per_network(torch.zeros(W.shape[1]), W, A, X)
        return {"measure": torch.linalg.matrix_norm(jacobian).numpy(),
                "bound": (torch.linalg.matrix_norm(W, ord=2) ** steps).numpy()}

    return Implementation("PyTorch vmap", run)


def jax_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    if jax_modules() is None:
        return None
    jax, jnp = jax_modules()
    steps = data["X"].shape[1]

    def state_map(h0, W, A, x):
        def step(h, x_t):
            return jnp.tanh(W @ h + A @ x_t), None

        return jax.lax.scan(step, h0, x)[0]

    per_sequence = jax.vmap(jax.jacfwd(state_map), in_axes=(None, None, None, 0))
    per_network = jax.vmap(per_sequence, in_axes=(None, 0, 0, None))

    def measure_and_bound(W, A, X):
        jacobian = per_network(jnp.zeros(W.shape[1]), W, A, X)
        return jnp.sqrt(jnp.sum(jacobian**2, axis=(-2, -1))), jnp.linalg.norm(W, 2, axis=(1, 2)) ** steps

    return jax_implementation("JAX vmap", measure_and_bound, (data["W"], data["A"], data["X"]), ("measure", "bound"))


def case(sizes: dict[str, int] = SIZES) -> Case:
    data = problem(sizes)
    peers = [p for p in (torch_peer(data), jax_peer(data)) if p is not None]
    return Case("falsification step (Jacobian norms + bound)", dict(sizes), ours(data), peers)
