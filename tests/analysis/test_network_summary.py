"""The network summary as data: JSON-safe dictionaries and tables of a hand-made summary."""

from __future__ import annotations

import json

import pytest
from network_toys import hand_made_summary, with_infinities

import gigawatt
from gigawatt.analysis.network import LinkInfo, NetworkSummary


def test_the_public_api_exports_the_summary_types() -> None:
    assert gigawatt.NetworkSummary is NetworkSummary
    assert gigawatt.LinkInfo is LinkInfo
    assert {"NetworkSummary", "LinkInfo"} <= set(gigawatt.__all__)


def test_a_summary_is_frozen() -> None:
    summary = hand_made_summary()
    with pytest.raises(AttributeError):
        summary.cascade_probability = 0.5  # type: ignore[misc]


def test_to_dict_is_plain_json_with_the_numbers_given() -> None:
    data = hand_made_summary().to_dict()
    again = json.loads(json.dumps(data, allow_nan=False))
    assert again["entities"] == ["lab", "cloud", "chips"]
    assert again["links"][1] == {"name": "cloud-chips", "kind": "purchase", "payer": "cloud", "payee": "chips"}
    assert again["flows"]["lab-cloud"] == [10e9, 20e9, 30e9]
    assert again["total_flows"]["lab-cloud"] == 60e9
    assert again["default_probability"] == {"lab": 0.3, "cloud": 0.1, "chips": 0.0}
    assert again["first_default_year"] == {"lab": 2026.0, "cloud": 2027.0, "chips": None}
    assert again["exposure"]["lab"]["cloud"] == [50e9, 30e9, 0.0]
    assert again["cascade_probability"] == 0.1
    assert again["units"]["total_flows"] == "USD"


def test_to_dict_writes_none_for_every_non_finite_number() -> None:
    data = with_infinities(hand_made_summary()).to_dict()
    json.dumps(data, allow_nan=False)  # raises on inf or nan
    assert data["total_flows"]["chips-equity"] is None
    assert data["expected_loss"]["cloud-chips"] is None
    assert data["first_default_year"]["chips"] is None
    assert data["total_flows"]["lab-cloud"] == 60e9


def test_to_pandas_gives_the_links_flows_entities_and_exposure_tables() -> None:
    tables = hand_made_summary().to_pandas()
    assert set(tables) == {"links", "flows", "entities", "exposure"}
    links = tables["links"].set_index("link")
    assert links.loc["lab-cloud", "payee"] == "cloud"
    assert links.loc["chips-equity", "kind"] == "investment"
    assert links.loc["lab-cloud", "total_flow"] == 60e9
    assert links.loc["cloud-chips", "expected_loss"] == 0.5e9
    flows = tables["flows"]
    assert len(flows) == 3 * 3
    assert flows.groupby("link")["flow"].sum().to_dict() == {"lab-cloud": 60e9, "cloud-chips": 10e9,
                                                               "chips-equity": 2e9}
    entities = tables["entities"].set_index("entity")
    assert entities.loc["lab", "default_probability"] == 0.3
    assert entities.loc["cloud", "first_default_year"] == 2027
    assert entities["first_default_year"].isna().tolist() == [False, False, True]
    exposure = tables["exposure"]
    assert list(exposure.columns) == ["payer", "payee", "year", "exposure"]
    assert exposure.query("payer == 'lab' and year == 2026")["exposure"].tolist() == [30e9]
    assert str(exposure["year"].dtype) == "int64"


def test_the_exposure_matrix_of_a_year_is_payer_by_payee() -> None:
    summary = hand_made_summary()
    assert summary.exposure_matrix(2025) == [[0.0, 50e9, 0.0], [0.0, 0.0, 5e9], [0.0, 0.0, 0.0]]
    assert summary.exposure_matrix(2027) == [[0.0] * 3] * 3
    with pytest.raises(ValueError, match="outside"):
        summary.exposure_matrix(2031)


def test_a_link_is_found_by_name() -> None:
    summary = hand_made_summary()
    assert summary.link("cloud-chips").payer == "cloud"
    with pytest.raises(KeyError, match="lab-cloud"):
        summary.link("nope")
