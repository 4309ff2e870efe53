"""Falsification searches as sweep tasks: cached in the result store, resumable, runnable on dask.

Each (theorem, target, family, budget) is one configuration of a sweep whose seed list is
``[seed]``; ``search_task`` runs the search where the task lands and returns its SearchResult as
one JSON row. A rerun with unchanged code and the same budget and seed reuses every stored
search; a killed run resumes with the searches not yet stored.
"""

from __future__ import annotations

import hashlib
from typing import Any, Sequence

from rnnbounds.falsify.registry import find_target, target_key
from rnnbounds.falsify.families import Target
from rnnbounds.falsify.search import search
from rnnbounds.sweeps.spec import Sweep
from rnnbounds.sweeps.spec_schema import check_name
from rnnbounds.theorems.core import Theorem

SEARCH_TASK = "rnnbounds.falsify.task:search_task"


def search_task(config: dict[str, Any], seed: int) -> dict[str, Any]:
    """Sweep task: one (target, family) search; the row is the SearchResult's JSON."""
    from rnnbounds.theorems.registry import get_theorem

    theorem = get_theorem(config["theorem"])
    target = find_target(theorem, config["target"])
    result = search(target, target.family(config["family"]), seed=seed, budget=float(config["budget"]),
                    theorem_id=theorem.id)
    return {"result": result.to_json()}


def configurations(theorem: Theorem, targets: Sequence[Target], budget: float) -> list[dict[str, Any]]:
    """One configuration per (target, family): each target's budget shared among its families."""
    return [{"theorem": theorem.id, "target": target_key(target), "family": family.name,
             "budget": round(budget / len(target.families), 6)}
            for target in targets for family in target.families]


def falsify_sweep(grid: list[dict[str, Any]], seed: int, budget: float) -> Sweep:
    """The sweep of search configurations, named after its theorems, budget and seed."""
    theorem_ids = list(dict.fromkeys(config["theorem"] for config in grid))
    name = f"falsify:{'+'.join(theorem_ids)}:budget{budget:g}:seed{seed}"
    try:
        check_name(name)
    except ValueError:
        digest = hashlib.sha256("\0".join(theorem_ids).encode()).hexdigest()[:16]
        name = f"falsify:{digest}:budget{budget:g}:seed{seed}"
    return Sweep(name=name, function=SEARCH_TASK, grid=grid, seeds=[seed])
