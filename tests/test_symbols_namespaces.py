"""Symbol namespaces: a theorem's own symbols never clash with the shared table or with another
theorem's; shared symbols stay shared; an ignored re-declaration warns; lookups find the right one.

Each test uses namespace and symbol names of its own (the tables are process-wide).
"""

from __future__ import annotations

import warnings

import pytest
import sympy as sp

from rnnbounds.theorems import symbols


def test_a_namespace_may_redeclare_a_shared_name_with_another_kind():
    own = symbols.namespace("ns-test-kind").declare("gamma", "real", latex=r"\gamma_\sigma", description="gain")
    assert own != symbols.gamma and own.is_real and own.is_positive is None
    assert symbols.info(own).namespace == "ns-test-kind" and symbols.info(own).kind == "real"
    assert symbols.info(symbols.gamma).namespace is None and symbols.info(symbols.gamma).kind == "positive"
    assert symbols.info("gamma", "ns-test-kind").latex == r"\gamma_\sigma"
    assert symbols.info("gamma").kind == "positive"  # the shared one, for a lookup without a namespace


def test_two_namespaces_may_declare_one_name_with_two_kinds():
    first = symbols.namespace("ns-test-a").declare("zeta_ns", "size")
    second = symbols.namespace("ns-test-b").declare("zeta_ns", "real")
    assert symbols.info(first).kind == "size" and symbols.info(second).kind == "real"
    assert symbols.info("zeta_ns", "ns-test-b").symbol == second


def test_a_kind_clash_within_one_namespace_or_the_shared_table_raises():
    symbols.namespace("ns-test-clash").declare("kappa_ns", "positive")
    with pytest.raises(ValueError, match="already declared in namespace 'ns-test-clash' as 'positive'"):
        symbols.namespace("ns-test-clash").declare("kappa_ns", "real")
    with pytest.raises(ValueError, match="symbols.namespace"):
        symbols.declare("gamma", "real")


def test_an_ignored_shared_redeclaration_warns_and_an_identical_one_does_not():
    with pytest.warns(symbols.SymbolWarning, match=r"LaTeX '\\\\Gamma' is ignored .* declare it in your theorem's namespace"):
        assert symbols.declare("gamma", "positive", latex=r"\Gamma") is symbols.gamma
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert symbols.declare("gamma", "positive", latex=r"\gamma", description="regularity constant") is symbols.gamma
        assert symbols.declare("gamma", "positive") is symbols.gamma


def test_shared_symbols_are_shared_on_purpose():
    assert symbols.declare("n", "size") is symbols.n
    space = symbols.namespace("ns-test-share")
    assert symbols.info("n", space.name) is symbols.info("n")  # seen through the namespace
    assert "n" not in space.declared()


def test_lookups_of_undeclared_names_and_bad_declarations_raise():
    with pytest.raises(KeyError, match="no symbol 'never_declared_ns'"):
        symbols.info("never_declared_ns")
    with pytest.raises(KeyError):
        symbols.info(sp.Symbol("gamma", negative=True))  # no declaration of this kind
    with pytest.raises(ValueError, match="unknown symbol kind"):
        symbols.namespace("ns-test-bad").declare("x_ns", "complex")
    with pytest.raises(ValueError, match="identifier"):
        symbols.namespace("ns-test-bad").declare("x ns", "real")
    with pytest.raises(ValueError, match="theorem id"):
        symbols.namespace(" ")


def test_a_namespace_declaration_of_a_shared_name_and_kind_keeps_its_own_latex():
    """Same name and kind: the same sympy Symbol (interchangeable in any expression), but a lookup
    through the namespace gives the namespace's LaTeX and description, and no warning is issued."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        own = symbols.namespace("ns-test-same").declare("gamma", "positive", latex=r"\gamma_{\mathrm{own}}")
    assert own == symbols.gamma
    assert symbols.info(own, "ns-test-same").latex == r"\gamma_{\mathrm{own}}"
    assert symbols.info(own).latex == r"\gamma"


def test_declarations_list_every_namespace():
    own = symbols.namespace("ns-test-list").declare("gamma", "nonnegative")
    listed = [(e.symbol.name, e.namespace) for e in symbols.declarations()]
    assert ("gamma", None) in listed and ("gamma", "ns-test-list") in listed
    assert symbols.declared("ns-test-list")["gamma"].symbol == own
