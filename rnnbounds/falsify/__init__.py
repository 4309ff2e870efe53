"""Falsification: search the instances a claim's hypotheses admit for the one closest to breaking a bound.

    from rnnbounds.falsify.search import search
    from rnnbounds.falsify.registry import targets_for
    target = targets_for(get_theorem("inverse-approximation"))[0]
    result = search(target, target.families[2], seed=0, budget=2.0)   # Jordan blocks
    result.violation, result.witness.instance, result.best_ratio

Modules: families (the interface a theorem declares: Parameter, Family, Reading, Target),
search (hypothesis target() search, Nelder-Mead refinement, shrinking, re-verification),
shrink, precision (mpmath), registry (theorem id -> targets), task (sweep tasks), summary
(per-bound summaries, reproducers), report_section (Markdown), command (``rnnbounds falsify``).
"""
