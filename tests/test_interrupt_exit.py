"""After the first Ctrl-C is handled, a second one (or one landing while the process pool's exit
handler joins its threads) must not print a traceback: the exit stays one line and status 130."""

from __future__ import annotations

import signal
import subprocess
import sys

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


def test_a_second_ctrl_c_after_the_first_is_ignored():
    done = subprocess.run([sys.executable, "-c", SECOND_CTRL_C], capture_output=True, text=True, timeout=60,
                          preexec_fn=_default_sigint)
    assert done.returncode == EXIT_INTERRUPTED == 130, done.stderr
    assert done.stderr == "prog: interrupted: 4 of 24 tasks are saved; rerun to resume\n"


def test_an_interrupt_without_a_message_says_interrupted(capsys):
    from rnnbounds.usage import interrupted

    previous = signal.getsignal(signal.SIGINT)
    try:
        assert interrupted("prog", KeyboardInterrupt()) == 130
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert capsys.readouterr().err == "prog: interrupted\n"
