"""Falsification targets of this theorem: none declared yet beyond the generic ones.

Every claim that names a bound is searched through its own measure, judge, instances and
hypothesis strategy (rnnbounds.falsify.registry.generic_target); structured families for its
matrices can be added here as ``TARGETS``.
"""

from __future__ import annotations

TARGETS = ()
