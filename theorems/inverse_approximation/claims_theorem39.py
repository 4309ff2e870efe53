"""Theorem 3.9 end to end (Figures 2 and 3): trained nonlinear residual RNNs, stability and memory."""

from __future__ import annotations

CLAIMS: tuple = ()
REPRODUCTIONS: tuple = ()
