"""Symbols of the NTK generalization theorem (spec sec. 7), declared once in the shared table."""

from rnnbounds.theorems import symbols as S

L, n, m, d, N, eps, delta, R = S.L, S.n, S.m, S.d, S.N, S.eps, S.delta, S.R
l0 = S.declare("l0", "nonnegative", latex="l_0",
               description="window l_0 = max_j l_j - min_j l_j of an N-variable target")
ell = S.declare("ell", "nonnegative", latex="l", description="time step index l (0-based) of a hidden state")
yHy = S.declare("yHy", "positive", latex=r"y^\top H^{-1} y", description="NTK-Gram quadratic form of the labels")
lam0 = S.declare("lam0", "positive", latex=r"\lambda_0", description="least eigenvalue of the NTK Gram matrix")
kappa_init = S.declare("kappa_init", "positive", latex=r"\kappa",
                       description="output scale at initialization (ADHLW19)")
eta = S.declare("eta", "positive", latex=r"\eta", description="gradient-descent step size")
Cstar = S.declare("Cstar", "positive", latex="C^*", description="absolute constant of the ALL19 complexity")
p_deg = S.declare("p_deg", "size", latex="p", description="degree of a monomial target (beta^T x)^p")
alpha_coef = S.declare("alpha_coef", "positive", latex=r"|\alpha|", description="coefficient of a monomial target")
bnorm = S.declare("bnorm", "positive", latex=r"\|\beta\|", description="norm of a target direction beta")
tok_norm = S.declare("tok_norm", "positive", latex="r", description="token norm ||X_l||")
M_g = S.declare("M_g", "positive", latex="M_g", description="bound on y^T H^{-1} y independent of n")
c_lo = S.declare("c_lo", "positive", latex="c", description="constant of a lower-order O(.) term (not given)")
c_fail = S.declare("c_fail", "positive", latex="c", description="constant in exp(-c m / L^2) (not given)")
c_prod = S.declare("c_prod", "positive", latex="c", description="constant of ||prod D W||_2 <= c L^3 (not given)")
t_tail = S.declare("t_tail", "positive", latex="t", description="tail parameter t >= 2 of ALS19 Lemma B.17")
c0 = S.declare("c0", "positive", latex="c_0", description="free constant of a shape template")
c1 = S.declare("c1", "positive", latex="c_1", description="free base of the l_0-exponential template")
a1 = S.declare("a1", "positive", latex="a_1", description="free exponent of k in M_add")
a2 = S.declare("a2", "positive", latex="a_2", description="free exponent of L in the radius of M_add")
b1 = S.declare("b1", "positive", latex="b_1", description="free exponent of L^(b1 N) in M_N")
b2 = S.declare("b2", "positive", latex="b_2", description="free polynomial exponent of L")
k_poly = S.declare("k_poly", "positive", latex="k", description="free degree of an unspecified poly(.)")
rho_AL = S.declare("rho_AL19", "positive", latex=r"\rho", description="rho = 100 L d log m of AL19 (unverified)")
C_AL = S.declare("C_AL19", "positive", latex="C", description="AL19 complexity C_eps(Phi, O(sqrt L)) (unverified)")
