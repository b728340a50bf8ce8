"""The terminal: tables in 80 columns with every number whole, a progress bar from the first second,
inputs and answers in their fields' units, percentage points and "never" in comparisons."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import gigawatt
from gigawatt import outputs
from gigawatt.cli import app
from gigawatt.cli.analysis import show, show_diff
from gigawatt.cli.progress import progress_bar
from gigawatt.cli.tables import report_tables

runner = CliRunner()
SRC = Path(gigawatt.__file__).parent


def test_every_table_fits_80_columns_and_no_number_is_cut() -> None:
    result = gigawatt.simulate("openai-2025", samples=400, seed=3)
    console = Console(width=80, file=io.StringIO(), color_system=None)
    console.print(report_tables(result, width=80))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    for name in ("revenue_total", "cash_balance", "compute_demand_gw"):  # each P50 appears whole
        for year in (2025, 2030, 2035):
            assert outputs.text(result.stat(name, "p50", year), name, with_unit=False) in text, (name, year)
    assert "(continued)" in text  # ten revenue streams do not fit beside each other: the table is split


def test_cli_run_fits_80_columns_in_a_real_terminal_width() -> None:
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-c", "from gigawatt.cli import main; main()", "run", "-n", "300",
                           "--no-store"], capture_output=True, text=True, timeout=300, env=env, check=True)
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert "…" not in done.stdout and "$0.00B" not in done.stdout


def test_the_progress_bar_shows_before_the_first_count() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with progress_bar("Simulating slowly", console, after=0.05) as update:
        assert update is not None
        time.sleep(0.6)  # no count yet: the engine reports after its first chunk
        assert "Simulating slowly" in out.getvalue()
        update(10, 100)
    quick = io.StringIO()
    with progress_bar("Quick", Console(file=quick, force_terminal=True), after=5.0):
        pass
    assert "Quick" not in quick.getvalue()


@pytest.fixture
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's console 200 columns wide, whatever the terminal the tests run in (rows stay on one line)."""
    from gigawatt.cli.app import console

    monkeypatch.setattr(console, "width", 200)


def test_tornado_shows_input_ranges_in_the_inputs_units(toy_file: Path, wide_console: None) -> None:
    done = runner.invoke(app, ["sensitivity", str(toy_file), "--metric", "funding_gap", "-n", "200"],
                         env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    line = next(row for row in done.output.splitlines() if "sites.abilene.capex_per_gw" in row)
    assert re.search(r"\$4\d(\.\d)?B/GW – \$5\d(\.\d)?B/GW", line), line
    share = next(row for row in done.output.splitlines() if "consumer.paying_share.2030" in row)
    assert re.search(r"\d+(\.\d+)?% – \d+(\.\d+)?%", share), share


def test_solve_answers_in_the_fields_unit_and_its_check_keeps_the_overrides(toy_file: Path,
                                                                            wide_console: None) -> None:
    done = runner.invoke(app, ["solve", str(toy_file), "--vary", "consumer.paying_share.2025", "--target",
                               "revenue_total@2026 p50 = $5B", "-n", "300", "--set", "finance.min_cash=$1B"],
                         env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    assert re.search(r"consumer\.paying_share\.2025 = \d+(\.\d+)?%", done.output), done.output
    check = done.output.split("Check: ", 1)[1].split("\n", 1)[0]
    assert "--set 'finance.min_cash=$1B'" in check and "--set consumer.paying_share.2025=" in check
    value = check.split("--set consumer.paying_share.2025=", 1)[1].split()[0]
    again = gigawatt.simulate(gigawatt.load(toy_file, {"finance.min_cash": "$1B",
                                                       "consumer.paying_share.2025": value}), 300, 1)
    assert again.stat("revenue_total", "p50", 2026) == pytest.approx(5e9, rel=1e-3)


def test_compare_speaks_percentage_points_and_never(wide_console: None) -> None:
    assert show_diff(0.25 - 0.20, "probability") == "+5.0 pp"
    assert show(None, "year", "breakeven_year") == "never"
    assert show(254.3, "USD/year", "arpu_paid") == "$254/yr"
    done = runner.invoke(app, ["compare", "openai-2025", "--set-b", "consumer.paying_share.2030=3%", "-n", "300"],
                         env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    probability = next(row for row in done.output.splitlines() if "Break-even by 2030" in row)  # its label
    assert " pp" in probability and "%" in probability


def test_fields_filters_by_path() -> None:
    done = runner.invoke(app, ["fields", "sites.abilene.capex_per_gw"], env={"COLUMNS": "120"})
    assert done.exit_code == 0, done.output
    assert "sites.abilene.capex_per_gw" in done.output and "USD/GW" in done.output
    assert "starting_cash" not in done.output
    year = runner.invoke(app, ["fields", "consumer.paying_share.2030"], env={"COLUMNS": "120"})
    assert "consumer.paying_share" in year.output and "fraction" in year.output
    wrong = runner.invoke(app, ["fields", "sitez"])
    assert wrong.exit_code == 2 and "did you mean 'sites'" in wrong.output


def test_no_help_or_docstring_names_a_file_that_does_not_exist() -> None:
    root = SRC.parents[1]
    missing = set()
    for path in SRC.rglob("*.py"):
        for name in re.findall(r"\b([\w./-]+\.md)\b", path.read_text(encoding="utf-8")):
            if not ((root / name).is_file() or (root / "docs" / Path(name).name).is_file()):
                missing.add(f"{path.relative_to(SRC)}: {name}")
    assert not missing, sorted(missing)
