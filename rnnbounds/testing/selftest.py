"""``rnnbounds selftest ID ...``: the battery on some theorems, under pytest, with no test file.

A test module naming the theorems is written to a temporary folder and run by ``pytest.main``;
hypothesis draws ``examples`` instances per claim (derandomized, no deadline).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Sequence

MODULE = '''from rnnbounds.testing import TheoremBattery


class TestSelftest(TheoremBattery):
    theorem_ids = {ids!r}
'''

CONFTEST = '''from hypothesis import HealthCheck, settings

settings.register_profile("rnnbounds-selftest", max_examples={examples}, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("rnnbounds-selftest")
'''


def run_selftest(theorem_ids: Sequence[str], examples: int = 10, slow: bool = False,
                 pytest_arguments: Sequence[str] = ()) -> int:
    """Run the battery on ``theorem_ids`` (ValueError for an unknown id); pytest's exit status."""
    import pytest

    from rnnbounds.theorems.registry import get_theorem

    for theorem_id in theorem_ids:
        get_theorem(theorem_id)
    with tempfile.TemporaryDirectory(prefix="rnnbounds-selftest-") as folder:
        root = Path(folder)
        (root / "conftest.py").write_text(CONFTEST.format(examples=int(examples)))
        (root / "test_selftest.py").write_text(MODULE.format(ids=tuple(theorem_ids)))
        arguments = [str(root), "-q", "-p", "no:cacheprovider", "--rootdir", str(root),
                     "-o", "addopts=", "-o", "markers=slow: long-running case",
                     "-W", "ignore::pytest.PytestAssertRewriteWarning"]  # the theorem imported hypothesis first
        arguments += [] if slow else ["-m", "not slow"]
        return int(pytest.main([*arguments, *pytest_arguments]))
