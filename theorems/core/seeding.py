"""Deterministic random generators for claim instances.

The generator of instance i of claim c of theorem t under seed s is
``default_rng([s, crc32(t), crc32(c), i])``: the same seed gives the same numbers whatever
order, process or machine the instances run in.
"""

from __future__ import annotations

import zlib

import numpy as np

NEGATIVE_CONTROL_INDEX = 2**31 - 1
#: a claim's controls take the indices NEGATIVE_CONTROL_INDEX, NEGATIVE_CONTROL_INDEX - 1, ...
MAX_CONTROLS = 64


def control_index(number: int) -> int:
    """The task index of a claim's control ``number`` (0 = the first, NEGATIVE_CONTROL_INDEX)."""
    if not 0 <= number < MAX_CONTROLS:
        raise ValueError(f"a claim has at most {MAX_CONTROLS} controls; got control number {number}")
    return NEGATIVE_CONTROL_INDEX - number


def control_number(index: int) -> int | None:
    """Which control a task index is (None for an ordinary instance)."""
    number = NEGATIVE_CONTROL_INDEX - index
    return number if 0 <= number < MAX_CONTROLS else None


def instance_rng(seed: int, theorem_id: str, claim_id: str, index: int) -> np.random.Generator:
    """The generator for one instance (``control_index(k)`` for control k)."""
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed}")
    words = [seed, zlib.crc32(theorem_id.encode()), zlib.crc32(claim_id.encode()), index]
    return np.random.default_rng(words)
