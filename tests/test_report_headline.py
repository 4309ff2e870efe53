"""The report page opens with the paper's headline and the verdicts of the claims that test it directly;
a Theorem refuses headline claims it does not have, and a quoted headline without a [V] source."""

from __future__ import annotations

import dataclasses

import pytest

from rnnbounds.report.theorem_page import theorem_page
from rnnbounds.theorems.core import (Claim, ClaimResult, Control, Measurement, Source, Theorem, Verdict)
from rnnbounds.theorems.registry import all_theorems

HEADLINE = "Toy networks learn toy targets with a width logarithmic in n."


def _claim(claim_id: str, slow: bool = False) -> Claim:
    return Claim(id=claim_id, title=claim_id, statement="measure x; expect x <= 1.",
                 instances=lambda level: [{"x": 0.5}], measure=lambda i, rng: Measurement(i["x"], 1.0),
                 judge=lambda i, m: m.measured <= m.bound, tolerance="x <= 1",
                 strategy=lambda: None, source=Source("Toy 2024", "abstract", "toy.md §6 P1"),
                 controls=(Control(lambda level: {"x": 1.1}, crosses="x <= 1", distance="x = 1.1, 10% above"),),
                 slow=slow)


def _theorem(**headline) -> Theorem:
    return Theorem(id="toy", title="A toy theorem", citation="Toy 2024", spec="toy.md", statement="x \\le 1",
                   summary="A toy.", hypotheses=(), bounds=(),
                   claims=(_claim("P1-direct"), _claim("P2-other"), _claim("P3-slow", slow=True)), **headline)


def _result(claim_id: str, verdict: Verdict, reason: str, finding: str = "") -> ClaimResult:
    return ClaimResult("toy", claim_id, "quick", 0, verdict, reason, (), None, finding=finding)


def test_page_opens_with_the_headline_and_the_verdicts_of_its_claims(tmp_path):
    theorem = _theorem(headline=HEADLINE, headline_source="paraphrase of the abstract [V]",
                       headline_claims=("P1-direct", "P3-slow"))
    results = [_result("P1-direct", Verdict.FAILS, "1 of 1 instances break the prediction", "a finding"),
               _result("P2-other", Verdict.HOLDS, "all hold")]
    page = theorem_page(theorem, results, tmp_path, "quick", 0, include_reproductions=False)
    head = page.split("## Statement")[0]
    lines = [line for line in head.splitlines() if line.strip()]
    assert lines[0] == "# A toy theorem" and lines[2] == "## Headline" and lines[3] == f"> {HEADLINE}"
    assert "Provenance: paraphrase of the abstract [V]." in head
    assert "| `P1-direct` | paper | **fails (finding)** | 1 of 1 instances break the prediction |" in head
    assert "| `P3-slow` | paper | not run | a slow claim: runs at `--level full`, not at `quick` |" in head
    assert "P2-other" not in head                      # only the claims that test the headline directly
    assert head.index("## Headline") < head.index("Spec: toy.md")


def test_a_page_without_a_headline_has_no_headline_section(tmp_path):
    page = theorem_page(_theorem(), [], tmp_path, "quick", 0, include_reproductions=False)
    assert "## Headline" not in page


@pytest.mark.parametrize("fields, message", [
    ({"headline": HEADLINE, "headline_source": "abstract", "headline_claims": ("P9-missing",)}, "unknown claims: P9-missing"),
    ({"headline_claims": ("P1-direct",)}, "without a headline"),
    ({"headline": HEADLINE}, "states its provenance"),
    ({"headline": f'"{HEADLINE}"', "headline_source": "the abstract, reconstructed [R]"}, "quoted headline"),
    ({"headline": HEADLINE, "headline_source": "abstract", "headline_claims": ("P1-direct", "P1-direct")}, "repeats"),
])
def test_theorem_refuses_a_bad_headline(fields, message):
    with pytest.raises(ValueError, match=message):
        _theorem(**fields)


def test_a_quoted_headline_is_accepted_from_a_verified_source():
    assert _theorem(headline=f'"{HEADLINE}"', headline_source="the abstract, quoted [V]").headline


def test_every_registered_theorem_names_its_headline_and_the_claims_that_test_it():
    theorems = {t.id: t for t in all_theorems()}
    for theorem in theorems.values():
        assert theorem.headline.strip() and theorem.headline_source.strip() and theorem.headline_claims, theorem.id
        assert all(theorem.claim(i) for i in theorem.headline_claims)
        assert not theorem.headline.lstrip().startswith('"'), f"{theorem.id}: no spec marks a headline as a quotation"
    assert theorems["gd-convergence"].headline_claims[0] == "P1-width-log-n"   # C5: width logarithmic in n


def test_replacing_a_claim_id_by_a_typo_is_refused():
    gd = {t.id: t for t in all_theorems()}["gd-convergence"]
    with pytest.raises(ValueError, match="unknown claims: P1-width-log-m"):
        dataclasses.replace(gd, headline_claims=("P1-width-log-m",))
