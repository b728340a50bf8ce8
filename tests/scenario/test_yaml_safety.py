"""Hostile YAML: tags, deep nesting, long lists of named items, `extends` that goes wrong -- each a located error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import gigawatt
from gigawatt.scenario import yamlio
from gigawatt.scenario.errors import ScenarioError
from gigawatt.scenario.loader import MAX_EXTENDS, parse_override
from gigawatt.scenario.yamlio import MAX_DEPTH, read_yaml


def one_problem(caught: pytest.ExceptionInfo[ScenarioError]) -> str:
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


@pytest.mark.parametrize(("text", "where", "shown"), [
    ("name: x\nfinance: !!python/object/apply:os.system [ls]\n", "f.yaml:2:10", "!!python/object/apply:os.system"),
    ("name: !!str x\n", "f.yaml:1:7", "!!str"),
    ("name: x\nsites:\n  - !site {name: a}\n", "f.yaml:3:5", "!site"),
    ("name: ! x\n", "f.yaml:1:7", "(!)"),
    ("name: x\nconsumer: !!map {users: 5}\n", "f.yaml:2:11", "!!map"),
], ids=["python-object", "str", "local", "non-specific", "map"])
def test_any_tag_is_a_located_error(text: str, where: str, shown: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        read_yaml(text, "f.yaml")
    message = one_problem(caught)
    assert message.startswith(where) and shown in message and "tags" in message, message


def test_a_tag_in_an_override_is_refused() -> None:
    with pytest.raises(ScenarioError, match=r"--set name.*tags \(!!python/name:os.system\)"):
        parse_override("name=!!python/name:os.system")


def test_text_that_is_not_yaml_stays_text_in_an_override() -> None:
    assert parse_override("description=a: b: c") == ("description", "a: b: c")


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_deep_nesting_is_refused_at_its_line(flow: bool) -> None:
    levels = 600
    if flow:
        text = "name: x\nfoo: " + "[" * levels + "]" * levels + "\n"
    else:
        text = "name: x\nfoo:\n" + "".join("  " * i + "a:\n" for i in range(1, levels))
    with pytest.raises(ScenarioError) as caught:
        read_yaml(text, "deep.yaml")
    message = one_problem(caught)
    assert f"more than {MAX_DEPTH} levels" in message
    line = 2 if flow else 2 + MAX_DEPTH
    assert message.startswith(f"deep.yaml:{line}:"), message


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 1  # the document's own mapping is the first level
    data, _ = read_yaml("a: " + "[" * depth + "]" * depth, "ok.yaml")
    for _ in range(depth):
        assert isinstance(data, (dict, list))
        data = data["a"] if isinstance(data, dict) else data[0] if data else []
    with pytest.raises(ScenarioError):
        read_yaml("a: " + "[" * (depth + 1) + "]" * (depth + 1), "deep.yaml")


def test_deep_nesting_through_load_and_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("name: x\nfoo: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="levels deep"):
        gigawatt.load(path)


def many_sites(n: int) -> str:
    return "name: many\nhorizon: {start: 2025, end: 2030}\nsites:\n" + "".join(
        f"  - {{name: s{i}, country: US, capacity_gw: 0.01}}\n" for i in range(n))


def reading_steps(text: str) -> int:
    """Lines of yamlio run while reading ``text`` (a count of work, not a timing)."""
    steps = 0
    code = yamlio.__file__

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal steps
        if frame.f_code.co_filename != code:
            return None
        steps += 1
        return tracer

    sys.settrace(tracer)
    try:
        read_yaml(text, "many.yaml")
    finally:
        sys.settrace(None)
    return steps


def test_reading_named_items_is_linear() -> None:
    """Twice the items, twice the work (the reader used to rescan every mark for each named item)."""
    small, large = reading_steps(many_sites(300)), reading_steps(many_sites(600))
    assert large < 2.2 * small, (small, large)


def test_named_items_keep_their_marks() -> None:
    _, marks = read_yaml(many_sites(3), "many.yaml")
    assert str(marks[("sites", "s2", "capacity_gw")]) == "many.yaml:6:29"
    assert str(marks[("sites", "s0")]) == "many.yaml:4:5"


def test_a_missing_extends_file_names_the_including_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "variant.yaml"
    path.write_text("name: v\n# the base\nextends: nothere.yaml\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        gigawatt.load(path)
    message = one_problem(caught)
    assert message.startswith(f"{path}:3:1: extends: no scenario file at "), message


def test_an_unknown_bundled_extends_names_the_including_file(tmp_path: Path) -> None:
    path = tmp_path / "variant.yaml"
    path.write_text("name: v\nextends: openai-2024\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        gigawatt.load(path)
    message = one_problem(caught)
    assert message.startswith(f"{path}:2:1: extends: no bundled scenario or file named 'openai-2024'"), message


def test_an_extends_cycle_is_located(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nextends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: b\n\nextends: a.yaml\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        gigawatt.load(tmp_path / "a.yaml")
    message = one_problem(caught)
    assert message.startswith(f"{tmp_path / 'b.yaml'}:3:1: extends: extends forms a cycle"), message


def test_a_long_extends_chain_is_refused(tmp_path: Path) -> None:
    for i in range(MAX_EXTENDS + 3):
        (tmp_path / f"f{i}.yaml").write_text(f"name: f{i}\nextends: f{i + 1}.yaml\n", encoding="utf-8")
    (tmp_path / f"f{MAX_EXTENDS + 3}.yaml").write_text("name: end\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"more than {MAX_EXTENDS} files deep"):
        gigawatt.load(tmp_path / "f0.yaml")
    assert gigawatt.load(tmp_path / f"f{MAX_EXTENDS}.yaml").name == f"f{MAX_EXTENDS}"


def test_an_extends_error_in_text_names_the_text() -> None:
    with pytest.raises(ScenarioError) as caught:
        gigawatt.loads("name: v\nextends: ./nothere.yaml\n")
    assert one_problem(caught).startswith("<text>:2:1: extends: no scenario file at nothere.yaml")
