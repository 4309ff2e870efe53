"""Speed comparisons of rnnbounds' NumPy code against PyTorch and JAX (not tests).

``python -m benchmarks`` runs every case in one process, on the same float64 inputs, checks that
both sides agree to 1e-9 relative, and prints the ratio ours/peer (below 1: we are faster).

Every side runs on one thread: BLAS and OpenMP pools are pinned here, before NumPy, PyTorch or
JAX is imported, and XLA is told to use one intra-op thread.
"""

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_name] = "1"
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
