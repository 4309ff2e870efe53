"""Fuzzing the command line: every input ends in exit 0, 1 or 2, and a 2 prints exactly one line.

check and report are fuzzed with their claim runs replaced by stubs, so that only parsing,
validation and executor selection are exercised here.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rnnbounds.commands
import rnnbounds.report
from rnnbounds.cli import main
from rnnbounds.theorems.registry import all_theorems

THEOREM_IDS = [theorem.id for theorem in all_theorems()]
BOUND_NAMES = sorted({bound.name for theorem in all_theorems() for bound in theorem.bounds})
SYMBOLS = sorted({name for theorem in all_theorems() for bound in theorem.bounds for name in bound.symbol_names})

NUMBER_TEXT = st.one_of(
    st.sampled_from(["0", "-1", "1", "0.5", "1e400", "-1e-400", "nan", "inf", "-inf", "1e3", "3.7", "", "x", "1..",
                     "..2", "1..1e3:4", "5..1", "0..3", "1..10:1", "1..10:0", "1..2:3:4", "1e-3..0.9:5"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**6, 10**6).map(str),
    st.text(max_size=8),
)
ASSIGNMENT = st.builds(lambda key, value: f"{key}={value}", st.sampled_from(SYMBOLS + ["zz", ""]), NUMBER_TEXT)
FLAGS = st.sampled_from([
    "--level", "quick", "full", "medium", "--seed", "-1", "7", "x", "--workers", "0", "2", "-3", "--executor",
    "serial", "process", "dask", "gpu", "--scheduler", "tcp://127.0.0.1:1", "--cache", "--json", "--quiet",
    "--latex", "--growth", "--solve", "--target", "--out", "--bogus", "-", "--", "=",
])
TOKEN = st.one_of(st.sampled_from(THEOREM_IDS + BOUND_NAMES), FLAGS, ASSIGNMENT, NUMBER_TEXT)
COMMAND = st.sampled_from(["list", "show", "bound", "check", "report", "frobnicate", "", "-x"])


def invoke(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def stubbed_runs():
    """check/report parse and validate everything, then run no claim."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rnnbounds.commands, "run_checks", lambda theorems, *a, **k: {t.id: [] for t in theorems})
        patch.setattr(rnnbounds.report, "write_reports", lambda *a, **k: [])
        yield


def assert_clean_exit(code: int, err: str) -> None:
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("rnnbounds: error: "), err


@given(command=COMMAND, rest=st.lists(TOKEN, max_size=7))
def test_any_argument_list_exits_cleanly(command, rest):
    with stubbed_runs():
        code, _, err = invoke([command, *rest])
    assert_clean_exit(code, err)


@given(theorem=st.sampled_from(THEOREM_IDS), bound=st.sampled_from(BOUND_NAMES),
       assignments=st.lists(ASSIGNMENT, max_size=5), extra=st.lists(FLAGS, max_size=3))
def test_bound_command_with_any_values_exits_cleanly(theorem, bound, assignments, extra):
    code, out, err = invoke(["bound", theorem, bound, *assignments, *extra])
    assert_clean_exit(code, err)
    if code == 0:
        assert bound in out


@pytest.mark.parametrize("argv, fragment", [
    (["check", "--workers", "0"], "positive integer"),
    (["check", "--executor", "gpu"], "invalid choice"),
    (["check", "--executor", "serial", "--scheduler", "tcp://127.0.0.1:1"], "only the dask executor"),
    (["report", "--executor", "serial", "--workers", "2"], "serial executor"),
    (["check", "--executor", "process", "--scheduler", "tcp://127.0.0.1:1"], "only the dask executor"),
])
def test_bad_executor_options_get_one_line_and_exit_2(argv, fragment):
    with stubbed_runs():
        code, _, err = invoke(argv)
    assert code == 2 and fragment in err
    assert_clean_exit(code, err)


EXTREMES = ["1e308", "1e-308", "1e300", "1e-300", "1", "0.999999999999"]


@pytest.mark.parametrize(
    "theorem_id, bound",
    [(t.id, b) for t in all_theorems() for b in t.bounds],
    ids=[f"{t.id}:{b.name}" for t in all_theorems() for b in t.bounds],
)
@pytest.mark.parametrize("pattern", ["all-huge", "all-tiny", "alternating", "reverse-alternating"])
def test_bound_at_extreme_values_exits_cleanly(theorem_id, bound, pattern):
    """Overflow to inf, underflow to 0 and inf * 0 = NaN must end in a number or one line, exit 2."""
    names = sorted(bound.symbol_names)
    pick = {
        "all-huge": lambda i: EXTREMES[0],
        "all-tiny": lambda i: EXTREMES[1],
        "alternating": lambda i: EXTREMES[i % 2],
        "reverse-alternating": lambda i: EXTREMES[(i + 1) % 2],
    }[pattern]
    code, _, err = invoke(["bound", theorem_id, bound.name, *(f"{n}={pick(i)}" for i, n in enumerate(names))])
    assert_clean_exit(code, err)
