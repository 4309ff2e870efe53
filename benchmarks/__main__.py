"""``python -m benchmarks [--quick] [--only TEXT] [--budget S] [--json PATH] [--markdown PATH]``.

Runs every case (see suite.py), prints one line per case with the ratios ours/peer, writes the
JSON results (default bench-results/benchmarks.json) and, with --markdown, the table of ratios.
Exit status 1 when some peer disagrees with ours beyond 1e-9 relative.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import sys
from pathlib import Path

from . import peers as peer_setup
from .harness import AGREEMENT, run_case
from .report import markdown_table, record, write_json
from .suite import builders


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def summary_line(entry: dict) -> str:
    ratios = "  ".join(f"ours/{name}={ratio:.2f}" for name, ratio in entry["ratios"].items())
    sizes = " ".join(f"{k}={v}" for k, v in entry["sizes"].items())
    worst = max((p["relative_difference"] for p in entry["peers"]), default=0.0)
    return f"{entry['family']:<32} {sizes:<28} ours {entry['ours']['seconds'] * 1e3:9.3f} ms  {ratios}  diff {worst:.1e}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smallest case of each family only")
    parser.add_argument("--only", default=None, help="run families whose name contains TEXT")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds of repeats per implementation")
    parser.add_argument("--json", type=Path, default=Path("bench-results/benchmarks.json"))
    parser.add_argument("--markdown", type=Path, default=None, help="also write the table of ratios here")
    arguments = parser.parse_args(argv)

    header = {"machine": machine(), "date": datetime.date.today().isoformat(), "versions": peer_setup.versions(),
              "threads": 1, "agreement": AGREEMENT, "quick": arguments.quick,
              "load_average_at_start": os.getloadavg()[0]}
    print(f"{header['machine']}; {header['versions']}; one thread per side", flush=True)
    records = []
    for build in builders(arguments.quick):
        case = build()
        if arguments.only and arguments.only.lower() not in case.family.lower():
            continue
        ours, peers = run_case(case, arguments.budget)
        records.append(record(case, ours, peers))
        print(summary_line(records[-1]), flush=True)
        del case
        gc.collect()
    header["load_average_at_end"] = os.getloadavg()[0]
    write_json(arguments.json, header, records)
    table = markdown_table(records)
    if arguments.markdown:
        arguments.markdown.write_text(
            f"Machine: {header['machine']}  \nDate: {header['date']}  \nVersions: {header['versions']}  \n"
            f"One thread per side; 1-minute load average {header['load_average_at_start']:.1f} at the start, "
            f"{header['load_average_at_end']:.1f} at the end.\n\n{table}")
    print(table)
    disagreements = [e for e in records for p in e["peers"] if not p["agrees"]]
    if disagreements:
        print(f"{len(disagreements)} peer result(s) differ from ours by more than {AGREEMENT:g}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
