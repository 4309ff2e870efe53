"""Every hypothesis relation and admissibility predicate, just inside, at and just outside its
boundary, against the truth value the spec gives; every bound's reference point admissible under
its own hypotheses; solve and monotonicity at the reference points, where the spec says what to expect.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from rnnbounds.theorems import symbols
from rnnbounds.theorems.core.bound import Bound
from rnnbounds.theorems.core.domain import validate_value
from rnnbounds.theorems.core.hypothesis import Hypothesis
from rnnbounds.theorems.registry import all_theorems, get_theorem

GD = "cayci2024_gd_convergence.md"
INV = "wang2023_inverse_approximation.md"
NTK = "wang2021_rnn_generalization.md"
BELOW, ABOVE = (lambda x: math.nextafter(x, -math.inf)), (lambda x: math.nextafter(x, math.inf))

# hypothesis name -> (spec item, [(point, truth the spec gives)]): inside, at and outside the boundary.
RELATIONS: dict[str, tuple[str, list[tuple[dict[str, float], bool]]]] = {
    "A3-realizable": (f"{GD} §2 A3: rho >= nu", [
        ({"rho": 1.0, "nu": 1.0}, True), ({"rho": ABOVE(1.0), "nu": 1.0}, True),
        ({"rho": BELOW(1.0), "nu": 1.0}, False), ({"rho": 2.5, "nu": 0.5}, True), ({"rho": 0.5, "nu": 2.5}, False)]),
    "A4-below-cutoff": (f"{GD} §3.2, §7 F6: a < 1 (a = 1 is the critical regime)", [
        ({"a": 1.0}, False), ({"a": BELOW(1.0)}, True), ({"a": ABOVE(1.0)}, False), ({"a": 0.5}, True)]),
    "below-cutoff-init": (f"{GD} §7 F15: alpha s1 < 1", [
        ({"alpha": 1.0, "sigma_1": 1.0}, False), ({"alpha": 4.0, "sigma_1": 0.25}, False),
        ({"alpha": BELOW(1.0), "sigma_1": 1.0}, True), ({"alpha": ABOVE(1.0), "sigma_1": 1.0}, False),
        ({"alpha": 0.95, "sigma_1": 1.0}, True), ({"alpha": 2.0, "sigma_1": 0.25}, True)]),
    "rate-below-radius": (f"{INV} §3.1 eq 15: every beta < beta0", [
        ({"beta": 0.1, "beta0": 0.1}, False), ({"beta": BELOW(0.1), "beta0": 0.1}, True),
        ({"beta": ABOVE(0.1), "beta0": 0.1}, False), ({"beta": 0.05, "beta0": 0.1}, True)]),
    "distinct-positions": (f"{NTK} §2.2, §7 F22: N <= l0 + 1", [
        ({"N": 5, "l0": 4}, True), ({"N": 4, "l0": 4}, True), ({"N": 6, "l0": 4}, False),
        ({"N": 1, "l0": 0}, True), ({"N": 2, "l0": 0}, False), ({"N": 5, "l0": 3.5}, False)]),
    "window-inside": (f"{NTK} §4.2 (ALS19 Claim B.12): a window of l <= L steps", [
        ({"ell": 4, "L": 4}, True), ({"ell": 3, "L": 4}, True), ({"ell": 5, "L": 4}, False),
        ({"ell": 1, "L": 1}, True), ({"ell": 2, "L": 1}, False), ({"ell": 8, "L": 7.5}, False)]),
}


def _relational_hypotheses() -> list[tuple[str, Hypothesis]]:
    """Every hypothesis with a relation, where it is attached (a theorem or one of its bounds)."""
    found = []
    for theorem in all_theorems():
        found += [(theorem.id, h) for h in theorem.hypotheses if h.relation is not None]
        found += [(f"{theorem.id}/{b.name}", h) for b in theorem.bounds for h in b.hypotheses if h.relation is not None]
    return found


def _cases():
    for owner, hypothesis in _relational_hypotheses():
        spec, points = RELATIONS.get(hypothesis.name, ("", []))
        for point, truth in points:
            shown = ",".join(f"{k}={v!r}" for k, v in point.items())
            yield pytest.param(hypothesis, point, truth, id=f"{owner}:{hypothesis.name}[{shown}]")


def test_every_relational_hypothesis_has_boundary_rows():
    names = {h.name for _, h in _relational_hypotheses()}
    assert names, "no hypothesis carries a relation"
    assert not sorted(names - set(RELATIONS)), f"relations without rows here: {sorted(names - set(RELATIONS))}"
    for name, (spec, points) in RELATIONS.items():
        assert spec.split(" ")[0] in (GD, INV, NTK) and {True, False} == {t for _, t in points}, name


@pytest.mark.parametrize("hypothesis, point, truth", list(_cases()))
def test_hypothesis_relation_at_its_boundary(hypothesis: Hypothesis, point, truth):
    assert hypothesis.holds_at(point) is truth


def test_a_hypothesis_without_a_value_or_a_relation_says_nothing():
    gd = get_theorem("gd-convergence")
    realizable = next(h for h in gd.hypotheses if h.name == "A3-realizable")
    assert realizable.holds_at({"rho": 1.0}) is None
    assert next(h for h in gd.hypotheses if h.relation is None).holds_at({"rho": 1.0, "nu": 1.0}) is None


# -- the reference point of every bound is admissible ----------------------------------------------

def _bounds() -> list[tuple[str, Bound]]:
    return [(t.id, b) for t in all_theorems() for b in t.bounds]


@pytest.mark.parametrize("theorem, bound", _bounds(), ids=lambda x: x if isinstance(x, str) else x.name)
def test_reference_point_is_admissible_under_the_bounds_own_hypotheses(theorem, bound: Bound):
    for variable in sorted(bound.symbol_names):
        point = np.array([float(bound.reference[variable])])
        assert bound.admissible(variable, point, {}).tolist() == point.tolist(), (theorem, bound.name, variable)
    for hypothesis in bound.hypotheses:
        assert hypothesis.holds_at(dict(bound.reference)) is not False, (bound.name, hypothesis.name)


def test_the_reference_admissibility_check_evaluates_every_relation_somewhere():
    """Not vacuous: each relational hypothesis is evaluated (True, not None) at some bound's reference."""
    evaluated = {h.name for _, b in _bounds() for h in b.hypotheses if h.holds_at(dict(b.reference)) is True}
    expected = {h.name for _, h in _relational_hypotheses()}
    assert expected <= evaluated, sorted(expected - evaluated)


def test_target_memory_rate_above_the_radius_is_not_admissible():
    bound = get_theorem("inverse-approximation").bound("target_memory")
    beta0 = get_theorem("inverse-approximation").bound("spectral_abscissa").reference["beta0"]
    assert bound.admissible("beta", np.array([0.5 * beta0, 2 * beta0]), {}).tolist() == [0.5 * beta0]


# -- admissible() at the boundary, through the bounds that carry the relations ---------------------

# (theorem, bound, variable, fixed, grid, admissible part of the grid as the spec gives it)
ADMISSIBLE = [
    ("gd-convergence", "G_free", "a", {}, [0.5, BELOW(1.0), 1.0, ABOVE(1.0), 2.0], [0.5, BELOW(1.0)]),
    ("gd-convergence", "m_cut", "alpha", {"sigma_1": 1.0}, [BELOW(1.0), 1.0, ABOVE(1.0)], [BELOW(1.0)]),
    ("gd-convergence", "m_cut", "alpha", {"sigma_1": 0.25}, [BELOW(4.0), 4.0, ABOVE(4.0)], [BELOW(4.0)]),
    ("gd-convergence", "m_cut", "sigma_1", {"alpha": 0.5}, [BELOW(2.0), 2.0, ABOVE(2.0)], [BELOW(2.0)]),
    ("gd-convergence", "R_bound", "rho", {"nu": 1.0}, [BELOW(1.0), 1.0, ABOVE(1.0)], [1.0, ABOVE(1.0)]),
    ("gd-convergence", "R_bound", "nu", {"rho": 2.0}, [BELOW(2.0), 2.0, ABOVE(2.0)], [BELOW(2.0), 2.0]),
    ("ntk-generalization", "M_N_template", "N", {"l0": 4}, [4, 5, 6], [4, 5]),
    # l0 counts positions (an integer): just outside the boundary l0 = N - 1 = 2 is 1 (and 1.5).
    ("ntk-generalization", "M_N_template", "l0", {"N": 3}, [1.0, 1.5, 2.0, 3.0], [2.0, 3.0]),
]


@pytest.mark.parametrize("theorem, bound, variable, fixed, grid, expected", ADMISSIBLE,
                         ids=[f"{b}/{v}{f}" for _, b, v, f, _, _ in ADMISSIBLE])
def test_admissible_keeps_exactly_the_points_the_spec_allows(theorem, bound, variable, fixed, grid, expected):
    kept = get_theorem(theorem).bound(bound).admissible(variable, np.array(grid, dtype=float), fixed)
    assert kept.tolist() == [float(x) for x in expected]


# -- the domain of each kind of symbol, at its edges -----------------------------------------------

TINY = 5e-324
# kind -> [(value, accepted)]: the ranges of theorems/symbols.py (size: positive integer, ...).
DOMAINS = {
    "size": [(1, True), (2, True), (BELOW(1.0), False), (0, False), (ABOVE(1.0), False), (1.5, False), (-1, False)],
    "positive": [(TINY, True), (1.0, True), (0.0, False), (-TINY, False)],
    "probability": [(TINY, True), (0.5, True), (BELOW(1.0), True), (0.0, False), (1.0, False), (ABOVE(1.0), False)],
    "nonnegative": [(0.0, True), (TINY, True), (-TINY, False)],
}
SYMBOL_FOR_KIND = {"size": "n", "positive": "beta0", "probability": "delta", "nonnegative": "ell"}

# symbol -> (kind, where the spec gives the domain)
SPEC_DOMAINS = {
    "delta": ("probability", f"{GD} §2 A5: delta in (0,1)"),
    "L_cubic": ("probability", f"{INV} §3.2 S5, §3.3 Lemma A.9: L in (0,1)"),
    "m": ("size", f"{GD} §1.2: width m, neuron index i = 1..m"),
    "n": ("size", f"{GD} §1.1: j = 1..n"),
    "T": ("size", f"{GD} §1.1: t = 0..T-1"),
    "L": ("size", f"{NTK} §1.1: l in [L]"),
    "N": ("size", f"{NTK} §2.2: 1 <= l_1 < ... < l_N"),
    "ell": ("nonnegative", f"{NTK} §4.1: l in {{0..L-1}}"),
    "l0": ("nonnegative", f"{NTK} §2.2: l_0 = max_j l_j - min_j l_j"),
    "time": ("nonnegative", f"{INV} §2.1: rho in L^1([0, inf))"),
    "c_sigma": ("positive", f"{INV} §1.5: c_sigma > 0"),
    "beta0": ("positive", f"{INV} §3.2 S3: max Re lambda <= -beta0 < 0"),
    "lam0": ("positive", f"{NTK} §4.7: lambda_min(H^inf_RNN) >= lambda_0 > 0"),
}


@pytest.mark.parametrize("kind, value, accepted",
                         [(k, v, ok) for k, rows in DOMAINS.items() for v, ok in rows],
                         ids=[f"{k}[{v!r}]" for k, rows in DOMAINS.items() for v, _ in rows])
def test_value_domain_at_its_edges(kind, value, accepted):
    name = SYMBOL_FOR_KIND[kind]
    assert symbols.info(name).kind == kind
    if accepted:
        assert validate_value(name, value).item() == value
    else:
        with pytest.raises(ValueError, match=name):
            validate_value(name, value)


@pytest.mark.parametrize("name", sorted(SPEC_DOMAINS))
def test_symbol_domain_matches_the_spec(name):
    kind, spec = SPEC_DOMAINS[name]
    assert symbols.info(name).kind == kind, spec


# -- monotonicity and solve at the reference points ------------------------------------------------

# (theorem, bound, variable, fixed, direction the spec gives)
MONOTONE = [
    ("linear-curse-of-memory", "jackson", "m", {}, "decreasing"),          # §2.7: error falls like m^-alpha
    ("linear-curse-of-memory", "bernstein", "time", {}, "decreasing"),
    ("inverse-approximation", "model_memory_a1", "time", {}, "decreasing"),
    ("inverse-approximation", "lyapunov_norm", "beta0", {}, "decreasing"),
    ("inverse-approximation", "diagonal_blowup", "T", {}, "increasing"),   # K4: beta > lambda_min grows
    ("inverse-approximation", "euler_step", "g_max", {}, "decreasing"),
    ("ntk-generalization", "contraction", "n", {}, "decreasing"),
    ("ntk-generalization", "hnorm_lower", "ell", {}, "decreasing"),
    ("ntk-generalization", "ntk_concentration", "m", {}, "decreasing"),
    ("ntk-generalization", "M_N_template", "N", {}, "increasing"),          # on N <= l0 + 1
    ("gd-convergence", "G_free", "a", {}, "increasing"),                    # on a < 1
    ("gd-convergence", "m_cut", "alpha", {}, "increasing"),                 # on alpha s1 < 1; a pole at 1
    ("gd-convergence", "eps_app", "m", {}, "decreasing"),
    ("gd-convergence", "alpha_eff", "m", {}, "decreasing"),
]


@pytest.mark.parametrize("theorem, bound, variable, fixed, expected", MONOTONE,
                         ids=[f"{b}/{v}" for _, b, v, _, _ in MONOTONE])
def test_monotonicity_on_the_admissible_domain(theorem, bound, variable, fixed, expected):
    assert get_theorem(theorem).bound(bound).monotonicity(variable, **fixed) == expected


def _contraction_steps(target: float) -> float:
    return float(mp.ceil(mp.log(target) / mp.log(1 - mp.mpf(0.01) * mp.mpf(0.1) / 2)))


# (theorem, bound, variable, target, expected smallest admissible value, worked out from the spec formula)
SOLVE = [
    ("linear-curse-of-memory", "jackson", "m", 0.126, 80.0),                         # 1/(0.1 m) <= 0.126
    ("ntk-generalization", "contraction", "n", 0.5, _contraction_steps(0.5)),        # 1386
    ("ntk-generalization", "ntk_concentration", "m", 0.01,
     float(mp.ceil(mp.log(40) / (2 * mp.mpf(0.01) ** 2)))),                          # 18445
    ("gd-convergence", "tau_req", "eps", 1500.0, 0.01),                              # 3/(0.2 eps) <= 1500
    ("inverse-approximation", "cubic_radius", "L_cubic", 0.25, 0.125),               # sqrt(0.5 L) >= 0.25
]


@pytest.mark.parametrize("theorem, bound, variable, target, expected", SOLVE,
                         ids=[f"{b}/{v}" for _, b, v, _, _ in SOLVE])
def test_solve_at_the_reference_point(theorem, bound, variable, target, expected):
    assert get_theorem(theorem).bound(bound).solve(variable, target) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("bound, variable, target", [("G_free", "a", 1.0), ("m_cut", "alpha", 0.5)])
def test_solve_finds_nothing_on_the_admissible_side_of_the_cutoff(bound, variable, target):
    """On a < 1, G_free >= s1 sqrt(1 + s0^2) = 1.41 > 1; on alpha s1 < 1, m_cut >= (rho s1)^2 = 1 > 0.5.
    Past the cutoff both targets are met, so a hypothesis that stopped excluding it would return a value."""
    with pytest.raises(ValueError, match=f"no {variable} in"):
        get_theorem("gd-convergence").bound(bound).solve(variable, target)
