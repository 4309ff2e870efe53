"""The README speed table and benchmarks/RESULTS.md record the code digest of numerics/ they were
measured on; a change to numerics/ without a rerun of ``python -m benchmarks`` fails here.

Not a timing test: it compares digests only. benchmarks/digest.py is loaded by path, so that the
thread pinning of the benchmarks package does not reach this process.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _digest_module():
    spec = importlib.util.spec_from_file_location("benchmark_digest", ROOT / "benchmarks" / "digest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


digest = _digest_module()


def speed_section(readme: str) -> str:
    """The README's '## Speed' section, up to the next level-2 heading."""
    match = re.search(r"^## Speed\n(.*?)(?=^## )", readme, flags=re.S | re.M)
    assert match, "README.md has no '## Speed' section"
    return match.group(1)


def stale(text: str, current: str) -> bool:
    """True unless the text records exactly one digest and it is the current one."""
    return digest.recorded_digests(text) != [current[: digest.SHOWN]]


@pytest.mark.parametrize("where", ["README.md", "benchmarks/RESULTS.md"])
def test_speed_tables_record_the_current_numerics_digest(where):
    text = (ROOT / where).read_text()
    text = speed_section(text) if where == "README.md" else text
    current = digest.numerics_digest()
    assert not stale(text, current), (
        f"{where} records numerics/ digest {digest.recorded_digests(text)}, the code is at {current[:12]}: "
        "rerun `python -m benchmarks` and update the table")


def test_a_stale_or_missing_digest_is_caught():
    current = digest.numerics_digest()
    assert not stale(digest.digest_line(current), current)
    assert stale(digest.digest_line("0" * 64), current)
    assert stale("no digest here", current)
    assert stale(digest.digest_line(current) + " " + digest.digest_line("1" * 64), current)


def test_the_digest_sees_a_one_byte_edit(tmp_path):
    copy = tmp_path / "numerics"
    shutil.copytree(ROOT / "numerics", copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert digest.numerics_digest(copy) == digest.numerics_digest()
    target = copy / "activations.py"
    target.write_bytes(target.read_bytes() + b" ")
    assert digest.numerics_digest(copy) != digest.numerics_digest()
