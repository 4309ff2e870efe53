"""Hypothesis profiles: `dev` (default), `ci` (derandomized; chosen when CI is set) and
`thorough` (many more examples). Pick one with HYPOTHESIS_PROFILE=thorough."""

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=10, **_COMMON)
settings.register_profile("ci", max_examples=10, derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("thorough", max_examples=200, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_result_cache(tmp_path_factory, monkeypatch):
    """Every test stores sweep results in a fresh folder, never in the user's ~/.cache/rnnbounds."""
    monkeypatch.setenv("RNNBOUNDS_CACHE", str(tmp_path_factory.mktemp("rnnbounds-cache")))
