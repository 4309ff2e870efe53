"""Loss and gradient of the ReLU Elman RNN, ours (exact BPTT in NumPy) against peers.

    h_l = relu(W h_{l-1} + A x_l), F = b^T h_T, loss = (1/2n) sum_j (F_j - Y_j)^2
Gradients with respect to W (m, m) and A (m, d); b is fixed. He-scaled Gaussian weights.
"""

from __future__ import annotations

import numpy as np

from rnnbounds.numerics.elman_rnn import ElmanParams, forward, gradients, init_elman, outputs

from .harness import Case, Implementation
from .peers import jax_implementation, jax_modules, torch_module, torch_tensors


def problem(sizes: dict[str, int], ensemble: int = 1, seed: int = 0) -> dict[str, np.ndarray]:
    n, T, m, d = (sizes[k] for k in "nTmd")
    rng = np.random.default_rng(seed)
    params = init_elman(rng, ensemble, m, d)
    return {"W": params.W, "A": params.A, "b": params.b, "X": rng.standard_normal((n, T, d)),
            "Y": rng.standard_normal(n)}


def ours(data: dict[str, np.ndarray]) -> Implementation:
    params = ElmanParams(data["W"], data["A"], data["b"])
    X, Y = data["X"], data["Y"]

    def run():
        trace = forward(params, X)
        residual = outputs(params, trace) - Y  # (E, n)
        grads = gradients(params, trace, residual / X.shape[0])
        return {"loss": 0.5 * np.mean(residual**2, axis=1), "grad_W": grads["W"], "grad_A": grads["A"]}

    return Implementation("rnnbounds NumPy", run)


def torch_loss_and_gradient(torch, W, A, b, X, Y):
    W, A = W.clone().requires_grad_(True), A.clone().requires_grad_(True)
    drive = torch.einsum("md,ntd->tnm", A, X)
    h = torch.zeros(X.shape[0], W.shape[0])
    for drive_t in drive.unbind(0):  # unbind: one backward node, not a dense zero per step
        h = torch.relu(h @ W.T + drive_t)
    loss = 0.5 * torch.mean((h @ b - Y) ** 2)
    grad_W, grad_A = torch.autograd.grad(loss, (W, A))
    return loss.detach(), grad_W, grad_A


def torch_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    torch = torch_module()
    if torch is None:
        return None
    W, A, b, X, Y = torch_tensors(data["W"], data["A"], data["b"], data["X"], data["Y"])

    def run():
        results = [torch_loss_and_gradient(torch, W[e], A[e], b[e], X, Y) for e in range(W.shape[0])]
        loss, grad_W, grad_A = (torch.stack(part).numpy() for part in zip(*results))
        return {"loss": loss, "grad_W": grad_W, "grad_A": grad_A}

    return Implementation("PyTorch eager" if W.shape[0] == 1 else "PyTorch loop", run)


def jax_loss(W, A, b, X, Y):
    jax, jnp = jax_modules()
    drive = jnp.einsum("md,ntd->tnm", A, X)

    def step(h, drive_t):
        return jax.nn.relu(h @ W.T + drive_t), None

    h, _ = jax.lax.scan(step, jnp.zeros((X.shape[0], W.shape[0])), drive)
    return 0.5 * jnp.mean((h @ b - Y) ** 2)


def jax_peer(data: dict[str, np.ndarray]) -> Implementation | None:
    if jax_modules() is None:
        return None
    jax, _ = jax_modules()
    value_and_grad = jax.value_and_grad(jax_loss, argnums=(0, 1))

    def batched(W, A, b, X, Y):
        if W.shape[0] == 1:
            loss, (grad_W, grad_A) = value_and_grad(W[0], A[0], b[0], X, Y)
            return loss[None], grad_W[None], grad_A[None]
        loss, (grad_W, grad_A) = jax.vmap(value_and_grad, in_axes=(0, 0, 0, None, None))(W, A, b, X, Y)
        return loss, grad_W, grad_A

    name = "JAX jit" if data["W"].shape[0] == 1 else "JAX vmap"
    arguments = (data["W"], data["A"], data["b"], data["X"], data["Y"])
    return jax_implementation(name, batched, arguments, ("loss", "grad_W", "grad_A"))


def case(sizes: dict[str, int], ensemble: int = 1, family: str = "Elman ReLU loss+grad") -> Case:
    data = problem(sizes, ensemble)
    peers = [p for p in (torch_peer(data), jax_peer(data)) if p is not None]
    shown = {"E": ensemble, **sizes} if ensemble > 1 else dict(sizes)
    return Case(family, shown, ours(data), peers)
