"""Data flows one way: the engine imports neither the public API nor the model blocks."""

from __future__ import annotations

import ast
from pathlib import Path

import gigawatt.engine

ENGINE = Path(gigawatt.engine.__file__).parent
FORBIDDEN = ("gigawatt.api", "gigawatt.model", "gigawatt.analysis", "gigawatt.cli", "gigawatt.report",
             "gigawatt.web", "gigawatt.plan")


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "gigawatt":  # `from gigawatt import api`
                found.update(f"gigawatt.{alias.name}" for alias in node.names)
    return found


def test_the_engine_imports_no_layer_above_it() -> None:
    files = sorted(ENGINE.glob("*.py"))
    assert len(files) > 5
    wrong = {f"{path.name}: {module}" for path in files for module in imports_of(path)
             if module.startswith(FORBIDDEN) and module.split(".")[1] in {f.split(".")[1] for f in FORBIDDEN}}
    assert not wrong, sorted(wrong)


def test_the_scan_sees_a_lazy_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from gigawatt.model import BLOCKS\n    from gigawatt import api\n")
    assert {"gigawatt.model", "gigawatt.api"} <= imports_of(sample)
