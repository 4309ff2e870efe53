"""After the first Ctrl-C is handled, a second one (or one landing while the process pool's exit
handler joins its threads) must not print a traceback: the exit stays one line and status 130.
A Ctrl-C whose KeyboardInterrupt CPython drops (it landed in a weakref callback, as in the import
system's module-lock callback while modules import) is not lost either."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from rnnbounds.usage import EXIT_INTERRUPTED

SECOND_CTRL_C = """
import os, signal, sys, time
from rnnbounds.usage import interrupted
code = interrupted("prog", KeyboardInterrupt("interrupted: 4 of 24 tasks are saved; rerun to resume"))
os.kill(os.getpid(), signal.SIGINT)   # a second Ctrl-C during shutdown
time.sleep(0.2)
sys.exit(code)
"""


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _in_a_child(script: str, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True, text=True, timeout=60,
                          preexec_fn=_default_sigint)


def test_a_second_ctrl_c_after_the_first_is_ignored():
    done = _in_a_child(SECOND_CTRL_C)
    assert done.returncode == EXIT_INTERRUPTED == 130, done.stderr
    assert done.stderr == "prog: interrupted: 4 of 24 tasks are saved; rerun to resume\n"


def test_an_interrupt_without_a_message_says_interrupted(capsys):
    from rnnbounds.usage import interrupted

    previous, hook = signal.getsignal(signal.SIGINT), sys.unraisablehook
    try:
        assert interrupted("prog", KeyboardInterrupt()) == 130
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = hook
    assert capsys.readouterr().err == "prog: interrupted\n"


LATE_INTERRUPT = """
import sys, threading
from rnnbounds.usage import interrupted, interrupts_kept

def late():  # as the process pool's exit handler raised, joining its thread at shutdown, after the handled Ctrl-C
    raise KeyboardInterrupt

threading._register_atexit(late)
if sys.argv[1] == "handled":
    sys.exit(interrupted("prog", KeyboardInterrupt("interrupted: 4 of 24 tasks are saved; rerun to resume")))
if sys.argv[1] == "handled-in-block":  # a caller that handles the Ctrl-C inside interrupts_kept()
    with interrupts_kept():
        code = interrupted("prog", KeyboardInterrupt("interrupted: 4 of 24 tasks are saved; rerun to resume"))
    sys.exit(code)
print("prog: interrupted: 4 of 24 tasks are saved; rerun to resume", file=sys.stderr)
sys.exit(130)
"""


def test_a_keyboard_interrupt_raised_at_shutdown_after_the_handled_one_prints_nothing():
    done = _in_a_child(LATE_INTERRUPT, "handled")
    assert done.returncode == EXIT_INTERRUPTED, done.stderr
    assert done.stderr == "prog: interrupted: 4 of 24 tasks are saved; rerun to resume\n"


def test_the_late_keyboard_interrupt_is_dropped_too_when_the_ctrl_c_was_handled_inside_interrupts_kept():
    done = _in_a_child(LATE_INTERRUPT, "handled-in-block")
    assert done.returncode == EXIT_INTERRUPTED, done.stderr
    assert done.stderr == "prog: interrupted: 4 of 24 tasks are saved; rerun to resume\n"


def test_control_without_interrupted_the_late_keyboard_interrupt_prints_its_traceback():
    done = _in_a_child(LATE_INTERRUPT, "plain")
    assert done.returncode == EXIT_INTERRUPTED
    assert "Exception ignored in: <module 'threading'" in done.stderr and "KeyboardInterrupt" in done.stderr


def test_other_unraisable_exceptions_still_print_after_an_interrupt():
    done = _in_a_child(LATE_INTERRUPT.replace("raise KeyboardInterrupt", "raise ValueError('late')"), "handled")
    assert "ValueError: late" in done.stderr


# -- a Ctrl-C that lands in a weakref callback (the import system's module-lock callback, say) ----------

DROPPED_CTRL_C = """
import signal, sys, time, weakref

class Box: pass

def on_collect(_ref):  # SIGINT arrives while this callback runs; its KeyboardInterrupt cannot propagate
    signal.raise_signal(signal.SIGINT)
    for _ in range(100):
        pass

def collect_one():
    box = Box(); ref = weakref.ref(box, on_collect); del box

def wait():
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        time.sleep(0.001)
"""

CTRL_C_IN_A_CALLBACK = DROPPED_CTRL_C + """
from rnnbounds.usage import interrupts_kept

try:
    if sys.argv[1] == "kept":
        with interrupts_kept():
            collect_one(); wait()
    else:
        collect_one(); wait()
    print("dropped")
except KeyboardInterrupt:
    print("caught")
"""


def test_a_ctrl_c_raised_inside_a_weakref_callback_is_kept_and_raised_again():
    kept = _in_a_child(CTRL_C_IN_A_CALLBACK, "kept")
    assert (kept.stdout, kept.stderr) == ("caught\n", "")


def test_control_without_the_block_cpython_drops_that_ctrl_c():
    dropped = _in_a_child(CTRL_C_IN_A_CALLBACK, "plain")
    assert dropped.stdout == "dropped\n"
    assert "Exception ignored in" in dropped.stderr and "KeyboardInterrupt" in dropped.stderr


OTHER_UNRAISABLE = """
import sys, weakref
from rnnbounds.usage import interrupts_kept

class Box: pass

def on_collect(_ref):
    raise ValueError("not an interrupt")

before = sys.unraisablehook
with interrupts_kept():
    box = Box(); ref = weakref.ref(box, on_collect); del box
print("restored" if sys.unraisablehook is before else "leaked")
"""


def test_other_unraisable_exceptions_still_go_to_the_previous_hook_and_the_hook_is_restored():
    done = _in_a_child(OTHER_UNRAISABLE)
    assert done.stdout == "restored\n"
    assert "Exception ignored in" in done.stderr and "ValueError: not an interrupt" in done.stderr


ENTRY_POINT = DROPPED_CTRL_C + """
import rnnbounds.cli, rnnbounds.sweeps.__main__, rnnbounds.sweeps.main

def importing(*_arguments):  # stands for the start-up imports, during which the Ctrl-C lands in a callback
    collect_one(); wait()
    return 0

if sys.argv[1] == "rnnbounds":
    rnnbounds.cli._run = importing
    sys.exit(rnnbounds.cli.main([]))
rnnbounds.sweeps.main.run = importing
sys.exit(rnnbounds.sweeps.__main__.main([]))
"""


@pytest.mark.parametrize("entry", ["rnnbounds", "sweeps"])
def test_both_commands_keep_a_ctrl_c_dropped_in_a_callback_and_exit_130_in_one_line(entry):
    done = _in_a_child(ENTRY_POINT, entry)
    assert done.returncode == EXIT_INTERRUPTED, done.stderr
    assert done.stderr.splitlines() == [f"{'rnnbounds' if entry == 'rnnbounds' else 'python -m rnnbounds.sweeps'}: "
                                        "interrupted"], done.stderr


# -- the interpreter's mark of an unhandled KeyboardInterrupt ---------------------------------------------

UNHANDLED_MARK = """
import ctypes, sys
from rnnbounds.usage import interrupted

try:
    mark = ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt")
except (ValueError, AttributeError):
    print("no mark"); sys.exit(0)
try:
    exec("raise KeyboardInterrupt")  # as from a dataclass method being built while a Ctrl-C lands
except KeyboardInterrupt as stop:
    before = mark.value
    if sys.argv[1] == "handled":
        interrupted("prog", stop)
print(before, mark.value)
"""


@pytest.mark.parametrize("handled, printed", [("handled", "1 0\n"), ("plain", "1 1\n")],
                         ids=["interrupted-clears-it", "control-left-set"])
def test_interrupted_clears_the_mark_a_keyboard_interrupt_leaves_when_it_passes_through_exec(handled, printed):
    done = _in_a_child(UNHANDLED_MARK, handled)
    if done.stdout == "no mark\n":
        pytest.skip("this interpreter does not export _Py_UnhandledKeyboardInterrupt")
    assert done.stdout == printed, done.stderr
