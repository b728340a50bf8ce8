"""Bad network input through the command line: a located error and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gigawatt.cli import app

HEAD = """\
name: bad
horizon: {start: 2025, end: 2027}
entities:
  lab:
    streams: [{name: ads, type: market_share, share: 60%}]
    finance:
      financing: [{name: round, type: equity, year: 2026, amount: $1B}]
  rival:
    streams: [{name: ads, type: market_share, share: 30% to 60%}]
"""


@pytest.mark.parametrize(("tail", "where", "message"), [
    ("markets: {ads: {size: $10B, members: [lab.streams.ads, rival.streams.ads]}}\n"
     "links: [{name: x, investor: vc, investee: lab.finance.financing.round}]\n",
     ":11:19: links.x.investor:", "no entity named 'vc'; entities: lab, rival"),
    ("markets: {ads: {size: $10B, members: [lab.streams.ads, rival.streams.ads]}}\n"
     "links: [{name: x, investor: rival, investee: lab.finance.financing.seed}]\n",
     ":11:36: links.x.investee:", "lab has no equity or vendor_equity financing item named 'seed'"),
    ("markets: {ads: {size: $10B, members: [lab.streams.ads, rival.streams.ads]}}\n"
     "links:\n  - {name: x, investor: rival, investee: lab.finance.financing.round}\n"
     "  - {name: y, investor: rival, investee: lab.finance.financing.round}\n",
     ":13:32: links.y.investee:", "lab.finance.financing.round is paid by links.x already; an item is fed by one link"),
    ("markets: {ads: {size: $10B, members: [lab.streams.ads, rival.streams.ads]}}\n"
     "links: [{name: x, buyer: lab.contracts.none, seller: rival.streams.ads}]\n",
     ":11:19: links.x.buyer:", "lab has no contract named 'none'; its contracts: none"),
    ("markets: {ads: {size: $10B, members: [lab.streams.ads, rival.streams.ads]}}\n", "", ""),
])
def test_bad_networks_exit_2_with_a_located_error(tmp_path: Path, tail: str, where: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + tail, encoding="utf-8")
    command = ["validate", str(path)] if where else ["run", str(path), "--samples", "300", "--no-store"]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception escaping
    assert "Traceback" not in result.output
    if where:
        assert f"error: {path}{where} {message}" in " ".join(result.output.split())
    else:  # shares over 100%: found when the samples are drawn, located at the market's members
        assert f"error: {path}:10:29: markets.ads.members: the shares of lab.streams.ads, rival.streams.ads sum " \
               "to " in " ".join(result.output.split())


def test_an_entity_extending_a_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "company.yaml").write_text("name: c\n", encoding="utf-8")
    path = tmp_path / "net.yaml"
    path.write_text("name: n\nentities:\n  lab:\n    extends: company.yaml\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"error: {path}:4:5: entities.lab.extends: inside a network, an entity extends a bundled scenario " \
           "only" in " ".join(result.output.split())


TRADE = """\
name: trade
horizon: {start: 2025, end: 2027}
entities:
  lab:
    contracts:
      - {name: a, counterparty: Cloud, capacity_gw: 1, price_per_gw_year: $10B}
      - {name: b, counterparty: Cloud, capacity_gw: 1, price_per_gw_year: $10B}
  cloud:
    streams:
      - {name: lab, type: capacity, gw: 1, price_per_gw_year: $10B}
      - {name: ads, type: fixed, amount: $1B}
links:
"""


@pytest.mark.parametrize(("links", "where", "message"), [
    ("  - {name: x, buyer: lab.contracts.a, seller: cloud.streams.lab}\n"
     "  - {name: y, buyer: lab.contracts.b, seller: cloud.streams.lab}\n",
     ":14:39: links.y.seller:", "cloud.streams.lab is fed by links.x already; a stream is fed by one link"),
    ("  - {name: x, buyer: lab.contracts.a, seller: cloud.streams.ads}\n",
     ":13:39: links.x.seller:", "cloud.streams.ads is a fixed stream; a contract feeds a stream of type capacity"),
    ("  - {name: x, buyer: lab.purchases.a, seller: cloud.streams.lab}\n",
     ":13:15: links.x.buyer:", "lab has no purchase named 'a'; its purchases: none"),
])
def test_bad_trade_links_exit_2_with_a_located_error(tmp_path: Path, links: str, where: str, message: str) -> None:
    path = tmp_path / "trade.yaml"
    path.write_text(TRADE + links, encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(path), "--samples", "100", "--no-store"])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"error: {path}{where} {message}" in " ".join(result.output.split())
