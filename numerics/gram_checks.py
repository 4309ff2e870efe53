"""Checks that a kernel Gram matrix is usable: finite, symmetric, positive semi-definite, conditioned.

``check_gram(H)`` returns a :class:`GramDiagnostics` with lambda_min, lambda_max and the condition
number lambda_max / lambda_min. It raises :class:`GramError` (a ``ValueError``) when H holds
NaN/inf, is not square, is asymmetric beyond rounding, or has an eigenvalue below
-psd_rtol * lambda_max; it warns with :class:`IllConditionedGramWarning` when the condition number
exceeds ``condition_warn``. ``quadratic_form(H, y)`` = y^T H^{-1} y runs these checks first and
raises on a singular matrix, so no NaN or inf ever leaves it silently.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from rnnbounds.numerics.validation import finite_array, finite_scalar, checked_size

__all__ = ["GramError", "IllConditionedGramWarning", "GramDiagnostics", "check_gram", "quadratic_form"]


class GramError(ValueError):
    """The Gram matrix is unusable (non-finite, asymmetric, indefinite or singular)."""


class IllConditionedGramWarning(UserWarning):
    """lambda_max / lambda_min is so large that y^T H^{-1} y loses most of its digits."""


@dataclass(frozen=True)
class GramDiagnostics:
    lambda_min: float
    lambda_max: float
    condition: float
    asymmetry: float

    def as_dict(self) -> dict[str, float]:
        return {"lambda_min": self.lambda_min, "lambda_max": self.lambda_max,
                "condition": self.condition, "asymmetry": self.asymmetry}


def _square(H: np.ndarray) -> np.ndarray:
    H = np.asarray(H, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] == 0:
        raise GramError(f"argument H: a Gram matrix must be square and non-empty, got shape {H.shape}")
    if not np.isfinite(H).all():
        bad = np.argwhere(~np.isfinite(H))[0]
        raise GramError(f"argument H: Gram matrix holds a non-finite entry at {tuple(int(i) for i in bad)}")
    return H


def check_gram(
    H: np.ndarray, *, symmetry_rtol: float = 1e-10, psd_rtol: float = 1e-10, condition_warn: float = 1e12
) -> GramDiagnostics:
    """Validate H (n, n): symmetry, PSD up to psd_rtol * lambda_max, and the condition number."""
    H = _square(H)
    symmetry_rtol = finite_scalar(symmetry_rtol, "symmetry_rtol", nonnegative=True)
    psd_rtol = finite_scalar(psd_rtol, "psd_rtol", nonnegative=True)
    condition_warn = finite_scalar(condition_warn, "condition_warn", positive=True)
    scale = max(float(np.max(np.abs(H))), np.finfo(float).tiny)
    asymmetry = float(np.max(np.abs(H - H.T))) / scale
    if asymmetry > symmetry_rtol:
        raise GramError(f"Gram matrix is not symmetric: max |H - H^T| / max |H| = {asymmetry:.3e}")
    eigenvalues = np.linalg.eigvalsh(0.5 * (H + H.T))
    lam_min, lam_max = float(eigenvalues[0]), float(eigenvalues[-1])
    if lam_min < -psd_rtol * max(lam_max, 0.0) or lam_max < 0:
        raise GramError(f"Gram matrix is not positive semi-definite: lambda_min = {lam_min:.3e}, "
                        f"lambda_max = {lam_max:.3e}")
    condition = lam_max / lam_min if lam_min > 0 else np.inf
    if condition > condition_warn:
        warnings.warn(f"ill-conditioned Gram matrix: lambda_max / lambda_min = {condition:.3e} "
                      f"(lambda_min = {lam_min:.3e})", IllConditionedGramWarning, stacklevel=2)
    return GramDiagnostics(lam_min, lam_max, float(condition), asymmetry)


def quadratic_form(H: np.ndarray, y: np.ndarray, *, singular_rtol: float = 1e-13) -> float:
    """y^T H^{-1} y for a symmetric positive definite H (n, n) and labels y (n,), via eigh.

    Raises GramError when lambda_min <= singular_rtol * lambda_max (H numerically singular).
    """
    H = _square(H)
    y = finite_array(y, "y")
    singular_rtol = finite_scalar(singular_rtol, "singular_rtol", nonnegative=True)
    if y.shape != (H.shape[0],):
        raise ValueError(f"y must have shape ({H.shape[0]},), got {y.shape}")
    diagnostics = check_gram(H)
    if diagnostics.lambda_min <= singular_rtol * diagnostics.lambda_max:
        raise GramError(f"Gram matrix is singular: lambda_min = {diagnostics.lambda_min:.3e}, "
                        f"lambda_max = {diagnostics.lambda_max:.3e}; y^T H^-1 y is undefined")
    eigenvalues, vectors = np.linalg.eigh(0.5 * (H + H.T))
    return float(np.sum((vectors.T @ y) ** 2 / eigenvalues))
