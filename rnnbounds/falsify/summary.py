"""Per-target summaries of searches, and the files a run writes: a summary and the reproducers.

    DIR/<theorem-id>/falsify.json                    every search (target x family) and its summary
    DIR/<theorem-id>/falsify.md                      the report section (report_section.render)
    DIR/<theorem-id>/counterexamples/<name>.json     a witness: theorem, claim, target, instance, ratios
    DIR/<theorem-id>/counterexamples/<name>.py       a snippet calling the toolkit's own measure on it
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from rnnbounds.output_paths import write_text_atomically
from rnnbounds.falsify.families import Target
from rnnbounds.falsify.registry import target_key


@dataclass(frozen=True)
class TargetSummary:
    """All searches of one target: its best ratio over the families, and its verified witnesses."""

    key: str
    name: str
    claim_id: str
    direction: str
    searches: tuple[Mapping[str, Any], ...]

    @property
    def best(self) -> Mapping[str, Any] | None:
        """The search whose best ratio is closest to breaking (largest for upper, smallest for lower)."""
        found = [s for s in self.searches if s["best_ratio"] is not None]
        if not found:
            return None
        pick = max if self.direction == "upper" else min
        return pick(found, key=lambda s: s["best_ratio"])

    @property
    def counterexamples(self) -> list[Mapping[str, Any]]:
        return [s for s in self.searches if s["violation"]]

    @property
    def evaluations(self) -> int:
        return sum(int(s["evaluations"]) for s in self.searches)

    @property
    def seconds(self) -> float:
        return sum(float(s["seconds"]) for s in self.searches)

    def to_json(self) -> dict[str, Any]:
        best = self.best
        return {"key": self.key, "name": self.name, "claim": self.claim_id, "direction": self.direction,
                "evaluations": self.evaluations, "seconds": self.seconds,
                "best_ratio": None if best is None else best["best_ratio"],
                "best_family": None if best is None else best["family"],
                "known_tightness": self.searches[0]["known_tightness"] if self.searches else None,
                "counterexamples": [s["family"] for s in self.counterexamples],
                "claim_failures": sum(int(s.get("claim_failures", 0)) for s in self.searches),
                "errors": sum(int(s["errors"]) for s in self.searches)}


def summarize(targets: Sequence[Target], rows: Sequence[Mapping[str, Any]]) -> list[TargetSummary]:
    """Group search results by target, in the targets' order."""
    summaries = []
    for target in targets:
        key = target_key(target)
        searches = tuple(r for r in rows if f"{r['target']}@{r['claim_id']}" == key)
        summaries.append(TargetSummary(key, target.name, target.claim_id, target.direction.value, searches))
    return summaries


def witness_stem(target: str, claim_id: str, family: str) -> str:
    """The file stem of a counterexample: bound, claim (when it differs) and family."""
    parts = [target] + ([claim_id] if claim_id != target else []) + [family]
    return safe_name("-".join(parts))


def safe_name(text: str) -> str:
    """A file-name stem: letters, digits, '-' and '_' only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text)[:120]


def write_reproducers(folder: Path, theorem_id: str, targets: Sequence[Target],
                      summaries: Sequence[TargetSummary]) -> list[Path]:
    """One JSON witness and one Python snippet per counterexample; returns the paths written."""
    by_key = {target_key(t): t for t in targets}
    written = []
    for summary in summaries:
        target = by_key[summary.key]
        for search in summary.counterexamples:
            stem = witness_stem(summary.name, summary.claim_id, search["family"])
            witness = search["witness"]
            payload = {"theorem": theorem_id, "claim": summary.claim_id, "target": summary.name,
                       "direction": summary.direction, "family": search["family"], "parameters": witness["point"],
                       "instance": witness["instance"], "ratio_float64": witness["ratio"],
                       "ratio_precise": witness["precise_ratio"], "verification": witness["verification"],
                       "seed": search["seed"]}
            json_path, code_path = folder / f"{stem}.json", folder / f"{stem}.py"
            folder.mkdir(parents=True, exist_ok=True)
            write_text_atomically(json_path, json.dumps(payload, indent=1, sort_keys=True) + "\n")
            if target.snippet is not None:
                write_text_atomically(code_path, target.snippet(json_path.name))
                written.append(code_path)
            written.append(json_path)
    return written
