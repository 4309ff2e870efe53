"""Mutation testing of the bound, hypothesis and judge code (and of numerics/) with cosmic-ray.

cosmic-ray edits source files in place, so this script refuses to run in a checkout that has
uncommitted changes or that is not a clone made for it: make one first,

    git clone /path/to/rnnbounds /tmp/mut && python3 -m venv /tmp/mut/.venv \
        && /tmp/mut/.venv/bin/pip install -q -e "/tmp/mut[test]" cosmic-ray
    cd /tmp/mut && nice -n 10 .venv/bin/python tools/mutation/run.py core judges bounds growth

Each group (a ``<group>.toml`` beside this file) names the modules it mutates and the targeted
tests that judge each mutant.  The mutants of a group are drawn as a seeded sample (``--sample``,
default the group's ``sample`` below, so that the default command runs in under an hour on two
cores with two clones, one group list each); ``--all`` runs every mutant.  Results go to
``<out>/<group>.sqlite`` (cosmic-ray's session) and ``<out>/<group>.json`` (counts and the diff of
every surviving mutant), and a one-line score per group is printed.  A config's optional table
``[rnnbounds-mutation.lines]`` keeps, per module, only the line ranges that build bounds (a theorem
module also holds claims and figures, which other tests judge).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: mutants drawn per group by default (seed 0); None: all of them
SAMPLE = {"core": 260, "judges": None, "bounds": 200, "growth": 120, "numerics": 300, "simulators": 200}


def _run(*command: str) -> None:
    subprocess.run(command, check=True)


def _refuse_a_dirty_checkout(root: Path) -> None:
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                            capture_output=True, text=True, check=True).stdout
    if status.strip():
        sys.exit(f"{root} has uncommitted changes; cosmic-ray edits files in place: run in a fresh clone")


def _scope(config: Path) -> dict[str, list[tuple[int, int]]]:
    """Per module, the line ranges in scope (``[rnnbounds-mutation.lines]``); a module not named is all in."""
    table = tomllib.loads(config.read_text()).get("rnnbounds-mutation", {}).get("lines", {})
    return {module: [tuple(r) for r in ranges] for module, ranges in table.items()}


def _in_scope(scope: dict[str, list[tuple[int, int]]], module: str, line: int) -> bool:
    return module not in scope or any(first <= line <= last for first, last in scope[module])


def _drop_out_of_scope(session: Path, scope: dict[str, list[tuple[int, int]]]) -> None:
    db = sqlite3.connect(session)
    rows = db.execute("select job_id, module_path, start_pos_row from mutation_specs where job_id not in "
                      "(select job_id from work_results)").fetchall()
    db.executemany("insert into work_results (worker_outcome, output, test_outcome, diff, job_id) "
                   "values ('SKIPPED', 'Out of scope', NULL, NULL, ?)",
                   [(job,) for job, module, line in rows if not _in_scope(scope, module, line)])
    db.commit()
    db.close()


def _sample(session: Path, size: int | None, seed: int) -> int:
    """Mark all but ``size`` pending mutants (drawn with ``seed``) as skipped; return how many stay."""
    db = sqlite3.connect(session)
    pending = [row[0] for row in db.execute(
        "select job_id from work_items where job_id not in (select job_id from work_results) order by job_id")]
    if size is not None and size < len(pending):
        keep = set(random.Random(seed).sample(pending, size))
        db.executemany("insert into work_results (worker_outcome, output, test_outcome, diff, job_id) "
                       "values ('SKIPPED', 'Not in the sample', NULL, NULL, ?)",
                       [(job,) for job in pending if job not in keep])
        db.commit()
        pending = sorted(keep)
    db.close()
    return len(pending)


def _summary(session: Path, scope: dict[str, list[tuple[int, int]]]) -> dict:
    db = sqlite3.connect(session)
    rows = db.execute(
        "select s.module_path, s.operator_name, s.start_pos_row, r.test_outcome, r.worker_outcome, r.diff "
        "from mutation_specs s join work_results r on s.job_id = r.job_id").fetchall()
    db.close()
    counts: dict[str, int] = {}
    surviving = []
    for module, operator, line, test_outcome, worker_outcome, diff in rows:
        if worker_outcome == "SKIPPED" or not _in_scope(scope, module, line):
            continue
        outcome = (test_outcome or worker_outcome).lower()
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == "survived":
            surviving.append({"module": module, "line": line, "operator": operator, "diff": diff})
    return {"counts": counts, "surviving": sorted(surviving, key=lambda s: (s["module"], s["line"]))}


def run_group(group: str, out: Path, sample: int | None, seed: int) -> dict:
    config = HERE / f"{group}.toml"
    session = out / f"{group}.sqlite"
    scope = _scope(config)
    if not session.exists():
        _run("cosmic-ray", "init", str(config), str(session))
        _run("cr-filter-operators", str(session), str(config))
        _drop_out_of_scope(session, scope)
        print(f"{group}: {_sample(session, sample, seed)} mutants to run", flush=True)
    _run("cosmic-ray", "exec", str(config), str(session))
    summary = _summary(session, scope)
    (out / f"{group}.json").write_text(json.dumps(summary, indent=1))
    counts = summary["counts"]
    print(f"{group}: killed {counts.get('killed', 0)}, survived {counts.get('survived', 0)}, "
          f"incompetent {counts.get('incompetent', 0)}, other {dict(counts)}", flush=True)
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("groups", nargs="+", help="groups to run: " + ", ".join(sorted(SAMPLE)))
    parser.add_argument("--out", type=Path, default=Path("mutation-results"))
    parser.add_argument("--sample", type=int, default=None, help="mutants drawn per group (default: per group)")
    parser.add_argument("--all", action="store_true", help="run every mutant of each group")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    unknown = [g for g in args.groups if not (HERE / f"{g}.toml").exists()]
    if unknown:
        parser.error(f"no config for group(s) {', '.join(unknown)} in {HERE}")
    _refuse_a_dirty_checkout(Path.cwd())
    args.out.mkdir(parents=True, exist_ok=True)
    for group in args.groups:
        size = None if args.all else (args.sample if args.sample is not None else SAMPLE.get(group))
        run_group(group, args.out, size, args.seed)


if __name__ == "__main__":
    main()
