"""Symbols of the gd-convergence theorem (shared ones come from rnnbounds.theorems.symbols)."""

from __future__ import annotations

from rnnbounds.theorems import symbols as S

n, m, T, d = S.n, S.m, S.T, S.d
eps, delta = S.eps, S.delta
alpha, a, rho = S.alpha, S.a, S.rho
s0 = S.declare("sigma_0", "positive", latex=r"\sigma_0", description="sup |sigma| (value bound)")
s1 = S.declare("sigma_1", "positive", latex=r"\sigma_1", description="sup |sigma'| (Lipschitz constant)")
s2 = S.declare("sigma_2", "positive", latex=r"\sigma_2", description="sup |sigma''| (curvature)")
nu = S.declare("nu", "positive", latex=r"\nu", description="transportation norm of the target")
B_y = S.declare("B_y", "positive", latex=r"B_y", description="bound on the targets |Y|")
eta = S.declare("eta", "positive", latex=r"\eta", description="gradient-descent step size")
tau = S.declare("tau", "size", latex=r"\tau", description="number of gradient steps")
M = S.declare("M", "size", description="number of teacher neurons (Monte Carlo size)")
