"""Every numeric constant of the gd-convergence bounds, in one place.

The derived formulas (spec section 7, tag [D]) carry our constants, not the paper's: the paper's
body could not be read.  When someone checks https://arxiv.org/pdf/2402.12241v2 and finds the
paper's constants, this file is the one to edit; formulas.py only multiplies these symbols in.
"""

from __future__ import annotations

import sympy as sp

# F9: Hoeffding + union bound over n inputs for the random-feature error at theta*.
RANDOM_FEATURE_FACTOR = sp.Integer(2)          # eps_app <= 2 nu G sqrt(log(2n/delta)/m)
UNION_FACTOR = sp.Integer(2)                   # the "2" in log(2n/delta) and log(2n^2/delta)
# F10: NTK concentration.
KERNEL_FACTOR = sp.Integer(2)                  # |K_0 - K_inf| <= 2 G^2 sqrt(log(2n^2/delta)/m)
# F8: linearization error beta rho^2 / (2 sqrt(m)).
LINEARIZATION_FACTOR = sp.Rational(1, 2)
# F12: training-loss bound, term by term.
LOSS_OPTIMIZATION_FACTOR = sp.Rational(1, 2)   # nu^2 / (2 eta tau)
LOSS_APPROXIMATION_FACTOR = sp.Integer(4)      # 4 nu^2 G^2 log(2n/delta) / m
LOSS_CURVATURE_FACTOR = sp.Rational(1, 4)      # beta^2 nu^4 / (4 m)
LOSS_DRIFT_FACTOR = sp.Integer(2)              # 2 beta rho^2 (G rho + B_y) / sqrt(m)
# F13 / F14: iterations and width for loss eps (each of three terms made <= eps/3).
ITERATION_FACTOR = sp.Rational(3, 2)           # tau_req = 3 nu^2 / (2 eta eps)
WIDTH_RATE_FACTOR = sp.Integer(3)              # 3 (4 nu^2 G^2 log(2n/delta) + beta^2 nu^4 / 4) / eps
WIDTH_DRIFT_FACTOR = sp.Integer(36)            # 36 beta^2 nu^4 (G nu + B_y)^2 / eps^2
# F19: Monte Carlo error of a teacher with M neurons (Hoeffding form, range 2 nu G).
TEACHER_FACTOR = sp.sqrt(2)                    # nu G sqrt(2 log(2n/delta) / M)

# Paper-claim shapes (tag shape): exponents the verified abstract implies; constants are free.
SHAPE_WIDTH_LOG_POWER = sp.Integer(1)          # C5: m = O(log n)
