"""Figure 1 by the paper's protocol: linear RNNs reached by training, E_m(beta) over 10 random draws per beta."""

from __future__ import annotations

CLAIMS: tuple = ()
REPRODUCTIONS: tuple = ()
