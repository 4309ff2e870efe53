"""Loss and gradient of the diagonal (IndRNN) RNN, ours (exact BPTT in NumPy) against peers.

    h_t = tanh(w * h_{t-1} + U X_t),  f = c^T h_{T-1} / sqrt(m),  loss = (1/2n) sum_j (f_j - Y_j)^2
Gradients with respect to w (m,) and U (m, d); one network (ensemble of 1).
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.activations import TANH
from rnnbounds.numerics.diagonal_bptt import loss_and_gradient
from rnnbounds.numerics.diagonal_rnn import DiagonalParams

from .harness import Case, Implementation
from .peers import jax_implementation, jax_modules, torch_module, torch_tensors


def problem(sizes: dict[str, int], ensemble: int = 1, seed: int = 0) -> dict[str, np.ndarray]:
    n, T, m, d = (sizes[k] for k in "nTmd")
    rng = np.random.default_rng(seed)
    return {
        "w": rng.uniform(-0.9, 0.9, size=(ensemble, m)),
        "U": rng.standard_normal((ensemble, m, d)) / np.sqrt(d),
        "c": rng.choice([-1.0, 1.0], size=(ensemble, m)),
        "X": rng.standard_normal((n, T, d)),
        "Y": rng.standard_normal(n),
    }


def ours(data: dict[str, np.ndarray]) -> Implementation:
    params = DiagonalParams(data["w"], data["U"], data["c"])

    def run():
        loss, grad_w, grad_U = loss_and_gradient(params, data["X"], data["Y"], TANH)
        return {"loss": loss, "grad_w": grad_w, "grad_U": grad_U}

    return Implementation("rnnbounds NumPy", run)


def torch_loss_and_gradient(torch, w, U, c, X, Y):
    """One network: returns (loss, dloss/dw, dloss/dU) by autograd."""
    w, U = w.clone().requires_grad_(True), U.clone().requires_grad_(True)
    drive = torch.einsum("md,ntd->tnm", U, X)
    h = torch.zeros(X.shape[0], w.shape[0])
    for drive_t in drive.unbind(0):  # unbind: one backward node, not a dense zero per step
        h = torch.tanh(w * h + drive_t)
    residual = h @ c / np.sqrt(w.shape[0]) - Y
    loss = 0.5 * torch.mean(residual**2)
    grad_w, grad_U = torch.autograd.grad(loss, (w, U))
    return loss.detach(), grad_w, grad_U


def torch_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    torch = torch_module()
    if torch is None:
        return None
    w, U, c, X, Y = torch_tensors(data["w"], data["U"], data["c"], data["X"], data["Y"])

    def run():
        results = [torch_loss_and_gradient(torch, w[e], U[e], c[e], X, Y) for e in range(w.shape[0])]
        loss, grad_w, grad_U = (torch.stack(part).numpy() for part in zip(*results))
        return {"loss": loss, "grad_w": grad_w, "grad_U": grad_U}

    return Implementation("PyTorch eager" if w.shape[0] == 1 else "PyTorch loop", run)


def jax_loss(w, U, c, X, Y):
    jax, jnp = jax_modules()
    drive = jnp.einsum("md,ntd->tnm", U, X)

    def step(h, drive_t):
        h = jnp.tanh(w * h + drive_t)
        return h, None

    h, _ = jax.lax.scan(step, jnp.zeros((X.shape[0], w.shape[0])), drive)
    residual = h @ c / jnp.sqrt(w.shape[0]) - Y
    return 0.5 * jnp.mean(residual**2)


def jax_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    if jax_modules() is None:
        return None
    jax, _ = jax_modules()
    value_and_grad = jax.value_and_grad(jax_loss, argnums=(0, 1))

    def batched(w, U, c, X, Y):
        if w.shape[0] == 1:  # one network: no vmap
            loss, (grad_w, grad_U) = value_and_grad(w[0], U[0], c[0], X, Y)
            return loss[None], grad_w[None], grad_U[None]
        loss, (grad_w, grad_U) = jax.vmap(value_and_grad, in_axes=(0, 0, 0, None, None))(w, U, c, X, Y)
        return loss, grad_w, grad_U

    name = "JAX jit" if data["w"].shape[0] == 1 else "JAX vmap"
    arguments = (data["w"], data["U"], data["c"], data["X"], data["Y"])
    return jax_implementation(name, batched, arguments, ("loss", "grad_w", "grad_U"))


def case(sizes: dict[str, int], ensemble: int = 1, family: str = "diagonal loss+grad") -> Case:
    data = problem(sizes, ensemble)
    peers = [p for p in (torch_peer(data), jax_peer(data)) if p is not None]
    shown = {"E": ensemble, **sizes} if ensemble > 1 else dict(sizes)
    return Case(family, shown, ours(data), peers)
