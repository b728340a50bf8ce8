"""The network's views of a hand-made summary: the Sankey, the default bars, the exposure heatmap, the tables,
the report's network section and the workbook's network sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from network_toys import hand_made_summary, with_infinities

from gigawatt.engine.result import Result
from gigawatt.i18n import language
from gigawatt.report import network, network_rows, render_report

ARABIC = re.compile(r"[\u0600-\u06ff]")


def test_the_sankey_has_a_node_per_entity_and_a_band_per_paying_link() -> None:
    fig = network.flow_chart(hand_made_summary())
    sankey = fig.data[0]
    assert sankey.type == "sankey"
    assert list(sankey.node.label) == ["lab", "cloud", "chips"]
    # lab pays cloud $60B, cloud pays chips $10B, chips invests $2B in lab (the loop back)
    bands = sorted(zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True))
    assert bands == [(0, 1, 60.0), (1, 2, 10.0), (2, 0, 2.0)]
    assert list(sankey.link.label) == ["lab-cloud", "cloud-chips", "chips-equity"]
    kinds = [row[1] for row in sankey.link.customdata]
    assert kinds == ["compute contract", "equipment purchase", "investment"]
    assert len(set(sankey.link.color)) == 3  # one colour per kind
    # what each entity pays and is paid, for the node's hover
    assert [list(row) for row in sankey.node.customdata] == [["$60B", "$2B"], ["$10B", "$60B"], ["$2B", "$10B"]]


def test_the_sankey_leaves_out_links_with_no_finite_positive_flow() -> None:
    fig = network.flow_chart(with_infinities(hand_made_summary()))
    assert list(fig.data[0].link.label) == ["lab-cloud", "cloud-chips"]
    kinds = fig.layout.annotations[0].text
    assert "compute contract" in kinds and "investment" not in kinds


def test_the_default_bars_are_percent_of_futures_with_the_first_default_year() -> None:
    fig = network.default_chart(hand_made_summary())
    bar = fig.data[0]
    assert list(bar.x) == ["lab", "cloud", "chips"]
    assert list(bar.y) == pytest.approx([30.0, 10.0, 0.0])
    assert list(bar.customdata) == ["median first default 2026", "median first default 2027", "no default"]
    assert fig.layout.title.text == "Chance that each entity defaults by 2027"


def test_the_exposure_heatmap_is_payer_by_payee_with_a_slider_over_the_years() -> None:
    summary = hand_made_summary()
    assert network.peak_year(summary) == 2025
    fig = network.exposure_chart(summary)
    heat = fig.data[0]
    assert [list(row) for row in heat.z] == [[0.0, 50.0, 0.0], [0.0, 0.0, 5.0], [0.0, 0.0, 0.0]]
    assert [list(row) for row in heat.text] == [["", "50.0", ""], ["", "", "5.0"], ["", "", ""]]
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["2025", "2026", "2027"]
    assert steps[1].args[0]["z"][0] == [[0.0, 30.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert fig.layout.sliders[0].active == 0
    later = network.exposure_chart(summary, 2026)
    assert later.data[0].z[0][1] == 30.0 and later.layout.sliders[0].active == 1


def test_the_link_table_puts_the_largest_expected_loss_first() -> None:
    rows = network_rows.link_rows(hand_made_summary())
    assert [r["link"] for r in rows] == ["lab-cloud", "cloud-chips", "chips-equity"]
    first = rows[0]
    assert first == {"link": "lab-cloud", "kind": "compute contract", "payer": "lab", "payee": "cloud",
                     "paid": "$60B", "expected loss": "$9B", "share lost": "13%"}  # 9 / (60 + 9)
    assert set(first) <= set(network_rows.COLUMNS)


def test_the_entity_table_and_the_cards() -> None:
    summary = hand_made_summary()
    assert network_rows.entity_rows(summary)[2] == {"entity": "chips", "default probability": "0%",
                                                     "first default": "–"}
    cards = network_rows.cards(summary)
    assert [c["value"] for c in cards] == ["10%", "lab", "$9.5B"]
    assert cards[2]["detail"] == "against $72B paid over 2025–2027"


def test_every_network_view_speaks_arabic() -> None:
    ar = language("ar")
    summary = hand_made_summary()
    for fig in network.figures(summary, ar).values():
        assert ARABIC.search(fig.layout.title.text), fig.layout.title.text
    assert ARABIC.search(network.flow_chart(summary, ar).data[0].link.hovertemplate)
    for row in network_rows.link_rows(summary, ar):
        assert ARABIC.search(row["kind"]) and ARABIC.search(row["paid"])
    assert all(ARABIC.search(c["label"]) for c in network_rows.cards(summary, ar))


def test_the_report_shows_the_network_first_when_given_one(hand_result: Result) -> None:
    page = render_report(hand_result, local_drivers=True, network=hand_made_summary())
    assert '<section id="network">' in page
    assert page.index('id="network"') < page.index('id="answer"')
    for key in ("network_flows", "network_defaults", "network_exposure"):
        assert f'id="chart-{key}"' in page
    assert '<a href="#network">' in page
    assert "Expected loss per link" in page and "chips-equity" in page
    plain = render_report(hand_result, local_drivers=True)
    assert 'id="network"' not in plain and "chart-network_flows" not in plain


def test_the_arabic_report_translates_the_network_section(hand_result: Result) -> None:
    page = render_report(hand_result, local_drivers=True, network=hand_made_summary(), lang="ar")
    section = page[page.index('<section id="network">'):page.index("</section>", page.index('id="network"'))]
    assert "الخسارة المتوقعة لكل رابط" in section
    text = re.sub(r"<script.*?</script>|<[^>]+>", " ", section, flags=re.S)
    english = {w for w in re.findall(r"[A-Za-z]{4,}", text)} - {"chips", "cloud", "equity"}
    assert english == set(), english


def test_the_workbook_network_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    from gigawatt.analysis.workbook import network_sheet

    book = Workbook()
    network_sheet(book, hand_made_summary())
    book.save(tmp_path / "n.xlsx")
    rows = list(load_workbook(tmp_path / "n.xlsx")["network"].iter_rows(values_only=True))
    assert rows[1][:6] == ("lab-cloud", "contract", "lab", "cloud", 60e9, 9e9)
    flows = rows.index(("paid along the link (USD per year, mean)", None, None, None, 2025, 2026, 2027))
    assert rows[flows + 1][4:7] == (10e9, 20e9, 30e9)
    lab = next(r for r in rows if r[0] == "lab")
    assert lab[1:3] == (0.3, 2026)
    assert next(r for r in rows if r[0] == "chance of a cascade")[1] == 0.1
    assert ("", "", "lab", "cloud", 50e9, 30e9, 0.0) in [tuple("" if v is None else v for v in r[:7]) for r in rows]
