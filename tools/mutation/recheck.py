"""Run the surviving mutants of a finished session again, against the tests as they are now.

    cd /tmp/mut && git pull /path/to/rnnbounds main
    .venv/bin/python tools/mutation/recheck.py judges --out mutation-results

For each mutant that survived in ``<out>/<group>.sqlite``: apply it with ``cosmic-ray apply``, run the
group's test command, restore the file from git, and record the outcome in the session (so that
``run.py``'s counts and ``<group>.json`` reflect the tests added since).  Like run.py it refuses
a checkout with uncommitted changes.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the sibling script: scope, summary, checkout check)


def _restore(module: str) -> None:
    original = subprocess.run(["git", "show", f"HEAD:{module}"], capture_output=True, check=True).stdout
    Path(module).write_bytes(original)


def recheck(group: str, out: Path, command: str | None = None, outcome: str = "SURVIVED") -> dict:
    """``command``: the test command (default the group's); the tests added since the run suffice,
    since every survivor already passed the others.  ``outcome``: the mutants to run again
    (``KILLED`` re-runs the killed ones, with the group's whole command, to confirm a doubtful run)."""
    config = run.HERE / f"{group}.toml"
    command = command or tomllib.loads(config.read_text())["cosmic-ray"]["test-command"]
    timeout = float(tomllib.loads(config.read_text())["cosmic-ray"].get("timeout", 120.0))
    session = out / f"{group}.sqlite"
    db = sqlite3.connect(session)
    rows = db.execute("select s.job_id, s.module_path, s.operator_name, s.occurrence from mutation_specs s "
                      "join work_results r on s.job_id = r.job_id where r.test_outcome = ?", (outcome,)).fetchall()
    for job, module, operator, occurrence in rows:
        subprocess.run(["cosmic-ray", "apply", module, operator, str(occurrence)], check=True)
        try:
            outcome = subprocess.run(command, shell=True, capture_output=True, timeout=timeout).returncode
            verdict = "SURVIVED" if outcome == 0 else "KILLED"
        except subprocess.TimeoutExpired:
            verdict = "KILLED"
        finally:
            _restore(module)
        db.execute("update work_results set test_outcome = ? where job_id = ?", (verdict, job))
        db.commit()
        print(f"{module} {operator} #{occurrence}: {verdict.lower()}", flush=True)
    db.close()
    summary = run._summary(session, run._scope(config))
    (out / f"{group}.json").write_text(json.dumps(summary, indent=1))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("groups", nargs="+")
    parser.add_argument("--out", type=Path, default=Path("mutation-results"))
    parser.add_argument("--command", default=None, help="test command (default: the group's)")
    parser.add_argument("--outcome", choices=["survived", "killed"], default="survived",
                        help="which mutants to run again (default: the survivors)")
    args = parser.parse_args()
    run._refuse_a_dirty_checkout(Path.cwd())
    for group in args.groups:
        counts = recheck(group, args.out, args.command, args.outcome.upper())["counts"]
        print(f"{group}: killed {counts.get('killed', 0)}, survived {counts.get('survived', 0)}")


if __name__ == "__main__":
    main()
