"""No file name or path ever comes from scenario text: the API's downloads and exports.

Each test gives a scenario a ``name`` that is a path (absolute, or climbing with ``..``) and checks
that nothing is written there and that the file written (or offered for download) is named by a slug.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from toy_scenarios import TOY

from gigawatt.filenames import slug
from gigawatt.scenario.loader import bundled_names


def named(name: str) -> str:
    """The toy scenario under another ``name`` (a JSON string is a YAML double-quoted scalar)."""
    return TOY.replace("name: toy\n", f"name: {json.dumps(name)}\n", 1)


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The temporary folder of this process, moved two levels below ``tmp_path`` (``..`` stays inside it)."""
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_get_export_never_writes_where_the_name_points(client: TestClient, private_tmp: Path, tmp_path: Path,
                                                        fmt: str) -> None:
    if "openai-2025" not in bundled_names():
        pytest.skip("needs the bundled openai-2025 scenario")
    victim = tmp_path / "victim" / "x"
    for name in (str(victim), "../../escaped", "../escaped"):
        got = client.get("/api/export", params={"scenario": "openai-2025", "format": fmt, "samples": 50,
                                                 "set": f"name={name}"})
        assert got.status_code == 200, got.text
        assert got.headers["content-disposition"] == f'attachment; filename="{slug(name)}.{fmt}"'
    assert not (tmp_path / "victim").exists()
    assert not list(tmp_path.rglob("escaped*"))
    assert files_under(private_tmp) == set()  # the export's own folder is gone too


def test_posted_export_and_report_are_named_by_a_slug(client: TestClient, private_tmp: Path, tmp_path: Path) -> None:
    text = named("../../owned/Über Plan")  # from the export's folder in private_tmp, ../.. is tmp_path
    xlsx = client.post("/api/export?format=xlsx", json={"text": text, "samples": 100})
    assert xlsx.status_code == 200, xlsx.text
    stem = slug("../../owned/Über Plan")
    assert stem == "owned-uber-plan"
    assert xlsx.headers["content-disposition"] == f'attachment; filename="{stem}.xlsx"'
    page = client.post("/api/report?download=true", json={"text": text, "samples": 100})
    assert page.status_code == 200, page.text
    assert page.headers["content-disposition"] == f'attachment; filename="{stem}-report.html"'
    assert not (tmp_path / "owned").exists()
    assert files_under(private_tmp) == set()


def test_a_header_breaking_name_stays_one_header(client: TestClient) -> None:
    got = client.post("/api/export?format=csv", json={"text": named('x"\r\nSet-Cookie: a=b'), "samples": 50})
    assert got.status_code == 200
    assert got.headers["content-disposition"] == 'attachment; filename="x-set-cookie-a-b.csv"'
    assert "set-cookie" not in got.headers


def test_a_get_changes_nothing(client: TestClient, private_tmp: Path, store_path: Path) -> None:
    if "openai-2025" not in bundled_names():
        pytest.skip("needs the bundled openai-2025 scenario")
    for url, params in (("/api/export", {"format": "csv"}), ("/api/export", {"format": "xlsx"}),
                        ("/api/report", {"download": "true"}), ("/api/runs", {}), ("/api/scenarios", {})):
        got = client.get(url, params={"scenario": "openai-2025", "samples": 50, **params} if url != "/api/scenarios"
                         else {})
        assert got.status_code == 200, (url, got.text[:200])
    assert not store_path.exists()  # no run recorded
    assert files_under(private_tmp) == set()  # no file left
