"""Memory function of a continuous-time RNN over a grid of step levels, ours against JAX.

    dh/dt = tanh(W h + U x + b),  y = c^T h,  M(t) = max_x |dy_t/dt| / |x|_inf
Both sides integrate the v-system dz/dt = W v, dv/dt = tanh'(z) * (W v) from z_0 = U x + b,
v_0 = tanh(z_0) with an adaptive Runge-Kutta method at rtol = RTOL: ours scipy DOP853 (order 8),
JAX's odeint (Dormand-Prince 5). PyTorch ships no ODE solver, so it has no entry here.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.ctrnn import RNNWeights, heaviside_output_rate
from rnnbounds.numerics.memory import level_grid, memory_from_rates

from .harness import Case, Implementation
from .peers import jax_implementation, jax_modules

RTOL, ATOL = 1e-12, 1e-20
HORIZON, POINTS = 5.0, 51


def problem(m: int, d: int, magnitudes: tuple[float, ...], seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "W": 0.8 * rng.standard_normal((m, m)) / np.sqrt(m) - np.eye(m),
        "U": rng.standard_normal((m, d)),
        "b": 0.1 * rng.standard_normal(m),
        "c": rng.standard_normal(m) / np.sqrt(m),
        "levels": level_grid(d, magnitudes),
        "times": np.linspace(0.0, HORIZON, POINTS),
    }


def ours(data: dict[str, np.ndarray]) -> Implementation:
    weights = RNNWeights.single(data["W"], data["U"], data["b"], data["c"])

    def run():
        rates = heaviside_output_rate(weights, TANH, data["levels"], data["times"], rtol=RTOL, atol=ATOL)
        return {"memory": memory_from_rates(rates, data["levels"])[0]}

    return Implementation("rnnbounds NumPy", run)


def jax_memory(W, U, b, c, levels, times):
    jax, jnp = jax_modules()
    from jax.experimental.ode import odeint

    def rhs(state, _t):
        z, v = state
        wv = v @ W.T
        return wv, (1.0 - jnp.tanh(z) ** 2) * wv

    z0 = levels @ U.T + b
    _, v = odeint(rhs, (z0, jnp.tanh(z0)), times, rtol=RTOL, atol=ATOL)  # v: (T, B, m)
    rates = v @ c
    return (jnp.max(jnp.abs(rates) / jnp.max(jnp.abs(levels), axis=1), axis=1),)


def jax_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    if jax_modules() is None:
        return None
    arguments = tuple(data[k] for k in ("W", "U", "b", "c", "levels", "times"))
    return jax_implementation("JAX jit", jax_memory, arguments, ("memory",))


def case(m: int, d: int, magnitudes: tuple[float, ...]) -> Case:
    data = problem(m, d, magnitudes)
    peers = [p for p in (jax_peer(data),) if p is not None]
    sizes = {"m": m, "d": d, "levels": int(data["levels"].shape[0]), "times": POINTS}
    return Case("CT-RNN memory function", sizes, ours(data), peers, note="no PyTorch ODE solver")
