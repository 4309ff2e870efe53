"""Which targets the search has for each theorem.

A theorem's own targets live in its falsification module (``TARGETS``), found through
``MODULES`` (theorem id -> module path). Every claim that names a ``bound=`` and is not covered
there gets a generic target: its readings are the claim's own measure (measured against the
bound the claim evaluates), a violation is the claim's judge saying no, and it searches two drawn
families, the claim's instances and its hypothesis strategy (admissible by construction: the
strategy is the claim's own description of its hypotheses).
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from rnnbounds.falsify.families import Family, Reading, Target, admit_all, claim_snippet, drawn_family
from rnnbounds.theorems.core import Claim, Direction, Instance, Theorem

MODULES: dict[str, str] = {
    "linear-curse-of-memory": "rnnbounds.theorems.linear_curse_of_memory_falsification",
    "inverse-approximation": "rnnbounds.theorems.inverse_approximation.falsification",
    "ntk-generalization": "rnnbounds.theorems.ntk_generalization.falsification",
    "gd-convergence": "rnnbounds.theorems.gd_convergence.falsification",
}


def declared_targets(theorem: Theorem) -> tuple[Target, ...]:
    """The targets of the theorem's falsification module (none when it has no module)."""
    path = MODULES.get(theorem.id)
    if path is None:
        return ()
    return tuple(importlib.import_module(path).TARGETS)


def _claim_reader(claim: Claim) -> Any:
    def read(instance: Instance, rng: np.random.Generator) -> Reading:
        measurement = claim.measure(instance, rng)
        limit = measurement.bound if measurement.bound is not None else float("nan")
        return Reading(np.asarray(measurement.measured, dtype=np.float64), limit=limit,
                       held=bool(claim.judge(instance, measurement)))
    return read


def claim_families(claim: Claim) -> tuple[Family, ...]:
    """The claim's quick-level instances, and its hypothesis strategy."""
    from hypothesis import strategies as st

    instances = [dict(i) for i in claim.instances("quick")]
    families = [drawn_family("claim-instances", f"the {len(instances)} instances {claim.id} checks at the quick level",
                             lambda: st.sampled_from(instances))] if instances else []
    if claim.strategy is not None:
        families.append(drawn_family("claim-strategy", f"{claim.id}'s own hypothesis strategy", claim.strategy))
    return tuple(families)


def generic_target(theorem: Theorem, claim: Claim) -> Target:
    """The target of a claim that names a bound, from the claim's own measure, judge and strategy."""
    bound = theorem.bound(claim.bound) if claim.bound is not None else None
    direction = bound.direction if bound is not None else Direction.UPPER
    return Target(name=claim.bound or claim.id, claim_id=claim.id, direction=direction, read=_claim_reader(claim),
                  admits=admit_all, families=claim_families(claim), bound=None, slack=0.0,
                  snippet=claim_snippet(theorem.id, claim.id),
                  hypotheses_text="the claim's own instances and strategy (admissible by construction)")


def targets_for(theorem: Theorem) -> tuple[Target, ...]:
    """The declared targets, then a generic one for every claim naming a bound that none covers."""
    declared = declared_targets(theorem)
    covered = {(t.claim_id, t.name) for t in declared}
    generic = tuple(generic_target(theorem, c) for c in theorem.claims
                    if c.bound is not None and (c.id, c.bound) not in covered)
    return declared + generic


def target_key(target: Target) -> str:
    """``bound@claim``: unique within a theorem (a bound may be measured by several claims)."""
    return f"{target.name}@{target.claim_id}"


def find_target(theorem: Theorem, key: str) -> Target:
    """The target with this key; ValueError listing the known ones."""
    for target in targets_for(theorem):
        if target_key(target) == key:
            return target
    known = ", ".join(target_key(t) for t in targets_for(theorem))
    raise ValueError(f"theorem {theorem.id!r} has no falsification target {key!r}; known: {known}")


def select_targets(theorem: Theorem, name: str | None) -> tuple[Target, ...]:
    """Every target, or those whose bound name, claim id or key is ``name`` (ValueError if none)."""
    targets = targets_for(theorem)
    if name is None:
        return targets
    chosen = tuple(t for t in targets if name in (t.name, t.claim_id, target_key(t)))
    if not chosen:
        names = sorted({t.name for t in targets} | {t.claim_id for t in targets})
        raise ValueError(f"theorem {theorem.id!r}: no bound or claim {name!r} is measured by a claim; "
                         f"known: {', '.join(names)}")
    return chosen
