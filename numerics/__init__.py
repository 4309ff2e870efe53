"""NumPy machines: simulators, training, kernels and memory functions.

This package knows nothing of sympy or of any theorem; theorems call into it. Every array is
float64 unless a function says otherwise, and every random draw comes from a
``numpy.random.Generator`` passed in by the caller.
"""
