"""The sub-commands of `rnnbounds`: their arguments and what each one does."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Callable

import sympy as sp

from rnnbounds.check import run_checks, select, unexpected_failures
from rnnbounds.format import number, text_table
from rnnbounds.keyvalue import parse_assignments
from rnnbounds.output_paths import checked_output_file, checked_output_folder, write_text_atomically
from rnnbounds.summary import VERDICT_HEADER, check_records, theorem_rows, verdict_counts
from rnnbounds.sweeps.cli import add_executor_arguments, executor_from_arguments, integer_at_least
from rnnbounds.sweeps.spec_schema import MAX_SEED
from rnnbounds.sweeps.store import checked_cache
from rnnbounds.theorems.core import LEVELS, Bound, Theorem, Verdict
from rnnbounds.theorems import registry, symbols
from rnnbounds.usage import print_warning

_WARNED: set[registry.BrokenPlugin] = set()


def all_theorems() -> tuple[Theorem, ...]:
    """The registered theorems, after one warning line (once) per plugin that failed to load."""
    theorems = registry.all_theorems()
    for broken in registry.broken_plugins():
        if broken not in _WARNED:
            _WARNED.add(broken)
            print_warning("rnnbounds", broken)
    return theorems


def get_theorem(theorem_id: str) -> Theorem:
    """The registered theorem with this id (the warnings of broken plugins first)."""
    all_theorems()
    return registry.get_theorem(theorem_id)


def _list(arguments: argparse.Namespace) -> int:
    rows = [[t.id, t.title, t.provenance_summary()] for t in all_theorems()]
    print(text_table(("id", "title", "bounds by provenance"), rows))
    return 0


def _show(arguments: argparse.Namespace) -> int:
    print(describe(get_theorem(arguments.theorem), latex=arguments.latex))
    return 0


def describe(theorem: Theorem, latex: bool = False) -> str:
    """The statement, hypotheses, bounds (with provenance and source), claims and options."""
    render = (lambda b: b.latex()) if latex else (lambda b: f"{b.name} {'<=' if b.direction.value == 'upper' else '>='} {sp.sstr(b.expr)}")
    lines = [f"{theorem.id}: {theorem.title}", f"  {theorem.citation}", f"  spec: {theorem.spec}", "",
             theorem.summary, "", "Statement:", f"  {theorem.statement}", "", "Hypotheses:"]
    lines += [f"  - {h.name}: {h.latex() if latex else h.text}" for h in theorem.hypotheses]
    lines += ["", "Bounds:"]
    for b in theorem.bounds:
        lines += [f"  [{b.provenance.value}] {render(b)}", f"      {b.quantity}; source: {b.source}"]
    lines += ["", "Claims:"]
    lines += [f"  - {c.id}{' (slow)' if c.slow else ''}{' [expected counterexample]' if c.expect is Verdict.REFUTED else ''}: "
              f"{c.statement} Tolerance: {c.tolerance}." for c in theorem.claims]
    if theorem.options:
        lines += ["", "Options:"] + [f"  - {o.name} = {o.default} (choices: {', '.join(o.choices)}): {o.description}"
                                     for o in theorem.options.values()]
    return "\n".join(lines)


def _bound(arguments: argparse.Namespace) -> int:
    if (arguments.solve is None) != (arguments.target is None):
        raise ValueError("--solve VAR and --target VALUE go together; give both or neither")
    bound = get_theorem(arguments.theorem).bound(arguments.name)
    for variable in arguments.growth or []:
        bound.check_variable(variable, "--growth")
    if arguments.solve is not None:
        bound.check_variable(arguments.solve, "--solve")
    given, ranged = parse_assignments(arguments.values)
    point = bound.at_reference(**given, **({ranged[0]: ranged[1][0]} if ranged else {}))
    defaults = sorted(set(bound.symbol_names) - set(given) - ({ranged[0]} if ranged else set()))
    values = {**point, ranged[0]: ranged[1]} if ranged else point
    warnings = hypothesis_warnings(bound, values, ranged[0] if ranged else None)
    results = bound.evaluate(check_hypotheses=False, **values)
    for line in warnings:  # after a successful evaluation: an error stays the only line
        print_warning("rnnbounds", line)
    print(f"{bound.name} [{bound.provenance.value}, {bound.direction.value} bound on {bound.quantity}]")
    if defaults:
        print("  reference values: " + ", ".join(f"{k}={number(point[k])}" for k in defaults))
    if ranged:
        rows = [[number(v), number(r, 6)] for v, r in zip(ranged[1], results)]
        print(text_table((ranged[0], bound.name), rows))
    else:
        print(f"  {bound.name} = {number(results, 8)}")
    for variable in arguments.growth or []:
        print(f"  growth in {variable}: {bound.growth(variable, **given)}")
    if arguments.solve is not None:
        print(f"  smallest {arguments.solve} meeting {number(arguments.target)}: "
              f"{number(bound.solve(arguments.solve, arguments.target, **given), 8)}")
    return 0


def hypothesis_warnings(bound: Bound, values: dict, ranged: str | None = None) -> list[str]:
    """One line per hypothesis relation of ``bound`` that is false at ``values`` (for a range in
    ``ranged``: false somewhere on it), naming the values of the symbols it involves."""
    lines = []
    for hypothesis in bound.violated_hypotheses(values):
        shown = []
        for name in sorted(hypothesis.symbol_names & set(values)):
            value = values[name]
            shown.append(f"{name}={number(min(value))}..{number(max(value))}" if name == ranged else f"{name}={number(value)}")
        where = ("part of " if ranged in hypothesis.symbol_names else "") + ", ".join(shown)
        verb = "are" if len(shown) > 1 and not where.startswith("part of") else "is"
        lines.append(f"{where} {verb} outside hypothesis {hypothesis.name!r} ({hypothesis.relation})")
    return lines


def _check(arguments: argparse.Namespace) -> int:
    theorems = select(all_theorems(), arguments.theorems)
    json_path = checked_output_file(arguments.json, "--json") if arguments.json is not None else None
    checked_cache(arguments.cache)
    started = time.perf_counter()
    results = run_checks(theorems, arguments.level, arguments.seed, progress=None if not arguments.quiet else False,
                         executor=executor_from_arguments(arguments), cache=arguments.cache,
                         use_cache=not arguments.no_cache)
    by_id = {theorem.id: theorem for theorem in theorems}
    for theorem_id, verdicts in results.items():
        print(f"\n{theorem_id} (level {arguments.level}, seed {arguments.seed})")
        print(text_table(VERDICT_HEADER, theorem_rows(by_id[theorem_id], verdicts)))
    if json_path is not None:
        payload = check_records(theorems, results)
        write_text_atomically(json_path, json.dumps(payload, indent=1, sort_keys=True) + "\n")
    failures = unexpected_failures(results)
    print("\n" + verdict_counts(theorems, results), file=sys.stderr)
    print(f"checked in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 1 if failures else 0


def _report(arguments: argparse.Namespace) -> int:
    from rnnbounds.report import write_reports

    theorems = select(all_theorems(), arguments.theorems)
    out = checked_output_folder(report_folder(arguments), "--out", subfolders=("figures",))
    checked_cache(arguments.cache)
    started = time.perf_counter()
    results = run_checks(theorems, arguments.level, arguments.seed, progress=None if not arguments.quiet else False,
                         executor=executor_from_arguments(arguments), cache=arguments.cache,
                         use_cache=not arguments.no_cache)
    for path in write_reports(theorems, results, Path(out), arguments.level, arguments.seed):
        print(path)
    print("\n" + verdict_counts(theorems, results), file=sys.stderr)
    print(f"reported in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 1 if unexpected_failures(results) else 0


def _cache(arguments: argparse.Namespace) -> int:
    from rnnbounds.sweeps import maintenance

    if arguments.action == "info":
        print("\n".join(maintenance.summary(arguments.cache).lines()))
    elif arguments.action == "prune":
        deleted, kept = maintenance.prune(arguments.cache)
        print(f"deleted {deleted:,} stale result(s), kept {kept:,}")
    else:
        removed = maintenance.clear(arguments.cache)
        print(f"deleted {', '.join(map(str, removed))}" if removed else "no result store to delete")
    return 0


def _symbols(arguments: argparse.Namespace) -> int:
    theorem = get_theorem(arguments.theorem) if arguments.theorem is not None else None
    if theorem is None:
        all_theorems()  # a theorem declares its symbols when its module is imported
    print(text_table(("symbol", "kind", "namespace", "latex", "description"), symbol_rows(theorem)))
    return 0


def symbol_rows(theorem: Theorem | None = None) -> list[list[str]]:
    """One row per declared symbol (theorem None), or per symbol of the theorem's bounds and
    hypotheses as that theorem sees it; the namespace column says 'shared' for a shared symbol."""
    if theorem is None:
        entries = symbols.declarations()
    else:
        used = {s for b in theorem.bounds for s in b.free_symbols}
        used |= {s for h in theorem.hypotheses if h.relation is not None for s in h.relation.free_symbols}
        entries = [symbols.info(s, theorem.id) for s in sorted(used, key=lambda s: s.name)]
    entries.sort(key=lambda e: (e.symbol.name, e.namespace or ""))
    return [[e.symbol.name, e.kind, e.namespace or "shared", e.latex, e.description] for e in entries]


def _new(arguments: argparse.Namespace) -> int:
    from rnnbounds.scaffold import create_plugin, plugin_names

    root = create_plugin(arguments.name, arguments.dir)
    print(f"created {root} (theorem {arguments.name!r}, package {plugin_names(arguments.name).package}); next:")
    print(f"  pip install -e {root} && rnnbounds check {arguments.name} && rnnbounds selftest {arguments.name}")
    return 0


def _selftest(arguments: argparse.Namespace) -> int:
    try:
        import hypothesis  # noqa: F401
        import pytest  # noqa: F401
    except ImportError as missing:
        raise ValueError(f"selftest needs pytest and hypothesis (pip install 'rnnbounds[test]'): {missing}") from None
    from rnnbounds.testing import run_selftest

    for theorem_id in arguments.theorems:
        get_theorem(theorem_id)
    status = run_selftest(arguments.theorems, examples=arguments.examples, slow=arguments.slow)
    return 0 if status == 0 else 1


def report_folder(arguments: argparse.Namespace) -> str:
    """--out, else reports/ for the full level and reports/quick/ for the quick level, so that a
    quick run never overwrites the committed full-level reports."""
    if arguments.out is not None:
        return arguments.out
    return "reports" if arguments.level == "full" else str(Path("reports") / "quick")


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("theorems", nargs="*", metavar="ID", help="theorem ids (default: all)")
    parser.add_argument("--level", choices=LEVELS, default="quick", help="quick (default) or full")
    parser.add_argument("--seed", type=integer_at_least(0, "seed must be an integer in [0, 2^63 - 1]", MAX_SEED), default=0, help="seed of every random draw (default 0)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_executor_arguments(parser, progress_option=False)


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of sub-command ``name``."""
    if name == "show":
        parser.add_argument("theorem", metavar="ID")
        parser.add_argument("--latex", action="store_true", help="print bounds and hypotheses in LaTeX")
    elif name == "bound":
        parser.add_argument("theorem", metavar="ID")
        parser.add_argument("name", metavar="NAME", help="bound name, e.g. m_req")
        parser.add_argument("values", nargs="*", metavar="KEY=VALUE",
                            help="symbol values; one may be a range lo..hi or lo..hi:points")
        parser.add_argument("--growth", action="append", metavar="VAR", help="print the growth order in VAR")
        parser.add_argument("--solve", metavar="VAR", help="solve for VAR so that the bound meets --target")
        parser.add_argument("--target", type=float, help="target value for --solve")
    elif name == "check":
        _run_arguments(parser)
        parser.add_argument("--json", metavar="PATH", help="also write every result as JSON")
    elif name == "report":
        _run_arguments(parser)
        parser.add_argument("--out", default=None, metavar="DIR",
                            help="output folder (default: reports/ at --level full, reports/quick/ at quick)")
    elif name == "cache":
        parser.add_argument("action", choices=("info", "prune", "clear"),
                            help="info: what the store holds; prune: delete results no current code reuses; "
                                 "clear: delete the store")
        parser.add_argument("--cache", default=None, metavar="DIR",
                            help="results store directory (default: $RNNBOUNDS_CACHE or ~/.cache/rnnbounds)")
    elif name == "symbols":
        parser.add_argument("theorem", nargs="?", metavar="ID", help="only the symbols of this theorem's bounds")
    elif name == "new":
        parser.add_argument("name", metavar="NAME", help="theorem id of the new plugin, e.g. gradient-norms")
        parser.add_argument("--dir", default=".", metavar="DIR", help="where to create rnnbounds-NAME/ (default: .)")
    elif name == "selftest":
        parser.add_argument("theorems", nargs="+", metavar="ID", help="theorem ids")
        parser.add_argument("--examples", type=integer_at_least(1, "expected a positive integer", 100_000), default=10,
                            metavar="N", help="instances drawn per claim (default 10)")
        parser.add_argument("--slow", action="store_true", help="also run the claims marked slow")
    elif name == "falsify":
        from rnnbounds.falsify.command import add_arguments as falsify_arguments

        falsify_arguments(parser)


def _falsify(arguments: argparse.Namespace) -> int:
    from rnnbounds.falsify.command import run

    return run(arguments)


COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "list": ("list the registered theorems", _list),
    "show": ("show a theorem: statement, hypotheses, bounds with provenance, claims", _show),
    "bound": ("evaluate a bound at given values, or over a range of one variable", _bound),
    "check": ("run the claims of theorems and print the verdicts", _check),
    "report": ("run the claims and write Markdown reports with figures", _report),
    "cache": ("show, prune or clear the result store", _cache),
    "symbols": ("list the declared symbols: kind, namespace, LaTeX, meaning", _symbols),
    "new": ("create a plugin package with a theorem that passes the battery", _new),
    "selftest": ("run the theorem battery (rnnbounds.testing) on theorems", _selftest),
    "falsify": ("search the admitted instances for counterexamples to each bound, or its tightness", _falsify),
}
