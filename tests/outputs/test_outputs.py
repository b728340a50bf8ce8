"""The output catalogue: every output declared once, checked at run time, the only place of labels and units."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pytest

import gigawatt
from gigawatt import outputs
from gigawatt.engine.result import Out

SRC = Path(outputs.__file__).parent
DOCS = SRC.parents[1] / "docs"
MODEL_BLOCKS = SRC / "model"
"""The blocks name what they compute (the engine checks each name and unit against the catalogue)."""
NOT_OUTPUTS = {("report/assumptions.py", "capex"),  # a column of the sites table and its translated header
               ("scenario/components/finance.py", "ebitda"),  # what an exit multiple applies to
               ("scenario/components/compute.py", "training_gw"),  # the field of that name, in its reader
               ("scenario/components/opex.py", "cost_of_revenue")}  # the model block of that name, a reader
"""Literals that spell an output's name but mean something else: the sites table's capex-per-GW column, the
exit multiple's basis (a scenario value), a field and a model block named in the declarations of readers."""


def test_every_output_of_the_bundled_scenarios_is_declared() -> None:
    for name in ("openai-2025", "openai-2025-bear", "openai-2025-bull"):
        result = gigawatt.simulate(name, samples=4)
        for output in result.names():
            assert outputs.is_declared(output), output
            assert outputs.unit(output) == result.units[output]


def test_templates_match_and_exact_names_win() -> None:
    assert outputs.declaration("revenue_total").name == "revenue_total"
    assert outputs.declaration("revenue_api").name == "revenue_{stream}"
    assert outputs.declaration("compute_capacity_gw").name == "compute_capacity_gw"
    assert outputs.declaration("compute_capacity_gw_us").name == "compute_capacity_gw_{country}"
    assert outputs.declaration("breakeven_by_2030").kind == "event"
    assert outputs.label("revenue_chatgpt_subscriptions") == "Revenue: chatgpt subscriptions"
    assert outputs.label("compute_capacity_gw_us") == "Capacity in US"
    assert outputs.label("breakeven_by_2031") == "Break-even by 2031"
    assert not outputs.is_declared("breakeven_by_soon")
    with pytest.raises(KeyError, match="did you mean"):
        outputs.declaration("revnue_totals")


@pytest.mark.parametrize(("name", "value", "shown"), [
    ("arpu_paid", 254.3, "$254/yr"),  # per-user dollars, not "$0.00B"
    ("revenue_total", 13.14e9, "$13.1B"),
    ("free_cash_flow", -9.96e9, "-$10.0B"),
    ("compute_demand_gw", 3.456, "3.5 GW"),
    ("paying_share_of_users", 0.0512, "5.1%"),
    ("breakeven_by_2030", 0.003, "<1%"),
    ("breakeven_by_2030", 0.5, "50%"),
    ("breakeven_year", math.inf, "never"),
    ("breakeven_year", 2031.0, "2031"),
    ("users_consumer", 8.0e8, "800M"),
    ("tokens_total", 1.234e15, "1,234T"),
    ("npv", None, "–"),
])
def test_text_follows_the_declared_format(name: str, value: float | None, shown: str) -> None:
    assert outputs.text(value, name) == shown


def test_headers_carry_the_short_unit() -> None:
    assert outputs.header("revenue_total") == "Revenue ($B)"
    assert outputs.header("arpu_paid") == "Revenue per paying user ($/yr)"
    assert outputs.header("users_consumer") == "Consumer users"
    assert outputs.excel_format("arpu_paid") != outputs.excel_format("revenue_total")


def _block(scenario: object, inputs: object, computed: object) -> dict[str, Out]:
    return {"revenue_total": Out(np.zeros((1, 1)), "GW")}


def test_a_wrong_unit_or_an_undeclared_output_is_rejected() -> None:
    with pytest.raises(outputs.UndeclaredOutputError, match="revenue_total: unit 'GW', declared 'USD'"):
        outputs.check({"revenue_total": "GW"}, {})
    with pytest.raises(outputs.UndeclaredOutputError, match="mystery: not declared"):
        outputs.check({"mystery": "USD"}, {})
    with pytest.raises(outputs.UndeclaredOutputError, match="npv: a series, declared a scalar"):
        outputs.check({"npv": "USD"}, {"npv": "series"})


def test_the_simulation_rejects_an_output_the_catalogue_does_not_declare(
        toy_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import gigawatt.model as model
    from gigawatt.model import BLOCKS

    def extra(scenario: object, inputs: object, computed: object) -> dict[str, Out]:
        return {"mystery_gw": Out(np.zeros(1), "GW")}

    monkeypatch.setattr(model, "BLOCKS", [*BLOCKS, extra])
    with pytest.raises(outputs.UndeclaredOutputError, match="mystery_gw"):
        gigawatt.simulate(gigawatt.loads(toy_text), samples=2)
    with pytest.raises(outputs.UndeclaredOutputError, match="mystery_gw"):
        gigawatt.summarize(gigawatt.loads(toy_text), samples=2)


def test_docs_output_reference_is_up_to_date() -> None:
    assert (DOCS / "outputs.md").read_text(encoding="utf-8") == outputs.reference() + "\n", "run `make docs`"
    from typer.testing import CliRunner

    from gigawatt.cli import app

    printed = CliRunner().invoke(app, ["outputs"])
    assert printed.exit_code == 0 and printed.output == outputs.reference() + "\n"


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a file, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_output_name_is_written_outside_the_catalogue() -> None:
    """Interfaces name outputs through gigawatt.outputs (names, labels, units, formats), never as literals."""
    exact = {o.name for o in outputs.CATALOGUE if not o.is_template}
    prefixes = {o.name.split("{")[0] for o in outputs.CATALOGUE if o.is_template}
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "outputs.py" or MODEL_BLOCKS in path.parents:
            continue
        for line, value in _literals(path):
            if (value in exact or value in prefixes) and (str(path.relative_to(SRC)), value) not in NOT_OUTPUTS:
                found.append(f"{path.relative_to(SRC)}:{line}: {value!r}")
    assert not found, "use gigawatt.outputs instead of:\n" + "\n".join(found)


def test_the_scan_finds_a_literal(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text('"""revenue_total in a docstring is fine."""\nLABEL = {"revenue_total": "Revenue"}\n')
    assert [v for _, v in _literals(sample)] == ["revenue_total", "Revenue"]


def test_a_block_takes_its_units_from_the_catalogue() -> None:
    from gigawatt.model.common import declared

    made = declared({"revenue_total": np.zeros((2, 3)), "arpu_paid": np.ones((2, 3)), "breakeven_by_2030": np.ones(2)})
    assert {name: out.unit for name, out in made.items()} == {
        "revenue_total": "USD", "arpu_paid": "USD/year", "breakeven_by_2030": "event"}
    with pytest.raises(KeyError, match="no output named 'mystery_gw' is declared"):
        declared({"mystery_gw": np.zeros(1)})


def test_blocks_write_units_only_for_their_intermediates() -> None:
    offenders = set()
    for path in sorted(MODEL_BLOCKS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for key, value in _keyed_values(node):
                if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "Out" and not _intermediate(key):
                    offenders.add(path.name)
    assert not offenders, f"use declared() in {sorted(offenders)}"


def _keyed_values(node: ast.AST) -> list[tuple[ast.AST | None, ast.AST]]:
    """``(key, value)`` of a dict literal's items, a keyword argument, or ``out[key] = value``."""
    if isinstance(node, ast.Dict):
        return list(zip(node.keys, node.values, strict=True))
    if isinstance(node, ast.Call):
        return [(ast.Constant(k.arg), k.value) for k in node.keywords if k.arg]
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
        return [(node.targets[0].slice, node.value)]
    return []


def _intermediate(key: ast.AST | None) -> bool:
    """A key such as ``f"_tokens_{name}"``: an intermediate of the model, not an output."""
    if isinstance(key, ast.Constant):
        return str(key.value).startswith("_")
    if isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant):
        return str(key.values[0].value).startswith("_")
    return False
