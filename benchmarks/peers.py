"""Set up the peers once: PyTorch (CPU, eager, float64) and JAX (jit, x64), on THREADS threads each.

A peer that is not installed is reported as missing; the benchmark then runs without it.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import numpy as np

from . import THREADS
from .harness import Implementation, Outputs


@functools.lru_cache(maxsize=None)
def torch_module() -> Any | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(THREADS)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set once in this process
        pass
    torch.set_default_dtype(torch.float64)
    return torch


@functools.lru_cache(maxsize=None)
def jax_modules() -> tuple[Any, Any] | None:
    try:
        import jax
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    return jax, jnp


def versions() -> dict[str, str]:
    found = {"numpy": np.__version__}
    torch = torch_module()
    if torch is not None:
        found["torch"] = torch.__version__
    jax = jax_modules()
    if jax is not None:
        found["jax"] = jax[0].__version__
    return found


def torch_tensors(*arrays: np.ndarray) -> list[Any]:
    torch = torch_module()
    return [torch.from_numpy(np.ascontiguousarray(a, dtype=np.float64)) for a in arrays]


def torch_implementation(name: str, compute: Callable[[], Outputs]) -> Implementation:
    return Implementation(name, compute)


def jax_implementation(name: str, function: Callable[..., Any], arguments: tuple[Any, ...],
                       names: tuple[str, ...]) -> Implementation:
    """``jax.jit(function)`` on fixed arguments; compile timed apart; outputs named by ``names``.

    ``function`` returns a tuple of arrays in the order of ``names``.
    """
    jax, jnp = jax_modules()
    device_arguments = tuple(jnp.asarray(a) for a in arguments)
    state: dict[str, Any] = {}

    def compile_it() -> None:
        state["compiled"] = jax.jit(function).lower(*device_arguments).compile()

    def run() -> Outputs:
        if "compiled" not in state:
            compile_it()
        results = jax.block_until_ready(state["compiled"](*device_arguments))
        return {key: np.asarray(value) for key, value in zip(names, results)}

    return Implementation(name, run, compile_it)
