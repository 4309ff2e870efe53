"""Where each formula comes from: the paper, the prior papers it builds on, and our derivations."""

from rnnbounds.theorems.core import Source

SPEC = "wang2021_rnn_generalization.md"
PAPER = "Wang, Shen, Hu & Cao 2021 (arXiv 2109.14142)"
ADHLW19 = "Arora, Du, Hu, Li & Wang 2019 (ADHLW19, arXiv 1901.08584)"
ALS19 = "Allen-Zhu, Li & Song 2019 (ALS19, arXiv 1810.12065)"
ALL19 = "Allen-Zhu, Li & Liang 2019 (ALL19, arXiv 1811.04918)"
AL19 = "Allen-Zhu & Li 2019 (AL19, arXiv 1902.01028)"
DERIVATION = "rnnbounds derivation for the ReLU Elman model of Wang et al. 2021"


def source(paper: str, locator: str, spec_section: str) -> Source:
    """A Source pointing into the spec ``wang2021_rnn_generalization.md``."""
    return Source(paper=paper, locator=locator, spec=f"{SPEC} {spec_section}")
