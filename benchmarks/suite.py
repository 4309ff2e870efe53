"""The cases of the issue, in the order they are run. No case is picked by its outcome.

loss+grad grid (n, T, m, d) from (32, 50, 32, 4) to (1024, 200, 256, 16), for the diagonal and
the Elman RNN; NTK Gram for n, m in {64, 256}; the ensemble workload (E = 256 networks, m = 16,
T = 100, n = 8); the CT-RNN memory function over two grids of step levels; the GD training
loop of the gd-convergence reproductions; a falsification-search step (Jacobian norms and their
bound on 256 small networks). With 2 threads per side (a child process, see __main__), the largest
loss+grad case of each RNN only.
"""

from __future__ import annotations

from typing import Callable, Iterator

from . import diagonal, elman, falsification, memory, ntk, training
from .harness import Case

GRID = [(32, 50, 32, 4), (128, 100, 64, 8), (256, 100, 128, 8), (1024, 200, 256, 16)]
QUICK_GRID = [(32, 50, 32, 4)]
ENSEMBLE = {"n": 8, "T": 100, "m": 16, "d": 4}


def builders(quick: bool = False, threads: int = 1) -> Iterator[Callable[[], Case]]:
    """Zero-argument builders, so that each case's inputs exist only while it runs."""
    if threads > 1:
        n, T, m, d = QUICK_GRID[0] if quick else GRID[-1]
        sizes = {"n": n, "T": T, "m": m, "d": d}
        yield lambda: diagonal.case(sizes, family=f"diagonal loss+grad ({threads} threads)")
        yield lambda: elman.case(sizes, family=f"Elman ReLU loss+grad ({threads} threads)")
        return
    grid = QUICK_GRID if quick else GRID
    for module in (diagonal, elman):
        for n, T, m, d in grid:
            yield lambda module=module, s={"n": n, "T": T, "m": m, "d": d}: module.case(s)
    for n in ((64,) if quick else (64, 256)):
        for m in ((64,) if quick else (64, 256)):
            yield lambda n=n, m=m: ntk.case(n, m)
            yield lambda n=n, m=m: ntk.dense_case(n, m)
    ensemble = 16 if quick else 256
    yield lambda: diagonal.case(ENSEMBLE, ensemble=ensemble, family="ensemble diagonal loss+grad")
    yield lambda: elman.case(ENSEMBLE, ensemble=ensemble, family="ensemble Elman loss+grad")
    yield lambda: training.case({**training.SIZES, "m": 16, "steps": 5} if quick else training.SIZES)
    yield lambda: falsification.case({**falsification.SIZES, "E": 16} if quick else falsification.SIZES)
    yield lambda: memory.case(8, 2, (1.0,))
    if not quick:
        yield lambda: memory.case(16, 3, (0.5, 1.0, 2.0))
