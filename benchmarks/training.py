"""Gradient-descent training of the diagonal RNN, the workload of the gd-convergence reproductions.

    E networks (seeds) from the symmetric init, width m, tanh; full-batch GD on (w, U) with a fixed
    step eta for K steps: theta_{k+1} = theta_k - eta grad Rhat(theta_k); outputs the loss history
    (K+1, E) and the final weights. Peers run the same loop vectorised over the ensemble.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.diagonal_bptt import loss, loss_and_gradient
from rnnbounds.numerics.diagonal_rnn import DiagonalParams, symmetric_init

from .harness import Case, Implementation
from .peers import jax_implementation, jax_modules, torch_module, torch_tensors

SIZES = {"E": 4, "n": 16, "T": 6, "m": 256, "d": 3, "steps": 60}
STEP_SIZE = 0.5


def problem(sizes: dict[str, int], seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    params = symmetric_init(rng, sizes["E"], sizes["m"], sizes["d"], 0.95, "constant")
    X = rng.standard_normal((sizes["n"], sizes["T"], sizes["d"])) / np.sqrt(sizes["d"])
    return {"w": params.w, "U": params.U, "c": params.c, "X": X, "Y": rng.standard_normal(sizes["n"]),
            "steps": sizes["steps"]}


def ours(data: dict) -> Implementation:
    start = DiagonalParams(data["w"], data["U"], data["c"])

    def run():
        params, losses = start, []
        for _ in range(data["steps"]):
            value, grad_w, grad_U = loss_and_gradient(params, data["X"], data["Y"], TANH)
            losses.append(value)
            params = params.with_weights(params.w - STEP_SIZE * grad_w, params.U - STEP_SIZE * grad_U)
        losses.append(loss(params, data["X"], data["Y"], TANH))
        return {"losses": np.stack(losses), "w": params.w, "U": params.U}

    return Implementation("rnnbounds NumPy", run)


def torch_peer(data: dict) -> Implementation | None:
    torch = torch_module()
    if torch is None:
        return None
    w0, U0, c, X, Y = torch_tensors(data["w"], data["U"], data["c"], data["X"], data["Y"])
    scale = 1.0 / np.sqrt(w0.shape[1])

    def batched_loss(w, U):
        drive = torch.einsum("emd,ntd->tenm", U, X)
        h = torch.zeros(drive.shape[1:])
        for drive_t in drive.unbind(0):
            h = torch.tanh(w[:, None] * h + drive_t)
        residual = (h * c[:, None]).sum(-1) * scale - Y
        return 0.5 * (residual**2).mean(1)

    def run():
        w, U, losses = w0.clone(), U0.clone(), []
        for _ in range(data["steps"]):
            w.requires_grad_(True)
            U.requires_grad_(True)
            value = batched_loss(w, U)
            grad_w, grad_U = torch.autograd.grad(value.sum(), (w, U))
            losses.append(value.detach())
            w, U = (w - STEP_SIZE * grad_w).detach(), (U - STEP_SIZE * grad_U).detach()
        with torch.no_grad():
            losses.append(batched_loss(w, U))
        return {"losses": torch.stack(losses).numpy(), "w": w.numpy(), "U": U.numpy()}

    return Implementation("PyTorch eager", run)


def jax_peer(data: dict) -> Implementation | None:
    if jax_modules() is None:
        return None
    jax, jnp = jax_modules()
    steps = data["steps"]

    def one_loss(w, U, c, X, Y):
        drive = jnp.einsum("md,ntd->tnm", U, X)
        h, _ = jax.lax.scan(lambda h, d_t: (jnp.tanh(w * h + d_t), None), jnp.zeros((X.shape[0], w.shape[0])), drive)
        residual = h @ c / jnp.sqrt(w.shape[0]) - Y
        return 0.5 * jnp.mean(residual**2)

    step_grad = jax.vmap(jax.value_and_grad(one_loss, argnums=(0, 1)), in_axes=(0, 0, 0, None, None))
    final_loss = jax.vmap(one_loss, in_axes=(0, 0, 0, None, None))

    def train(w, U, c, X, Y):
        def body(state, _):
            w, U = state
            value, (grad_w, grad_U) = step_grad(w, U, c, X, Y)
            return (w - STEP_SIZE * grad_w, U - STEP_SIZE * grad_U), value

        (w, U), losses = jax.lax.scan(body, (w, U), None, length=steps)
        return jnp.concatenate([losses, final_loss(w, U, c, X, Y)[None]]), w, U

    arguments = (data["w"], data["U"], data["c"], data["X"], data["Y"])
    return jax_implementation("JAX jit", train, arguments, ("losses", "w", "U"))


def case(sizes: dict[str, int] = SIZES) -> Case:
    data = problem(sizes)
    peers = [p for p in (torch_peer(data), jax_peer(data)) if p is not None]
    return Case("trained diagonal RNN (GD steps)", dict(sizes), ours(data), peers)
