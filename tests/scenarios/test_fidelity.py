"""The bundled reproductions of published analyses: each figure within its tolerance, docs/fidelity.md current.

The figures and their sources are the `published` sections of the bundled scenarios (each number
cited in docs/sources.md, which tests/scenarios/test_sources.py checks).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gigawatt
from gigawatt.analysis.fidelity import MARK_BEGIN, MARK_END, Row, bundled_table, embed_table, reproduce, reproductions
from gigawatt.scenario.errors import ScenarioError
from gigawatt.scenario.loader import loads

DOCS = Path(__file__).resolve().parents[2] / "docs"
ANALYSES = ["hsbc-2025", "sequoia-2024", "bain-2025", "morgan-stanley-2025"]


@pytest.fixture(scope="module")
def rows() -> dict[str, list[Row]]:
    return {name: reproduce(name) for name in reproductions()}


def test_the_published_analyses_are_bundled() -> None:
    assert set(ANALYSES) <= set(reproductions())


@pytest.mark.parametrize("name", ANALYSES)
def test_every_published_figure_is_reproduced_within_its_tolerance(name: str, rows: dict[str, list[Row]]) -> None:
    missed = [f"{row.name}: published {row.published:.4g}, gigawatt {row.gigawatt:.4g} ({row.error:+.1%})"
              for row in rows[name] if not row.reproduced]
    assert not missed, "\n".join(missed)
    assert all(row.tolerance <= 0.05 for row in rows[name])


def test_hsbc_reproduces_the_headline_outputs_and_both_sensitivities(rows: dict[str, list[Row]]) -> None:
    assert {row.name for row in rows["hsbc-2025"]} >= {
        "revenue_2030", "rental_2h25_2030", "rental_2h25_2033", "financing_needed_2030", "paying_share_20",
        "users_plus_half_billion"}


def test_the_hsbc_market_structure_gives_the_published_2030_shares() -> None:
    """Consumer revenue is 56% of the $129B consumer AI market, enterprise 37% of $386B [S-hsbc-2025-markets]."""
    result = gigawatt.simulate("hsbc-2025", samples=1, seed=1)
    at = result.year_index(2030)
    assert result.series["revenue_consumer_ai"][0, at] == pytest.approx(0.56 * 129e9, rel=1e-9)
    assert result.series["revenue_enterprise_ai"][0, at] == pytest.approx(0.37 * 386e9, rel=1e-9)
    assert result.series["contract_cost"][0, at] == pytest.approx(12 * 620e9 / 36, rel=1e-9)
    assert result.series["users_consumer"][0, at] == pytest.approx(3e9, rel=1e-9)


def test_the_industry_chains_hold_as_published() -> None:
    """Sequoia: $150B x 2 x 2 [S-sequoia-2024]; Bain: $500B / 25% [S-bain-2025-ratio]; Morgan Stanley: the four
    channels fill the gap that the hyperscalers' $1.4T leaves in $2.9T [S-ms-2025-financing]."""
    sequoia = gigawatt.simulate("sequoia-2024", samples=1)
    assert sequoia.series["revenue_required"][0, 0] == pytest.approx(150e9 * 2 * 2, rel=1e-12)
    bain = gigawatt.simulate("bain-2025", samples=1)
    assert bain.series["revenue_required"][0, 0] == pytest.approx(500e9 / 0.25, rel=1e-12)
    ms = gigawatt.simulate("morgan-stanley-2025", samples=1)
    assert ms.scalars["funding_gap_by_2028"][0] == pytest.approx(2.9e12 - 1.4e12, rel=1e-12)
    assert ms.scalars["funding_gap_after_financing_by_2028"][0] == pytest.approx(0, abs=1e-3)


def test_a_lever_moves_an_industry_answer() -> None:
    """The point of a reproduction: Sequoia's chain with GPUs at 40% of the data-centre cost asks for $750B."""
    result = gigawatt.simulate(gigawatt.load("sequoia-2024", {
        "capital_spending.ai_data_centres.amount": "= 150B USD/year / 40%"}), samples=1)
    assert result.series["revenue_required"][0, 0] == pytest.approx(750e9, rel=1e-12)


def test_docs_fidelity_shows_the_current_table() -> None:
    page = (DOCS / "fidelity.md").read_text(encoding="utf-8")
    assert embed_table(page, bundled_table()) == page, "run `make docs` (gigawatt fidelity --embed docs/fidelity.md)"


TOY = """\
name: toy
horizon: {start: 2025, end: 2027}
streams:
  - {name: fees, type: fixed, amount: {2025: $10B, 2027: $40B}}
finance: {first_year_fraction: 0.5}
published:
  - {name: fees_2027, metric: revenue_total@2027, value: $40B, source: "[S-x]"}
  - {name: fees_period, metric: "revenue_total@2025..2027 sum", period: true, value: $65B, source: "[S-x]"}
  - {name: fees_window, metric: "revenue_total@2025..2027 sum", value: $70B, source: "[S-x]"}
  - {name: doubled, metric: revenue_total@2026, change: {streams.fees.amount: x2}, value: $20B, source: "[S-x]"}
  - {name: wrong, metric: revenue_total@2026, value: $30B, source: "[S-x]"}
"""


def test_each_kind_of_figure_on_a_toy(tmp_path: Path) -> None:
    """Log interpolation gives $20B in 2026; the period counts half of 2025: 5 + 20 + 40 = $65B."""
    path = tmp_path / "toy.yaml"
    path.write_text(TOY, encoding="utf-8")
    got = {row.name: row for row in reproduce(path, samples=4)}
    assert got["fees_2027"].gigawatt == pytest.approx(40e9)
    assert got["fees_period"].gigawatt == pytest.approx(65e9)
    assert got["fees_window"].gigawatt == pytest.approx(70e9)
    assert got["doubled"].gigawatt == pytest.approx(20e9)
    assert got["wrong"].error == pytest.approx(20 / 30 - 1)
    assert not got["wrong"].reproduced
    assert all(row.reproduced for name, row in got.items() if name != "wrong")


def test_a_published_value_reads_units_and_a_bad_metric_is_named(tmp_path: Path) -> None:
    scenario = loads(TOY.replace("value: $40B", "value: 40 GW, unit: GW"))
    assert scenario.published[0].value == 40.0 and scenario.published[0].unit == "GW"
    path = tmp_path / "bad.yaml"
    path.write_text(TOY.replace("metric: revenue_total@2027", "metric: revenue_totl@2027"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"published\.fees_2027\.metric: no output named 'revenue_totl'"):
        reproduce(path, samples=2)


def test_embedding_needs_both_marks() -> None:
    assert embed_table(f"a\n{MARK_BEGIN}\nold\n{MARK_END}\nb\n", "new") == f"a\n{MARK_BEGIN}\n\nnew\n\n{MARK_END}\nb\n"
    with pytest.raises(ValueError, match="fidelity"):
        embed_table("no marks", "new")


def test_a_metric_that_cannot_be_read_is_a_located_error_at_load() -> None:
    with pytest.raises(ScenarioError, match=r":7:.*published\.fees_2027\.metric: cannot read the metric"):
        loads(TOY.replace("metric: revenue_total@2027", "metric: revenue_total@2027.."), label="toy.yaml")
