"""Deterministic random generators for claim instances.

The generator of instance i of claim c of theorem t under seed s is
``default_rng([s, crc32(t), crc32(c), i])``: the same seed gives the same numbers whatever
order, process or machine the instances run in.
"""

from __future__ import annotations

import zlib

import numpy as np

NEGATIVE_CONTROL_INDEX = 2**31 - 1


def instance_rng(seed: int, theorem_id: str, claim_id: str, index: int) -> np.random.Generator:
    """The generator for one instance (``index`` = NEGATIVE_CONTROL_INDEX for the control)."""
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed}")
    words = [seed, zlib.crc32(theorem_id.encode()), zlib.crc32(claim_id.encode()), index]
    return np.random.default_rng(words)
