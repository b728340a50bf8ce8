"""What an analyst does after the first run: sensitivity, goal seek, comparison, exports.

Each function here is the whole of a command line tool; the CLI only prints::

    import gigawatt
    from gigawatt.analysis import compare, export, solve, tornado

    scenario = gigawatt.load("openai-2025")
    tornado(scenario, "funding_gap").rows[:5]
    solve("openai-2025", "consumer.paying_share.2030", "funding_gap_by_2030 p50 = 0").value
"""

from __future__ import annotations

from gigawatt.analysis.compare import Comparison, compare, compare_summaries
from gigawatt.analysis.export import export, tidy
from gigawatt.analysis.goalseek import Solution, Target, find_field, parse_target, solve
from gigawatt.analysis.required import RequiredRevenue, required_revenue
from gigawatt.analysis.salib import Design, salib_problem
from gigawatt.analysis.sensitivity import Sensitivity, morris, sensitivity, sobol, tornado

__all__ = [
    "Comparison",
    "Design",
    "RequiredRevenue",
    "Sensitivity",
    "Solution",
    "Target",
    "compare",
    "compare_summaries",
    "export",
    "find_field",
    "morris",
    "parse_target",
    "required_revenue",
    "salib_problem",
    "sensitivity",
    "sobol",
    "solve",
    "tidy",
    "tornado",
]
