"""The generic battery (rnnbounds.testing, the one plugin authors run) over every registered theorem.

The checks live in rnnbounds.testing.checks; this module runs them on the built-in theorems and
on any installed plugin. Drawn instances per claim: 0.4 x the hypothesis profile's max_examples
(4 under the dev and ci profiles, 80 under thorough).
"""

from __future__ import annotations

from rnnbounds.testing import TheoremBattery
from rnnbounds.theorems.registry import all_theorems


def test_ids_are_unique_and_expected_theorem_is_registered():
    ids = [t.id for t in all_theorems()]
    assert len(ids) == len(set(ids))
    assert "linear-curse-of-memory" in ids


class TestEveryTheorem(TheoremBattery):
    theorem_ids = None
    examples_fraction = 0.4
