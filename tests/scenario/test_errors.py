"""Bad scenarios give one clear, located message each: FILE:LINE:COL: field.path: what was expected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import gigawatt
from gigawatt.scenario.errors import ScenarioError

BASE = "name: bad\nhorizon: {start: 2025, end: 2030}\n"

# (id, file text, expected "LINE:COL: path" prefix after the file name, fragment of the message)
CASES = [
    ("unknown-field", BASE + "consumer:\n  userz: 5\n", "4:3: consumer.userz", "did you mean 'users'?"),
    ("unknown-section", BASE + "consumr: {}\n", "3:1: consumr", "did you mean 'consumer'?"),
    ("wrong-dimension", BASE + "sites:\n  - name: a\n    country: US\n    capacity_gw: 45 USD/MWh\n",
     "6:5: sites.a.capacity_gw", "expected a quantity in GW"),
    ("reversed-interval", BASE + "consumer:\n  paying_share: 10% to 5%\n", "4:3: consumer.paying_share",
     "below"),
    ("negative-share", BASE + "consumer:\n  paying_share: -5%\n", "4:3: consumer.paying_share", "at least 0"),
    ("share-above-one", BASE + "consumer:\n  paying_share: 150%\n", "4:3: consumer.paying_share", "at most 1"),
    ("unknown-distribution", BASE + "consumer:\n  paying_share: {gama: {a: 1}}\n", "4:3: consumer.paying_share",
     "unknown distribution"),
    ("beta-out-of-range", BASE + "consumer:\n  paying_share: {beta: {a: -1, b: 2}}\n",
     "4:3: consumer.paying_share", "above 0"),
    ("missing-required", BASE + "streams:\n  - {name: s, type: seats, seats: 5}\n", "4:5: streams.s.seat_price",
     "required field is missing"),
    ("missing-name", "horizon: {start: 2025, end: 2030}\n", "1:1: name", "required field is missing"),
    ("year-outside-horizon", BASE + "consumer:\n  paying_share: {2040: 5%}\n", "4:3: consumer.paying_share",
     "outside the horizon"),
    ("unknown-stream-type", BASE + "streams:\n  - {name: s, type: subscriptoin}\n", "4:5: streams.s",
     "did you mean 'subscription'?"),
    ("stream-without-type", BASE + "streams:\n  - {name: s}\n", "4:5: streams.s", "needs a `type`"),
    ("duplicate-key", BASE + "consumer:\n  users: 5\n  users: 6\n", "5:3", "appears twice"),
    ("malformed-yaml", BASE + "consumer: [\n", "4:1", "malformed YAML"),
    ("bad-name-pattern", BASE + "sites:\n  - name: Abilene TX\n    country: US\n    capacity_gw: 1\n",
     "4:5: sites.Abilene TX.name", "pattern"),
    ("duplicate-item-names", BASE + "streams:\n  - {name: s, type: fixed, amount: 1}\n"
     "  - {name: s, type: fixed, amount: 2}\n", "3:1: streams", "unique"),
    ("unparseable-quantity", BASE + "consumer:\n  users: lots of people\n", "4:3: consumer.users",
     'cannot read "lots of people"'),
    ("horizon-reversed", "name: bad\nhorizon: {start: 2030, end: 2025}\n", "2:1: horizon", "must not be before"),
    ("tiers-not-summing", BASE + "consumer:\n  tiers:\n    - {name: go, share_of_payers: 30%, price: 5}\n",
     "4:3: consumer.tiers", "sum to 100%"),
    ("launch-outside-horizon", BASE + "streams:\n  - {name: d, type: device, launch_year: 2050, "
     "market_potential: 1M, price: 100}\n", "4:29: streams.d.launch_year", "outside the horizon"),
    ("unknown-correlation-path", BASE + "consumer:\n  paying_share: 4% to 6%\ncorrelations:\n"
     "  - {between: [consumer.paying_shares, consumer.paying_share], rank: 0.5}\n", "6:5: correlations.0",
     "did you mean 'consumer.paying_share'?"),
    ("impossible-correlations", BASE + "consumer:\n  paying_share: 4% to 6%\n  users: 1M to 2M\n"
     "opex:\n  headcount: 1K to 2K\ncorrelations:\n"
     "  - {between: [consumer.paying_share, consumer.users], rank: 0.9}\n"
     "  - {between: [consumer.users, opex.headcount], rank: 0.9}\n"
     "  - {between: [consumer.paying_share, opex.headcount], rank: -0.9}\n", "8:1: correlations",
     "not positive definite"),
    ("joint-venture-without-share", BASE + "sites:\n  - {name: a, country: US, capacity_gw: 1, "
     "ownership: joint_venture}\n", "4:5: sites.a", "equity_share"),
    ("contract-two-forms", BASE + "contracts:\n  - {name: c, counterparty: X, capacity_gw: 1, "
     "total_value: $1B, start_year: 2026, years: 2}\n", "4:5: contracts.c", "either"),
    ("revenue-share-unknown-stream", BASE + "opex:\n  revenue_shares:\n    - {name: msft, share: 20%, "
     "streams: [subz]}\n", "", "no stream named 'subz'"),
]


@pytest.mark.parametrize(("text", "where", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_scenario_is_located(tmp_path: Path, text: str, where: str, fragment: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        gigawatt.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{where}"), message
    assert fragment in message


def test_at_least_twenty_distinct_cases() -> None:
    assert len({c[0] for c in CASES}) >= 20


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="the file is empty"):
        gigawatt.load(path)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: café\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8"):
        gigawatt.load(path)


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="must be a mapping"):
        gigawatt.load(path)


def test_extends_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nextends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: b\nextends: a.yaml\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="cycle"):
        gigawatt.load(tmp_path / "a.yaml")


def test_unknown_bundled_name_suggests() -> None:
    with pytest.raises(ScenarioError, match="no bundled scenario or file named"):
        gigawatt.load("no-such-scenario-anywhere")


def test_unknown_set_path_names_existing_items(toy_file: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        gigawatt.load(toy_file, {"sites.abilen.capex_per_gw": "$50B/GW"})
    assert "did you mean 'abilene'?" in str(caught.value)
    assert str(caught.value).startswith("--set")


def test_unknown_set_field(toy_file: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        gigawatt.load(toy_file, {"consumer.paying_shares": "5%"})
    assert "--set consumer.paying_shares: consumer.paying_shares: unknown field" in str(caught.value)


def test_every_problem_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(BASE + "consumer:\n  userz: 5\n  paying_share: -1\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        gigawatt.load(path)
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize(("text", "fragment"), [
    ("finance: {funding_gap_year: 2040}\n", "finance.funding_gap_year: 2040 is outside the horizon 2025-2030"),
    ("consumer:\n  tiers:\n    - {name: a, share_of_payers: {2025: 50%, 2030: 40%}, price: 1}\n"
     "    - {name: b, share_of_payers: 50%, price: 1}\n", "they sum to 98.0% in 2026"),
    ("finance: {starting_cash: {2025: $1B, 2030: $2B}}\n", "expected a single value (it happens once)"),
    ("contracts:\n  - {name: c, counterparty: X, total_value: {2025: $1B, 2030: $2B}, start_year: 2026, years: 2}\n",
     "expected a single value (it happens once)"),
])
def test_more_bad_inputs(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BASE + text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=re.escape(fragment)):
        gigawatt.load(path)


def test_discount_rate_takes_a_percentage() -> None:
    assert gigawatt.loads("name: t\nhorizon: {discount_rate: 11%}\n").horizon.discount_rate == pytest.approx(0.11)


def test_yaml_aliases_are_refused() -> None:
    bomb = "name: x\n" + "".join(f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
    with pytest.raises(ScenarioError, match="YAML aliases"):
        gigawatt.loads("a0: &a0 [1]\n" + bomb)
