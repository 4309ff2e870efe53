"""rnnbounds: executable bounds from RNN learning theory.

    rnnbounds.theorems   symbolic statements, bounds with provenance, checkable claims
    rnnbounds.numerics   NumPy simulators (no sympy, no theorems)
    rnnbounds.check      run claims and collect verdicts
    rnnbounds.report     Markdown + PNG bound reports
    rnnbounds.cli        the `rnnbounds` command
"""

__version__ = "0.1.0"
