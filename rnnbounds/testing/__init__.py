"""Testing a theorem the way the toolkit tests its own: the battery, for plugin authors too.

    # tests/test_battery.py of a plugin package
    from rnnbounds.testing import TheoremBattery

    class TestMyTheorem(TheoremBattery):
        theorem_ids = ("my-theorem",)

or, without writing a test file, ``rnnbounds selftest my-theorem``. Needs pytest and hypothesis
(the ``test`` extra), which are imported only when a name below is first used.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {"TheoremBattery": "battery", "battery_cases": "battery", "drawn_examples": "battery",
          "run_selftest": "selftest", "write_distribution": "entry_points", "plugins_from": "entry_points",
          "forget_loaded": "entry_points"}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
