"""One table of pins for every registered bound: values and exact growth orders from the spec.

Each theorem has one data module; ``VALUES``, ``GROWTH`` and ``EXEMPT`` below are the whole table,
walked by tests/test_bound_pins.py.  A bound added to a theorem without a row here fails
``test_every_registered_bound_has_a_value_pin``.
"""

from __future__ import annotations

from bound_pins import (gd_convergence, inverse_approximation, linear_curse_of_memory, ntk_generalization,
                        ntk_generalization_headline)
from bound_pins.rows import GrowthExempt, GrowthPin, ValuePin

MODULES = (linear_curse_of_memory, inverse_approximation, ntk_generalization, ntk_generalization_headline,
           gd_convergence)
VALUES: list[ValuePin] = [row for module in MODULES for row in module.VALUES]
GROWTH: list[GrowthPin] = [row for module in MODULES for row in module.GROWTH]
EXEMPT: list[GrowthExempt] = [row for module in MODULES for row in module.EXEMPT]
