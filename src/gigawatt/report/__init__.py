"""Reports of a result: chart builders (shared with the dashboard) and the self-contained HTML report.

::

    import gigawatt
    from gigawatt.report import write_report

    result = gigawatt.simulate("openai-2025", samples=20_000, seed=1)
    write_report(result, "openai-2025.html")
"""

from __future__ import annotations

from gigawatt.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
