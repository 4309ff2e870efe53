"""``python -m benchmarks [--quick] [--only TEXT] [--budget S] [--json PATH] [--markdown PATH]``.

Runs every case (see suite.py), prints one line per case with the ratios ours/peer, writes the
JSON results (default bench-results/benchmarks.json) and, with --markdown, the table of ratios.
The 2-thread cases run afterwards in a child process started with RNNBOUNDS_BENCH_THREADS=2 (thread
pools are fixed when NumPy, PyTorch and JAX load). Every table records the date, the 1-minute load
average and the code digest of numerics/. Exit status 1 when some peer disagrees with ours beyond
1e-9 relative.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from . import THREADS
from . import peers as peer_setup
from .digest import digest_line, numerics_digest
from .harness import AGREEMENT, run_case
from .report import markdown_table, record, write_json
from .suite import builders

MORE_THREADS = 2


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def summary_line(entry: dict) -> str:
    ratios = "  ".join(f"ours/{name}={ratio:.2f}" for name, ratio in entry["ratios"].items())
    sizes = " ".join(f"{k}={v}" for k, v in entry["sizes"].items())
    worst = max((p["relative_difference"] for p in entry["peers"]), default=0.0)
    return (f"{entry['family']:<32} {sizes:<28} ours {entry['ours']['seconds'] * 1e3:9.3f} ms  {ratios}  "
            f"diff {worst:.1e}  load {entry['load_average']:.1f}")


def run_cases(quick: bool, only: str | None, budget: float) -> list[dict]:
    records = []
    for build in builders(quick, THREADS):
        case = build()
        if only and only.lower() not in case.family.lower():
            continue
        ours, peers = run_case(case, budget)
        records.append({**record(case, ours, peers), "threads": THREADS, "load_average": os.getloadavg()[0]})
        print(summary_line(records[-1]), flush=True)
        del case
        gc.collect()
    return records


def more_threads_records(arguments: argparse.Namespace) -> list[dict]:
    """Run the 2-thread cases in a child process and return its records."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "threads.json"
        command = [sys.executable, "-m", "benchmarks", "--budget", str(arguments.budget), "--json", str(output)]
        command += ["--quick"] if arguments.quick else []
        command += ["--only", arguments.only] if arguments.only else []
        environment = {**os.environ, "RNNBOUNDS_BENCH_THREADS": str(MORE_THREADS)}
        environment.pop("XLA_FLAGS", None)
        subprocess.run(command, env=environment, check=False)
        return json.loads(output.read_text())["cases"] if output.exists() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smallest case of each family only")
    parser.add_argument("--only", default=None, help="run families whose name contains TEXT")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds of repeats per implementation")
    parser.add_argument("--json", type=Path, default=Path("bench-results/benchmarks.json"))
    parser.add_argument("--markdown", type=Path, default=None, help="also write the table of ratios here")
    arguments = parser.parse_args(argv)

    header = {"machine": machine(), "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "versions": peer_setup.versions(), "threads": THREADS, "agreement": AGREEMENT, "quick": arguments.quick,
              "numerics_digest": numerics_digest(), "load_average_at_start": os.getloadavg()[0]}
    print(f"{header['machine']}; {header['versions']}; {THREADS} thread(s) per side; "
          f"{digest_line(header['numerics_digest'])}", flush=True)
    records = run_cases(arguments.quick, arguments.only, arguments.budget)
    if THREADS == 1:
        records += more_threads_records(arguments)
    header["load_average_at_end"] = os.getloadavg()[0]
    write_json(arguments.json, header, records)
    table = markdown_table(records)
    if arguments.markdown:
        arguments.markdown.write_text(
            f"Machine: {header['machine']}  \nDate: {header['date']}  \nVersions: {header['versions']}  \n"
            f"{digest_line(header['numerics_digest'])}  \n"
            f"Threads per side as the case says (1 unless marked); 1-minute load average "
            f"{header['load_average_at_start']:.1f} at the start, {header['load_average_at_end']:.1f} at the end "
            f"(per case in the load column).\n\n{table}")
    if THREADS == 1:
        print(table)
    disagreements = [e for e in records for p in e["peers"] if not p["agrees"]]
    if disagreements:
        print(f"{len(disagreements)} peer result(s) differ from ours by more than {AGREEMENT:g}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
