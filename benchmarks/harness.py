"""Cases, implementations and the timing loop shared by every benchmark.

A case runs one computation several ways. Each implementation returns its outputs as a dict of
float64 NumPy arrays; the harness checks every peer against ours with the normwise relative
difference max|ours - peer| / max|peer| (per output) and times each side by the best of several
calls (JAX: compiled executable only; the compile is timed apart).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

Outputs = dict[str, np.ndarray]
AGREEMENT = 1e-9


@dataclass
class Implementation:
    """One way to compute a case: ``run()`` -> outputs; ``compile()`` (JAX) is timed separately."""

    name: str
    run: Callable[[], Outputs]
    compile: Callable[[], None] | None = None


@dataclass
class Case:
    family: str
    sizes: dict[str, int]
    ours: Implementation
    peers: list[Implementation]
    note: str = ""

    @property
    def label(self) -> str:
        return " ".join(f"{key}={value}" for key, value in self.sizes.items())


@dataclass
class Timing:
    name: str
    seconds: float
    repeats: int
    compile_seconds: float | None = None
    relative_difference: float | None = None
    agrees: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def relative_difference(ours: Outputs, peer: Outputs) -> float:
    """max over outputs of max|a - b| / max|b| (normwise; 0 when both are exactly zero)."""
    worst = 0.0
    if set(ours) != set(peer):
        raise ValueError(f"outputs differ in names: {sorted(ours)} vs {sorted(peer)}")
    for name in ours:
        a, b = np.asarray(ours[name], dtype=np.float64), np.asarray(peer[name], dtype=np.float64)
        if a.shape != b.shape:
            raise ValueError(f"output {name!r}: shapes {a.shape} vs {b.shape}")
        scale = float(np.max(np.abs(b))) if b.size else 0.0
        gap = float(np.max(np.abs(a - b))) if a.size else 0.0
        worst = max(worst, gap / scale if scale > 0 else (0.0 if gap == 0 else np.inf))
    return worst


def best_time(function: Callable[[], Any], budget: float, max_repeats: int = 20) -> tuple[float, int]:
    """Best wall time of ``function()`` over at least 3 calls, more while under ``budget`` seconds."""
    times: list[float] = []
    spent = 0.0
    while len(times) < 3 or (spent < budget and len(times) < max_repeats):
        start = time.perf_counter()
        function()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    return min(times), len(times)


def run_case(case: Case, budget: float) -> tuple[Timing, list[Timing]]:
    """Time ours and every peer; peers carry their difference from ours."""
    reference = case.ours.run()  # warm-up and reference outputs
    seconds, repeats = best_time(case.ours.run, budget)
    ours = Timing(case.ours.name, seconds, repeats)
    peers = []
    for peer in case.peers:
        compile_seconds = None
        if peer.compile is not None:
            start = time.perf_counter()
            peer.compile()
            compile_seconds = time.perf_counter() - start
        difference = relative_difference(reference, peer.run())
        seconds, repeats = best_time(peer.run, budget)
        peers.append(Timing(peer.name, seconds, repeats, compile_seconds, difference, difference <= AGREEMENT))
    return ours, peers
