"""A theorem: statement, hypotheses, bounds with provenance, claims, options and reproductions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping

from rnnbounds.theorems.core.bound import Bound
from rnnbounds.theorems.core.claim import Claim
from rnnbounds.theorems.core.hypothesis import Hypothesis, Option
from rnnbounds.theorems.core.provenance import Provenance
from rnnbounds.theorems.core.reproduction import Reproduction


@dataclass(frozen=True)
class Theorem:
    """One theorem of one paper, as the toolkit encodes it.

    ``headline`` is the sentence the paper is known for, and ``headline_source`` its provenance: where it
    comes from and whether it is a quotation (allowed only where the spec marks the sentence [V]) or a
    paraphrase.  ``headline_claims`` are the ids of the claims that test the headline directly; the
    report opens with the headline and their verdicts.
    """

    id: str
    title: str
    citation: str
    spec: str
    statement: str
    summary: str
    hypotheses: tuple[Hypothesis, ...]
    bounds: tuple[Bound, ...]
    claims: tuple[Claim, ...]
    options: Mapping[str, Option] = field(default_factory=dict)
    reproductions: tuple[Reproduction, ...] = ()
    headline: str = ""
    headline_source: str = ""
    headline_claims: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id or self.id != self.id.lower() or " " in self.id:
            raise ValueError(f"theorem id {self.id!r} must be short, lower-case and hyphenated")
        for kind, names in (("bound", [b.name for b in self.bounds]), ("claim", [c.id for c in self.claims]),
                            ("reproduction", [r.id for r in self.reproductions])):
            repeated = [name for name, count in Counter(names).items() if count > 1]
            if repeated:
                raise ValueError(f"theorem {self.id!r} repeats {kind} names: {', '.join(repeated)}")
        self._check_headline()

    def _check_headline(self) -> None:
        """A headline names its provenance, is quoted only from a [V] source, and lists known claim ids."""
        if self.headline_claims and not self.headline.strip():
            raise ValueError(f"theorem {self.id!r}: headline_claims given without a headline")
        if self.headline.strip() and not self.headline_source.strip():
            raise ValueError(f"theorem {self.id!r}: a headline states its provenance (headline_source)")
        if self.headline.lstrip()[:1] in ('"', "\u201c") and "[V]" not in self.headline_source:
            raise ValueError(f"theorem {self.id!r}: a quoted headline needs a source the spec marks [V]")
        known = {c.id for c in self.claims}
        unknown = [i for i in self.headline_claims if i not in known]
        if unknown:
            raise ValueError(f"theorem {self.id!r}: headline_claims names unknown claims: {', '.join(unknown)}")
        repeated = [i for i, count in Counter(self.headline_claims).items() if count > 1]
        if repeated:
            raise ValueError(f"theorem {self.id!r} repeats headline claims: {', '.join(repeated)}")

    def bound(self, name: str) -> Bound:
        """The bound called ``name``; a ValueError lists the known ones."""
        for b in self.bounds:
            if b.name == name:
                return b
        raise ValueError(f"theorem {self.id!r} has no bound {name!r}; "
                         f"known: {', '.join(b.name for b in self.bounds)}")

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; a ValueError lists the known ones."""
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise ValueError(f"theorem {self.id!r} has no claim {claim_id!r}; "
                         f"known: {', '.join(c.id for c in self.claims)}")

    def provenance_summary(self) -> str:
        """e.g. '2 stated, 3 derived, 1 shape' over the bounds."""
        counts = Counter(b.provenance for b in self.bounds)
        return ", ".join(f"{counts[p]} {p.value}" for p in Provenance if counts[p]) or "no bounds"
