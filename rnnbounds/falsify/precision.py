"""Higher-precision arithmetic for re-verifying a witness: mpmath matrices and a bound at 50 digits.

    spectral_abscissa(W), lyapunov_solution(W), spectral_norm(A), condition_number(V), expm(W t)
    bound_at(bound, arguments)     the Bound's sympy expression evaluated with 50 digits

Everything takes plain float64 arrays (the witness's own numbers, which are short decimals after
shrinking) and computes with ``DIGITS`` significant digits.
"""

from __future__ import annotations

from typing import Any, Mapping

import mpmath
import numpy as np
import sympy as sp

from rnnbounds.theorems.core import Bound

DIGITS = 50


def matrix(values: Any) -> mpmath.matrix:
    """A float64 array as an mpmath matrix (each entry converted exactly); an mpmath matrix as is."""
    if isinstance(values, mpmath.matrix):
        return values
    array = np.atleast_2d(np.asarray(values, dtype=np.float64))
    return mpmath.matrix([[mpmath.mpf(float(x)) for x in row] for row in array])


def spectral_abscissa(W: Any) -> mpmath.mpf:
    """max_i Re lambda_i(W)."""
    with mpmath.workdps(DIGITS):
        eigenvalues = mpmath.eig(matrix(W), left=False, right=False)
        if isinstance(eigenvalues, tuple):
            eigenvalues = eigenvalues[0]
        return max(mpmath.re(z) for z in eigenvalues)


def spectral_norm(A: Any) -> mpmath.mpf:
    """The largest singular value of A."""
    with mpmath.workdps(DIGITS):
        return max(mpmath.svd_r(matrix(A), compute_uv=False))


def lyapunov_solution(W: Any) -> mpmath.matrix:
    """P solving W^T P + P W = -I, by the Kronecker system (I kron W^T + W^T kron I) vec P = -vec I."""
    with mpmath.workdps(DIGITS):
        w = matrix(W)
        m = w.rows
        system = mpmath.zeros(m * m, m * m)
        for i in range(m):
            for j in range(m):
                for k in range(m):
                    system[i * m + j, k * m + j] += w[k, i]   # (W^T P)_ij = sum_k W_ki P_kj
                    system[i * m + j, i * m + k] += w[k, j]   # (P W)_ij = sum_k P_ik W_kj
        rhs = mpmath.matrix([-1 if i == j else 0 for i in range(m) for j in range(m)])
        vec = mpmath.lu_solve(system, rhs)
        return mpmath.matrix([[vec[i * m + j] for j in range(m)] for i in range(m)])


def bound_at(bound: Bound, arguments: Mapping[str, Any]) -> mpmath.mpf:
    """The bound's expression at ``arguments`` with DIGITS digits (sympy evalf, not the float64 lambda)."""
    values = {s: sp.Float(mpmath.nstr(mpmath.mpf(arguments[s.name]), DIGITS), DIGITS) for s in bound.expr.free_symbols}
    with mpmath.workdps(DIGITS):
        return mpmath.mpf(str(sp.N(bound.expr.subs(values), DIGITS)))
