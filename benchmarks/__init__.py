"""Speed comparisons of rnnbounds' NumPy code against PyTorch and JAX (not tests).

``python -m benchmarks`` runs every case in one process, on the same float64 inputs, checks that
both sides agree to 1e-9 relative, and prints the ratio ours/peer (below 1: we are faster).

Every side runs on the same number of threads, one unless RNNBOUNDS_BENCH_THREADS says more (the
2-thread cases run in a child process started that way): BLAS and OpenMP pools are pinned here,
before NumPy, PyTorch or JAX is imported, and XLA is told the same intra-op thread count.
"""

import os

THREADS = int(os.environ.get("RNNBOUNDS_BENCH_THREADS", "1"))

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_name] = str(THREADS)
os.environ.setdefault("XLA_FLAGS", f"--xla_cpu_multi_thread_eigen={'true' if THREADS > 1 else 'false'} "
                                   f"intra_op_parallelism_threads={THREADS}")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
