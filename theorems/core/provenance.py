"""Where a formula comes from: the provenance tag and the source reference."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Provenance(str, Enum):
    """How much of a bound is the paper's own.

    STATED: quoted from the paper (or a prior paper named in the source).
    RECONSTRUCTED: the most likely form, not yet checked against the paper's text.
    DERIVED: our own derivation from the stated model, with our constants.
    SHAPE: an asymptotic form only; constants and exponents are free.
    """

    STATED = "stated"
    RECONSTRUCTED = "reconstructed"
    DERIVED = "derived"
    SHAPE = "shape"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Source:
    """A reference: the paper, the place in it (equation, theorem, section), and the spec section."""

    paper: str
    locator: str
    spec: str = ""

    def __post_init__(self) -> None:
        if not self.paper.strip() or not self.locator.strip():
            raise ValueError("a Source needs a paper and a locator (equation, theorem or section)")

    def __str__(self) -> str:
        spec = f"; spec {self.spec}" if self.spec else ""
        return f"{self.paper}, {self.locator}{spec}"
