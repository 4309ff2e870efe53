"""Results as JSON and as the Markdown table of ratios ours/peer, with the issue's targets.

Targets (ratio = our time / peer time; below 1 we are faster):
    loss+grad with m >= 64 (one network):  ours / best peer <= 1.0
    ensemble workload:                      ours / JAX vmap <= 1/3   (3x its throughput)
    NTK Gram matrix:                        ours / JAX      <= 1.0
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .harness import Case, Timing


def target(case: Case, ours: Timing, peers: list[Timing]) -> dict[str, Any] | None:
    """The issue's target for this case, its measured ratio and whether it is met."""
    times = {peer.name: peer.seconds for peer in peers}
    if case.family.startswith("ensemble") and "JAX vmap" in times:
        ratio, limit, text = ours.seconds / times["JAX vmap"], 1 / 3, "<= 0.33x JAX vmap"
    elif case.family.startswith("Elman NTK") and "JAX jit" in times:
        ratio, limit, text = ours.seconds / times["JAX jit"], 1.0, "<= 1.0x JAX"
    elif "loss+grad" in case.family and case.sizes.get("m", 0) >= 64 and times:
        ratio, limit, text = ours.seconds / min(times.values()), 1.0, "<= 1.0x best peer"
    else:
        return None
    return {"target": text, "ratio": ratio, "met": ratio <= limit, "miss_factor": ratio / limit}


def record(case: Case, ours: Timing, peers: list[Timing]) -> dict[str, Any]:
    return {
        "family": case.family, "sizes": case.sizes, "note": case.note,
        "ours": asdict(ours), "peers": [asdict(peer) for peer in peers],
        "ratios": {peer.name: ours.seconds / peer.seconds for peer in peers},
        "target": target(case, ours, peers),
    }


def write_json(path, header: dict[str, Any], records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**header, "cases": records}, indent=2, sort_keys=True) + "\n")


SIZE_ORDER = ("E", "n", "T", "m", "d", "steps", "levels", "times")


def _sizes(sizes: dict[str, int]) -> str:
    """Sizes in the issue's (n, T, m, d) order, whatever order the JSON stored them in."""
    order = sorted(sizes, key=lambda k: SIZE_ORDER.index(k) if k in SIZE_ORDER else len(SIZE_ORDER))
    return " ".join(f"{key}={sizes[key]}" for key in order)


def _milliseconds(seconds: float) -> str:
    return f"{seconds * 1e3:.3g}"


def markdown_table(records: list[dict[str, Any]]) -> str:
    lines = [
        "| case | sizes | ours ms | PyTorch ms | ours/PyTorch | JAX ms | ours/JAX | JAX compile s | max rel. diff | load | target | met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for entry in records:
        by_kind = {("jax" if "JAX" in p["name"] else "torch"): p for p in entry["peers"]}
        torch, jax = by_kind.get("torch"), by_kind.get("jax")
        ours = entry["ours"]["seconds"]
        cells = [
            entry["family"], _sizes(entry["sizes"]), _milliseconds(ours),
            _milliseconds(torch["seconds"]) if torch else "-", f"{ours / torch['seconds']:.2f}" if torch else "-",
            _milliseconds(jax["seconds"]) if jax else "-", f"{ours / jax['seconds']:.2f}" if jax else "-",
            f"{jax['compile_seconds']:.2f}" if jax and jax["compile_seconds"] is not None else "-",
            f"{max((p['relative_difference'] for p in entry['peers']), default=0.0):.1e}",
            f"{entry['load_average']:.1f}" if "load_average" in entry else "-",
        ]
        goal = entry["target"]
        cells += [goal["target"], "yes" if goal["met"] else f"no ({goal['miss_factor']:.2f}x off)"] if goal else ["-", "-"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
