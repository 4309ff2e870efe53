"""Pin BLAS and OpenMP thread pools to one thread in a worker process.

Sweeps run one task per worker process; letting each worker's BLAS spawn a thread per core
oversubscribes the machine. The environment variables cover libraries loaded later; threadpoolctl
(when installed) resizes pools already loaded.
"""

from __future__ import annotations

import os
import signal

THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)

_pinned = False
_limiter = None


def pin_threads_once() -> None:
    """Set every BLAS/OpenMP pool of this process to one thread (idempotent)."""
    global _pinned, _limiter
    if _pinned:
        return
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        pass
    else:
        _limiter = threadpool_limits(limits=1)  # kept alive for the life of the worker
    _pinned = True


def init_worker() -> None:
    """Process-pool initializer: one BLAS thread; Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pin_threads_once()
