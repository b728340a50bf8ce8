"""gigawatt's benchmarks: a registry of timed runs, each printing a Rich table (`make bench`).

Run every benchmark at full size with ``python -m benchmarks``, at tiny sizes with
``python -m benchmarks --smoke`` (what ``tests/bench/test_smoke.py`` does in
``make test``), or some of them by name: ``python -m benchmarks engine peers``.
Figures and the commands that produced them: docs/performance.md.
"""
