"""The theory: symbolic statements, bounds with provenance, and checkable claims.

Each theorem is one module (or a small subpackage) that defines ``THEOREM``; the registry in
:mod:`rnnbounds.theorems.registry` finds the built-in ones and those that installed packages
declare under the entry-point group ``rnnbounds.theorems``.
"""
