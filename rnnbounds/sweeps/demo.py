"""Small task functions for trying the sweep layer and for its tests.

Each is a module-level ``function(config, seed) -> row`` so any executor can ship it by reference.
"""

from __future__ import annotations

import math
import os
import time
from typing import Any

import numpy as np


def noisy_power(config: dict[str, Any], seed: int) -> dict[str, float]:
    """Mean of |z|^p over n standard normal draws z (E|z|^2 = 1): a tiny Monte Carlo task."""
    n, power = int(config["n"]), float(config.get("p", 2.0))
    draws = np.random.default_rng([seed, n]).standard_normal(n)
    return {"mean_abs_power": float(np.mean(np.abs(draws) ** power))}


def slow_square(config: dict[str, Any], seed: int) -> dict[str, float]:
    """x^2 + a seeded draw, after sleeping ``sleep`` seconds (for interruption tests)."""
    time.sleep(float(config.get("sleep", 0.0)))
    noise = float(np.random.default_rng(seed).standard_normal())
    return {"square": float(config["x"]) ** 2 + noise}


def blas_threads(config: dict[str, Any], seed: int) -> dict[str, Any]:
    """How many threads this worker's BLAS pools use (1 in a sweep worker)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        counts = [int(os.environ.get("OPENBLAS_NUM_THREADS", "0"))]
    else:
        counts = [pool["num_threads"] for pool in threadpool_info()]
    return {"max_threads": max(counts, default=0), "omp_env": os.environ.get("OMP_NUM_THREADS", "")}


def several_rows(config: dict[str, Any], seed: int) -> list[dict[str, float]]:
    """One row per step t = 1..steps: log(t) * x (a task may return many rows)."""
    return [{"t": t, "value": math.log(t) * float(config["x"])} for t in range(1, int(config["steps"]) + 1)]


def failing(config: dict[str, Any], seed: int) -> dict[str, float]:
    """Raises for x < 0 (for error-reporting tests)."""
    if float(config["x"]) < 0:
        raise ValueError(f"x must be non-negative, got {config['x']}")
    return {"root": math.sqrt(float(config["x"]))}


def wrong_arity(config: dict[str, Any]) -> dict[str, float]:
    """Takes one argument instead of (config, seed) (for error-reporting tests)."""
    return {"x": float(config["x"])}


def returns_nothing(config: dict[str, Any], seed: int) -> None:
    """Returns None instead of a row (for error-reporting tests)."""
    return None
